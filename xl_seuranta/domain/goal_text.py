"""Finnish text analysis of goal status texts: progress, counts, dates, deadlines, status cues, ids.

Everything here is pure (strings in, small values out) and knows nothing about Excel. The parsers
are heuristics tuned to how a controller writes a half-year status ("TOT. 30.6.") in a municipal
report; they suggest, they never decide: the user's own status always wins.

Conventions
-----------
* Numbers: plain digits, optionally grouped by space / no-break space ("5 000"); decimal comma.
* Percent consistency: a stated percentage P is consistent with A/B when P is a correct rounding
  of 100*A/B at the precision P is written with (whole percent: |100*A/B - P| <= 0.5; both
  half-up and half-even roundings are accepted).
* Deadlines: see ``find_deadlines`` for the phrases understood and the dates they map to.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from xl_seuranta.domain import fmt

DEFAULT_SCALE: list[str] = ["Toteutunut", "Osittain toteutunut", "Ei toteutunut", "Ei arvioitavissa"]

Category = Literal["done", "partial", "not", "unknown"]

_WS = r"[ \t\u00a0\u202f]"
_NUM = rf"\d{{1,3}}(?:{_WS}\d{{3}})+|\d+"
_PCT = r"(\d+(?:[.,]\d+)?)\s*%"
_DIGIT = re.compile(r"\d")


def _norm_ws(text: str) -> str:
    """Collapse all whitespace (newlines, no-break spaces) into single spaces."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def _to_int(num: str) -> int:
    return int(re.sub(r"\D", "", num))


def _to_float(num: str) -> float:
    return float(num.replace(",", "."))


# --------------------------------------------------------------------------------------------------
# Progress: "toteutettu 13 eli 24 %", "13/54", "13 / 54 (24 %)", "13 of 54"
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """A progress statement found in a text.

    ``consistent`` is True when no percentage is stated (nothing to contradict) or when the stated
    percentage is a correct rounding of ``computed_pct``; ``stated_pct`` None means unchecked.
    """

    done: int
    total: int
    stated_pct: float | None
    computed_pct: float
    consistent: bool
    span: str

    @property
    def label(self) -> str:
        """Short display form, e.g. '13/54 = 24 %'."""
        return f"{self.done}/{self.total} = {fmt.percent(self.computed_pct / 100, 0)}"


def pct_consistent(done: int, total: int, stated: str | float) -> bool:
    """True when ``stated`` (as written, e.g. '24' or '24,1') is a correct rounding of 100*done/total."""
    stated_text = str(stated).replace(".", ",")
    decimals = len(stated_text.split(",", 1)[1]) if "," in stated_text else 0
    computed = 100 * done / total
    return abs(computed - _to_float(stated_text)) <= 0.5 * 10**-decimals + 1e-9


_PCT_AFTER = re.compile(rf"^\s*(?:\(\s*{_PCT}\s*\)|(?:eli|=|,|–|-|ja|vastaa)?\s*{_PCT})")
_RATIO = re.compile(rf"(?<![\d.,/])({_NUM})\s*(?:/|\bof\b|\bout of\b)\s*({_NUM})(?![\d.,]*\d)(?:\s*:stä)?")
_RATIO_STA = re.compile(rf"(?<![\d.,/])({_NUM})\s+(?:kpl\s+)?({_NUM}):stä")
_DONE_ELI = re.compile(rf"(?<![\d.,/])({_NUM})\s*(?:kpl\s*)?(?:eli|=)\s*{_PCT}")
_YEARISH = re.compile(r"^(19|20)\d\d$")


def _plain_numbers_before(text: str, end: int) -> list[tuple[int, int]]:
    """(value, position) of plain counts before ``end``: no dates, years, percentages or money."""
    out = []
    for m in re.finditer(_NUM, text[:end]):
        s, e = m.span()
        before, after = text[max(0, s - 1) : s], text[e : e + 3]
        if before in {".", ",", "/", "§"} or after[:1] in {".", ","} and after[1:2].isdigit():
            continue
        if re.match(r"\s*(%|€|e\b|eur)", after) or _YEARISH.match(m.group()):
            continue
        out.append((_to_int(m.group()), s))
    return out


