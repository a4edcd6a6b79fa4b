"""Rule family 5: change € and change % recomputed against the declared baseline.

Change % is a change of magnitude (growing expenses show a positive %). The baseline of a column is
declared in the settings: an actuals column (TP) against the previous year's actuals, a budget column
(TA) against the previous year's budget. A % across a sign flip or from a zero base is not meaningful.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from xl_seuranta.domain.baselines import budget_kinds, tp_against_budget
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


def magnitude_change(new: float, old: float) -> float:
    """(|new| − |old|) / |old|, NaN for a zero base or a sign flip."""
    if old == 0 or (new != 0 and (new > 0) != (old > 0)):
        return math.nan
    return (abs(new) - abs(old)) / abs(old)


def baseline_period(book: BudgetBook, table: str, period: Period) -> Period | None:
    """The declared baseline of a column (Asetukset): by default previous year's TP for a TP column and
    previous year's budget (same version first) for a budget column; the TP baseline may be declared
    as the previous year's budget instead."""
    cands = [p for p in periods_of(book, table) if p.year == period.year - 1]
    if period.kind is PeriodKind.TOTEUMA:
        return next(
            (p for p in cands if p.kind is PeriodKind.TOTEUMA and p.as_of.month == period.as_of.month), None
        )
    preferred = budget_kinds(book.settings.baseline_ta)
    if period.kind is PeriodKind.TP:
        want = list(preferred) if tp_against_budget(book.settings.baseline_tp) else [PeriodKind.TP]
    else:
        want = [period.kind, *(k for k in preferred if k is not period.kind)]
    for kind in want:
        for p in cands:
            if p.kind is kind:
                return p
    return None


def _stated_fraction(stated: float, computed: float) -> float:
    """A printed % may be in points (3.2) or a fraction (0.032): take the reading closer to the truth."""
    return stated if abs(stated - computed) < abs(stated / 100 - computed) else stated / 100


def _change_rows(book: BudgetBook):
    """(table, unit, line, period key, stated % row) for every printed change %."""
    f = numbers(book, measure="change_pct")
    return f.iterrows()


def _new_old(
    book: BudgetBook, table: str, unit: str, line: str, period: Period
) -> tuple[float, float, Period] | None:
    if table == "maararahat":
        periods = sorted(periods_of(book, table), key=lambda p: (p.year, p.as_of))
        if len(periods) < 2:
            return None
        base = periods[-2]
    else:
        base = baseline_period(book, table, period)
        if base is None:
            return None
    new = lookup(book, table, line, period.key, unit)
    old = lookup(book, table, line, base.key, unit)
    if new is None or old is None:
        return None
    return new.value, old.value, base


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
    for _, r in _change_rows(book):
        period = book.periods[r["period"]]
        nob = _new_old(book, r["table"], r["unit"], r["line"], period)
        if nob is None:
            continue
        new, old, base = nob
        computed = magnitude_change(new, old)
        if math.isnan(computed):
            continue  # M005 reports these
        stated = _stated_fraction(float(r["value"]), computed)
        if abs(round(stated * 100, 1) - round(computed * 100, 1)) < 0.05:
            continue
        truncated = math.trunc(computed * 1000) / 10
        # Off only by the rounding mode (truncated, or within 0.1 pp): a warning under M006.
        rounding_mode = abs(stated * 100 - truncated) < 0.05 or abs(stated * 100 - computed * 100) < 0.1
        params = ChangePctParams(
            line=r["line"], period=period.label, exact=computed, new=new, old=old, base_label=base.label
        )
        yield Hit(
            r["sheet"],
            r["cell"],
            params,
            computed,
            stated,
            stated - computed,
            code="M006" if rounding_mode else None,
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
    for _, r in _change_rows(book):
        if r["table"] == "maararahat":
            continue
        period = book.periods[r["period"]]
        if baseline_period(book, r["table"], period) is None:
            if period.kind is PeriodKind.TOTEUMA:
                kind = "TOT."
            elif period.kind is PeriodKind.TP and not tp_against_budget(book.settings.baseline_tp):
                kind = "TP"
            else:
                kind = "TA"
            yield Hit(
                r["sheet"],
                r["cell"],
                BaselineParams(
                    line=r["line"],
                    period=period.label,
                    baseline=f"{kind} {period.year - 1}",
                    stated=r["value"],
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
    for _, r in _change_rows(book):
        period = book.periods[r["period"]]
        nob = _new_old(book, r["table"], r["unit"], r["line"], period)
        if nob is None:
            continue
        new, old, _ = nob
        if math.isnan(magnitude_change(new, old)):
            yield Hit(
                r["sheet"],
                r["cell"],
                MeaninglessParams(line=r["line"], period=period.label, stated=r["value"], old=old, new=new),
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
    for line, signed, magnitude, r in _eur_rows(book):
        actual = float(r["value"])
        gap = min(abs(actual - signed), abs(actual - magnitude))
        if ctx.within(gap):
            continue
        yield Hit(
            r["sheet"],
            r["cell"],
            ChangeEurParams(line=line, new=signed + r["_old"], old=r["_old"]),
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
    rows = list(_eur_rows(book))
    signed_only, magnitude_only = [], []
    for line, signed, magnitude, r in rows:
        a = float(r["value"])
        s_ok, m_ok = abs(a - signed) <= ctx.tolerance, abs(a - magnitude) <= ctx.tolerance
        if s_ok and not m_ok:
            signed_only.append(line)
        elif m_ok and not s_ok:
            magnitude_only.append((line, signed, r))
    if signed_only and magnitude_only:
        for line, signed, r in magnitude_only:
            yield Hit(
                r["sheet"],
                r["cell"],
                SignMixedParams(line=line, others=", ".join(signed_only)),
                signed,
                float(r["value"]),
                float(r["value"]) - signed,
            )


def _eur_rows(book: BudgetBook):
    f = numbers(book, measure="change_eur")
    for _, r in f.iterrows():
        period = book.periods[r["period"]]
        nob = _new_old(book, r["table"], r["unit"], r["line"], period)
        if nob is None:
            continue
        new, old, _ = nob
        r = r.copy()
        r["_old"] = old
        yield r["line"], new - old, abs(new) - abs(old), r
