"""The installation self-test: `xl-seuranta doctor` as a real process, the ribbon's Testaa asennus on
the xlwings remote engine, and the Windows-only checks against real files laid out as on a Windows PC.

Add-in variants are real add-ins: built by scripts/build_addin.py and then changed the way a stale
install, a hand-made add-in or another xlwings would differ (one part of the package rewritten).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import build_addin  # noqa: E402  (scripts/ is on sys.path, see conftest)
import xlwings as xw  # noqa: E402

from xl_seuranta.app import doctor, macros, udfs  # noqa: E402
from xl_seuranta.app.doctor import Machine, Status  # noqa: E402
from xl_seuranta.domain.messages import Macros

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "workbook" / "xl_seuranta.xlam"
CLI = Path(sys.executable).with_name("xl-seuranta")
KEYS = ["python", "xl_seuranta", "addin", "xlwings", "interpreter", "dll", "udfs", "libreoffice", "server"]
NAMES_FI = [
    "Python",
    "xl-seuranta",
    "Lisäosa",
    "xlwings",
    "Python-tulkki",
    "xlwings-DLL",
    "Solufunktiot",
    "LibreOffice",
    "Palvelinosa",
]


@pytest.fixture(autouse=True)
def _license(monkeypatch):
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")


def _doctor(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed console script, as a user runs it (python -m where it is not on this path)."""
    command = [str(CLI)] if CLI.exists() else [sys.executable, "-m", "xl_seuranta.app.cli"]
    return subprocess.run(
        [*command, "doctor", *args], capture_output=True, text=True, timeout=120, check=False
    )


