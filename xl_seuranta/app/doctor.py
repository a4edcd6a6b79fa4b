"""Installation self-test: ``xl-seuranta doctor`` and the ribbon button *Testaa asennus*.

The first person to open the add-in on a Windows PC must be able to tell in a minute what works and
what does not, without a developer beside them. Each check is one :class:`Check` record (name,
status, detail, what to do), so the terminal, the ribbon's message box, JSON output and the tests
show the same results from the same code.

What "usable" means: every check is OK or INFO. INFO lines are reported but never fail the
installation: LibreOffice (only the tests need it), the server extra (only a server needs it), and
the Windows-only parts of the desktop add-in when the doctor runs elsewhere. On Linux or macOS the
add-in's interpreter path (``Interpreter_Win``, a Windows path) and the versioned xlwings DLL cannot
exist and are reported as not applicable, so there "usable" means: the Python is new enough, the
cell-function module imports and computes, and the installed xlwings is the one the add-in was built
for (the DLL name its VBA declares), i.e. what IT's batch runs and a server need, and what a Windows
PC with the same packages would load.

The add-in file is the one given (``--addin``, or the path the ribbon passes), else the first found
of the checkout's ``workbook/xl_seuranta.xlam`` and the usual Windows places. Without one, the
xlwings version is compared with the package's own pin (``xlwings==…``), which the released add-in
is built with.
"""

from __future__ import annotations

import csv
import importlib
import importlib.metadata as md
import importlib.util
import math
import os
import re
import shutil
import sys
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path

from xl_seuranta.domain.messages import lang_of
from xl_seuranta.domain.messages.doctor import Doctor
from xl_seuranta.io.addin_file import (
    PROP_DLL,
    PROP_VERSION,
    PROP_XLWINGS,
    AddinFile,
    AddinReadError,
    read_addin,
)

ADDIN_NAME = "xl_seuranta.xlam"
DEFAULT_UDF_MODULE = "xl_seuranta.app.udfs"
MIN_PYTHON = (3, 11)
_DLL_VERSION_RE = re.compile(r"^xlwings(?:32|64)-(.+)\.dll$", re.IGNORECASE)
_PATH_PYTHONS = ("python", "pythonw")  # the xlwings VBA runs these from PATH, not as a file


class Status(StrEnum):
    OK = "ok"
    FAIL = "fail"
    INFO = "info"  # reported, never makes the installation unusable


@dataclass(frozen=True)
class Check:
    """One line of the self-test."""

    key: str  # stable id for scripts and tests: python, xl_seuranta, addin, xlwings, dll, ...
    name: str  # in the user's language
    status: Status
    detail: str
    fix: str = ""  # what to do; set for FAIL lines and where an INFO line needs an action

    @property
    def ok(self) -> bool:
        return self.status is not Status.FAIL


@dataclass(frozen=True)
class Report:
    checks: list[Check]
    lang: str = "fi"

    @property
    def usable(self) -> bool:
        return all(c.ok for c in self.checks)

    def by_key(self) -> dict[str, Check]:
        return {c.key: c for c in self.checks}

    def json_dict(self) -> dict[str, object]:
        return {
            "usable": self.usable,
            "checks": [{**asdict(c), "status": c.status.value} for c in self.checks],
        }


@dataclass(frozen=True)
class Machine:
    """What the checks look at, so that tests can ask "what would Windows say" on Linux."""

    platform: str = sys.platform
    python_version: tuple[int, int, int] = tuple(sys.version_info[:3])  # type: ignore[assignment]
    executable: str = sys.executable
    prefix: str = sys.prefix
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))

    @property
    def windows(self) -> bool:
        return self.platform == "win32"


# --------------------------------------------------------------------------------------------
# Texts
# --------------------------------------------------------------------------------------------


def t(key: str, lang: str, **kw: object) -> str:
    """A doctor text from the catalogue, filled."""
    return getattr(Doctor, key)(lang, **kw)


