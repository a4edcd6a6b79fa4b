"""The Tavoiteseuranta sheet: plan content, regeneration without loss, file round trip and print."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from soffice import convert

from xl_seuranta.domain.goal_text import stable_goal_id
from xl_seuranta.domain.goals import Goal
from xl_seuranta.domain.grid import Grid
from xl_seuranta.domain.plans import CellWrite, SheetPlan
from xl_seuranta.io import file_reader, workbook_writer
from xl_seuranta.layout.goal_reader import read_goals
from xl_seuranta.sheets.tavoiteseuranta import (
    C_COMMENT,
    C_DEADLINE,
    C_GOAL,
    C_ID,
    C_KEYFIG,
    C_PROGRESS,
    C_REASON,
    C_SUGGESTION,
    C_TILA,
    HEADER_ROW,
    SHEET_NAME,
    build_goal_sheet_plan,
    read_user_entries,
)

REPORT = dt.date(2025, 6, 30)
HDR = ["Tavoite", "Toimenpiteet", "Mittarit", "TOT. 30.6."]
PROD = ["Tuottavuustoimenpide / Hanke", "Tulokset", "Mittarit/Arviointi", "TOT. 30.6."]

SOURCE: list[tuple[str, list[str], list[list[str]]]] = [
    (
        "HYVÄ JA SUJUVA ARKI",
        HDR,
        [
            [
                "Kemijärven kaupungin Master Planin tekeminen ja valmistuminen keväällä 2025.",
                "Master Plan työryhmien (ydinkeskusta, teollisuusalue, virkistys ja matkailu, Patokangas) "
                "työ ja kokoukset.",
                "Valmis kaupungin Master Plan.",
                "Master Plan työskentely jatkuu.",
            ],
            [
                "Viestinnän ja tiedonkulun parantaminen kuntalaisille ja sidosryhmille sekä osallisuuden "
                "kehittäminen.",
                "Kehitetään kaupungin verkkosivujen ja sosiaalisen median viestintää.\n"
                "Lisätään kuntalaistilaisuuksia.\nKehitetään osallisuutta.",
                "Verkkosivujen kävijämäärät ja someseuraajien kasvu.\nJärjestettyjen tilaisuuksien määrä "
                "ja osallistujamäärät.",
                "Verkkosivujen kävijämäärät kasvaneet yli 5 000 kävijää alkuvuonna.\nSomeseuraajatiedot "
                "saadaan vuoden lopussa.\nKuntalaistilaisuuksia järjestetty 3 krt (Hyvinvoinnin, "
                "terveyden ja turvallisuuden edistäminen, Lasten ja nuorten terveyden ja arjen "
                "turvallisuuden edistäminen ja Elinvoimainen Kemijärvi)",
            ],
            [
                "Aktiivinen kotoutumisen edistäminen",
                "Kotouttamisohjelman toteuttaminen. Tuetaan maahanmuuttajien osallisuutta kaupungin "
                "toimintaan asiakaslähtöisellä palveluneuvonnalla ja erilaisilla tilaisuuksilla.",
                "Kotouttamisohjelmassa olevien toimenpiteiden toteutuminen.",
                "Kotoutumisohjelman toteuttaminen edennyt suunnitellusti. Yhteistyötä vahvistettu eri "
                "toimijoiden kesken. Ulkomaalaistaustaisille järjestetty kansalaisraateja tammikuussa "
                "6 krt (2 ryhmää x 3 krt).",
            ],
        ],
    ),
    (
        "VAKAA JA ENNAKOIVA KUNTATALOUS",
        HDR,
        [
            [
                "Tasapainoinen kuntatalous (koko kaupunki)",
                "Talouden seuranta ja muutoksiin reagointi, kaupungin investointien suunnitelmallisuus",
                "Vuosikate €/asukas\nLainamäärä €/asukas",
                "-16 €/asukas\n3 543 €/asukas\nKuukausiraportointi toteutunut hallintosäännössä "
                "määritellyn mukaisesti.\nTalousseminaaria ei ole pidetty uusille valtuutetuille.",
            ],
        ],
    ),
    (
        "VASTUULLINEN JOHTAMINEN",
        HDR,
        [
            [
                "Kuntaorganisaation toimintatavat ja periaatteet tunteva luottamushenkilö",
                "Järjestetään uuden valtuustokauden käynnistyessä luottamushenkilöiden "
                "perehdytyskoulutukset.",
                "Toteutuneet koulutus- ja perehdytystilaisuudet",
                "Perehdytystilaisuus valtuutetuille toteutunut. Koulutuksia etänä/valtuustosalissa.",
            ],
        ],
    ),
    (
        "TUOTTAVUUSTOIMENPITEET JA -HANKKEET",
        PROD,
        [
            [
                "Digitiekartan toimenpiteiden toteuttaminen",
                "Digitalisaation edistämisen toimenpiteet etenevät digitiekartan toteuttamissuunnitelman "
                "mukaisesti",
                "Vuodelle 2025 suunniteltujen toimenpiteiden toteutuminen",
                "Digitiekarttaan on esitetty 54 tavoitetta digityölle. Ao. tavoitteista toteutettu 13 "
                "eli 24 %.",
            ],
            [
                "Organisaatiorakenteen ja hallintosäännön tarkastelu kaupunginhallituksen 9.12.2024 "
                "§:n 362 päätöksen mukaisesti",
                "Kaupungin hallinto- ja toimielinrakenne on tarkoituksenmukaisesti rakennettu.",
                "Päivitetty/Uudistettu hallintosääntö hyväksytty valtuustossa 1.6.2025 mennessä",
                "Päivitystyö kesken.\nHallintosääntötyöryhmä valittu KH 11.8.2025 § 251.",
            ],
        ],
    ),
]


def source_grid(sections: list[tuple[str, list[str], list[list[str]]]] = SOURCE) -> Grid:
    rows: list[list[object]] = []
    for theme, header, goals in sections:
        rows += [[theme], list(header), *[list(g) for g in goals], []]
    return Grid("Tavoitteet", rows)


def source_goals() -> list[Goal]:
    return read_goals([source_grid()])


def plan_to_grid(plan: SheetPlan) -> Grid:
    """What a values reader sees after the plan is applied (formulas shown as their text)."""
    n_rows = max(c.row for c in plan.cells)
    n_cols = max(c.col for c in plan.cells)
    rows: list[list[object]] = [[None] * n_cols for _ in range(n_rows)]
    for c in plan.cells:
        rows[c.row - 1][c.col - 1] = c.formula if c.formula else c.value
    return Grid(plan.name, rows)


def row_of(grid: Grid, goal_id: str) -> int:
    rows = [r for r in range(1, grid.n_rows + 1) if grid.value(r, C_ID) == goal_id]
    assert len(rows) == 1, goal_id
    return rows[0]


def cell(plan: SheetPlan, row: int, col: int) -> CellWrite:
    [c] = [c for c in plan.cells if c.row == row and c.col == col]
    return c


# ----------------------------------------------------------------------------------- the plan


def test_every_goal_under_its_theme_with_tila_and_kommentti() -> None:
    goals = source_goals()
    [plan] = build_goal_sheet_plan(goals, REPORT)
    assert plan.name == SHEET_NAME and plan.mode == "replace"
    grid = plan_to_grid(plan)
    header = grid.row_values(HEADER_ROW)
    assert header[C_TILA - 1] == "Tila" and header[C_COMMENT - 1] == "Kommentti"
    assert header[C_ID - 1] == "Tunniste" and "Tilanne 30.6." in header
    for g in goals:
        r = row_of(grid, g.id)
        assert grid.value(r, C_GOAL) == g.goal
        # the nearest heading row above is the goal's theme
        h = r - 1
        while grid.value(h, C_ID) is not None:
            h -= 1
        assert grid.value(h, 1) == g.theme
        assert grid.value(r, C_TILA) is None  # Tila is the user's: empty until chosen


def test_workbook_text_is_written_as_values_never_formulas() -> None:
    goal = Goal(id="G-0000abcd", theme='=HYPERLINK("x")', goal="=1+1 tavoite", status_text="=SUM(A1)")
    [plan] = build_goal_sheet_plan([goal], REPORT)
    formulas = [c.formula for c in plan.cells if c.formula]
    assert all(f.startswith(("=COUNTIFS(", "=COUNTBLANK(", "=ROWS(", "=SUM(", "=IF(")) for f in formulas)
    assert any(c.value == "=1+1 tavoite" for c in plan.cells)
    assert any(c.value == '=HYPERLINK("x")' for c in plan.cells)


def test_suggestion_progress_and_deadline_columns() -> None:
    goals = source_goals()
    [plan] = build_goal_sheet_plan(goals, REPORT)
    grid = plan_to_grid(plan)
    master, digi, hallinto = goals[0], goals[5], goals[6]
    r = row_of(grid, master.id)
    sug = cell(plan, r, C_SUGGESTION)
    assert sug.value == "Osittain toteutunut"  # the status on paper; why, on the screen beside it
    assert cell(plan, r, C_REASON).value == "sanat: jatkuu"
    assert sug.style and sug.style.italic and sug.style.font_color == "7F7F7F"
    assert grid.value(r, C_DEADLINE) == "31.5.2025 (keväällä 2025) – myöhässä"
    r = row_of(grid, digi.id)
    assert grid.value(r, C_PROGRESS) == "13/54 = 24\u00a0%"
    r = row_of(grid, hallinto.id)
    assert grid.value(r, C_DEADLINE) == "1.6.2025 – myöhässä"
    assert "11.8.2025" in str(grid.value(r, C_REASON))  # status text dated after the report date


def test_stated_percentage_mismatch_is_flagged() -> None:
    goal = Goal(id="G-0000abcd", theme="T", goal="Digi", status_text="Toteutettu 13/54 eli 30 %.")
    [plan] = build_goal_sheet_plan([goal], REPORT)
    c = cell(plan, HEADER_ROW + 2, C_PROGRESS)
    assert c.value == "13/54 = 24\u00a0% ⚠ tekstissä 30\u00a0%"  # Finnish: no-break space before %
    assert c.style and c.style.font_color == "C00000"


def test_summary_counts_are_live_formulas_over_each_theme_block() -> None:
    goals = source_goals()
    [plan] = build_goal_sheet_plan(goals, REPORT)
    grid = plan_to_grid(plan)
    rows = [row_of(grid, g.id) for g in goals[:3]]
    countifs = [c.formula for c in plan.cells if c.formula and c.formula.startswith("=COUNTIFS(")]
    sum_header = next(r for r in range(1, grid.n_rows + 1) if grid.value(r, 1) == "Teema")
    assert countifs[0] == f"=COUNTIFS($F${rows[0]}:$F${rows[-1]},B${sum_header})"
    assert grid.value(sum_header, 2) == "Toteutunut"
    assert len(countifs) == 4 * 4  # 4 themes x 4 statuses
    [chart] = plan.charts
    # stacked in traffic-light colours, "not chosen" in grey, so an untouched sheet shows every goal
    assert chart.kind == "bar" and chart.stacked and len(chart.series) == 5
    assert [name for name, _ in chart.series][-1] == "Ei valittu"
    assert chart.colors == ["70AD47", "FFC000", "C00000", "7F7F7F", "D9D9D9"]
    assert (chart.value_min, chart.major_unit, chart.value_format) == (0, 1, "0")  # whole goals
    # each row's Tila list offers its suggestion first: accepting it is one pick
    master = row_of(grid, goals[0].id)
    dv = next(v for v in plan.validations if v.ref == f"F{master}")
    assert dv.options == ["Osittain toteutunut", "Toteutunut", "Ei toteutunut", "Ei arvioitavissa"]
    assert "Osittain toteutunut" in (dv.prompt or "")
    assert cell(plan, master, C_TILA).value is None  # never written into Tila unasked
    fills = {cf.formula.split("=", 2)[-1]: cf.fill for cf in plan.conditional_formats}
    assert fills == {
        '"Toteutunut"': "C6EFCE",
        '"Osittain toteutunut"': "FFEB9C",
        '"Ei toteutunut"': "FFC7CE",
        '"Ei arvioitavissa"': "D9D9D9",
    }
    ps = plan.print_setup
    assert ps and ps.landscape and ps.fit_to_width and ps.repeat_rows == "4:4"
    assert plan.freeze == "A5"
    # the id and the reasoning are right of the print area
    assert ps.print_area and ps.print_area.startswith("A1:J")  # J: Tunnusluku, the last printed column
    assert int(ps.print_area[4:]) >= max(c.row for c in plan.cells)  # the chart below the table too
    assert C_REASON > 10 and C_ID > 10


def test_key_figure_link() -> None:
    goals = source_goals()
    kf = {"Vuosikate €/asukas": "'Tunnusluvut'!G12", "Lainamäärä €/asukas": "bad ref; =CMD()"}
    [plan] = build_goal_sheet_plan(goals, REPORT, key_figures=kf)
    grid = plan_to_grid(plan)
    c = cell(plan, row_of(grid, goals[3].id), C_KEYFIG)
    assert c.formula == "='Tunnusluvut'!G12" and c.value is None
    assert all("CMD" not in (c.formula or "") for c in plan.cells)


# -------------------------------------------------------------------------------- regeneration


def _user_edits(grid: Grid, goals: list[Goal]) -> dict[str, tuple[object, object]]:
    """Simulate a controller: choose Tila and write Kommentti for some goals."""
    edits: dict[str, tuple[object, object]] = {
        goals[0].id: ("Ei toteutunut", "Master Plan viivästyy syksyyn."),
        goals[1].id: ("Osittain toteutunut", None),
        goals[3].id: (None, "Seminaari pidetään syksyllä."),
        goals[6].id: ("Osittain toteutunut", "Hallintosääntö valtuustoon 10/2025."),
    }
    for gid, (tila, comment) in edits.items():
        r = row_of(grid, gid)
        grid.rows[r - 1][C_TILA - 1] = tila
        grid.rows[r - 1][C_COMMENT - 1] = comment
    return edits


def _changed_source() -> list[Goal]:
    """Reorder themes and goals, edit one goal's text slightly, drop one, add one."""
    s = [(t, h, [list(g) for g in gs]) for t, h, gs in SOURCE]
    s.reverse()
    s[-1][2].reverse()  # HYVÄ JA SUJUVA ARKI goals in reverse order
    master = next(g for g in s[-1][2] if g[0].startswith("Kemijärven"))
    master[0] = "Kemijärven kaupungin Master Planin tekeminen sekä valmistuminen syksyllä 2025"
    prod = next(sec for sec in s if sec[0].startswith("TUOTTAVUUS"))
    prod[2][:] = [g for g in prod[2] if not g[0].startswith("Organisaatio")]  # removed
    prod[2].append(["Sähköisen asioinnin laajentaminen", "Uusia e-palveluja", "Palvelujen määrä", "2/5"])
    return read_goals([source_grid(s)])


