"""The three jobs of the tool, from neutral grids to sheet plans.

Every entry point (CLI, ribbon macros, xlwings Server scripts) calls these and nothing else, so the
jobs behave the same whichever way a user comes in. They know nothing of files or Excel: grids in,
plans and findings out.

Each job takes the grids or a book already discovered from them (``discover``): a caller running
several jobs on one workbook (*Päivitä kaikki*) reads and discovers it once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from xl_seuranta.domain.findings import Finding
from xl_seuranta.domain.grid import Grid
from xl_seuranta.domain.messages import Jobs, Tavoiteseuranta, UserError
from xl_seuranta.domain.model import BudgetBook
from xl_seuranta.layout import discover_book
from xl_seuranta.rules.engine import run_rules, summarize

if TYPE_CHECKING:
    from xl_seuranta.domain.plans import SheetPlan

# The generated sheets (xl_seuranta.sheets) are imported in the jobs that make them: the batch check
# must not pay for pandas, whose import alone takes longer than reading a 20 000-row workbook.


class UserFacingError(UserError):
    """A problem the user must fix (e.g. no budget table found); shown in the user's language."""


Source = list[Grid] | BudgetBook
"""What a job works on: a workbook's grids, or the book discovered from them."""


def discover(grids: list[Grid]) -> BudgetBook:
    """Discover a workbook once, for several jobs."""
    return discover_book(grids)


def _book(source: Source) -> BudgetBook:
    return source if isinstance(source, BudgetBook) else discover_book(source)


def check(
    grids: Source,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
) -> tuple[BudgetBook, list[Finding], dict[str, int]]:
    """Discover and validate; the findings (no text yet) and their count per severity."""
    book = _book(grids)
    findings = run_rules(book, select, ignore)
    return book, findings, summarize(findings)


def check_plans(
    grids: Source, lang: str = "fi", source_name: str | None = None, now: dt.datetime | None = None
) -> tuple[list[SheetPlan], dict[str, int]]:
    """Validate the workbook; return the 'Tarkistus' sheet plan (in ``lang``) and the count per severity."""
    from xl_seuranta.sheets.tarkistus import tarkistus_plan

    _book, findings, summary = check(grids)
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


def compute_plans(grids: Source, lang: str = "fi", source_name: str | None = None) -> list[SheetPlan]:
    """Plans for the 'Laske' job: the Laskelmat sheet and the Yhteenveto board view on it."""
    from xl_seuranta.sheets.laskelmat import compute_sheet_plans

    book = _book(grids)
    if not book.tables:
        raise UserFacingError(Jobs.no_tables)
    return compute_sheet_plans(book, lang, source_name)


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


def goal_plans(source: Source, lang: str = "fi", source_name: str | None = None) -> list[SheetPlan]:
    """Plans for the goal follow-up sheet ('Tavoitteet'), keeping what users typed."""
    from xl_seuranta.sheets.tavoiteseuranta import SHEET_NAME as GOALS_SHEET
    from xl_seuranta.sheets.tavoiteseuranta import UnreadableNotes, build_goal_sheet_plan

    book = _book(source)
    grids = book.grids
    if not book.goals:
        raise UserFacingError(Jobs.no_goals)
    report_date = book.report_date
    if report_date is None:
        raise UserFacingError(Jobs.no_report_date)
    own = tool_sheet_names(grids).get(GOALS_SHEET)
    existing = next((g for g in grids if g.name == own), None)
    try:
        return build_goal_sheet_plan(
            book.goals,
            report_date,
            existing=existing,
            scale=book.settings.goal_scale,
            key_figures=key_figure_refs(book),
            lang=lang,
            department=" ".join(x for x in (book.settings.municipality, book.settings.department) if x),
        )
    except UnreadableNotes as exc:  # regenerating would drop notes this Excel cannot read: nothing written
        raise UserFacingError(Tavoiteseuranta.unreadable_notes, cells=", ".join(exc.cells)) from exc


def summary_plan(
    entries: list[dict], out_dir: str, lang: str = "fi", now: dt.datetime | None = None
) -> SheetPlan:
    """The consolidated report's sheet from a batch's entries, each row linked to its workbook by a
    path relative to the report's folder (so the folder can be moved or shared as a whole)."""
    import os

    from xl_seuranta.sheets.kooste import KoosteRow, kooste_plan

    rows = []
    for e in entries:
        row = (
            KoosteRow(**e["figures"]) if "figures" in e else KoosteRow(path=e["path"], problem=e.get("error"))
        )
        if "error_kind" not in e or e["error_kind"] not in ("not_found", "no_workbooks"):
            try:
                row.link = os.path.relpath(os.path.abspath(e["path"]), os.path.abspath(out_dir)).replace(
                    "\\", "/"
                )
            except ValueError:  # another drive on Windows: an absolute link
                row.link = os.path.abspath(e["path"])
        rows.append(row)
    return kooste_plan(rows, lang, now)