def _is_month_year(span: str, a: int, b: int) -> bool:
    """'6/2025' (no spaces, month 1-12, year) is a month, not a ratio."""
    return re.fullmatch(r"\d+/\d+", span) is not None and 1 <= a <= 12 and 1900 <= b <= 2100


def find_progress(text: str) -> list[Progress]:
    """Progress statements (done of total, with an optional stated percentage) in ``text``.

    Understood forms: "13/54", "13 / 54 (24 %)", "13/54 eli 24 %", "13 of 54", "13 54:stä",
    and the two-sentence form "... on esitetty 54 tavoitetta ... toteutettu 13 eli 24 %", where the
    total is the nearest preceding plain count that is at least the done count.
    """
    if not text or not _DIGIT.search(text):
        return []  # every form understood has a count in digits
    t = _norm_ws(text)
    found: list[Progress] = []
    taken: list[tuple[int, int]] = []

    def add(done: int, total: int, pct: str | None, s: int, e: int) -> None:
        if total <= 0 or done < 0 or done > total or any(a < e and s < b for a, b in taken):
            return
        taken.append((s, e))
        computed = 100 * done / total
        stated = _to_float(pct) if pct is not None else None
        ok = True if pct is None else pct_consistent(done, total, pct)
        found.append(Progress(done, total, stated, round(computed, 4), ok, t[s:e].strip()))

    # Each form spells a word or sign that the text must have (the patterns are case-sensitive):
    # a status text without it is not searched for that form.
    ratios = [rx for rx, cue in ((_RATIO_STA, (":stä",)), (_RATIO, ("/", "of"))) if any(c in t for c in cue)]
    for rx in ratios:
        for m in rx.finditer(t):
            a, b = m.group(1), m.group(2)
            if rx is _RATIO and _is_month_year(m.group(), _to_int(a), _to_int(b)):
                continue
            e = m.end()
            pm = _PCT_AFTER.match(t[e:])
            pct = None
            if pm:
                pct = pm.group(1) or pm.group(2)
                e += pm.end()
            add(_to_int(a), _to_int(b), pct, m.start(), e)

    for m in _DONE_ELI.finditer(t) if "%" in t and ("eli" in t or "=" in t) else ():
        done = _to_int(m.group(1))
        candidates = [(v, p) for v, p in _plain_numbers_before(t, m.start()) if v >= done and v > 0]
        if not candidates:
            continue
        total, pos = candidates[-1]
        # the span runs from the sentence that states the total to the percentage
        start = max(t.rfind(". ", 0, pos) + 2, 0) if t.rfind(". ", 0, pos) >= 0 else 0
        add(done, total, m.group(2), start, m.end())

    found.sort(key=lambda p: t.find(p.span))
    return found


# --------------------------------------------------------------------------------------------------
# Counts: "järjestetty 3 krt", "Yritystapaamisia alkuvuonna 15", "yli 5 000 kävijää"
# --------------------------------------------------------------------------------------------------


class Count(NamedTuple):
    """A counted quantity: the number and the phrase that says what was counted."""

    number: int
    phrase: str


_REPEAT_UNITS = {"krt", "kertaa", "kerran", "kpl", "kappaletta"}
_TIME_UNITS = {
    "vuoden",
    "vuotta",
    "vuosi",
    "kk",
    "kuukauden",
    "kuukautta",
    "päivää",
    "päivän",
    "viikkoa",
    "viikon",
    "tuntia",
    "tunnin",
    "h",
    "min",
}
_NOT_COUNT_BEFORE = {"§", "kt", "vt", "st", "nro", "n:o", "lappi", "v.", "vuonna", "vuoden", "vuodelle"}
_JOINERS = {"eli", "ja", "sekä", "tai", "x", "and", "or", "of", "vs"}
_WORD = re.compile(r"[A-Za-zÅÄÖåäöÉéÜü][\w\-]*")