def test_regeneration_keeps_user_entries_and_lists_removed_goals() -> None:
    goals = source_goals()
    [plan] = build_goal_sheet_plan(goals, REPORT)
    grid = plan_to_grid(plan)
    edits = _user_edits(grid, goals)
    assert read_user_entries(grid) == edits

    new_goals = _changed_source()
    ids = {g.id for g in new_goals}
    removed_id = goals[6].id
    assert goals[0].id in ids and removed_id not in ids  # the edited goal kept its id
    [plan2] = build_goal_sheet_plan(new_goals, REPORT, existing=grid)
    grid2 = plan_to_grid(plan2)

    for gid, (tila, comment) in edits.items():
        if gid == removed_id:
            continue
        r = row_of(grid2, gid)
        assert (grid2.value(r, C_TILA), grid2.value(r, C_COMMENT)) == (tila, comment)
    # the user's Tila wins, the suggestion column still shows the suggestion
    r = row_of(grid2, goals[0].id)
    assert grid2.value(r, C_TILA) == "Ei toteutunut"
    assert grid2.value(r, C_SUGGESTION) == "Osittain toteutunut"
    # the removed goal is listed at the bottom with its input, below a "Poistuneet tavoitteet" title
    r = row_of(grid2, removed_id)
    title = next(x for x in range(1, grid2.n_rows + 1) if grid2.value(x, 1) == "Poistuneet tavoitteet")
    assert r > title
    assert grid2.value(r, C_TILA) == "Osittain toteutunut"
    assert grid2.value(r, C_COMMENT) == "Hallintosääntö valtuustoon 10/2025."
    assert str(grid2.value(r, C_GOAL)).startswith("Organisaatiorakenteen")
    # the new goal is there, without user input
    new = next(g for g in new_goals if g.goal.startswith("Sähköisen"))
    assert grid2.value(row_of(grid2, new.id), C_TILA) is None
    # validation and traffic lights also cover the removed list (one list per goal row, one for it)
    assert len(plan2.validations) == len(new_goals) + 1

    # regenerating again (from the regenerated sheet) is idempotent and keeps the removed entry
    [plan3] = build_goal_sheet_plan(new_goals, REPORT, existing=grid2)
    assert plan3 == plan2
    # when the removed goal comes back, its entry returns to the main table
    [plan4] = build_goal_sheet_plan(goals, REPORT, existing=grid2)
    grid4 = plan_to_grid(plan4)
    assert read_user_entries(grid4) == edits
    assert all(grid4.value(r, 1) != "Poistuneet tavoitteet" for r in range(1, grid4.n_rows + 1))


