"""The rule registry: every check has a stable code, a severity, a Finnish and an English message.

Modelled on ruff: a rule is a small function with a docstring in a fixed shape (what it checks, why
it matters to a controller, an example from a budget table, what to do), from which
``xl-seuranta rules`` and ``xl-seuranta rules CODE`` are generated.
"""

from __future__ import annotations

import datetime as dt
import inspect
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from xl_seuranta.domain.model import BudgetBook, Finding, Severity
from xl_seuranta.domain.numbers import format_fi

SEVERITY_LABEL = {
    "fi": {"error": "Virhe", "warning": "Varoitus", "info": "Huomio"},
    "en": {"error": "Error", "warning": "Warning", "info": "Info"},
}
FAMILIES = {
    "structure": ("Rakenne", "Structure"),
    "cells": ("Solujen laatu", "Cell quality"),
    "arithmetic": ("Laskentakaavat", "Arithmetic identities"),
    "cross_table": ("Taulukoiden yhtäpitävyys", "Cross-table consistency"),
    "change": ("Muutos € ja %", "Change € and %"),
    "per_resident": ("Euroa asukasta kohden", "Per resident"),
    "pace": ("Toteutumisvauhti", "Pace of spending"),
    "goals": ("Tavoitteet", "Goals"),
}


@dataclass
class Hit:
    """One occurrence found by a rule, before it is rendered in the user's language."""

    sheet: str | None
    cell: str | None
    params: dict[str, object] = field(default_factory=dict)
    expected: float | None = None
    actual: float | None = None
    difference: float | None = None
    code: str | None = None  # to emit under a sibling code (e.g. rounding differences)


RuleFunc = Callable[[BudgetBook, "Context"], Iterable[Hit]]


@dataclass
class Rule:
    code: str
    name: str
    family: str
    severity: Severity
    message_fi: str
    message_en: str
    func: RuleFunc | None
    doc: str = ""


@dataclass
class Context:
    """What every rule may need besides the book: language, tolerance, dates."""

    lang: str = "fi"
    tolerance: float = 2.0
    report_date: dt.date | None = None
    pace_margin: float = 0.10  # 10 percentage points beyond the elapsed share before a pace flag


RULES: dict[str, Rule] = {}


def rule(
    code: str, name: str, family: str, severity: Severity, fi: str, en: str
) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule function under a stable code."""

    def deco(func: RuleFunc) -> RuleFunc:
        RULES[code] = Rule(code, name, family, severity, fi, en, func, inspect.cleandoc(func.__doc__ or ""))
        return func

    return deco


def message_only(code: str, name: str, family: str, severity: Severity, fi: str, en: str, doc: str) -> None:
    """Register a code emitted by another rule (e.g. rounding differences) or by layout discovery."""
    RULES[code] = Rule(code, name, family, severity, fi, en, None, inspect.cleandoc(doc))


def fmt_value(value: object, lang: str) -> str:
    """A number for people: Finnish or English habits; other values as text."""
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int | float):
        if isinstance(value, float) and math.isnan(value):
            return "–"
        decimals = 0 if float(value).is_integer() or abs(value) >= 100 else (1 if abs(value) >= 1 else 2)
        if lang == "en":
            return f"{value:,.{decimals}f}"
        return format_fi(float(value), decimals)
    if isinstance(value, dt.date):
        return f"{value.day}.{value.month}.{value.year}" if lang == "fi" else value.isoformat()
    return str(value)


class Pct(float):
    """A fraction to be shown as a percentage (0.032 -> '3,2 %')."""

    decimals = 1


class Pct2(Pct):
    """A percentage shown with two decimals, where one decimal would hide the point (7,46 %)."""

    decimals = 2


def render(template: str, params: dict[str, object], lang: str) -> str:
    """Fill a message template; numbers follow the language's habits."""
    shown: dict[str, str] = {}
    for key, value in params.items():
        if isinstance(value, Pct):
            pct = float(value) * 100
            text = f"{pct:,.{value.decimals}f}" if lang == "en" else format_fi(pct, value.decimals)
            shown[key] = f"{text}\u00a0%" if lang == "fi" else f"{text} %"
        else:
            shown[key] = fmt_value(value, lang)
    try:
        return template.format(**shown)
    except (KeyError, IndexError, ValueError):
        return template


def make_finding(code: str, hit: Hit, lang: str) -> Finding:
    r = RULES[code]
    template = r.message_en if lang == "en" else r.message_fi
    return Finding(
        code=code,
        severity=r.severity,
        sheet=hit.sheet,
        cell=hit.cell,
        message=render(template, hit.params, lang),
        expected=_plain(hit.expected),
        actual=_plain(hit.actual),
        difference=_plain(hit.difference),
        group=r.family,
    )


def _plain(x: float | None) -> float | None:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    return float(round(x, 6))


def rule_doc(code: str, lang: str = "fi") -> str:
    """The full documentation of one rule, for ``xl-seuranta rules CODE``.

    Finnish (the default) shows the Finnish doc of ``docs_fi.DOCS_FI``, falling back to the English
    docstring for a code not yet translated; English shows the docstring.
    """
    from xl_seuranta.rules.docs_fi import DOCS_FI

    r = RULES[code]
    en = lang == "en"
    fam = FAMILIES[r.family][1 if en else 0]
    severity = r.severity.value if en else SEVERITY_LABEL["fi"][r.severity.value]
    head = f"{r.code} {r.name} [{severity}] – {fam}"
    doc = r.doc if en else DOCS_FI.get(code, r.doc)
    msg = r.message_en if en else r.message_fi
    label = "Message" if en else "Viesti"
    return f"{head}\n\n{doc}\n\n{label}: {msg}"