def find_counts(text: str) -> list[Count]:
    """Counts of things: (number, phrase).

    The phrase is the clause words before the number (at most three) plus a following word:
    "Kuntalaistilaisuuksia järjestetty 3 krt" -> (3, "Kuntalaistilaisuuksia järjestetty 3 krt"),
    "Yritystapaamisia alkuvuonna 15." -> (15, "Yritystapaamisia alkuvuonna 15"),
    "yli 5 000 kävijää" -> (5000, "yli 5 000 kävijää"). Dates, years, percentages, money (€),
    section numbers (§ 251), road numbers (Kt 82), durations (2 vuoden) and ratios are skipped.
    """
    t = _norm_ws(text or "")
    ratio_spans = [(m.start(), m.end()) for m in _RATIO.finditer(t)]
    out: list[Count] = []
    for m in re.finditer(_NUM, t):
        s, e = m.span()
        if any(a <= s < b for a, b in ratio_spans):
            continue
        prev_char = t[s - 1 : s]
        nxt = t[e : e + 2]
        if prev_char in {".", ",", "/", "-", "−", "§"} or prev_char.isalpha():
            continue
        if nxt[:1] in {".", ","} and nxt[1:2].isdigit():
            continue  # a date or a decimal number
        if nxt[:1] == ":" or _YEARISH.match(m.group()):
            continue
        rest = t[e:]
        if re.match(r"\s*(%|€|e\b|eur|euroa|m²|m2|km\b)", rest, re.IGNORECASE):
            continue
        clause_start = max(t.rfind(sep, 0, s) for sep in (". ", "; ", ": ", "(", ")", "! ", "? "))
        clause_start = 0 if clause_start < 0 else clause_start + 1
        before_words = t[clause_start:s].split()
        if before_words and before_words[-1].lower().rstrip(".") in {
            w.rstrip(".") for w in _NOT_COUNT_BEFORE
        }:
            continue
        after = _WORD.match(rest.lstrip())
        after_word = after.group() if after and rest[:1] == " " else ""
        if after_word.lower() in _TIME_UNITS:
            continue
        if after_word.lower() in _JOINERS:
            after_word = ""
        words = before_words[-3:]
        if after_word and after_word.lower() in _REPEAT_UNITS or after_word and not words:
            phrase_parts = [*words, m.group(), after_word]
        elif after_word and after_word[:1].islower() and len(after_word) > 2:
            phrase_parts = [*words[-2:], m.group(), after_word]
        else:
            phrase_parts = [*words, m.group()]
        phrase = " ".join(phrase_parts).strip(" ,.;")
        out.append(Count(_to_int(m.group()), phrase))
    return out


# --------------------------------------------------------------------------------------------------
# Dates and deadlines
# --------------------------------------------------------------------------------------------------

_DATE = re.compile(r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?!\d)")


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def find_dates(text: str) -> list[dt.date]:
    """Full Finnish dates (d.m.yyyy, e.g. "1.6.2025", "9.12.2024") in order of appearance."""
    out = []
    for m in _DATE.finditer(text or ""):
        d = _safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if d:
            out.append(d)
    return out


@dataclass(frozen=True)
class Deadline:
    """A deadline stated in a text: the date it maps to and the phrase it came from."""

    date: dt.date
    phrase: str


MONTHS_FI = [
    "tammikuu",
    "helmikuu",
    "maaliskuu",
    "huhtikuu",
    "toukokuu",
    "kesäkuu",
    "heinäkuu",
    "elokuu",
    "syyskuu",
    "lokakuu",
    "marraskuu",
    "joulukuu",
]

