"""Writing a workbook file: atomic, one writer at a time, permissions and links kept, no litter.

Real files and real processes: two CLI runs on the same file at once, a writer killed with SIGTERM.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from xl_seuranta.app import services
from xl_seuranta.app.cli import app
from xl_seuranta.io import atomic_file
from xl_seuranta.io.file_reader import read_workbook
from xl_seuranta.io.openpyxl_writer import WorkbookWriteError
from xl_seuranta.io.workbook_writer import write_plans_to_file

runner = CliRunner()
EXE = Path(sys.executable).with_name("xl-seuranta")


def litter(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(atomic_file.TEMP_PREFIX))


def test_symlink_is_followed_and_kept(example_copy: Path, tmp_path: Path) -> None:
    links = tmp_path / "linkit"
    links.mkdir()
    link = links / "seuranta.xlsx"
    link.symlink_to(example_copy)
    r = runner.invoke(app, ["compute", str(link), "--in-place"])
    assert r.exit_code == 0, r.stderr
    assert link.is_symlink() and link.resolve() == example_copy.resolve()
    assert "Laskelmat" in openpyxl.load_workbook(example_copy).sheetnames
    assert litter(links) == [] and litter(example_copy.parent) == []


def test_permission_bits_are_kept(example_copy: Path, tmp_path: Path) -> None:
    os.chmod(example_copy, 0o640)
    assert runner.invoke(app, ["goals", str(example_copy), "--in-place"]).exit_code == 0
    assert stat.S_IMODE(example_copy.stat().st_mode) == 0o640
    out = tmp_path / "uusi.xlsx"
    assert runner.invoke(app, ["goals", str(example_copy), "-o", str(out)]).exit_code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o640  # a copy of the source: the source's bits
    fresh = tmp_path / "kansio" / "toinen.xlsx"
    fresh.parent.mkdir()
    os.chmod(example_copy, 0o644)
    assert runner.invoke(app, ["run", str(example_copy), "-o", str(fresh)]).exit_code == 0
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644 & ~umask  # never the temp file's 0600


def test_read_only_target_is_refused(example_copy: Path) -> None:
    os.chmod(example_copy, 0o444)
    before = example_copy.read_bytes()
    r = runner.invoke(app, ["compute", str(example_copy), "--in-place"])
    assert r.exit_code == 2 and "kirjoitussuojattu" in r.stderr and "Traceback" not in r.stderr
    assert example_copy.read_bytes() == before
    r = runner.invoke(app, ["compute", str(example_copy), "--in-place", "--lang", "en"])
    assert r.exit_code == 2 and "read-only" in r.stderr
    assert litter(example_copy.parent) == []


def test_file_open_in_excel_is_refused(example_copy: Path) -> None:
    (example_copy.parent / f"~${example_copy.name}").write_bytes(b"owner")
    before = example_copy.read_bytes()
    r = runner.invoke(app, ["goals", str(example_copy), "--in-place"])
    assert r.exit_code == 2 and "auki Excelissä" in r.stderr
    assert example_copy.read_bytes() == before


def test_second_writer_waits_then_gets_a_clear_message(example_copy: Path) -> None:
    plans = services.compute_plans(read_workbook(example_copy))
    before = example_copy.read_bytes()
    with atomic_file.locked(example_copy):
        started = time.monotonic()
        with pytest.raises(WorkbookWriteError, match="Tiedosto on käytössä"):
            write_plans_to_file(example_copy, plans, lock_wait_s=0.5)
        assert time.monotonic() - started >= 0.5  # it waited before giving up
        with pytest.raises(WorkbookWriteError) as err:
            write_plans_to_file(example_copy, plans, lock_wait_s=0.1)
        assert "in use" in err.value.render("en")  # the CLI shows it in the user's language
    assert example_copy.read_bytes() == before
    write_plans_to_file(example_copy, plans, lock_wait_s=0.5)  # free again
    assert "Laskelmat" in openpyxl.load_workbook(example_copy).sheetnames
    assert litter(example_copy.parent) == []


def test_two_cli_writers_at_once_lose_no_sheet(example_built: Path, tmp_path: Path) -> None:
    """compute --in-place and goals --in-place started together, five times: both sheets every time."""
    for round_ in range(5):
        path = tmp_path / f"yhtaikaa{round_}.xlsx"
        path.write_bytes(example_built.read_bytes())
        procs = [
            subprocess.Popen(
                [str(EXE), kind, str(path), "--in-place"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for kind in ("compute", "goals")
        ]
        results = [(p.wait(timeout=120), p.stdout.read(), p.stderr.read()) for p in procs]  # type: ignore[union-attr]
        names = openpyxl.load_workbook(path).sheetnames
        for (code, _out, err), sheet in zip(results, ("Laskelmat", "Tavoiteseuranta"), strict=True):
            assert code == 0 or (code == 2 and "käytössä" in err), err
            assert (sheet in names) == (code == 0), (round_, names, err)
        assert litter(tmp_path) == []


def test_work_files_are_never_checked_and_stale_ones_are_cleaned(example_copy: Path) -> None:
    folder = example_copy.parent
    stale = folder / f"{atomic_file.TEMP_PREFIX}{example_copy.name}.12345.tmp"
    stale.write_bytes(b"half a zip")
    old_style = folder / f"{atomic_file.TEMP_PREFIX}k3j2h1.xlsx"  # the earlier writer's temp name
    old_style.write_bytes(b"half a zip")
    (folder / f"~${example_copy.name}x.xlsx").write_bytes(b"Excel owner file")
    r = runner.invoke(app, ["check", str(folder), "--format", "json"])
    assert r.exit_code == 1, r.stderr  # errors found in the example, and no unreadable file (2)
    assert r.stdout.count('"path"') == 1
    r = runner.invoke(app, ["check", str(folder / "*.xlsx")])
    assert r.exit_code == 1 and "half" not in r.stderr
    assert runner.invoke(app, ["compute", str(example_copy), "--in-place"]).exit_code == 0
    assert not stale.exists()  # the next writer of the same file removes what a killed one left
    assert old_style.exists()  # another file's (or an old version's) leftovers are not touched


_KILL_LOOP = """
import sys
from pathlib import Path
from xl_seuranta.app import services
from xl_seuranta.io.file_reader import read_workbook
from xl_seuranta.io.workbook_writer import write_plans_to_file
path = Path(sys.argv[1])
grids = read_workbook(path)
plans = [services.compute_plans(grids), services.goal_plans(grids)]
print("ready", flush=True)
i = 0
while True:
    write_plans_to_file(path, plans[i % 2], path)
    i += 1
"""


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or os.name == "nt", reason="POSIX signals")
def test_writer_killed_with_sigterm_leaves_the_file_whole_and_no_litter(example_copy: Path) -> None:
    user_sheets = openpyxl.load_workbook(example_copy).sheetnames
    for delay in (0.3, 0.55, 0.8):
        proc = subprocess.Popen(
            [sys.executable, "-c", _KILL_LOOP, str(example_copy)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        time.sleep(delay)
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=60)
        assert code != 0
        assert litter(example_copy.parent) == []
        names = openpyxl.load_workbook(example_copy).sheetnames  # a whole workbook, old or new
        assert names[: len(user_sheets)] == user_sheets and "Laskelmat" in names
