"""The message catalogue: every text in Finnish and English with the same placeholders, rule messages
typed by their parameters, one language fallback, and rendering only at the edges."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from xl_seuranta.domain.findings import Finding, Params, Severity
from xl_seuranta.domain.messages import (
    CATALOGUE,
    FINDING_TEXTS,
    Cli,
    Part,
    Text,
    Texts,
    UserError,
    lang_of,
    placeholders,
    render,
)
from xl_seuranta.domain.messages.catalogue import NUMBERS, FindingText
from xl_seuranta.rules import RULES

PACKAGE = Path(__file__).resolve().parents[2] / "xl_seuranta"


def test_catalogue_holds_every_area() -> None:
    areas = {key.split(".")[0] for key in CATALOGUE}
    assert {"checks", "cli", "jobs", "files", "macros", "udf", "server", "tarkistus", "laskelmat"} <= areas
    assert {"tavoiteseuranta", "finding", "doc"} <= areas
    assert len(CATALOGUE) > 250


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_finnish_and_english_are_complete_and_name_the_same_placeholders(key: str) -> None:
    text = CATALOGUE[key]
    assert text.fi.strip() and text.en.strip()
    assert placeholders(text.fi) == placeholders(text.en)
    assert text.key == key


def test_a_text_that_forgets_a_placeholder_is_refused_at_import() -> None:
    with pytest.raises(ValueError, match="period"):
        Text("{line} {period}: ero {difference}", "{line}: gap {difference}")
    with pytest.raises(ValueError, match="both"):
        Text("Virhe", " ")


def test_every_rule_has_its_typed_message() -> None:
    assert set(FINDING_TEXTS) == set(RULES)
    for code, ft in FINDING_TEXTS.items():
        fields = set(ft.params.model_fields)
        assert ft.text.names <= fields | set(NUMBERS) | set(ft.parts), code
        assert RULES[code].params is ft.params


def test_a_message_naming_an_unknown_parameter_is_refused() -> None:
    class P(Params):
        line: str

    with pytest.raises(ValueError, match="period"):
        FindingText("Z001", Text("{line} {period}", "{line} {period}"), P)
    with pytest.raises(ValueError, match="not a parameter"):
        FindingText("Z001", Text("{line}{x}", "{line}{x}"), P, {"x": Part("missing", Text("!", "!"))})


def test_rendering_fills_numbers_in_the_findings_unit_and_parts_only_when_set() -> None:
    from xl_seuranta.rules.arithmetic import LinesParams

    f = Finding(
        code="A003",
        severity=Severity.ERROR,
        expected=1304170.0,
        actual=1297670.0,
        difference=-6500.0,
        unit="€",
        params=LinesParams(period="TA 2025", hint_line="Vuokratuotot"),
    )
    assert render(f) == (
        "TOIMINTATUOTOT TA 2025: rivien summa 1\u00a0304\u00a0170, kokonaissumma 1\u00a0297\u00a0670 "
        "(ero \u22126\u00a0500); ero on täsmälleen rivin 'Vuokratuotot' luku."
    )
    assert render(f, "en").endswith("(gap -6,500); the gap equals the line 'Vuokratuotot' exactly.")
    plain = f.model_copy(update={"params": LinesParams(period="TA 2025")})
    assert render(plain).endswith("(ero \u22126\u00a0500).")


def test_percent_findings_show_fractions_as_percentages() -> None:
    from xl_seuranta.rules.change import ChangePctParams

    params = ChangePctParams(
        line="MENOT", period="TA 2025", exact=0.0746, new=-2.0, old=-1.0, base_label="TA"
    )
    f = Finding(
        code="M006", severity=Severity.WARNING, expected=0.0746, actual=0.074, unit="%", params=params
    )
    assert "taulukossa 7,4\u00a0%, tarkka arvo 7,46\u00a0% pyöristyy lukuun 7,5\u00a0%" in render(f)


def test_one_language_fallback() -> None:
    assert lang_of("en") == "en"
    assert lang_of("fi") == lang_of(None) == lang_of("sv") == lang_of("EN ") == "fi"
    assert Cli.not_found("sv", path="x") == "Polkua ei löydy: x"


def test_no_other_module_decides_the_language() -> None:
    """`"en" if lang == "en" else "fi"` and its cousins live only in the catalogue (lang_of)."""
    pattern = re.compile(r"""lang\s*[!=]=\s*["'](en|fi)["']|["'](en|fi)["']\s+if\s|\.get\(\s*lang\b""")
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "catalogue.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(PACKAGE)}:{n}: {line.strip()}")
    assert offenders == []


def test_texts_group_registers_its_members() -> None:
    class Demo(Texts, area="demo_test"):
        hello = Text("Hei {name}", "Hello {name}")

    assert CATALOGUE["demo_test.hello"] is Demo.hello
    assert (
        Demo.hello("en", name="Ada") == "Hello Ada"
        and render("demo_test.hello", "fi", name="Ada") == "Hei Ada"
    )
    assert Demo.templates("en") == {"hello": "Hello {name}"}
    del CATALOGUE["demo_test.hello"]


def test_user_errors_render_in_the_users_language() -> None:
    err = UserError(Cli.not_found, path="kirja.xlsx")
    assert str(err) == "Polkua ei löydy: kirja.xlsx"
    assert err.render("en") == "Path not found: kirja.xlsx"


def test_rules_take_no_language() -> None:
    import inspect

    from xl_seuranta.rules.engine import check_book, run_rules
    from xl_seuranta.rules.registry import Context

    assert "lang" not in inspect.signature(run_rules).parameters
    assert "lang" not in inspect.signature(check_book).parameters
    assert "lang" not in Context.__dataclass_fields__
