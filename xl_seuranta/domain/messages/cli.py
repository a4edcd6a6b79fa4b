"""Texts of the command line and of the jobs every entry point shares (app/services)."""

from __future__ import annotations

from xl_seuranta.domain.messages.catalogue import Text, Texts


class Cli(Texts, area="cli"):
    not_found = Text("Polkua ei löydy: {path}", "Path not found: {path}")
    no_files = Text(
        "Yhtään työkirjaa (.xlsx, .xlsm, .xls, .ods) ei löytynyt: {path}",
        "No workbooks (.xlsx, .xlsm, .xls, .ods) found: {path}",
    )
    bad_format = Text(
        "Tuntematon muoto '{value}' (sallitut: {allowed}).", "Unknown format '{value}' ({allowed})."
    )
    bad_lang = Text("Tuntematon kieli '{value}' (sallitut: fi, en).", "Unknown language '{value}' (fi, en).")
    written = Text("Kirjoitettu: {path}", "Written: {path}")
    out_or_inplace = Text("Anna joko -o TIEDOSTO tai --in-place.", "Give either -o FILE or --in-place.")
    unknown_rule = Text("Tuntematon sääntökoodi: {value}", "Unknown rule code: {value}")
    unexpected = Text(
        "Odottamaton virhe käsiteltäessä tiedostoa {path}: {error}",
        "Unexpected error while processing {path}: {error}",
    )
    no_example = Text("Esimerkkityökirjaa ei löydy asennuksesta.", "The bundled example workbook is missing.")
    same_as_example = Text(
        "Esimerkkityökirjaa ei muuteta: anna toinen -o-tiedosto.",
        "The bundled example is never modified: give another -o file.",
    )
    no_server = Text(
        "xlwings Server ei ole asennettu: pip install 'xl-seuranta[server]' ({error})",
        "xlwings Server is not installed: pip install 'xl-seuranta[server]' ({error})",
    )
    usage_error = Text("Virheellinen komento: {error}", "Invalid command: {error}")
    usage_hint = Text(
        "Ohje: xl-seuranta --help  (tai xl-seuranta KOMENTO --help)",
        "Help: xl-seuranta --help  (or xl-seuranta COMMAND --help)",
    )
    crashed = Text("Odottamaton virhe: {error}", "Unexpected error: {error}")
    cannot_write_format = Text(
        "{name} on {kind}, eikä xl-seuranta kirjoita siihen (vain .xlsx ja .xlsm). Tallenna työkirja Excelissä "
        "Excel-työkirjana (.xlsx): Tiedosto > Tallenna nimellä. Tarkistus onnistuu sellaisenaan: "
        "xl-seuranta check {name}",
        "{name} is in {kind}, which xl-seuranta does not write (only .xlsx and .xlsm). Save the workbook in "
        "Excel as an Excel workbook (.xlsx): File > Save As. It can be checked as it is: xl-seuranta check "
        "{name}",
    )
    kind_xls = Text("vanhaa Excel 97–2003 -muotoa (.xls)", "the old Excel 97–2003 format (.xls)")
    kind_ods = Text("OpenDocument-muotoa (.ods)", "the OpenDocument format (.ods)")
    batch_failed = Text(
        "Työprosesseja ei voitu käynnistää: {error}", "Could not start the worker processes: {error}"
    )


class Batch(Texts, area="batch"):
    """Texts of batch runs (``app/batch*.py``): files that could not be processed, the summary table."""

    unexpected = Text(
        "tiedoston käsittely keskeytyi: odottamaton virhe ohjelmassa (lisätiedot valitsimella --verbose; "
        "ilmoita ylläpidolle)",
        "processing the file was interrupted: an unexpected error in the program (details with --verbose; "
        "please report it)",
    )
    memory = Text(
        "tiedoston käsittely keskeytyi: muistiraja {limit} Mt ylittyi (raja: --memory-mb)",
        "processing the file was interrupted: the memory limit of {limit} MB was exceeded (--memory-mb)",
    )
    timeout = Text(
        "tiedoston käsittely keskeytyi: aikaraja {timeout} s ylittyi (raja: --timeout)",
        "processing the file was interrupted: the time limit of {timeout} s was exceeded (--timeout)",
    )
    crashed = Text(
        "tiedoston käsittely keskeytyi: lukijaohjelma kaatui ({how}). Tiedosto voi olla vioittunut tai liian "
        "suuri; avaa se Excelissä ja tallenna uudelleen.",
        "processing the file was interrupted: the reader crashed ({how}). The file may be damaged or too "
        "large; open it in Excel and save it again.",
    )
    exit_code = Text("paluukoodi {code}", "exit code {code}")
    out_of_memory = Text(
        "tiedoston käsittely keskeytyi: muisti loppui (raja {limit} Mt, --memory-mb). Tiedosto voi olla "
        "vioittunut tai liian suuri.",
        "processing the file was interrupted: out of memory (limit {limit} MB, --memory-mb). The file may be "
        "damaged or too large.",
    )
    heading = Text("Yhteenveto", "Summary")
    file = Text("Tiedosto", "File")
    errors = Text("Virheet", "Errors")
    warnings = Text("Varoitukset", "Warnings")
    notes = Text("Huomiot", "Notes")
    status = Text("Tila", "Status")
    checked = Text("tarkistettu", "checked")
    not_processed = Text("ei käsitelty", "not processed")
    total = Text("Yhteensä: {files} tiedostoa{unprocessed}", "Total: {files} files{unprocessed}")
    total_unprocessed = Text(", joista {count} ei käsitelty", ", {count} not processed")
    totals_line = Text(
        "{files} tiedostoa: {error} virhettä, {warning} varoitusta, {info} huomiota{unprocessed}",
        "{files} files: {error} errors, {warning} warnings, {info} notes{unprocessed}",
    )
    totals_unprocessed = Text("; {count} ei käsitelty", "; {count} not processed")
    progress = Text("Tarkistetaan", "Checking")


