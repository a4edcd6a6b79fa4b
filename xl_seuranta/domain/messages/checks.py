"""Texts around the findings: severities, rule families, the summary line, rule documentation labels."""

from __future__ import annotations

from xl_seuranta.domain.messages.catalogue import Text, Texts


class Checks(Texts, area="checks"):
    error = Text("Virhe", "Error")
    warning = Text("Varoitus", "Warning")
    info = Text("Huomio", "Info")

    structure = Text("Rakenne", "Structure")
    cells = Text("Solujen laatu", "Cell quality")
    arithmetic = Text("Laskentakaavat", "Arithmetic identities")
    cross_table = Text("Taulukoiden yhtäpitävyys", "Cross-table consistency")
    change = Text("Muutos € ja %", "Change € and %")
    per_resident = Text("Euroa asukasta kohden", "Per resident")
    pace = Text("Toteutumisvauhti", "Pace of spending")
    goals = Text("Tavoitteet", "Goals")

    summary = Text(
        "{error} virhettä, {warning} varoitusta, {info} huomiota",
        "{error} errors, {warning} warnings, {info} notes",
    )
    softened = Text(
        "Huom. ero jää Asetukset-välilehdellä ilmoitetun pyöristystoleranssin {tolerance}\u00a0€ sisään, ja vain "
        "siksi tämä ei ole virhe; tavallinen pyöristysero on enintään {usual}\u00a0€.",
        "Note: the gap is within the rounding tolerance of {tolerance} € declared on Asetukset, and only for "
        "that reason not an error; a plain rounding gap is at most {usual} €.",
    )
    doc_message = Text("Viesti", "Message")


FAMILIES = ("structure", "cells", "arithmetic", "cross_table", "change", "per_resident", "pace", "goals")
"""The rule families in report order."""


def severity_label(severity: str, lang: str | None) -> str:
    """'Virhe' / 'Error' for 'error', and so on."""
    return getattr(Checks, str(severity))(lang)


def family_label(family: str, lang: str | None) -> str:
    """The name of a rule family ('Laskentakaavat' for 'arithmetic')."""
    text = getattr(Checks, family, None)
    return text(lang) if family in FAMILIES and text is not None else family


def summary_text(summary: dict[str, int], lang: str | None = "fi") -> str:
    """ "7 virhettä, 24 varoitusta, 36 huomiota" (a missing count is zero)."""
    return Checks.summary(lang, **{k: summary.get(k, 0) for k in ("error", "warning", "info")})
