"""Rule family 5: change € and change % recomputed against the declared baseline.

Change % is a change of magnitude (growing expenses show a positive %). The baseline of a column is
declared in the settings: an actuals column (TP) against the previous year's actuals, a budget column
(TA) against the previous year's budget. A % across a sign flip or from a zero base is not meaningful.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from xl_seuranta import metrics
from xl_seuranta.domain.baselines import tp_against_budget
from xl_seuranta.domain.findings import Params, Pct2, Severity
from xl_seuranta.domain.model import BudgetBook
from xl_seuranta.domain.periods import Period, PeriodKind
from xl_seuranta.rules.common import lookup, numbers, periods_of
from xl_seuranta.rules.registry import Context, Hit, declare, rule


class ChangePctParams(Params):
    line: str
    period: str
    exact: Pct2  # the recomputed change, with two decimals
    new: float
    old: float
    base_label: str


class BaselineParams(Params):
    line: str
    period: str
    baseline: str
    stated: float


class MeaninglessParams(Params):
    line: str
    period: str
    stated: float
    old: float
    new: float


class ChangeEurParams(Params):
    line: str
    new: float
    old: float


class SignMixedParams(Params):
    line: str
    others: str  # the lines shown as the signed difference


def baseline_period(book: BudgetBook, table: str, period: Period) -> Period | None:
    """The declared baseline of a column (Asetukset), as ``metrics.pairing`` decides it."""
    settings = book.settings
    return metrics.pairing.baseline_of(
        periods_of(book, table), period, settings.baseline_tp, settings.baseline_ta
    )


@dataclass(frozen=True)
class _Printed:
    """The printed change cells of one measure with the figures they compare (NaN where absent)."""

    sheet: np.ndarray
    cell: np.ndarray
    line: np.ndarray
    period: list[Period]
    base: list[Period | None]
    stated: np.ndarray
    new: np.ndarray
    old: np.ndarray


def _printed(book: BudgetBook, measure: str) -> _Printed:
    """Every printed change (``change_pct`` or ``change_eur``) with its new and old figures."""
    cache = book.__dict__.setdefault("_printed_changes", {})
    if measure not in cache:
        f = numbers(book, measure=measure)
        settings = book.settings
        periods = [book.periods[k] for k in f["period"].tolist()]
        bases = [
            metrics.pairing.printed_change_baseline(
                t, periods_of(book, t), p, settings.baseline_tp, settings.baseline_ta
            )
            for t, p in zip(f["table"].tolist(), periods, strict=True)
        ]
        new, old = np.full(len(f), np.nan), np.full(len(f), np.nan)
        for i, (table, unit, line, period, base) in enumerate(
            zip(f["table"].tolist(), f["unit"].tolist(), f["line"].tolist(), periods, bases, strict=True)
        ):
            if base is None:
                continue
            n, o = lookup(book, table, line, period.key, unit), lookup(book, table, line, base.key, unit)
            if n is not None and o is not None:
                new[i], old[i] = n.value, o.value
        cache[measure] = _Printed(f["sheet"], f["cell"], f["line"], periods, bases, f["value"], new, old)
    return cache[measure]


@rule(
    "M002",
    "change-pct-wrong",
    "change",
    Severity.ERROR,
    params=ChangePctParams,
    unit="%",
    fi="Muutos-% {line} {period}: taulukossa {actual}, laskettu {expected} ({new} vs. {base_label} {old}).",
    en="Change % {line} {period}: the table says {actual}, recomputed {expected} ({new} vs. {base_label} {old}).",
    doc_fi="""
        Mitä tarkistetaan: jokainen taulukon muutos-% verrattuna itseisarvojen muutokseen, joka lasketaan
        ilmoitetusta vertailupohjasta (TP-sarakkeelle edellisen vuoden TP, TA-sarakkeelle edellisen vuoden
        talousarvio; Määrärahat-taulukossa taulukon vanhempi sarake).

        Miksi sillä on väliä: väärästä vertailupohjasta (TA:ta verrataan edellisen vuoden TP:hen) tai
        väärin päin olevalla etumerkillä laskettu prosentti antaa hallitukselle väärän kuvan kasvusta.

        Esimerkki: Määrärahat MENOT: −6 837 670 vs. −6 624 150 on +3,2 % (menot kasvavat).

        Mitä tehdä: laske uudelleen ilmoitetulla vertailupohjalla; jos toimiala vertaa toisin, ilmoita
        toinen vertailupohja Asetukset-välilehdellä.
    """,
)
def change_pct_wrong(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: every printed change % against the change of magnitude recomputed from the
    declared baseline (previous year's TP for a TP column, previous year's budget for a TA column;
    in Määrärahat the table's older column).

    Why it matters: a % computed against the wrong baseline (TA against last year's TP) or with the
    sign the wrong way round misleads the board about growth.

    Example: Määrärahat MENOT: −6 837 670 vs. −6 624 150 is +3,2 % (expenses grow).

    What to do: recompute with the declared baseline; declare another baseline on Asetukset if the
    department compares differently.
    """
    p = _printed(book, "change_pct")
    computed = metrics.muutos_pros(
        p.new, p.old
    )  # NaN without figures, from zero or across a sign flip (M005)
    stated = metrics.stated_fraction(p.stated, computed)
    verdict = metrics.pct_rounding_class(stated, computed)
    for i in np.flatnonzero((verdict == "error") | (verdict == "rounding_mode")).tolist():
        base = p.base[i]
        assert base is not None
        params = ChangePctParams(
            line=p.line[i],
            period=p.period[i].label,
            exact=float(computed[i]),
            new=float(p.new[i]),
            old=float(p.old[i]),
            base_label=base.label,
        )
        yield Hit(
            p.sheet[i],
            p.cell[i],
            params,
            float(computed[i]),
            float(stated[i]),
            float(stated[i] - computed[i]),
            code="M006" if verdict[i] == "rounding_mode" else None,
        )


