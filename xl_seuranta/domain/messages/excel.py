"""Texts shown inside Excel: ribbon alerts and help, cell-function errors, the server's replies."""

from __future__ import annotations

from xl_seuranta.domain.messages.catalogue import Text, Texts


class Macros(Texts, area="macros"):
    generic_error = Text(
        "Toiminto keskeytyi odottamattomaan virheeseen, eikä työkirjaan kirjoitettu mitään. Yritä uudelleen. "
        "Jos virhe toistuu, ota yhteyttä tukeen ja kerro, mitä painoit ja milloin.",
        "The action stopped on an unexpected error and nothing was written to the workbook. Try again. If "
        "it happens again, contact support and tell what you pressed and when.",
    )
    help = Text(
        "xl-seuranta – talousarvion seurannan apuri\n\n"
        "Tarkista: tarkistaa luvut ja kirjoittaa havainnot välilehdelle 'Tarkistus'.\n"
        "Laske: laskee tunnusluvut (muutos € ja %, käyttö-%, jäljellä €, ennuste, €/asukas) välilehdelle "
        "'Laskelmat' ja hallitukselle yhden sivun yhteenvedon välilehdelle 'Yhteenveto'.\n"
        "Tavoitteet: päivittää tavoitteiden seurantataulukon; kirjoittamasi tilat säilyvät.\n"
        "Päivitä kaikki: tekee kaikki kolme kerralla.\n"
        "Tuo funktiot: ottaa solufunktiot (esim. =MUUTOS_PROS) käyttöön.\n"
        "Testaa asennus: tarkistaa Pythonin, xlwingsin ja lisäosan ja kertoo, mitä korjata.\n\n"
        "Työkalu ei muuta syöttämiäsi lukuja; se kirjoittaa vain omat välilehtensä (Tarkistus, Yhteenveto, "
        "Laskelmat, Tavoiteseuranta).",
        "xl-seuranta – budget follow-up assistant\n\n"
        "Tarkista: checks the figures and writes the findings to the sheet 'Tarkistus'.\n"
        "Laske: computes the key figures (change € and %, utilisation %, remaining €, forecast, €/resident) "
        "on the sheet 'Laskelmat' and a one-page summary for the board on the sheet 'Yhteenveto'.\n"
        "Tavoitteet: refreshes the goal follow-up sheet; the statuses you typed are kept.\n"
        "Päivitä kaikki: does all three at once.\n"
        "Tuo funktiot: makes the cell functions (e.g. =MUUTOS_PROS) available.\n"
        "Testaa asennus: checks Python, xlwings and the add-in and tells what to fix.\n\n"
        "The tool never changes the figures you typed; it writes only its own sheets (Tarkistus, "
        "Yhteenveto, Laskelmat, Tavoiteseuranta).",
    )
    no_findings = Text("ei havaintoja", "no findings")
    no_changes = Text("ei muutoksia", "no changes")
    checked = Text(
        "Tarkistus valmis: {counts}. Katso välilehti 'Tarkistus'.",
        "Check done: {counts}. See the sheet 'Tarkistus'.",
    )
    computed = Text("Tunnusluvut laskettu. Päivitetty: {sheets}.", "Key figures computed. Updated: {sheets}.")
    goals_done = Text(
        "Tavoitteiden seuranta päivitetty: {sheets}. Kirjoittamasi tilat, kommentit, sarakkeet ja "
        "muistiinpanot säilyivät.",
        "Goal follow-up updated: {sheets}. The statuses, comments, columns and notes you wrote were kept.",
    )
    all_done = Text(
        "Kaikki päivitetty: tunnusluvut, tavoitteet ja tarkistus ({counts}). Katso välilehti 'Tarkistus'.",
        "Everything updated: key figures, goals and the check ({counts}). See the sheet 'Tarkistus'.",
    )
    unknown_button = Text(
        "Tuntematon painike '{tag}'. Asenna lisäosan uusin versio.",
        "Unknown button '{tag}'. Install the latest version of the add-in.",
    )


