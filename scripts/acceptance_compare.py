"""What the Excel acceptance test expects, and how it compares what Excel did with it.

``scripts/excel_acceptance.py`` drives Excel (Windows; on macOS only the parts that need no desktop
add-in) and hands what it saw to :func:`evaluate` as an :class:`Observed`. Everything here runs
without Excel, so the comparison logic is tested on Linux (``tests/excel/test_excel_acceptance.py``)
against values recorded at test time from the CLI and the metrics core, with the ribbon macros run on
the xlwings remote engine and the formulas recalculated by LibreOffice standing in for Excel.

Expected values come from the same workbook the way a user would get them without Excel:

* the generated sheets: ``xl-seuranta run``, ``compute`` and ``goals`` on a copy of the workbook, read
  back with openpyxl (constants as values, formulas as formula text);
* the Laskelmat numbers: the metrics core (``sheets.laskelmat.metric_values``);
* the message boxes: the CLI's finding counts (``check --format json``) in the macros' wording;
* the cell functions: one case per function and line of the example, typed as a formula with
  references to the example's cells, expected value from ``xl_seuranta.metrics``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import numpy as np
from openpyxl import load_workbook
from openpyxl.utils import quote_sheetname

from xl_seuranta import metrics
from xl_seuranta.app.doctor import Report, summary_line
from xl_seuranta.domain.grid import Grid, a1, parse_a1
from xl_seuranta.domain.periods import Period, PeriodKind

NA = "#N/A"
TARKISTUS, LASKELMAT, TAVOITESEURANTA = "Tarkistus", "Laskelmat", "Tavoiteseuranta"
YHTEENVETO = "Yhteenveto"  # the board view Laske writes beside Laskelmat
UDF_SHEET = "Hyväksyntä"
# The CLI stamps the file name and time of the run on row 3 of Tarkistus; the ribbon does not.
SKIP_CELLS = {TARKISTUS: {(3, 1)}}
MAX_SHOWN = 5
# Input cells a case is not built on: an error value (the function passes it through), text (the
# function says #VALUE!) or a formula saved without its value (Excel would calculate one). The core
# has a NaN for all three, so there is no metrics value to expect.
UNUSABLE = {"error", "text", "uncached_formula"}


# --------------------------------------------------------------------------------------------
# Texts (fi/en)
# --------------------------------------------------------------------------------------------

T: dict[str, dict[str, str]] = {
    "pass": {"fi": "OK", "en": "PASS"},
    "fail": {"fi": "VIRHE", "en": "FAIL"},
    "skip": {"fi": "OHITETTU", "en": "SKIPPED"},
    "h_area": {"fi": "Osa", "en": "Area"},
    "h_check": {"fi": "Tarkistus", "en": "Check"},
    "h_result": {"fi": "Tulos", "en": "Result"},
    "h_detail": {"fi": "Lisätieto", "en": "Detail"},
    "a_ribbon": {"fi": "Painikkeet", "en": "Ribbon"},
    "a_sheets": {"fi": "Välilehdet", "en": "Sheets"},
    "a_udfs": {"fi": "Solufunktiot", "en": "Cell functions"},
    "a_cli": {"fi": "CLI:n tiedosto", "en": "CLI file"},
    "alert": {"fi": "{entry}: ilmoitus", "en": "{entry}: message box"},
    "sheet_vs_cli": {"fi": "{entry}: {sheet} = CLI", "en": "{entry}: {sheet} = CLI"},
    "values_vs_metrics": {
        "fi": "{entry}: {sheet}-arvot = metrics",
        "en": "{entry}: {sheet} values = metrics",
    },
    "cli_in_excel": {"fi": "CLI:n {sheet} Excelissä = metrics", "en": "CLI's {sheet} in Excel = metrics"},
    "udf": {"fi": "={f}", "en": "={f}"},
    "isna": {"fi": "#N/A on virhearvo (ISNA)", "en": "#N/A is an error value (ISNA)"},
    "call_failed": {"fi": "makron kutsu epäonnistui: {e}", "en": "the macro call failed: {e}"},
    "no_alert": {"fi": "ei ilmoitusta; odotettiin: {want}", "en": "no message box; expected: {want}"},
    "many_alerts": {
        "fi": "{n} ilmoitusta, odotettiin yksi: {texts}",
        "en": "{n} message boxes, expected one: {texts}",
    },
    "wrong_alert": {"fi": "ilmoitus {got!r}; odotettiin: {want}", "en": "message {got!r}; expected: {want}"},
    "no_sheet": {"fi": "välilehteä {sheet} ei ole", "en": "no sheet {sheet}"},
    "cells_equal": {"fi": "{n} solua samat", "en": "{n} cells equal"},
    "cells_differ": {"fi": "{n}/{total} solua eroaa: {shown}", "en": "{n} of {total} cells differ: {shown}"},
    "cell_diff": {"fi": "{cell} odotettu {want}, saatu {got}", "en": "{cell} expected {want}, got {got}"},
    "udf_equal": {"fi": "{n} solua samat kuin metrics", "en": "{n} cells equal to metrics"},
    "udf_differ": {"fi": "{n}/{total} eroaa: {shown}", "en": "{n} of {total} differ: {shown}"},
    "isna_ok": {"fi": "{n} #N/A-solua, kaikki virhearvoja", "en": "{n} #N/A cells, all error values"},
    "isna_text": {
        "fi": "{n}/{total} #N/A-solua on tekstiä, ei virhearvoa (ISNA = EPÄTOSI): IFNA/ISNA eivät toimi niissä",
        "en": "{n} of {total} #N/A cells are text, not error values (ISNA = FALSE): IFNA/ISNA miss them",
    },
    "blank": {"fi": "(tyhjä)", "en": "(blank)"},
    "udf_dialogs": {"fi": "ilmoitukset laskennan aikana", "en": "message boxes while calculating"},
    "a_install": {"fi": "Asennus", "en": "Installation"},
    "summary_pass": {"fi": "Kaikki {n} tarkistusta läpäisty.", "en": "All {n} checks passed."},
    "summary_fail": {
        "fi": "{failed}/{n} tarkistusta epäonnistui.",
        "en": "{failed} of {n} checks failed.",
    },
}


def t(key: str, lang: str, **kw: object) -> str:
    return T[key]["en" if lang == "en" else "fi"].format(**kw)


# --------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------


class Outcome(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    SKIP = "skip"


@dataclass(frozen=True)
class Row:
    """One line of the pass/fail table."""

    area: str
    name: str
    outcome: Outcome
    detail: str = ""


@dataclass(frozen=True)
class Ref:
    """A cell or range of the workbook as a cell-function argument."""

    sheet: str
    ref: str  # "E5" or "E5:E9"

    def text(self) -> str:
        return f"{quote_sheetname(self.sheet)}!{self.ref}"

    def cells(self) -> tuple[tuple[int, int], tuple[int, int]]:
        first, _, last = self.ref.partition(":")
        return parse_a1(first), parse_a1(last or first)


Arg = Ref | float | str


@dataclass(frozen=True)
class UdfCase:
    """One cell-function call typed into a cell, with the value the metrics core gives."""

    label: str
    function: str  # the Python name in xl_seuranta.app.udfs, lower case
    args: tuple[Arg, ...]
    expected: float | str  # a number or "#N/A"

    @property
    def formula(self) -> str:
        """en-US formula text (comma separators), as Range.Formula takes it."""
        parts = []
        for arg in self.args:
            if isinstance(arg, Ref):
                parts.append(arg.text())
            elif isinstance(arg, str):
                parts.append('"' + arg.replace('"', '""') + '"')
            else:
                parts.append(repr(float(arg)))
        return f"={self.function.upper()}({','.join(parts)})"


@dataclass(frozen=True)
class ExpectedCell:
    value: object
    formula: str | None = None


@dataclass(frozen=True)
class MetricCell:
    """One Laskelmat formula cell and the number the metrics core computes for it (NaN: blank)."""

    row: int
    col: int
    metric: str
    value: float


@dataclass
class Expected:
    workbook: Path
    summary: dict[str, int]
    findings: list[dict]
    sheets: dict[str, dict[tuple[int, int], ExpectedCell]]
    laskelmat: list[MetricCell]
    udf_cases: list[UdfCase]
    compute_file: Path


@dataclass
class SheetSnapshot:
    """A sheet as Excel shows it: values (formulas evaluated) and formula texts, from A1.

    ``formulas`` holds the text only where the cell has a formula, else None.
    """

    values: list[list[object]]
    formulas: list[list[str | None]] = field(default_factory=list)

    def value(self, row: int, col: int) -> object:
        return _at(self.values, row, col)

    def formula(self, row: int, col: int) -> str | None:
        f = _at(self.formulas, row, col)
        return f if isinstance(f, str) and f.startswith("=") else None

    def positions(self) -> set[tuple[int, int]]:
        out = set()
        for grid in (self.values, self.formulas):
            for r, row in enumerate(grid, start=1):
                for c, v in enumerate(row, start=1):
                    if v not in (None, ""):
                        out.add((r, c))
        return out


def _at(grid: list[list[object]], row: int, col: int) -> object:
    if row < 1 or row > len(grid) or col < 1 or col > len(grid[row - 1]):
        return None
    return grid[row - 1][col - 1]


@dataclass
class Observed:
    """What the Excel run saw. Missing keys mean "not observed"; the driver records failures."""

    alerts: dict[str, list[str]] = field(default_factory=dict)  # entry -> message box texts
    errors: dict[str, str] = field(default_factory=dict)  # entry -> why the call failed
    sheets: dict[tuple[str, str], SheetSnapshot | None] = field(default_factory=dict)  # (entry, sheet)
    udf_values: list[object] | None = None  # one per Expected.udf_cases
    udf_isna: list[bool | None] | None = None  # ISNA() of each #N/A case's cell, where typed
    udf_dialogs: list[str] = field(default_factory=list)  # message boxes while the functions calculated
    cli_laskelmat: SheetSnapshot | None = None  # the CLI's compute file opened and calculated in Excel
    skipped: list[Row] = field(default_factory=list)  # parts not run here, with the reason


# --------------------------------------------------------------------------------------------
# Recording the expected values
# --------------------------------------------------------------------------------------------


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "xl_seuranta.app.cli", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


def _cli_file(src: Path, workdir: Path, command: str) -> Path:
    out = workdir / f"cli_{command}.xlsx"
    r = _cli(command, str(src), "-o", str(out))
    if r.returncode != 0 or not out.is_file():
        raise RuntimeError(f"xl-seuranta {command} failed ({r.returncode}): {r.stderr.strip()}")
    return out


def sheet_cells(path: Path, sheet: str) -> dict[tuple[int, int], ExpectedCell]:
    """Every non-empty cell of ``sheet``: formulas as their text, other cells as their value."""
    ws = load_workbook(path)[sheet]
    out: dict[tuple[int, int], ExpectedCell] = {}
    for row in ws.iter_rows():
        for c in row:
            if c.value is None or c.value == "":
                continue
            if c.data_type == "f":
                text = c.value if isinstance(c.value, str) else getattr(c.value, "text", str(c.value))
                out[(c.row, c.column)] = ExpectedCell(None, text if text.startswith("=") else f"={text}")
            else:
                out[(c.row, c.column)] = ExpectedCell(c.value)
    return out


def record_expected(example: Path, workdir: Path) -> Expected:
    """Run the CLI and the metrics core on a copy of ``example``; what Excel must reproduce."""
    from xl_seuranta.io.file_reader import read_workbook
    from xl_seuranta.layout import discover_book
    from xl_seuranta.sheets.laskelmat import metric_values

    workdir.mkdir(parents=True, exist_ok=True)
    src = workdir / example.name
    shutil.copyfile(example, src)
    r = _cli("check", str(src), "--format", "json")
    if r.returncode not in (0, 1):
        raise RuntimeError(f"xl-seuranta check failed ({r.returncode}): {r.stderr.strip()}")
    (report,) = json.loads(r.stdout)["files"]
    files = {cmd: _cli_file(src, workdir, cmd) for cmd in ("run", "compute", "goals")}
    sheets = {
        TARKISTUS: sheet_cells(files["run"], TARKISTUS),
        LASKELMAT: sheet_cells(files["compute"], LASKELMAT),
        YHTEENVETO: sheet_cells(files["compute"], YHTEENVETO),
        TAVOITESEURANTA: sheet_cells(files["goals"], TAVOITESEURANTA),
    }
    grids = read_workbook(src)
    book = discover_book(grids)
    mv = metric_values(book)
    laskelmat = [
        MetricCell(int(r.row), int(r.col), str(r.metric), float(r.value)) for r in mv.itertuples(index=False)
    ]
    return Expected(
        workbook=src,
        summary=report["summary"],
        findings=report["findings"],
        sheets=sheets,
        laskelmat=laskelmat,
        udf_cases=udf_cases(grids),
        compute_file=files["compute"],
    )


def udf_cases(grids: list[Grid]) -> list[UdfCase]:
    """Cell-function calls on the example's own cells, each with the value the metrics core gives.

    Per line of the operating statement (Käyttötalous): change € and % of this year's budget against
    last year's (amended) budget, utilisation, pace deviation and forecast of the year-to-date actuals;
    the elapsed share on both bases; € per resident of the operating margin with the population the
    Tunnusluvut sheet implies; the sum checks of income and expense lines per column. Inputs of
    the kinds in ``UNUSABLE`` are left out.
    """
    from xl_seuranta.layout import discover_book

    book = discover_book(grids)
    frame = book.frame
    info = next((i for i in book.tables if i.table == "kayttotalous"), None)
    if info is None or frame.empty:
        return []
    periods = list(info.periods.values())
    tot = next((p for p in periods if p.kind is PeriodKind.TOTEUMA), None)
    if tot is None:
        return []
    ta = _period(periods, tot.year, (PeriodKind.TA,))
    prev = _period(periods, tot.year - 1, (PeriodKind.TA_MUUTOS, PeriodKind.TA))
    rows = frame[(frame["table"] == "kayttotalous") & (frame["measure"] == "value")]
    cell = {(r.line, r.period): (Ref(r.sheet, r.cell), r.value, r.kind) for r in rows.itertuples(index=False)}
    found = _report_date_cell(grids)
    when = found[1] if found else tot.as_of
    date_arg: Arg = found[0] if found else f"{when.day}.{when.month}.{when.year}"

    cases: list[UdfCase] = []
    lines = list(dict.fromkeys(rows.sort_values("row")["line"]))

    def add(label: str, fn: str, args: tuple[Arg, ...], value: float) -> None:
        cases.append(UdfCase(label, fn, args, NA if value is None or math.isnan(value) else float(value)))

    for line in lines:
        got = {p.key: cell.get((line, p.key)) for p in (tot, ta, prev) if p is not None}
        if any(g is None or g[2] in UNUSABLE for g in got.values()):
            continue
        actual = got[tot.key]
        if ta is not None and prev is not None:
            new, old = got[ta.key], got[prev.key]
            add(
                f"{line}: {ta.key}−{prev.key}",
                "muutos_eur",
                (new[0], old[0]),
                metrics.muutos_eur(new[1], old[1]),
            )
            add(
                f"{line}: {ta.key}/{prev.key}",
                "muutos_pros",
                (new[0], old[0]),
                metrics.muutos_pros(new[1], old[1]),
            )
        if ta is not None:
            budget = got[ta.key]
            add(
                f"{line}: {tot.key}/{ta.key}",
                "toteuma_pros",
                (actual[0], budget[0]),
                metrics.toteuma_pros(actual[1], budget[1]),
            )
            add(
                f"{line}: {tot.key}/{ta.key}",
                "poikkeama_pp",
                (actual[0], budget[0], date_arg),
                metrics.poikkeama_pp(actual[1], budget[1], when, "kk"),
            )
        add(
            f"{line}: {tot.key}",
            "ennuste",
            (actual[0], date_arg),
            metrics.ennuste(actual[1], when, "lineaarinen"),
        )
    for basis in metrics.OSUUS_TAVAT:
        add(
            f"{when:%d.%m.%Y} {basis}", "kulunut_osuus", (date_arg, basis), metrics.kulunut_osuus(when, basis)
        )
    cases += _per_resident_cases(frame, cell)
    cases += _sum_cases(info.periods, rows, cell)
    return cases


def _period(periods: Iterable[Period], year: int, kinds: tuple[PeriodKind, ...]) -> Period | None:
    for kind in kinds:
        for p in periods:
            if p.kind is kind and p.year == year:
                return p
    return None


def _report_date_cell(grids: list[Grid]) -> tuple[Ref, dt.date] | None:
    """The settings sheet's Raportointipäivä cell and its date, found by its label."""
    for grid in grids:
        for r, row in enumerate(grid.rows, start=1):
            for c, v in enumerate(row[:-1], start=1):
                label = isinstance(v, str) and v.strip().lower() == "raportointipäivä"
                value = row[c]
                if label and isinstance(value, dt.date):
                    day = value.date() if isinstance(value, dt.datetime) else value
                    return Ref(grid.name, a1(r, c + 1)), day
    return None


