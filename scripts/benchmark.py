"""Benchmark of the metrics core and the cell-function layer (not a test).

Prints, in one run:
1. time per cell of vectorised ``metrics.muutos_pros`` / ``metrics.toteuma_pros`` over 10 000 cells
   vs a plain numpy expression of the same formula (the price of the shape handling and NaN rules);
2. time of ``udfs.muutos_pros`` over a 10 000-cell 2-D range (list of lists, as Office.js sends it)
   vs ``metrics.muutos_pros`` directly (the price of per-cell parsing and error values);
3. on a synthetic 20 000-row workbook (5 000 unit blocks of MENOT/TULOT/NETTOMENO under five period
   headers on one sheet): reading and discovering it (``read_workbook`` + ``discover_book``) vs
   computing every Laskelmat metric for the whole frame with the metrics core
   (``compute.metric_values``) vs building the Laskelmat plan (``compute.compute_sheet_plans``);
4. batch: ``xl-seuranta check`` over a folder of 200 example-size workbooks with the default jobs,
   as a whole process, against a whole process that reads the same 200 files with python-calamine
   (medians; the issue's goal is at most 8x); then where a file's time goes inside a worker (cProfile);
5. domain core (issue 9): ``xl-seuranta check`` of the 20 000-row workbook against python-calamine's
   read of the same file (whole processes), where the time goes, and the example checked in process;
6. hostile files: for each one, the time and the peak memory (PSS of the whole process tree, read
   from /proc) of ``xl-seuranta check FILE`` until it is refused (goal: at most 5 s and 500 MB).

Run: ``.venv/bin/python scripts/benchmark.py`` (``--only core``, ``--only batch`` or ``--only hostile``
for one part).
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from xl_seuranta import metrics
from xl_seuranta.app import udfs

N_CELLS = 10_000
REPEATS = 7


def best_time(fn: Callable[[], object], repeats: int = REPEATS) -> float:
    """Best wall time of ``repeats`` runs (after one warm-up), in seconds."""
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def _numpy_muutos_pros(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        out = (np.abs(u) - np.abs(v)) / np.abs(v)
    return np.where((v == 0) | (np.sign(u) * np.sign(v) < 0), np.nan, out)


def _numpy_toteuma_pros(t: np.ndarray, b: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        out = t / b
    return np.where((b == 0) | (np.sign(t) * np.sign(b) < 0), np.nan, out)


def _row(label: str, seconds: float, baseline: float | None = None) -> str:
    per_cell_ns = seconds / N_CELLS * 1e9
    ratio = f"{seconds / baseline:8.1f}x" if baseline else " " * 9
    return f"  {label:<44} {seconds * 1e3:9.3f} ms  {per_cell_ns:10.1f} ns/cell  {ratio}"


def bench_metrics_vs_numpy(rng: np.random.Generator) -> None:
    a = rng.normal(-1e6, 5e5, N_CELLS)
    b = rng.normal(-1e6, 5e5, N_CELLS)
    b[::50] = 0.0  # some zero bases
    print(f"1. metrics vs plain numpy, {N_CELLS} cells (best of {REPEATS})")
    for name, metric, plain in (
        ("muutos_pros", metrics.muutos_pros, _numpy_muutos_pros),
        ("toteuma_pros", metrics.toteuma_pros, _numpy_toteuma_pros),
    ):
        assert np.allclose(metric(a, b), plain(a, b), equal_nan=True)
        t_plain = best_time(lambda p=plain: p(a, b))
        t_metric = best_time(lambda f=metric: f(a, b))
        print(_row(f"numpy expression ({name})", t_plain))
        print(_row(f"metrics.{name}", t_metric, t_plain))


def bench_udf_vs_metrics(rng: np.random.Generator) -> None:
    rows, cols = 1000, 10
    a = rng.normal(-1e6, 5e5, (rows, cols))
    b = rng.normal(-1e6, 5e5, (rows, cols))
    uusi, vanha = a.tolist(), b.tolist()  # what Office.js sends: 2-D lists of Python floats
    print(f"2. UDF layer vs metrics, {rows}x{cols} = {rows * cols} cells (best of {REPEATS})")
    t_metric = best_time(lambda: metrics.muutos_pros(a, b))
    t_udf = best_time(lambda: udfs.muutos_pros(uusi, vanha))
    print(_row("metrics.muutos_pros (ndarray)", t_metric))
    print(_row("udfs.muutos_pros (2-D list)", t_udf, t_metric))


SYNTHETIC_ROWS = 20_000
SYNTHETIC_HEADERS = ["TP 2023", "TA+MUUTOS 2024", "TP 2024", "TA 2025", "TOT. 30.6.2025"]


def build_synthetic_workbook(path: Path, n_rows: int = SYNTHETIC_ROWS, seed: int = 2025) -> int:
    """Write a workbook of ``n_rows`` rows: a header row, then blocks of a unit heading followed by
    MENOT / TULOT / NETTOMENO under the five period columns. Returns the number of unit blocks."""
    import openpyxl

    rng = np.random.default_rng(seed)
    n_units = (n_rows - 2) // 4
    menot = -np.round(rng.uniform(1e4, 5e6, (n_units, 5)))
    tulot = np.round(-menot * rng.uniform(0, 0.6, (n_units, 5)))
    menot[:, 4] = np.round(menot[:, 3] * rng.uniform(0.2, 0.8, n_units))  # year to date vs budget
    tulot[:, 4] = np.round(tulot[:, 3] * rng.uniform(0.2, 0.8, n_units))
    tulot[::37] = 0.0  # units without revenue: zero bases give #N/A
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Yksiköt")
    ws.append(["Yksiköt", *SYNTHETIC_HEADERS])
    for i in range(n_units):
        ws.append([f"Yksikkö {i + 1:05d}"])
        ws.append(["MENOT", *menot[i].tolist()])
        ws.append(["TULOT", *tulot[i].tolist()])
        ws.append(["NETTOMENO", *(menot[i] + tulot[i]).tolist()])
    ws.append(["Toimiala yhteensä"])
    wb.save(path)
    return n_units


def _row3(label: str, seconds: float, baseline: float) -> str:
    return f"  {label:<58} {seconds * 1e3:10.1f} ms  {seconds / baseline:7.2f}x"


def bench_compute_vs_read(n_rows: int = SYNTHETIC_ROWS, repeats: int = 3) -> None:
    from xl_seuranta.io.file_reader import read_workbook
    from xl_seuranta.layout import discover_book
    from xl_seuranta.sheets import laskelmat as compute

    with tempfile.TemporaryDirectory(prefix="xlseuranta_bench_") as tmp:
        path = Path(tmp) / "synthetic.xlsx"
        n_units = build_synthetic_workbook(path, n_rows)
        book = discover_book(read_workbook(path))
        n_numbers = int(book.frame["value"].notna().sum())
        values = compute.metric_values(book)
        n_metric_cells = int((values["what"] == "metric").sum())
        print(
            f"3. synthetic workbook: {n_rows} rows, {n_units} units, {n_numbers} numbers in the frame, "
            f"{n_metric_cells} metric cells (read: one run; compute: best of {repeats}; ratio vs read)"
        )
        # One timed run: reading is the slow part (seconds), and the book was already read once above.
        start = time.perf_counter()
        discover_book(read_workbook(path))
        t_read = time.perf_counter() - start
        t_metrics = best_time(lambda: compute.metric_values(book), repeats)
        t_plans = best_time(lambda: compute.compute_sheet_plans(book), repeats)
        print(_row3("read_workbook + discover_book (read)", t_read, t_read))
        print(_row3("compute.metric_values (every metric, whole frame)", t_metrics, t_read))
        print(_row3("compute.compute_sheet_plans (Laskelmat plan)", t_plans, t_read))


EXAMPLE = Path(__file__).resolve().parent.parent / "xl_seuranta" / "data" / "hallintopalvelut_2025.xlsx"
EXE = str(Path(sys.executable).with_name("xl-seuranta"))
BATCH_FILES = 200
BATCH_RUNS = 5

_CALAMINE_READ = """
import sys
from pathlib import Path
from python_calamine import CalamineWorkbook
for path in sorted(Path(sys.argv[1]).glob("*.xlsx")):
    wb = CalamineWorkbook.from_path(str(path))
    for name in wb.sheet_names:
        wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
