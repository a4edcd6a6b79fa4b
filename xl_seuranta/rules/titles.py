"""Short titles of the rule codes in the user's language, for lists and counts.

The slugs in the registry (``units-not-total``) are for people who write rules; a controller reads
these instead: in ``xl-seuranta rules`` and in the per-rule counts at the top of the Tarkistus sheet.
"""

from __future__ import annotations

from xl_seuranta.domain.messages import Text
from xl_seuranta.domain.messages.catalogue import register

_TITLES: dict[str, tuple[str, str]] = {
    "S001": ("Talousarviotaulukko puuttuu", "No budget table"),
    "S002": ("Rivi ilman yksikköä", "Row without a unit"),
    "S003": ("Sama yksikkö kahdesti", "Duplicate unit"),
    "S004": ("Yksikön lohkosta puuttuu rivi", "Incomplete unit block"),
    "S005": ("Tunnistamaton rivi", "Unrecognised row"),
    "S006": ("Alaviitemerkki sarakeotsikossa", "Footnote marker in a header"),
    "S007": ("Taulukko puuttuu", "Missing table"),
    "S008": ("Asetukset-välilehti puuttuu", "No settings sheet"),
    "S009": ("Asetusta ei voi käyttää", "Unusable setting"),
    "C001": ("Luku tallennettu tekstinä", "Number stored as text"),
    "C002": ("Paikkamerkki luvun paikalla", "Placeholder instead of a number"),
    "C003": ("Excelin virhearvo", "Excel error value"),
    "C004": ("Tekstiä luvun paikalla", "Text where a number belongs"),
    "C005": ("Tyhjä solu lukurivillä", "Blank in a number row"),
    "C006": ("Kaava ilman laskettua arvoa", "Formula saved without its value"),
    "A001": ("Nettomeno ≠ menot + tulot", "Net ≠ expenditure + revenue"),
    "A002": ("Yksiköiden summa ≠ toimiala yhteensä", "Units ≠ department total"),
    "A003": ("Tuottorivien summa ≠ TOIMINTATUOTOT", "Income lines ≠ TOIMINTATUOTOT"),
    "A004": ("Kulurivien summa ≠ TOIMINTAKULUT", "Expense lines ≠ TOIMINTAKULUT"),
    "A005": ("Toimintakate ≠ tuotot + kulut", "Margin ≠ income + expenses"),
    "A006": ("Yksiköiden summa ≠ toimialan luku muualla", "Units ≠ department figure elsewhere"),
    "A009": ("Pyöristysero", "Rounding difference"),
    "X001": ("Sama luku eroaa taulukoiden välillä", "Same figure differs between tables"),
    "X002": ("Kaksi talousarvioversiota", "Two budget versions"),
    "M001": ("Muutos € ei täsmää", "Change € does not match"),
    "M002": ("Muutos-% ei täsmää", "Change % does not match"),
    "M003": ("Muutos €:n etumerkki vaihtelee", "Mixed sign rule in change €"),
    "M004": ("Muutos-%:n vertailupohja puuttuu", "Change % baseline not in the workbook"),
    "M005": ("Muutos-% nollasta tai etumerkin yli", "Change % from zero or across a sign flip"),
    "M006": ("Muutos-% katkaistu, ei pyöristetty", "Change % truncated, not rounded"),
    "P001": ("€/asukas ei täsmää asukaslukuun", "€/resident does not match the population"),
    "P002": ("Luvusta päätelty asukasluku", "Implied population"),
    "P003": ("Sarakkeissa eri asukasluvut", "Mixed populations"),
    "P004": ("Kertymä ei ole vuositason luku", "Year-to-date figure is not annual"),
    "P005": ("Mahdoton €/asukas-luku", "Impossible €/resident figure"),
    "T001": ("Kulut edellä ajasta", "Costs ahead of pace"),
    "T002": ("Tulot jäljessä ajasta", "Revenue behind pace"),
    "T003": ("Toteumaa ilman talousarviota", "Actuals without a budget"),
    "T004": ("Sitovuustason ylitysennuste", "Binding-level overrun forecast"),
    "T005": ("Vuoden talousarvio jo ylitetty", "Annual budget already exceeded"),
    "G001": ("Tavoitteelta puuttuu tila", "Goal without a status"),
    "G002": ("Määräaika ohi, työ kesken", "Deadline passed, unfinished"),
    "G003": ("Tilanne päivätty raportointipäivän jälkeen", "Status dated after the report date"),
    "G004": ("Ilmoitettu % ei täsmää lukuihin", "Stated % inconsistent with its numbers"),
}


RULE_TITLES: dict[str, Text] = {
    code: register(Text(fi, en, key=f"title.{code}")) for code, (fi, en) in _TITLES.items()
}
"""Every rule code's title in the message catalogue (key ``title.<code>``)."""


def rule_title(code: str, lang: str | None = "fi") -> str:
    """The short title of a rule code; the code itself for one without a title."""
    title = RULE_TITLES.get(code)
    return title.template(lang) if title is not None else code
