"""The text cells of each row of a grid, listed once per grid.

Discovery looks for table headers and goal-table headers row by row, and both start from the same
question: which cells of this row hold text? On a 20 000-row sheet asking it twice cost more than
the rest of either search.
"""

from __future__ import annotations

from xl_seuranta.domain.grid import Grid


def row_texts(grid: Grid) -> list[list[str]]:
    """For each row of ``grid`` (0-based), its text cells in column order.

    Made once per grid by ``discover_book`` and handed to both searches (not cached on the grid:
    a grid's cells may change between two discoveries)."""
    return [[v for v in row if type(v) is str] for row in grid.rows]
