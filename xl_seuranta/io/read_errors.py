"""Why a file could not be read, said to a person: what the file seems to be and what to do.

A batch over a department's folder meets every kind of file: a workbook still locked and half
written, a password-protected copy, an old .xls, an ERP's "Excel" export that is really HTML, a zip
bomb. The reader library's own words ("Could not find EOCD", "Cfb error") tell a controller nothing,
so a ``WorkbookReadError`` carries a kind and the facts, and the text is made in the user's language
only when it is shown; the library's words travel separately as ``detail`` for ``--verbose``.
"""

from __future__ import annotations

from pathlib import Path

from xl_seuranta.domain.numbers import format_number

_SAVE_AS = {
    "fi": "Avaa se Excelissä ja tallenna Excel-työkirjana (.xlsx): Tiedosto > Tallenna nimellä.",
    "en": "Open it in Excel and save it as an Excel workbook (.xlsx): File > Save As.",
}

MESSAGES: dict[str, dict[str, str]] = {
    "not_found": {
        "fi": "Tiedostoa ei löydy: {name}.",
        "en": "File not found: {name}.",
    },
    "not_regular": {
        "fi": "{name} ei ole tavallinen tiedosto vaan {what}; anna työkirjatiedosto.",
        "en": "{name} is not a regular file but {what}; give a workbook file.",
    },
    "no_permission": {
        "fi": "Tiedostoa {name} ei voi lukea: ei lukuoikeutta. Pyydä oikeudet tai kopioi tiedosto itsellesi.",
        "en": "Cannot read {name}: permission denied. Ask for access or copy the file to yourself.",
    },
    "os_error": {
        "fi": "Tiedostoa {name} ei voi lukea: levy- tai verkkovirhe. Yritä uudelleen tai kopioi tiedosto itsellesi.",
        "en": "Cannot read {name}: a disk or network error. Try again or copy the file to yourself.",
    },
    "empty": {
        "fi": "{name} on tyhjä (0 tavua); tallennus on ehkä keskeytynyt. Tallenna työkirja uudelleen Excelissä.",
        "en": "{name} is empty (0 bytes); saving was perhaps interrupted. Save the workbook again in Excel.",
    },
    "encrypted": {
        "fi": "{name} on salasanalla suojattu (salattu) työkirja, eikä sitä voi lukea. Poista salasana "
        "Excelissä (Tiedosto > Tiedot > Suojaa työkirja > Salaa salasanalla: tyhjennä kenttä) ja tallenna.",
        "en": "{name} is a password-protected (encrypted) workbook and cannot be read. Remove the password "
        "in Excel (File > Info > Protect Workbook > Encrypt with Password: clear the field) and save.",
    },
    "xls": {
        "fi": "{name} on vanhaa Excel 97–2003 -muotoa (.xls), eikä sitä voitu lukea (se voi olla myös "
        "salasanalla suojattu). " + _SAVE_AS["fi"],
        "en": "{name} is in the old Excel 97–2003 format (.xls) and could not be read (it may also be "
        "password-protected). " + _SAVE_AS["en"],
    },
    "xls_renamed": {
        "fi": "{name} on vanhaa Excel 97–2003 -muotoa (.xls), vaikka sen pääte on {suffix}. "
        + _SAVE_AS["fi"],
        "en": "{name} is in the old Excel 97–2003 format (.xls) although it is named {suffix}. "
        + _SAVE_AS["en"],
    },
    "ods": {
        "fi": "{name} on OpenDocument-laskentataulukko (.ods), eikä sitä voitu lukea. Tallenna se "
        "Excel-työkirjana (.xlsx).",
        "en": "{name} is an OpenDocument spreadsheet (.ods) and could not be read. Save it as an Excel "
        "workbook (.xlsx).",
    },
    "ole_other": {
        "fi": "{name} on Office-tiedosto vanhassa muodossa, mutta ei Excel-työkirja (esim. Word- tai "
        "Outlook-tiedosto). Tarkista, että tiedosto on oikea.",
        "en": "{name} is an Office file in an old format but not an Excel workbook (e.g. a Word or Outlook "
        "file). Check that it is the right file.",
    },
    "corrupt_zip": {
        "fi": "{name} on vioittunut: tiedoston pakkausrakenne on rikki (se on ehkä katkennut kopioitaessa "
        "tai ladattaessa). Avaa se Excelissä, joka tarjoaa korjausta, ja tallenna uudelleen, tai hae ehjä kopio.",
        "en": "{name} is damaged: its zip structure is broken (perhaps cut short when copied or downloaded). "
        "Open it in Excel, which offers a repair, and save it again, or get an intact copy.",
    },
    "other_office": {
        "fi": "{name} on {what}, ei Excel-työkirja. Tarkista, että tiedosto on oikea.",
        "en": "{name} is {what}, not an Excel workbook. Check that it is the right file.",
    },
    "zip_not_workbook": {
        "fi": "{name} on zip-paketti, mutta siitä puuttuu työkirjan osa (xl/workbook.xml); se ei ole "
        "Excel-työkirja tai se on vioittunut. " + _SAVE_AS["fi"],
        "en": "{name} is a zip package without the workbook part (xl/workbook.xml); it is not an Excel "
        "workbook or it is damaged. " + _SAVE_AS["en"],
    },
    "text": {
        "fi": "{name} on tekstitiedosto (esim. CSV), vaikka sen pääte on {suffix}. " + _SAVE_AS["fi"],
        "en": "{name} is a text file (e.g. CSV) although it is named {suffix}. " + _SAVE_AS["en"],
    },
    "html": {
        "fi": "{name} on HTML-sivu, vaikka sen pääte on {suffix} (monet järjestelmät vievät "
        "'Excel-tiedostot' HTML-muodossa). " + _SAVE_AS["fi"],
        "en": "{name} is an HTML page although it is named {suffix} (many systems export 'Excel files' as "
        "HTML). " + _SAVE_AS["en"],
    },
    "xml2003": {
        "fi": "{name} on Excel 2003 XML -muotoa, jota ei voi lukea. " + _SAVE_AS["fi"],
        "en": "{name} is in the Excel 2003 XML format, which cannot be read. " + _SAVE_AS["en"],
    },
    "unknown": {
        "fi": "{name} ei ole Excel-työkirja: sen sisältöä ei tunnistettu työkirjaksi. " + _SAVE_AS["fi"],
        "en": "{name} is not an Excel workbook: its content is not a workbook format. " + _SAVE_AS["en"],
    },
    "unreadable": {
        "fi": "{name}: työkirjaa ei voitu lukea, vaikka se näyttää {what}-tiedostolta; se on ehkä "
        "vioittunut. Avaa se Excelissä ja tallenna uudelleen.",
        "en": "{name}: the workbook could not be read although it looks like an {what} file; it may be "
        "damaged. Open it in Excel and save it again.",
    },
    "too_big_file": {
        "fi": "{name} on liian suuri luettavaksi ({size} Mt, raja {limit} Mt). Jos tiedosto on aito, "
        "nosta rajaa valitsimella --max-mb.",
        "en": "{name} is too large to read ({size} MB, limit {limit} MB). If the file is genuine, raise the "
        "limit with --max-mb.",
    },
    "too_big_unpacked": {
        "fi": "{name} purkautuisi {size} megatavuksi (raja {limit} Mt), eikä sitä lueta. Jos tiedosto on "
        "aito, nosta rajaa valitsimella --max-unpacked-mb.",
        "en": "{name} would unpack to {size} MB (limit {limit} MB) and is not read. If the file is genuine, "
        "raise the limit with --max-unpacked-mb.",
    },
    "zip_bomb": {
        "fi": "{name}: osa {part} purkautuu epätavallisen suureksi ({ratio}-kertaiseksi, raja {limit}); "
        "tiedosto voi olla vahingollinen (zip-pommi), eikä sitä lueta. Jos tiedosto on aito, nosta rajaa "
        "valitsimella --max-ratio.",
        "en": "{name}: the part {part} unpacks to an unusual size ({ratio} times its packed size, limit "
        "{limit}); the file may be hostile (a zip bomb) and is not read. If the file is genuine, raise the "
        "limit with --max-ratio.",
    },
    "too_many_parts": {
        "fi": "{name}: paketissa on {count} osaa (raja {limit}); tiedosto ei ole tavallinen työkirja, "
        "eikä sitä lueta.",
        "en": "{name}: the package has {count} parts (limit {limit}); it is not an ordinary workbook and is "
        "not read.",
    },
    "stray_cell": {
        "fi": "{name}: välilehden '{sheet}' viimeinen arvo on solussa {cell}, kaukana muista tiedoista, "
        "joten luettava alue olisi {rows} riviä × {cols} saraketta = {cells} solua (raja {limit}), vaikka "
        "arvoja on vain {values}. Siirry Excelissä välilehden viimeiseen soluun (Ctrl+End), poista "
        "ylimääräiset arvot ja tallenna.",
        "en": "{name}: the last value of the sheet '{sheet}' is in {cell}, far from the other data, so the "
        "area to read would be {rows} rows × {cols} columns = {cells} cells (limit {limit}) although there "
        "are only {values} values. Go to the sheet's last cell in Excel (Ctrl+End), delete the stray "
        "values and save.",
    },
    "too_many_cells": {
        "fi": "{name}: työkirjan luettava alue on {cells} solua (raja {limit}; suurin välilehti '{sheet}' "
        "ulottuu soluun {cell}). Jos työkirja on aidosti näin suuri, nosta rajaa valitsimella --max-cells.",
        "en": "{name}: the area to read is {cells} cells (limit {limit}; the largest sheet '{sheet}' reaches "
        "{cell}). If the workbook is genuinely this large, raise the limit with --max-cells.",
    },
}

