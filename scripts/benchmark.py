"""Benchmark of the metrics core and the cell-function layer (not a test).

Prints, in one run:
1. time per cell of vectorised ``metrics.muutos_pros`` / ``metrics.toteuma_pros`` over 10 000 cells
   vs a plain numpy expression of the same formula (the price of the shape handling and NaN rules);
2. time of ``udfs.muutos_pros`` over a 10 000-cell 2-D range (list of lists, as Office.js sends it)
   vs ``metrics.muutos_pros`` directly (the price of per-cell parsing and error values).

Run: ``/work/venv/bin/python scripts/benchmark.py``
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from xl_seuranta import metrics, udfs

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


def main() -> None:
    rng = np.random.default_rng(2025)
    bench_metrics_vs_numpy(rng)
    print()
    bench_udf_vs_metrics(rng)


if __name__ == "__main__":
    main()
