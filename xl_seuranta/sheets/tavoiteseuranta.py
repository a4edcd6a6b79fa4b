"""The board-readable goal follow-up sheet "Tavoiteseuranta", described as a ``SheetPlan``.

Layout (row numbers for the default title)::

    1  Tavoiteseuranta – <department>
    2  Tilanne <report date> · how to use the sheet
    4  Tavoite | Toimenpiteet | Mittarit | Tilanne 30.6. | Ehdotettu tila | Tila | Kommentti |
       Edistyminen | Määräaika | Tunnusluku | <the user's own columns> ‖ Ehdotuksen perustelu | Tunniste
    5  <THEME>                                                              <- heading row per theme
    6  goal rows ...
       (new page) Yhteenveto: per theme COUNTIFS of the chosen Tila per status, not chosen, total,
       share achieved, and a stacked bar chart in traffic-light colours
       Poistuneet tavoitteet: goals no longer in the source that had something typed for them
       Muut muistiinpanot: notes that were on no goal row

What the board reads is printed; the columns after ‖ (why a status was suggested, the stable id) sit
right of the print area. Only "Tila", "Kommentti", the columns a user adds and the cell notes a user
writes belong to the user. Regeneration reads them back per goal id (``read_user_data``) and writes
them to the same ids, whatever the new order, exactly as typed: a Kommentti of 42, 0,5 or a date
stays a number or a date, spaces stay. Ids that vanished keep their input under "Poistuneet
tavoitteet", and a note that belongs to no goal is listed, so nothing a user wrote is dropped.

The suggested status is never written into Tila: the Tila drop-down of each row offers the suggestion
first, so accepting it is one pick from the list.

All texts from the source workbook are written as values (strings), never as formulas; formulas are
only the summary counts and the key-figure links (whose targets are validated A1 references).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

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
from xl_seuranta.domain.messages import Tavoiteseuranta, lang_of
from xl_seuranta.domain.plans import (
    CellStyle,
    CellWrite,
    ChartPlan,
    ConditionalFormatPlan,
    DataValidationPlan,
    PrintSetup,
    SheetPlan,
    fit_row_heights,
    header_footer_text,
    text_height,
)
from xl_seuranta.sheets import formats

SHEET_NAME = "Tavoiteseuranta"

# column positions (1-based); the user's own columns go after C_KEYFIG, then C_REASON and C_ID
C_GOAL, C_ACTIONS, C_METRICS, C_STATUS_TEXT, C_SUGGESTION = 1, 2, 3, 4, 5
C_TILA, C_COMMENT, C_PROGRESS, C_DEADLINE, C_KEYFIG = 6, 7, 8, 9, 10
C_REASON, C_ID = 11, 12  # without user columns; right of the print area
N_PRINTED = C_KEYFIG
N_COLS = C_ID
HEADER_ROW = 4

WIDTHS = {
    C_GOAL: 22,
    C_ACTIONS: 26,
    C_METRICS: 18,
    C_STATUS_TEXT: 32,
    C_SUGGESTION: 13,
    C_TILA: 13,
    C_COMMENT: 20,
    C_PROGRESS: 11,
    C_DEADLINE: 12,
    C_KEYFIG: 10,
}
USER_COLUMN_WIDTH = 16
REASON_WIDTH = 34
ID_WIDTH = 12

# ----------------------------------------------------------------------------------------- texts
# (The issue-8 message catalogue takes these over.)

LANGS = ("fi", "en")
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
    C_REASON: "col_reason",
    C_ID: "col_id",
}


def _labels(lang: str) -> dict[object, str]:
    """The sheet's texts in ``lang`` (catalogue group ``Tavoiteseuranta``); column headers also by column."""
    texts: dict[object, str] = dict(Tavoiteseuranta.templates(lang))
    texts.update({col: texts[name] for col, name in _COLUMN_TEXTS.items()})
    return texts


_OLD_TOOL_NOTES = ("Linkki tunnuslukuun:", "Link to key figure:")  # written by earlier versions

# header labels read back from an existing sheet (both languages)
_TILA_LABELS = {"tila", "status"}
_COMMENT_LABELS = {"kommentti", "comment"}
_ID_LABELS = {"tunniste", "id"}
_GOAL_LABELS = {"tavoite", "goal"}
_THEME_LABELS = {"teema", "theme"}

