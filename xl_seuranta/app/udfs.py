"""Excel cell functions (UDFs / custom functions): thin wrappers over ``xl_seuranta.metrics``.

One module serves three runtimes. ``xlwings`` picks the decorators when it is first imported:
with ``XLWINGS_ON_SERVER=true`` (xlwings Server and Lite) they register Office.js custom functions,
on Windows with pywin32 classic COM UDFs, elsewhere they are no-ops and these are plain functions.
``category`` is read by the classic decorator only (the server one ignores it); Excel shows the
server functions under the add-in's namespace with the upper-case Python name (``MUUTOS_PROS``).

Inputs
------
Each argument is a single value or a range. Every range argument is declared ``ndim=2`` because the
default converter collapses a one-column range to a 1-D list, which would come back as a row and
spill sideways. Cells may hold numbers, blanks (``None``/``""``), Finnish number text
("−1 253 026", "1 234,5", "7,8 %") or Excel errors; dates may be date objects, Excel serials,
"30.6.2025" or ISO text. Ranges and single values broadcast against each other (a range of
actuals against one date). A range in gives a 2-D list out (a dynamic array); single values give a
single value (the server path sees a single cell as ``[[x]]`` and answers ``[[y]]``, which Excel
shows as one value).

Errors: how a cell says "no number here"
----------------------------------------
Never a traceback, never a misleading number. There are three cases:

* **Not meaningful** (zero or blank base, sign flip, blank input) -> ``#N/A``. The function returns
  the string ``"#N/A"``; on the server path ``xlwings.pro._xlofficejs.errorstr_to_errortype``
  turns it into a real error value (``{"type": "Error", "errorType": "NotAvailable"}``, custom
  functions runtime >= 1.4). ``#N/A`` is what the generated formula columns give via ``NA()``
  (``metrics.excel_formula``), so a UDF cell and a formula cell agree, and ``IFNA``/``ISNA``
  work. Excel error values carry no per-cell message, so the reason ("perusarvo 0",
  "etumerkki vaihtuu") is stated in each function's description instead.
* **Bad input in a range cell** (text that is not a number, not a date) -> ``#VALUE!`` in that
  cell only, so one bad cell does not wipe the whole spilled result. An Excel error in an input
  cell is passed through unchanged (``#DIV/0!`` in -> ``#DIV/0!`` out), as Excel's own functions do.
* **Bad single-value call or bad option** (``=MUUTOS_PROS("abc"; 5)``, unknown ``tapa``, ranges of
  incompatible sizes): on the server path the function raises ``UdfVirhe`` (an ``XlwingsError``)
  with a short Finnish message. xlwings Server answers HTTP 400, whose body the add-in turns into
  ``CustomFunctions.Error(invalidValue, message)``: a real ``#VALUE!`` with the Finnish message on
  hover (xlwings Lite does the same from its ``{"error": ...}`` reply). On the desktop (COM) path
  and in plain Python an exception would surface as a traceback text in the cell, so there the
  function returns ``"#VALUE!"`` instead. ``MESSAGE_ERRORS`` holds which behaviour is active.

UNVERIFIED in real Excel: on the classic COM path a returned ``"#N/A"`` is written as text, not as
an error value (classic xlwings has no error-value return); Windows users should prefer the
server/Lite add-in or the generated formula columns.

No parameter type hints on purpose: the server decorators turn a hint into a converter
(``float`` would reject ranges), so types are documented in the docstrings.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import sys
from collections.abc import Callable
from typing import Any

import numpy as np
import xlwings as xw

from xl_seuranta import metrics
from xl_seuranta.domain.messages import CellFunctions
from xl_seuranta.domain.numbers import CellKind, read_cell_number

__all__ = [
    "MESSAGE_ERRORS",
    "NA",
    "VALUE",
    "UdfVirhe",
    "asukasluku_implisiittinen",
    "ennuste",
    "ennuste_kausiluonteinen",
    "ennuste_oikaistu",
    "eur_per_asukas",
    "jaljella_eur",
    "kulunut_osuus",
    "muutos_eur",
    "muutos_eur_kasvu",
    "muutos_pros",
    "muutos_pros_etumerkillinen",
    "poikkeama_pp",
    "tarkista_summa",
    "toteuma_pros",
    "ylitys_eur",
]

LANG = "fi"
"""Cell functions answer in Finnish: their names and help are Finnish too."""
NA = "#N/A"
VALUE = "#VALUE!"
_CATEGORY = "Seuranta"
_ERROR_CODES = {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"}
_FI_ERRORS = {  # Finnish Excel shows these; the server converter knows only the en-US spelling
    "#JAKO/0!": "#DIV/0!",
    "#JAOLUKU/0!": "#DIV/0!",  # kept: older spelling seen in some translations
    "#PUUTTUU!": "#N/A",
    "#PUUTTUU": "#N/A",
    "#NIMI?": "#NAME?",
    "#TYHJÄ!": "#NULL!",
    "#LUKU!": "#NUM!",
    "#VIITTAUS!": "#REF!",
    "#ARVO!": "#VALUE!",
}

MESSAGE_ERRORS: bool = os.environ.get("XLWINGS_ON_SERVER") == "true" or sys.platform == "emscripten"
"""True on xlwings Server/Lite: bad single-value calls raise ``UdfVirhe`` (-> ``#VALUE!`` with a
message). False on the desktop and in plain Python: they return ``"#VALUE!"``."""

_EXCEL_EPOCH = dt.date(1899, 12, 30)


class UdfVirhe(xw.XlwingsError):
    """A whole-call input error with a short Finnish message for the user (see module docstring)."""


class _CallError(Exception):
    """Internal: a problem of the whole call, reported via ``_fail``."""


def _fail(message: str) -> str:
    if MESSAGE_ERRORS:
        raise UdfVirhe(message)
    return VALUE


# --------------------------------------------------------------------------------------------
# Cell parsing
# --------------------------------------------------------------------------------------------


def _error_code(raw: object) -> str:
    s = str(raw).strip().upper()
    s = _FI_ERRORS.get(s, s)
    return s if s in _ERROR_CODES else VALUE


def _parse_number(raw: object) -> tuple[float, str | None, str | None]:
    """One cell -> (value or NaN, error code or None, Finnish message or None)."""
    if isinstance(raw, np.generic):
        raw = raw.item()
    if isinstance(raw, float) and math.isnan(raw):
        return math.nan, None, None  # a NaN from a numpy range is a blank
    p = read_cell_number(raw)
    if p.kind in (CellKind.NUMBER, CellKind.TEXT_NUMBER):
        return float(p.value), None, None  # type: ignore[arg-type]
    if p.kind in (CellKind.BLANK, CellKind.PLACEHOLDER):
        return math.nan, None, None
    if p.kind is CellKind.ERROR:
        return math.nan, _error_code(raw), CellFunctions.error_in_input(LANG, value=raw)
    return math.nan, VALUE, CellFunctions.not_a_number(LANG, value=repr(raw))


def _parse_date(raw: object) -> tuple[float, str | None, str | None]:
    """One cell -> (Excel serial or NaN, error code, message)."""
    if isinstance(raw, np.generic):
        raw = raw.item()
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return math.nan, None, None
    if isinstance(raw, float) and math.isnan(raw):
        return math.nan, None, None
    if isinstance(raw, str) and read_cell_number(raw).kind is CellKind.ERROR:
        return math.nan, _error_code(raw), CellFunctions.error_in_input(LANG, value=raw)
    try:
        d = metrics.parse_pvm(raw)
    except ValueError:
        return math.nan, VALUE, CellFunctions.not_a_date(LANG, value=repr(raw))
    return float((d - _EXCEL_EPOCH).days), None, None


class _Arg:
    """One parsed argument: values, per-cell error codes and whether it came as a range."""

    def __init__(self, raw: object, parser: Callable[[object], tuple[float, str | None, str | None]]):
        self.is_range = isinstance(raw, list | tuple | np.ndarray)
        cells = np.empty((), dtype=object)
        if self.is_range:
            cells = np.array(raw, dtype=object)
            if cells.ndim > 2:
                raise _CallError(CellFunctions.not_2d(LANG))
        else:
            cells[()] = raw
        self.values = np.full(cells.shape, np.nan)
        self.errors = np.full(cells.shape, None, dtype=object)
        self.message: str | None = None
        if self.is_range and parser is _parse_number and cells.size:
            raw_dtype = raw.dtype.kind if isinstance(raw, np.ndarray) else "O"
            plain = raw_dtype in "fiu" or (
                raw_dtype == "O" and all(type(c) in (float, int) for c in cells.flat)
            )
            if plain:  # all plain numbers (bool is not): no per-cell parsing needed
                self.values = cells.astype(float)
                bad = np.isinf(self.values)
                if bad.any():  # same as the per-cell path: infinities are not amounts
                    self.values[bad] = np.nan
                    self.errors[bad] = VALUE
                    self.message = CellFunctions.not_finite(LANG)
                return
        for idx, cell in np.ndenumerate(cells):
            value, err, msg = parser(cell)
            self.values[idx] = value
            self.errors[idx] = err
            if msg and self.message is None:
                self.message = msg

    @property
    def single(self) -> bool:
        return self.values.size == 1


def _broadcast(args: list[_Arg]) -> tuple[list[np.ndarray], np.ndarray]:
    """Broadcast values together; per cell, the first argument's error code wins."""
    try:
        shaped = np.broadcast_arrays(*[a.values for a in args], *[a.errors for a in args])
    except ValueError as exc:
        raise _CallError(CellFunctions.sizes_differ(LANG)) from exc
    values, errors = shaped[: len(args)], shaped[len(args) :]
    first = np.full(values[0].shape if values else (), None, dtype=object)
    for err in reversed(errors):
        first = np.where(err != None, err, first)  # noqa: E711 (elementwise on object arrays)
    return [np.array(v, dtype=float) for v in values], first


