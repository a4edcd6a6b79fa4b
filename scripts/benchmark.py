"""Benchmark of the metrics core and the cell-function layer (not a test).

Prints, in one run:
1. time per cell of vectorised ``metrics.muutos_pros`` / ``metrics.toteuma_pros`` over 10 000 cells
   vs a plain numpy expression of the same formula (the price of the shape handling and NaN rules);
2. time of ``udfs.muutos_pros`` over a 10 000-cell 2-D range (list of lists, as Office.js sends it)
   vs ``metrics.muutos_pros`` directly (the price of per-cell parsing and error values);
3. on a synthetic 20 000-row workbook (5 000 unit blocks of MENOT/TULOT/NETTOMENO under five period
   headers on one sheet): reading and discovering it (``read_workbook`` + ``discover_book``) vs
   computing every Laskelmat metric for the whole frame with the metrics core
   (``compute.metric_values``) vs building the Laskelmat plan (``compute.compute_sheet_plans``).

Run: ``/work/venv/bin/python scripts/benchmark.py``
"""

from __future__ import annotations

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


def main() -> None:
    rng = np.random.default_rng(2025)
    bench_metrics_vs_numpy(rng)
    print()
    bench_udf_vs_metrics(rng)
    print()
    bench_compute_vs_read()


if __name__ == "__main__":
    main()
