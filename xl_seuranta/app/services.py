"""The three jobs of the tool, from neutral grids to sheet plans.

Every entry point (CLI, ribbon macros, xlwings Server scripts) calls these and nothing else, so the
jobs behave the same whichever way a user comes in. They know nothing of files or Excel: grids in,
plans and findings out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from xl_seuranta.domain.grid import Grid
from xl_seuranta.domain.model import BudgetBook, Finding
from xl_seuranta.domain.plans import SheetPlan


class UserFacingError(Exception):
    """A problem the user must fix (e.g. no budget table found); the message is ready to show."""


MESSAGES = {
    "no_tables": {
        "fi": "Työkirjasta ei löytynyt talousarviotaulukoita (otsikkorivi, jossa esim. 'TP 2024' ja 'TA 2025').",
        "en": "No budget tables found in the workbook (a header row with e.g. 'TP 2024' and 'TA 2025').",
    },
    "no_goals": {
        "fi": "Työkirjasta ei löytynyt tavoitetaulukkoa (otsikot 'Tavoite' ja 'TOT. 30.6.').",
        "en": "No goals table found in the workbook (headers 'Tavoite' and 'TOT. 30.6.').",
    },
    "no_report_date": {
        "fi": "Raportointipäivää ei löytynyt: lisää se Asetukset-välilehdelle tai TOT.-sarakkeen otsikkoon.",
        "en": "No report date found: add it to the Asetukset sheet or to a TOT. column header.",
    },
}


def msg(key: str, lang: str) -> str:
    return MESSAGES[key]["en" if lang == "en" else "fi"]


def check(
    grids: list[Grid],
    lang: str = "fi",
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
) -> tuple[BudgetBook, list[Finding], dict[str, int]]:
    """Discover and validate; the findings and their count per severity."""
    from xl_seuranta.rules.engine import check_book, summarize

    book, findings = check_book(grids, lang, select, ignore)
    return book, findings, summarize(findings)


def check_plans(
    grids: list[Grid], lang: str = "fi", source_name: str | None = None, now: dt.datetime | None = None
) -> tuple[list[SheetPlan], dict[str, int]]:
    """Validate the workbook; return the 'Tarkistus' sheet plan and the count per severity."""
    from xl_seuranta.sheets.tarkistus import tarkistus_plan

    _book, findings, summary = check(grids, lang)
    return [tarkistus_plan(findings, summary, lang, source_name, now)], summary


def tool_sheet_names(grids: list[Grid]) -> dict[str, str]:
    """role -> sheet name of the tool's own sheets: marked by the file writer, or (a book without
    markers) recognised by name and the tool's header text. A user's sheet that merely carries one
    of the names is not among them."""
    from xl_seuranta.sheets.own_sheets import unmarked_tool_sheets

    named: dict[str, str] = {}
    for g in grids:
        if g.tool_sheet and g.tool_sheet not in named:
            named[g.tool_sheet] = g.name
    return {**unmarked_tool_sheets(grids), **named}


def compute_plans(grids: list[Grid], lang: str = "fi") -> list[SheetPlan]:
    """Plans for the metric columns/sheet ('Laske')."""
    from xl_seuranta.layout import discover_book
    from xl_seuranta.sheets.laskelmat import compute_sheet_plans

    book = discover_book(grids)
    if not book.tables:
        raise UserFacingError(msg("no_tables", lang))
    return compute_sheet_plans(book, lang)


def key_figure_refs(book: BudgetBook) -> dict[str, str]:
    """Key-figure label -> A1 reference of its newest (year-to-date if any) value, for goal links."""
    f = book.frame
    if f.empty:
        return {}
    f = f[(f["table"] == "tunnusluvut") & (f["measure"] == "value") & f["value"].notna()]
    refs: dict[str, str] = {}
    for line, rows in f.groupby("line", sort=False):
        last = rows.sort_values("col").iloc[-1]
        refs[str(line)] = f"'{last['sheet']}'!{last['cell']}"
    return refs


def goal_plans(grids: list[Grid], lang: str = "fi") -> list[SheetPlan]:
    """Plans for the goal follow-up sheet ('Tavoitteet'), keeping what users typed."""
    from xl_seuranta.layout import discover_book
    from xl_seuranta.sheets.tavoiteseuranta import SHEET_NAME, build_goal_sheet_plan

    book = discover_book(grids)
    if not book.goals:
        raise UserFacingError(msg("no_goals", lang))
    report_date = book.report_date
    if report_date is None:
        raise UserFacingError(msg("no_report_date", lang))
    own = tool_sheet_names(grids).get(SHEET_NAME)
    existing = next((g for g in grids if g.name == own), None)
    return build_goal_sheet_plan(
        book.goals,
        report_date,
        existing=existing,
        scale=book.settings.goal_scale,
        key_figures=key_figure_refs(book),
        lang=lang,
        department=" ".join(x for x in (book.settings.municipality, book.settings.department) if x),
    )
