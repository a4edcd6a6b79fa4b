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


_SAVE_AS_FI = "Avaa se Excelissä ja tallenna Excel-työkirjana (.xlsx): Tiedosto > Tallenna nimellä."
_SAVE_AS_EN = "Open it in Excel and save it as an Excel workbook (.xlsx): File > Save As."


class ReadProblems(Texts, area="read"):
    """Why a file could not be read (``io.guards``, ``io.file_reader``): what the file seems to be and
    what to do. The reader library's own words are added only with ``--verbose``."""

    not_found = Text("Tiedostoa ei löydy: {name}.", "File not found: {name}.")
    not_regular = Text(
        "{name} ei ole tavallinen tiedosto vaan {what}; anna työkirjatiedosto.",
        "{name} is not a regular file but {what}; give a workbook file.",
    )
    no_permission = Text(
        "Tiedostoa {name} ei voi lukea: ei lukuoikeutta. Pyydä oikeudet tai kopioi tiedosto itsellesi.",
        "Cannot read {name}: permission denied. Ask for access or copy the file to yourself.",
    )
    os_error = Text(
        "Tiedostoa {name} ei voi lukea: levy- tai verkkovirhe. Yritä uudelleen tai kopioi tiedosto itsellesi.",
        "Cannot read {name}: a disk or network error. Try again or copy the file to yourself.",
    )
    empty = Text(
        "{name} on tyhjä (0 tavua); tallennus on ehkä keskeytynyt. Tallenna työkirja uudelleen Excelissä.",
        "{name} is empty (0 bytes); saving was perhaps interrupted. Save the workbook again in Excel.",
    )
    encrypted = Text(
        "{name} on salasanalla suojattu (salattu) työkirja, eikä sitä voi lukea. Poista salasana Excelissä "
        "(Tiedosto > Tiedot > Suojaa työkirja > Salaa salasanalla: tyhjennä kenttä) ja tallenna.",
        "{name} is a password-protected (encrypted) workbook and cannot be read. Remove the password in Excel "
        "(File > Info > Protect Workbook > Encrypt with Password: clear the field) and save.",
    )
    xls = Text(
        "{name} on vanhaa Excel 97–2003 -muotoa (.xls), eikä sitä voitu lukea (se voi olla myös salasanalla "
        "suojattu). " + _SAVE_AS_FI,
        "{name} is in the old Excel 97–2003 format (.xls) and could not be read (it may also be "
        "password-protected). " + _SAVE_AS_EN,
    )
    xls_renamed = Text(
        "{name} on vanhaa Excel 97–2003 -muotoa (.xls), vaikka sen pääte on {suffix}. " + _SAVE_AS_FI,
        "{name} is in the old Excel 97–2003 format (.xls) although it is named {suffix}. " + _SAVE_AS_EN,
    )
    ods = Text(
        "{name} on OpenDocument-laskentataulukko (.ods), eikä sitä voitu lukea. Tallenna se Excel-työkirjana "
        "(.xlsx).",
        "{name} is an OpenDocument spreadsheet (.ods) and could not be read. Save it as an Excel workbook "
        "(.xlsx).",
    )
    ole_other = Text(
        "{name} on Office-tiedosto vanhassa muodossa, mutta ei Excel-työkirja (esim. Word- tai "
        "Outlook-tiedosto). Tarkista, että tiedosto on oikea.",
        "{name} is an Office file in an old format but not an Excel workbook (e.g. a Word or Outlook file). "
        "Check that it is the right file.",
    )
    corrupt_zip = Text(
        "{name} on vioittunut: tiedoston pakkausrakenne on rikki (se on ehkä katkennut kopioitaessa tai "
        "ladattaessa). Avaa se Excelissä, joka tarjoaa korjausta, ja tallenna uudelleen, tai hae ehjä kopio.",
        "{name} is damaged: its zip structure is broken (perhaps cut short when copied or downloaded). Open it "
        "in Excel, which offers a repair, and save it again, or get an intact copy.",
    )
    other_office = Text(
        "{name} on {what}, ei Excel-työkirja. Tarkista, että tiedosto on oikea.",
        "{name} is {what}, not an Excel workbook. Check that it is the right file.",
    )
    zip_not_workbook = Text(
        "{name} on zip-paketti, mutta siitä puuttuu työkirjan osa (xl/workbook.xml); se ei ole Excel-työkirja "
        "tai se on vioittunut. " + _SAVE_AS_FI,
        "{name} is a zip package without the workbook part (xl/workbook.xml); it is not an Excel workbook or "
        "it is damaged. " + _SAVE_AS_EN,
    )
    text = Text(
        "{name} on tekstitiedosto (esim. CSV), vaikka sen pääte on {suffix}. " + _SAVE_AS_FI,
        "{name} is a text file (e.g. CSV) although it is named {suffix}. " + _SAVE_AS_EN,
    )
    html = Text(
        "{name} on HTML-sivu, vaikka sen pääte on {suffix} (monet järjestelmät vievät 'Excel-tiedostot' "
        "HTML-muodossa). " + _SAVE_AS_FI,
        "{name} is an HTML page although it is named {suffix} (many systems export 'Excel files' as HTML). "
        + _SAVE_AS_EN,
    )
    xml2003 = Text(
        "{name} on Excel 2003 XML -muotoa, jota ei voi lukea. " + _SAVE_AS_FI,
        "{name} is in the Excel 2003 XML format, which cannot be read. " + _SAVE_AS_EN,
    )
    unknown = Text(
        "{name} ei ole Excel-työkirja: sen sisältöä ei tunnistettu työkirjaksi. " + _SAVE_AS_FI,
        "{name} is not an Excel workbook: its content is not a workbook format. " + _SAVE_AS_EN,
    )
    unreadable = Text(
        "{name}: työkirjaa ei voitu lukea, vaikka se näyttää {what}-tiedostolta; se on ehkä vioittunut. Avaa "
        "se Excelissä ja tallenna uudelleen.",
        "{name}: the workbook could not be read although it looks like an {what} file; it may be damaged. "
        "Open it in Excel and save it again.",
    )
    too_big_file = Text(
        "{name} on liian suuri luettavaksi ({size} Mt, raja {limit} Mt). Jos tiedosto on aito, nosta rajaa "
        "valitsimella --max-mb.",
        "{name} is too large to read ({size} MB, limit {limit} MB). If the file is genuine, raise the limit "
        "with --max-mb.",
    )
    too_big_unpacked = Text(
        "{name} purkautuisi {size} megatavuksi (raja {limit} Mt), eikä sitä lueta. Jos tiedosto on aito, nosta "
        "rajaa valitsimella --max-unpacked-mb.",
        "{name} would unpack to {size} MB (limit {limit} MB) and is not read. If the file is genuine, raise "
        "the limit with --max-unpacked-mb.",
    )
    zip_bomb = Text(
        "{name}: osa {part} purkautuu epätavallisen suureksi ({ratio}-kertaiseksi, raja {limit}); tiedosto voi "
        "olla vahingollinen (zip-pommi), eikä sitä lueta. Jos tiedosto on aito, nosta rajaa valitsimella "
        "--max-ratio.",
        "{name}: the part {part} unpacks to an unusual size ({ratio} times its packed size, limit {limit}); "
        "the file may be hostile (a zip bomb) and is not read. If the file is genuine, raise the limit with "
        "--max-ratio.",
    )
    too_many_parts = Text(
        "{name}: paketissa on {count} osaa (raja {limit}); tiedosto ei ole tavallinen työkirja, eikä sitä "
        "lueta.",
        "{name}: the package has {count} parts (limit {limit}); it is not an ordinary workbook and is not "
        "read.",
    )
    stray_cell = Text(
        "{name}: välilehden '{sheet}' viimeinen arvo on solussa {cell}, kaukana muista tiedoista, joten "
        "luettava alue olisi {rows} riviä × {cols} saraketta = {cells} solua (raja {limit}), vaikka arvoja on "
        "vain {values}. Siirry Excelissä välilehden viimeiseen soluun (Ctrl+End), poista ylimääräiset arvot "
        "ja tallenna.",
        "{name}: the last value of the sheet '{sheet}' is in {cell}, far from the other data, so the area to "
        "read would be {rows} rows × {cols} columns = {cells} cells (limit {limit}) although there are only "
        "{values} values. Go to the sheet's last cell in Excel (Ctrl+End), delete the stray values and save.",
    )
    too_many_cells = Text(
        "{name}: työkirjan luettava alue on {cells} solua (raja {limit}; suurin välilehti '{sheet}' ulottuu "
        "soluun {cell}). Jos työkirja on aidosti näin suuri, nosta rajaa valitsimella --max-cells.",
        "{name}: the area to read is {cells} cells (limit {limit}; the largest sheet '{sheet}' reaches "
        "{cell}). If the workbook is genuinely this large, raise the limit with --max-cells.",
    )


class FileKinds(Texts, area="file_kind"):
    """What a path that is not a workbook turned out to be, inside the read messages."""

    directory = Text("kansio", "a folder")
    fifo = Text("nimetty putki (FIFO)", "a named pipe (FIFO)")
    socket = Text("pistoke (socket)", "a socket")
    device = Text("laite", "a device")
    other = Text("erikoistiedosto", "a special file")
    docx = Text("Word-asiakirja", "a Word document")
    pptx = Text("PowerPoint-esitys", "a PowerPoint presentation")
    odt = Text("OpenDocument-tekstiasiakirja", "an OpenDocument text document")
