"""Goal tables are found by their labels, on any sheet, in any column order."""

from __future__ import annotations

from xl_seuranta.domain.goal_text import stable_goal_id
from xl_seuranta.domain.grid import Grid
from xl_seuranta.layout.goal_reader import PRODUCTIVITY_THEME, read_goals

HEADER = ["Tavoite", "Toimenpiteet", "Mittarit", "TOT. 30.6."]
PROD_HEADER = ["Tuottavuustoimenpide / Hanke", "Tulokset", "Mittarit/Arviointi", "TOT. 30.6."]

# (theme, header, goal rows) transcribed from the seed (Kemijärvi, Hallintopalvelut, 30.6.2025)
SECTIONS: list[tuple[str, list[str], list[list[str]]]] = [
    (
        "HYVÄ JA SUJUVA ARKI",
        HEADER,
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
                "ja osallistujamäärät.\nOsallisuusohjelman toimenpiteiden toteutuminen",
                "Verkkosivujen kävijämäärät kasvaneet yli 5 000 kävijää alkuvuonna.\nSomeseuraajatiedot "
                "saadaan vuoden lopussa.\nKuntalaistilaisuuksia järjestetty 3 krt (Hyvinvoinnin, "
                "terveyden ja turvallisuuden edistäminen, Lasten ja nuorten terveyden ja arjen "
                "turvallisuuden edistäminen ja Elinvoimainen Kemijärvi)",
            ],
            [
                "Aktiivinen kotoutumisen edistäminen",
                "Kotouttamisohjelman toteuttaminen.",
                "Kotouttamisohjelmassa olevien toimenpiteiden toteutuminen.",
                "Kotoutumisohjelman toteuttaminen edennyt suunnitellusti. Yhteistyötä vahvistettu eri "
                "toimijoiden kesken. Ulkomaalaistaustaisille järjestetty kansalaisraateja tammikuussa "
                "6 krt (2 ryhmää x 3 krt).",
            ],
        ],
    ),
    (
        "VAKAA JA ENNAKOIVA KUNTATALOUS",
        HEADER,
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
        "3. Muut toiminnan painopistealueet ja tavoitteet v. 2025",
        ["Toiminnalliset\ntavoitteet ja\npainopisteet", "Toimenpiteet", "Mittarit", "TOT. 30.6."],
        [
            [
                "Osallisuuden edistäminen",
                "Koko kaupunkitasoisella laaja-alaisella yhteistyöllä kuntalaistilaisuuksien järjestäminen",
                "Järjestetyt tilaisuudet",
                "Kuntalaistilaisuuksia lisäksi 3 krt",
            ],
        ],
    ),
    (
        "TUOTTAVUUSTOIMENPITEET JA -HANKKEET",
        PROD_HEADER,
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


def lead_layout_grid(name: str = "Tavoitteet") -> Grid:
    """The lead's example layout: heading row alone in A, header row, one goal per row."""
    rows: list[list[object]] = [["Hallintopalvelut – toiminnalliset tavoitteet 2025"], []]
    for theme, header, goals in SECTIONS:
        rows += [[theme, None, None, None], [], list(header)]
        rows += [list(g) for g in goals]
        rows.append([])
    return Grid(name=name, rows=rows)


def test_reads_every_goal_with_theme_kind_and_source_cell() -> None:
    goals = read_goals([Grid("Kansi", [["Osavuosikatsaus 30.6.2025"]]), lead_layout_grid()])
    assert len(goals) == 7
    assert [g.theme for g in goals] == [
        "HYVÄ JA SUJUVA ARKI",
        "HYVÄ JA SUJUVA ARKI",
        "HYVÄ JA SUJUVA ARKI",
        "VAKAA JA ENNAKOIVA KUNTATALOUS",
        "Muut toiminnan painopistealueet ja tavoitteet v. 2025",
        "TUOTTAVUUSTOIMENPITEET JA -HANKKEET",
        "TUOTTAVUUSTOIMENPITEET JA -HANKKEET",
    ]
    assert [g.kind for g in goals] == ["tavoite"] * 5 + ["tuottavuus"] * 2
    first = goals[0]
    assert first.goal.startswith("Kemijärven kaupungin Master Planin")
    assert first.status_text == "Master Plan työskentely jatkuu."
    assert first.sheet == "Tavoitteet"
    assert first.row == 6 and first.status_cell == "D6"
    assert "\n" in goals[1].actions  # multi-line cells keep their lines
    assert goals[5].status_text.startswith("Digitiekarttaan")
    assert len({g.id for g in goals}) == 7
    assert first.id == stable_goal_id("tavoite", "HYVÄ JA SUJUVA ARKI", first.goal)


def test_rearranged_layout_gives_the_same_goals() -> None:
    """Other sheet name, inserted columns and blank rows, re-spelled headers, moved status column."""
    base = read_goals([lead_layout_grid()])
    spellings = iter(["TOT 30.6.2025", "Tilanne 30.6.", "tot. 30.6.", "Toteuma 30.6.2025"])
    rows: list[list[object]] = [[], [], [None, None, "Liite 2"], []]
    for theme, header, goals in SECTIONS:
        status_label = next(spellings)
        # columns: blank, blank, goal, actions, note, status, metrics
        rows += [
            [None, None, theme],
            [],
            [],
            [None, None, header[0], header[1], "Huom", status_label, header[2]],
        ]
        for g in goals:
            rows += [[None, None, g[0], g[1], None, g[3], g[2]], []]
    moved = read_goals([Grid("Liite 2 tavoitteet", rows)])
    assert [(g.id, g.theme, g.kind, g.goal, g.actions, g.metrics, g.status_text) for g in moved] == [
        (g.id, g.theme, g.kind, g.goal, g.actions, g.metrics, g.status_text) for g in base
    ]
    assert all(g.sheet == "Liite 2 tavoitteet" and g.status_cell == f"F{g.row}" for g in moved)


def test_theme_column_instead_of_heading_rows() -> None:
    rows: list[list[object]] = [["Teema", "Tavoite", "Toimenpiteet", "Mittarit", "Tilanne 30.6."]]
    rows += [["HYVÄ JA SUJUVA ARKI", "Aktiivinen kotoutumisen edistäminen", "a", "m", "edennyt"]]
    rows += [[None, "Viestinnän parantaminen", "b", "m", "kesken"]]  # merged theme cell: blank repeats
    rows += [["VASTUULLINEN JOHTAMINEN", "Toimintatavat tunteva luottamushenkilö", "c", "m", "toteutunut"]]
    goals = read_goals([Grid("Strategia", rows)])
    assert [(g.theme, g.goal) for g in goals] == [
        ("HYVÄ JA SUJUVA ARKI", "Aktiivinen kotoutumisen edistäminen"),
        ("HYVÄ JA SUJUVA ARKI", "Viestinnän parantaminen"),
        ("VASTUULLINEN JOHTAMINEN", "Toimintatavat tunteva luottamushenkilö"),
    ]
    assert goals[0].status_cell == "E2"


def test_continuation_rows_join_the_goal_above() -> None:
    rows: list[list[object]] = [
        ["UUSIA MAHDOLLISUUKSIA TURVALLISUUSYMPÄRISTÖSSÄ"],
        HEADER,
        ["Edistää alueen elinvoimaa", "Osallistuminen työryhmään", "Toteutuneet toimenpiteet", "Hanke"],
        [None, "ja hankkeen toimintaan.", None, "toteutettu hankesuunnitelman mukaisesti."],
    ]
    [g] = read_goals([Grid("T", rows)])
    assert g.actions == "Osallistuminen työryhmään\nja hankkeen toimintaan."
    assert g.status_text.endswith("mukaisesti.")


def test_productivity_section_without_heading_gets_default_theme() -> None:
    rows: list[list[object]] = [PROD_HEADER, ["Digitiekartan toteuttaminen", "x", "y", "13/54"]]
    [g] = read_goals([Grid("T", rows)])
    assert g.kind == "tuottavuus" and g.theme == PRODUCTIVITY_THEME


def test_duplicate_goals_in_one_theme_get_suffixes() -> None:
    rows: list[list[object]] = [["TEEMA"], HEADER, ["Osallisuuden edistäminen", "a", "", ""]]
    rows += [["Osallisuuden edistäminen", "b", "", ""]]
    a, b = read_goals([Grid("T", rows)])
    assert b.id == a.id + "-2"


def test_no_goal_table_and_generated_sheet_are_ignored() -> None:
    other = Grid("Talous", [["Tili", "TA 2025", "TOT. 30.6."], ["Henkilöstökulut", 1, 2]])
    generated = Grid(
        "Tavoiteseuranta", [["Tavoite", "Tilanne 30.6.", "Tila", "Kommentti", "Tunniste"], ["x"]]
    )
    assert read_goals([other, generated, Grid("Tyhjä", [])]) == []