_WHAT = {
    "directory": {"fi": "kansio", "en": "a folder"},
    "fifo": {"fi": "nimetty putki (FIFO)", "en": "a named pipe (FIFO)"},
    "socket": {"fi": "pistoke (socket)", "en": "a socket"},
    "device": {"fi": "laite", "en": "a device"},
    "other": {"fi": "erikoistiedosto", "en": "a special file"},
    "docx": {"fi": "Word-asiakirja", "en": "a Word document"},
    "pptx": {"fi": "PowerPoint-esitys", "en": "a PowerPoint presentation"},
    "odt": {"fi": "OpenDocument-tekstiasiakirja", "en": "an OpenDocument text document"},
}


class WorkbookReadError(Exception):
    """The file could not be read as a workbook.

    ``kind`` names what was found (a key of ``MESSAGES``), ``params`` the facts for the message,
    ``detail`` the reader library's own words (shown only with ``--verbose``). ``str()`` is the
    Finnish message, so callers that only print keep working; ``message(lang)`` gives either.
    """

    def __init__(self, kind: str, path: str | Path, detail: str | None = None, **params: object) -> None:
        self.kind = kind
        self.path = Path(path)
        self.detail = detail
        self.params = params
        super().__init__(self.message("fi"))

    def message(self, lang: str = "fi", verbose: bool = False) -> str:
        """The message for a person, in Finnish or English; the library's words only when ``verbose``."""
        lang = "en" if lang == "en" else "fi"
        params = {k: _show(v, lang) for k, v in self.params.items()}
        text = MESSAGES[self.kind][lang].format(name=self.path.name, **params)
        if verbose and self.detail:
            text += f" [{self.detail}]"
        return text


def _show(value: object, lang: str) -> str:
    """A fact as it reads in a message: numbers the Finnish way (or plain English), kinds translated."""
    if isinstance(value, str):
        return _WHAT[value][lang] if value in _WHAT else value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        decimals = 0 if float(value).is_integer() or abs(value) >= 100 else 1
        return format_number(float(value), decimals, lang)
    return str(value)
