"""The Finnish rule documentation: declared with each rule, in the four-part shape, shown by ``rule_doc``."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from xl_seuranta.rules import RULES, rule_doc

DOCS_FI = {code: r.doc_fi for code, r in RULES.items()}

HEADINGS_FI = ("Mitä tarkistetaan:", "Miksi sillä on väliä:", "Esimerkki:", "Mitä tehdä:")
HEADINGS_EN = ("What it checks:", "Why it matters:", "Example:", "What to do:")
CODES = sorted(RULES)

# A number as printed in the docs: optional sign (also the Unicode minus), space-grouped thousands,
# decimal comma.
_NUMBER = re.compile(r"[−+-]?\d{1,3}(?: \d{3})+(?:,\d+)?|[−+-]?\d+(?:,\d+)?")


def _numbers(text: str) -> Counter[str]:
    return Counter(_NUMBER.findall(" ".join(text.split())))


def _paragraph(doc: str, heading: str) -> str:
    (para,) = [p for p in doc.split("\n\n") if p.startswith(heading)]
    return para


def test_every_rule_has_a_finnish_doc() -> None:
    assert all(doc.strip() for doc in DOCS_FI.values())


@pytest.mark.parametrize("code", CODES)
def test_finnish_doc_has_the_four_parts_in_order(code: str) -> None:
    paragraphs = DOCS_FI[code].split("\n\n")
    assert len(paragraphs) == len(RULES[code].doc.split("\n\n"))
    starts = [next((h for h in HEADINGS_FI if p.startswith(h)), None) for p in paragraphs]
    assert [h for h in starts if h] == list(HEADINGS_FI)
    for heading in HEADINGS_FI:
        assert _paragraph(DOCS_FI[code], heading).removeprefix(heading).strip()


@pytest.mark.parametrize("code", CODES)
def test_finnish_doc_is_not_an_english_copy(code: str) -> None:
    fi = DOCS_FI[code]
    assert fi != RULES[code].doc
    for heading in HEADINGS_EN:
        assert heading not in fi
    for word in (" the ", " and ", " is ", " of "):
        assert word not in f" {fi} ", word


@pytest.mark.parametrize("code", CODES)
def test_example_keeps_the_english_numbers(code: str) -> None:
    en = _paragraph(RULES[code].doc, "Example:")
    fi = _paragraph(DOCS_FI[code], "Esimerkki:")
    assert _numbers(fi) == _numbers(en)
    assert not re.search(r"\d\n\d{3}(?!\d)", DOCS_FI[code]), "a number split over two lines"


@pytest.mark.parametrize("code", CODES)
def test_rule_doc_follows_the_language(code: str) -> None:
    r = RULES[code]
    fi = rule_doc(code, "fi")
    assert DOCS_FI[code] in fi
    assert "What it checks" not in fi
    assert f"\n\nViesti: {r.text.fi}" in fi and "Message:" not in fi

    en = rule_doc(code, "en")
    assert r.doc in en
    assert "Mitä tarkistetaan" not in en
    assert f"\n\nMessage: {r.text.en}" in en and "Viesti:" not in en

    assert rule_doc(code) == fi  # Finnish is the default


def test_header_labels_follow_the_language() -> None:
    assert rule_doc("A001", "fi").splitlines()[0] == "A001 Nettomeno ≠ menot + tulot [Virhe] – Laskentakaavat"
    assert (
        rule_doc("A001", "en").splitlines()[0]
        == "A001 Net ≠ expenditure + revenue [Error] – Arithmetic identities"
    )


def test_a_rule_without_finnish_documentation_is_refused() -> None:
    """Both languages are required where a rule is declared: there is no silent English fallback."""
    from xl_seuranta.rules.registry import declare

    with pytest.raises(ValueError, match="Finnish documentation"):
        declare("Z999", "x", "structure", "info", fi="x", en="x", doc="What it checks: x", doc_fi="  ")
    assert "Z999" not in RULES


def test_every_rule_has_a_short_title_in_both_languages() -> None:
    """`xl-seuranta rules` and the counts on the Tarkistus sheet name each rule by its title."""
    from xl_seuranta.rules.titles import RULE_TITLES, rule_title

    assert set(RULE_TITLES) == set(RULES)
    for code in RULES:
        fi, en = rule_title(code, "fi"), rule_title(code, "en")
        assert fi and en and fi != en and len(fi) <= 45, (code, fi, en)
        assert not re.fullmatch(r"[a-z0-9-]+", fi) and not re.fullmatch(r"[a-z0-9-]+", en)  # not a slug