def _per_resident_cases(frame, cell) -> list[UdfCase]:
    """€/asukas of TOIMINTAKATE with the population Tunnusluvut's 'Toimintakate €/asukas' implies."""
    key = frame[(frame["table"] == "tunnusluvut") & (frame["measure"] == "value")]
    key = key[key["line"].str.contains("asukas", case=False)]
    out = []
    for r in key.itertuples(index=False):
        margin = cell.get(("TOIMINTAKATE", r.period))
        if margin is None or margin[2] in UNUSABLE or not r.period.startswith("TP"):
            continue
        population = metrics.asukasluku_implisiittinen(margin[1], r.value)
        if population is None or math.isnan(population):
            continue
        population = float(round(population))
        value = metrics.eur_per_asukas(margin[1], population)
        out.append(
            UdfCase(
                f"TOIMINTAKATE {r.period} / {population:.0f}",
                "eur_per_asukas",
                (margin[0], population),
                NA if math.isnan(value) else float(value),
            )
        )
    return out


def _sum_cases(periods: dict[int, Period], rows, cell) -> list[UdfCase]:
    """TARKISTA_SUMMA of the income and the expense lines against their printed totals, per column."""
    order = rows.drop_duplicates("line").sort_values("row")[["line", "row"]].to_numpy().tolist()
    out = []
    start = 0
    for i, (line, _row) in enumerate(order):
        if line not in ("TOIMINTATUOTOT", "TOIMINTAKULUT"):
            continue
        parts = order[start:i]
        start = i + 1
        if not parts or [r for _, r in parts] != list(range(parts[0][1], parts[0][1] + len(parts))):
            continue  # the parts are not one block of rows right above the total
        for p in periods.values():
            total = cell.get((line, p.key))
            values = [cell.get((name, p.key)) for name, _ in parts]
            if total is None or total[2] in UNUSABLE or any(v is None or v[2] in UNUSABLE for v in values):
                continue
            first, last = values[0][0], values[-1][0]
            rng = Ref(first.sheet, f"{first.ref}:{last.ref}")
            gap = float(metrics.tarkista_summa(np.array([v[1] for v in values], dtype=float), total[1]))
            out.append(
                UdfCase(
                    f"{line} {p.key}", "tarkista_summa", (rng, total[0], 0.0), NA if math.isnan(gap) else gap
                )
            )
    return out