# season -> (month, day) of the last day it covers
_SEASONS = {
    "kevä": (5, 31),  # keväällä, kevään aikana, kevääseen mennessä -> 31.5.
    "kesä": (8, 31),  # kesällä, kesän aikana -> 31.8.
    "syksy": (11, 30),  # syksyllä, syksyn aikana -> 30.11.
    "alkuvuo": (6, 30),  # alkuvuonna, alkuvuodesta, alkuvuoden aikana -> 30.6.
    "loppuvuo": (12, 31),  # loppuvuonna, loppuvuodesta -> 31.12.
}
_YEAR_OPT = r"(?:\s+(?:v\.\s*)?((?:19|20)\d\d))?"
_DEADLINE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    # 1.6.2025 mennessä / viimeistään 1.6.2025 / 1.6.2025 asti / 1.6.2025 loppuun
    (
        re.compile(
            r"(?:viimeistään\s+)(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)?|"
            r"(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)?\s+(?:mennessä|asti|saakka)",
            re.IGNORECASE,
        ),
        "date",
    ),
    # keväällä 2025, kevään 2025 aikana, syksyllä, alkuvuonna 2025, loppuvuodesta
    (
        re.compile(
            r"\b(kevä|kesä|syksy|alkuvuo|loppuvuo)(?:llä|ällä|än|ään|äseen|seen|yn|lla|n|t|nna|desta|den)?(?!\w)"
            + r"(?:\s+(?:(?:19|20)\d\d\s+)?(?:aikana|mennessä))?"
            + _YEAR_OPT,
            re.IGNORECASE,
        ),
        "season",
    ),
    # kesäkuun loppuun (mennessä), kesäkuun 2025 loppuun, kesäkuun aikana, kesäkuuhun mennessä
    (
        re.compile(
            r"\b(" + "|".join(MONTHS_FI) + r")(?:n|hun)\s+(?:((?:19|20)\d\d)\s+)?"
            r"(loppuun|aikana|mennessä|lopussa|loppuun mennessä)",
            re.IGNORECASE,
        ),
        "month",
    ),
    # vuoden (2025) loppuun (mennessä), vuoden lopussa, vuoden aikana, v. 2025 aikana
    (
        re.compile(
            r"\b(?:vuoden|v\.)\s+(?:((?:19|20)\d\d)\s+)?(loppuun|lopussa|lopulla|aikana)",
            re.IGNORECASE,
        ),
        "year_end",
    ),
]


# Every deadline pattern above needs a digit or one of these stems (season, month, "vuoden", "v."):
# most goal texts have none, and two plain searches then answer for all the patterns.
_DEADLINE_STEMS = ("kev", "kes", "syks", "alkuvuo", "loppuvuo", "kuu", "vuode", "v.")


def _may_state_deadline(text: str) -> bool:
    if _DIGIT.search(text):
        return True
    folded = text.lower()
    return any(stem in folded for stem in _DEADLINE_STEMS)


def find_deadlines(text: str, year: int) -> list[Deadline]:
    """Deadlines stated in ``text``; ``year`` is used when the phrase gives no year.

    Understood (case-insensitive, newlines allowed):
      * "1.6.2025 mennessä", "viimeistään 1.6.2025", "30.9. asti|saakka"   -> that date
      * "keväällä 2025", "kevään aikana", "kevääseen mennessä"               -> 31.5.
      * "kesällä" -> 31.8., "syksyllä" -> 30.11., "alkuvuonna" -> 30.6., "loppuvuonna" -> 31.12.
      * "kesäkuun loppuun (mennessä)", "kesäkuun aikana", "kesäkuuhun mennessä" -> last day of month
      * "vuoden (2025) loppuun (mennessä)", "vuoden lopussa", "vuoden aikana" -> 31.12.
    "Talvella" is not understood (it spans two years). Sorted by position in the text.
    """
    if not text or not _may_state_deadline(text):
        return []
    t = _norm_ws(text)
    found: list[tuple[int, Deadline]] = []
    for rx, kind in _DEADLINE_PATTERNS:
        for m in rx.finditer(t):
            d: dt.date | None = None
            if kind == "date":
                g = m.groups()
                day, mon, yr = (g[0], g[1], g[2]) if g[0] else (g[3], g[4], g[5])
                d = _safe_date(int(yr) if yr else year, int(mon), int(day))
            elif kind == "season":
                key = m.group(1).lower()
                mon, day = _SEASONS[key]
                d = _safe_date(int(m.group(2)) if m.group(2) else year, mon, day)
            elif kind == "month":
                mon = MONTHS_FI.index(m.group(1).lower()) + 1
                yr = int(m.group(2)) if m.group(2) else year
                d = _safe_date(yr, mon, calendar.monthrange(yr, mon)[1])
            else:
                d = _safe_date(int(m.group(1)) if m.group(1) else year, 12, 31)
            if d:
                found.append((m.start(), Deadline(d, m.group().strip())))
    found.sort(key=lambda x: x[0])
    return [dl for _, dl in found]