CATEGORY_COLORS: dict[Category, str] = {  # cell fills: light traffic lights
    "done": "C6EFCE",  # green
    "partial": "FFEB9C",  # yellow
    "not": "FFC7CE",  # red
    "unknown": "D9D9D9",  # grey
}
CHART_COLORS: dict[Category, str] = {  # chart bars: full traffic lights
    "done": "70AD47",
    "partial": "FFC000",
    "not": "C00000",
    "unknown": "7F7F7F",
}
NOT_CHOSEN_COLOR = "D9D9D9"
GREY = "7F7F7F"
RED = "C00000"
HEADER_FILL = "DDEBF7"
THEME_FILL = "F2F2F2"
_A1_REF = re.compile(r"^(?:'(?:[^']|'')+'|[A-Za-z0-9_.\u00c0-\u024f]+)!\$?[A-Za-z]{1,3}\$?\d{1,7}$")


class UnreadableNotes(Exception):
    """The previous sheet has notes whose text the engine cannot read; regenerating would lose them."""

    def __init__(self, cells: list[str], lang: str = "fi") -> None:
        self.cells = cells
        super().__init__(Tavoiteseuranta.unreadable_notes(lang, cells=", ".join(cells)))


@dataclass
class UserEntry:
    """What the user wrote for one goal id, exactly as typed, plus what is needed to list it if the
    goal vanishes: Tila, Kommentti, the user's own columns (label -> value) and cell notes
    (column label -> text)."""

    tila: object = None
    kommentti: object = None
    goal: str = ""
    theme: str = ""
    extras: dict[str, object] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)

    def has_input(self) -> bool:
        return self.tila is not None or self.kommentti is not None or bool(self.extras) or bool(self.notes)


@dataclass
class UserData:
    """Everything of the user's on a previous goal sheet."""

    entries: dict[str, UserEntry] = field(default_factory=dict)
    extra_columns: list[str] = field(default_factory=list)  # labels of the columns the user added
    header_notes: dict[str, str] = field(default_factory=dict)  # column label -> note on its header
    other_notes: list[tuple[str, str]] = field(default_factory=list)  # (A1, text) elsewhere


# ------------------------------------------------------------------------------ reading back


def _label(value: object) -> str:
    return re.sub(r"\s+", " ", str(value)).strip().casefold() if value is not None else ""


