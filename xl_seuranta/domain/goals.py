"""The goal model: strategy themes -> goals -> actions -> metrics -> status text.

Each goal carries a stable id derived from its theme and the first words of the goal text, so that
a status a controller typed survives reordering of the source table and small edits to the text.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel


class Goal(BaseModel):
    """One goal (tavoite) or productivity action (tuottavuustoimenpide / hanke)."""

    id: str  # stable id, e.g. "G-3f2a91c0"
    kind: Literal["tavoite", "tuottavuus"] = "tavoite"
    theme: str  # e.g. "HYVÄ JA SUJUVA ARKI" or "TUOTTAVUUSTOIMENPITEET JA -HANKKEET"
    goal: str  # Tavoite / Tuottavuustoimenpide text
    actions: str = ""  # Toimenpiteet / Tulokset
    metrics: str = ""  # Mittarit / Arviointi
    status_text: str = ""  # TOT. 30.6. text
    sheet: str = ""  # where it was read from
    row: int = 0  # 1-based source row
    status_cell: str = ""  # A1 of the status text in the source table
