"""Build xl_seuranta/data/hallintopalvelut_2025.xlsx from the plain data file workbook/hallintopalvelut_2025.toml.

The workbook is laid out the way a controller would keep it (titles, readable headers, units stacked in
blocks, euro formats, frozen headers), not as a database dump. Numbers are written exactly as the data
file has them; the data file transcribes the source document, inconsistencies included.

Usage: python scripts/build_example_workbook.py [--data FILE] [--out FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import tomllib
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "workbook" / "hallintopalvelut_2025.toml"
OUT = (
    ROOT / "xl_seuranta" / "data" / "hallintopalvelut_2025.xlsx"
)  # the one copy: shipped in the wheel for `run`

EUR = "#,##0;-#,##0;0"
PCT_POINTS = "0.0"
HEAD_FILL = PatternFill("solid", fgColor="DCE6F1")
BLOCK_FILL = PatternFill("solid", fgColor="F2F2F2")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
THIN = Side(style="thin", color="808080")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
FIXED_TIME = dt.datetime(2025, 8, 15, 12, 0, 0)


def _header(ws, row: int, labels: list[str], first_col: int = 1) -> None:
    for i, label in enumerate(labels):
        c = ws.cell(row=row, column=first_col + i, value=label)
        c.font = BOLD
        c.fill = HEAD_FILL
        c.border = Border(bottom=THIN)
        c.alignment = Alignment(horizontal="center" if i else "left", wrap_text=True)


def _numbers(ws, row: int, values: list, first_col: int = 2, fmt: str = EUR) -> None:
    for i, v in enumerate(values):
        if v == "":
            continue  # blank as printed: the source has no number there
        c = ws.cell(row=row, column=first_col + i, value=v)
        if isinstance(v, int | float):
            c.number_format = fmt


def _widths(ws, widths: dict[int, float]) -> None:
    for col, w in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = w


def build_settings(wb: Workbook, s: dict) -> None:
    ws = wb.active
    ws.title = "Asetukset"
    ws["A1"] = "Asetukset"
    ws["A1"].font = TITLE
    ws["A2"] = "Työkalu lukee asetukset tämän välilehden otsikoiden perusteella."
    ws["A2"].font = Font(italic=True, color="595959")
    rows = [
        ("Kunta", s["kunta"], None),
        ("Toimiala", s["toimiala"], None),
        ("Raportointipäivä", s["raportointipaiva"], "d.m.yyyy"),
        ("Vuosi", s["vuosi"], "0"),
        ("Pyöristystoleranssi (€)", s["pyoristystoleranssi"], "0"),
        ("Sitovuustaso", s["sitovuustaso"], None),
        ("Etumerkkikäytäntö", s["etumerkki"], None),
        ("Kuluneen ajan laskutapa (kk/pv)", s["kulunut_osuus_tapa"], None),
        ("Tavoitteiden tila-asteikko", s["tila_asteikko"], None),
        ("Muutos-% vertailupohja TP", "edellisen vuoden TP", None),
        ("Muutos-% vertailupohja TA", "edellisen vuoden TA", None),
    ]
    r = 4
    for label, value, fmt in rows:
        ws.cell(row=r, column=1, value=label).font = BOLD
        c = ws.cell(row=r, column=2, value=value)
        if fmt:
            c.number_format = fmt
        r += 1
    r += 1
    ws.cell(row=r, column=1, value="Asukasluvut sarakkeittain").font = BOLD
    r += 1
    _header(ws, r, ["Sarake", "Asukasluku", "Päivämäärä", "Huomio"])
    for p in s["asukasluku"]:
        r += 1
        ws.cell(row=r, column=1, value=p["sarake"])
        if p["asukasluku"] != "":
            ws.cell(row=r, column=2, value=p["asukasluku"]).number_format = "#,##0"
        ws.cell(row=r, column=3, value=p["pvm"])
        ws.cell(row=r, column=4, value="Ei lähdeasiakirjassa; täytä virallinen väkiluku ja sen päivämäärä.")
    r += 2
    ws.cell(row=r, column=1, value="Kausiluonteiset rivit").font = BOLD
    for name in s["kausiluonteiset"]:
        r += 1
        ws.cell(row=r, column=1, value=name)
    _widths(ws, {1: 34, 2: 22, 3: 14, 4: 60})


def build_maararahat(wb: Workbook, m: dict, toimiala: str) -> None:
    ws = wb.create_sheet("Määrärahat")
    ws["A1"] = "5. Määrärahat"
    ws["A1"].font = TITLE
    _header(ws, 3, [toimiala, *m["headers"]])
    for i, row in enumerate(m["rows"]):
        r = 4 + i
        ws.cell(row=r, column=1, value=row[0]).font = BOLD
        _numbers(ws, r, row[1:4])
        _numbers(ws, r, row[4:5], first_col=5, fmt=PCT_POINTS)
    ws["A8"] = "MUUTOS % painettu prosenttiyksikköinä (3,2 = 3,2 %)."
    ws["A8"].font = Font(italic=True, color="595959")
    ws.freeze_panes = "B4"
    _widths(ws, {1: 24, 2: 16, 3: 16, 4: 14, 5: 11})


def build_kayttotalous(wb: Workbook, k: dict) -> None:
    ws = wb.create_sheet("Käyttötalous")
    ws["A1"] = "6. Toimialan käyttötalous"
    ws["A1"].font = TITLE
    _header(ws, 3, ["KÄYTTÖTALOUS", *k["headers"]])
    r = 4
    for row in k["rows"]:
        label = row[0]
        is_total = label.isupper()
        c = ws.cell(row=r, column=1, value=label if is_total else "   " + label)
        c.font = BOLD if is_total else Font()
        if len(row) > 2:
            _numbers(ws, r, row[1:])
            if is_total:
                for col in range(1, 7):
                    ws.cell(row=r, column=col).border = Border(top=THIN)
                    ws.cell(row=r, column=col).font = BOLD
        r += 1
    ws.freeze_panes = "B4"
    _widths(ws, {1: 34, **{c: 15 for c in range(2, 7)}})


def build_tunnusluvut(wb: Workbook, t: dict) -> None:
    ws = wb.create_sheet("Tunnusluvut")
    ws["A1"] = "4. Talouden ja toiminnan tunnusluvut"
    ws["A1"].font = TITLE
    ws["A2"] = "Toteutuma 30.6. vrt. TA 2025"
    _header(ws, 3, ["Tunnusluvut", *t["headers"]])
    for i, row in enumerate(t["rows"]):
        r = 4 + i
        ws.cell(row=r, column=1, value=row[0])
        fmt = PCT_POINTS if row[0].startswith("Muutos") else ("0" if "virat" in row[0] else EUR)
        _numbers(ws, r, row[1:], fmt=fmt)
    ws.freeze_panes = "B4"
    _widths(ws, {1: 34, **{c: 15 for c in range(2, 7)}})


def build_yksikot(wb: Workbook, y: dict) -> None:
    ws = wb.create_sheet("Yksiköt")
    ws["A1"] = "Käyttötalous yksiköittäin"
    ws["A1"].font = TITLE
    _header(ws, 3, ["Yksikkö", *y["headers"]])
    r = 4
    for block in y["block"]:
        c = ws.cell(row=r, column=1, value=block["name"])
        c.font = BOLD
        for col in range(1, 7):
            ws.cell(row=r, column=col).fill = BLOCK_FILL
        r += 1
        for label, key in (("MENOT", "menot"), ("TULOT", "tulot"), ("NETTOMENO", "nettomeno")):
            ws.cell(row=r, column=1, value="   " + label)
            _numbers(ws, r, block[key])
            if key == "nettomeno":
                for col in range(1, 7):
                    ws.cell(row=r, column=col).border = Border(top=THIN)
            r += 1
        if block.get("total"):
            for rr in range(r - 4, r):
                ws.cell(row=rr, column=1).font = BOLD
    ws.freeze_panes = "B4"
    _widths(ws, {1: 36, **{c: 15 for c in range(2, 7)}})


def build_tavoitteet(wb: Workbook, goals: list[dict], productivity: list[dict]) -> None:
    ws = wb.create_sheet("Tavoitteet")
    ws["A1"] = "Toiminnalliset tavoitteet ja tuottavuustoimenpiteet"
    ws["A1"].font = TITLE
    r = 3
    theme = None
    for g in goals:
        if g["teema"] != theme:
            theme = g["teema"]
            r += 1 if r > 3 else 0
            ws.cell(row=r, column=1, value=theme).font = Font(bold=True, size=12)
            r += 1
            first = "Toiminnalliset tavoitteet ja painopisteet" if theme.startswith("MUUT") else "Tavoite"
            _header(ws, r, [first, "Toimenpiteet", "Mittarit", "TOT. 30.6."])
            r += 1
        for col, key in enumerate(("tavoite", "toimenpiteet", "mittarit", "tilanne"), start=1):
            ws.cell(row=r, column=col, value=g[key]).alignment = WRAP_TOP
        r += 1
    r += 1
    ws.cell(row=r, column=1, value=productivity[0]["teema"]).font = Font(bold=True, size=12)
    r += 1
    _header(ws, r, ["Tuottavuustoimenpide / Hanke", "Tulokset", "Mittarit/Arviointi", "TOT. 30.6."])
    r += 1
    for p in productivity:
        for col, key in enumerate(("toimenpide", "tulokset", "mittarit", "tilanne"), start=1):
            ws.cell(row=r, column=col, value=p[key]).alignment = WRAP_TOP
        r += 1
    _widths(ws, {1: 38, 2: 48, 3: 34, 4: 48})


def build_notes(wb: Workbook, data_path: Path) -> None:
    ws = wb.create_sheet("Huomiot")
    ws["A1"] = "Huomiot lähdeaineistosta ja siirtopäätöksistä"
    ws["A1"].font = TITLE
    notes = [
        "Lähde: Kemijärven kaupungin hallintopalvelut-toimialan osavuosikatsaus, tilanne 30.6.2025.",
        "Luvut on siirretty sellaisinaan, myös ristiriitaiset luvut; niitä ei ole korjattu.",
        "Tilap. suojelun lisätuki/valtio: lähteessä vain kaksi lukua riviä kohden. Ne on sijoitettu "
        "sarakkeisiin TA 2025 ja TOT. 30.6. 2025, koska vain näin yksiköiden TULOT täsmäävät "
        "Toimiala yhteensä -riviin (30 000 €). Aiemmat sarakkeet on jätetty tyhjiksi.",
        "Kotouttaminen TP 2024 MENOT on lähteessä ilman tuhaterotinta (-127188).",
        "Tunnusluvut-taulukon TOT. 30.6. -sarakkeen otsikossa ei ole vuotta; vuodeksi on merkitty 2025.",
        "Tunnusluvut: Muutos % TOT. 30.6. -sarakkeessa on lähteessä paikkamerkki 'xx'.",
        "Asukaslukuja ei ole lähteessä; ne on jätetty tyhjiksi Asetukset-välilehdelle.",
        f"Tiedosto on tuotettu skriptillä scripts/build_example_workbook.py tiedostosta {data_path.name}.",
    ]
    for i, text in enumerate(notes, start=3):
        ws.cell(row=i, column=1, value=text).alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 120


def build(data_path: Path = DATA, out: Path = OUT) -> Path:
    """Build the example workbook; deterministic content for the same data file."""
    with data_path.open("rb") as fh:
        d = tomllib.load(fh)
    wb = Workbook()
    build_settings(wb, d["settings"])
    build_maararahat(wb, d["maararahat"], d["settings"]["toimiala"])
    build_kayttotalous(wb, d["kayttotalous"])
    build_tunnusluvut(wb, d["tunnusluvut"])
    build_yksikot(wb, d["yksikot"])
    build_tavoitteet(wb, d["tavoitteet"], d["tuottavuus"])
    build_notes(wb, data_path)
    wb.properties.creator = "xl-seuranta"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    out = build(args.data, args.out)
    print(out)


if __name__ == "__main__":
    main()
