"""Acceptance test in real Excel: the add-in, its ribbon actions and the cell functions, end to end.

    python scripts/excel_acceptance.py [--addin workbook/xl_seuranta.xlam] [--workbook FILE]
                                       [--interpreter PATH] [--lang fi|en] [--json OUT] [--keep]

Step 1 after installing on a Windows PC with Excel (docs/EXCEL.md). Through xlwings it starts a new
Excel, opens a copy of the example workbook and a copy of the built add-in, runs every ribbon action
through its VBA entry point (``SeurantaTarkista``, ``SeurantaLaske``, ``SeurantaTavoitteet``,
``SeurantaPaivitaKaikki``, ``Ohje``, ``TestaaAsennus``, ``TuoFunktiot``) exactly as the buttons do,
closes each message box and keeps its text, types every cell function into a sheet with references
to the example's numbers, reads everything back and compares it with what the CLI and the metrics
core give for the same workbook (``acceptance_compare.py``). Last, it opens the file the CLI's
``compute`` wrote and lets Excel calculate its formulas. Prints a pass/fail table; exit code 0 when
everything passed, 1 on any failure, 2 when it cannot run here (no Excel: it says so and stops).

macOS: the desktop add-in is Windows-only (docs/EXCEL.md), so there only the CLI file is checked in
Excel and the add-in rows are reported as skipped. Nothing is written to the given files: the run
works on copies in a temporary folder (kept with ``--keep``). The add-in copy gets the cell
functions imported and saved, as "Tuo funktiot" does.

Needs "Trust access to the VBA project object model" for Tuo funktiot (docs/EXCEL.md, step 4), and
the interpreter of the add-in's config sheet (or ``--interpreter``) with xl-seuranta installed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ADDIN = ROOT / "workbook" / "xl_seuranta.xlam"

REFUSE = {
    "os": {
        "fi": "Excel ei ole käytettävissä tällä koneella ({plat}): hyväksyntätesti ajaa lisäosaa oikeassa "
        "Excelissä, joten se toimii vain Windowsissa (ja osittain macOS:ssä), jossa on Microsoft Excel. "
        "Vertailulogiikka testataan Linuxissa: pytest tests/excel/test_excel_acceptance.py",
        "en": "Excel is not available on this machine ({plat}): the acceptance test runs the add-in in real "
        "Excel, so it works on Windows (and partly on macOS) with Microsoft Excel installed. Its "
        "comparison logic is tested on Linux: pytest tests/excel/test_excel_acceptance.py",
    },
    "not_installed": {
        "fi": "Microsoft Exceliä ei löytynyt tältä koneelta ({plat}): asenna Excel tai aja testi koneella, jossa se on.",
        "en": "Microsoft Excel was not found on this machine ({plat}): install Excel or run the test where it is.",
    },
    "no_xlwings": {
        "fi": "xlwings ei pysty ohjaamaan Exceliä täällä: {e}",
        "en": "xlwings cannot drive Excel here: {e}",
    },
    "start_failed": {"fi": "Excel ei käynnistynyt: {e}", "en": "Excel did not start: {e}"},
    "no_addin": {
        "fi": "Lisäosaa ei löydy: {p}. Tee se: python scripts/build_addin.py",
        "en": "Add-in not found: {p}. Build it: python scripts/build_addin.py",
    },
    "no_workbook": {"fi": "Työkirjaa ei löydy: {p}", "en": "Workbook not found: {p}"},
    "bad_lang": {
        "fi": "Tuntematon kieli '{v}' (sallitut: fi, en).",
        "en": "Unknown language '{v}' (fi, en).",
    },
    "recording": {
        "fi": "Odotetut arvot CLI:stä ja metrics-ytimestä…",
        "en": "Expected values from the CLI and the metrics core…",
    },
    "running": {
        "fi": "Excel käynnistyy; älä käytä sitä testin aikana (ilmoitukset suljetaan automaattisesti)…",
        "en": "Starting Excel; do not use it during the test (message boxes are closed automatically)…",
    },
    "record_failed": {
        "fi": "Odotettuja arvoja ei saatu: {e}",
        "en": "Could not record the expected values: {e}",
    },
    "kept": {"fi": "Työkansio säilytetty: {p}", "en": "Work folder kept: {p}"},
    "a_install": {"fi": "Asennus", "en": "Installation"},
    "addin_opens": {"fi": "Lisäosa avautuu", "en": "Add-in opens"},
    "not_run": {"fi": "ei ajettu: lisäosa ei avautunut", "en": "not run: the add-in did not open"},
    "mac_skip": {
        "fi": "työpöydän lisäosa on vain Windowsille; macOS:ssä käytä xlwings Serveriä (docs/EXCEL.md)",
        "en": "the desktop add-in is Windows-only; on macOS use xlwings Server (docs/EXCEL.md)",
    },
    "doctor": {"fi": "xl-seuranta doctor", "en": "xl-seuranta doctor"},
    "ribbon_manual": {
        "fi": "Tarkista vielä silmällä: Excelin valintanauhassa näkyy Seuranta-välilehti seitsemällä painikkeella.",
        "en": "Check by eye too: Excel's ribbon shows the Seuranta tab with seven buttons.",
    },
}


def say(key: str, lang: str, **kw: object) -> str:
    return REFUSE[key]["en" if lang == "en" else "fi"].format(**kw)


def excel_unavailable_reason(platform: str = sys.platform, lang: str = "fi") -> str | None:
    """Why Excel cannot be driven here, or None when it can (checked without starting Excel)."""
    if platform not in ("win32", "darwin"):
        return say("os", lang, plat=platform)
    if platform == "win32":
        try:
            import winreg

            winreg.CloseKey(winreg.OpenKey(winreg.HKEY_CLASSES_ROOT, r"Excel.Application\CLSID"))
        except OSError:
            return say("not_installed", lang, plat=platform)
    elif not Path("/Applications/Microsoft Excel.app").exists():
        return say("not_installed", lang, plat=platform)
    try:
        import xlwings  # noqa: F401
    except Exception as exc:  # e.g. pywin32 or appscript missing
        return say("no_xlwings", lang, e=exc)
    return None


# --------------------------------------------------------------------------------------------
# Message boxes (Windows)
# --------------------------------------------------------------------------------------------


class DialogCatcher:
    """Closes the message boxes the add-in shows and keeps their text (Windows, pywin32).

    The macros' alerts (Python's MessageBox owned by Excel), the VBA MsgBox of the dispatcher and
    xlwings' error popup are all standard dialogs (class ``#32770``) with one of ``TITLES``; their
    text is the static control 0xFFFF. A thread polls the top-level windows, reads each new dialog
    and presses OK, so that ``Application.Run`` returns and the test needs nobody at the keyboard.
    """

    TITLES = {"xl-seuranta", "Error", "Microsoft Excel"}

    def __init__(self) -> None:
        self._texts: list[str] = []
        self._handled: set[int] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> DialogCatcher:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)

    def take(self, settle: float = 1.0) -> list[str]:
        """The texts seen since the last call (after ``settle`` seconds for late dialogs)."""
        time.sleep(settle)
        with self._lock:
            texts, self._texts = self._texts, []
        return texts

    def _loop(self) -> None:
        import win32gui

        while not self._stop.wait(0.2):
            self._handled = {h for h in self._handled if win32gui.IsWindow(h)}
            try:
                win32gui.EnumWindows(self._visit, None)
            except Exception:  # a window closed during the enumeration: try again
                continue

    def _visit(self, hwnd: int, _extra: object) -> bool:
        import win32con
        import win32gui

        if hwnd in self._handled or not win32gui.IsWindowVisible(hwnd):
            return True
        if win32gui.GetClassName(hwnd) != "#32770" or win32gui.GetWindowText(hwnd) not in self.TITLES:
            return True
        self._handled.add(hwnd)
        text = _dialog_text(hwnd)
        with self._lock:
            self._texts.append(text)
        win32gui.PostMessage(hwnd, win32con.WM_COMMAND, win32con.IDOK, 0)
        return True


def _dialog_text(hwnd: int) -> str:
    import win32gui

    try:
        text = win32gui.GetDlgItemText(hwnd, 0xFFFF)
    except Exception:
        text = ""
    if text:
        return text
    parts: list[str] = []

    def child(h: int, _extra: object) -> bool:
        if win32gui.GetClassName(h) == "Static" and win32gui.GetWindowText(h):
            parts.append(win32gui.GetWindowText(h))
        return True

    win32gui.EnumChildWindows(hwnd, child, None)
    return "\n".join(parts)


# --------------------------------------------------------------------------------------------
# Reading Excel
# --------------------------------------------------------------------------------------------


def snapshot(sheet: object) -> object:
    """A SheetSnapshot of an xlwings sheet from A1 to the last used cell."""
    from acceptance_compare import SheetSnapshot

    last = sheet.used_range.last_cell  # type: ignore[attr-defined]
    rng = sheet.range((1, 1), (last.row, last.column))  # type: ignore[attr-defined]
    values = rng.options(ndim=2, err_to_str=True).value
    formulas = rng.formula
    if isinstance(formulas, str):
        formulas = ((formulas,),)
    marked = [
        [
            f if isinstance(f, str) and f.startswith("=") and f != v else None
            for f, v in zip(frow, vrow, strict=False)
        ]
        for frow, vrow in zip(formulas, values, strict=False)
    ]
    return SheetSnapshot(values=[list(r) for r in values], formulas=marked)


def _calculate_full(app: object) -> None:
    try:
        app.api.CalculateFull()  # type: ignore[attr-defined]  (Windows: every formula, not only dirty ones)
    except Exception:
        app.calculate()  # type: ignore[attr-defined]


def _sheet(book: object, name: str) -> object | None:
    try:
        return book.sheets[name]  # type: ignore[attr-defined]
    except Exception:
        return None


def run_windows(expected, addin: Path, workdir: Path, interpreter: str | None, lang: str):
    """Drive Excel through the add-in; everything seen goes into an Observed."""
    import xlwings as xw
    from acceptance_compare import NA, STEPS, UDF_SHEET, Observed, Outcome, Row

    observed = Observed()
    rows: list = []
    addin_copy = workdir / "addin" / addin.name
    addin_copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(addin, addin_copy)
    app = xw.App(visible=True, add_book=False)
    try:
        app.display_alerts = False
        try:
            added = app.books.open(str(addin_copy))
            if interpreter:
                conf = added.sheets["xl_seuranta.conf"]
                keys = conf.range("A1").expand("down").value
                conf.range((keys.index("Interpreter_Win") + 1, 2)).value = interpreter
        except Exception as exc:
            rows.append(Row(say("a_install", lang), say("addin_opens", lang), Outcome.FAIL, str(exc)))
            for step in STEPS:
                observed.errors[step.entry] = say("not_run", lang)
            return observed, rows
        rows.append(Row(say("a_install", lang), say("addin_opens", lang), Outcome.PASS, str(addin_copy)))
        book = app.books.open(str(expected.workbook))
        with DialogCatcher() as catcher:
            for step in STEPS:
                book.activate()
                try:
                    app.macro(f"'{added.name}'!{step.entry}")()
                except Exception as exc:  # compile errors, a missing macro, a failed RunPython
                    observed.errors[step.entry] = str(exc)
                observed.alerts[step.entry] = catcher.take()
                _calculate_full(app)
                for name in step.sheets:
                    found = _sheet(book, name)
                    observed.sheets[(step.entry, name)] = snapshot(found) if found is not None else None
            # The cell functions, typed as a user would after Tuo funktiot.
            sheet = book.sheets.add(UDF_SHEET, after=book.sheets[-1])
            cases = expected.udf_cases
            for i, case in enumerate(cases, start=2):
                sheet.range((i, 1)).value = case.label
                sheet.range((i, 2)).value = "'" + case.formula
                sheet.range((i, 3)).formula = case.formula
                if case.expected == NA:
                    sheet.range((i, 4)).formula = f"=ISNA(C{i})"
            _calculate_full(app)
            n = len(cases) + 1
            observed.udf_values = sheet.range((2, 3), (n, 3)).options(ndim=1, err_to_str=True).value
            isna = sheet.range((2, 4), (n, 4)).options(ndim=1).value
            observed.udf_isna = [v if isinstance(v, bool) else None for v in isna]
            observed.udf_dialogs = catcher.take()  # e.g. xlwings' error popup when the DLL is missing
        cli_book = app.books.open(str(expected.compute_file))
        _calculate_full(app)
        found = _sheet(cli_book, "Laskelmat")
        observed.cli_laskelmat = snapshot(found) if found is not None else None
    finally:
        app.quit()
    return observed, rows


def run_macos(expected, lang: str):
    """macOS: no desktop add-in; the CLI's formulas calculated by Excel, the rest reported skipped."""
    import xlwings as xw
    from acceptance_compare import STEPS, Observed, Outcome, Row

    observed = Observed()
    for step in STEPS:
        observed.skipped.append(Row(say("a_install", lang), step.entry, Outcome.SKIP, say("mac_skip", lang)))
    app = xw.App(visible=True, add_book=False)
    try:
        cli_book = app.books.open(str(expected.compute_file))
        app.calculate()
        found = _sheet(cli_book, "Laskelmat")
        observed.cli_laskelmat = snapshot(found) if found is not None else None
    finally:
        app.quit()
    return observed, []


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addin", type=Path, default=DEFAULT_ADDIN, help="the built add-in (.xlam)")
    parser.add_argument("--workbook", type=Path, default=None, help="workbook to test (default: the example)")
    parser.add_argument("--interpreter", default=None, help="Python for RunPython in the add-in copy")
    parser.add_argument("--lang", default="fi", help="fi or en")
    parser.add_argument("--json", type=Path, default=None, help="also write the table as JSON here")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args(argv)
    for stream in (sys.stdout, sys.stderr):  # a redirected Windows console is cp1252: no crash on "−"
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    lang = args.lang
    if lang not in ("fi", "en"):
        print(say("bad_lang", "fi", v=lang), file=sys.stderr)
        return 2
    reason = excel_unavailable_reason(sys.platform, lang)
    if reason:
        print(reason, file=sys.stderr)
        return 2
    if sys.platform == "win32" and not args.addin.is_file():
        print(say("no_addin", lang, p=args.addin), file=sys.stderr)
        return 2
    from acceptance_compare import doctor_row, evaluate, exit_code, record_expected, render_table

    from xl_seuranta.app.cli import bundled_example
    from xl_seuranta.app.doctor import run_checks

    source = args.workbook or bundled_example()
    if not source.is_file():
        print(say("no_workbook", lang, p=source), file=sys.stderr)
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="xl_seuranta_acceptance_"))
    try:
        print(say("recording", lang))
        try:
            expected = record_expected(source, workdir / "expected")
        except Exception as exc:
            print(say("record_failed", lang, e=exc), file=sys.stderr)
            return 2
        rows = [doctor_row(run_checks(addin=args.addin if args.addin.is_file() else None, lang=lang), lang)]
        print(say("running", lang))
        if sys.platform == "win32":
            observed, driver_rows = run_windows(expected, args.addin, workdir, args.interpreter, lang)
        else:
            observed, driver_rows = run_macos(expected, lang)
        rows += driver_rows + evaluate(expected, observed, lang)
        render_table(rows, lang)
        if sys.platform == "win32":
            print(say("ribbon_manual", lang))
        if args.json:
            args.json.write_text(
                json.dumps(
                    [{**asdict(r), "outcome": r.outcome.value} for r in rows], ensure_ascii=False, indent=2
                ),
                encoding="utf-8",
            )
        return exit_code(rows)
    finally:
        if args.keep:
            print(say("kept", lang, p=workdir))
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