def test_same_inputs_same_plan() -> None:
    goals = source_goals()
    assert build_goal_sheet_plan(goals, REPORT) == build_goal_sheet_plan(goals, REPORT)
    [plan] = build_goal_sheet_plan(goals, REPORT)
    assert build_goal_sheet_plan(goals, REPORT, existing=plan_to_grid(plan)) == [plan]


def test_user_tila_done_clears_the_overdue_flag() -> None:
    goals = source_goals()
    [plan] = build_goal_sheet_plan(goals, REPORT)
    grid = plan_to_grid(plan)
    r = row_of(grid, goals[0].id)
    grid.rows[r - 1][C_TILA - 1] = "Toteutunut"
    [plan2] = build_goal_sheet_plan(goals, REPORT, existing=grid)
    assert plan_to_grid(plan2).value(r, C_DEADLINE) == "31.5.2025 (keväällä 2025)"


def test_read_user_entries_finds_header_anywhere() -> None:
    gid = stable_goal_id("tavoite", "T", "Goal")
    grid = Grid(
        "Tavoiteseuranta",
        [
            ["otsikko"],
            [None, "Tunniste", "Kommentti", "x", "Tila"],
            [None, gid, "ok", None, "Toteutunut"],
            [None, "ei tunniste", "x", None, "Toteutunut"],
            [None, gid + "-2", None, None, None],
        ],
    )
    assert read_user_entries(grid) == {gid: ("Toteutunut", "ok")}


