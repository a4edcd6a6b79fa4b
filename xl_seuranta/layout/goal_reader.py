"""Find goal tables in grids by their labels and read them into ``Goal``s.

A goal table is found by its header row, wherever it is: a row with a goal column ("Tavoite",
"Toiminnalliset tavoitteet ja painopisteet", "Tuottavuustoimenpide / Hanke") and a status column
("TOT. 30.6.", "TOT 30.6.2025", "Tilanne 30.6.", "Toteuma 30.6."), optionally actions
("Toimenpiteet" / "Tulokset"), metrics ("Mittarit", "Mittarit/Arviointi") and a theme column
("Teema"). Columns may be in any order, with blank or extra columns and rows in between.

Themes come either from a "Teema" column (a blank cell repeats the theme above, as in merged cells)
or from heading rows: a row with a single text cell that is written in capitals, lies outside the
table's columns, or directly precedes a header row ("3. Muut toiminnan painopistealueet ...").
A row whose goal cell is empty but which has other texts continues the goal above (a goal split over
several rows). Header rows that contain "Tunniste" belong to the generated Tavoiteseuranta sheet and
are skipped.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from xl_seuranta.domain import fmt
from xl_seuranta.domain.goal_text import stable_goal_id, unique_ids
from xl_seuranta.domain.goals import Goal
from xl_seuranta.domain.grid import Grid, a1
from xl_seuranta.layout.row_texts import row_texts

PRODUCTIVITY_THEME = "TUOTTAVUUSTOIMENPITEET JA -HANKKEET"
NO_THEME = "(ei teemaa)"


def _norm(value: object) -> str:
    return re.sub(r"\s+", " ", str(value)).strip().casefold() if value is not None else ""


@functools.lru_cache(maxsize=65536)
def _header_role(value: object) -> str | None:
    """What a header cell names: goal, goal_prod, actions, metrics, status, theme, generated, or None.

    Cached: every text cell of every sheet is asked, and sheets repeat their texts.
    """
    t = _norm(value)
    if not t:
        return None
    t_nodash = t.replace("- ", "").replace("­", "")
    if t in {"tunniste", "id", "tila", "kommentti"}:
        return "generated"
    if re.match(r"^(tuottavuustoimenpide|tuottavuustoimenpiteet|hanke|hankkeet)\b", t_nodash):
        return "goal_prod"
    if re.match(r"^(tavoite|tavoitteet|toiminnallinen tavoite|toiminnalliset tavoitteet)\b", t):
        return "goal"
    if re.match(r"^(toimenpiteet|toimenpide|tulokset|tulos)\b", t):
        return "actions"
    if re.match(r"^(mittarit|mittari|arviointi|arviointikriteerit)\b", t):
        return "metrics"
    if re.match(r"^(tot\b\.?|toteuma|toteutuminen|tilanne|tilannekatsaus|tila \d)", t):
        return "status"
    if re.match(r"^(teema|strategian teema|strategiateema|kaupunkistrategian teema|painopiste)$", t):
        return "theme"
    return None


@dataclass
class _Header:
    row: int
    cols: dict[str, int] = field(default_factory=dict)
    kind: str = "tavoite"

    @property
    def data_cols(self) -> set[int]:
        return set(self.cols.values())


def _find_header(grid: Grid, row: int, texts: list[str]) -> _Header | None:
    """The goal-table header on ``row`` (its text cells ``texts``), if it is one."""
    if len(texts) < 2 or not any(map(_header_role, texts)):
        return None  # most rows: not two texts (a goal and a status header), or no header word at all
    cols: dict[str, int] = {}
    generated = False
    values = grid.rows[row - 1]
    for c, v in enumerate(values, start=1):
        role = _header_role(v) if isinstance(v, str) else None
        if role == "generated":
            generated = True
        elif role == "goal_prod":
            cols.setdefault("goal", c)
            cols["_prod"] = c
        elif role and role not in cols:
            cols[role] = c
    if generated or "goal" not in cols or "status" not in cols:
        return None
    kind = "tuottavuus" if cols.pop("_prod", None) is not None else "tavoite"
    return _Header(row=row, cols=cols, kind=kind)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return fmt.date(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if "\n" in text or "\r" in text:
        lines = [ln.strip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
        text = "\n".join(lines).strip()
        return re.sub(r"\n{3,}", "\n\n", text) if "\n\n\n" in text else text
    return text.strip()


def _nonempty(grid: Grid, row: int) -> list[tuple[int, object]]:
    """The cells of a row whose text (``_cell_text``) is not empty: any value but None and blank text."""
    return [
        (c, v)
        for c, v in enumerate(grid.row_values(row), start=1)
        if v is not None and (type(v) is not str or v.strip())
    ]


def _is_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 4 and sum(ch.isupper() for ch in letters) / len(letters) >= 0.8


def _clean_heading(text: str) -> str:
    """'3. Muut toiminnan painopistealueet' -> 'Muut toiminnan painopistealueet'; joins lines."""
    t = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"^\d+(\.\d+)*\.?\s+", "", t)


def _read_grid(grid: Grid, texts: list[list[str]]) -> list[Goal]:
    headers = {r: h for r, t in enumerate(texts, start=1) if len(t) >= 2 and (h := _find_header(grid, r, t))}
    if not headers:
        return []
    # single-text rows right above a header row are headings of that section
    pre_headings: set[int] = set()
    for hr in headers:
        r = hr - 1
        while r >= 1 and not _nonempty(grid, r):
            r -= 1
        if r >= 1 and r not in headers and len(_nonempty(grid, r)) == 1:
            pre_headings.add(r)

    goals: list[dict[str, object]] = []
    header: _Header | None = None
    theme = ""
    for r in range(1, grid.n_rows + 1):
        if r in headers:
            header = headers[r]
            if header.kind == "tuottavuus" and not theme:
                theme = PRODUCTIVITY_THEME
            continue
        cells = _nonempty(grid, r)
        if not cells:
            continue
        if r in pre_headings:
            theme = _clean_heading(_cell_text(cells[0][1]))
            continue
        if header is None:
            continue
        cols = header.cols
        if len(cells) == 1:
            c, v = cells[0]
            text = _cell_text(v)
            outside = c not in header.data_cols
            if outside or (_is_caps(text) and c in (cols.get("goal"), cols.get("theme"))):
                theme = _clean_heading(text)
                continue
        values = {role: _cell_text(grid.value(r, c)) for role, c in cols.items()}
        if "theme" in cols and values["theme"]:
            theme = _clean_heading(values["theme"])
        if not any(values.get(k) for k in ("goal", "actions", "metrics", "status")):
            continue
        current_theme = theme or (PRODUCTIVITY_THEME if header.kind == "tuottavuus" else NO_THEME)
        if not values.get("goal") and goals and goals[-1]["_header"] is header:
            prev = goals[-1]  # a continuation row of the goal above
            for k in ("actions", "metrics", "status"):
                if values.get(k):
                    prev[k] = f"{prev[k]}\n{values[k]}".strip()
            continue
        goals.append(
            {
                "_header": header,
                "kind": header.kind,
                "theme": current_theme,
                "goal": values.get("goal", ""),
                "actions": values.get("actions", ""),
                "metrics": values.get("metrics", ""),
                "status": values.get("status", ""),
                "row": r,
                "status_cell": a1(r, cols["status"]),
            }
        )
    out = []
    for g in goals:
        out.append(
            Goal(
                id=stable_goal_id(str(g["kind"]), str(g["theme"]), str(g["goal"])),
                kind=g["kind"],  # type: ignore[arg-type]
                theme=str(g["theme"]),
                goal=str(g["goal"]),
                actions=str(g["actions"]),
                metrics=str(g["metrics"]),
                status_text=str(g["status"]),
                sheet=grid.name,
                row=int(g["row"]),  # type: ignore[call-overload]
                status_cell=str(g["status_cell"]),
            )
        )
    return out


def read_goals(grids: list[Grid], texts: list[list[list[str]]] | None = None) -> list[Goal]:
    """All goals and productivity actions found in ``grids``, in sheet and row order.

    Ids are ``stable_goal_id(kind, theme, goal)``; a repeated id gets a suffix ("-2") in reading
    order. ``texts``: each grid's ``row_texts``, when the caller has them already.
    """
    texts = texts if texts is not None else [row_texts(g) for g in grids]
    goals = [g for grid, t in zip(grids, texts, strict=True) for g in _read_grid(grid, t)]
    ids = unique_ids([g.id for g in goals])
    return [g.model_copy(update={"id": i}) if i != g.id else g for g, i in zip(goals, ids, strict=True)]
