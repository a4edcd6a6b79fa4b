"""What the workbook declares about itself on its Asetukset sheet, as a validated model.

The settings are read by their Finnish labels (the field aliases below), converted from what a person
types in a cell (Finnish number text, "30.6.2025", "kk"), and checked against a sane range. A value
that cannot be read, or lies outside its range, is not used: the default stands, and layout discovery
reports the cell (``UnusableSetting``), which the structure rules turn into a finding. So the workbook
cannot silence its own check: a rounding tolerance of 50 000 € or 1e300, a negative or text tolerance,
31.2.2025, a year "kaksituhatta" or a population of −5 or 1e-9 are all refused by name and cell.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, AliasChoices, BaseModel, BeforeValidator, ConfigDict, Field

from xl_seuranta.domain.baselines import budget_kinds, tp_against_budget
from xl_seuranta.domain.numbers import CellKind, read_cell_number
from xl_seuranta.domain.periods import Period, PeriodKind

MAX_TOLERANCE = 100.0
"""A tolerance beyond this is no rounding tolerance at all: refused, and the default used."""
MIN_YEAR, MAX_YEAR = 2000, 2100
MIN_POPULATION, MAX_POPULATION = 1, 10_000_000
MAX_TEXT = 200
MAX_SCALE_CHARS = 255
"""Excel's limit for the text of a drop-down list (the Tila list of Tavoiteseuranta)."""
DEFAULT_SCALE = ["Toteutunut", "Osittain toteutunut", "Ei toteutunut", "Ei arvioitavissa"]

BASELINE_TP = ("edellisen vuoden TP", "edellisen vuoden TA")
BASELINE_TA = ("edellisen vuoden TA", "edellisen vuoden TA+muutokset")
SIGN_CONVENTIONS = ("menot negatiivisina", "menot positiivisina")


def parse_date(value: object) -> dt.date | None:
    """A date cell: a real date, an ISO string, or Finnish 'd.m.yyyy' text; None if it is none of them."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        s = value.strip()
        m = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", s)
        try:
            if m:
                return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            return dt.date.fromisoformat(s[:10])
        except ValueError:
            return None
    return None


# Conversions from what a person types in a cell to the field's type; a ValueError means "unreadable".


def _number(value: object) -> object:
    if isinstance(value, bool):
        raise ValueError("not a number")
    parsed = read_cell_number(value)
    if parsed.kind not in (CellKind.NUMBER, CellKind.TEXT_NUMBER):
        raise ValueError("not a number")
    return parsed.value


def _date(value: object) -> object:
    parsed = parse_date(value)
    if parsed is None:
        raise ValueError("not a date")
    return parsed


def _text(value: object) -> object:
    return str(value).strip()


def _choice(read: dict[str, str]) -> BeforeValidator:
    """Free text to one of a few choices by the words it contains (first matching word wins)."""

    def pick(value: object) -> str:
        text = str(value).strip().casefold()
        for word, choice in read.items():
            if text.startswith(word) or f" {word}" in f" {text}":
                return choice
        raise ValueError("not one of the choices")

    return BeforeValidator(pick)


def _baseline_tp(value: object) -> str:
    text = str(value)
    if tp_against_budget(text):
        return BASELINE_TP[1]
    if re.search(r"(?<![a-zåäö])(tp(?![a-zåäö])|tilinpäätö)", text.casefold()):
        return BASELINE_TP[0]
    raise ValueError("neither TP nor TA")


def _baseline_ta(value: object) -> str:
    text = str(value)
    if not re.search(r"(?<![a-zåäö])(ta(?![a-zåäö])|talousarvio)", text.casefold()):
        raise ValueError("no TA")
    return BASELINE_TA[1] if budget_kinds(text)[0] is PeriodKind.TA_MUUTOS else BASELINE_TA[0]


def _scale(value: object) -> list[str]:
    return [x.strip() for x in str(value).split(";") if x.strip()]


def _scale_fits(value: list[str]) -> list[str]:
    if len("; ".join(value)) > MAX_SCALE_CHARS:
        raise ValueError("too long for a drop-down list")
    return value


Number = Annotated[float, BeforeValidator(_number)]
Year = Annotated[int, BeforeValidator(_number), Field(ge=MIN_YEAR, le=MAX_YEAR)]
Day = Annotated[
    dt.date, BeforeValidator(_date), Field(ge=dt.date(MIN_YEAR, 1, 1), le=dt.date(MAX_YEAR, 12, 31))
]
Name = Annotated[str, BeforeValidator(_text), Field(max_length=MAX_TEXT)]


class Population(BaseModel):
    """The population used for a column's €/asukas figures, with the date it is from."""

    column: str
    period: Period | None = None
    population: (
        Annotated[float, BeforeValidator(_number), Field(ge=MIN_POPULATION, le=MAX_POPULATION)] | None
    ) = None
    date: str | None = None