# ------------------------------------------------------------------------- file round trip, PDF


def _make_book(path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tavoitteet"
    for row in source_grid().rows:
        ws.append(row)
    kf = wb.create_sheet("Tunnusluvut")
    kf["F12"], kf["G12"] = "Vuosikate €/asukas", -16
    wb.save(path)


def _sheet(grids: list[Grid], name: str) -> Grid:
    return next(g for g in grids if g.name == name)


def test_file_round_trip_keeps_entries(tmp_path: Path) -> None:
    book = tmp_path / "seuranta.xlsx"
    _make_book(book)
    goals = read_goals(file_reader.read_workbook(book))
    assert len(goals) == 7
    workbook_writer.write_plans_to_file(book, build_goal_sheet_plan(goals, REPORT))

    # the controller picks a Tila and writes a comment in Excel
    wb = openpyxl.load_workbook(book)
    ws = wb[SHEET_NAME]
    target = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, C_ID).value == goals[5].id)
    ws.cell(target, C_TILA).value = "Osittain toteutunut"
    ws.cell(target, C_COMMENT).value = "13 tavoitetta 54:stä valmiina."
    wb.save(book)

    grids = file_reader.read_workbook(book)
    goals_again = read_goals(grids)  # the generated sheet is not read as a goal table
    assert [g.id for g in goals_again] == [g.id for g in goals]
    existing = _sheet(grids, SHEET_NAME)
    workbook_writer.write_plans_to_file(book, build_goal_sheet_plan(goals_again, REPORT, existing=existing))
    entries = read_user_entries(_sheet(file_reader.read_workbook(book), SHEET_NAME))
    assert entries == {goals[5].id: ("Osittain toteutunut", "13 tavoitetta 54:stä valmiina.")}

    wb = openpyxl.load_workbook(book)
    ws = wb[SHEET_NAME]
    assert ws.freeze_panes == "A5"
    assert ws.page_setup.orientation == "landscape"
    assert ws.data_validations.dataValidation and ws.conditional_formatting
    assert len(ws._charts) == 1


