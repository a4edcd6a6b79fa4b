"""The message catalogue: every text a person reads, in Finnish and English, and how it is filled.

Why a typed registry in Python and not gettext catalogues: the texts are few hundred, in two
languages, written by the developers themselves; a Python record keeps the Finnish and English of a
message side by side where a reviewer sees both, needs no compile step or .mo files in the wheel,
and lets the placeholders be checked when the module is imported (a Finnish template that names
``{period}`` while the English one forgets it fails at import, not in front of a user). Rule messages
are declared with their rule and typed by its ``Params`` record; every other text lives in a ``Texts``
class of its area (cli, sheets, excel, files, settings, findings).

Language falls back in one place, :func:`lang_of`: anything but ``"en"`` is Finnish.
"""

from __future__ import annotations

import functools
import string
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from xl_seuranta.domain import fmt
from xl_seuranta.domain.fmt import Lang

if TYPE_CHECKING:  # the command line's texts come from here too: its start imports no pydantic
    from xl_seuranta.domain.findings import Params

NUMBERS = ("expected", "actual", "difference")
"""A finding's own numbers: every finding template may name them."""


def lang_of(lang: str | None) -> Lang:
    """The one language fallback: English when asked for, Finnish otherwise."""
    return "en" if lang == "en" else "fi"


def placeholders(template: str) -> set[str]:
    """The names a template fills: ``"{a} / {b}"`` -> ``{"a", "b"}``."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@dataclass(frozen=True)
class Text:
    """One user-facing text in both languages; the two must name the same placeholders."""

    fi: str
    en: str
    key: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.fi.strip() or not self.en.strip():
            raise ValueError(f"text {self.key or self.fi!r}: both Finnish and English are needed")
        if placeholders(self.fi) != placeholders(self.en):
            raise ValueError(
                f"text {self.key or self.fi!r}: Finnish names {sorted(placeholders(self.fi))}, "
                f"English {sorted(placeholders(self.en))}"
            )

    @property
    def names(self) -> set[str]:
        return placeholders(self.fi)

    def template(self, lang: str | None) -> str:
        return self.en if lang_of(lang) == "en" else self.fi

    def __call__(self, lang: str | None = "fi", **params: object) -> str:
        """The text in ``lang`` with its placeholders filled (numbers and dates for people)."""
        return fill(self.template(lang), params, lang_of(lang))


CATALOGUE: dict[str, Text] = {}
"""Every registered text by key ('cli.not_found', 'finding.A003', ...), for lookups and the tests."""


class Texts:
    """A group of texts of one area; each ``Text`` attribute is registered as ``<area>.<name>``.

    ``class Cli(Texts, area="cli"): not_found = Text(...)`` gives ``Cli.not_found("en", path=p)``.
    """

    area: ClassVar[str] = ""

    def __init_subclass__(cls, area: str, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls.area = area
        for name, value in list(vars(cls).items()):
            if isinstance(value, Text):
                keyed = Text(value.fi, value.en, key=f"{area}.{name}")
                setattr(cls, name, keyed)
                register(keyed)

    @classmethod
    def templates(cls, lang: str | None) -> dict[str, str]:
        """Every text of the group as a template in ``lang``, by name (for tables of sheet labels)."""
        return {name: value.template(lang) for name, value in vars(cls).items() if isinstance(value, Text)}


def register(text: Text) -> Text:
    if text.key in CATALOGUE and CATALOGUE[text.key] != text:
        raise ValueError(f"two texts under the key {text.key!r}")
    CATALOGUE[text.key] = text
    return text


@dataclass(frozen=True)
class TextRef:
    """Marks a ``str`` parameter as the key of a catalogue text, shown in the reader's language."""


@functools.lru_cache(maxsize=1024)
def _used(template: str) -> frozenset[str]:
    return frozenset(placeholders(template))


def fill(
    template: str, params: Mapping[str, object], lang: Lang, specs: Mapping[str, object] | None = None
) -> str:
    """Fill ``template``: each value formatted for people (``fmt.value``) or looked up (``TextRef``)."""
    shown: dict[str, str] = {}
    specs = specs or {}
    for name in _used(template):
        # Only what the template shows is formatted: a batch renders thousands of messages.
        if name not in params:
            continue
        value = params[name]
        spec = specs.get(name)
        if isinstance(spec, TextRef) and isinstance(value, str):
            shown[name] = CATALOGUE[value](lang)
        else:
            shown[name] = fmt.value(value, lang, spec)
    return template.format_map(shown)


# ------------------------------------------------------------------------------ finding messages


@dataclass(frozen=True)
class Part:
    """An optional piece of a finding message, shown when the parameter ``when`` is set (truthy)."""

    when: str
    text: Text


@dataclass(frozen=True)
class FindingText:
    """The message of one rule code: its template, its typed parameters and optional parts."""

    code: str
    text: Text
    params: type[Params]
    parts: Mapping[str, Part] = field(default_factory=dict)

    def __post_init__(self) -> None:
        fields = set(self.params.model_fields)
        known = fields | set(NUMBERS)
        unknown = self.text.names - known - set(self.parts)
        if unknown:
            raise ValueError(
                f"{self.code}: the message names {sorted(unknown)}, not in {self.params.__name__}"
            )
        for name, part in self.parts.items():
            if part.when not in fields:
                raise ValueError(f"{self.code}: part {name!r} depends on {part.when!r}, not a parameter")
            if part.text.names - known:
                raise ValueError(f"{self.code}: part {name!r} names {sorted(part.text.names - known)}")
            if name not in self.text.names:
                raise ValueError(f"{self.code}: part {name!r} is not used by the message")

    def specs(self) -> dict[str, object]:
        """Format specifications of the parameters (``Annotated`` metadata such as ``Percent``)."""
        return param_specs(self.params)


def param_specs(params: type[Params]) -> dict[str, object]:
    """A fresh copy of a parameter record's format specifications (the cached one is shared)."""
    return dict(_specs(params))


@functools.cache
def _specs(params: type[Params]) -> dict[str, object]:
    # Once per parameter class: resolving type hints for every finding of a big batch check cost
    # more than checking the workbook.
    out: dict[str, object] = {}
    hints = typing.get_type_hints(params, include_extras=True)
    for name in params.model_fields:
        for meta in getattr(hints.get(name), "__metadata__", ()):
            out[name] = meta
    return out


FINDING_TEXTS: dict[str, FindingText] = {}
"""Rule code -> its message, registered by each rule where it is declared (``xl_seuranta.rules``)."""


def register_finding(
    code: str, text: Text, params: type[Params], parts: Mapping[str, Part] | None = None
) -> FindingText:
    ft = FindingText(code, Text(text.fi, text.en, key=f"finding.{code}"), params, dict(parts or {}))
    FINDING_TEXTS[code] = ft
    register(ft.text)
    for name, part in ft.parts.items():
        register(Text(part.text.fi, part.text.en, key=f"finding.{code}.{name}"))
    return ft
