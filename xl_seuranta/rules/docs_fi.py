"""Finnish documentation of every rule, for ``xl-seuranta rules CODE --lang fi``.

The same four parts as the English docstrings ("Mitä tarkistetaan / Miksi sillä on väliä / Esimerkki /
Mitä tehdä"), written for a municipal controller (talousvastaava). The examples keep the English
docs' numbers exactly, in Finnish form (space as thousands separator, decimal comma).
"""

from __future__ import annotations

import inspect

_RAW: dict[str, str] = {
    # --- Laskentakaavat (arithmetic) ---
    "A001": """
        Mitä tarkistetaan: NETTOMENO = MENOT + TULOT jokaisen yksikön lohkossa ja Määrärahat-taulukossa,
        joka sarakkeessa.

        Miksi sillä on väliä: valtuusto sitoo määrärahat nettomenoon; jos nettomeno ei seuraa yläpuolisista
        riveistä, jokin kolmesta luvusta on kirjoitettu tai liitetty väärin.

        Esimerkki: Hallintopalvelut TP 2023: −483 576 + 162 266 = −321 310, taulukossa −321 311
        (pyöristysero).

        Mitä tehdä: liitä sarakkeen kolme riviä uudelleen taloushallintojärjestelmästä. (Jos menot on
        esitetty positiivisina lukuina, yhtälö on NETTOMENO = MENOT − TULOT; työkalu tunnistaa käytännön
        itse.)
    """,
    "A002": """
        Mitä tarkistetaan: yksiköiden lohkojen summa on sama kuin toimialan kokonaissumma (Toimiala
        yhteensä), rivi riviltä.

        Miksi sillä on väliä: jos yksikkö on lisätty, poistettu tai päivitetty vain yhteen paikkaan,
        Toimiala yhteensä ei enää vastaa osiensa summaa – ja päättäjät lukevat juuri kokonaissummaa.

        Esimerkki: MENOT TOT. 30.6.2025: yksiköiden summa on −3 583 616, Toimiala yhteensä −3 584 333.

        Mitä tehdä: etsi yksikkö, joka puuttuu luettelosta, tai lohko, johon on jäänyt edellisen
        raportointikerran luvut.
    """,
    "A003": """
        Mitä tarkistetaan: Myyntituotot + Maksutuotot + Tuet ja avustukset + Vuokratuotot + Muut
        toimintatuotot = TOIMINTATUOTOT, joka sarakkeessa.

        Miksi sillä on väliä: jos kokonaissummasta puuttuu rivi, toimialan tuotot näyttävät todellista
        pienemmiltä.

        Esimerkki: TA 2025: rivien summa on 1 304 170, TOIMINTATUOTOT-rivillä 1 297 670; ero 6 500 on
        täsmälleen Vuokratuotot-rivin luku.

        Mitä tehdä: tarkista, puuttuuko viestissä mainittu rivi kokonaissumman kaavasta tai liitetystä
        summasta.
    """,
    "A004": """
        Mitä tarkistetaan: Henkilöstökulut + Palvelujen ostot + Aineet… + Avustukset + Vuokrat + Muut
        toimintakulut = TOIMINTAKULUT, joka sarakkeessa.

        Miksi sillä on väliä: määräraha sitoo nimenomaan menoja; kokonaissumma, josta puuttuu rivi,
        kätkee menoja.

        Esimerkki: TP 2023: rivien summa on −6 179 690, TOIMINTAKULUT-rivillä −6 179 689 (pyöristysero,
        huomio).

        Mitä tehdä: laske rivit uudelleen yhteen; katso ensin riviä, jonka viesti nimeää.
    """,
    "A005": """
        Mitä tarkistetaan: TOIMINTAKATE = TOIMINTATUOTOT + TOIMINTAKULUT, joka sarakkeessa.

        Miksi sillä on väliä: toimintakate on käyttötalouden tuloslaskelman tärkein tulosrivi.

        Esimerkki: TA 2025: 1 297 670 − 6 837 670 = −5 540 000.

        Mitä tehdä: laske toimintakate uudelleen kahdesta kokonaissummasta.
    """,
    "A009": """
        Mitä tarkistetaan: summat, jotka poikkeavat osiensa summasta enintään pyöristystoleranssin verran
        (asetus Asetukset-välilehdellä).

        Miksi sillä on väliä: luvut on pyöristetty täysiin euroihin, joten 1–2 euron erot ovat
        odotettuja; ne luetellaan täydellisyyden vuoksi, ei koskaan virheinä.

        Esimerkki: TOIMINTATUOTOT TP 2023: rivien summa 1 499 109, kokonaissumma 1 499 108.

        Mitä tehdä: ei mitään, ellei toleranssia ole syytä tiukentaa.
    """,
    # --- Solujen laatu (cells) ---
    "C001": """
        Mitä tarkistetaan: tekstinä liitetyt luvut, esim. "−1 253 026", jossa on sitova välilyönti ja
        aito miinusmerkki.

        Miksi sillä on väliä: Excelin SUMMA-funktio ohittaa tekstin, joten summakaava jättää luvun
        huomaamatta pois; työkalu lukee luvun silti, jotta muut tarkistukset toimivat.

        Esimerkki: yksikön MENOT liitetty PDF:stä tekstinä "−1 253 026".

        Mitä tehdä: muunna teksti luvuksi (Tiedot ▸ Teksti sarakkeisiin) tai kirjoita luku uudelleen.
    """,
    "C002": """
        Mitä tarkistetaan: paikkamerkit, kuten "xx" tai "-", lukusoluissa.

        Miksi sillä on väliä: paikkamerkki on tarkoituksella jätetty aukko; luonnoksessa se käy, mutta ei
        hallitukselle menevässä versiossa.

        Esimerkki: Tunnusluvut-taulukon TOT. 30.6. -sarakkeen Muutos % on merkitty "xx".

        Mitä tehdä: täytä luku tai kerro, miksi lukua ei ole.
    """,
    "C003": """
        Mitä tarkistetaan: Excelin virhearvot (#JAKO/0!, #VIITTAUS!, #PUUTTUU …; englanninkielisessä
        Excelissä #DIV/0!, #REF!, #N/A …) talousarviotaulukoissa.

        Miksi sillä on väliä: virhearvo leviää jokaiseen summaan, joka käyttää solua.

        Esimerkki: toteuma-%, jossa jaetaan tyhjällä talousarviosolulla.

        Mitä tehdä: korjaa kaava tai solu, johon se viittaa.
    """,
    "C004": """
        Mitä tarkistetaan: talousarviotaulukon lukusolussa on tekstiä, joka ei ole luku.

        Miksi sillä on väliä: luku puuttuu silloin jokaisesta tarkistuksesta ja jokaisesta summasta.

        Esimerkki: TA-sarakkeeseen on kirjoitettu "n. 5000".

        Mitä tehdä: kirjoita soluun pelkkä luku; huomautukset kuuluvat solun kommenttiin.
    """,
    "C005": """
        Mitä tarkistetaan: vajaa rivi – tyhjä solu, vaikka rivin muissa kausisarakkeissa on lukuja.

        Miksi sillä on väliä: Excel lukee tyhjän solun nollaksi, joten sarakkeen summa muuttuu ilman, että
        kukaan on niin päättänyt; usein lohkossa on painettu vähemmän lukuja kuin siinä on sarakkeita.

        Esimerkki: rivillä "Tilap. suojelun lisätuki/valtio" on kaksi lukua viittä saraketta kohden.

        Mitä tehdä: kirjoita 0, jos luku todella on nolla, muuten täytä puuttuva luku.
    """,
    "C006": """
        Mitä tarkistetaan: talousarviotaulukoiden kaavat, joiden arvoa ei ole koskaan laskettu ja
        tallennettu.

        Miksi sillä on väliä: jos tiedoston on kirjoittanut skripti tai muuntanut työkalu, joka ei laske
        kaavoja, tiedostoon jää vain kaavan teksti; jokainen lukija, joka ei itse laske (tämä tarkistus,
        yöajo, esikatselu), näkee tyhjän solun.

        Esimerkki: NETTOMENO kaavana =B5+B6 raportointiskriptin tuottamassa tiedostossa.

        Mitä tehdä: avaa työkirja Excelissä ja tallenna se, jolloin lasketut arvot tallentuvat.
    """,
    # --- Tavoitteet (goals) ---
    "G001": """
        Mitä tarkistetaan: jokaisella tavoitteella ja tuottavuustoimenpiteellä on tilanneteksti
        raportointipäivän kohdalla.

        Miksi sillä on väliä: hallitus kysyy juuri siitä tavoitteesta, josta kukaan ei raportoinut.

        Esimerkki: tyhjä TOT. 30.6. -solu tavoitteen vieressä.

        Mitä tehdä: kirjoita tilanne, vaikka se olisi "ei arvioitavissa".
    """,
    "G002": """
        Mitä tarkistetaan: tavoitteessa, sen toimenpiteissä tai mittareissa mainittu määräaika
        ("1.6.2025 mennessä", "keväällä 2025"), joka on raportointipäivänä jo ohitettu, vaikka
        tilanneteksti kertoo työn olevan kesken.

        Miksi sillä on väliä: myöhässä oleva tavoite pitää raportoida myöhässä olevana ja uuden aikataulun
        kanssa, ei "käynnissä olevana".

        Esimerkki: "hallintosääntö hyväksytty valtuustossa 1.6.2025 mennessä", tilanneteksti
        "Päivitystyö kesken."

        Mitä tehdä: kerro, että tavoite on myöhässä, miksi se on myöhässä ja mikä on uusi aikataulu.
    """,
    "G003": """
        Mitä tarkistetaan: tilanneteksteissä mainitut päivämäärät, jotka ovat raportointipäivän jälkeen.

        Miksi sillä on väliä: raportti kuvaa tilannetta raportointipäivänä; myöhemmät tapahtumat kuuluvat
        seuraavaan raporttiin, tai ne on merkittävä jälkikäteen lisätyiksi.

        Esimerkki: tilanneteksti 30.6.2025 mainitsee "KH 11.8.2025 § 251".

        Mitä tehdä: merkitse myöhempi tapahtuma sellaiseksi ("jälkikäteen: …") tai siirrä se seuraavaan
        raporttiin.
    """,
    "G004": """
        Mitä tarkistetaan: tilannetekstissä lukujen yhteydessä ilmoitettu prosentti ("54 tavoitetta …
        toteutettu 13 eli 24 %") on näiden lukujen suhde pyöristettynä.

        Miksi sillä on väliä: tekstin väärä prosentti lainataan eteenpäin tunnuslukuna.

        Esimerkki: 13 tavoitetta 54:stä on 24 % – täsmää; "13 / 54 = 30 %" ei täsmäisi.

        Mitä tehdä: laske prosentti uudelleen.
    """,
    # --- Muutos € ja % (change) ---
    "M001": """
        Mitä tarkistetaan: taulukon MUUTOS € = uusi − vanha (tai itseisarvojen muutos, ks. M003).

        Miksi sillä on väliä: väärä euromuutos tarkoittaa yleensä, että toinen sarakkeista on päivitetty
        jälkikäteen.

        Esimerkki: Määrärahat TULOT: 1 297 670 − 1 204 150 = 93 520.

        Mitä tehdä: laske muutos uudelleen kahdesta sarakkeesta.
    """,
    "M002": """
        Mitä tarkistetaan: jokainen taulukon muutos-% verrattuna itseisarvojen muutokseen, joka lasketaan
        ilmoitetusta vertailupohjasta (TP-sarakkeelle edellisen vuoden TP, TA-sarakkeelle edellisen vuoden
        talousarvio; Määrärahat-taulukossa taulukon vanhempi sarake).

        Miksi sillä on väliä: väärästä vertailupohjasta (TA:ta verrataan edellisen vuoden TP:hen) tai
        väärin päin olevalla etumerkillä laskettu prosentti antaa hallitukselle väärän kuvan kasvusta.

        Esimerkki: Määrärahat MENOT: −6 837 670 vs. −6 624 150 on +3,2 % (menot kasvavat).

        Mitä tehdä: laske uudelleen ilmoitetulla vertailupohjalla; jos toimiala vertaa toisin, ilmoita
        toinen vertailupohja Asetukset-välilehdellä.
    """,
    "M003": """
        Mitä tarkistetaan: MUUTOS € -sarake noudattaa kaikilla riveillä samaa etumerkkisääntöä – joko
        etumerkillinen erotus uusi − vanha tai itseisarvojen muutos.

        Miksi sillä on väliä: luvusta "120 000" lukija ei voi päätellä, kasvoiko vai pienenikö nettomeno.

        Esimerkki: Määrärahat: MENOT −213 520 (etumerkillinen), mutta NETTOMENO +120 000 (itseisarvojen
        muutos; etumerkillisenä −120 000).

        Mitä tehdä: käytä etumerkillistä erotusta kaikilla riveillä tai kerro sääntö taulukon alla.
    """,
    "M004": """
        Mitä tarkistetaan: taulukon muutosprosentit, joiden vertailupohjan saraketta ei ole työkirjassa.

        Miksi sillä on väliä: tällainen luku otetaan luottamuksella; lukijan on hyvä tietää, ettei sitä
        ole tarkistettu.

        Esimerkki: Tunnusluvut-taulukon Henkilöstömenot TP 2023 −20,0 % vaatii sarakkeen TP 2022.

        Mitä tehdä: ei mitään, tai lisää vertailupohjan sarake.
    """,
    "M005": """
        Mitä tarkistetaan: muutos-%, joka on esitetty, vaikka mielekästä prosenttia ei ole – vertailuarvo
        on nolla tai etumerkki vaihtuu.

        Miksi sillä on väliä: "+250 %" nettotulosta nettomenoksi ei kerro mitään ja johtaa helposti
        väärään tulkintaan.

        Esimerkki: yksikkö, jonka netto kääntyy luvusta +21 015 lukuun −32 190.

        Mitä tehdä: merkitse prosentin paikalle "–" ja selitä muutos euroina.
    """,
    "M006": """
        Mitä tarkistetaan: taulukon muutos-%, joka poikkeaa uudelleen lasketusta vain pyöristystavan
        vuoksi (luku on katkaistu eikä pyöristetty tavalliseen tapaan, puolikkaat ylöspäin).

        Miksi sillä on väliä: ero on pieni, mutta taulukon itse uudelleen laskeva lukija saa eri luvun;
        yksi sääntö koko raportissa ehkäisee kysymyksiä.

        Esimerkki: Henkilöstömenot TP 2024: 7,46 % on esitetty muodossa 7,4 %.

        Mitä tehdä: pyöristä, älä katkaise.
    """,
    # --- Euroa asukasta kohden (per resident) ---
    "P001": """
        Mitä tarkistetaan: €/asukas-luku verrattuna kokonaissummaan jaettuna sarakkeelle
        Asetukset-välilehdellä ilmoitetulla asukasluvulla (asukasluku ja sen päivämäärä sarakkeittain).

        Miksi sillä on väliä: päättäjät vertaavat kuntia €/asukas-lukujen avulla; väärän vuoden
        asukasluvulla tai kokonaissumman eri versiosta laskettu luku on väärin kenenkään huomaamatta.

        Esimerkki: Toimintakate €/asukas TA 2025: −5 540 000 / 6 925 = −800.

        Mitä tehdä: laske luku uudelleen ilmoitetulla asukasluvulla tai korjaa asukasluku
        Asetukset-välilehdellä.
    """,
    "P002": """
        Mitä tarkistetaan: niissä sarakkeissa, joille asukaslukua ei ole ilmoitettu, asukasluku, joka
        €/asukas-luvusta voidaan päätellä.

        Miksi sillä on väliä: talousvastaava näkee yhdellä silmäyksellä, millä asukasluvulla kunkin
        sarakkeen luku on laskettu.

        Esimerkki: TP 2023: −4 680 581 / −659 = noin 7 103 asukasta.

        Mitä tehdä: ilmoita asukasluku ja sen päivämäärä sarakkeittain Asetukset-välilehdellä.
    """,
    "P003": """
        Mitä tarkistetaan: rivin €/asukas-luvuista päätellyt asukasluvut poikkeavat enintään 3 % niiden
        mediaanista sarakkeiden kesken.

        Miksi sillä on väliä: kunnan asukasluku muuttuu vuodessa prosentin tai kaksi (sarakkeet kattavat
        enintään kolme vuotta); isompi hyppy tarkoittaa, että luku on laskettu väärällä asukasluvulla tai
        eri kokonaissummasta. Kun asukasluvut ilmoitetaan Asetukset-välilehdellä, tarkistus on tarkka
        (P001).

        Esimerkki: €/asukas-luku, josta päätelty asukasluku on 6 687, kun muista sarakkeista päätelty on
        noin 6 950.

        Mitä tehdä: laske luku uudelleen sarakkeelle ilmoitetulla asukasluvulla.
    """,
    "P004": """
        Mitä tarkistetaan: vuoden alusta kertyneen toteuman (TOT.) sarakkeen €/asukas-luvut.

        Miksi sillä on väliä: −418 €/asukas 30.6. on puolen vuoden luku; koko vuoden talousarvion −800
        rinnalla se näyttää säästöltä, vaikka samassa tahdissa koko vuoden luku olisi noin −836.

        Esimerkki: Toimintakate €/asukas TOT. 30.6.2025 −418 vs. TA 2025 −800.

        Mitä tehdä: esitä vuositasolle muunnettu luku rinnalla tai merkitse sarake vuoden alusta
        kertyneeksi.
    """,
    "P005": """
        Mitä tarkistetaan: €/asukas-luku, josta päätelty asukasluku poikkeaa yli 10 % rivin muiden
        sarakkeiden mediaanista.

        Miksi sillä on väliä: kunnan asukasluku ei muutu kymmenyksellä yhden raportin vuosien aikana;
        luku tai sen kokonaissumma on kirjoitettu väärin.

        Esimerkki: Toimintakate €/asukas −500, kun −4 680 581 € vaatisi 9 361 asukasta ja muut sarakkeet
        vastaavat noin 6 940 asukasta.

        Mitä tehdä: laske luku uudelleen kokonaissummasta ja sarakkeen asukasluvusta.
    """,
    # --- Rakenne (structure) ---
    "S001": """
        Mitä tarkistetaan: työkirjasta löytyy vähintään yksi taulukko, jossa on kausisarakkeet.

        Miksi sillä on väliä: ilman otsikkoriviä, joka nimeää kaudet, mitään muuta ei voi tarkistaa, ja
        hiljainen "ei havaintoja" näyttäisi virheettömältä raportilta.

        Esimerkki: välilehti, jonka sarakeotsikot ovat "2024" ja "2025" ilman TP- tai TA-merkintää.

        Mitä tehdä: kirjoita kausiotsikot samaan tapaan kuin raportissa ("TP 2024", "TA 2025",
        "TOT. 30.6.2025").
    """,
    "S002": """
        Mitä tarkistetaan: jokainen MENOT-, TULOT- ja NETTOMENO-rivi on jonkin yksikön otsikon alla.

        Miksi sillä on väliä: rivejä, joilla ei ole yksikköä, ei voi laskea yhteen toimialan
        kokonaissummaksi.

        Esimerkki: taulukon ensimmäisestä lohkosta on kadonnut otsikko "Keskusvaalilautakunta".

        Mitä tehdä: kirjoita yksikön nimi omalle rivilleen lohkon yläpuolelle.
    """,
    "S003": """
        Mitä tarkistetaan: sama yksikön lohko ei esiinny kahdesti.

        Miksi sillä on väliä: kahteen kertaan liitetty lohko laskee yksikön kahdesti toimialan
        kokonaissummaan.

        Esimerkki: kaksi lohkoa nimeltä "Joukkoliikenne".

        Mitä tehdä: poista ylimääräinen lohko tai nimeä se uudelleen, jos se todella on eri yksikkö.
    """,
    "S004": """
        Mitä tarkistetaan: jokaisessa yksikön lohkossa on kolme riviä: MENOT, TULOT ja NETTOMENO.

        Miksi sillä on väliä: lohkoa, josta puuttuu TULOT-rivi, ei voi tarkistaa nettomenoa vasten, ja
        yksiköiden summasta toimialan kokonaissummaan puuttuu osa.

        Esimerkki: "Sortteeri", jonka alla on vain MENOT ja NETTOMENO.

        Mitä tehdä: lisää puuttuva rivi (nollilla, jos yksiköllä ei ole tuloja).
    """,
    "S005": """
        Mitä tarkistetaan: jokaisella talousarviotaulukon rivillä, jolla on lukuja, on nimi, jonka työkalu
        tuntee.

        Miksi sillä on väliä: tuntematon rivi jää pois summista, jotka työkalu tarkistaa.

        Esimerkki: "Muut kulut" eikä "Muut toimintakulut".

        Mitä tehdä: käytä vakiintunutta rivin nimeä, tai jätä huomiotta, jos rivi on lisätietoa.
    """,
    "S006": """
        Mitä tarkistetaan: kausiotsikot, joissa on tähtimerkki (*).

        Miksi sillä on väliä: merkki tarkoittaa yleensä, että sarake poikkeaa muista (esim. talousarvio
        ilman muutoksia); raportin lukija tarvitsee selityksen.

        Esimerkki: "TA 2025*" Tunnusluvut-taulukossa.

        Mitä tehdä: varmista, että alaviite on kirjoitettu taulukon alle.
    """,
    "S007": """
        Mitä tarkistetaan: työkirjassa on Määrärahat- ja Käyttötalous-taulukot, yksiköiden lohkot ja
        Tunnusluvut-taulukko.

        Miksi sillä on väliä: taulukoiden yhtäpitävyystarkistukset vertaavat näitä taulukoita; jos yksi
        puuttuu, tarkistus kapenee huomaamatta.

        Esimerkki: työkirja, jossa on yksiköiden lohkot mutta ei Määrärahat-taulukkoa.

        Mitä tehdä: lisää taulukko, tai jätä tämä koodi huomiotta, jos toimiala ei raportoi sitä.
    """,
    "S008": """
        Mitä tarkistetaan: työkirjassa on Asetukset-välilehti.

        Miksi sillä on väliä: raportointipäivä, asukasluvut ja vertailupohjat ilmoitetaan siellä; ilman
        niitä työkalu päättelee raportointipäivän uusimmasta TOT.-sarakkeesta eikä voi laskea
        €/asukas-lukuja uudelleen.

        Esimerkki: edellisen vuoden työkirjasta kopioitu työkirja, josta Asetukset-välilehti puuttuu.

        Mitä tehdä: lisää Asetukset-välilehti (katso mallia esimerkkityökirjasta).
    """,
    # --- Toteutumisvauhti (pace) ---
    "T001": """
        Mitä tarkistetaan: menorivit, joiden käyttöaste on yli 10 prosenttiyksikköä edellä siitä, kuinka
        suuri osa vuodesta on raportointipäivänä kulunut (kuukausien tai päivien mukaan, asetus).

        Miksi sillä on väliä: tahtia nopeampi menojen kertyminen on ensimmäinen varoitus ylityksestä;
        30.6. puolet määrärahasta pitäisi olla vielä käyttämättä.

        Esimerkki: Hallintopalvelut MENOT: −360 085 / −491 300 = 73,3 %, kun vuodesta on kulunut 50 %.

        Mitä tehdä: selvitä, onko kyse kausivaihtelusta (merkitse rivi kausiluonteiseksi
        Asetukset-välilehdellä) vai todellisesta ylityksestä, joka pitää ennustaa.
    """,
    "T002": """
        Mitä tarkistetaan: tulorivit, jotka ovat yli 10 prosenttiyksikköä jäljessä siitä, kuinka suuri
        osa vuodesta on kulunut.

        Miksi sillä on väliä: saamatta jäävä tulo kasvattaa nettomenoa samalla tavalla kuin menojen
        ylitys.

        Esimerkki: Joukkoliikenne TULOT: 30.6. mennessä kertynyt 0 / 100 000.

        Mitä tehdä: selvitä, laskutetaanko tulo myöhemmin vuoden aikana (merkitse rivi kausiluonteiseksi)
        vai jääkö se kokonaan saamatta.
    """,
    "T003": """
        Mitä tarkistetaan: rivit, joilla on toteumaa, vaikka vuoden talousarvio on nolla.

        Miksi sillä on väliä: meno ilman määrärahaa vaatii talousarviomuutoksen; tulo ilman
        talousarvioriviä tarkoittaa usein hanketta, joka on kirjattu väärälle yksikölle.

        Esimerkki: Kehittämisprojektit MENOT −61 212, vaikka TA 2025 = 0.

        Mitä tehdä: tee esitys talousarviomuutoksesta tai siirrä kirjaus oikealle yksikölle.
    """,
    "T004": """
        Mitä tarkistetaan: toimialan nettomeno (valtuuston asettama sitovuustaso) vuoden loppuun
        suoraviivaisesti ennustettuna verrattuna talousarvioon.

        Miksi sillä on väliä: sitovuustason ylitys vaatii valtuuston päätöksen ennen vuoden loppua.

        Esimerkki: NETTOMENO 30.6. on −2 891 108 ja talousarvio −5 540 000 → samalla vauhdilla 31.12.
        noin −5 782 216.

        Mitä tehdä: laadi ennuste kausiluonteiset rivit huomioiden ja tarvittaessa esitys
        talousarviomuutoksesta.
    """,
    "T005": """
        Mitä tarkistetaan: menorivit, joiden toteuma vuoden alusta ylittää jo koko vuoden talousarvion.

        Miksi sillä on väliä: loppuvuosi voi vain kasvattaa ylitystä.

        Esimerkki: Aineet, tarvikkeet ja tavarat: −28 660 30.6. mennessä, kun TA 2025 on −25 450
        (112,6 %).

        Mitä tehdä: ennusta vuoden lopun tilanne ja valmistele talousarviomuutos.
    """,
    # --- Taulukoiden yhtäpitävyys (cross-table) ---
    "X001": """
        Mitä tarkistetaan: sama suure samalta kaudelta on sama eri taulukoissa – yksiköiden lohkojen
        Toimiala yhteensä, Käyttötalous, Määrärahat ja Tunnusluvut-taulukon eurolukuiset tunnusluvut.

        Miksi sillä on väliä: kaksi taulukkoa, jotka näyttävät samasta talousarviosta eri luvut, kertovat
        päättäjille kaksi eri tarinaa; yleensä toista ei ole päivitetty talousarviomuutoksen jälkeen.

        Esimerkki: MENOT TA+muutokset 2024: Määrärahat −6 624 150, Toimiala yhteensä −6 649 150
        (ero 25 000).

        Mitä tehdä: selvitä, kumpi versio on voimassa, ja päivitä toinen taulukko.
    """,
    "X002": """
        Mitä tarkistetaan: saman vuoden alkuperäinen talousarvio (TA) yhdessä taulukossa verrattuna
        muutettuun talousarvioon (TA+muutokset) toisessa taulukossa, saman suureen osalta.

        Miksi sillä on väliä: luvut voivat perustellusti erota muutosten verran, mutta raportti, joka
        sekoittaa ne, vertaa keskenään lukuja, jotka eivät ole samaa asiaa; sama ero useassa taulukossa
        viittaa siihen, että jonkin taulukon sarake on nimetty väärän version mukaan.

        Esimerkki: Palvelujen ostot: TA 2024 Tunnusluvuissa −3 155 580, TA+muutokset 2024
        Käyttötaloudessa −3 180 580 (25 000 – sama ero kuin Määrärahojen ja Käyttötalouden välillä).

        Mitä tehdä: nimeä jokainen sarake sen version mukaan, jota se todella sisältää, tai käytä samaa
        versiota koko raportissa.
    """,
}

DOCS_FI: dict[str, str] = {code: inspect.cleandoc(text) for code, text in _RAW.items()}
"""Rule code -> Finnish documentation, in the English docstrings' four-paragraph layout."""