"""


def _tree_pss_kb(root: int) -> int:
    """PSS (proportional set size, shared pages split fairly) of ``root`` and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) > root:  # descendants were started after the root
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                total += next(int(line.split()[1]) for line in fh if line.startswith("Pss:"))
        except (OSError, StopIteration, ValueError):
            continue
    return total


def run_measured(cmd: list[str], timeout: float = 300, memory: bool = True) -> tuple[float, float, int]:
    """Wall seconds, peak PSS (MB) of the process tree sampled every 25 ms, and the exit code.

    ``memory=False`` for the timing comparisons: reading every process's smaps every 25 ms takes
    CPU from the processes being timed (more of it the more processes the tree has)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if not memory:
        try:
            code = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            code = proc.wait()
        return time.perf_counter() - start, 0.0, code
    peak = 0
    while proc.poll() is None:
        if os.path.exists("/proc/self/smaps_rollup"):
            peak = max(peak, _tree_pss_kb(proc.pid))
        time.sleep(0.025)
        if time.perf_counter() - start > timeout:
            proc.kill()
    return time.perf_counter() - start, peak / 1024, proc.wait()


def _median_walls(*cmds: list[str], runs: int = BATCH_RUNS) -> list[float]:
    """Median wall time of each command, the commands run in turn ``runs`` times: a ratio of two
    medians then compares runs made under the same load (this machine is shared)."""
    walls: list[list[float]] = [[] for _ in cmds]
    for _ in range(runs):
        for i, cmd in enumerate(cmds):
            walls[i].append(run_measured(cmd, memory=False)[0])
    return [statistics.median(w) for w in walls]


def bench_batch(n_files: int = BATCH_FILES) -> None:
    from xl_seuranta.app.batch import default_jobs

    with tempfile.TemporaryDirectory(prefix="xlseuranta_batch_") as tmp:
        folder = Path(tmp) / "talous"
        folder.mkdir()
        for i in range(n_files):
            shutil.copyfile(EXAMPLE, folder / f"osasto_{i:03d}.xlsx")
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(
            f"4. batch: {n_files} copies of the example, default jobs = {default_jobs()} "
            f"(whole processes, median of {BATCH_RUNS}; load average at start {load:.1f})"
        )
        t_read, t_check, t_one = _median_walls(
            [sys.executable, "-c", _CALAMINE_READ, str(folder)],
            [EXE, "check", str(folder), "--format", "json"],
            [EXE, "check", str(folder), "--format", "json", "--jobs", "1"],
        )
        wall, work = _isolation_cost(sorted(folder.glob("*.xlsx")))
        print(_row3("python-calamine reads the 200 files, one process", t_read, t_read))
        print(
            _row3(f"xl-seuranta check, default jobs ({n_files / t_check:.0f} workbooks/s)", t_check, t_read)
        )
        print(_row3(f"xl-seuranta check --jobs 1 ({n_files / t_one:.0f} workbooks/s)", t_one, t_read))
        print(_row3("run_batch, 1 worker, in this process: wall", wall, t_read))
        print(_row3("  of which the worker reading and checking (sum per file)", work, t_read))
        print(
            _row3(
                f"  of which isolation: fork server, hand-over ({(wall - work) / n_files * 1e3:.1f} ms/file)",
                wall - work,
                t_read,
            )
        )
        print(f"  goal: at most 8x python-calamine; measured {t_check / t_read:.1f}x")
        profile_worker(sorted(folder.glob("*.xlsx"))[:40])


def bench_core(n_rows: int = SYNTHETIC_ROWS, runs: int = 5) -> None:
    """Issue 9's goals: a 20 000-row workbook checked by ``xl-seuranta check`` in at most 5x
    python-calamine's read of the same file (whole processes, medians of ``runs``); the example
    checked in process in at most 10 ms; where a big check's time goes."""
    from xl_seuranta.app.services import discover
    from xl_seuranta.app.worker_server import worker_environment
    from xl_seuranta.io.file_reader import read_workbook
    from xl_seuranta.rules.engine import run_rules

    with tempfile.TemporaryDirectory(prefix="xlseuranta_core_") as tmp:
        path = Path(tmp) / "synthetic.xlsx"
        n_units = build_synthetic_workbook(path, n_rows)
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(
            f"5. domain core: a {n_rows}-row workbook ({n_units} units), whole processes, median of {runs} "
            f"(load average at start {load:.1f})"
        )
        worker_environment()  # the import below is timed as the workers make it
        read_code = _CALAMINE_READ.replace('sorted(Path(sys.argv[1]).glob("*.xlsx"))', "[Path(sys.argv[1])]")
        t_read, t_check, t_python, t_import = _median_walls(
            [sys.executable, "-c", read_code, str(path)],
            [EXE, "check", str(path), "--format", "json"],
            [sys.executable, "-c", "pass"],
            [sys.executable, "-c", "import xl_seuranta.app.batch_worker"],
            runs=runs,
        )
        print(_row3("python-calamine reads the file, one process", t_read, t_read))
        print(_row3("xl-seuranta check --format json (main process + a worker)", t_check, t_read))
        print(_row3("  an empty Python process", t_python, t_read))
        print(_row3("  a Python process importing the checking code", t_import, t_read))
        phases = [_cold_phases(path) for _ in range(runs)]
        print(f"  inside the worker, its first file as in the command (cold, no GC; median of {runs}):")
        for label in phases[0]:
            seconds = statistics.median(p[label] for p in phases)
            print(_row3(f"    {label}", seconds, t_read))
        print(f"  goal: at most 5x python-calamine; measured {t_check / t_read:.1f}x")

    grids = read_workbook(EXAMPLE)
    times = []
    for _ in range(50):
        start = time.perf_counter()
        run_rules(discover(grids))
        times.append(time.perf_counter() - start)
    print(
        f"  the example in process (discover_book + run_rules, median of 50): "
        f"{statistics.median(times) * 1e3:.1f} ms (best {min(times) * 1e3:.1f} ms); goal: at most 10 ms"
    )


