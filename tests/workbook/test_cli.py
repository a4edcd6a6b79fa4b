"""The command line: exit codes, JSON shape, paths/folders/globs, languages, run on the example."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from xl_seuranta.app.cli import app
from xl_seuranta.io.file_reader import read_workbook

runner = CliRunner()


def invoke(*args: str, cwd: Path | None = None):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_check_exit_1_when_errors_and_json_shape(example_copy: Path) -> None:
    r = invoke("check", str(example_copy), "--format", "json")
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    assert list(data) == ["files", "totals"] and len(data["files"]) == 1
    assert data["totals"] == {"files": 1, "unprocessed": 0, "error": 7, "warning": 24, "info": 36}
    entry = data["files"][0]
    assert set(entry) == {"path", "findings", "summary"}
    assert set(entry["summary"]) == {"error", "warning", "info"} and entry["summary"]["error"] == 7
    for f in entry["findings"]:
        assert set(f) == {
            "code",
            "severity",
            "sheet",
            "cell",
            "message",
            "expected",
            "actual",
            "difference",
            "unit",
            "softened_by",
            "params",
        }
        assert f["severity"] in ("error", "warning", "info")
        for key in ("expected", "actual", "difference"):
            assert f[key] is None or isinstance(f[key], int | float)
        assert f["unit"] in ("€", "%", None) and isinstance(f["params"], dict)
    a003 = next(f for f in entry["findings"] if f["code"] == "A003" and f["cell"] == "E10")
    assert a003["expected"] == 1304170 and a003["actual"] == 1297670 and a003["difference"] == -6500
    assert a003["unit"] == "€" and a003["params"] == {"period": "TA 2025", "hint_line": "Vuokratuotot"}
    m006 = next(f for f in entry["findings"] if f["code"] == "M006")
    assert m006["unit"] == "%" and m006["params"]["exact"] == pytest.approx(m006["expected"], abs=1e-6)
    g002 = next(f for f in entry["findings"] if f["code"] == "G002")
    assert g002["params"]["report_date"] == "2025-06-30"  # dates in JSON are ISO, numbers plain


def test_check_exit_0_without_errors(example_copy: Path) -> None:
    r = invoke("check", str(example_copy), "--select", "G,T")
    assert r.exit_code == 0
    assert "G002" in r.stdout and "A003" not in r.stdout


def test_ignore_codes(example_copy: Path) -> None:
    r = invoke("check", str(example_copy), "--format", "json", "--ignore", "A,X")
    codes = {f["code"] for f in json.loads(r.stdout)["files"][0]["findings"]}
    assert not any(c[0] in "AX" for c in codes) and "M003" in codes
    assert r.exit_code == 0


def test_unreadable_input_exit_2_with_message(tmp_path: Path, example_copy: Path) -> None:
    bad = tmp_path / "rikki.xlsx"
    bad.write_text("ei työkirja")
    r = invoke("check", str(bad), str(example_copy), "--format", "json")
    assert r.exit_code == 2
    files = json.loads(r.stdout)["files"]
    assert "rikki.xlsx on tekstitiedosto" in files[1]["error"] and files[0]["summary"]["error"] == 7
    r = invoke("check", str(tmp_path / "puuttuu.xlsx"))
    assert r.exit_code == 2 and "Polkua ei löydy" in r.stderr and "Traceback" not in r.stderr


def test_read_and_write_errors_follow_the_language(tmp_path: Path, example_copy: Path) -> None:
    bad = tmp_path / "rikki.xlsx"
    bad.write_text("ei työkirja")
    r = invoke("check", str(bad), "--format", "json", "--lang", "en")
    error = json.loads(r.stdout)["files"][0]["error"]
    assert r.exit_code == 2 and "text file" in error and "save it as an Excel workbook" in error
    fi = invoke("check", str(bad), "--format", "json")
    assert "tekstitiedosto" in json.loads(fi.stdout)["files"][0]["error"].casefold()
    r = invoke("compute", str(example_copy), "-o", str(tmp_path / "out.txt"), "--lang", "en")
    assert r.exit_code == 2 and "Cannot write the format .txt" in r.stderr
    r = invoke("compute", str(example_copy), "-o", str(tmp_path / "out.txt"))
    assert r.exit_code == 2 and "Tiedostomuotoa .txt ei voi kirjoittaa" in r.stderr


def test_usage_errors_exit_2() -> None:
    assert invoke("check", "x.xlsx", "--format", "xml").exit_code == 2
    assert invoke("check", "x.xlsx", "--lang", "sv").exit_code == 2
    assert runner.invoke(app, ["check"]).exit_code == 2


def test_folders_and_globs(tmp_path: Path, example_built: Path) -> None:
    (tmp_path / "a").mkdir()
    for name in ("a/yksi.xlsx", "kaksi.xlsx"):
        shutil.copyfile(example_built, tmp_path / name)
    (tmp_path / "a" / "~$yksi.xlsx").write_text("lock")
    r = invoke("check", str(tmp_path), "--format", "json")
    assert len(json.loads(r.stdout)["files"]) == 2
    r = invoke("check", str(tmp_path / "*.xlsx"), "--format", "json")
    assert [Path(f["path"]).name for f in json.loads(r.stdout)["files"]] == ["kaksi.xlsx"]


def test_job_errors_follow_the_language(tmp_path: Path) -> None:
    """A workbook without budget tables: compute says so in the language asked for."""
    import openpyxl

    empty = tmp_path / "tyhja.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Ei taulukoita"
    wb.save(empty)
    en = invoke("compute", str(empty), "-o", str(tmp_path / "out.xlsx"), "--lang", "en")
    assert en.exit_code == 2 and "No budget tables found" in en.stderr
    fi = invoke("compute", str(empty), "-o", str(tmp_path / "out.xlsx"))
    assert fi.exit_code == 2 and "talousarviotaulukoita" in fi.stderr
    assert not (tmp_path / "out.xlsx").exists()


def test_english_text_report(example_copy: Path) -> None:
    r = invoke("check", str(example_copy), "--lang", "en")
    assert "the gap equals the line 'Vuokratuotot' exactly" in r.stdout
    assert "7 errors" in r.stdout


def test_finnish_text_report_groups_and_cells(example_copy: Path) -> None:
    r = invoke("check", str(example_copy))
    assert "Laskentakaavat" in r.stdout and "Käyttötalous!E10" in r.stdout
    assert "7 virhettä" in r.stdout


def test_rules_listing_and_doc() -> None:
    r = invoke("rules")
    assert r.exit_code == 0 and "A003" in r.stdout and "G004" in r.stdout
    r = invoke("rules", "x001")
    assert "Mitä tarkistetaan" in r.stdout
    r = invoke("rules", "x001", "--lang", "en")
    assert "What it checks" in r.stdout
    assert invoke("rules", "Z999").exit_code == 2


def test_run_writes_copy_with_linked_findings(tmp_path: Path, example_copy: Path) -> None:
    before = example_copy.read_bytes()
    out = tmp_path / "tulos.xlsx"
    r = invoke("run", str(example_copy), "-o", str(out))
    assert r.exit_code == 0, r.stdout
    assert example_copy.read_bytes() == before
    wb = load_workbook(out)
    ws = wb["Tarkistus"]
    links = [c.hyperlink.location for row in ws.iter_rows() for c in row if c.hyperlink]
    assert "'Käyttötalous'!E10" in links and len(links) >= 45  # repeats folded into one linked row
    # Every other sheet keeps its values.
    src = {g.name: g.rows for g in read_workbook(example_copy)}
    dst = {g.name: g.rows for g in read_workbook(out)}
    assert all(dst[name] == rows for name, rows in src.items())
    # Rerunning on the output replaces the Tarkistus sheet instead of adding another.
    invoke("run", str(out), "-o", str(out))
    assert load_workbook(out).sheetnames.count("Tarkistus") == 1


def test_checked_copy_opens_on_tarkistus_with_errors_first(tmp_path: Path, example_copy: Path) -> None:
    wb = load_workbook(example_copy)
    wb["Määrärahat"].sheet_view.tabSelected = True  # as Excel saves the sheet the user was on
    wb.active = 1
    wb.save(example_copy)
    out = tmp_path / "tulos.xlsx"
    assert invoke("run", str(example_copy), "-o", str(out)).exit_code == 0
    wb = load_workbook(out)
    assert wb.active.title == "Tarkistus"
    # one selected tab: two would open the copy in Excel's group-edit mode
    assert [ws.title for ws in wb.worksheets if ws.sheet_view.tabSelected] == ["Tarkistus"]
    ws = wb["Tarkistus"]
    header = next(r for r in range(1, 30) if ws.cell(r, 1).value == "Vakavuus")
    assert ws.freeze_panes == f"A{header + 1}"
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith(f"A{header}:H")
    severities = [ws.cell(r, 1).value for r in range(header + 1, ws.max_row + 1) if ws.cell(r, 2).value]
    assert severities[0] == "Virhe"
    order = {"Virhe": 0, "Varoitus": 1, "Huomio": 2}
    assert [order[s] for s in severities] == sorted(order[s] for s in severities)
    assert severities.count("Virhe") == 7  # every error its own row
    # the counts per rule above the table, and the folded repeats
    top = " ".join(str(ws.cell(r, 3).value) for r in range(1, header))
    assert "A003 Tuottorivien summa ≠ TOIMINTATUOTOT: 2" in top and "A009 Pyöristysero: 13" in top
    messages = [str(ws.cell(r, 5).value) for r in range(header + 1, ws.max_row + 1)]
    blanks = [m for m in messages if m.startswith("Tyhjiä soluja")]
    assert len(blanks) == 3 and "B117, C117, D117" in blanks[0]
    assert ws.oddFooter.right.text == "Sivu &P / &N" and ws.page_setup.fitToWidth == 1


def test_run_without_arguments_uses_a_copy_of_the_example(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xl_seuranta.app.cli import bundled_example

    example = bundled_example()
    before = example.read_bytes()
    monkeypatch.chdir(tmp_path)
    r = invoke("run")
    assert r.exit_code == 0 and "7 virhettä" in r.stdout
    assert (tmp_path / "hallintopalvelut_2025_tarkistettu.xlsx").is_file()
    assert example.read_bytes() == before


def test_console_script_runs(example_copy: Path) -> None:
    """The installed entry point, as IT runs it: no traceback, exit code 1 for errors."""
    exe = Path(sys.executable).with_name("xl-seuranta")
    r = subprocess.run([str(exe), "check", str(example_copy)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and "Traceback" not in r.stderr and "A003" in r.stdout


@pytest.mark.parametrize("args", [["check"], ["nosuch"], ["check", "--bogus", "x.xlsx"]])
def test_console_usage_errors_are_finnish_without_traceback(args: list[str]) -> None:
    exe = Path(sys.executable).with_name("xl-seuranta")
    r = subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=120)
    assert r.returncode == 2
    assert "Virheellinen komento" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("args", [["check"], ["nosuch"], ["check", "--bogus", "x.xlsx"]])
def test_usage_errors_name_the_problem_in_finnish(args: list[str]) -> None:
    exe = Path(sys.executable).with_name("xl-seuranta")
    r = subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=120)
    first = r.stderr.splitlines()[0]
    assert not re.search(r"Missing|No such|Got unexpected|Invalid value", first), first
    assert any(
        w in first for w in ("puuttuu", "Tuntematon", "ei ole", "Ylimääräisiä", "Virheellinen arvo")
    ), first


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            ["check", "x.xlsx", "--jobs", "abc"],
            "Virheellinen arvo kohdassa '--jobs' / '-j': arvon on oltava kokonaisluku",
        ),
        (["check", "x.xlsx", "--timeout", "0.01"], "kohdassa '--timeout': arvon on oltava vähintään 0,1"),
        (
            ["check", "x.xlsx", "--verbos"],
            "Tuntematon valitsin: --verbos (mahdolliset valitsimet: --verbose)",
        ),
        (["chek", "x.xlsx"], "Komentoa 'chek' ei ole. Tarkoititko 'check'?"),
        (
            ["check", "x.xlsx", "--jobs", "abc", "--lang", "en"],
            "Invalid command: Invalid value for '--jobs' / '-j': the value must be a whole number",
        ),
        (["check", "x.xlsx", "--timeout=0.01", "--lang=en"], "'--timeout': the value must be at least 0.1"),
        (["nosuch", "--lang", "en"], "Invalid command: No such command 'nosuch'."),
    ],
)
def test_usage_errors_speak_the_users_language_to_the_end(args: list[str], words: str) -> None:
    """Typer checks option values with pydantic and adds its own suggestions, both in English; the
    whole message is in the user's language, English when the command line asks for it."""
    exe = Path(sys.executable).with_name("xl-seuranta")
    r = subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and words in r.stderr, r.stderr
    assert not re.search(r"Input should|Possible options|Did you mean", r.stderr), r.stderr
    assert ("Help: xl-seuranta --help" in r.stderr) == ("en" in args or "--lang=en" in args)