class CellFunctions(Texts, area="udf"):
    error_in_input = Text("virhearvo syötteessä: {value}", "error value in the input: {value}")
    not_a_number = Text("ei luku: {value}", "not a number: {value}")
    not_a_date = Text("ei päivämäärä: {value} (esim. 30.6.2025)", "not a date: {value} (e.g. 30.6.2025)")
    not_2d = Text("alueen pitää olla kaksiulotteinen", "the range must be two-dimensional")
    not_finite = Text("ei äärellinen luku", "not a finite number")
    sizes_differ = Text("alueiden koot eivät täsmää", "the ranges differ in size")
    bad_input = Text("virheellinen syöte", "invalid input")
    unknown_option = Text(
        "tuntematon {name} {value}: käytä {allowed}", "unknown {name} {value}: use {allowed}"
    )
    or_ = Text(" tai ", " or ")
    bad_tolerance = Text(
        "toleranssin pitää olla luku ≥ 0, nyt {value}", "the tolerance must be a number ≥ 0, not {value}"
    )
    total_shape = Text(
        "summa-rivillä pitää olla yksi arvo tai yksi arvo per osien sarake",
        "the total row must hold one value, or one value per column of the parts",
    )


class Server(Texts, area="server"):
    body_not_object = Text(
        "Virheellinen työkirjan sisältö: pyynnön pitää olla JSON-olio.",
        "Invalid workbook payload: the body must be a JSON object.",
    )
    field_not_string = Text(
        "Virheellinen työkirjan sisältö: '{key}' puuttuu tai ei ole merkkijono.",
        "Invalid workbook payload: '{key}' is missing or not a string.",
    )
    book_without_name = Text(
        "Virheellinen työkirjan sisältö: 'book' pitää olla olio, jolla on 'name'.",
        "Invalid workbook payload: 'book' must be an object with a 'name'.",
    )
    no_sheets = Text(
        "Virheellinen työkirjan sisältö: 'sheets' pitää olla lista, jossa on ainakin yksi välilehti.",
        "Invalid workbook payload: 'sheets' must be a non-empty list.",
    )
    sheet_without_name = Text(
        "Virheellinen työkirjan sisältö: välilehdellä {index} ei ole nimeä ('name').",
        "Invalid workbook payload: sheet {index} has no 'name'.",
    )
    values_not_rows = Text(
        "Virheellinen työkirjan sisältö: välilehden '{sheet}' 'values' pitää olla lista rivejä.",
        "Invalid workbook payload: 'values' of sheet '{sheet}' must be a list of rows.",
    )
    names_not_list = Text(
        "Virheellinen työkirjan sisältö: 'names' pitää olla lista.",
        "Invalid workbook payload: 'names' must be a list.",
    )
    args_not_array = Text(
        "Virheellinen työkirjan sisältö: 'args' pitää olla JSON-taulukko.",
        "Invalid workbook payload: 'args' must be a JSON array.",
    )
    call_not_object = Text(
        "Virheellinen funktiokutsu: pyynnön pitää olla JSON-olio.",
        "Invalid function call: the body must be a JSON object.",
    )
    no_func_name = Text(
        "Virheellinen funktiokutsu: 'func_name' puuttuu.", "Invalid function call: 'func_name' is missing."
    )
    unknown_function = Text("Tuntematon funktio '{name}'.", "Unknown function '{name}'.")
    call_field_not_string = Text(
        "Virheellinen funktiokutsu: '{key}' puuttuu tai ei ole merkkijono.",
        "Invalid function call: '{key}' is missing or not a string.",
    )
    args_not_2d = Text(
        "Virheellinen funktiokutsu: 'args' pitää olla lista 2-D-taulukoita.",
        "Invalid function call: 'args' must be a list of 2-D arrays.",
    )
    too_large = Text("Pyyntö on liian suuri.", "Request body too large.")
    unknown_script = Text("Tuntematon skripti '{name}'.", "Unknown script '{name}'.")
    not_json = Text(
        "Pyyntö ei ole kelvollista JSONia: {error}", "The request body is not valid JSON: {error}"
    )