_PHASES = """
import gc, json, sys, time
from xl_seuranta.app.batch_worker import _json_line
from xl_seuranta.app.services import discover
from xl_seuranta.domain.messages import finding_json
from xl_seuranta.io.file_reader import read_workbook
from xl_seuranta.io.guards import inspect_file
from xl_seuranta.rules.engine import run_rules
gc.disable()
t0 = time.perf_counter()
inspection = inspect_file(sys.argv[1])
t1 = time.perf_counter()
grids = read_workbook(sys.argv[1], inspection=inspection)
t2 = time.perf_counter()
book = discover(grids)
t3 = time.perf_counter()
findings = run_rules(book)
t4 = time.perf_counter()
lines = [_json_line(finding_json(f, "fi")) for f in findings]
t5 = time.perf_counter()
print(json.dumps({
    "guards (in the parent, for a worker's first file)": t1 - t0,
    "calamine read + grids": t2 - t1,
    "discover_book": t3 - t2,
    f"run_rules ({len(findings)} findings)": t4 - t3,
    "messages and JSON lines": t5 - t4,
}))
"""


def _cold_phases(path: Path) -> dict[str, float]:
    """Where a worker's first file goes, phase by phase: a fresh process with the checking code
    imported (as the fork server has it) and the collector off (as ``process`` has it)."""
    import json

    r = subprocess.run([sys.executable, "-c", _PHASES, str(path)], capture_output=True, text=True, check=True)
    return json.loads(r.stdout)


