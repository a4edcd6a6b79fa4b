"""What each setting of the Asetukset sheet allows, and what is used when a value cannot be."""

from __future__ import annotations

from xl_seuranta.domain.messages.catalogue import Text, Texts


class SettingRules(Texts, area="settings"):
    municipality = Text("teksti, enintään 200 merkkiä", "text of at most 200 characters")
    department = Text("teksti, enintään 200 merkkiä", "text of at most 200 characters")
    binding_level = Text(
        "teksti, enintään 200 merkkiä; oletuksena nettomeno",
        "text of at most 200 characters; by default nettomeno",
    )
    report_date = Text(
        "päivämäärä vuosilta 2000–2100, esim. 30.6.2025; ilman sitä käytetään uusimman TOT.-sarakkeen päivää",
        "a date in the years 2000–2100, e.g. 30.6.2025; without it the newest TOT. column's date is used",
    )
    year = Text(
        "vuosiluku 2000–2100; ilman sitä käytetään raportointipäivän vuotta",
        "a year from 2000 to 2100; without it the report date's year is used",
    )
    rounding_tolerance = Text(
        "luku 0–100 (euroa); ilman sitä käytetään 2\u00a0€",
        "a number from 0 to 100 (euros); without it 2 € is used",
    )
    sign_convention = Text(
        "menot negatiivisina tai menot positiivisina; ilman sitä käytäntö päätellään luvuista",
        "menot negatiivisina or menot positiivisina; without it the convention is read from the figures",
    )
    pace_basis = Text(
        "kk (kuukaudet) tai pv (päivät); ilman sitä käytetään kk",
        "kk (months) or pv (days); without it kk is used",
    )
    baseline_tp = Text(
        "edellisen vuoden TP tai edellisen vuoden TA; ilman sitä käytetään edellisen vuoden TP",
        "edellisen vuoden TP or edellisen vuoden TA; without it edellisen vuoden TP is used",
    )
    baseline_ta = Text(
        "edellisen vuoden TA tai edellisen vuoden TA+muutokset; ilman sitä käytetään edellisen vuoden TA",
        "edellisen vuoden TA or edellisen vuoden TA+muutokset; without it edellisen vuoden TA is used",
    )
    goal_scale = Text(
        "2–10 tilaa puolipisteillä eroteltuina, yhteensä enintään 255 merkkiä; ilman sitä käytetään asteikkoa "
        "Toteutunut; Osittain toteutunut; Ei toteutunut; Ei arvioitavissa",
        "2 to 10 statuses separated by semicolons, at most 255 characters in all; without it the scale "
        "Toteutunut; Osittain toteutunut; Ei toteutunut; Ei arvioitavissa is used",
    )
    population = Text(
        "asukasluku 1–10\u00a0000\u00a0000 tai tyhjä; ilman sitä sarakkeen €/asukas-lukua ei lasketa uudelleen",
        "a population from 1 to 10,000,000 or blank; without it the column's €/resident figure is not recomputed",
    )
