"""Rule family 8: goals — status present, deadlines against the report date, stated progress consistent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from xl_seuranta.domain.findings import Params, Severity
from xl_seuranta.domain.goal_text import find_dates, find_deadlines, find_progress, is_unfinished
from xl_seuranta.domain.model import BudgetBook
from xl_seuranta.rules.registry import Context, Hit, rule


class GoalParams(Params):
    goal: str  # the goal's text, shortened


class DeadlineParams(GoalParams):
    phrase: str  # the deadline as written ("keväällä 2025")
    deadline: dt.date
    report_date: dt.date
    status: str


class LaterDateParams(GoalParams):
    date: dt.date
    report_date: dt.date


class ProgressParams(GoalParams):
    stated: float  # the percentage stated in the text (points)
    done: int
    total: int
    computed: float


def _short(text: str, n: int = 60) -> str:
    t = " ".join(text.split())
    return t if len(t) <= n else t[: n - 1] + "…"


@rule(
    "G001",
    "goal-without-status",
    "goals",
    Severity.WARNING,
    params=GoalParams,
    fi="Tavoitteelta '{goal}' puuttuu tilanneteksti.",
    en="Goal '{goal}' has no status text.",
    doc_fi="""
        Mitä tarkistetaan: jokaisella tavoitteella ja tuottavuustoimenpiteellä on tilanneteksti
        raportointipäivän kohdalla.

        Miksi sillä on väliä: hallitus kysyy juuri siitä tavoitteesta, josta kukaan ei raportoinut.

        Esimerkki: tyhjä TOT. 30.6. -solu tavoitteen vieressä.

        Mitä tehdä: kirjoita tilanne, vaikka se olisi "ei arvioitavissa".
    """,
)
def goal_without_status(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: every goal and productivity action has a status text at the report date.

    Why it matters: the board asks about exactly the goal nobody reported on.

    Example: an empty TOT. 30.6. cell next to a goal.

    What to do: write the status, even if it is "ei arvioitavissa".
    """
    for g in book.goals:
        if not g.status_text.strip():
            yield Hit(g.sheet, g.status_cell, GoalParams(goal=_short(g.goal)))