def _isolation_cost(paths: list[Path]) -> tuple[float, float]:
    """One worker over ``paths`` through the batch API: the wall time, and the time the worker spent
    on the files themselves (each entry's ``seconds``); the difference is what isolation costs."""
    from xl_seuranta.app.batch import PoolOptions, run_batch
    from xl_seuranta.app.batch_job import Job

    start = time.perf_counter()
    work = sum(
        entry["seconds"]
        for _i, entry in run_batch([str(p) for p in paths], Job(render=("json_text",)), PoolOptions(jobs=1))
    )
    return time.perf_counter() - start, work


def profile_worker(paths: list[Path]) -> None:
    """Where one file's time goes inside a worker (cProfile over ``batch_worker.process``)."""
    import cProfile
    import pstats

    from xl_seuranta.app import batch_worker
    from xl_seuranta.app.batch_job import Job

    job = Job(render=("json_text",))  # as `check --format json` runs it
    batch_worker.process(str(paths[0]), job)  # warm caches as a worker's first file does
    prof = cProfile.Profile()
    start = time.perf_counter()
    prof.enable()
    for p in paths:
        batch_worker.process(str(p), job)
    prof.disable()
    per_file = (time.perf_counter() - start) / len(paths)
    stats = pstats.Stats(prof)
    parts = {
        "guards (inspect_file)": ("guards.py", "inspect_file"),
        "calamine read + grids (read_workbook)": ("file_reader.py", "read_workbook"),
        "layout discovery (discover_book)": ("discover.py", "discover_book"),
        "rules (run_rules)": ("engine.py", "run_rules"),
        "findings as text lines": ("text_report.py", "format_text_report"),
        "findings as JSON": ("render.py", "finding_json"),
    }
    print(
        f"  inside a worker, per file ({len(paths)} files, cProfile adds overhead): {per_file * 1e3:.1f} ms"
    )
    for label, (fname, func) in parts.items():
        cum = sum(v[3] for k, v in stats.stats.items() if k[0].endswith(fname) and k[2] == func)  # type: ignore[attr-defined]
        print(f"    {label:<44} {cum / len(paths) * 1e3:7.1f} ms  {cum / len(paths) / per_file:6.0%}")


