"""Texts of the command line and of the jobs every entry point shares (app/services)."""

from __future__ import annotations

from xl_seuranta.domain.messages.catalogue import Text, Texts


class Cli(Texts, area="cli"):
    not_found = Text("Polkua ei löydy: {path}", "Path not found: {path}")
    no_files = Text("Yhtään työkirjaa ei löytynyt: {path}", "No workbooks found: {path}")
    bad_format = Text(
        "Tuntematon muoto '{value}' (sallitut: text, json).", "Unknown format '{value}' (text, json)."
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
