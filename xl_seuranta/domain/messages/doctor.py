"""Texts of the installation self-test (`xl-seuranta doctor`, the ribbon's Testaa asennus)."""

from __future__ import annotations

from xl_seuranta.domain.messages.catalogue import Text, Texts


class Doctor(Texts, area="doctor"):
    n_python = Text("Python", "Python")
    n_xl_seuranta = Text("xl-seuranta", "xl-seuranta")
    n_addin = Text("Lisäosa", "Add-in")
    n_xlwings = Text("xlwings", "xlwings")
    n_dll = Text("xlwings-DLL", "xlwings DLL")
    n_interpreter = Text("Python-tulkki", "Interpreter")
    n_udfs = Text("Solufunktiot", "Cell functions")
    n_libreoffice = Text("LibreOffice", "LibreOffice")
    n_server = Text("Palvelinosa", "Server extra")
    s_ok = Text("OK", "OK")
    s_fail = Text("VIRHE", "FAIL")
    s_info = Text("INFO", "INFO")
    python_old = Text(
        "{v}: liian vanha, tarvitaan {min} tai uudempi ({exe})",
        "{v}: too old, {min} or newer is needed ({exe})",
    )
    python_fix = Text(
        "Asenna Python {min} tai uudempi ja xl-seuranta siihen (docs/EXCEL.md, kohta 2.1).",
        "Install Python {min} or newer and xl-seuranta into it (docs/EXCEL.md, section 2.1).",
    )
    xs_addin = Text("{v}; lisäosa {a}", "{v}; add-in {a}")
    xs_mismatch = Text(
        "Python-paketti {v}, mutta lisäosa on versiota {a}",
        "Python package {v}, but the add-in is version {a}",
    )
    xs_fix = Text(
        'Käytä saman version lisäosaa ja pakettia: pip install "xl-seuranta=={a}" tai version {v} lisäosa.',
        'Use the add-in and the package of the same version: pip install "xl-seuranta=={a}" or the {v} add-in.',
    )
    addin_found = Text("{p}", "{p}")
    addin_none = Text(
        "lisäosatiedostoa ei löytynyt (etsitty: {where})", "no add-in file found (looked in: {where})"
    )
    addin_none_fix = Text(
        "Anna lisäosan polku: xl-seuranta doctor --addin POLKU\\xl_seuranta.xlam",
        "Give the add-in's path: xl-seuranta doctor --addin PATH\\xl_seuranta.xlam",
    )
    addin_missing = Text("tiedostoa ei ole: {p}", "no such file: {p}")
    addin_not_a_package = Text("ei Excel-lisäosa: {p}", "not an Excel add-in: {p}")
    addin_no_config = Text(
        "lisäosasta puuttuu asetusvälilehti xl_seuranta.conf: {p}",
        "the add-in has no config sheet xl_seuranta.conf: {p}",
    )
    addin_unreadable = Text("lisäosaa ei voi lukea: {p} ({d})", "cannot read the add-in: {p} ({d})")
    addin_fix = Text(
        "Kopioi uusi xl_seuranta.xlam (docs/EXCEL.md, kohta 1) tai anna oikea polku: --addin POLKU.",
        "Copy a fresh xl_seuranta.xlam (docs/EXCEL.md, section 1) or give the right path: --addin PATH.",
    )
    xw_missing = Text("xlwings ei ole asennettu", "xlwings is not installed")
    xw_match_addin = Text("{v}, sama kuin lisäosan {dll}", "{v}, the same as the add-in's {dll}")
    xw_match_pin = Text(
        "{v}, sama kuin paketin vaatima (lisäosaa ei tarkistettu)",
        "{v}, the version the package requires (add-in not checked)",
    )
    xw_mismatch_addin = Text(
        "asennettu {v}, mutta lisäosa on tehty versiolle {need} ({dll})",
        "{v} installed, but the add-in was built for {need} ({dll})",
    )
    xw_mismatch_pin = Text(
        "asennettu {v}, mutta xl-seuranta vaatii version {need}",
        "{v} installed, but xl-seuranta requires {need}",
    )
    xw_unknown = Text(
        "{v}; lisäosasta ei löytynyt tietoa sen xlwings-versiosta (käsin tehty lisäosa?)",
        "{v}; the add-in does not record its xlwings version (a hand-made add-in?)",
    )
    xw_fix = Text(
        'Asenna sama versio: pip install "xlwings=={need}"',
        'Install that version: pip install "xlwings=={need}"',
    )
    dll_na = Text(
        "ei koske tätä konetta ({plat}): DLL:ää käyttävät vain Windowsin Excelin solufunktiot",
        "not applicable on this machine ({plat}): only Windows Excel's cell functions use the DLL",
    )
    dll_found = Text("{p}", "{p}")
    dll_unchecked = Text(
        "{dll}: ei tarkistettu, koska lisäosan Python-tulkkia ei löydy",
        "{dll}: not checked, as the add-in's interpreter is missing",
    )
    dll_missing = Text("{dll} puuttuu kansioista {where}", "{dll} is missing from {where}")
    dll_fix = Text(
        'Asenna xlwings uudelleen lisäosan Pythoniin: pip install --force-reinstall "xlwings=={need}"',
        'Reinstall xlwings into the add-in\'s Python: pip install --force-reinstall "xlwings=={need}"',
    )
    int_na = Text(
        "lisäosan asetus {v} on Windows-polku; ei tarkisteta tällä koneella ({plat}). Työpöydän lisäosa toimii vain Windowsin Excelissä (macOS: xlwings Server, docs/EXCEL.md).",
        "the add-in's setting {v} is a Windows path, not checked on this machine ({plat}). The desktop add-in runs in Windows Excel only (macOS: xlwings Server, docs/EXCEL.md).",
    )
    int_unknown = Text(
        "lisäosaa ei löytynyt, joten sen tulkkiasetusta ei tarkistettu",
        "no add-in found, so its interpreter setting was not checked",
    )
    int_path_python = Text(
        "asetus '{v}': Excel käyttää PATHin Pythonia ({which})",
        "setting '{v}': Excel uses the Python on PATH ({which})",
    )
    int_ok = Text("{p} löytyy", "{p} exists")
    int_other = Text(
        "{p} löytyy, mutta tämä tarkistus ajettiin toisella Pythonilla ({exe})",
        "{p} exists, but this check ran in another Python ({exe})",
    )
    int_other_fix = Text(
        'Tarkista lisäosan Python: "{p}" -m xl_seuranta.app.cli doctor',
        'Check the add-in\'s Python: "{p}" -m xl_seuranta.app.cli doctor',
    )
    int_missing = Text("lisäosan asetus {v}: tiedostoa {p} ei ole", "the add-in's setting {v}: no file {p}")
    int_fix = Text(
        "IT asentaa Pythonin ja xl-seurannan tähän polkuun (docs/EXCEL.md, kohta 2.1) tai korjaa lisäosan asetuksen Interpreter_Win.",
        "IT installs Python and xl-seuranta at that path (docs/EXCEL.md, section 2.1) or corrects the add-in's setting Interpreter_Win.",
    )
    udf_ok = Text(
        "{m} latautuu: {n} funktiota, MUUTOS_PROS(110; 100) = 10 %",
        "{m} imports: {n} functions, MUUTOS_PROS(110, 100) = 10 %",
    )
    udf_other = Text("{m} latautuu: {n} funktiota", "{m} imports: {n} functions")
    udf_wrong = Text(
        "{m} latautuu, mutta MUUTOS_PROS(110; 100) antoi {got} eikä 10 %",
        "{m} imports, but MUUTOS_PROS(110, 100) gave {got}, not 10 %",
    )
    udf_broken = Text("{m} ei lataudu: {e}", "{m} does not import: {e}")
    udf_fix = Text(
        "Asenna paketti uudelleen: pip install --force-reinstall xl-seuranta; jos lisäosa on vanhempi kuin paketti, käytä saman version lisäosaa.",
        "Reinstall the package: pip install --force-reinstall xl-seuranta; if the add-in is older than the package, use the add-in of the same version.",
    )
    lo_found = Text("{p} (tarvitaan vain testeissä)", "{p} (needed by the tests only)")
    lo_none = Text("ei löytynyt (tarvitaan vain testeissä)", "not found (needed by the tests only)")
    srv_yes = Text("asennettu: {v}", "installed: {v}")
    srv_no = Text(
        'ei asennettu (tarvitaan vain palvelimella: pip install "xl-seuranta[server]")',
        'not installed (a server needs it: pip install "xl-seuranta[server]")',
    )
    title = Text("xl-seurannan asennuksen tarkistus", "xl-seuranta installation check")
    usable = Text("Asennus on käyttökunnossa.", "The installation is usable.")
    broken = Text(
        "Asennuksessa on {n} ongelmaa: korjaa VIRHE-rivit ohjeen mukaan.",
        "The installation has {n} problem(s): fix the FAIL lines as shown.",
    )
    broken_1 = Text(
        "Asennuksessa on 1 ongelma: korjaa VIRHE-rivi ohjeen mukaan.",
        "The installation has 1 problem: fix the FAIL line as shown.",
    )
    fix_prefix = Text("Korjaa:", "Fix:")
