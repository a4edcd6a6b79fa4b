"""Recognise the tool's own sheets in a book that carries no marker, by their own header text.

The file writer marks every sheet it generates (see ``xl_seuranta.io.tool_marker``), but a book
written before markers existed, or by the Excel buttons (which write into the open book), has
generated sheets without one. Such a sheet counts as the tool's only when it has the tool's name
*and* the header text the tool writes on it, in Finnish or English: a controller's own sheet called
*Laskelmat* has the name but not the header, and is never replaced.
"""

from __future__ import annotations

from collections.abc import Callable

from xl_seuranta.domain.grid import Grid
from xl_seuranta.domain.messages import Laskelmat, Yhteenveto
from xl_seuranta.sheets import laskelmat, tarkistus, tavoiteseuranta, yhteenveto

LANGS = ("fi", "en")


def _is_tarkistus(grid: Grid) -> bool:
    heads = [[text(lang) for text in tarkistus._HEADERS[:5]] for lang in LANGS]
    return any(grid.row_values(r)[:5] in heads for r in range(1, 21))  # below the per-rule counts


def _is_laskelmat(grid: Grid) -> bool:
    info = grid.value(laskelmat.ROW_INFO, 1)
    return isinstance(info, str) and any(info == Laskelmat.info(lang) for lang in LANGS)


def _is_yhteenveto(grid: Grid) -> bool:
    title = grid.value(yhteenveto.ROW_TITLE, 1)
    head = grid.value(yhteenveto.HEADER_ROW, yhteenveto.C_UTIL)
    return (
        isinstance(title, str)
        and any(title.startswith(Yhteenveto.title(lang)) for lang in LANGS)
        and any(head == Yhteenveto.util(lang) for lang in LANGS)
    )


def _is_tavoiteseuranta(grid: Grid) -> bool:
    m = tavoiteseuranta
    header = grid.row_values(m.HEADER_ROW)
    for lang in LANGS:
        labels = m._labels(lang)
        fixed = (grid.value(m.HEADER_ROW, m.C_TILA), grid.value(m.HEADER_ROW, m.C_COMMENT))
        if fixed == (labels[m.C_TILA], labels[m.C_COMMENT]) and labels[m.C_ID] in header:
            return True  # the id column moves right when a user has added columns
    return False


RECOGNISERS: dict[str, Callable[[Grid], bool]] = {
    tarkistus.REPORT_SHEET: _is_tarkistus,
    laskelmat.SHEET_NAME: _is_laskelmat,
    yhteenveto.SHEET_NAME: _is_yhteenveto,
    tavoiteseuranta.SHEET_NAME: _is_tavoiteseuranta,
}


def unmarked_tool_sheets(grids: list[Grid]) -> dict[str, str]:
    """role -> sheet name of unmarked sheets that are the tool's by name and header text."""
    marked = {g.tool_sheet for g in grids if g.tool_sheet}
    out: dict[str, str] = {}
    for g in grids:
        check = RECOGNISERS.get(g.name)
        if g.tool_sheet is None and check is not None and g.name not in marked and check(g):
            out[g.name] = g.name
    return out
