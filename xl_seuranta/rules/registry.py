"""The rule registry: every check has a stable code, a severity, typed message parameters, a Finnish
and an English message and its documentation in both languages — all declared in one place.

Modelled on ruff: a rule is a small function whose English docstring has a fixed shape (what it
checks, why it matters to a controller, an example from a budget table, what to do), with the
Finnish documentation beside it in the decorator. ``xl-seuranta rules`` and ``xl-seuranta rules CODE``
are generated from these. Rules know no language: they yield ``Hit``s with a typed ``Params``
record, and the text is made where a person reads it (``xl_seuranta.domain.messages.render``).
"""

from __future__ import annotations

import datetime as dt
import inspect
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from xl_seuranta.domain.findings import Finding, Params, Severity, Unit
from xl_seuranta.domain.messages import Checks, Part, Text, family_label, register_finding, severity_label
from xl_seuranta.domain.messages.catalogue import register
from xl_seuranta.domain.model import BudgetBook
from xl_seuranta.domain.numbers import USUAL_ROUNDING
from xl_seuranta.metrics import PACE_MARGIN


@dataclass
class Hit:
    """One occurrence found by a rule: where, its typed message parameters and its numbers."""

    sheet: str | None
    cell: str | None
    params: Params = Params()
    expected: float | None = None
    actual: float | None = None
    difference: float | None = None
    code: str | None = None  # to emit under a sibling code (e.g. rounding differences)
    softened_by: float | None = None  # a large declared tolerance turned this into a note


RuleFunc = Callable[[BudgetBook, "Context"], Iterable[Hit]]


@dataclass
class Rule:
    code: str
    name: str
    family: str
    severity: Severity
    params: type[Params]
    text: Text  # the message
    docs: Text  # the documentation: Finnish from the decorator, English from the docstring
    unit: Unit | None
    func: RuleFunc | None

    @property
    def doc(self) -> str:
        return self.docs.en

    @property
    def doc_fi(self) -> str:
        return self.docs.fi


@dataclass
class Context:
    """What every rule may need besides the book: the tolerance and dates (never a language)."""

    tolerance: float = 2.0
    report_date: dt.date | None = None
    pace_margin: float = PACE_MARGIN  # 10 percentage points beyond the elapsed share before a pace flag

    def softened_by(self, gap: float) -> float | None:
        """The declared tolerance, when it (and not a plain rounding gap) is what keeps ``gap`` from
        being a finding: such a gap is still reported, as a note that names the tolerance."""
        return self.tolerance if USUAL_ROUNDING < abs(gap) <= self.tolerance else None

    def within(self, gap: float) -> bool:
        """Whether ``gap`` is rounding that needs no finding at all (within the tolerance, and no more
        than a plain rounding gap)."""
        return abs(gap) <= self.tolerance and self.softened_by(gap) is None


RULES: dict[str, Rule] = {}


def declare(
    code: str,
    name: str,
    family: str,
    severity: Severity,
    *,
    fi: str,
    en: str,
    doc: str,
    doc_fi: str,
    params: type[Params] = Params,
    unit: Unit | None = None,
    parts: Mapping[str, Part] | None = None,
    func: RuleFunc | None = None,
) -> Rule:
    """Register a code: its message (typed by ``params``), its documentation in both languages and the
    function that finds it. Without a function the code is emitted by another rule (A009 by the sums)."""
    doc, doc_fi = inspect.cleandoc(doc), inspect.cleandoc(doc_fi)
    if not doc or not doc_fi:
        raise ValueError(f"{code}: a rule needs its English docstring and its Finnish documentation")
    ft = register_finding(code, Text(fi, en), params, parts)
    docs = register(Text(doc_fi, doc, key=f"doc.{code}"))
    r = Rule(code, name, family, severity, params, ft.text, docs, unit, func)
    RULES[code] = r
    return r


def rule(
    code: str, name: str, family: str, severity: Severity, **spec: Any
) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule function under a stable code; its docstring is the English documentation and
    ``spec`` the rest of what ``declare`` takes (fi, en, doc_fi, params, unit, parts)."""

    def deco(func: RuleFunc) -> RuleFunc:
        declare(code, name, family, severity, doc=func.__doc__ or "", func=func, **spec)
        return func

    return deco


def make_finding(code: str, hit: Hit) -> Finding:
    """The finding of a hit: the rule's severity, family and unit, the hit's place, numbers and params."""
    r = RULES[code]
    if not isinstance(hit.params, r.params):
        raise TypeError(f"{code} takes {r.params.__name__}, not {type(hit.params).__name__}")
    return Finding(
        code=code,
        severity=Severity.INFO if hit.softened_by is not None else r.severity,
        sheet=hit.sheet,
        cell=hit.cell,
        expected=_plain(hit.expected),
        actual=_plain(hit.actual),
        difference=_plain(hit.difference),
        unit=r.unit,
        params=hit.params,
        group=r.family,
        softened_by=hit.softened_by,
    )


def _plain(x: float | None) -> float | None:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    return float(round(x, 6))


def rule_doc(code: str, lang: str = "fi") -> str:
    """The full documentation of one rule, for ``xl-seuranta rules CODE``, in ``lang``."""
    r = RULES[code]
    from xl_seuranta.rules.titles import rule_title  # the titles module registers every code's title

    title = rule_title(code, lang)
    head = f"{r.code} {title} [{severity_label(r.severity, lang)}] – {family_label(r.family, lang)}"
    return f"{head}\n\n{r.docs.template(lang)}\n\n{Checks.doc_message(lang)}: {r.text.template(lang)}"