declare(
    "M006",
    "change-pct-rounding-mode",
    "change",
    Severity.WARNING,
    params=ChangePctParams,
    unit="%",
    fi="Muutos-% {line} {period}: taulukossa {actual}, tarkka arvo {exact} pyöristyy lukuun {expected}; "
    "luku on ilmeisesti katkaistu eikä pyöristetty.",
    en="Change % {line} {period}: the table says {actual}; the exact {exact} rounds to {expected}; the "
    "figure seems truncated rather than rounded.",
    doc="""
        What it checks: a printed change % that differs from the recomputed one only by the
        rounding mode (truncated instead of rounded half up).

        Why it matters: small, but a reader re-adding the table gets another figure; one rule
        for the whole report avoids questions.

        Example: Henkilöstömenot TP 2024: 7,46 % printed as 7,4 %.

        What to do: round, don't truncate.
    """,
    doc_fi="""
        Mitä tarkistetaan: taulukon muutos-%, joka poikkeaa uudelleen lasketusta vain pyöristystavan
        vuoksi (luku on katkaistu eikä pyöristetty tavalliseen tapaan, puolikkaat ylöspäin).

        Miksi sillä on väliä: ero on pieni, mutta taulukon itse uudelleen laskeva lukija saa eri luvun;
        yksi sääntö koko raportissa ehkäisee kysymyksiä.

        Esimerkki: Henkilöstömenot TP 2024: 7,46 % on esitetty muodossa 7,4 %.

        Mitä tehdä: pyöristä, älä katkaise.
    """,
)


