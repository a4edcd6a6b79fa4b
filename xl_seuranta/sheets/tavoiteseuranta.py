"""The board-readable goal follow-up sheet "Tavoiteseuranta", described as a ``SheetPlan``.

Layout (row numbers for the default title)::

    1  Tavoiteseuranta – <department>
    2  Tilanne <report date> · explanation
    4  Tavoite | Toimenpiteet | Mittarit | Tilanne 30.6. | Ehdotettu tila | Tila | Kommentti |
       Edistyminen | Määräaika | Tunnusluku | Tunniste                       <- header, frozen, repeated
    5  <THEME>                                                              <- heading row per theme
    6  goal rows ...
       Yhteenveto: per theme COUNTIFS of the chosen Tila per status, not chosen, total, share achieved
       bar chart of the summary
       Poistuneet tavoitteet: ids that had user input but are no longer in the source

Only "Tila" and "Kommentti" belong to the user. Regeneration reads them back per goal id
(``read_user_entries``) and writes them to the same ids, whatever the new order; ids that vanished
keep their input under "Poistuneet tavoitteet", so nothing typed by the user is dropped. The user's
Tila is never overwritten by the suggestion, and Tila is left empty until the user chooses (so a
suggestion is never mistaken for a user's choice on the next regeneration).

All texts from the source workbook are written as values (strings), never as formulas; formulas are
only the summary counts and the key-figure links (whose targets are validated A1 references).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from xl_seuranta.domain import fmt
from xl_seuranta.domain.goal_text import (
    DEFAULT_SCALE,
    GOAL_ID_RE,
    Category,
    find_dates,
    find_deadlines,
    find_progress,
    is_unfinished,
    scale_status,
    suggest_status,
)
from xl_seuranta.domain.goals import Goal
from xl_seuranta.domain.grid import Grid, a1, col_letter
from xl_seuranta.domain.messages import Tavoiteseuranta
from xl_seuranta.domain.plans import (
    CellStyle,
    CellWrite,
    ChartPlan,
    ConditionalFormatPlan,
    DataValidationPlan,
    PrintSetup,
    SheetPlan,
    fit_row_heights,
)

SHEET_NAME = "Tavoiteseuranta"

# column positions (1-based)
C_GOAL, C_ACTIONS, C_METRICS, C_STATUS_TEXT, C_SUGGESTION = 1, 2, 3, 4, 5
C_TILA, C_COMMENT, C_PROGRESS, C_DEADLINE, C_KEYFIG, C_ID = 6, 7, 8, 9, 10, 11
N_COLS = C_ID
HEADER_ROW = 4
CHART_ROWS = 20

WIDTHS = {
    C_GOAL: 24,
    C_ACTIONS: 28,
    C_METRICS: 19,
    C_STATUS_TEXT: 34,
    C_SUGGESTION: 18,
    C_TILA: 14,
    C_COMMENT: 24,
    C_PROGRESS: 12,
    C_DEADLINE: 13,
    C_KEYFIG: 11,
    C_ID: 6,
}

_COLUMN_TEXTS = {
    C_GOAL: "col_goal",
    C_ACTIONS: "col_actions",
    C_METRICS: "col_metrics",
    C_STATUS_TEXT: "col_status_text",
    C_SUGGESTION: "col_suggestion",
    C_TILA: "col_tila",
    C_COMMENT: "col_comment",
    C_PROGRESS: "col_progress",
    C_DEADLINE: "col_deadline",
    C_KEYFIG: "col_keyfig",
    C_ID: "col_id",
}


def _labels(lang: str) -> dict[object, str]:
    """The sheet's texts in ``lang`` (catalogue group ``Tavoiteseuranta``); column headers also by column."""
    texts: dict[object, str] = dict(Tavoiteseuranta.templates(lang))
    texts.update({col: texts[name] for col, name in _COLUMN_TEXTS.items()})
    return texts


# header labels read back from an existing sheet (both languages)
_TILA_LABELS = {"tila", "status"}
_COMMENT_LABELS = {"kommentti", "comment"}
_ID_LABELS = {"tunniste", "id"}
_GOAL_LABELS = {"tavoite", "goal"}
_THEME_LABELS = {"teema", "theme"}

