"""One definition per metric: its name, parameters, numpy function, Excel formula and cell-function help.

The three faces of a metric — the cell function a user types (``app/udfs.py``), the generated
formula columns (``sheets/laskelmat.py``) and the numbers the rules check — all come from the
``Metric`` registered here, so they cannot drift apart; the parity tests walk ``DEFINITIONS`` and
fail for a metric that has no test.

Formulas are en-US Excel text built from A1 references (or numeric constants) passed by the
parameter names. They give ``#N/A`` (``NA()``) exactly where the Python metric gives NaN, including
for blank cells (Excel would otherwise read a blank as 0).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from xl_seuranta.domain.messages.catalogue import Text, register
from xl_seuranta.metrics.dates import kulunut_expr

ParamKind = Literal["num", "date", "option", "range"]


@dataclass(frozen=True)
class Param:
    """One argument of a metric, with the help Excel shows for it (the cell functions speak Finnish)."""

    name: str
    help: Text
    kind: ParamKind = "num"
    choices: tuple[str, ...] = ()
    default: object = None


@dataclass(frozen=True)
class Metric:
    """A metric's single definition (see the module docstring)."""

    name: str
    title: Text  # its name for people: column headers, the function list
    help: Text  # the cell function's description in Excel
    params: tuple[Param, ...]
    func: Callable[..., Any]  # vectorised numpy function, parameters as ``params``
    formula: Callable[[dict[str, str]], str]  # Excel expression (no '=') from the references
    extra_refs: tuple[str, ...] = field(default=())  # formula-only alternatives (e.g. 'osuus' for 'pvm')

    def param(self, name: str) -> Param:
        return next(p for p in self.params if p.name == name)


DEFINITIONS: dict[str, Metric] = {}


def define(metric: Metric) -> Metric:
    """Register a metric under its name (one definition each); its texts join the message catalogue
    as ``metric.<name>.title``, ``.help`` and ``.<parameter>``."""
    if metric.name in DEFINITIONS:
        raise ValueError(f"metric {metric.name!r} defined twice")

    def keyed(text: Text, part: str) -> Text:
        return register(Text(text.fi, text.en, key=f"metric.{metric.name}.{part}"))

    metric = dataclasses.replace(
        metric,
        title=keyed(metric.title, "title"),
        help=keyed(metric.help, "help"),
        params=tuple(dataclasses.replace(p, help=keyed(p.help, p.name)) for p in metric.params),
    )
    DEFINITIONS[metric.name] = metric
    return metric


# ------------------------------------------------------------------------------ formula pieces

_NUMBER_RE = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")


def blank_test(*refs: str) -> str | None:
    """``OR(A1="",...)`` for the cell references among ``refs``; None when all are constants."""
    cells = [r for r in refs if not _NUMBER_RE.match(r.strip())]
    if not cells:
        return None
    return "OR(" + ",".join(f'{r}=""' for r in cells) + ")"


def guard(expr: str, *refs: str) -> str:
    """``expr``, or ``NA()`` when one of the cell references is blank."""
    blank = blank_test(*refs)
    return f"IF({blank},NA(),{expr})" if blank else expr


def need(metric: str, refs: dict[str, str], *names: str) -> list[str]:
    missing = [n for n in names if n not in refs]
    if missing:
        raise ValueError(f"{metric}: missing cell reference(s) {', '.join(missing)}")
    return [refs[n] for n in names]


MAX_SUM_ARGS = 200
"""Excel's SUM takes at most 255 arguments; longer lists of cells are summed in groups."""


def ref_list(refs: list[str]) -> str:
    """Cell references as SUM arguments: ``A1,A5`` or, for a long list, ``SUM(...),SUM(...)``."""
    if len(refs) <= MAX_SUM_ARGS:
        return ",".join(refs)
    groups = [refs[i : i + MAX_SUM_ARGS] for i in range(0, len(refs), MAX_SUM_ARGS)]
    return ",".join(f"SUM({','.join(g)})" for g in groups)


def share_ref(refs: dict[str, str], tapa: str) -> tuple[str, str]:
    """The elapsed-share expression and the reference to blank-test, from ``osuus=`` or ``pvm=``."""
    if "osuus" in refs:
        return refs["osuus"], refs["osuus"]
    if "pvm" in refs:
        return kulunut_expr(refs["pvm"], tapa), refs["pvm"]
    raise ValueError("give osuus= (elapsed share: a cell or a constant) or pvm= (a date cell)")


def excel_formula(metric_name: str, *, na: str = "NA()", **cell_refs: str) -> str:
    """En-US Excel formula text (with the leading ``=``) computing a metric from A1 references.

    ``na='""'`` gives an empty text instead of ``#N/A``: a generated sheet for the board shows a
    blank rather than an error value where no number is meaningful. Arguments are A1 references or
    numeric constants, passed by the metric's parameter names (options such as ``tapa`` as their
    text); see each metric's definition. Example:
    ``excel_formula("muutos_pros", uusi="F12", vanha="D12")``.
    """
    metric = DEFINITIONS.get(metric_name)
    if metric is None:
        raise ValueError(f"no Excel formula for metric {metric_name!r}")
    refs = {k: str(v).strip() for k, v in cell_refs.items() if v is not None}
    formula = "=" + metric.formula(refs)
    return formula if na == "NA()" else formula.replace("NA()", na)