def _finish(result: np.ndarray, errors: np.ndarray, args: list[_Arg], as_range: bool | None = None) -> Any:
    """Numbers, "#N/A" for NaN, input errors passed through; scalar or 2-D list like the input."""
    if as_range is None:
        as_range = any(a.is_range for a in args)
    result = np.asarray(result, dtype=float)
    out = np.where(np.isnan(result), NA, result.astype(object))
    out = np.where(errors != None, errors, out)  # noqa: E711
    if out.size == 1:
        cell = out.reshape(())[()]
        if cell == VALUE and (MESSAGE_ERRORS or not as_range):
            # One cell gone wrong: the server path can say why (see module docstring).
            message = next((a.message for a in args if a.message), CellFunctions.bad_input(LANG))
            cell = _fail(message)
        if not as_range:
            return cell if isinstance(cell, str) else float(cell)
        return [[cell if isinstance(cell, str) else float(cell)]]
    if out.ndim == 1:
        out = out.reshape(1, -1)
    return [[c if isinstance(c, str) else float(c) for c in row] for row in out.tolist()]


def _run(compute: Callable[..., Any], specs: list[tuple[object, str]]) -> Any:
    """Parse ``specs`` (raw value, "num"|"date"), broadcast, compute, format; never raise on
    the desktop path."""
    try:
        args = [_Arg(raw, _parse_date if kind == "date" else _parse_number) for raw, kind in specs]
        values, errors = _broadcast(args)
        with np.errstate(all="ignore"):
            result = compute(*values)
        return _finish(np.asarray(result, dtype=float), errors, args)
    except _CallError as exc:
        return _fail(str(exc))


