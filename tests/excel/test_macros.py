"""Ribbon macros on the remote engine: xw.Book(json=payload) -> the actions Excel would apply.

Tests marked "needs services" fail with the generic error alert until xl_seuranta.app.services is
implemented; the error-path tests pass already.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest

# the remote engine registers at `import xlwings` only when a licence key is set
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import xlwings as xw  # noqa: E402

from xl_seuranta.app import macros, services  # noqa: E402
from xl_seuranta.domain.messages import Jobs, Macros

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "xl_seuranta" / "data" / "hallintopalvelut_2025.xlsx"


@pytest.fixture(autouse=True)
def _license(monkeypatch):
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")


def _book(payload: dict) -> xw.Book:
    return xw.Book(json=payload)


@pytest.fixture
def example_book() -> xw.Book:
    from excel_payload import payload_from_file

    return _book(payload_from_file(EXAMPLE))


def _small_payload(values=None) -> dict:
    return {
        "client": "Office.js",
        "version": xw.__version__,
        "book": {"name": "pieni.xlsx", "active_sheet_index": 0, "selection": "A1"},
        "names": [],
        "sheets": [
            {
                "name": "Muistio",
                "values": values or [["Ei talousarviota", ""], ["", 1]],
                "pictures": [],
                "tables": [],
            }
        ],
    }


def _actions(book: xw.Book) -> list[dict]:
    return book.json()["actions"]


def _alerts(book: xw.Book) -> list[list]:
    return [a["args"] for a in _actions(book) if a["func"] == "alert"]


def _mentions(actions: list[dict], text: str) -> bool:
    return any(text in json.dumps(a["args"], ensure_ascii=False) for a in actions if a["func"] != "alert")


# --- needs services -------------------------------------------------------------------------------


def test_tarkista_writes_tarkistus_sheet(example_book):
    message = macros.tarkista(example_book)
    actions = _actions(example_book)
    (alert,) = _alerts(example_book)
    assert alert[3] == "info", alert[0]
    assert alert[0] == message and "Tarkistus" in message
    assert _mentions(actions, "Tarkistus")
    assert any(a["func"] in ("setValues", "setFormula") for a in actions)


@pytest.mark.parametrize("macro", [macros.laske, macros.tavoitteet, macros.paivita_kaikki])
def test_other_macros_write_and_inform(example_book, macro):
    message = macro(example_book)
    (alert,) = _alerts(example_book)
    assert alert[3] == "info", alert[0]
    assert alert[0] == message
    assert any(a["func"] in ("setValues", "setFormula") for a in _actions(example_book))


def test_update_all_reads_and_discovers_the_book_once(example_book, monkeypatch):
    """Päivitä kaikki: one read of the open book and one layout discovery for its three jobs."""
    reads, discoveries = [], []
    real_read, real_discover = macros._read, services.discover_book

    def counting_read(book):
        reads.append(book)
        return real_read(book)

    def counting_discover(grids):
        discoveries.append(grids)
        return real_discover(grids)

    monkeypatch.setattr(macros, "_read", counting_read)
    monkeypatch.setattr(services, "discover_book", counting_discover)
    message = macros.paivita_kaikki(example_book)
    assert _alerts(example_book)[0][3] == "info", message
    assert len(reads) == 1 and len(discoveries) == 1
    assert _mentions(_actions(example_book), "Laskelmat") and _mentions(_actions(example_book), "Tarkistus")


def test_run_button_uses_caller(example_book):
    example_book.set_mock_caller()
    try:
        message = macros.run_button("tarkista")
    finally:
        del xw.Book._mock_caller
    assert "Tarkistus" in message


# --- error paths (pass before services exist) ------------------------------------------------------


def test_tarkista_without_budget_table_reports_in_finnish():
    # check_plans may report the missing table as a finding (Tarkistus sheet + info alert) or raise
    # UserFacingError (critical alert only); either way: one Finnish alert, no traceback.
    book = _book(_small_payload())
    message = macros.tarkista(book)
    (alert,) = _alerts(book)
    assert alert[0] == message and "Traceback" not in message
    if alert[3] == "critical":
        assert [a["func"] for a in _actions(book)] == ["alert"]


@pytest.mark.parametrize("macro", [macros.laske, macros.tavoitteet, macros.paivita_kaikki])
def test_no_budget_table_gives_finnish_alert_only(macro):
    book = _book(_small_payload())
    message = macro(book)
    actions = _actions(book)
    assert [a["func"] for a in actions] == ["alert"]  # nothing half-written
    prompt, title, buttons, mode, _ = actions[0]["args"]
    assert (title, buttons, mode) == ("xl-seuranta", "ok", "critical")
    assert prompt == message
    assert "Traceback" not in prompt and "Error" not in prompt
    assert any(ch in prompt for ch in "äö")


def test_user_facing_error_shown_as_is(monkeypatch):
    def fail(grids, lang="fi", source_name=None):
        raise services.UserFacingError(Jobs.no_tables)

    monkeypatch.setattr(services, "check_plans", fail)
    book = _book(_small_payload())
    macros.tarkista(book)
    (alert,) = _alerts(book)
    assert alert[0] == Jobs.no_tables("fi") and alert[0].startswith("Työkirjasta ei löytynyt")
    assert alert[3] == "critical"


def test_unexpected_error_is_generic_and_logged(monkeypatch, caplog):
    def boom(grids, lang="fi", source_name=None):
        raise ZeroDivisionError("secret internals")

    monkeypatch.setattr(services, "compute_plans", boom)
    book = _book(_small_payload())
    with caplog.at_level(logging.ERROR, logger="xl_seuranta.app.macros"):
        message = macros.laske(book)
    assert message == Macros.generic_error("fi")
    (alert,) = _alerts(book)
    assert "secret" not in alert[0] and "ZeroDivision" not in alert[0]
    assert "ZeroDivisionError" in caplog.text  # the traceback stays in the server log


def test_failed_job_drops_partial_writes(monkeypatch):
    from xl_seuranta.domain.plans import CellWrite, SheetPlan

    calls = []

    def plans(grids, lang="fi", source_name=None):
        return [SheetPlan(name="Laskenta", cells=[CellWrite(row=1, col=1, value="x")])]

    def write_then_fail(book, p):
        calls.append(p)
        book.sheets[0]["A1"].value = "osittain"
        raise RuntimeError("writer broke")

    monkeypatch.setattr(services, "compute_plans", plans)
    monkeypatch.setattr(macros, "_write", write_then_fail)
    book = _book(_small_payload())
    macros.laske(book)
    assert calls
    assert [a["func"] for a in _actions(book)] == ["alert"]


def test_success_message_uses_summary(monkeypatch):
    monkeypatch.setattr(macros, "_read", lambda book: [])
    monkeypatch.setattr(macros, "_write", lambda book, plans: None)
    monkeypatch.setattr(
        services, "check_plans", lambda g, lang="fi", source_name=None: ([], {"error": 2, "warning": 1})
    )
    book = _book(_small_payload())
    message = macros.tarkista(book)
    assert message.startswith("Tarkistus valmis: 2 virhettä, 1 varoitusta")
    assert _alerts(book)[0][3] == "info"


def test_run_button_dispatch_and_unknown_tag(monkeypatch):
    book = _book(_small_payload())
    assert macros.run_button("ohje", book) == Macros.help("fi")
    assert "Tuntematon painike" in macros.run_button("ei_ole", book)
    modes = [a[3] for a in _alerts(book)]
    assert modes == ["info", "critical"]
    seen = []
    monkeypatch.setitem(macros.BUTTONS, "laske", lambda b: seen.append(b) or "ok")
    assert macros.run_button(" LASKE ", book) == "ok" and seen == [book]


def test_server_scripts_wrap_macros():
    # the server project's scripts call the macros (imported without the server decorators here)
    import importlib.util

    path = ROOT / "xl_seuranta" / "app" / "server" / "project" / "custom_scripts" / "scripts.py"
    spec = importlib.util.spec_from_file_location("seuranta_scripts", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name in ("tarkista", "laske", "tavoitteet", "paivita_kaikki", "ohje"):
        assert callable(getattr(module, name))


def test_laske_shows_yhteenveto_and_tarkista_shows_tarkistus(example_built):
    """On the remote engine the job's sheet is activated; Laskelmat exists before Yhteenveto refers to it."""
    from excel_payload import book_from_file

    book = book_from_file(example_built)
    macros.laske(book)
    actions = book.json()["actions"]
    added = [a["args"][1] for a in actions if a["func"] == "addSheet"]
    assert added == ["Laskelmat", "Yhteenveto"]
    shown = [a for a in actions if a["func"] == "activateSheet"]
    assert shown and shown[-1]["args"] == [len(book.sheets) - 1]  # Yhteenveto, the last one added
    position = shown[-1]["sheet_position"]
    first_formula = next(a for a in actions if a["func"] == "setFormula" and a["sheet_position"] == position)
    assert "'Laskelmat'!" in str(first_formula["values"] or first_formula["args"])

    book = book_from_file(example_built)
    macros.tarkista(book)
    actions = book.json()["actions"]
    shown = [a for a in actions if a["func"] == "activateSheet"]
    assert shown and book.sheets[shown[-1]["args"][0]].name == "Tarkistus"