# --------------------------------------------------------------------------------------------------
# Status suggestion
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """A suggested status and the words in the text that led to it."""

    status: str
    words: list[str] = field(default_factory=list)
    category: Category = "unknown"


# Negations first: their span is masked so "ei ole pidetty" does not count "pidetty" as done.
_NEGATION = re.compile(
    r"\b(?:ei|eikä|eivät)\s+(?:(?:ole|olla|ollut|olleet|vielä|enää|kuitenkaan|myöskään)\s+){0,3}(\w+)",
    re.IGNORECASE,
)
_NEG_UNKNOWN = re.compile(r"^(arvioitavissa|tiedossa|tiedetä|tiedä|selvillä|arvioida)$", re.IGNORECASE)
_CUES: dict[Category, re.Pattern[str]] = {
    "unknown": re.compile(
        r"\b(saadaan\s+(?:vasta\s+)?(?:vuoden\s+)?(?:lopussa|loppuvuonna|myöhemmin)|"
        r"selviää\s+\w+|arvioidaan\s+(?:myöhemmin|vuoden lopussa)|ei\s+arvioitavissa|"
        r"tiedot\s+saadaan)",
        re.IGNORECASE,
    ),
    "not": re.compile(
        r"\b(aloittamatta|toteutumatta|tekemättä|pitämättä|järjestämättä|peruttu|peruuntui|"
        r"peruuntunut|keskeytetty|keskeytynyt)\b",
        re.IGNORECASE,
    ),
    "partial": re.compile(
        # "toimijoiden kesken" (= between) is a postposition after a genitive plural, not "unfinished"
        r"\b((?<!den )(?<!ten )(?<!jen )(?<!ien )kesken|keskeneräi\w*|meneillään|jatkuu|jatkuvat|"
        r"jatketaan|etenee|etenevät|edennyt|"
        r"edenneet|käynnissä|käynnistetty|käynnistynyt|aloitettu|alkanut|valmistelu\w*|"
        r"valmisteilla|työn alla|tekeillä|työstetään|osittain|pyritty|viivästy\w*|suunnitteilla|"
        r"työ\s+jatkuu|vaiheessa)\b",
        re.IGNORECASE,
    ),
    "done": re.compile(
        r"\b(toteutunut|toteutuneet|toteutui|toteutettu|toteutuivat|valmis|valmiit|valmistunut|"
        r"valmistui|valmistuneet|hyväksytty|hyväksyttiin|tehty|tehtiin|pidetty|pidettiin|"
        r"järjestetty|järjestettiin|rekrytoitu|käyty\s+läpi|otettu\s+käyttöön|saavutettu|"
        r"saavutettiin|sisällytetty|vahvistettu|julkaistu|allekirjoitettu|päivitetty|"
        r"valmisteltu|kasvaneet|kasvanut|toteutunut\s+suunnitellusti)\b",
        re.IGNORECASE,
    ),
}


# Tense and aspect. A done-verb whose object is a partitive ("Edunvalvontatyötä tehty",
# "Yhteistyötä vahvistettu", "Tilaisuuksia järjestetty") reports an activity that has been going on,
# not a goal reached: Finnish marks an unbounded, unfinished action with the partitive object. A
# present passive ("järjestetään", "tehdään", "valmistellaan") or a future ("valmistuu",
# "tullaan tekemään") says the work is still ahead. Both count as partial, never as done.
_PARTITIVE = re.compile(r"^[^\W\d_]{2,}(?:[aeiouyäöå]t[aä]|tt[aä]|[^\W\d_]i[aä]|it[aä])$", re.IGNORECASE)
_AGENT_NOUN = re.compile(r"(?:ij[aä])$", re.IGNORECASE)  # asiantuntija, tekijä: nominatives in -ja
_ONGOING_VERB = re.compile(
    r"\b(\w{3,}(?:et[aä][aä]n|ell[aä][aä]n|d[aä][aä]n)|tullaan\s+\w+m[aä][aä]n|valmistuu|"
    r"valmistuvat|tulee\s+valmistumaan)\b",
    re.IGNORECASE,
)