def bench_hostile() -> None:
    import hostile_files as hostile

    with tempfile.TemporaryDirectory(prefix="xlseuranta_hostile_") as tmp:
        d = Path(tmp)
        files = {
            "stray value in XFD1048576": hostile.stray_cell(EXAMPLE, d / "harha_xfd.xlsx", "XFD1048576"),
            "stray value in A1048576": hostile.stray_cell(EXAMPLE, d / "harha_a.xlsx", "A1048576"),
            "dimension tag A1:XFD1048576": hostile.lying_dimension(EXAMPLE, d / "dimensio.xlsx"),
            "formatting to XFD1048576": hostile.trailing_format(EXAMPLE, d / "muotoilu.xlsx"),
            "1 MB that unpacks to 400 MB": hostile.zip_bomb(EXAMPLE, d / "pommi.xlsx", 400),
            "cut-short zip": hostile.corrupt_zip(EXAMPLE, d / "katkennut.xlsx"),
            "encrypted workbook": hostile.encrypted(EXAMPLE, d / "salattu.xlsx"),
            "genuinely large 60 MB workbook": hostile.large_workbook(d / "suuri.xlsx", 60),
        }
        print(
            "6. hostile files: xl-seuranta check FILE until it answers (whole process tree; goal <= 5 s, 500 MB)"
        )
        t_example, m_example, _ = run_measured([EXE, "check", str(EXAMPLE)])
        print(f"  {'(the example itself, for scale)':<36} {t_example:6.2f} s  {m_example:7.0f} MB")
        for label, path in files.items():
            wall, peak, code = run_measured([EXE, "check", str(path)])
            size = path.stat().st_size / 1024 / 1024
            verdict = {0: "checked", 1: "checked (errors)", 2: "refused"}.get(code, f"exit {code}")
            print(f"  {label:<36} {wall:6.2f} s  {peak:7.0f} MB  {verdict:<17} ({size:.2f} MB file)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", choices=["metrics", "core", "batch", "hostile"])
    only = parser.parse_args().only
    # As installed (setup.sh, pip): the package's bytecode compiled, also for files edited since.
    compileall.compile_dir(
        str(Path(metrics.__file__).resolve().parents[1]), quiet=1, rx=re.compile("app/server/project")
    )
    if only in (None, "metrics"):
        rng = np.random.default_rng(2025)
        bench_metrics_vs_numpy(rng)
        print()
        bench_udf_vs_metrics(rng)
        print()
        bench_compute_vs_read()
        print()
    if only in (None, "core"):
        bench_core()
        print()
    if only in (None, "batch"):
        bench_batch()
        print()
    if only in (None, "hostile"):
        bench_hostile()


if __name__ == "__main__":
    main()