CATEGORY_COLORS: dict[Category, str] = {
    "done": "C6EFCE",  # green
    "partial": "FFEB9C",  # yellow
    "not": "FFC7CE",  # red
    "unknown": "D9D9D9",  # grey
}
GREY = "7F7F7F"
RED = "C00000"
HEADER_FILL = "DDEBF7"
THEME_FILL = "F2F2F2"
_A1_REF = re.compile(r"^(?:'(?:[^']|'')+'|[A-Za-z0-9_.\u00c0-\u024f]+)!\$?[A-Za-z]{1,3}\$?\d{1,7}$")


@dataclass(frozen=True)
class UserEntry:
    """What the user typed for one goal id, plus what is needed to list it if the goal vanishes."""

    tila: str = ""
    kommentti: str = ""
    goal: str = ""
    theme: str = ""


# ------------------------------------------------------------------------------ reading back


def _label(value: object) -> str:
    return re.sub(r"\s+", " ", str(value)).strip().casefold() if value is not None else ""


def _str(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_user_rows(existing: Grid) -> dict[str, UserEntry]:
    """Every goal id in a previous goal sheet that has a Tila or a Kommentti, with its goal and theme.

    Header rows are found by the labels Tila / Kommentti / Tunniste (any position); rows below a
    header up to the next one are read when their Tunniste cell holds a goal id. The theme is taken
    from a Teema column when the section has one, else from the last heading row (a single text).
    """
    out: dict[str, UserEntry] = {}
    cols: dict[str, int] | None = None
    theme = ""
    for r in range(1, existing.n_rows + 1):
        labels = {_label(v): c for c, v in enumerate(existing.row_values(r), start=1) if v is not None}
        found = {
            "tila": next((labels[k] for k in _TILA_LABELS if k in labels), None),
            "comment": next((labels[k] for k in _COMMENT_LABELS if k in labels), None),
            "id": next((labels[k] for k in _ID_LABELS if k in labels), None),
            "goal": next((labels[k] for k in _GOAL_LABELS if k in labels), None),
            "theme": next((labels[k] for k in _THEME_LABELS if k in labels), None),
        }
        if found["id"] and (found["tila"] or found["comment"]):
            cols = {k: v for k, v in found.items() if v}
            theme = ""
            continue
        if cols is None:
            continue
        ident = _str(existing.value(r, cols["id"]))
        if not GOAL_ID_RE.match(ident):
            nonempty = [v for v in existing.row_values(r) if v is not None]
            if len(nonempty) == 1 and isinstance(existing.value(r, 1), str):
                theme = _str(existing.value(r, 1))
            continue
        tila = _str(existing.value(r, cols["tila"])) if "tila" in cols else ""
        comment = _str(existing.value(r, cols["comment"])) if "comment" in cols else ""
        if not (tila or comment) or ident in out:
            continue
        goal = _str(existing.value(r, cols["goal"])) if "goal" in cols else ""
        row_theme = _str(existing.value(r, cols["theme"])) if "theme" in cols else theme
        out[ident] = UserEntry(tila, comment, goal, row_theme)
    return out


def read_user_entries(existing: Grid) -> dict[str, tuple[str, str]]:
    """goal id -> (Tila, Kommentti) for every id in a previous goal sheet that has either."""
    return {k: (e.tila, e.kommentti) for k, e in read_user_rows(existing).items()}


# ----------------------------------------------------------------------------------- analysis


def _tila_category(tila: str, scale: list[str]) -> Category | None:
    for cat in ("done", "partial", "not", "unknown"):
        if scale_status(scale, cat).casefold() == tila.casefold():  # type: ignore[arg-type]
            return cat  # type: ignore[return-value]
    return None


def _suggestion_text(goal: Goal, scale: list[str], report_date: dt.date, lab: dict) -> str:
    sug = suggest_status(goal.status_text, scale)
    if not goal.status_text.strip():
        why = lab["no_text"]
    elif sug.words:
        words = list(dict.fromkeys(sug.words))
        why = lab["words"].format(words=", ".join(words[:4]) + (", …" if len(words) > 4 else ""))
    else:
        why = lab["no_cues"]
    text = f"{lab['suggestion'].format(status=sug.status)} ({why})"
    late = [d for d in find_dates(goal.status_text) if d > report_date]
    if late:
        text += "\n" + lab["late_date"].format(date=fmt.date(late[0]))
    return text


def _progress_text(goal: Goal, lab: dict) -> tuple[str, bool]:
    lines, bad = [], False
    for p in find_progress(goal.status_text):
        line = p.label
        if not p.consistent and p.stated_pct is not None:
            line += " " + lab["pct_mismatch"].format(pct=fmt.percent_points(p.stated_pct))
            bad = True
        lines.append(line)
    return "\n".join(lines), bad


def _deadline_text(
    goal: Goal, tila: str, scale: list[str], report_date: dt.date, lab: dict
) -> tuple[str, bool]:
    text = "\n".join([goal.goal, goal.actions, goal.metrics])
    deadlines = find_deadlines(text, report_date.year)
    if not deadlines:
        return "", False
    dl = min(deadlines, key=lambda d: d.date)
    out = f"{fmt.date(dl.date)}"
    if not re.fullmatch(r"[\d.\s]+(mennessä|asti|saakka)?", dl.phrase):
        out += f" ({dl.phrase})"
    if dl.date >= report_date:
        return out, False
    chosen = _tila_category(tila, scale) if tila else None
    unfinished = chosen in ("partial", "not") if chosen else is_unfinished(goal.status_text)
    if unfinished:
        return f"{out} – {lab['overdue']}", True
    if not tila and not goal.status_text.strip():
        return f"{out} – {lab['passed_no_status']}", True
    return out, False


def _key_figure_links(goal: Goal, key_figures: dict[str, str]) -> list[tuple[str, str]]:
    hay = _label(f"{goal.metrics}\n{goal.goal}")
    out = []
    for label, ref in key_figures.items():
        if _label(label) and _label(label) in hay and _A1_REF.match(ref.strip()):
            out.append((label, ref.strip()))
    return out


# -------------------------------------------------------------------------------------- plan


def build_goal_sheet_plan(
    goals: list[Goal],
    report_date: dt.date,
    *,
    existing: Grid | None = None,
    scale: list[str] | None = None,
    key_figures: dict[str, str] | None = None,
    lang: str = "fi",
    department: str = "",
) -> list[SheetPlan]:
    """The "Tavoiteseuranta" sheet for ``goals`` at ``report_date`` (one replace-mode ``SheetPlan``).

    ``existing``: the grid of the previous Tavoiteseuranta sheet; its Tila/Kommentti are kept per
    goal id. ``scale``: the status options (default Toteutunut / Osittain toteutunut /
    Ei toteutunut / Ei arvioitavissa). ``key_figures``: metric label -> A1 reference such as
    "'Tunnusluvut'!G12"; a goal whose metrics mention the label gets a formula to that cell.
    Deterministic: the same inputs give the same plan, and regenerating from the sheet it produced
    gives the same plan again.
    """
    lab = _labels(lang)
    scale = list(scale or DEFAULT_SCALE)
    key_figures = key_figures or {}
    entries = read_user_rows(existing) if existing is not None else {}
    cells: list[CellWrite] = []
    wrap_top = CellStyle(wrap=True, v_align="top")

    def put(row: int, col: int, value: object = None, style: CellStyle | None = None, **kw: object) -> None:
        value = None if value == "" else value
        cells.append(CellWrite(row=row, col=col, value=value, style=style, **kw))  # type: ignore[arg-type]

    # title
    title = lab["title"] + (f" – {department}" if department else "")
    put(1, 1, title, CellStyle(bold=True, font_size=14))
    put(2, 1, lab["subtitle"].format(date=fmt.date(report_date)), CellStyle(italic=True, font_color=GREY))

    # header
    dm = fmt.day_month(report_date)
    header_style = CellStyle(bold=True, fill=HEADER_FILL, wrap=True, v_align="center")
    for c in range(1, N_COLS + 1):
        style = header_style.model_copy(update={"font_size": 7}) if c == C_ID else header_style
        put(HEADER_ROW, c, str(lab[c]).format(dm=dm), style)

    # goal rows grouped by theme (themes in order of first appearance)
    themes: list[str] = []
    by_theme: dict[str, list[Goal]] = {}
    for g in goals:
        if g.theme not in by_theme:
            themes.append(g.theme)
            by_theme[g.theme] = []
        by_theme[g.theme].append(g)

    row = HEADER_ROW + 1
    blocks: list[tuple[str, int, int]] = []  # theme, first goal row, last goal row
    for theme in themes:
        put(row, 1, theme, CellStyle(bold=True, fill=THEME_FILL))
        for c in range(2, N_COLS + 1):
            put(row, c, None, CellStyle(fill=THEME_FILL))
        row += 1
        first = row
        for g in by_theme[theme]:
            entry = entries.get(g.id, UserEntry())
            put(row, C_GOAL, g.goal, wrap_top)
            put(row, C_ACTIONS, g.actions, wrap_top)
            put(row, C_METRICS, g.metrics, wrap_top)
            put(row, C_STATUS_TEXT, g.status_text, wrap_top)
            put(
                row,
                C_SUGGESTION,
                _suggestion_text(g, scale, report_date, lab),
                CellStyle(italic=True, font_color=GREY, wrap=True, v_align="top"),
            )
            put(row, C_TILA, entry.tila or None, CellStyle(wrap=True, v_align="top", bold=True))
            put(row, C_COMMENT, entry.kommentti or None, wrap_top)
            progress, bad = _progress_text(g, lab)
            put(
                row,
                C_PROGRESS,
                progress or None,
                CellStyle(wrap=True, v_align="top", font_color=RED if bad else None),
            )
            deadline, late = _deadline_text(g, entry.tila, scale, report_date, lab)
            put(
                row,
                C_DEADLINE,
                deadline or None,
                CellStyle(wrap=True, v_align="top", font_color=RED if late else None, bold=late or None),
            )
            links = _key_figure_links(g, key_figures)
            if links:
                note = lab["keyfig_note"].format(items="; ".join(f"{k} = {v}" for k, v in links))
                put(
                    row,
                    C_KEYFIG,
                    None,
                    CellStyle(v_align="top", number_format="#,##0"),
                    formula="=" + links[0][1],
                    note=note,
                )
            put(row, C_ID, g.id, CellStyle(font_color=GREY, font_size=6, v_align="top"))
            row += 1
        blocks.append((theme, first, row - 1))
    last_goal_row = max(row - 1, HEADER_ROW + 1)

    # summary: live counts of the chosen Tila per theme
    row += 1
    put(row, 1, lab["summary"], CellStyle(bold=True, font_size=12))
    row += 1
    sum_header = row
    put(sum_header, 1, lab["theme"], header_style)
    status_cols = list(range(2, 2 + len(scale)))
    c_none, c_total, c_share = 2 + len(scale), 3 + len(scale), 4 + len(scale)
    c_done = status_cols[scale.index(scale_status(scale, "done"))] if scale else 2
    for c, status in zip(status_cols, scale, strict=True):
        cat = _tila_category(status, scale) or "unknown"
        put(
            sum_header,
            c,
            status,
            CellStyle(bold=True, fill=CATEGORY_COLORS[cat], wrap=True, h_align="center"),
        )
    for c, key in ((c_none, "not_chosen"), (c_total, "total"), (c_share, "share")):
        put(sum_header, c, lab[key], CellStyle(bold=True, fill=HEADER_FILL, wrap=True, h_align="center"))
    row += 1
    first_sum = row
    tl = col_letter(C_TILA)
    for theme, r1, r2 in blocks:
        rng = f"${tl}${r1}:${tl}${r2}"
        put(row, 1, theme, CellStyle(wrap=True, v_align="center"))
        for c in status_cols:
            put(
                row,
                c,
                None,
                CellStyle(h_align="center", v_align="center"),
                formula=f"=COUNTIFS({rng},{col_letter(c)}${sum_header})",
            )
        put(row, c_none, None, CellStyle(h_align="center", v_align="center"), formula=f"=COUNTBLANK({rng})")
        put(row, c_total, None, CellStyle(h_align="center", v_align="center"), formula=f"=ROWS({rng})")
        put(
            row,
            c_share,
            None,
            CellStyle(number_format="0 %", h_align="center", v_align="center"),
            formula=_share(row, c_done, c_total),
        )
        row += 1
    last_sum = row - 1
    if blocks:
        put(row, 1, lab["all"], CellStyle(bold=True))
        for c in [*status_cols, c_none, c_total]:
            cl = col_letter(c)
            put(
                row,
                c,
                None,
                CellStyle(bold=True, h_align="center"),
                formula=f"=SUM({cl}{first_sum}:{cl}{last_sum})",
            )
        put(
            row,
            c_share,
            None,
            CellStyle(bold=True, number_format="0 %", h_align="center"),
            formula=_share(row, c_done, c_total),
        )
        row += 1

    charts = []
    if blocks:
        charts.append(
            ChartPlan(
                kind="bar",
                title=lab["chart"],
                categories_ref=f"A{first_sum}:A{last_sum}",
                series=[
                    (s, f"{col_letter(c)}{first_sum}:{col_letter(c)}{last_sum}")
                    for c, s in zip(status_cols, scale, strict=True)
                ],
                anchor=f"A{row + 1}",
                width_cm=18,
                height_cm=9,
            )
        )
        row += CHART_ROWS

    # removed goals that had user input
    current = {g.id for g in goals}
    removed = [(k, e) for k, e in entries.items() if k not in current]
    tila_ranges = [f"{tl}{HEADER_ROW + 1}:{tl}{last_goal_row}"]
    if removed:
        row += 1
        put(row, 1, lab["removed"], CellStyle(bold=True, font_size=12))
        row += 1
        put(row, 1, lab["removed_note"], CellStyle(italic=True, font_color=GREY))
        row += 1
        for c, text in ((C_GOAL, lab[C_GOAL]), (C_ACTIONS, lab["theme"]), (C_TILA, lab[C_TILA])):
            put(row, c, text, header_style)
        put(row, C_COMMENT, lab[C_COMMENT], header_style)
        put(row, C_ID, lab[C_ID], header_style.model_copy(update={"font_size": 7}))
        row += 1
        first_removed = row
        for ident, e in removed:
            put(row, C_GOAL, e.goal or None, wrap_top)
            put(row, C_ACTIONS, e.theme or None, wrap_top)
            put(row, C_TILA, e.tila or None, CellStyle(wrap=True, v_align="top", bold=True))
            put(row, C_COMMENT, e.kommentti or None, wrap_top)
            put(row, C_ID, ident, CellStyle(font_color=GREY, font_size=6, v_align="top"))
            row += 1
        tila_ranges.append(f"{tl}{first_removed}:{tl}{row - 1}")
    last_row = row - 1

    validations = [
        DataValidationPlan(ref=ref, options=scale, prompt=lab["tila_prompt"]) for ref in tila_ranges
    ]
    cfs = []
    for ref in tila_ranges:
        top = ref.split(":")[0]
        for status in scale:
            cat = _tila_category(status, scale) or "unknown"
            lit = status.replace('"', '""')
            cfs.append(
                ConditionalFormatPlan(
                    ref=ref, formula=f'=${tl}{top[len(tl) :]}="{lit}"', fill=CATEGORY_COLORS[cat]
                )
            )

    return [
        fit_row_heights(
            SheetPlan(
                name=SHEET_NAME,
                mode="replace",
                cells=cells,
                column_widths=dict(WIDTHS),
                freeze=a1(HEADER_ROW + 1, 1),
                validations=validations,
                conditional_formats=cfs,
                charts=charts,
                print_setup=PrintSetup(
                    print_area=f"A1:{col_letter(N_COLS)}{last_row}",
                    repeat_rows=f"{HEADER_ROW}:{HEADER_ROW}",
                    fit_to_width=True,
                    landscape=True,
                ),
                tab_color="70AD47",
            )
        )
    ]


def _share(row: int, c_done: int, c_total: int) -> str:
    tot = f"{col_letter(c_total)}{row}"
    return f'=IF({tot}=0,"",{col_letter(c_done)}{row}/{tot})'