def _is_partitive_object(word: str) -> bool:
    """A word that reads as a partitive object: 'työtä', 'yhteistyötä', 'tilaisuuksia', 'huonetta'."""
    w = word.strip(".,;:()\"'")
    return len(w) >= 4 and bool(_PARTITIVE.match(w)) and not _AGENT_NOUN.search(w)


def scale_status(scale: list[str], category: Category) -> str:
    """The scale entry for a category; works for the default scale and e.g. aloittamatta/käynnissä/valmis."""
    low = [s.casefold() for s in scale]
    prefs: dict[Category, list[str]] = {
        "done": ["toteutunut", "valmis", "saavutettu", "done"],
        "partial": ["osittain", "käynnissä", "kesken", "partial", "in progress"],
        "not": ["ei toteutunut", "aloittamatta", "ei aloitettu", "not"],
        "unknown": ["ei arvioitavissa", "ei tiedossa", "unknown"],
    }
    for pref in prefs[category]:
        for i, s in enumerate(low):
            if category == "done" and (s.startswith("ei ") or "osittain" in s):
                continue
            if s == pref or (pref in s and not (category == "partial" and s.startswith("ei "))):
                return scale[i]
    order: list[Category] = ["done", "partial", "not", "unknown"]
    idx = order.index(category)
    if idx < len(scale):
        return scale[idx]
    return scale[-1] if scale else category


def _classify(text: str) -> tuple[Category, list[str]]:
    t = _norm_ws(text or "")
    if not t:
        return "unknown", []
    hits: dict[Category, list[str]] = {"done": [], "partial": [], "not": [], "unknown": []}
    masked = t
    # unknown cues first: "ei arvioitavissa", "saadaan vuoden lopussa"
    for m in _CUES["unknown"].finditer(masked):
        hits["unknown"].append(m.group().strip())
    masked = _CUES["unknown"].sub(lambda m: " " * len(m.group()), masked)
    for m in _NEGATION.finditer(masked):
        phrase = m.group().strip()
        (hits["unknown"] if _NEG_UNKNOWN.match(m.group(1)) else hits["not"]).append(phrase)
    masked = _NEGATION.sub(lambda m: " " * len(m.group()), masked)
    for m in find_progress(masked):
        hits["done" if m.done == m.total else "partial"].append(f"{m.done}/{m.total}")
    for m in _ONGOING_VERB.finditer(masked):
        hits["partial"].append(m.group().strip())
    masked = _ONGOING_VERB.sub(lambda m: " " * len(m.group()), masked)
    for cat in ("not", "partial", "done"):
        rx = _CUES[cat]  # type: ignore[index]
        for m in rx.finditer(masked):
            word = m.group().strip()
            before = masked[: m.start()].split()
            if cat == "done" and before and _is_partitive_object(before[-1]):
                hits["partial"].append(f"{before[-1].strip('.,;:')} {word}")  # an activity, ongoing
            else:
                hits[cat].append(word)  # type: ignore[index]
        masked = rx.sub(lambda m: " " * len(m.group()), masked)
    done, partial, not_, unknown = hits["done"], hits["partial"], hits["not"], hits["unknown"]
    if not (done or partial or not_ or unknown):
        return "unknown", []
    if partial or (done and (not_ or unknown)):
        return "partial", [w for c in ("partial", "done", "not", "unknown") for w in hits[c]]  # type: ignore[index]
    if not_:
        return "not", not_ + unknown
    if done:
        return "done", done
    return "unknown", unknown