# --------------------------------------------------------------------------------------------
# Finding the add-in and reading settings
# --------------------------------------------------------------------------------------------


def expand_windows_vars(text: str, environ: Mapping[str, str]) -> str:
    """``%NAME%`` expanded as Windows does (case-insensitive names; unknown ones kept as written)."""
    upper = {k.upper(): v for k, v in environ.items()}
    return re.sub(r"%([^%]+)%", lambda m: upper.get(m.group(1).upper(), m.group(0)), text)


def addin_candidates(machine: Machine) -> list[Path]:
    """Where to look for the add-in when none is given: the checkout, then the usual Windows places."""
    here = Path(__file__).resolve()
    places = [here.parents[2] / "workbook" / ADDIN_NAME]
    if machine.windows:
        for template in (
            r"%APPDATA%\Microsoft\AddIns",
            r"%USERPROFILE%\Documents\xl-seuranta",
            r"%LOCALAPPDATA%\xl-seuranta",
        ):
            folder = expand_windows_vars(template, machine.environ)
            if "%" not in folder:
                places.append(Path(folder) / ADDIN_NAME)
    return places


def user_config(machine: Machine) -> dict[str, str]:
    """``%USERPROFILE%\\.xl_seuranta\\xl_seuranta.conf`` (``"KEY","value"`` lines), keys upper-cased.

    The xlwings VBA falls back to this file for keys the add-in's sheet does not set.
    """
    home = machine.environ.get("USERPROFILE") if machine.windows else None
    if not home:
        return {}
    path = Path(home) / ".xl_seuranta" / "xl_seuranta.conf"
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return {row[0].strip().upper(): row[1] for row in csv.reader(fh) if len(row) >= 2}
    except OSError:
        return {}


# --------------------------------------------------------------------------------------------
# The checks
# --------------------------------------------------------------------------------------------


def _dist_version(name: str) -> str | None:
    try:
        return md.version(name)
    except md.PackageNotFoundError:
        return None


def _pinned_xlwings() -> str | None:
    """The ``xlwings==…`` pin of the installed xl-seuranta distribution (the add-in is built with it)."""
    try:
        requirements = md.requires("xl-seuranta") or []
    except md.PackageNotFoundError:
        return None
    for req in requirements:
        m = re.match(r"^xlwings\s*==\s*([^;\s]+)", req)
        if m:
            return m.group(1)
    return None


def check_python(machine: Machine, lang: str) -> Check:
    v = ".".join(map(str, machine.python_version))
    minimum = ".".join(map(str, MIN_PYTHON))
    if tuple(machine.python_version[:2]) < MIN_PYTHON:
        return Check(
            "python",
            t("n_python", lang),
            Status.FAIL,
            t("python_old", lang, v=v, min=minimum, exe=machine.executable),
            t("python_fix", lang, min=minimum),
        )
    return Check("python", t("n_python", lang), Status.OK, f"{v} ({machine.executable})")


def check_package(addin: AddinFile | None, lang: str) -> Check:
    from xl_seuranta import __version__

    v = _dist_version("xl-seuranta") or __version__
    name = t("n_xl_seuranta", lang)
    a = addin.properties.get(PROP_VERSION) if addin else None
    if a and a != v:
        return Check(
            "xl_seuranta", name, Status.FAIL, t("xs_mismatch", lang, v=v, a=a), t("xs_fix", lang, v=v, a=a)
        )
    return Check("xl_seuranta", name, Status.OK, t("xs_addin", lang, v=v, a=a) if a else v)


def check_addin(
    addin: AddinFile | None, error: AddinReadError | None, searched: list[Path], lang: str
) -> Check:
    name = t("n_addin", lang)
    if addin is not None:
        v = addin.properties.get(PROP_VERSION)
        detail = t("addin_found", lang, p=addin.path) + (f" (xl-seuranta {v})" if v else "")
        return Check("addin", name, Status.OK, detail)
    if error is not None:
        detail = t(f"addin_{error.kind}", lang, p=error.path, d=error.detail)
        return Check("addin", name, Status.FAIL, detail, t("addin_fix", lang))
    where = ", ".join(str(p) for p in searched)
    return Check("addin", name, Status.INFO, t("addin_none", lang, where=where), t("addin_none_fix", lang))


