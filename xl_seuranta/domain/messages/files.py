"""Texts of reading and writing workbook files: what went wrong with a file, and what to do."""

from __future__ import annotations

from xl_seuranta.domain.messages.catalogue import Text, Texts


class Files(Texts, area="files"):
    # reading
    read_missing = Text("tiedostoa ei löydy: {path}", "file not found: {path}")
    read_unreadable = Text(
        "tiedostoa ei voi lukea työkirjana: {name} ({reason})",
        "the file cannot be read as a workbook: {name} ({reason})",
    )
    # writing: the file as a whole (io.workbook_writer)
    missing = Text("Tiedostoa ei löydy: {name}", "File not found: {name}")
    bad_out_suffix = Text(
        "Tiedostomuotoa {suffix} ei voi kirjoittaa; käytä .xlsx- tai .xlsm-tiedostoa.",
        "Cannot write the format {suffix}; use an .xlsx or .xlsm file.",
    )
    bad_in_suffix = Text(
        "Tiedostoa {name} ei voi avata kirjoitettavaksi (muoto {suffix}); tallenna se Excelissä .xlsx-muotoon.",
        "{name} cannot be opened for writing (format {suffix}); save it as .xlsx in Excel.",
    )
    not_zip = Text(
        "Tiedosto {name} ei ole Excel-työkirja tai se on vioittunut.",
        "{name} is not an Excel workbook, or it is damaged.",
    )
    encrypted = Text(
        "Tiedosto {name} on salattu (suojattu salasanalla) tai vanhaa .xls-muotoa, eikä siihen voi kirjoittaa. "
        "Poista salasanasuojaus tai tallenna .xlsx-muotoon Excelissä.",
        "{name} is encrypted (password-protected) or an old .xls file and cannot be written. Remove the "
        "password or save it as .xlsx in Excel.",
    )
    strict = Text(
        "Tiedosto {name} on tallennettu Strict Open XML -muodossa, jota ei voi kirjoittaa. Tallenna se "
        "Excelissä tavallisena Excel-työkirjana (.xlsx).",
        "{name} is saved as Strict Open XML, which cannot be written. Save it in Excel as a normal Excel "
        "workbook (.xlsx).",
    )
    no_workbook = Text(
        "Tiedosto {name} ei ole Excel-työkirja (työkirjaosaa ei löydy).",
        "{name} is not an Excel workbook (no workbook part).",
    )
    broken = Text(
        "Tiedosto {name} on vioittunut ({detail}); siihen ei kirjoitettu mitään.",
        "{name} is damaged ({detail}); nothing was written.",
    )
    macro_sheets = Text(
        "Työkirjassa on Excel 4 -makrotaulukoita, joita .xlsx-tiedosto ei voi sisältää. Anna tulostiedostoksi "
        ".xlsm.",
        "The workbook has Excel 4 macro sheets, which an .xlsx file cannot hold. Write to an .xlsm.",
    )
    patch = Text(
        "Välilehteä '{name}' ei voi päivittää tiedostoon: tiedostoon kirjoitetaan vain työkalun omat "
        "välilehdet kokonaan.",
        "Sheet '{name}' cannot be patched in a file: only the tool's own sheets are written, whole.",
    )
    renamed = Text(
        "Työkirjassa on jo oma välilehti '{role}', joten se jätettiin ennalleen ja uusi välilehti "
        "kirjoitettiin nimellä '{name}'.",
        "The workbook already has a sheet of its own called '{role}'; it was left alone and the new sheet "
        "was written as '{name}'.",
    )
    vba_dropped = Text(
        "Tulostiedoston pääte on {suffix}, joten työkirjan VBA-makrot jätettiin siitä pois (alkuperäinen "
        "{src} on ennallaan). Käytä .xlsm-päätettä, jos makrot tarvitaan.",
        "The output is {suffix}, so the workbook's VBA macros were left out of it (the original {src} is "
        "unchanged). Use .xlsm to keep the macros.",
    )
    # writing: the sheets (io.openpyxl_writer, io.xlwings_writer)
    plans_failed = Text(
        "Välilehtien kirjoittaminen epäonnistui: {reason}", "Writing the sheets failed: {reason}"
    )
    sheet_missing = Text(
        "Välilehteä '{sheet}' ei ole työkirjassa, joten sitä ei voi päivittää. Tarkista välilehden nimi.",
        "The workbook has no sheet '{sheet}', so it cannot be updated. Check the sheet's name.",
    )
    merged_cell = Text(
        "Solu {cell} on yhdistetyn solualueen sisällä; siihen ei voi kirjoittaa.",
        "The cell {cell} is inside a merged range; it cannot be written to.",
    )
    # writing: the file on disk (io.atomic_file)
    in_use = Text(
        "Tiedosto on käytössä: toinen xl-seurannan ajo kirjoittaa tiedostoon {name} juuri nyt. Yritä hetken "
        "kuluttua uudelleen.",
        "The file is in use (tiedosto on käytössä): another xl-seuranta run is writing {name} right now. Try "
        "again in a moment.",
    )
    open_in_excel = Text(
        "Tiedosto {name} on auki Excelissä (lukitustiedosto {lock} löytyi). Sulje tiedosto ja yritä uudelleen.",
        "{name} is open in Excel (its lock file {lock} exists). Close it and try again.",
    )
    read_only = Text(
        "Tiedosto {name} on kirjoitussuojattu, joten siihen ei kirjoitettu mitään. Poista kirjoitussuojaus tai "
        "anna toinen tulostiedosto (-o).",
        "{name} is read-only; nothing was written. Remove the protection or give another output file (-o).",
    )
    no_folder = Text("Kansiota ei löydy: {name}", "Folder not found: {name}")
    folder_not_writable = Text(
        "Kansioon {name} ei voi kirjoittaa ({detail}).", "Cannot write to the folder {name} ({detail})."
    )
    write_failed = Text(
        "Tiedoston {name} tallentaminen epäonnistui ({detail}); alkuperäinen tiedosto on ennallaan.",
        "Saving {name} failed ({detail}); the original file is unchanged.",
    )
    interrupted = Text(
        "Kirjoitus keskeytettiin; tiedosto {name} on ennallaan.",
        "The write was interrupted; {name} is unchanged.",
    )