def suggest_status(text: str, scale: list[str] | None = None) -> Suggestion:
    """Suggest a status on ``scale`` (default: Toteutunut / Osittain / Ei toteutunut / Ei arvioitavissa).

    Cues: done ("toteutunut", "valmis", "hyväksytty", "järjestetty", "13/13"), partial ("kesken",
    "meneillään", "jatkuu", "etenee", "edennyt", "13/54"), not done ("ei ole pidetty",
    "ei toteutunut", "ei aloitettu", "aloittamatta"), not assessable ("saadaan vuoden lopussa",
    empty text, no cue at all). Negated verbs are masked so "ei ole pidetty" is not "pidetty".
    Mixed cues (some done, some not or pending) give the partial status.
    """
    scale = scale or DEFAULT_SCALE
    cat, words = _classify(text)
    return Suggestion(scale_status(scale, cat), words, cat)


def is_unfinished(text: str) -> bool:
    """True when the status text says the work is not finished (partial or not-done cues).

    An empty text is not "unfinished" (it says nothing; rule 8 reports a missing status separately).
    """
    cat, _ = _classify(text)
    return cat in ("partial", "not")


# --------------------------------------------------------------------------------------------------
# Stable ids
# --------------------------------------------------------------------------------------------------

_STOPWORDS = {
    "ja",
    "sekä",
    "tai",
    "eli",
    "on",
    "ovat",
    "the",
    "and",
    "of",
    "to",
    "mm",
    "myös",
    "kuten",
    "että",
}
ID_WORDS = 5
ID_STEM = 5


def _fold(text: str) -> str:
    """Casefold, strip diacritics (ä -> a), turn punctuation into spaces, collapse whitespace."""
    t = unicodedata.normalize("NFKD", (text or "").casefold())
    t = "".join(ch for ch in t if not unicodedata.combining(ch))
    t = re.sub(r"[^\w]+|_", " ", t)
    return " ".join(t.split())


def _significant_words(text: str, n: int) -> list[str]:
    """The first ``n`` significant words of ``_fold(text)``, folding a few raw words at a time.

    Folding keeps every whitespace a word boundary and makes none, so the folded words of the whole
    text are those of its raw words in turn; a long goal text is not folded past its fifth word.
    """
    raw = (text or "").split()
    words: list[str] = []
    step = 2 * n
    for i in range(0, len(raw), step):
        folded = _fold(" ".join(raw[i : i + step])).split()
        words += [w for w in folded if w not in _STOPWORDS and len(w) > 1]
        if len(words) >= n:
            break
    return words[:n]


def goal_key(kind: str, theme: str, goal_text: str) -> str:
    """The normalised key an id is hashed from: kind | theme | first significant word stems."""
    stems = [w[:ID_STEM] for w in _significant_words(goal_text, ID_WORDS)]
    return f"{kind}|{_fold(theme)}|{' '.join(stems)}"


def stable_goal_id(kind: str, theme: str, goal_text: str) -> str:
    """A stable id "G-xxxxxxxx" for a goal.

    The key is the kind, the normalised theme and the first five significant words of the goal
    text, each cut to five letters (a crude Finnish stem), after case folding, removing diacritics
    and punctuation and dropping a few stop words. So the id survives reordering, re-wrapping,
    changes in case/punctuation/inflection and any edit after the fifth significant word.
    Trade-off: an edit among the first five words, or renaming the theme, gives a new id (the old
    entry is then shown under "Poistuneet tavoitteet", not lost); two goals of the same theme and
    kind that start with the same five words collide; ``unique_ids`` adds a suffix ("-2") for those.
    """
    digest = hashlib.sha1(goal_key(kind, theme, goal_text).encode("utf-8")).hexdigest()
    return f"G-{digest[:8]}"


def unique_ids(ids: list[str]) -> list[str]:
    """Make ids unique in order of appearance: the second "G-1234abcd" becomes "G-1234abcd-2"."""
    seen: dict[str, int] = {}
    out = []
    for i in ids:
        seen[i] = seen.get(i, 0) + 1
        out.append(i if seen[i] == 1 else f"{i}-{seen[i]}")
    return out


GOAL_ID_RE = re.compile(r"^G-[0-9a-f]{8}(?:-\d+)?$")