def _str(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _tool_label(label: str) -> bool:
    """A header the tool writes (either language), as opposed to a column the user added."""
    known = {_label(t) for lab in map(_labels, LANGS) for k, t in lab.items() if isinstance(k, int)}
    known |= _THEME_LABELS | {"ehdotuksen perustelu", "why suggested"}
    return label in known or label.startswith(
        ("tilanne ", "status text", "ehdotuksen perustelu", "why suggested")
    )


def _is_typed(value: object) -> bool:
    return value is not None and value != ""


def read_user_data(existing: Grid) -> UserData:
    """Everything the user wrote on a previous goal sheet.

    Header rows are found by the labels Tila / Kommentti / Tunniste (any position); rows below a
    header up to the next one are read when their Tunniste cell holds a goal id. A header cell that
    is not one of the tool's labels is a column the user added. The theme is taken from a Teema
    column when the section has one, else from the last heading row (a single text). Notes go with
    the goal and column they were on; notes on the header go with their column; any other note is
    listed as it was.
    """
    out = UserData()
    cols: dict[str, int] | None = None
    extras: dict[int, str] = {}
    labels_by_col: dict[int, str] = {}
    goal_rows: dict[int, str] = {}  # sheet row -> goal id
    header_rows: dict[int, dict[int, str]] = {}  # sheet row of a header -> column -> label
    row_labels: dict[int, dict[int, str]] = {}  # goal row -> the labels of its section's header
    theme = ""
    listing = False  # inside the "Muut muistiinpanot" list of an earlier regeneration
    list_titles = {_label(lab["other_notes"]) for lab in map(_labels, LANGS)}
    list_notes = {_label(lab["other_notes_note"]) for lab in map(_labels, LANGS)}
    for r in range(1, existing.n_rows + 1):
        values = existing.row_values(r)
        first = _label(existing.value(r, 1))
        if first in list_titles:
            listing = True
            continue
        if listing:
            ref, text = existing.value(r, C_GOAL), existing.value(r, C_ACTIONS)
            if first in list_notes:
                continue
            if ref is None and text is None:
                listing = False
            elif text is not None:
                out.other_notes.append((_str(ref), str(text)))
            continue
        labels = {_label(v): c for c, v in enumerate(values, start=1) if v is not None}
        found = {
            "tila": next((labels[k] for k in _TILA_LABELS if k in labels), None),
            "comment": next((labels[k] for k in _COMMENT_LABELS if k in labels), None),
            "id": next((labels[k] for k in _ID_LABELS if k in labels), None),
            "goal": next((labels[k] for k in _GOAL_LABELS if k in labels), None),
            "theme": next((labels[k] for k in _THEME_LABELS if k in labels), None),
        }
        if found["id"] and (found["tila"] or found["comment"]):
            cols = {k: v for k, v in found.items() if v}
            labels_by_col = {
                c: str(v).strip() for c, v in enumerate(values, start=1) if isinstance(v, str) and v.strip()
            }
            extras = {c: lab for c, lab in labels_by_col.items() if not _tool_label(_label(lab))}
            for lab in extras.values():
                if lab not in out.extra_columns:
                    out.extra_columns.append(lab)
            header_rows[r] = labels_by_col
            theme = ""
            continue
        if cols is None:
            continue
        ident = _str(existing.value(r, cols["id"]))
        if not GOAL_ID_RE.match(ident):
            nonempty = [v for v in values if v is not None]
            if len(nonempty) == 1 and isinstance(existing.value(r, 1), str):
                theme = _str(existing.value(r, 1))
            continue
        goal_rows[r] = ident
        tila = existing.value(r, cols["tila"]) if "tila" in cols else None
        comment = existing.value(r, cols["comment"]) if "comment" in cols else None
        typed = {lab: existing.value(r, c) for c, lab in extras.items() if _is_typed(existing.value(r, c))}
        entry = UserEntry(
            tila if _is_typed(tila) else None,
            comment if _is_typed(comment) else None,
            _str(existing.value(r, cols["goal"])) if "goal" in cols else "",
            _str(existing.value(r, cols["theme"])) if "theme" in cols else theme,
            typed,
        )
        if ident not in out.entries:
            out.entries[ident] = entry
            row_labels[r] = labels_by_col
    _place_notes(existing, out, goal_rows, header_rows, row_labels)
    out.entries = {k: e for k, e in out.entries.items() if e.has_input()}
    return out


def _place_notes(
    existing: Grid,
    out: UserData,
    goal_rows: dict[int, str],
    header_rows: dict[int, dict[int, str]],
    row_labels: dict[int, dict[int, str]],
) -> None:
    """Attach every note of the previous sheet to its goal and column, its header, or the list."""
    for (r, c), text in sorted(existing.notes.items()):
        if text.startswith(_OLD_TOOL_NOTES):
            continue  # the key-figure note earlier versions wrote: the tool's, not the user's
        if r in header_rows and c in header_rows[r]:
            out.header_notes.setdefault(header_rows[r][c], text)
            continue
        labels = row_labels.get(r, {})
        if c in labels:
            out.entries[goal_rows[r]].notes[labels[c]] = text
            continue
        out.other_notes.append((a1(r, c), text))


def read_user_rows(existing: Grid) -> dict[str, UserEntry]:
    """Every goal id in a previous goal sheet that has something the user wrote."""
    return read_user_data(existing).entries


def read_user_entries(existing: Grid) -> dict[str, tuple[object, object]]:
    """goal id -> (Tila, Kommentti), as typed, for every id in a previous goal sheet that has either."""
    return {
        k: (e.tila, e.kommentti)
        for k, e in read_user_rows(existing).items()
        if e.tila is not None or e.kommentti is not None
    }


def check_notes_readable(existing: Grid, lang: str = "fi") -> None:
    """Raise ``UnreadableNotes`` when the previous sheet has notes whose text cannot be read.

    Notes in the Tunnusluku column of goal rows are the key-figure notes earlier versions wrote.
    """
    if not existing.unreadable_notes:
        return
    keyfig = {_label(lab[C_KEYFIG]) for lab in map(_labels, LANGS)}
    keyfig_cols = {
        c
        for r in range(1, min(existing.n_rows, 40) + 1)
        for c, v in enumerate(existing.row_values(r), 1)
        if _label(v) in keyfig
    }
    cells = [
        ref
        for ref in existing.unreadable_notes
        if not any(re.fullmatch(f"{col_letter(c)}\\d+", ref) for c in keyfig_cols)
    ]
    if cells:
        raise UnreadableNotes(cells, lang)


# ----------------------------------------------------------------------------------- analysis


def _tila_category(tila: object, scale: list[str]) -> Category | None:
    if not isinstance(tila, str):
        return None
    for cat in ("done", "partial", "not", "unknown"):
        if scale_status(scale, cat).casefold() == tila.strip().casefold():  # type: ignore[arg-type]
            return cat  # type: ignore[return-value]
    return None


def _fmt_date(d: dt.date) -> str:
    return f"{d.day}.{d.month}.{d.year}"


def _fmt_pct(value: float) -> str:
    return f"{value:g}".replace(".", ",") + "\u00a0%"


def _suggestion(goal: Goal, scale: list[str], report_date: dt.date, lab: dict) -> tuple[str, str]:
    """(suggested status, why): the status for the printed column, the reasoning for the screen."""
    sug = suggest_status(goal.status_text, scale)
    if not goal.status_text.strip():
        why = lab["no_text"]
    elif sug.words:
        words = list(dict.fromkeys(sug.words))
        why = lab["words"].format(words=", ".join(words[:4]) + (", …" if len(words) > 4 else ""))
    else:
        why = lab["no_cues"]
    late = [d for d in find_dates(goal.status_text) if d > report_date]
    if late:
        why += "\n" + lab["late_date"].format(date=_fmt_date(late[0]))
    return sug.status, why


def _progress_text(goal: Goal, lab: dict) -> tuple[str, bool]:
    lines, bad = [], False
    for p in find_progress(goal.status_text):
        line = f"{p.done}/{p.total} = {round(p.computed_pct)}\u00a0%"
        if not p.consistent and p.stated_pct is not None:
            line += " " + lab["pct_mismatch"].format(pct=_fmt_pct(p.stated_pct))
            bad = True
        lines.append(line)
    return "\n".join(lines), bad


def _deadline_text(
    goal: Goal, tila: object, scale: list[str], report_date: dt.date, lab: dict
) -> tuple[str, bool]:
    text = "\n".join([goal.goal, goal.actions, goal.metrics])
    deadlines = find_deadlines(text, report_date.year)
    if not deadlines:
        return "", False
    dl = min(deadlines, key=lambda d: d.date)
    out = f"{_fmt_date(dl.date)}"
    if not re.fullmatch(r"[\d.\s]+(mennessä|asti|saakka)?", dl.phrase):
        out += f" ({dl.phrase})"
    if dl.date >= report_date:
        return out, False
    chosen = _tila_category(tila, scale) if tila is not None else None
    unfinished = chosen in ("partial", "not") if chosen else is_unfinished(goal.status_text)
    if unfinished:
        return f"{out} – {lab['overdue']}", True
    if tila is None and not goal.status_text.strip():
        return f"{out} – {lab['passed_no_status']}", True
    return out, False


def _key_figure_links(goal: Goal, key_figures: dict[str, str]) -> list[tuple[str, str]]:
    hay = _label(f"{goal.metrics}\n{goal.goal}")
    out = []
    for label, ref in key_figures.items():
        if _label(label) and _label(label) in hay and _A1_REF.match(ref.strip()):
            out.append((label, ref.strip()))
    return out


def _longest_word(texts: list[str], lower: float, upper: float) -> float:
    """A column width (characters) that holds the longest word of ``texts`` unbroken, within bounds."""
    longest = 0.0
    for text in texts:
        for word in text.split():
            longest = max(longest, sum(1.15 if ch.isupper() else 1.0 for ch in word))
    return min(max(longest + 2.5, lower), upper)  # bold headings are a little wider


def _typed_style(value: object, base: CellStyle) -> CellStyle:
    """A typed value keeps its kind: a date shows as a date (d.m.yyyy), text and numbers as typed."""
    if isinstance(value, dt.date):
        return base.model_copy(update={"number_format": formats.DATE})
    return base


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

    ``existing``: the grid of the previous Tavoiteseuranta sheet; what the user wrote there is kept
    per goal id (raises ``UnreadableNotes`` when it has notes whose text cannot be read). ``scale``:
    the status options (default Toteutunut / Osittain toteutunut / Ei toteutunut / Ei
    arvioitavissa). ``key_figures``: metric label -> A1 reference such as "'Tunnusluvut'!G12"; a goal
    whose metrics mention the label gets a formula to that cell. Deterministic: the same inputs give
    the same plan, and regenerating from the sheet it produced gives the same plan again.
    """
    lang = lang_of(lang)
    lab = _labels(lang)
    scale = list(scale or DEFAULT_SCALE)
    key_figures = key_figures or {}
    if existing is not None:
        check_notes_readable(existing, lang)
    user = read_user_data(existing) if existing is not None else UserData()
    entries = user.entries
    extra_cols = {label: N_PRINTED + 1 + i for i, label in enumerate(user.extra_columns)}
    last_printed = N_PRINTED + len(extra_cols)
    c_reason, c_id = last_printed + 1, last_printed + 2
    cells: list[CellWrite] = []
    merges: list[str] = []
    wrap_top = CellStyle(wrap=True, v_align="top")

    def put(row: int, col: int, value: object = None, style: CellStyle | None = None, **kw: object) -> None:
        value = None if value == "" else value
        cells.append(CellWrite(row=row, col=col, value=value, style=style, **kw))  # type: ignore[arg-type]

    themes: list[str] = []
    by_theme: dict[str, list[Goal]] = {}
    for g in goals:
        if g.theme not in by_theme:
            themes.append(g.theme)
            by_theme[g.theme] = []
        by_theme[g.theme].append(g)
    widths: dict[int, float] = dict(WIDTHS)
    widths[C_GOAL] = _longest_word(themes, WIDTHS[C_GOAL], 34)  # theme names are never broken mid-word
    widths |= dict.fromkeys(extra_cols.values(), USER_COLUMN_WIDTH)
    widths[c_reason], widths[c_id] = REASON_WIDTH, ID_WIDTH
    printed_width = sum(w for c, w in widths.items() if c <= last_printed)

    # title
    title = lab["title"] + (f" – {department}" if department else "")
    put(1, 1, title, CellStyle(bold=True, font_size=14))
    subtitle = lab["subtitle"].format(date=_fmt_date(report_date))
    put(2, 1, subtitle, CellStyle(italic=True, font_color=GREY, wrap=True, v_align="top"))
    merges.append(f"A2:{col_letter(last_printed)}2")

    # header
    dm = f"{report_date.day}.{report_date.month}."
    header_style = CellStyle(bold=True, fill=HEADER_FILL, wrap=True, v_align="center")
    headers: dict[int, str] = {c: str(lab[c]).format(dm=dm) for c in range(1, N_PRINTED + 1)}
    headers |= {c: label for label, c in extra_cols.items()}
    headers |= {c_reason: lab[C_REASON], c_id: lab[C_ID]}
    for c, text in headers.items():
        note = user.header_notes.get(text)
        put(HEADER_ROW, c, text, header_style, note=note)

    def col_of(label: str) -> int | None:
        """The column of a label of the previous sheet (tool columns in either language, user columns)."""
        if label in extra_cols:
            return extra_cols[label]
        folded = _label(label)
        for c in range(1, N_PRINTED + 1):
            if any(_label(str(_labels(x)[c]).format(dm=dm)) == folded for x in LANGS):
                return c
            if c == C_STATUS_TEXT and folded.startswith(("tilanne ", "status text")):
                return c
        if folded in {_label(_labels(x)[C_ID]) for x in LANGS}:
            return c_id
        return None

    # goal rows grouped by theme (themes in order of first appearance)
    row = HEADER_ROW + 1
    blocks: list[tuple[str, int, int]] = []  # theme, first goal row, last goal row
    validations: list[DataValidationPlan] = []
    lost_notes: list[tuple[str, str]] = []
    for theme in themes:
        put(row, 1, theme, CellStyle(bold=True, fill=THEME_FILL))
        for c in range(2, last_printed + 1):
            put(row, c, None, CellStyle(fill=THEME_FILL))
        row += 1
        first = row
        for g in by_theme[theme]:
            entry = entries.get(g.id, UserEntry())
            put(row, C_GOAL, g.goal, wrap_top)
            put(row, C_ACTIONS, g.actions, wrap_top)
            put(row, C_METRICS, g.metrics, wrap_top)
            put(row, C_STATUS_TEXT, g.status_text, wrap_top)
            status, why = _suggestion(g, scale, report_date, lab)
            put(row, C_SUGGESTION, status, CellStyle(italic=True, font_color=GREY, wrap=True, v_align="top"))
            put(row, c_reason, why, CellStyle(italic=True, font_color=GREY, wrap=True, v_align="top"))
            tila_style = CellStyle(wrap=True, v_align="top", bold=True)
            put(row, C_TILA, entry.tila, _typed_style(entry.tila, tila_style))
            put(row, C_COMMENT, entry.kommentti, _typed_style(entry.kommentti, wrap_top))
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
                put(
                    row,
                    C_KEYFIG,
                    None,
                    CellStyle(v_align="top", number_format=formats.EUR),
                    formula="=" + links[0][1],
                )
            for label, c in extra_cols.items():
                value = entry.extras.get(label)
                put(row, c, value, _typed_style(value, wrap_top))
            put(row, c_id, g.id, CellStyle(font_color=GREY, v_align="top"))
            validations.append(
                DataValidationPlan(
                    ref=f"{col_letter(C_TILA)}{row}",
                    options=[status, *(s for s in scale if s != status)],
                    prompt=lab["tila_prompt"].format(status=status),
                )
            )
            lost_notes += _attach_notes(cells, row, entry, col_of, g.id)
            row += 1
        blocks.append((theme, first, row - 1))
    last_goal_row = max(row - 1, HEADER_ROW + 1)
    print_breaks: list[int] = []

    # summary: live counts of the chosen Tila per theme, on a page of its own with its chart
    row += 1
    print_breaks.append(row - 1)
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
    count = CellStyle(h_align="center", v_align="center", number_format=formats.COUNT)
    for theme, r1, r2 in blocks:
        rng = f"${tl}${r1}:${tl}${r2}"
        put(row, 1, theme, CellStyle(wrap=True, v_align="center"))
        for c in status_cols:
            put(row, c, None, count, formula=f"=COUNTIFS({rng},{col_letter(c)}${sum_header})")
        put(row, c_none, None, count, formula=f"=COUNTBLANK({rng})")
        put(row, c_total, None, count, formula=f"=ROWS({rng})")
        put(
            row,
            c_share,
            None,
            CellStyle(number_format=formats.PCT_WHOLE, h_align="center", v_align="center"),
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
                count.model_copy(update={"bold": True}),
                formula=f"=SUM({cl}{first_sum}:{cl}{last_sum})",
            )
        put(
            row,
            c_share,
            None,
            CellStyle(bold=True, number_format=formats.PCT_WHOLE, h_align="center"),
            formula=_share(row, c_done, c_total),
        )
        row += 1

    charts = []
    if blocks:
        row += 1
        put(row, 1, lab["chart_note"], CellStyle(italic=True, font_color=GREY))
        row += 1
        colors = [CHART_COLORS[_tila_category(s, scale) or "unknown"] for s in scale] + [NOT_CHOSEN_COLOR]
        height = max(7.0, 1.1 * len(blocks) + 3.5)
        charts.append(
            ChartPlan(
                kind="bar",
                title=lab["chart"],
                categories_ref=f"A{first_sum}:A{last_sum}",
                series=[
                    (s, f"{col_letter(c)}{first_sum}:{col_letter(c)}{last_sum}")
                    for c, s in zip([*status_cols, c_none], [*scale, lab["not_chosen"]], strict=True)
                ],
                anchor=f"A{row}",
                width_cm=22,
                height_cm=height,
                stacked=True,
                colors=colors,
                value_min=0,
                major_unit=1,
                value_format="0",
                legend="bottom",
                font_size=11,  # printed at about 78 %: 8.5 pt
            )
        )
        row += round(height / 0.53) + 1

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
        for c, text in (
            (C_GOAL, lab[C_GOAL]),
            (C_ACTIONS, lab["theme"]),
            (C_TILA, lab[C_TILA]),
            (C_COMMENT, lab[C_COMMENT]),
            *((c, label) for label, c in extra_cols.items()),
            (c_id, lab[C_ID]),
        ):
            put(row, c, text, header_style)
        row += 1
        first_removed = row
        for ident, e in removed:
            put(row, C_GOAL, e.goal or None, wrap_top)
            put(row, C_ACTIONS, e.theme or None, wrap_top)
            put(row, C_TILA, e.tila, _typed_style(e.tila, CellStyle(wrap=True, v_align="top", bold=True)))
            put(row, C_COMMENT, e.kommentti, _typed_style(e.kommentti, wrap_top))
            for label, c in extra_cols.items():
                value = e.extras.get(label)
                put(row, c, value, _typed_style(value, wrap_top))
            put(row, c_id, ident, CellStyle(font_color=GREY, v_align="top"))
            lost_notes += _attach_notes(cells, row, e, col_of, ident, removed_row=True)
            row += 1
        tila_ranges.append(f"{tl}{first_removed}:{tl}{row - 1}")
        validations.append(
            DataValidationPlan(ref=tila_ranges[-1], options=scale, prompt=lab["tila_prompt_plain"])
        )

    # notes that belong to no goal row or header: listed as they were, never dropped
    other = user.other_notes + lost_notes
    note_rows: list[tuple[int, str]] = []
    if other:
        row += 1
        put(row, 1, lab["other_notes"], CellStyle(bold=True, font_size=12))
        row += 1
        put(row, 1, lab["other_notes_note"], CellStyle(italic=True, font_color=GREY))
        row += 1
        for ref, text in other:
            note_rows.append((row, text))
            put(row, C_GOAL, ref, CellStyle(v_align="top"))
            put(row, C_ACTIONS, text, wrap_top)
            merges.append(f"{col_letter(C_ACTIONS)}{row}:{col_letter(C_STATUS_TEXT)}{row}")
            row += 1
    last_row = row - 1

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

    plan = fit_row_heights(
        SheetPlan(
            name=SHEET_NAME,
            mode="replace",
            cells=cells,
            merges=merges,
            column_widths=widths,
            freeze=a1(HEADER_ROW + 1, 1),
            validations=validations,
            conditional_formats=cfs,
            charts=charts,
            print_setup=PrintSetup(
                print_area=f"A1:{col_letter(last_printed)}{last_row}",
                repeat_rows=f"{HEADER_ROW}:{HEADER_ROW}",
                fit_to_width=True,
                landscape=True,
                margins_cm=(1.0, 1.0, 1.5, 1.5),
                row_breaks=print_breaks,
                footer_left=header_footer_text(title),
                footer_right=formats.page_footer(lang),
                footer_size=11,  # the page is scaled to fit its width, to about 80 %
            ),
            tab_color="70AD47",
        )
    )
    heights = {**plan.row_heights, 2: text_height(subtitle, printed_width)}
    note_width = widths[C_ACTIONS] + widths[C_METRICS] + widths[C_STATUS_TEXT]
    for r, text in note_rows:
        heights[r] = max(heights.get(r, 0), text_height(text, note_width))
    return [plan.model_copy(update={"row_heights": heights})]


def _attach_notes(
    cells: list[CellWrite],
    row: int,
    entry: UserEntry,
    col_of: Callable[[str], int | None],
    ident: str,
    removed_row: bool = False,
) -> list[tuple[str, str]]:
    """Put the entry's notes on its row's cells; return those whose column is gone (to list them)."""
    lost: list[tuple[str, str]] = []
    for label, text in entry.notes.items():
        col = col_of(label)
        if removed_row and col not in (C_GOAL, C_TILA, C_COMMENT) and not (col and col > N_PRINTED):
            col = None
        target = next((c for c in cells if c.row == row and c.col == col), None) if col else None
        if target is None:
            lost.append((f"{ident} / {label}", text))
            continue
        target.note = text
    return lost


def _share(row: int, c_done: int, c_total: int) -> str:
    tot = f"{col_letter(c_total)}{row}"
    return f'=IF({tot}=0,"",{col_letter(c_done)}{row}/{tot})'
