"""The vocabulary of row labels in a Finnish budget follow-up workbook, and how to recognise it.

Labels are typed by people: upper or lower case, indented with spaces, with footnote stars, with or
without the comma in "Aineet, tarvikkeet ja tavarat". Everything is compared in a normalised form.
"""

from __future__ import annotations

import functools
import re

from xl_seuranta.domain.numbers import normalise_text

_WS_RE = re.compile(r"\s+")


def norm(text: object) -> str:
    """Normalised label: folded case and spaces, no footnote stars, trailing colons or dots."""
    if not isinstance(text, str):
        return ""
    return _norm_text(text)


@functools.lru_cache(maxsize=65536)
def _norm_text(text: str) -> str:
    # Cached: a workbook repeats the same few labels (MENOT, TULOT ...) thousands of times.
    t = normalise_text(text).casefold().replace("*", "")
    return _WS_RE.sub(" ", t).strip(" :.")


# Unit block rows.
BLOCK_ROWS = {"menot": "MENOT", "tulot": "TULOT", "nettomeno": "NETTOMENO", "nettomenot": "NETTOMENO"}
TOTAL_UNIT_LABELS = {"toimiala yhteensä", "yhteensä", "toimiala yht", "toimiala yht."}
TOTAL_UNIT = "Toimiala yhteensä"

INCOME_LINES = ["Myyntituotot", "Maksutuotot", "Tuet ja avustukset", "Vuokratuotot", "Muut toimintatuotot"]
EXPENSE_LINES = [
    "Henkilöstökulut",
    "Palvelujen ostot",
    "Aineet, tarvikkeet ja tavarat",
    "Avustukset",
    "Vuokrat",
    "Muut toimintakulut",
]
INCOME_TOTAL = "TOIMINTATUOTOT"
EXPENSE_TOTAL = "TOIMINTAKULUT"
MARGIN = "TOIMINTAKATE"

_LINE_ALIASES: dict[str, str] = {norm(x): x for x in INCOME_LINES + EXPENSE_LINES}
_LINE_ALIASES.update(
    {
        "aineet tarvikkeet ja tavarat": "Aineet, tarvikkeet ja tavarat",
        "aineet, tarvikkeet ja tavarat": "Aineet, tarvikkeet ja tavarat",
        "toimintatuotot": INCOME_TOTAL,
        "toimintatuotot yhteensä": INCOME_TOTAL,
        "toimintakulut": EXPENSE_TOTAL,
        "toimintakulut yhteensä": EXPENSE_TOTAL,
        "toimintakate": MARGIN,
        "toimintakate/jäämä": MARGIN,
        "toimintakate / jäämä": MARGIN,
        "toimintajäämä": MARGIN,
    }
)

# Key figures (Tunnusluvut).
KEY_STAFF = "Vakinaiset virat ja toimet"
KEY_PERSONNEL = "Henkilöstömenot €"
KEY_SERVICES = "Palvelujen ostot €"
KEY_MARGIN_PER_RESIDENT = "Toimintakate €/asukas"
KEY_CHANGE = "Muutos %"

# Which operating-statement line each euro key figure repeats (cross-table consistency).
KEY_FIGURE_SOURCES = {KEY_PERSONNEL: "Henkilöstökulut", KEY_SERVICES: "Palvelujen ostot"}


def line_name(label: object) -> str | None:
    """Canonical operating-statement line for a label, or None."""
    return _LINE_ALIASES.get(norm(label))


def block_row(label: object) -> str | None:
    """'MENOT' / 'TULOT' / 'NETTOMENO' for a unit block row label, else None."""
    return BLOCK_ROWS.get(norm(label))


def key_figure(label: object) -> str | None:
    """Canonical key-figure name for a label, or None."""
    n = norm(label)
    if not n:
        return None
    if n.startswith("vakinaiset virat"):
        return KEY_STAFF
    if n.startswith("muutos") and "%" in n:
        return KEY_CHANGE
    if "€/asukas" in n.replace(" ", "") or "e/asukas" in n.replace(" ", ""):
        return KEY_MARGIN_PER_RESIDENT if "toimintakate" in n else str(label).strip()
    if n.startswith("henkilöstömenot"):
        return KEY_PERSONNEL
    if n.startswith("palvelujen ostot") and "€" in n:
        return KEY_SERVICES
    return None


def change_column(label: object) -> str | None:
    """'change_eur' / 'change_pct' for a MUUTOS column header ('MUUTOS €', 'Muutos %'), else None."""
    n = norm(label).replace(" ", "")
    if n.startswith("muutos") or n.startswith("muutos-"):
        if n.endswith("%") or n.endswith("pros"):
            return "change_pct"
        if n.endswith("€") or n.endswith("eur") or n.endswith("euroa"):
            return "change_eur"
    return None


def is_total_unit(label: object) -> bool:
    """The department total block: "Toimiala yhteensä", "YHTEENSÄ", "Hallintopalvelut yhteensä"."""
    n = norm(label)
    return n in TOTAL_UNIT_LABELS or n.endswith((" yhteensä", " yht"))