class HelpChrome(Texts, area="cli_help"):
    """The words click and typer print around our help and usage errors (their own English by default)."""

    usage = Text("Käyttö:", "Usage:")
    show_help = Text("Näytä tämä ohje ja lopeta.", "Show this message and exit.")
    options = Text("Valitsimet", "Options")
    arguments = Text("Argumentit", "Arguments")
    commands = Text("Komennot", "Commands")
    default = Text("[oletus: {}]", "[default: {}]")
    default_plain = Text("oletus: {default}", "default: {default}")
    required = Text("[pakollinen]", "[required]")
    required_plain = Text("pakollinen", "required")
    env_var = Text("[ympäristömuuttuja: {}]", "[env var: {}]")
    deprecated = Text("(vanhentunut) ", "(deprecated) ")
    error = Text("Virhe", "Error")
    error_message = Text("Virhe: {message}", "Error: {message}")
    aborted = Text("Keskeytetty.", "Aborted.")
    aborted_bang = Text("Keskeytetty!", "Aborted!")
    try_help = Text("Ohje: '{command} {option}'.", "Try '{command} {option}' for help.")
    rich_help = Text(
        "Ohje: [blue]'{command_path} {help_option}'[/].",
        "Try [blue]'{command_path} {help_option}'[/] for help.",
    )
    missing_command = Text("Komento puuttuu.", "Missing command.")
    no_such_command = Text("Komentoa {name!r} ei ole.", "No such command {name!r}.")
    no_such_option = Text("Valitsinta {name!r} ei ole.", "No such option {name!r}.")
    invalid_value = Text("Virheellinen arvo: {message}", "Invalid value: {message}")
    invalid_value_for = Text(
        "Virheellinen arvo kohdassa {param_hint}: {message}", "Invalid value for {param_hint}: {message}"
    )
    missing_argument = Text("Argumentti puuttuu", "Missing argument")
    missing_option = Text("Valitsin puuttuu", "Missing option")
    missing_parameter = Text("Parametri puuttuu", "Missing parameter")
    missing_parameter_name = Text("Parametri puuttuu: {param_name}", "Missing parameter: {param_name}")
    no_such_option_plain = Text("Tuntematon valitsin", "No such option")
    no_such_command_plain = Text("Tuntematon komento", "No such command")
    extra_arguments = Text("Ylimääräisiä argumentteja", "Got unexpected extra argument(s)")
    invalid_value_plain = Text("Virheellinen arvo kohdassa", "Invalid value for")
    # What is wrong with a value (typer checks values with pydantic, whose words are English).
    not_integer = Text("arvon on oltava kokonaisluku", "the value must be a whole number")
    not_number = Text("arvon on oltava luku", "the value must be a number")
    at_least = Text("arvon on oltava vähintään {limit}", "the value must be at least {limit}")
    above = Text("arvon on oltava suurempi kuin {limit}", "the value must be greater than {limit}")
    at_most = Text("arvo saa olla enintään {limit}", "the value must be at most {limit}")
    below = Text("arvon on oltava pienempi kuin {limit}", "the value must be less than {limit}")
    possible_options = Text("(mahdolliset valitsimet: {options})", "(possible options: {options})")
    did_you_mean = Text(". Tarkoititko {suggestions}?", ". Did you mean {suggestions}?")


class HelpTypes(Texts, area="cli_types"):
    """What kind of value an option takes, as the help shows it (typer shows Python's type names)."""

    text = Text("teksti", "text")
    texts = Text("teksti …", "text …")
    integer = Text("kokonaisluku", "integer")
    number = Text("luku", "number")
    path = Text("polku", "path")
    file = Text("tiedosto", "file")
    folder = Text("kansio", "folder")
    date = Text("päivämäärä", "date")


class Jobs(Texts, area="jobs"):
    no_tables = Text(
        "Työkirjasta ei löytynyt talousarviotaulukoita (otsikkorivi, jossa esim. 'TP 2024' ja 'TA 2025').",
        "No budget tables found in the workbook (a header row with e.g. 'TP 2024' and 'TA 2025').",
    )
    no_goals = Text(
        "Työkirjasta ei löytynyt tavoitetaulukkoa (otsikot 'Tavoite' ja 'TOT. 30.6.').",
        "No goals table found in the workbook (headers 'Tavoite' and 'TOT. 30.6.').",
    )
    no_report_date = Text(
        "Raportointipäivää ei löytynyt: lisää se Asetukset-välilehdelle tai TOT.-sarakkeen otsikkoon.",
        "No report date found: add it to the Asetukset sheet or to a TOT. column header.",
    )