def _tool(name: str) -> str | None:
    return shutil.which(name) or (f"/usr/bin/{name}" if os.path.exists(f"/usr/bin/{name}") else None)


def test_what_people_typed_comes_back_exactly(tmp_path: Path) -> None:
    """Numbers stay numbers, dates stay dates, spaces stay; a column and notes the user adds are kept."""
    from openpyxl.comments import Comment

    book = tmp_path / "seuranta.xlsx"
    _make_book(book)
    goals = read_goals(file_reader.read_workbook(book))
    workbook_writer.write_plans_to_file(book, build_goal_sheet_plan(goals, REPORT))

    # In Excel: Kommentti 42, 0,5 and a date; a comment with spaces; a column of one's own; notes.
    wb = openpyxl.load_workbook(book)
    ws = wb[SHEET_NAME]
    rows = {ws.cell(r, C_ID).value: r for r in range(1, ws.max_row + 1)}
    typed = {
        goals[0].id: 42,
        goals[1].id: 0.5,
        goals[2].id: dt.datetime(2025, 9, 30),
        goals[3].id: "  kaksi  välilyöntiä ",
    }
    for gid, value in typed.items():
        ws.cell(rows[gid], C_COMMENT).value = value
    own = ws.max_column + 1  # right of everything the tool wrote
    ws.cell(HEADER_ROW, own).value = "Vastuuhenkilö"
    ws.cell(rows[goals[0].id], own).value = "Kaupunginjohtaja"
    ws.cell(rows[goals[4].id], own).value = 2025
    ws.cell(rows[goals[5].id], C_COMMENT).comment = Comment("Tarkistettu talousjohtajan kanssa.", "Liisa")
    ws.cell(HEADER_ROW, C_TILA).comment = Comment("Tila päätetään johtoryhmässä.", "Liisa")
    ws.cell(ws.max_row + 2, 3).comment = Comment("Muista liittää raporttiin.", "Liisa")
    wb.save(book)

    # The source changes order; the sheet is regenerated through the file writer.
    grids = file_reader.read_workbook(book)
    existing = _sheet(grids, SHEET_NAME)
    assert existing.notes and len(existing.notes) == 3
    reordered = list(reversed(goals))
    workbook_writer.write_plans_to_file(book, build_goal_sheet_plan(reordered, REPORT, existing=existing))

    wb = openpyxl.load_workbook(book)
    ws = wb[SHEET_NAME]
    headers = [ws.cell(HEADER_ROW, c).value for c in range(1, ws.max_column + 1)]
    own = headers.index("Vastuuhenkilö") + 1
    c_id = headers.index("Tunniste") + 1
    assert own == 11  # the user's column right after the tool's printed ones, and printed
    assert ws.print_area.replace("$", "").split(":")[1].startswith("K")
    rows = {ws.cell(r, c_id).value: r for r in range(1, ws.max_row + 1)}
    got = {gid: ws.cell(rows[gid], C_COMMENT).value for gid in typed}
    assert got == typed  # the same Python values: int, float, datetime, str with its spaces
    assert ws.cell(rows[goals[0].id], C_COMMENT).data_type == "n"
    assert ws.cell(rows[goals[2].id], C_COMMENT).number_format == "d.m.yyyy"
    assert ws.cell(rows[goals[0].id], own).value == "Kaupunginjohtaja"
    assert ws.cell(rows[goals[4].id], own).value == 2025
    note = ws.cell(rows[goals[5].id], C_COMMENT).comment
    assert note is not None and note.text == "Tarkistettu talousjohtajan kanssa."
    assert ws.cell(HEADER_ROW, C_TILA).comment.text == "Tila päätetään johtoryhmässä."
    listed = [ws.cell(r, 2).value for r in range(1, ws.max_row + 1)]
    assert "Muista liittää raporttiin." in listed  # a note on no goal row is listed, not dropped
    assert "Muut muistiinpanot" in [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]

    # and once more: nothing moves, nothing is added twice
    grids = file_reader.read_workbook(book)
    again = build_goal_sheet_plan(reordered, REPORT, existing=_sheet(grids, SHEET_NAME))
    first = build_goal_sheet_plan(reordered, REPORT, existing=existing)
    a, b = again[0].model_dump(), first[0].model_dump()
    assert a == b, [k for k in a if a[k] != b[k]]