@rule(
    "G002",
    "deadline-passed-unfinished",
    "goals",
    Severity.WARNING,
    params=DeadlineParams,
    fi="Tavoitteen '{goal}' määräaika ({phrase}, {deadline}) on ohitettu raportointipäivänä {report_date}, mutta "
    "tilanneteksti kertoo työn olevan kesken: '{status}'.",
    en="The deadline of goal '{goal}' ({phrase}, {deadline}) has passed at the report date {report_date}, but the "
    "status says the work is unfinished: '{status}'.",
    doc_fi="""
        Mitä tarkistetaan: tavoitteessa, sen toimenpiteissä tai mittareissa mainittu määräaika
        ("1.6.2025 mennessä", "keväällä 2025"), joka on raportointipäivänä jo ohitettu, vaikka
        tilanneteksti kertoo työn olevan kesken.

        Miksi sillä on väliä: myöhässä oleva tavoite pitää raportoida myöhässä olevana ja uuden aikataulun
        kanssa, ei "käynnissä olevana".

        Esimerkki: "hallintosääntö hyväksytty valtuustossa 1.6.2025 mennessä", tilanneteksti
        "Päivitystyö kesken."

        Mitä tehdä: kerro, että tavoite on myöhässä, miksi se on myöhässä ja mikä on uusi aikataulu.
    """,
)
def deadline_passed_unfinished(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: a deadline stated in the goal, its actions or metrics ("1.6.2025 mennessä",
    "keväällä 2025") that has passed at the report date while the status text says unfinished.

    Why it matters: a late goal should be reported as late, with a new date, not as "in progress".

    Example: "hallintosääntö hyväksytty valtuustossa 1.6.2025 mennessä" with status "Päivitystyö kesken."

    What to do: say that the goal is late, why, and the new schedule.
    """
    if ctx.report_date is None:
        return
    for g in book.goals:
        # the first text with a passed deadline; the status is read only then (reading it costs more)
        d = next(
            (
                d
                for text in (g.goal, g.actions, g.metrics)
                for d in find_deadlines(text, ctx.report_date.year)
                if d.date < ctx.report_date
            ),
            None,
        )
        if d is not None and is_unfinished(g.status_text):
            yield Hit(
                g.sheet,
                g.status_cell,
                DeadlineParams(
                    goal=_short(g.goal),
                    phrase=d.phrase,
                    deadline=d.date,
                    report_date=ctx.report_date,
                    status=_short(g.status_text, 80),
                ),
            )


@rule(
    "G003",
    "status-dated-after-report",
    "goals",
    Severity.WARNING,
    params=LaterDateParams,
    fi="Tavoitteen '{goal}' tilanneteksti mainitsee päivämäärän {date}, joka on raportointipäivän {report_date} "
    "jälkeen.",
    en="The status text of goal '{goal}' mentions {date}, after the report date {report_date}.",
    doc_fi="""
        Mitä tarkistetaan: tilanneteksteissä mainitut päivämäärät, jotka ovat raportointipäivän jälkeen.

        Miksi sillä on väliä: raportti kuvaa tilannetta raportointipäivänä; myöhemmät tapahtumat kuuluvat
        seuraavaan raporttiin, tai ne on merkittävä jälkikäteen lisätyiksi.

        Esimerkki: tilanneteksti 30.6.2025 mainitsee "KH 11.8.2025 § 251".

        Mitä tehdä: merkitse myöhempi tapahtuma sellaiseksi ("jälkikäteen: …") tai siirrä se seuraavaan
        raporttiin.
    """,
)
def status_dated_after_report(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: dates in a status text that fall after the report date.

    Why it matters: the report describes the situation at the report date; later events belong to
    the next report or must be marked as added afterwards.

    Example: status at 30.6.2025 mentions "KH 11.8.2025 § 251".

    What to do: mark the later event as such ("jälkikäteen: …") or move it to the next report.
    """
    if ctx.report_date is None:
        return
    for g in book.goals:
        later = [d for d in find_dates(g.status_text) if d > ctx.report_date]
        if later:
            yield Hit(
                g.sheet,
                g.status_cell,
                LaterDateParams(goal=_short(g.goal), date=later[0], report_date=ctx.report_date),
            )


@rule(
    "G004",
    "stated-progress-inconsistent",
    "goals",
    Severity.ERROR,
    params=ProgressParams,
    fi="Tavoitteen '{goal}' tilanneteksti ilmoittaa {stated}\u00a0%, mutta {done}/{total} = {computed}\u00a0%.",
    en="The status of goal '{goal}' states {stated}%, but {done}/{total} = {computed}%.",
    doc_fi="""
        Mitä tarkistetaan: tilannetekstissä lukujen yhteydessä ilmoitettu prosentti ("54 tavoitetta …
        toteutettu 13 eli 24 %") on näiden lukujen suhde pyöristettynä.

        Miksi sillä on väliä: tekstin väärä prosentti lainataan eteenpäin tunnuslukuna.

        Esimerkki: 13 tavoitetta 54:stä on 24 % – täsmää; "13 / 54 = 30 %" ei täsmäisi.

        Mitä tehdä: laske prosentti uudelleen.
    """,
)
def stated_progress_inconsistent(book: BudgetBook, ctx: Context) -> Iterator[Hit]:
    """What it checks: a percentage stated next to its numbers in a status text ("54 tavoitetta …
    toteutettu 13 eli 24 %") is the rounded ratio of those numbers.

    Why it matters: a wrong percentage in the text is quoted onwards as a key figure.

    Example: 13 of 54 is 24 % — consistent; "13 of 54 = 30 %" would not be.

    What to do: recompute the percentage.
    """
    for g in book.goals:
        for p in find_progress(g.status_text):
            if p.stated_pct is not None and not p.consistent:
                yield Hit(
                    g.sheet,
                    g.status_cell,
                    ProgressParams(
                        goal=_short(g.goal),
                        stated=p.stated_pct,
                        done=p.done,
                        total=p.total,
                        computed=round(p.computed_pct, 1),
                    ),
                    p.computed_pct,
                    p.stated_pct,
                    p.stated_pct - p.computed_pct,
                )
