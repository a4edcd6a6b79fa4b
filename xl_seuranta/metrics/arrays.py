"""Shape handling shared by every metric: scalars, lists, numpy arrays and pandas Series alike.

Every metric accepts scalars or array-likes (numpy arrays, pandas Series, lists, with ``None`` for a
blank) and returns the same shape: scalar in -> Python scalar out, a Series in -> a Series with the
same index out, anything else -> a numpy array. Inputs broadcast like numpy.

pandas is never imported here. The batch check (``xl-seuranta check``) runs without pandas, whose
import alone takes longer than reading a 20 000-row workbook; a Series can only reach a metric when
the caller has imported pandas already, so looking it up in ``sys.modules`` is enough.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from typing import Any

import numpy as np

ArrayLike = Any  # scalar | list | np.ndarray | pd.Series; kept loose on purpose (see module doc)


def _pandas() -> Any:
    return sys.modules.get("pandas")


def is_pandas(x: object) -> bool:
    """True for a pandas Series or Index (without importing pandas)."""
    pd = _pandas()
    return pd is not None and isinstance(x, pd.Series | pd.Index)


def is_missing(x: object) -> bool:
    """None, NaN, pandas' NA and NaT: a blank cell."""
    if x is None:
        return True
    if isinstance(x, float) and math.isnan(x):
        return True
    pd = _pandas()
    return pd is not None and (x is pd.NA or x is pd.NaT)


def is_scalar(x: object) -> bool:
    return not isinstance(x, list | tuple | np.ndarray) and not is_pandas(x) and np.ndim(x) == 0


def to_float(x: ArrayLike) -> np.ndarray:
    """Any numeric input to a float ndarray; ``None``/``pd.NA`` become NaN."""
    if is_pandas(x):
        return x.to_numpy(dtype=float, na_value=np.nan)
    if is_scalar(x):
        if is_missing(x):
            return np.array(np.nan)
        if isinstance(x, bool | np.bool_):
            raise TypeError("a boolean is not an amount")
        return np.array(float(x))  # type: ignore[arg-type]
    arr = np.asarray(x, dtype=object) if isinstance(x, list | tuple) else np.asarray(x)
    if arr.dtype == object:
        flat = [np.nan if is_missing(v) else v for v in arr.ravel()]
        arr = np.array(flat, dtype=float).reshape(arr.shape)
    return arr.astype(float)


def _series_of(*inputs: object) -> Any:
    pd = _pandas()
    if pd is None:
        return None
    return next((x for x in inputs if isinstance(x, pd.Series)), None)


def wrap(result: np.ndarray, *inputs: object) -> Any:
    """Give ``result`` the container type of the inputs (see the module docstring)."""
    if all(is_scalar(x) for x in inputs):
        value = np.asarray(result).reshape(())[()]
        if isinstance(value, np.floating):
            return float(value)
        if isinstance(value, np.bool_):
            return bool(value)
        if isinstance(value, np.str_):
            return str(value)
        return value
    series = _series_of(*inputs)
    if series is not None and np.ndim(result) == 1 and len(result) == len(series):
        return type(series)(result, index=series.index)
    return np.asarray(result)


def quiet(fn: Callable[[], np.ndarray]) -> np.ndarray:
    """Evaluate ``fn`` with numpy's divide/invalid warnings off: NaN is the answer we want."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return fn()


def labels(out: np.ndarray, *inputs: object) -> Any:
    """A label array (``"ok"``, ``"ahead"`` …) in the inputs' container type."""
    return wrap(out.astype(object) if out.ndim else out, *inputs)
