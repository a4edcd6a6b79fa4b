"""Text made at the edges: a finding's message, a catalogue text, a user error, a finding as JSON."""

from __future__ import annotations

import functools
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from xl_seuranta.domain import fmt
from xl_seuranta.domain.messages.catalogue import (
    CATALOGUE,
    FINDING_TEXTS,
    NUMBERS,
    Text,
    fill,
    lang_of,
    param_specs,
)
from xl_seuranta.domain.messages.checks import Checks
from xl_seuranta.domain.numbers import USUAL_ROUNDING

if TYPE_CHECKING:  # findings are pydantic models; the command line's texts come from here without them
    from xl_seuranta.domain.findings import Finding, Params


@functools.cache
def _finding_specs(params: type[Params], percent: bool) -> Mapping[str, object]:
    """The format specifications of a rule's parameters and of the finding's own numbers (as a
    percentage for a '%' finding), made once per parameter record and unit rather than for every
    finding of a batch. Read only: every message of the rule shares it."""
    specs = param_specs(params)
    specs.update(dict.fromkeys(NUMBERS, fmt.Percent(1) if percent else None))
    return specs


def finding_message(finding: Finding, lang: str | None = "fi") -> str:
    """A finding's message: its rule's template filled with its parameters and its numbers.

    The numbers are shown in the finding's unit (a fraction as a percentage for '%'). A finding
    softened by a large declared tolerance says so at the end, whatever its rule.
    """
    language = lang_of(lang)
    ft = FINDING_TEXTS[finding.code]
    specs = _finding_specs(ft.params, finding.unit == "%")
    values: dict[str, object] = dict(finding.params.__dict__)  # pydantic keeps the fields there
    values["expected"] = finding.expected
    values["actual"] = finding.actual
    values["difference"] = finding.difference
    template = ft.text.template(language)
    if ft.parts:
        shown = tuple(
            (name, part.text.template(language) if values.get(part.when) else "")
            for name, part in ft.parts.items()
        )
        template = _with_parts(template, shown)
    text = fill(template, values, language, specs)
    if finding.softened_by is not None:
        text += " " + Checks.softened(language, tolerance=finding.softened_by, usual=USUAL_ROUNDING)
    return text


@functools.lru_cache(maxsize=256)
def _with_parts(template: str, parts: tuple[tuple[str, str], ...]) -> str:
    """``template`` with each part's placeholder replaced by the part's own template ("" when the
    part is not shown), so a message is filled in one pass.

    Each shown part used to be filled on its own and its text then passed through the message's
    fill (a pace finding was filled twice). One pass gives the same text: a part names only
    parameters and numbers, never another part, and no part shares a parameter's name. Keyed by the
    texts themselves, so a rule registered again cannot meet a stale entry: a handful per rule.
    """
    by_name = dict(parts)
    out: list[str] = []
    for literal, name, spec, conversion in string.Formatter().parse(template):
        out.append(literal.replace("{", "{{").replace("}", "}}"))
        if name is None:
            continue
        if name in by_name:
            if spec or conversion:
                raise ValueError(f"part {name!r} of {template!r}: a part's placeholder takes no format")
            out.append(by_name[name])
        else:
            out.append(
                "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            )
    return "".join(out)


def render(what: Finding | Text | str, lang: str | None = "fi", **params: object) -> str:
    """The one way to text: a finding's message, a ``Text``, or a catalogue key, in ``lang``."""
    if isinstance(what, Text):
        return what(lang, **params)
    if isinstance(what, str):
        return CATALOGUE[what](lang, **params)
    return finding_message(what, lang)


def finding_json(finding: Finding, lang: str | None = "fi") -> dict[str, object]:
    """A finding for machines: plain numbers, the message in ``lang`` and the typed parameters."""
    return {
        "code": finding.code,
        "severity": finding.severity.value,
        "sheet": finding.sheet,
        "cell": finding.cell,
        "message": finding_message(finding, lang),
        "expected": finding.expected,
        "actual": finding.actual,
        "difference": finding.difference,
        "unit": finding.unit,
        "softened_by": finding.softened_by,
        "params": finding.params.model_dump(mode="json"),
    }


@dataclass(frozen=True)
class Message:
    """A catalogue text with its parameters, made into text only where it is shown (a note to the user)."""

    text: Text
    params: Mapping[str, object] = field(default_factory=dict)

    def render(self, lang: str | None = "fi") -> str:
        return self.text(lang, **self.params)


class UserError(Exception):
    """A problem the user must fix, as a catalogue text and its parameters; shown in their language.

    ``str(error)`` is the Finnish text (the default language); an edge that knows the user's language
    calls ``error.render(lang)``.
    """

    def __init__(self, text: Text, **params: object) -> None:
        self.text = text
        self.params = params
        super().__init__(text("fi", **params))

    def render(self, lang: str | None = "fi") -> str:
        return self.text(lang, **self.params)
