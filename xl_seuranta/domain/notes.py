"""What layout discovery noticed while reading the tables, as typed notes; the structure rules decide.

Discovery only reports what it saw (a row with no unit above it, a unit block seen twice, a row it
does not know, a footnote marker in a header); which of these is an error, a warning or a note, and
how it is worded, belongs to the rules (``xl_seuranta.rules.structure``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LayoutNote:
    """Where discovery saw something."""

    sheet: str
    cell: str


@dataclass(frozen=True)
class RowWithoutUnit(LayoutNote):
    """A MENOT/TULOT/NETTOMENO row with no unit heading above it."""

    label: str


@dataclass(frozen=True)
class DuplicateUnit(LayoutNote):
    """A unit heading (followed by its block) that was already seen in the workbook."""

    unit: str


@dataclass(frozen=True)
class UnrecognisedRow(LayoutNote):
    """A row with numbers whose label the vocabulary does not know."""

    label: str


@dataclass(frozen=True)
class HeaderFootnote(LayoutNote):
    """A period header with a footnote marker ('TA 2025*')."""

    header: str


@dataclass(frozen=True)
class UnusableSetting(LayoutNote):
    """A value on the Asetukset sheet that cannot be read or lies outside its range; the default is used."""

    label: str  # as written on the sheet
    value: object  # the cell's content
    setting: str  # the Settings field (or "population"), for what would be allowed