@pytest.mark.parametrize(
    "args", [["--help"], ["check", "--help"], ["run", "--help"], ["serve", "--help"], ["compute", "--help"]]
)
def test_help_is_finnish_around_the_commands_too(args: list[str]) -> None:
    """Usage, the panels and the --help line in Finnish (typer prints English by default)."""
    r = CliRunner().invoke(app, args, terminal_width=100, prog_name="xl-seuranta")
    assert r.exit_code == 0
    text = " ".join(r.stdout.replace("│", " ").split())  # the table may wrap a help line inside its borders
    assert "Käyttö: xl-seuranta" in text and "Valitsimet" in text and "Näytä tämä ohje ja lopeta." in text
    for english in (
        "Usage:",
        "Options",
        "Arguments",
        "Commands",
        "Show this message",
        "[default:",
        "[required]",
        "<str>",  # typer labels values with Python's type names; the help says what they are
        "<bool>",
        "<int",
        "<float",
        "list[",
        "<path>",
    ):
        assert english not in text, english
    if args == ["serve", "--help"]:
        assert "xl-seuranta[server]" in text  # not eaten as markup


def test_rules_are_listed_by_finnish_title() -> None:
    r = invoke("rules")
    assert "A003  Virhe     Tuottorivien summa ≠ TOIMINTATUOTOT" in r.stdout
    assert "income-lines-not-total" not in r.stdout
    r = invoke("rules", "--lang", "en")
    assert "A003  Error     Income lines ≠ TOIMINTATUOTOT" in r.stdout


def test_commands_start_without_typers_help_printer_and_its_words_still_turn_finnish() -> None:
    """``typer.rich_utils`` (with rich's markdown, syntax and traceback) is imported only when help or
    an error panel is printed; its words are made Finnish at that moment, in a fresh process too."""
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from xl_seuranta.app.cli import app\n"
        "print('loaded at start:', 'typer.rich_utils' in sys.modules)\n"
        "r = CliRunner().invoke(app, ['check', '--help'], terminal_width=100)\n"
        "print('Valitsimet' in r.stdout, 'Options' in r.stdout, 'typer.rich_utils' in sys.modules)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.stdout.split("\n")[:2] == ["loaded at start: False", "True False True"], (
        r.stdout + r.stderr[-500:]
    )