def test_notes_the_engine_cannot_read_stop_the_regeneration(tmp_path: Path) -> None:
    """On xlwings Server the notes' text is not sent: regenerating would drop them, so nothing is written."""
    from excel_payload import book_from_file
    from openpyxl.comments import Comment

    from xl_seuranta.app import macros

    book = tmp_path / "seuranta.xlsx"
    _make_book(book)
    goals = read_goals(file_reader.read_workbook(book))
    wb = openpyxl.load_workbook(book)
    wb["Tavoitteet"]["A40"] = "Raportointipäivä 30.6.2025"  # (the report date comes from the settings)
    wb.save(book)
    workbook_writer.write_plans_to_file(book, build_goal_sheet_plan(goals, REPORT))
    wb = openpyxl.load_workbook(book)
    ws = wb[SHEET_NAME]
    ws.cell(HEADER_ROW + 2, C_COMMENT).comment = Comment("Oma huomio.", "Liisa")
    asetukset = wb.create_sheet("Asetukset")
    asetukset.append(["Raportointipäivä", dt.datetime(2025, 6, 30)])
    wb.save(book)
    xl = book_from_file(book)
    message = macros.tavoitteet(xl)
    actions = xl.json()["actions"]
    assert [a["func"] for a in actions] == ["alert"]  # nothing written
    cell_ref = f"G{HEADER_ROW + 2}"
    assert cell_ref in message and "muistiinpanoja" in message and actions[0]["args"][3] == "critical"