def addin_xlwings(addin: AddinFile | None) -> tuple[str | None, str | None]:
    """(xlwings version, DLL name) the add-in was built for, from its custom properties."""
    if addin is None:
        return None, None
    dll = addin.properties.get(PROP_DLL)
    if dll:
        m = _DLL_VERSION_RE.match(dll.strip())
        if m:
            return m.group(1), dll.strip()
    v = addin.properties.get(PROP_XLWINGS)
    return (v, f"xlwings64-{v}.dll") if v else (None, None)


def check_xlwings(addin: AddinFile | None, lang: str) -> Check:
    name = t("n_xlwings", lang)
    v = _dist_version("xlwings")
    if v is None:
        need = addin_xlwings(addin)[0] or _pinned_xlwings() or "?"
        return Check("xlwings", name, Status.FAIL, t("xw_missing", lang), t("xw_fix", lang, need=need))
    need, dll = addin_xlwings(addin)
    if need is not None:
        if need == v:
            return Check("xlwings", name, Status.OK, t("xw_match_addin", lang, v=v, dll=dll))
        return Check(
            "xlwings",
            name,
            Status.FAIL,
            t("xw_mismatch_addin", lang, v=v, need=need, dll=dll),
            t("xw_fix", lang, need=need),
        )
    pin = _pinned_xlwings()
    if addin is not None:  # an add-in without the properties: say so, compare with the pin
        detail = t("xw_unknown", lang, v=v)
        if pin and pin != v:
            return Check("xlwings", name, Status.FAIL, detail, t("xw_fix", lang, need=pin))
        return Check("xlwings", name, Status.INFO, detail)
    if pin and pin != v:
        return Check(
            "xlwings",
            name,
            Status.FAIL,
            t("xw_mismatch_pin", lang, v=v, need=pin),
            t("xw_fix", lang, need=pin),
        )
    return Check("xlwings", name, Status.OK, t("xw_match_pin", lang, v=v) if pin else v)


def configured_interpreter(addin: AddinFile | None, machine: Machine) -> str | None:
    """The add-in's ``Interpreter_Win`` as the xlwings VBA resolves it (sheet, then user file)."""
    if addin is None:
        return None
    for source in (addin.config, user_config(machine)):
        for key in ("INTERPRETER_WIN", "INTERPRETER"):
            value = source.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
    return "python"  # the VBA's last fallback


def check_interpreter(addin: AddinFile | None, machine: Machine, lang: str) -> Check:
    name = t("n_interpreter", lang)
    value = configured_interpreter(addin, machine)
    if value is None:
        return Check("interpreter", name, Status.INFO, t("int_unknown", lang))
    if not machine.windows:
        return Check("interpreter", name, Status.INFO, t("int_na", lang, v=value, plat=machine.platform))
    if value.lower() in _PATH_PYTHONS:
        which = shutil.which(value) or "?"
        return Check("interpreter", name, Status.INFO, t("int_path_python", lang, v=value, which=which))
    path = Path(expand_windows_vars(value, machine.environ))
    if not path.is_file():
        return Check(
            "interpreter", name, Status.FAIL, t("int_missing", lang, v=value, p=path), t("int_fix", lang)
        )
    if _env_root(path) != _env_root(Path(machine.executable)):
        return Check(
            "interpreter",
            name,
            Status.INFO,
            t("int_other", lang, p=path, exe=machine.executable),
            t("int_other_fix", lang, p=path),
        )
    return Check("interpreter", name, Status.OK, t("int_ok", lang, p=path))


