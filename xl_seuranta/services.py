"""The three jobs of the tool, from neutral grids to sheet plans.

Every entry point (CLI, ribbon macros, xlwings Server scripts) calls these and nothing else, so the
jobs behave the same whichever way a user comes in. They know nothing of files or Excel: grids in,
plans and findings out.
"""

from __future__ import annotations

from xl_seuranta.grid import Grid
from xl_seuranta.plans import SheetPlan


class UserFacingError(Exception):
    """A problem the user must fix (e.g. no budget table found); the message is ready to show."""


def check_plans(grids: list[Grid], lang: str = "fi") -> tuple[list[SheetPlan], dict[str, int]]:
    """Validate the workbook; return the 'Tarkistus' sheet plan and the count per severity."""
    raise NotImplementedError  # filled in by the lead


def compute_plans(grids: list[Grid], lang: str = "fi") -> list[SheetPlan]:
    """Plans for the metric columns/sheet ('Laske')."""
    raise NotImplementedError  # filled in by the lead


def goal_plans(grids: list[Grid], lang: str = "fi") -> list[SheetPlan]:
    """Plans for the goal follow-up sheet ('Tavoitteet'), keeping what users typed."""
    raise NotImplementedError  # filled in by the lead