def _rewrite(src: Path, dst: Path, part: str, new: bytes | None) -> Path:
    """A copy of the add-in with one part replaced (or left out when ``new`` is None)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            if item.filename != part:
                zout.writestr(item, zin.read(item.filename))
            elif new is not None:
                zout.writestr(item, new)
    return dst


@pytest.fixture(scope="module")
def fresh_addin(tmp_path_factory) -> Path:
    return build_addin.build(tmp_path_factory.mktemp("addin") / "xl_seuranta.xlam")


@pytest.fixture
def other_xlwings_addin(fresh_addin: Path, tmp_path: Path) -> Path:
    """The add-in as built by a machine with xlwings 0.30.0 (its DLL name and version differ)."""
    with zipfile.ZipFile(fresh_addin) as z:
        custom = z.read("docProps/custom.xml").decode()
    current = xw.__version__
    assert f"xlwings64-{current}.dll" in custom
    custom = custom.replace(current, "0.30.0")
    return _rewrite(fresh_addin, tmp_path / "xl_seuranta.xlam", "docProps/custom.xml", custom.encode())


def _built_with(monkeypatch, tmp_path: Path, **changes: str) -> Path:
    """A real build whose config sheet has ``changes`` (key -> value) instead of the defaults."""
    config = [(k, changes.get(k, v)) for k, v in build_addin.CONFIG]
    monkeypatch.setattr(build_addin, "CONFIG", config)
    return build_addin.build(tmp_path / "built" / "xl_seuranta.xlam")


# --------------------------------------------------------------------------- the CLI, real process


def test_doctor_passes_in_the_project_environment():
    r = _doctor()
    assert r.returncode == 0, r.stdout + r.stderr
    lines = r.stdout.splitlines()
    rows = [line for line in lines if line.split(" ")[0] in ("OK", "VIRHE", "INFO")]
    assert [re.split(r"\s{2,}", row)[1] for row in rows] == NAMES_FI  # status, name, detail
    assert not any(row.startswith("VIRHE") for row in rows)
    assert lines[-1] == "Asennus on käyttökunnossa."
    assert f"xlwings64-{xw.__version__}.dll" in r.stdout  # compared with the add-in's declared DLL
    assert str(COMMITTED) in r.stdout
    assert "Traceback" not in r.stdout + r.stderr


def test_doctor_json_in_english():
    r = _doctor("--format", "json", "--lang", "en")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["usable"] is True
    checks = {c["key"]: c for c in data["checks"]}
    assert list(checks) == KEYS
    for key in ("python", "xl_seuranta", "addin", "xlwings", "udfs"):
        assert checks[key]["status"] == "ok", checks[key]
    count = sum(1 for name in udfs.__all__ if name.islower())  # the cell functions, not the constants
    assert checks["udfs"]["detail"].startswith(f"xl_seuranta.app.udfs imports: {count} functions")
    if sys.platform != "win32":  # the Windows-only parts say so instead of failing
        assert checks["interpreter"]["status"] == "info"
        assert "Windows path" in checks["interpreter"]["detail"]
        assert checks["dll"]["status"] == "info" and "not applicable" in checks["dll"]["detail"]
    assert {checks[k]["status"] for k in ("libreoffice", "server")} == {"info"}


def test_add_in_built_for_another_xlwings_fails_with_the_fix(other_xlwings_addin: Path):
    r = _doctor("--addin", str(other_xlwings_addin))
    assert r.returncode == 1
    line = next(x for x in r.stdout.splitlines() if x.startswith("VIRHE") and "xlwings" in x)
    assert f"asennettu {xw.__version__}, mutta lisäosa on tehty versiolle 0.30.0" in line
    assert 'pip install "xlwings==0.30.0"' in r.stdout
    assert "Asennuksessa on 1 ongelma" in r.stdout


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda tmp: tmp / "ei_ole.xlam", "tiedostoa ei ole"),
        (
            lambda tmp: (tmp / "rikki.xlam").write_bytes(b"not a zip") and tmp / "rikki.xlam",
            "ei Excel-lisäosa",
        ),
    ],
    ids=["missing", "not-a-package"],
)
def test_unusable_add_in_file_is_a_failed_line(tmp_path: Path, make, expected: str):
    r = _doctor("--addin", str(make(tmp_path)))
    assert r.returncode == 1
    failed = [x for x in r.stdout.splitlines() if x.startswith("VIRHE")]
    assert len(failed) == 1 and "Lisäosa" in failed[0] and expected in failed[0]
    assert "Kopioi uusi xl_seuranta.xlam" in r.stdout
    assert "Traceback" not in r.stdout + r.stderr


def test_hand_made_add_in_without_properties_is_reported_not_failed(fresh_addin: Path, tmp_path: Path):
    hand_made = _rewrite(fresh_addin, tmp_path / "xl_seuranta.xlam", "docProps/custom.xml", None)
    report = doctor.run_checks(addin=hand_made)
    check = report.by_key()["xlwings"]
    assert check.status is Status.INFO and "käsin tehty" in check.detail
    assert report.usable


def test_stale_add_in_with_the_old_module_name_fails_on_cell_functions(monkeypatch, tmp_path: Path):
    # Before the package layout the add-in named xl_seuranta.udfs: the cell functions would not load.
    stale = _built_with(monkeypatch, tmp_path, **{"UDF Modules": "xl_seuranta.udfs"})
    report = doctor.run_checks(addin=stale)
    udfs = report.by_key()["udfs"]
    assert udfs.status is Status.FAIL
    assert "xl_seuranta.udfs ei lataudu: ModuleNotFoundError" in udfs.detail
    assert "pip install --force-reinstall xl-seuranta" in udfs.fix
    assert not report.usable


def test_unknown_option_values_are_usage_errors():
    r = _doctor("--format", "xml")
    assert r.returncode == 2 and "Tuntematon muoto 'xml'" in r.stderr


# ---------------------------------------------------------------- Windows checks on real files


def _windows(tmp_path: Path, monkeypatch, *, executable: Path, dll: bool = True) -> doctor.Report:
    """The doctor as on Windows, with an add-in whose Interpreter_Win uses %VENV_ROOT%.

    The folders are laid out as pip lays out a Windows venv: Scripts\\pythonw.exe, and the versioned
    DLL in the venv's root (the wheel's .data/data folder), where the xlwings VBA looks for it.
    """
    venv = tmp_path / "venv"
    (venv / "Scripts").mkdir(parents=True, exist_ok=True)
    if dll:
        (venv / f"xlwings64-{xw.__version__}.dll").write_bytes(b"MZ")
    addin = _built_with(monkeypatch, tmp_path, Interpreter_Win="%Venv_Root%/Scripts/pythonw.exe")
    machine = Machine(platform="win32", executable=str(executable), environ={"VENV_ROOT": str(venv)})
    return doctor.run_checks(addin=addin, machine=machine)


def test_windows_missing_interpreter_is_one_failed_line(tmp_path: Path, monkeypatch):
    report = _windows(tmp_path, monkeypatch, executable=Path(sys.executable))
    checks = report.by_key()
    assert checks["interpreter"].status is Status.FAIL
    assert str(tmp_path / "venv" / "Scripts" / "pythonw.exe") in checks["interpreter"].detail
    assert "docs/EXCEL.md" in checks["interpreter"].fix
    assert checks["dll"].status is Status.INFO and "ei tarkistettu" in checks["dll"].detail
    assert [c.key for c in report.checks if not c.ok] == ["interpreter"]


def test_windows_venv_as_installed_is_usable(tmp_path: Path, monkeypatch):
    exe = tmp_path / "venv" / "Scripts" / "pythonw.exe"
    exe.parent.mkdir(parents=True)
    exe.write_bytes(b"MZ")
    report = _windows(tmp_path, monkeypatch, executable=exe)
    checks = report.by_key()
    assert checks["interpreter"].status is Status.OK
    assert checks["dll"].status is Status.OK
    assert checks["dll"].detail == str(tmp_path / "venv" / f"xlwings64-{xw.__version__}.dll")
    assert report.usable


def test_windows_missing_dll_fails_with_reinstall(tmp_path: Path, monkeypatch):
    exe = tmp_path / "venv" / "Scripts" / "pythonw.exe"
    exe.parent.mkdir(parents=True)
    exe.write_bytes(b"MZ")
    report = _windows(tmp_path, monkeypatch, executable=exe, dll=False)
    dll = report.by_key()["dll"]
    assert dll.status is Status.FAIL
    assert f'pip install --force-reinstall "xlwings=={xw.__version__}"' in dll.fix
    assert not report.usable


def test_windows_check_run_from_another_python_says_which_to_use(tmp_path: Path, monkeypatch):
    exe = tmp_path / "venv" / "Scripts" / "pythonw.exe"
    exe.parent.mkdir(parents=True)
    exe.write_bytes(b"MZ")
    report = _windows(tmp_path, monkeypatch, executable=Path(sys.executable))
    interpreter = report.by_key()["interpreter"]
    assert interpreter.status is Status.INFO
    assert interpreter.fix == f'Tarkista lisäosan Python: "{exe}" -m xl_seuranta.app.cli doctor'
    assert report.usable


def test_windows_user_config_file_fills_in_a_blank_sheet_setting(tmp_path: Path, monkeypatch):
    exe = tmp_path / "elsewhere" / "pythonw.exe"
    exe.parent.mkdir(parents=True)
    exe.write_bytes(b"MZ")
    conf = tmp_path / "home" / ".xl_seuranta" / "xl_seuranta.conf"
    conf.parent.mkdir(parents=True)
    conf.write_text(f'"Interpreter_Win","{exe}"\n', encoding="utf-8")
    addin = _built_with(monkeypatch, tmp_path, Interpreter_Win="")
    machine = Machine(platform="win32", executable=str(exe), environ={"USERPROFILE": str(tmp_path / "home")})
    assert doctor.configured_interpreter(doctor.read_addin(addin), machine) == str(exe)
    report = doctor.run_checks(addin=addin, machine=machine)
    assert report.by_key()["interpreter"].status is Status.OK


def test_old_python_fails():
    report = doctor.run_checks(machine=Machine(python_version=(3, 10, 4)))
    python = report.by_key()["python"]
    assert python.status is Status.FAIL and "3.10.4: liian vanha, tarvitaan 3.11" in python.detail
    assert not report.usable


def test_expand_windows_vars():
    env = {"LocalAppData": r"C:\Users\Äijä\AppData\Local"}
    assert (
        doctor.expand_windows_vars(r"%LOCALAPPDATA%\xl-seuranta\%NOPE%\pythonw.exe", env)
        == r"C:\Users\Äijä\AppData\Local\xl-seuranta\%NOPE%\pythonw.exe"
    )


# ------------------------------------------------------------------------- the ribbon's message box


def _utf16_hex(text: str) -> str:
    """What Seuranta.HexUtf16 computes in VBA: each UTF-16 code unit as four hex digits."""
    return text.encode("utf-16-be").hex().upper()


@pytest.mark.parametrize(
    "path",
    [r"C:\Users\Pekka Äijälä\Tiedostot\xl_seuranta.xlam", r"\\srv\a&b %TEMP% 'x'\y.xlam", "C:\\𝄞\\z.xlam"],
)
def test_addin_path_travels_in_hex(path: str):
    assert doctor.decode_addin_hex(_utf16_hex(path)) == Path(path)


@pytest.mark.parametrize("bad", [None, "", "00C", "zz00", "D800"])
def test_bad_addin_hex_means_search(bad):
    assert doctor.decode_addin_hex(bad) is None


def _small_book() -> xw.Book:
    return xw.Book(
        json={
            "client": "Office.js",
            "version": xw.__version__,
            "book": {"name": "uusi.xlsx", "active_sheet_index": 0, "selection": "A1"},
            "names": [],
            "sheets": [{"name": "Taul1", "values": [[""]], "pictures": [], "tables": []}],
        }
    )


def _alerts(book: xw.Book) -> list[list]:
    actions = book.json()["actions"]
    assert {a["func"] for a in actions} == {"alert"}  # the self-test writes nothing into the book
    return [a["args"] for a in actions]


def test_testaa_asennus_button_shows_the_doctor_in_finnish():
    book = _small_book()
    message = macros.run_button("testaa_asennus", book, addin_hex=_utf16_hex(str(COMMITTED)))
    ((prompt, title, buttons, mode, _),) = _alerts(book)
    assert (title, buttons, mode) == ("xl-seuranta", "ok", "info")
    assert prompt == message == doctor.render_message(doctor.run_checks(addin=COMMITTED))
    for name in NAMES_FI:
        assert f" – {name}: " in prompt
    assert str(COMMITTED) in prompt
    assert prompt.endswith("Asennus on käyttökunnossa.")


def test_testaa_asennus_button_is_critical_when_something_fails(other_xlwings_addin: Path):
    book = _small_book()
    macros.run_button(" Testaa_Asennus ", book, addin_hex=_utf16_hex(str(other_xlwings_addin)))
    ((prompt, _title, _buttons, mode, _),) = _alerts(book)
    assert mode == "critical"
    assert "VIRHE – xlwings: asennettu" in prompt
    assert 'Korjaa: Asenna sama versio: pip install "xlwings==0.30.0"' in prompt
    assert "Traceback" not in prompt


def test_testaa_asennus_never_shows_a_traceback(monkeypatch, caplog):
    def boom(**kwargs):
        raise RuntimeError("internals")

    monkeypatch.setattr(doctor, "run_checks", boom)
    book = _small_book()
    assert macros.testaa_asennus(book) == Macros.generic_error("fi")
    ((prompt, _t, _b, mode, _),) = _alerts(book)
    assert mode == "critical" and "internals" not in prompt
    assert "RuntimeError" in caplog.text