def _env_root(exe: Path) -> Path:
    """The environment folder of an interpreter (``venv`` for ``venv\\Scripts\\pythonw.exe``)."""
    folder = exe.resolve().parent if exe.exists() else exe.parent
    return folder.parent if folder.name.lower() in ("scripts", "bin") else folder


def check_dll(addin: AddinFile | None, machine: Machine, lang: str) -> Check:
    name = t("n_dll", lang)
    if not machine.windows:
        return Check("dll", name, Status.INFO, t("dll_na", lang, plat=machine.platform))
    need, dll = addin_xlwings(addin)
    installed = _dist_version("xlwings")
    need = need or installed or "?"
    dll = dll or f"xlwings64-{need}.dll"
    value = configured_interpreter(addin, machine)
    if value and value.lower() not in _PATH_PYTHONS:
        exe = Path(expand_windows_vars(value, machine.environ))
        if not exe.is_file():  # one cause, one failed line: the interpreter check says it
            return Check("dll", name, Status.INFO, t("dll_unchecked", lang, dll=dll))
    else:
        exe = Path(machine.executable)
    # the folders XLPyLoadDLL tries: next to the interpreter, then one up (a venv's root)
    folders = [exe.parent, exe.parent.parent]
    for folder in folders:
        if (folder / dll).is_file():
            return Check("dll", name, Status.OK, t("dll_found", lang, p=folder / dll))
    where = ", ".join(str(f) for f in folders)
    return Check(
        "dll", name, Status.FAIL, t("dll_missing", lang, dll=dll, where=where), t("dll_fix", lang, need=need)
    )


def check_udfs(addin: AddinFile | None, lang: str) -> Check:
    name = t("n_udfs", lang)
    configured = addin.setting("UDF Modules") if addin else None
    modules = [m.strip() for m in str(configured or DEFAULT_UDF_MODULE).split(";") if m.strip()]
    found: list[str] = []
    total = 0
    for module_name in modules:
        try:
            module = importlib.import_module(module_name)
        except Exception as exc:  # whatever breaks the import, the user gets a line, not a traceback
            return Check(
                "udfs",
                name,
                Status.FAIL,
                t("udf_broken", lang, m=module_name, e=f"{type(exc).__name__}: {exc}"),
                t("udf_fix", lang),
            )
        exported = getattr(module, "__all__", None) or dir(module)
        total += sum(
            1
            for n in exported
            if callable(getattr(module, n, None)) and n.islower() and not n.startswith("_")
        )
        found.append(module_name)
        probe = getattr(module, "muutos_pros", None)
        if probe is not None:
            got = _probe(probe)
            if got is None or not math.isclose(got, 0.1, abs_tol=1e-12):
                return Check(
                    "udfs",
                    name,
                    Status.FAIL,
                    t("udf_wrong", lang, m=module_name, got=got),
                    t("udf_fix", lang),
                )
    key = "udf_ok" if DEFAULT_UDF_MODULE in found else "udf_other"
    return Check("udfs", name, Status.OK, t(key, lang, m=", ".join(found), n=total))


def _probe(fn: object) -> float | None:
    try:
        value = fn(110, 100)  # type: ignore[operator]
        while isinstance(value, list | tuple) and len(value) == 1:
            value = value[0]  # [[y]] from a decorated function
        return float(value)
    except Exception:
        return None


def find_libreoffice(machine: Machine) -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    if machine.windows:
        for var in ("PROGRAMFILES", "PROGRAMFILES(X86)"):
            base = machine.environ.get(var)
            if base and (Path(base) / "LibreOffice" / "program" / "soffice.exe").is_file():
                return str(Path(base) / "LibreOffice" / "program" / "soffice.exe")
    mac = Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")
    if machine.platform == "darwin" and mac.is_file():
        return str(mac)
    return None


def check_libreoffice(machine: Machine, lang: str) -> Check:
    found = find_libreoffice(machine)
    detail = t("lo_found", lang, p=found) if found else t("lo_none", lang)
    return Check("libreoffice", t("n_libreoffice", lang), Status.INFO, detail)