# --------------------------------------------------------------------------------------------
# Comparing
# --------------------------------------------------------------------------------------------


def _norm(v: object) -> object:
    if isinstance(v, list | tuple) and len(v) == 1:
        return _norm(v[0])  # a 1x1 array result shows as its one value
    if v is None or v == "":
        return None
    if isinstance(v, bool):
        return v
    if isinstance(v, int | float | np.integer | np.floating):
        return float(v)
    if isinstance(v, dt.datetime):
        return v.date() if v.time() == dt.time() else v
    return v


def same_value(want: object, got: object, rel: float = 1e-9) -> bool:
    a, b = _norm(want), _norm(got)
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=rel, abs_tol=rel)
    return a == b


_STRING = re.compile(r'"(?:[^"]|"")*"')


def normalize_formula(text: str) -> str:
    """Formula text for comparison: no spaces, upper case and no _xlfn. prefixes outside strings."""
    out, pos = [], 0
    for m in _STRING.finditer(text):
        out.append(_norm_code(text[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_norm_code(text[pos:]))
    return "".join(out).lstrip("=")


def _norm_code(code: str) -> str:
    return re.sub(r"\s+", "", code).upper().replace("_XLFN.", "").replace("_XLWS.", "")


def show(v: object, lang: str) -> str:
    """A value for people: Finnish number habits in Finnish."""
    v = _norm(v)
    if v is None:
        return t("blank", lang)
    if isinstance(v, float):
        text = f"{v:.10g}"
        return text.replace(".", ",").replace("-", "\u2212") if lang != "en" else text
    if isinstance(v, dt.date):
        return f"{v.day}.{v.month}.{v.year}" if lang != "en" else v.isoformat()
    return repr(v) if isinstance(v, str) else str(v)


def compare_sheet(
    want: dict[tuple[int, int], ExpectedCell],
    got: SheetSnapshot,
    lang: str,
    skip: set[tuple[int, int]] = frozenset(),
) -> list[str]:
    """Cells where ``got`` differs from ``want`` (formula text for formulas, value for the rest)."""
    diffs = []
    for r, c in sorted((set(want) | got.positions()) - set(skip)):
        exp = want.get((r, c), ExpectedCell(None))
        have = got.formula(r, c)
        if exp.formula is not None:
            ok = have is not None and normalize_formula(have) == normalize_formula(exp.formula)
            wanted = exp.formula
        else:  # a constant: a formula giving the same value would do, but say which formula it was
            ok = same_value(exp.value, got.value(r, c))
            wanted = show(exp.value, lang)
        if not ok:
            shown = have if have is not None else show(got.value(r, c), lang)
            diffs.append(t("cell_diff", lang, cell=a1(r, c), want=wanted, got=shown))
    return diffs


def compare_metric_values(want: list[MetricCell], got: SheetSnapshot, lang: str) -> list[str]:
    """Laskelmat cells whose calculated value is not the metrics core's (NaN: an empty cell)."""
    diffs = []
    for m in want:
        have = got.value(m.row, m.col)
        if math.isnan(m.value):
            ok = _norm(have) is None
        else:
            ok = isinstance(_norm(have), float) and math.isclose(
                _norm(have), m.value, rel_tol=1e-6, abs_tol=1e-6
            )
        if not ok:
            diffs.append(
                t(
                    "cell_diff",
                    lang,
                    cell=a1(m.row, m.col),
                    want=show(m.value if not math.isnan(m.value) else None, lang),
                    got=show(have, lang),
                )
            )
    return diffs


@dataclass(frozen=True)
class Step:
    """One VBA entry point of the add-in, what its message box must say, and the sheets it writes."""

    entry: str
    sheets: tuple[str, ...]
    message: Callable[[Expected], tuple[str, Callable[[str], bool]]]


def _summary_phrase(e: Expected) -> str:
    from xl_seuranta.domain.messages import summary_text

    return summary_text(e.summary, "fi")


def _starts(prefix: str) -> tuple[str, Callable[[str], bool]]:
    return f"{prefix}…", lambda s: s.startswith(prefix)


def _help_text(_e: Expected) -> tuple[str, Callable[[str], bool]]:
    from xl_seuranta.domain.messages import Macros

    HELP_FI = Macros.help("fi")

    return HELP_FI.splitlines()[0] + "…", lambda s: s.strip() == HELP_FI.strip()


STEPS: tuple[Step, ...] = (
    Step("SeurantaTarkista", (TARKISTUS,), lambda e: _starts(f"Tarkistus valmis: {_summary_phrase(e)}.")),
    Step("SeurantaLaske", (YHTEENVETO, LASKELMAT), lambda e: _starts("Tunnusluvut laskettu.")),
    Step("SeurantaTavoitteet", (TAVOITESEURANTA,), lambda e: _starts("Tavoitteiden seuranta päivitetty")),
    Step(
        "SeurantaPaivitaKaikki",
        (TARKISTUS, YHTEENVETO, LASKELMAT, TAVOITESEURANTA),
        lambda e: _starts(f"Kaikki päivitetty: tunnusluvut, tavoitteet ja tarkistus ({_summary_phrase(e)})."),
    ),
    Step("Ohje", (), _help_text),
    Step(
        "TestaaAsennus",
        (),
        lambda e: (
            "…Asennus on käyttökunnossa.",
            lambda s: s.rstrip().endswith("Asennus on käyttökunnossa."),
        ),
    ),
    Step("TuoFunktiot", (), lambda e: _starts("Solufunktiot tuotu")),
)


def compare_alert(
    step: Step, expected: Expected, texts: list[str] | None, error: str | None, lang: str
) -> Row:
    name = t("alert", lang, entry=step.entry)
    area = t("a_ribbon", lang)
    if error:
        return Row(area, name, Outcome.FAIL, t("call_failed", lang, e=error))
    want, ok = step.message(expected)
    texts = [x.replace("\r\n", "\n") for x in texts or []]  # Win32 dialogs may return CRLF
    if not texts:
        return Row(area, name, Outcome.FAIL, t("no_alert", lang, want=want))
    if len(texts) > 1:
        return Row(area, name, Outcome.FAIL, t("many_alerts", lang, n=len(texts), texts=" | ".join(texts)))
    if not ok(texts[0]):
        return Row(area, name, Outcome.FAIL, t("wrong_alert", lang, got=texts[0][:300], want=want))
    return Row(area, name, Outcome.PASS, texts[0].splitlines()[0][:120])


def _diff_row(area: str, name: str, diffs: list[str], total: int, lang: str) -> Row:
    if diffs:
        shown = "; ".join(diffs[:MAX_SHOWN]) + (" …" if len(diffs) > MAX_SHOWN else "")
        return Row(area, name, Outcome.FAIL, t("cells_differ", lang, n=len(diffs), total=total, shown=shown))
    return Row(area, name, Outcome.PASS, t("cells_equal", lang, n=total))


def compare_udfs(
    cases: list[UdfCase], values: list[object], isna: list[bool | None] | None, lang: str
) -> list[Row]:
    """One row per function (every case of it equal to metrics), and one for ISNA on #N/A cells."""
    area = t("a_udfs", lang)
    rows = []
    by_fn: dict[str, list[tuple[UdfCase, object]]] = {}
    for case, got in zip(cases, values, strict=True):
        by_fn.setdefault(case.function, []).append((case, got))
    for fn, pairs in by_fn.items():
        bad = []
        for case, got in pairs:
            g = _norm(got)
            ok = (
                (g == NA)
                if case.expected == NA
                else isinstance(g, float) and math.isclose(g, case.expected, rel_tol=1e-9, abs_tol=1e-9)
            )
            if not ok:
                bad.append(f"{case.label}: {show(case.expected, lang)} ≠ {show(got, lang)}")
        name = t("udf", lang, f=fn.upper())
        if bad:
            shown = "; ".join(bad[:MAX_SHOWN]) + (" …" if len(bad) > MAX_SHOWN else "")
            rows.append(
                Row(
                    area, name, Outcome.FAIL, t("udf_differ", lang, n=len(bad), total=len(pairs), shown=shown)
                )
            )
        else:
            rows.append(Row(area, name, Outcome.PASS, t("udf_equal", lang, n=len(pairs))))
    if isna is not None:
        checked = [v for case, v in zip(cases, isna, strict=True) if case.expected == NA and v is not None]
        text = sum(1 for v in checked if not v)
        if text:
            rows.append(
                Row(area, t("isna", lang), Outcome.FAIL, t("isna_text", lang, n=text, total=len(checked)))
            )
        else:
            rows.append(Row(area, t("isna", lang), Outcome.PASS, t("isna_ok", lang, n=len(checked))))
    return rows


def evaluate(
    expected: Expected, observed: Observed, lang: str = "fi", steps: Iterable[Step] = STEPS
) -> list[Row]:
    """The table: every observed step's message box and sheets, the cell functions, the CLI file."""
    rows: list[Row] = []
    sheets_area = t("a_sheets", lang)
    for step in steps:
        if step.entry not in observed.alerts and step.entry not in observed.errors:
            continue
        rows.append(
            compare_alert(
                step, expected, observed.alerts.get(step.entry), observed.errors.get(step.entry), lang
            )
        )
        for sheet in step.sheets:
            if (step.entry, sheet) not in observed.sheets:
                continue
            snap = observed.sheets[(step.entry, sheet)]
            name = t("sheet_vs_cli", lang, entry=step.entry, sheet=sheet)
            if snap is None:
                rows.append(Row(sheets_area, name, Outcome.FAIL, t("no_sheet", lang, sheet=sheet)))
                continue
            want = expected.sheets[sheet]
            rows.append(
                _diff_row(
                    sheets_area,
                    name,
                    compare_sheet(want, snap, lang, SKIP_CELLS.get(sheet, set())),
                    len(want),
                    lang,
                )
            )
            if sheet == LASKELMAT:
                name = t("values_vs_metrics", lang, entry=step.entry, sheet=sheet)
                diffs = compare_metric_values(expected.laskelmat, snap, lang)
                rows.append(_diff_row(sheets_area, name, diffs, len(expected.laskelmat), lang))
    if observed.udf_values is not None:
        rows += compare_udfs(expected.udf_cases, observed.udf_values, observed.udf_isna, lang)
    if observed.udf_dialogs:
        texts = " | ".join(observed.udf_dialogs)
        rows.append(Row(t("a_udfs", lang), t("udf_dialogs", lang), Outcome.FAIL, texts[:500]))
    if observed.cli_laskelmat is not None:
        diffs = compare_metric_values(expected.laskelmat, observed.cli_laskelmat, lang)
        rows.append(
            _diff_row(
                t("a_cli", lang),
                t("cli_in_excel", lang, sheet=LASKELMAT),
                diffs,
                len(expected.laskelmat),
                lang,
            )
        )
    rows += observed.skipped
    return rows


# --------------------------------------------------------------------------------------------
# Showing
# --------------------------------------------------------------------------------------------


def doctor_row(report: Report, lang: str) -> Row:
    """The installation self-test as one row: its failed lines, or its summary."""
    failed = [c for c in report.checks if not c.ok]
    detail = "; ".join(f"{c.name}: {c.detail}" for c in failed) or summary_line(report)
    outcome = Outcome.PASS if report.usable else Outcome.FAIL
    return Row(t("a_install", lang), "xl-seuranta doctor", outcome, detail)


def exit_code(rows: list[Row]) -> int:
    """0 when something was checked and nothing failed, else 1."""
    checked = [r for r in rows if r.outcome is not Outcome.SKIP]
    return 0 if checked and all(r.outcome is Outcome.PASS for r in checked) else 1


def summary(rows: list[Row], lang: str) -> str:
    n = sum(1 for r in rows if r.outcome is not Outcome.SKIP)
    failed = sum(1 for r in rows if r.outcome is Outcome.FAIL)
    return t("summary_fail", lang, failed=failed, n=n) if failed or not n else t("summary_pass", lang, n=n)


def render_table(rows: list[Row], lang: str, file=None) -> None:
    """Print the pass/fail table with rich (plain text when not a terminal)."""
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for key in ("h_area", "h_check", "h_result", "h_detail"):
        table.add_column(t(key, lang), overflow="fold")
    style = {Outcome.PASS: "green", Outcome.FAIL: "bold red", Outcome.SKIP: "yellow"}
    for r in rows:
        table.add_row(r.area, r.name, f"[{style[r.outcome]}]{t(r.outcome.value, lang)}[/]", r.detail)
    console = Console(file=file, width=160 if file is not None else None)
    console.print(table)
    console.print(summary(rows, lang))
