"""Batch checks as IT runs them: a folder of good, broken and hostile files, one entry per file.

Everything runs through the installed console script in a subprocess (the worker processes, their
caps and the exit code are the real ones), on a folder built at test time: copies of the example,
a cut-short zip, an encrypted workbook, an old .xls (and a broken one), an empty file, a 400 MB zip
bomb, a lying dimension tag, stray far cells, formatting to the last row, CSV and HTML exports.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import hostile_files as hostile
import pytest
from jsonschema import Draft4Validator

EXE = str(Path(sys.executable).with_name("xl-seuranta"))
SARIF_SCHEMA = Path(__file__).resolve().parent.parent / "support" / "sarif-schema-2.1.0.json"
READABLE_COPIES = {"hyva_1.xlsx", "hyva_2.xlsx", "valehteleva_dimensio.xlsx", "muotoilu_loppuun.xlsx"}
REFUSED = {
    "katkennut.xlsx": "corrupt_zip",
    "salattu.xlsx": "encrypted",
    "tyhja.xlsx": "empty",
    "pommi.xlsx": "too_big_unpacked",
    "harha_xfd.xlsx": "stray_cell",
    "harha_a.xlsx": "stray_cell",
    "csv_vienti.xlsx": "text",
    "html_vienti.xls": "html",
    "vanha_rikki.xls": "xls",
}


def xl(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory, example_built: Path) -> Path:
    path = tmp_path_factory.mktemp("talous") / "2025"
    hostile.hostile_folder(example_built, path)
    return path


@pytest.fixture(scope="module")
def single(example_built: Path) -> list[dict]:
    """The example checked on its own: what every good copy must still give in the batch."""
    r = xl("check", str(example_built), "--format", "json")
    assert r.returncode == 1
    return json.loads(r.stdout)["files"][0]["findings"]


def _by_name(doc: dict) -> dict[str, dict]:
    return {Path(f["path"]).name: f for f in doc["files"]}


def test_one_entry_per_file_no_traceback_exit_2(folder: Path, single: list[dict]) -> None:
    r = xl("check", str(folder), "--format", "json")
    assert r.returncode == 2 and "Traceback" not in r.stderr + r.stdout
    doc = json.loads(r.stdout)
    files = _by_name(doc)
    on_disk = {p.name for p in folder.iterdir() if not p.name.startswith("~$")}
    assert set(files) == on_disk and len(doc["files"]) == len(on_disk)  # Excel's lock file skipped
    assert [f["path"] for f in doc["files"]] == sorted(f["path"] for f in doc["files"])
    for name, kind in REFUSED.items():
        if name in files:
            assert files[name]["error_kind"] == kind, name
            assert files[name]["findings"] == [] and "Traceback" not in files[name]["error"]
    for name in READABLE_COPIES:
        assert "error" not in files[name] and files[name]["findings"] == single, name
    if "vanha.xls" in files:  # saved as Excel 97–2003 by LibreOffice: read and checked
        assert "error" not in files["vanha.xls"] and files["vanha.xls"]["summary"]["error"] > 0
    assert doc["totals"]["files"] == len(on_disk)
    assert doc["totals"]["unprocessed"] == sum(1 for n in REFUSED if n in files)


@pytest.mark.parametrize("jobs", [1, 2])
def test_first_files_refused_by_the_parent_read_as_a_workers_refusal(
    tmp_path: Path, folder: Path, example_built: Path, jobs: int
) -> None:
    """The parent inspects each worker's first file while the workers start (``_Pool.inspect_first``):
    a file the guards refuse there gets the entry a worker would have given it, a file they pass is
    handed on with its inspection, and the files after them are checked as before."""
    from xl_seuranta.app.batch import PoolOptions, _Pool, run_batch
    from xl_seuranta.app.batch_job import Job
    from xl_seuranta.app.batch_worker import process

    refused = [str(folder / "harha_xfd.xlsx"), str(folder / "salattu.xlsx")]
    job = Job(render=("json",), lang="en")
    pool = _Pool([*refused, str(example_built)], job, PoolOptions(jobs=jobs), str(tmp_path))
    early = dict(pool.inspect_first())
    assert sorted(early) == list(range(jobs)) and not pool.workers  # before any worker existed
    pool.close()
    pool = _Pool([str(example_built), *refused], job, PoolOptions(jobs=jobs), str(tmp_path))
    kinds = {i: e["error_kind"] for i, e in pool.inspect_first()}
    assert kinds == ({} if jobs == 1 else {1: "stray_cell"})
    assert list(pool.inspections) == [0]
    pool.close()
    got = dict(run_batch([*refused, str(example_built)], job, PoolOptions(jobs=jobs)))
    for i, path in enumerate(refused):
        assert got[i]["error_kind"] == ("stray_cell", "encrypted")[i]
        assert early.get(i, got[i])["error"] == got[i]["error"]
        assert {k: v for k, v in got[i].items() if k != "seconds"} == {
            k: v for k, v in process(path, job).items() if k != "seconds"
        }
    assert "error" not in got[2] and got[2]["summary"]["error"] == 7


def test_a_reader_crash_costs_one_file(folder: Path, single: list[dict]) -> None:
    """With the cell limit lifted, the stray XFD1048576 reaches python-calamine, which asks for 512 GiB
    and aborts its process: that file gets an entry "keskeytyi", every other file its own result."""
    r = xl(
        "check",
        str(folder),
        "--format",
        "json",
        "--max-cells",
        str(10**15),
        "--memory-mb",
        "600",
        "--verbose",
    )
    assert r.returncode == 2 and "Traceback" not in r.stderr
    files = _by_name(json.loads(r.stdout))
    crashed = files["harha_xfd.xlsx"]
    assert crashed["error"].startswith("tiedoston käsittely keskeytyi:") and crashed["error_kind"] == "memory"
    assert "memory allocation" in crashed["detail"]  # the reader's own words, only with --verbose
    assert "error" not in files["harha_a.xlsx"]  # 4 million cells: slow but within the caps
    for name in READABLE_COPIES:
        assert files[name]["findings"] == single, name


def test_per_file_timeout(tmp_path: Path, example_built: Path) -> None:
    """A file past the time limit is stopped and reported; the other file is unaffected. The slow one
    is the example with a stray value at F1048576 on three six-column sheets (19 million cells to read
    once the cell limit is lifted: many seconds), the limit 2 s (the example itself takes a tenth).
    The slow file comes first: the good one, queued behind it on the only worker, must go to the
    fresh worker that replaces the stopped one."""
    shutil.copyfile(example_built, tmp_path / "b_hyva.xlsx")
    sheets = tuple(f"xl/worksheets/sheet{i}.xml" for i in (3, 4, 5))
    hostile.stray_cell(example_built, tmp_path / "a_hidas.xlsx", "F1048576", sheets)
    args = ["--max-cells", str(10**9), "--timeout", "2", "--jobs", "1", "--lang", "en"]
    r = xl("check", str(tmp_path), "--format", "jsonl", *args)
    assert r.returncode == 2
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    slow = next(e for e in lines if e.get("path", "").endswith("a_hidas.xlsx"))
    assert slow["error_kind"] == "timeout" and "time limit of 2 s" in slow["error"]
    good = next(e for e in lines if e.get("path", "").endswith("b_hyva.xlsx"))
    assert good["summary"]["error"] == 7
    assert lines[-1] == {"totals": {"files": 2, "unprocessed": 1, "error": 7, "warning": 24, "info": 36}}


def test_files_queued_behind_a_crash_go_to_a_fresh_worker(tmp_path: Path, example_built: Path) -> None:
    """One worker, the crashing file first: the files already handed to that worker behind it are
    checked by its replacement, each exactly once."""
    hostile.stray_cell(example_built, tmp_path / "a_kaatuu.xlsx", "XFD1048576")
    for name in ("b_hyva.xlsx", "c_hyva.xlsx", "d_hyva.xlsx"):
        shutil.copyfile(example_built, tmp_path / name)
    args = ["--max-cells", str(10**15), "--memory-mb", "600", "--jobs", "1"]
    r = xl("check", str(tmp_path), "--format", "json", *args)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    doc = json.loads(r.stdout)
    assert [Path(e["path"]).name for e in doc["files"]] == [
        "a_kaatuu.xlsx",
        "b_hyva.xlsx",
        "c_hyva.xlsx",
        "d_hyva.xlsx",
    ]
    assert doc["files"][0]["error_kind"] == "memory"
    assert [e["summary"]["error"] for e in doc["files"][1:]] == [7, 7, 7]
    assert doc["totals"] == {"files": 4, "unprocessed": 1, "error": 21, "warning": 72, "info": 108}


def test_text_report_table_and_messages(folder: Path) -> None:
    r = xl("check", str(folder), "--jobs", "2")
    assert r.returncode == 2
    assert "salattu.xlsx on salasanalla suojattu" in r.stderr and "Ctrl+End" in r.stderr
    assert "EOCD" not in r.stderr and "Cfb" not in r.stderr and "Traceback" not in r.stderr
    tail = r.stdout[r.stdout.index("Yhteenveto") :]
    n = len([p for p in folder.iterdir() if not p.name.startswith("~$")])
    k = sum(1 for name in REFUSED if (folder / name).exists())
    assert f"Yhteensä: {n} tiedostoa, joista {k} ei käsitelty" in tail
    assert tail.count("tarkistettu") >= len(READABLE_COPIES)
    assert all(line == line.rstrip() for line in r.stdout.splitlines())
    en = xl("check", str(folder / "salattu.xlsx"), str(folder / "hyva_1.xlsx"), "--lang", "en")
    assert "password-protected" in en.stderr and "Total: 2 files, 1 not processed" in en.stdout


def test_stable_order_whatever_the_parallelism(folder: Path) -> None:
    one = json.loads(xl("check", str(folder), "--format", "json", "--jobs", "1").stdout)
    two = json.loads(xl("check", str(folder), "--format", "json", "--jobs", "3").stdout)
    assert one == two


def test_jsonl_streams_one_object_per_file(folder: Path) -> None:
    r = xl("check", str(folder), "--format", "jsonl")
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    entries, last = lines[:-1], lines[-1]
    assert len(entries) == last["totals"]["files"] == len([p for p in folder.iterdir() if p.name[0] != "~"])
    assert all(set(e) >= {"path", "findings", "summary"} for e in entries)


def test_sarif_is_valid(folder: Path) -> None:
    r = xl("check", str(folder), "--format", "sarif")
    doc = json.loads(r.stdout)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    errors = [e.message for e in Draft4Validator(schema).iter_errors(doc)]
    assert errors == []
    run = doc["runs"][0]
    a003 = [res for res in run["results"] if res["ruleId"] == "A003"]
    assert a003 and a003[0]["level"] == "error"
    names = {res["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] for res in a003}
    assert "Käyttötalous!E10" in names
    assert run["tool"]["driver"]["rules"][a003[0]["ruleIndex"]]["id"] == "A003"
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert len(notes) == sum(1 for n in REFUSED if (folder / n).exists())
    assert run["invocations"][0]["executionSuccessful"] is False


def test_json_is_a_document_for_a_missing_path_or_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "tyhja").mkdir()
    for args in ([str(tmp_path / "puuttuu.xlsx")], [str(tmp_path / "tyhja")], [str(tmp_path / "*.xlsx")]):
        r = xl("check", *args, "--format", "json")
        assert r.returncode == 2
        doc = json.loads(r.stdout)
        assert len(doc["files"]) == 1 and doc["files"][0]["error"]
        assert doc["files"][0]["error_kind"] in ("not_found", "no_workbooks")
    r = xl("check", str(tmp_path / "puuttuu.xlsx"), "--format", "sarif")
    assert json.loads(r.stdout)["runs"][0]["invocations"][0]["executionSuccessful"] is False


def test_huge_numbers_are_plain_json_and_readable_text(tmp_path: Path, example_built: Path) -> None:
    """A typing error of 1E+308 overflows sums to infinity: JSON stays valid, text stays short."""
    import re
    import zipfile

    path = tmp_path / "valtava.xlsx"
    with zipfile.ZipFile(example_built) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet3.xml":  # Käyttötalous, the third sheet
                data = re.sub(rb'(<c r="E10"[^>]*>)<v>[^<]*</v>', rb"\1<v>1E+308</v>", data)
            zout.writestr(item.filename, data)
    r = xl("check", str(path), "--format", "json")
    doc = json.loads(r.stdout, parse_constant=lambda c: pytest.fail(f"invalid JSON constant {c}"))
    assert any(f["actual"] == 1e308 for f in doc["files"][0]["findings"])
    text = xl("check", str(path)).stdout
    assert "1,0E308" in text and not re.search(r"\d{20}", text)


def test_exit_codes(tmp_path: Path, example_built: Path) -> None:
    good = tmp_path / "hyva.xlsx"
    shutil.copyfile(example_built, good)
    assert xl("check", str(good), "--select", "G,T").returncode == 0
    assert xl("check", str(good)).returncode == 1
    assert xl("check", str(good), str(tmp_path / "puuttuu.xlsx")).returncode == 2
    assert xl("run", str(good), "-o", str(tmp_path / "tulos.xlsx")).returncode == 0
    assert xl("run", str(good), "-o", str(tmp_path / "tulos.xlsx"), "--strict").returncode == 1
    old = hostile.html_named_xls(tmp_path / "vanha.xls")  # any .xls: refused before reading, with a hint
    r = xl("compute", str(old), "-o", str(tmp_path / "y.xlsx"))
    assert r.returncode == 2 and "Tallenna työkirja Excelissä" in r.stderr and "check vanha.xls" in r.stderr
    bad = hostile.encrypted(example_built, tmp_path / "salattu.xlsx")
    r = xl("run", str(bad), "-o", str(tmp_path / "x.xlsx"), "--lang", "en")
    assert r.returncode == 2 and "password-protected" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize(
    "args", [["--help"], ["rules"], ["rules", "A003"], ["check"], ["check", "x", "-f", "xml"]]
)
def test_start_up_imports_no_pandas_openpyxl_or_xlwings(args: list[str]) -> None:
    code = (
        "import sys\n"
        f"sys.argv = ['xl-seuranta', *{args!r}]\n"
        "from xl_seuranta.app.entry import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = sorted(m for m in ('pandas', 'openpyxl', 'xlwings') if m in sys.modules)\n"
        "print('HEAVY', heavy, 'pydantic' in sys.modules, file=sys.stderr)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "HEAVY []" in r.stderr, r.stderr[-500:]
    if args == ["--help"]:  # no models either (typer builds its own of pydantic to parse a command)
        assert "HEAVY [] False" in r.stderr, r.stderr[-500:]


@pytest.mark.parametrize("huge", [False, True])
def test_findings_encoded_in_the_worker_print_as_the_objects_would(
    tmp_path: Path, example_built: Path, huge: bool
) -> None:
    """`--format json`/`jsonl` print the findings the workers encoded (``json_text``); SARIF gets them as
    objects (``json``). Both ways must give the same JSON, byte for byte, also for infinite sums."""
    import io
    import re
    import zipfile

    from xl_seuranta.app.batch_job import Job
    from xl_seuranta.app.batch_report import JsonlReport, JsonReport, indented_json, public
    from xl_seuranta.app.batch_worker import process

    path = example_built
    if huge:  # a typing error of 1E+308: its sums overflow to infinity, which JSON writes as null
        path = tmp_path / "valtava.xlsx"
        with zipfile.ZipFile(example_built) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
            for item in zin.infolist():
                data = zin.read(item.filename)
                if item.filename == "xl/worksheets/sheet3.xml":
                    data = re.sub(rb'(<c r="E10"[^>]*>)<v>[^<]*</v>', rb"\1<v>1E+308</v>", data)
                zout.writestr(item.filename, data)
    objects = process(str(path), Job(render=("json",)))
    encoded = process(str(path), Job(render=("json_text",)))
    assert objects["findings"] and not encoded["findings"] and encoded["findings_json"]
    for entries in ([objects], [encoded]):
        for e in entries:
            e.pop("seconds")
    by_objects = json.dumps(public(objects), ensure_ascii=False, allow_nan=False)
    jsonl = io.StringIO()
    JsonlReport(out=jsonl).add(0, encoded)
    assert jsonl.getvalue() == by_objects + "\n"
    whole = io.StringIO()
    JsonReport(out=whole).finish([encoded])
    expected = {"files": [public(objects)], "totals": {"files": 1, "unprocessed": 0, **objects["summary"]}}
    assert whole.getvalue() == indented_json(expected, flat_below=4) + "\n"
    assert json.loads(whole.getvalue()) == json.loads(json.dumps(expected))
    if huge:
        assert "null" in by_objects and "Infinity" not in whole.getvalue()


def test_console_script_starts_the_workers_early_only_for_batch_commands() -> None:
    """The console script's module imports only the standard library (every worker runs it as its
    main module), and only the commands that check in workers start the fork server before parsing."""
    from xl_seuranta.app.entry import wants_workers

    assert wants_workers(["check", "a.xlsx"]) and wants_workers(["summary", "kansio", "-o", "k.xlsx"])
    assert not wants_workers(["check", "--help"]) and not wants_workers(["run", "a.xlsx"])
    assert not wants_workers([]) and not wants_workers(["--help"])
    script = Path(EXE).read_text(encoding="utf-8")
    assert "from xl_seuranta.app.entry import main" in script
    code = "import sys, xl_seuranta.app.entry; print(sorted(m for m in sys.modules if m.startswith(('xl_', 'typer'))))"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.stdout.strip() == "['xl_seuranta', 'xl_seuranta.app', 'xl_seuranta.app.entry']"


def test_the_console_script_exits_with_the_status_and_all_output_after_its_exit_handlers(
    tmp_path: Path, example_built: Path
) -> None:
    """The console script skips Python's teardown at exit (``entry._QuickExit``): the exit code, every
    byte of the output and the exit handlers' work (here multiprocessing's, which removes the workers'
    folder from TMPDIR) must all still be there."""
    import os

    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp)}
    r = subprocess.run(
        [EXE, "check", str(example_built), "--format", "json"], capture_output=True, env=env, timeout=120
    )
    assert r.returncode == 1  # the example has errors
    assert json.loads(r.stdout)["totals"]["error"] == 7
    assert list(tmp.iterdir()) == []
    rules = subprocess.run([EXE, "rules"], capture_output=True, text=True, env=env, timeout=120)
    from xl_seuranta.rules import RULES

    listed = {line.split()[0] for line in rules.stdout.splitlines() if line.strip()}
    assert rules.returncode == 0 and set(RULES) <= listed  # the last lines too: flushed before the exit
    usage = subprocess.run([EXE, "check"], capture_output=True, text=True, env=env, timeout=120)
    assert usage.returncode == 2 and "POLUT" in usage.stderr


@pytest.mark.skipif(not Path("/proc/self/fd/1").exists(), reason="reads open files from /proc")
def test_the_worker_server_does_not_hold_the_callers_output_open() -> None:
    """The fork server and the resource tracker outlive the command by the time they take to notice
    its end; holding its standard output, they made `check … | jq` wait for them. They get the null
    device; the caller's own output is untouched (this script prints through it)."""
    code = (
        "import os\n"
        "from multiprocessing import forkserver, resource_tracker\n"
        "from xl_seuranta.app.worker_server import start_worker_server\n"
        "start_worker_server()\n"
        "pids = [forkserver._forkserver._forkserver_pid, resource_tracker._resource_tracker._pid]\n"
        "print([os.readlink(f'/proc/{pid}/fd/1') for pid in pids], os.readlink('/proc/self/fd/1').startswith('pipe:'))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.stdout.strip() == "['/dev/null', '/dev/null'] True", r.stderr[-500:]


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_a_reader_that_stops_reading_gets_no_error_message(folder: Path, fmt: str) -> None:
    """`xl-seuranta check KANSIO | head`: the output pipe closes early. That is no failure to start
    the workers (it was reported as one) and no traceback: the command ends quietly."""
    p = subprocess.Popen(
        [EXE, "check", str(folder), "--format", fmt], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert p.stdout is not None and p.stderr is not None
    p.stdout.read(100)
    p.stdout.close()
    err = p.stderr.read().decode("utf-8", "replace")
    assert p.wait(timeout=120) in (0, 1, 2)
    assert err == "" or ("Traceback" not in err and "Työprosess" not in err and "Broken pipe" not in err), err