def check_server(lang: str) -> Check:
    name = t("n_server", lang)
    versions = {d: _dist_version(d) for d in ("xlwings-server", "uvicorn")}
    if all(versions.values()) and importlib.util.find_spec("xlwings_server") is not None:
        detail = t("srv_yes", lang, v=", ".join(f"{d} {v}" for d, v in versions.items()))
        return Check("server", name, Status.INFO, detail)
    return Check("server", name, Status.INFO, t("srv_no", lang))


# --------------------------------------------------------------------------------------------
# Running and showing
# --------------------------------------------------------------------------------------------


def run_checks(addin: Path | None = None, lang: str = "fi", machine: Machine | None = None) -> Report:
    """Every check, in the order shown. ``addin``: the add-in file to check (else searched for)."""
    machine = machine or Machine()
    lang = lang_of(lang)
    searched = [Path(addin)] if addin is not None else addin_candidates(machine)
    file: AddinFile | None = None
    error: AddinReadError | None = None
    if addin is not None:
        try:
            file = read_addin(Path(addin))
        except AddinReadError as exc:
            error = exc
    else:
        for candidate in searched:
            if candidate.is_file():
                try:
                    file = read_addin(candidate)
                except AddinReadError as exc:
                    error = exc
                break
    checks = [
        check_python(machine, lang),
        check_package(file, lang),
        check_addin(file, error, searched, lang),
        check_xlwings(file, lang),
        check_interpreter(file, machine, lang),
        check_dll(file, machine, lang),
        check_udfs(file, lang),
        check_libreoffice(machine, lang),
        check_server(lang),
    ]
    return Report(checks, lang)


def _status_label(status: Status, lang: str) -> str:
    return t(f"s_{status.value}", lang)


def summary_line(report: Report) -> str:
    failed = sum(1 for c in report.checks if not c.ok)
    if not failed:
        return t("usable", report.lang)
    return t("broken_1", report.lang) if failed == 1 else t("broken", report.lang, n=failed)


def render_lines(report: Report) -> list[str]:
    """The terminal table: status, name, detail; an indented fix under lines that need one."""
    lang = report.lang
    labels = [_status_label(c.status, lang) for c in report.checks]
    wl = max(map(len, labels))
    wn = max(len(c.name) for c in report.checks)
    lines = [t("title", lang), ""]
    for label, c in zip(labels, report.checks, strict=True):
        lines.append(f"{label:<{wl}}  {c.name:<{wn}}  {c.detail}")
        if c.fix and c.status is not Status.OK:
            lines.append(f"{'':<{wl}}  {'':<{wn}}  -> {t('fix_prefix', lang)} {c.fix}")
    lines += ["", summary_line(report)]
    return lines


def render_message(report: Report) -> str:
    """The message box text (proportional font: no column padding)."""
    lang = report.lang
    parts = [t("title", lang), ""]
    for c in report.checks:
        parts.append(f"{_status_label(c.status, lang)} – {c.name}: {c.detail}")
        if c.fix and c.status is not Status.OK:
            parts.append(f"    {t('fix_prefix', lang)} {c.fix}")
    parts += ["", summary_line(report)]
    return "\n".join(parts)


def decode_addin_hex(text: str | None) -> Path | None:
    """The add-in path the VBA passes as UTF-16 code units in hex (see ``Seuranta.HexUtf16``).

    Hex keeps any path (spaces, quotes, ``%``, ``&``, ä) intact through the cmd.exe command line and
    the Python string. Anything that is not such hex gives None, and the add-in is searched for.
    """
    if not text or len(text) % 4 or not re.fullmatch(r"[0-9A-Fa-f]+", text):
        return None
    try:
        return Path(bytes.fromhex(text).decode("utf-16-be"))
    except UnicodeDecodeError:
        return None