class Settings(BaseModel):
    """What the user declares on the Asetukset sheet; defaults are the common Finnish practice.

    Field aliases are the labels as the sheet writes them (compared case- and space-insensitively,
    without a unit in brackets: "Pyöristystoleranssi (€)" is "Pyöristystoleranssi").
    """

    model_config = ConfigDict(populate_by_name=True, extra="ignore")

    municipality: Name | None = Field(None, alias="Kunta")
    department: Name | None = Field(None, alias="Toimiala")
    report_date: Day | None = Field(
        None,
        validation_alias=AliasChoices("Raportointipäivä", "Raportointipvm", "Tilannepäivä"),
    )
    year: Year | None = Field(None, alias="Vuosi")
    rounding_tolerance: Annotated[float, BeforeValidator(_number), Field(ge=0, le=MAX_TOLERANCE)] = Field(
        2.0, alias="Pyöristystoleranssi"
    )
    binding_level: Name | None = Field(None, alias="Sitovuustaso")
    sign_convention: (
        Annotated[
            Literal["menot negatiivisina", "menot positiivisina"],
            _choice(
                {
                    "menot neg": SIGN_CONVENTIONS[0],
                    "neg": SIGN_CONVENTIONS[0],
                    "menot pos": SIGN_CONVENTIONS[1],
                    "pos": SIGN_CONVENTIONS[1],
                }
            ),
        ]
        | None
    ) = Field(None, alias="Etumerkkikäytäntö")  # as declared; the detected one is in BudgetBook
    pace_basis: Annotated[
        Literal["kk", "pv"], _choice({"kk": "kk", "kuuk": "kk", "pv": "pv", "päiv": "pv"})
    ] = Field("kk", alias="Kuluneen ajan laskutapa")
    baseline_tp: Annotated[
        Literal["edellisen vuoden TP", "edellisen vuoden TA"], BeforeValidator(_baseline_tp)
    ] = Field(BASELINE_TP[0], alias="Muutos-% vertailupohja TP")
    baseline_ta: Annotated[
        Literal["edellisen vuoden TA", "edellisen vuoden TA+muutokset"], BeforeValidator(_baseline_ta)
    ] = Field(BASELINE_TA[0], alias="Muutos-% vertailupohja TA")
    change_sign: Annotated[
        Literal["itseisarvo", "etumerkillinen"],
        _choice(
            {
                "itseis": "itseisarvo",
                "kasvu": "itseisarvo",
                "magnitude": "itseisarvo",
                "etumerk": "etumerkillinen",
                "uusi": "etumerkillinen",
                "signed": "etumerkillinen",
            }
        ),
    ] = Field("itseisarvo", alias="Muutoksen etumerkki")
    """Sign of change € and change % on the generated sheets: 'itseisarvo' (growth of the magnitude is
    positive, for costs and revenues alike) or 'etumerkillinen' (new − old, as the workbook signs)."""
    goal_scale: Annotated[
        list[Annotated[str, Field(min_length=1, max_length=60)]],
        BeforeValidator(_scale),
        AfterValidator(_scale_fits),
        Field(min_length=2, max_length=10),
    ] = Field(default_factory=lambda: list(DEFAULT_SCALE), alias="Tavoitteiden tila-asteikko")
    populations: list[Population] = Field(default_factory=list)
    seasonal: list[str] = Field(default_factory=list)
    sheet: str | None = None


def label_aliases() -> dict[str, str]:
    """Every label the sheet may use (as written in the model) -> the field it sets."""
    out: dict[str, str] = {}
    for name, field in Settings.model_fields.items():
        choices = field.validation_alias.choices if isinstance(field.validation_alias, AliasChoices) else []
        for alias in [field.alias, *choices]:
            if isinstance(alias, str) and alias != name:
                out[alias] = name
    return out