@rule(
    "M004",
    "change-baseline-missing",
    "change",
    Severity.INFO,
    params=BaselineParams,
    fi="{line} {period}: muutos-%:n {stated} vertailupohjaa {baseline} ei ole työkirjassa, joten lukua ei voi "
    "tarkistaa.",
    en="{line} {period}: the baseline {baseline} of the change % {stated} is not in the workbook, so it cannot be "
    "checked.",
    doc_fi="""
        Mitä tarkistetaan: taulukon muutosprosentit, joiden vertailupohjan saraketta ei ole työkirjassa.

        Miksi sillä on väliä: tällainen luku otetaan luottamuksella; lukijan on hyvä tietää, ettei sitä
        ole tarkistettu.

        Esimerkki: Tunnusluvut-taulukon Henkilöstömenot TP 2023 −20,0 % vaatii sarakkeen TP 2022.

        Mitä tehdä: ei mitään, tai lisää vertailupohjan sarake.
    """,
)
def change_baseline_missing(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: printed change percentages whose baseline column is not in the workbook.

    Why it matters: such a figure is taken on trust; the reader should know it was not verified.

    Example: Tunnusluvut Henkilöstömenot TP 2023 −20,0 % needs TP 2022.

    What to do: nothing, or add the baseline column.
    """
    f = numbers(book, measure="change_pct")
    for table, sheet, cell, line, key, stated in f.rows("table", "sheet", "cell", "line", "period", "value"):
        if table == "maararahat":
            continue
        period = book.periods[key]
        if baseline_period(book, table, period) is None:
            if period.kind is PeriodKind.TOTEUMA:
                kind = "TOT."
            elif period.kind is PeriodKind.TP and not tp_against_budget(book.settings.baseline_tp):
                kind = "TP"
            else:
                kind = "TA"
            yield Hit(
                sheet,
                cell,
                BaselineParams(
                    line=line, period=period.label, baseline=f"{kind} {period.year - 1}", stated=stated
                ),
            )


@rule(
    "M005",
    "change-pct-meaningless",
    "change",
    Severity.WARNING,
    params=MeaninglessParams,
    fi="Muutos-% {line} {period} ({stated}) on laskettu nollasta tai yli etumerkin vaihdoksen ({old} → {new}); "
    "prosenttia ei pitäisi esittää.",
    en="Change % {line} {period} ({stated}) is computed from zero or across a sign flip ({old} → {new}); no % "
    "should be shown.",
    doc_fi="""
        Mitä tarkistetaan: muutos-%, joka on esitetty, vaikka mielekästä prosenttia ei ole – vertailuarvo
        on nolla tai etumerkki vaihtuu.

        Miksi sillä on väliä: "+250 %" nettotulosta nettomenoksi ei kerro mitään ja johtaa helposti
        väärään tulkintaan.

        Esimerkki: yksikkö, jonka netto kääntyy luvusta +21 015 lukuun −32 190.

        Mitä tehdä: merkitse prosentin paikalle "–" ja selitä muutos euroina.
    """,
)
def change_pct_meaningless(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: a change % printed where none is meaningful — a zero base or a sign flip.

    Why it matters: "+250 %" from a net income to a net cost means nothing and invites wrong reading.

    Example: a unit whose net turns from +21 015 to −32 190.

    What to do: print "–" and explain the change in euros.
    """
    p = _printed(book, "change_pct")
    has = ~np.isnan(p.new) & ~np.isnan(p.old)
    meaningless = has & np.isnan(metrics.muutos_pros(p.new, p.old))
    for i in np.flatnonzero(meaningless).tolist():
        yield Hit(
            p.sheet[i],
            p.cell[i],
            MeaninglessParams(
                line=p.line[i],
                period=p.period[i].label,
                stated=float(p.stated[i]),
                old=float(p.old[i]),
                new=float(p.new[i]),
            ),
        )


@rule(
    "M001",
    "change-eur-wrong",
    "change",
    Severity.ERROR,
    params=ChangeEurParams,
    unit="€",
    fi="MUUTOS € {line}: taulukossa {actual}, laskettu {expected} ({new} − {old}); ero {difference}.",
    en="Change € {line}: the table says {actual}, recomputed {expected} ({new} − {old}); gap {difference}.",
    doc_fi="""
        Mitä tarkistetaan: taulukon MUUTOS € = uusi − vanha (tai itseisarvojen muutos, ks. M003).

        Miksi sillä on väliä: väärä euromuutos tarkoittaa yleensä, että toinen sarakkeista on päivitetty
        jälkikäteen.

        Esimerkki: Määrärahat TULOT: 1 297 670 − 1 204 150 = 93 520.

        Mitä tehdä: laske muutos uudelleen kahdesta sarakkeesta.
    """,
)
def change_eur_wrong(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: printed change in euros = new − old (or its magnitude form, see M003).

    Why it matters: a wrong € change usually means one of the two columns was updated afterwards.

    Example: Määrärahat TULOT: 1 297 670 − 1 204 150 = 93 520.

    What to do: recompute from the two columns.
    """
    for i, signed, gap in _eur_rows(book):
        if ctx.within(gap):
            continue
        p = _printed(book, "change_eur")
        actual = float(p.stated[i])
        yield Hit(
            p.sheet[i],
            p.cell[i],
            ChangeEurParams(line=p.line[i], new=float(p.new[i]), old=float(p.old[i])),
            signed,
            actual,
            actual - signed,
            softened_by=ctx.softened_by(gap),
        )


@rule(
    "M003",
    "change-eur-sign-mixed",
    "change",
    Severity.WARNING,
    params=SignMixedParams,
    unit="€",
    fi="MUUTOS € -sarakkeen etumerkki ei ole yhtenäinen: {line} on {actual} (itseisarvon muutos), kun "
    "{others} on esitetty etumerkillisenä erotuksena (uusi − vanha = {expected}).",
    en="The sign in the change € column is inconsistent: {line} is {actual} (change of magnitude) while "
    "{others} is shown as the signed difference (new − old = {expected}).",
    doc_fi="""
        Mitä tarkistetaan: MUUTOS € -sarake noudattaa kaikilla riveillä samaa etumerkkisääntöä – joko
        etumerkillinen erotus uusi − vanha tai itseisarvojen muutos.

        Miksi sillä on väliä: luvusta "120 000" lukija ei voi päätellä, kasvoiko vai pienenikö nettomeno.

        Esimerkki: Määrärahat: MENOT −213 520 (etumerkillinen), mutta NETTOMENO +120 000 (itseisarvojen
        muutos; etumerkillisenä −120 000).

        Mitä tehdä: käytä etumerkillistä erotusta kaikilla riveillä tai kerro sääntö taulukon alla.
    """,
)
def change_eur_sign_mixed(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: the € change column uses one sign rule for all rows — either the signed
    difference new − old, or the change of magnitude.

    Why it matters: a reader cannot tell from "120 000" whether the net cost grew or shrank.

    Example: Määrärahat: MENOT −213 520 (signed) but NETTOMENO +120 000 (magnitude; signed is −120 000).

    What to do: use the signed difference throughout, or state the rule under the table.
    """
    p = _printed(book, "change_eur")
    signed_only, magnitude_only = [], []
    for i, signed, _gap in _eur_rows(book):
        a = float(p.stated[i])
        magnitude = float(metrics.muutos_eur_itseisarvo(p.new[i], p.old[i]))
        s_ok, m_ok = abs(a - signed) <= ctx.tolerance, abs(a - magnitude) <= ctx.tolerance
        if s_ok and not m_ok:
            signed_only.append(p.line[i])
        elif m_ok and not s_ok:
            magnitude_only.append((i, signed))
    if signed_only and magnitude_only:
        for i, signed in magnitude_only:
            a = float(p.stated[i])
            yield Hit(
                p.sheet[i],
                p.cell[i],
                SignMixedParams(line=p.line[i], others=", ".join(signed_only)),
                signed,
                a,
                a - signed,
            )


def _eur_rows(book: BudgetBook) -> Iterator[tuple[int, float, float]]:
    """(position, signed change, gap to the nearer sign rule) of every printed € change with figures.

    A printed MUUTOS € may follow either sign rule: the signed ``muutos_eur`` or the change of
    magnitude (M003 reports a column that mixes them).
    """
    p = _printed(book, "change_eur")
    signed = metrics.muutos_eur(p.new, p.old)
    magnitude = metrics.muutos_eur_itseisarvo(p.new, p.old)
    gap = np.minimum(np.abs(p.stated - signed), np.abs(p.stated - magnitude))
    for i in np.flatnonzero(~np.isnan(signed)).tolist():
        yield i, float(signed[i]), float(gap[i])