def _option(value: object, default: str, allowed: tuple[str, ...] | list[str], name: str) -> str:
    """A text option such as ``tapa``: blank -> default, otherwise must be one of ``allowed``."""
    if isinstance(value, list | tuple):  # [[x]] from an un-converted argument
        value = np.array(value, dtype=object).ravel()[0] if len(value) else None
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    text = str(value).strip().lower()
    if text not in allowed:
        allowed_text = CellFunctions.or_(LANG).join(allowed)
        raise _CallError(
            CellFunctions.unknown_option(LANG, name=name, value=repr(value), allowed=allowed_text)
        )
    return text


# --------------------------------------------------------------------------------------------
# The cell functions
# --------------------------------------------------------------------------------------------


def _help(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Give a cell function its metric's help (``metrics.DEFINITIONS``) as the description Excel
    shows; applied under ``xw.func`` so the decorators read it."""

    def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
        fn.__doc__ = metrics.DEFINITIONS[name].help.template(LANG)
        return fn

    return deco


def _doc(name: str, param: str) -> str:
    """A parameter's help for ``xw.arg``, from the metric's definition."""
    return metrics.DEFINITIONS[name].param(param).help.template(LANG)


@xw.func(category=_CATEGORY)
@xw.arg("uusi", ndim=2, doc=_doc("muutos_eur", "uusi"))
@xw.arg("vanha", ndim=2, doc=_doc("muutos_eur", "vanha"))
@_help("muutos_eur")
def muutos_eur(uusi, vanha):
    return _run(lambda u, v: metrics.muutos_eur(u, v), [(uusi, "num"), (vanha, "num")])


@xw.func(category=_CATEGORY)
@xw.arg("uusi", ndim=2, doc=_doc("muutos_pros", "uusi"))
@xw.arg("vanha", ndim=2, doc=_doc("muutos_pros", "vanha"))
@_help("muutos_pros")
def muutos_pros(uusi, vanha):
    return _run(lambda u, v: metrics.muutos_pros(u, v), [(uusi, "num"), (vanha, "num")])


@xw.func(category=_CATEGORY)
@xw.arg("toteuma", ndim=2, doc=_doc("toteuma_pros", "toteuma"))
@xw.arg("budjetti", ndim=2, doc=_doc("toteuma_pros", "budjetti"))
@_help("toteuma_pros")
def toteuma_pros(toteuma, budjetti):
    return _run(lambda t, b: metrics.toteuma_pros(t, b), [(toteuma, "num"), (budjetti, "num")])


@xw.func(category=_CATEGORY)
@xw.arg("budjetti", ndim=2, doc=_doc("jaljella_eur", "budjetti"))
@xw.arg("toteuma", ndim=2, doc=_doc("jaljella_eur", "toteuma"))
@_help("jaljella_eur")
def jaljella_eur(budjetti, toteuma):
    return _run(lambda b, t: metrics.jaljella_eur(b, t), [(budjetti, "num"), (toteuma, "num")])


@xw.func(category=_CATEGORY)
@xw.arg("ennuste", ndim=2, doc=_doc("ylitys_eur", "ennuste"))
@xw.arg("budjetti", ndim=2, doc=_doc("ylitys_eur", "budjetti"))
@xw.arg("kulut_negatiivisina", doc=_doc("ylitys_eur", "kulut_negatiivisina"))
@_help("ylitys_eur")
def ylitys_eur(ennuste, budjetti, kulut_negatiivisina=1):
    flag = kulut_negatiivisina
    if isinstance(flag, list | tuple):  # [[x]] from an un-converted argument
        flag = np.array(flag, dtype=object).ravel()[0] if len(flag) else None
    if isinstance(flag, bool | int | float) and not (isinstance(flag, float) and math.isnan(flag)):
        flag = "1" if flag else "0"  # TRUE/FALSE or 1/0 typed in the cell
    try:
        negative = _option(flag, "1", ("1", "0"), "kulut_negatiivisina") == "1"
    except _CallError as exc:
        return _fail(str(exc))
    return _run(lambda e, b: metrics.ylitys_eur(e, b, negative), [(ennuste, "num"), (budjetti, "num")])


@xw.func(category=_CATEGORY)
@xw.arg("pvm", ndim=2, doc=_doc("kulunut_osuus", "pvm"))
@xw.arg("tapa", doc=_doc("kulunut_osuus", "tapa"))
@_help("kulunut_osuus")
def kulunut_osuus(pvm, tapa="kk"):
    try:
        basis = _option(tapa, "kk", metrics.OSUUS_TAVAT, "tapa")
    except _CallError as exc:
        return _fail(str(exc))
    return _run(lambda p: metrics.kulunut_osuus(p, basis), [(pvm, "date")])


@xw.func(category=_CATEGORY)
@xw.arg("toteuma", ndim=2, doc=_doc("poikkeama_pp", "toteuma"))
@xw.arg("budjetti", ndim=2, doc=_doc("poikkeama_pp", "budjetti"))
@xw.arg("pvm", ndim=2, doc=_doc("poikkeama_pp", "pvm"))
@xw.arg("tapa", doc=_doc("poikkeama_pp", "tapa"))
@_help("poikkeama_pp")
def poikkeama_pp(toteuma, budjetti, pvm, tapa="kk"):
    try:
        basis = _option(tapa, "kk", metrics.OSUUS_TAVAT, "tapa")
    except _CallError as exc:
        return _fail(str(exc))
    return _run(
        lambda t, b, p: metrics.poikkeama_pp(t, b, p, basis),
        [(toteuma, "num"), (budjetti, "num"), (pvm, "date")],
    )


@xw.func(category=_CATEGORY)
@xw.arg("summa", ndim=2, doc=_doc("eur_per_asukas", "summa"))
@xw.arg("asukasluku", ndim=2, doc=_doc("eur_per_asukas", "asukasluku"))
@_help("eur_per_asukas")
def eur_per_asukas(summa, asukasluku):
    return _run(lambda s, a: metrics.eur_per_asukas(s, a), [(summa, "num"), (asukasluku, "num")])


@xw.func(category=_CATEGORY)
@xw.arg("summa", ndim=2, doc=_doc("asukasluku_implisiittinen", "summa"))
@xw.arg("eur_per_asukas", ndim=2, doc=_doc("asukasluku_implisiittinen", "eur_per_asukas"))
@_help("asukasluku_implisiittinen")
def asukasluku_implisiittinen(summa, eur_per_asukas):
    return _run(
        lambda s, e: metrics.asukasluku_implisiittinen(s, e), [(summa, "num"), (eur_per_asukas, "num")]
    )


@xw.func(category=_CATEGORY)
@xw.arg("toteuma", ndim=2, doc=_doc("ennuste", "toteuma"))
@xw.arg("pvm", ndim=2, doc=_doc("ennuste", "pvm"))
@xw.arg("tapa", doc=_doc("ennuste", "tapa"))
@_help("ennuste")
def ennuste(toteuma, pvm, tapa="lineaarinen"):
    try:
        method = _option(tapa, "lineaarinen", list(metrics.ENNUSTE_TAVAT), "tapa")
    except _CallError as exc:
        return _fail(str(exc))
    return _run(lambda t, p: metrics.ennuste(t, p, method), [(toteuma, "num"), (pvm, "date")])


@xw.func(category=_CATEGORY)
@xw.arg("toteuma", ndim=2, doc=_doc("ennuste_kausiluonteinen", "toteuma"))
@xw.arg("budjetti", ndim=2, doc=_doc("ennuste_kausiluonteinen", "budjetti"))
@_help("ennuste_kausiluonteinen")
def ennuste_kausiluonteinen(toteuma, budjetti):
    return _run(lambda t, b: metrics.ennuste_kausiluonteinen(t, b), [(toteuma, "num"), (budjetti, "num")])


@xw.func(category=_CATEGORY)
@xw.arg("toteuma", ndim=2, doc=_doc("ennuste_oikaistu", "toteuma"))
@xw.arg("osuus", ndim=2, doc=_doc("ennuste_oikaistu", "osuus"))
@xw.arg("kausi_ennuste", ndim=2, doc=_doc("ennuste_oikaistu", "kausi_ennuste"))
@xw.arg("kausi_toteuma", ndim=2, doc=_doc("ennuste_oikaistu", "kausi_toteuma"))
@_help("ennuste_oikaistu")
def ennuste_oikaistu(toteuma, osuus, kausi_ennuste, kausi_toteuma):
    try:
        parts = [_Arg(kausi_ennuste, _parse_number), _Arg(kausi_toteuma, _parse_number)]
    except _CallError as exc:
        return _fail(str(exc))
    part_error = next((e for p in parts for e in p.errors.ravel() if e is not None), None)
    if part_error is not None:  # an error among the parts is the answer's error, as in Excel's SUM
        return _finish(np.array(np.nan), np.array(part_error, dtype=object), parts, as_range=False)
    seasonal, actual = (float(np.nansum(p.values)) for p in parts)  # ranges are summed, as SUM would
    return _run(
        lambda t, s: metrics.ennuste_oikaistu(t, s, seasonal, actual), [(toteuma, "num"), (osuus, "num")]
    )


@xw.func(category=_CATEGORY)
@xw.arg("uusi", ndim=2, doc=_doc("muutos_eur_kasvu", "uusi"))
@xw.arg("vanha", ndim=2, doc=_doc("muutos_eur_kasvu", "vanha"))
@_help("muutos_eur_kasvu")
def muutos_eur_kasvu(uusi, vanha):
    return _run(lambda u, v: metrics.muutos_eur_kasvu(u, v), [(uusi, "num"), (vanha, "num")])


@xw.func(category=_CATEGORY)
@xw.arg("uusi", ndim=2, doc=_doc("muutos_pros_etumerkillinen", "uusi"))
@xw.arg("vanha", ndim=2, doc=_doc("muutos_pros_etumerkillinen", "vanha"))
@_help("muutos_pros_etumerkillinen")
def muutos_pros_etumerkillinen(uusi, vanha):
    return _run(lambda u, v: metrics.muutos_pros_etumerkillinen(u, v), [(uusi, "num"), (vanha, "num")])


@xw.func(category=_CATEGORY)
@xw.arg("osat", ndim=2, doc=_doc("tarkista_summa", "osat"))
@xw.arg("summa", ndim=2, doc=_doc("tarkista_summa", "summa"))
@xw.arg("toleranssi", doc=_doc("tarkista_summa", "toleranssi"))
@_help("tarkista_summa")
def tarkista_summa(osat, summa, toleranssi=metrics.ROUNDING_TOLERANCE):
    try:
        if toleranssi is None or (isinstance(toleranssi, str) and not toleranssi.strip()):
            tol = metrics.ROUNDING_TOLERANCE
        else:
            tol, tol_err, _ = _parse_number(toleranssi)
            if tol_err or math.isnan(tol) or tol < 0:
                raise _CallError(CellFunctions.bad_tolerance(LANG, value=repr(toleranssi)))
        parts = _Arg(osat, _parse_number)
        total = _Arg(summa, _parse_number)
        # Parts are rows: a single value or a 1-D list is one column of parts.
        p_val = parts.values.reshape(-1, 1) if parts.values.ndim < 2 else parts.values
        p_err = parts.errors.reshape(-1, 1) if parts.errors.ndim < 2 else parts.errors
        ncols = p_val.shape[1]
        t_val, t_err = total.values.reshape(-1), total.errors.reshape(-1)
        if t_val.size not in (1, ncols):
            raise _CallError(CellFunctions.total_shape(LANG))
    except _CallError as exc:
        return _fail(str(exc))
    total_value = t_val if t_val.size > 1 else t_val[0]
    gap = np.asarray(metrics.tarkista_summa(p_val, total_value, tol), dtype=float)
    gap = np.broadcast_to(gap, (ncols,))
    errors = np.broadcast_to(t_err, (ncols,)).copy()
    for j in range(ncols):  # an error among the parts makes that column's gap that error
        col = [e for e in p_err[:, j] if e is not None]
        if col and errors[j] is None:
            errors[j] = col[0]
    as_range = (parts.is_range and parts.values.ndim == 2) or total.is_range
    return _finish(gap, errors, [parts, total], as_range=as_range)