@pytest.mark.libreoffice  # and poppler; not skipped when missing: CI installs both
def test_renders_to_a_readable_landscape_pdf(tmp_path: Path) -> None:
    book = tmp_path / "seuranta.xlsx"
    _make_book(book)
    goals = read_goals(file_reader.read_workbook(book))
    kf = {"Vuosikate €/asukas": "'Tunnusluvut'!G12"}
    [plan] = build_goal_sheet_plan(goals, REPORT, key_figures=kf, department="Hallintopalvelut")
    workbook_writer.write_plans_to_file(book, [plan])
    # keep only the goal sheet so the PDF is the board's printout
    wb = openpyxl.load_workbook(book)
    # LibreOffice does not grow wrapped rows by itself: the plan carries the heights and the writer sets them.
    assert plan.row_heights
    assert all(wb[SHEET_NAME].row_dimensions[r].height == h for r, h in plan.row_heights.items())
    wb.active = wb.sheetnames.index(SHEET_NAME)
    for name in wb.sheetnames:
        if name not in (SHEET_NAME, "Tunnusluvut"):
            wb[name].sheet_state = "hidden"
    wb["Tunnusluvut"].sheet_state = "hidden"
    wb.save(book)
    (pdf,) = convert([book], "pdf", tmp_path)
    info = subprocess.run([_tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
    w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())  # type: ignore[union-attr]
    assert w > h  # landscape
    assert abs(w - 842) < 3 and abs(h - 595) < 3  # A4 (points), as Finnish offices print
    text = subprocess.run(
        [_tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    tokens = set(re.findall(r"[\w§/-]+", flat))
    for g in goals:
        words = re.findall(r"[\w§/-]+", g.goal)
        assert words[0] in tokens and words[1] in tokens, words[:2]  # (cell lines interleave in -layout)
        assert words[-1] in tokens, words[-1]  # nothing cut at the right or bottom
        assert g.id not in flat  # the id is for the tool, not for the board: right of the print area
        assert re.findall(r"[\w§/-]+", g.status_text)[-1] in tokens
    assert "Tila" in flat and "Kommentti" in flat and "Yhteenveto" in flat
    assert "sanat:" not in flat and "perustelu" not in flat.lower()  # the reasoning is not printed
