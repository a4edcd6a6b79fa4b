"""xlwings Server: the packaged project served by uvicorn in a subprocess, called over HTTP.

Only 127.0.0.1 is bound; every wait is bounded.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

# the remote engine registers at `import xlwings` only with a licence key (shared pytest process)
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

# httpx, xlwings-server and uvicorn are in the dev extra: a missing one fails the tests, never skips them.
# (xlwings-server itself is imported only by the server subprocess: importing it here would set up
# xlwings for a server in this test process too.)
import httpx  # noqa: E402
import xlwings  # noqa: E402  (plain import: decorators are no-ops in the test process)

from xl_seuranta.app import udfs  # noqa: E402
from xl_seuranta.domain.messages import Server  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "xl_seuranta" / "data" / "hallintopalvelut_2025.xlsx"
FUNCTIONS = [
    "muutos_eur",
    "muutos_pros",
    "toteuma_pros",
    "kulunut_osuus",
    "poikkeama_pp",
    "eur_per_asukas",
    "ennuste",
    "tarkista_summa",
]
SCRIPTS = ["tarkista", "laske", "tavoitteet", "paivita_kaikki", "ohje"]
START_TIMEOUT = 60.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("XLWINGS_")}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    log = tmp_path_factory.mktemp("server") / "server.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "xl_seuranta.app.server.app:main_app",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--log-level",
                "warning",
            ],
            cwd=tmp_path_factory.mktemp("cwd"),
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(f"server exited ({proc.returncode}):\n{log.read_text(errors='replace')}")
            try:
                if httpx.get(f"{base}/", timeout=2).status_code < 500:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"server did not start in {START_TIMEOUT} s:\n{log.read_text(errors='replace')}")
            time.sleep(0.3)
        with httpx.Client(base_url=base, timeout=60) as client:
            client.log = log
            yield client
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def _call(server, func: str, *args) -> httpx.Response:
    body = {
        "client": "Office.js",
        "version": xlwings.__version__,
        "func_name": func,
        "args": list(args),
        "caller_address": "Sheet1!A1",
        "culture_info_name": "fi-FI",
        "runtime": "1.4",
    }
    return server.post("/xlwings/custom-functions-call", json=body)


def _normal(value):
    """Server results: Office.js error objects -> '#N/A'-style strings, for comparison."""
    if isinstance(value, list):
        return [_normal(v) for v in value]
    if isinstance(value, dict) and value.get("type") == "Error":
        return {"NotAvailable": "#N/A", "Value": "#VALUE!", "DivisionByZero": "#DIV/0!"}.get(
            value.get("errorType"), value.get("errorType")
        )
    return value


def _approx(value):
    if isinstance(value, list):
        return [_approx(v) for v in value]
    return pytest.approx(value, rel=1e-12) if isinstance(value, float) else value


def _as_2d(value):
    return value if isinstance(value, list) else [[value]]


def test_meta_lists_every_cell_function(server):
    meta = server.get("/xlwings/custom-functions-meta.json")
    assert meta.status_code == 200
    names = {f["name"] for f in meta.json()["functions"]}
    assert {f.upper() for f in FUNCTIONS} <= names
    code = server.get("/xlwings/custom-functions-code.js")
    assert code.status_code == 200
    for f in FUNCTIONS:
        assert f'CustomFunctions.associate("{f.upper()}"' in code.text


def test_known_values(server):
    r = _call(server, "muutos_pros", [[-6837670]], [[-6624150]])
    assert r.status_code == 200, r.text
    assert r.json()["result"][0][0] == pytest.approx(0.0322, abs=5e-5)
    r = _call(server, "toteuma_pros", [[-1351238]], [[-2281640]])
    assert r.json()["result"][0][0] == pytest.approx(0.592, abs=5e-4)
    r = _call(server, "kulunut_osuus", [["2025-06-30"]], [[None]])
    assert r.json()["result"] == [[0.5]]


OPTION_ARG = {"kulunut_osuus": 1, "ennuste": 2, "tarkista_summa": 2}

CASES = [
    ("muutos_eur", [[[-6837670]], [[-6624150]]]),
    ("muutos_eur", [[[-6837670], [100], [None]], [[-6624150], [50], [10]]]),
    ("muutos_pros", [[[-6837670]], [[-6624150]]]),
    ("muutos_pros", [[[-6837670], [5], [-5]], [[-6624150], [0], [5]]]),
    ("toteuma_pros", [[[-1351238]], [[-2281640]]]),
    ("toteuma_pros", [[[-1351238], [100]], [[-2281640], [0]]]),
    ("kulunut_osuus", [[["2025-06-30"]], [["pv"]]]),
    ("kulunut_osuus", [[["2025-06-30"], ["2025-12-31"]], [[None]]]),
    ("poikkeama_pp", [[[-1351238]], [[-2281640]], [["2025-06-30"]]]),
    ("eur_per_asukas", [[[-6837670]], [[7000]]]),
    ("eur_per_asukas", [[[-6837670], [1000]], [[7000]]]),
    ("ennuste", [[[-1351238]], [["2025-06-30"]], [[None]]]),
    ("ennuste", [[[-1351238], [200]], [["2025-06-30"]], [["lineaarinen_pv"]]]),
    ("tarkista_summa", [[[100], [200], [300]], [[600]], [[None]]]),
    ("tarkista_summa", [[[100, 1], [200, 2]], [[301, 5]], [[0]]]),
]


@pytest.mark.parametrize(("func", "args"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_function_matches_python(server, func, args):
    r = _call(server, func, *args)
    assert r.status_code == 200, r.text
    # in plain Python: option args (tapa, toleranssi) are scalars; an empty optional arg is left out
    option = OPTION_ARG.get(func)
    py_args = [a[0][0] if i == option else a for i, a in enumerate(args) if a != [[None]]]
    expected = _as_2d(getattr(udfs, func)(*py_args))
    assert _normal(r.json()["result"]) == _approx(_normal(expected))


def test_scripts_meta(server):
    meta = server.get("/xlwings/custom-scripts-meta.json").json()
    assert {m["function_name"] for m in meta} == set(SCRIPTS)


def _small_payload() -> dict:
    return {
        "client": "Office.js",
        "version": xlwings.__version__,
        "book": {"name": "pieni.xlsx", "active_sheet_index": 0, "selection": "A1"},
        "names": [],
        "sheets": [
            {
                "name": "Muistio",
                "values": [["Ei talousarviotaulukkoa täällä", ""], ["", 1]],
                "pictures": [],
                "tables": [],
            }
        ],
    }


def _example_payload() -> dict:
    from excel_payload import payload_from_file

    return payload_from_file(EXAMPLE)


def _alerts(actions: list[dict]) -> list[list]:
    return [a["args"] for a in actions if a["func"] == "alert"]


@pytest.mark.parametrize("script", SCRIPTS)
def test_script_returns_actions_and_one_alert(server, script):
    r = server.post(f"/xlwings/custom-scripts-call/{script}", json=_example_payload())
    assert r.status_code == 200, r.text
    actions = r.json()["actions"]
    assert len(_alerts(actions)) == 1
    assert "Traceback" not in r.text


def test_tarkista_writes_tarkistus_sheet(server):  # needs services.check_plans
    r = server.post("/xlwings/custom-scripts-call/tarkista", json=_example_payload())
    actions = r.json()["actions"]
    (alert,) = _alerts(actions)
    assert alert[3] == "info", alert[0]
    assert any(
        "Tarkistus" in json.dumps(a["args"], ensure_ascii=False) for a in actions if a["func"] != "alert"
    )


def test_workbook_without_budget_table_gets_finnish_alert(server):
    r = server.post("/xlwings/custom-scripts-call/laske", json=_small_payload())
    assert r.status_code == 200, r.text
    actions = r.json()["actions"]
    assert [a["func"] for a in actions] == ["alert"]  # nothing half-written
    prompt, title, _, mode, _ = actions[0]["args"]
    assert mode == "critical" and title == "xl-seuranta"
    assert "Traceback" not in prompt and "Error" not in prompt
    assert any(ch in prompt for ch in "äö")  # Finnish


BAD_BODIES = [
    (b"{not json", "not valid JSON"),
    (b"[]", "JSON object"),
    (json.dumps({"client": "Office.js"}).encode(), "'version'"),
    (json.dumps({"client": "Office.js", "version": "1", "book": {"name": "a.xlsx"}}).encode(), "'sheets'"),
    (
        json.dumps(
            {
                "client": "Office.js",
                "version": "1",
                "book": {"name": "a.xlsx"},
                "sheets": [{"name": "S", "values": "x"}],
            }
        ).encode(),
        "list of rows",
    ),
    (b"", "JSON object"),
]


@pytest.mark.parametrize(("body", "message"), BAD_BODIES)
def test_malformed_book_payload_is_400(server, body, message):
    headers = {"content-type": "application/json", "accept-language": "en-GB,en;q=0.9"}
    r = server.post("/xlwings/custom-scripts-call/tarkista", content=body, headers=headers)
    assert r.status_code == 400
    assert message in r.text


def test_payload_errors_are_finnish_unless_english_is_asked_for(server):
    r = server.post(
        "/xlwings/custom-scripts-call/tarkista", content=b"[]", headers={"content-type": "application/json"}
    )
    assert r.status_code == 400 and r.text == Server.body_not_object("fi")
    assert "JSON-olio" in r.text


def test_unknown_script_is_404(server):
    r = server.post("/xlwings/custom-scripts-call/ei_ole", json=_small_payload())
    assert r.status_code == 404
    assert "ei_ole" in r.text


def test_malformed_function_call_is_4xx(server):
    r = server.post("/xlwings/custom-functions-call", json={"args": []})
    assert r.status_code == 400 and "func_name" in r.text
    r = _call(server, "ei_ole", [[1]])
    assert r.status_code == 404
    r = server.post(
        "/xlwings/custom-functions-call",
        json={
            "client": "Office.js",
            "version": xlwings.__version__,
            "func_name": "muutos_pros",
            "args": [1, 2],
            "runtime": "1.4",
        },
    )
    assert r.status_code == 400 and "2-D" in r.text


def test_manifest_has_seuranta_tab_and_buttons(server):
    r = server.get("/manifest.xml")
    assert r.status_code == 200
    ns = {
        "o": "http://schemas.microsoft.com/office/taskpaneappversionoverrides",
        "bt": "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
    }
    root = ET.fromstring(r.text.encode())
    strings = {s.get("id"): s.get("DefaultValue") for s in root.iter(f"{{{ns['bt']}}}String")}
    tab = root.find(".//o:CustomTab", ns)
    assert strings[tab.find("o:Label", ns).get("resid")] == "Seuranta"
    labels = {}
    for control in tab.iter(f"{{{ns['o']}}}Control"):
        label = strings[control.find("o:Label", ns).get("resid")]
        fn = control.find(".//o:FunctionName", ns)
        labels[label] = fn.text if fn is not None else "taskpane"
    assert labels == {
        "Tarkista": "seuranta-tarkista",
        "Laske": "seuranta-laske",
        "Tavoitteet": "seuranta-tavoitteet",
        "Päivitä kaikki": "seuranta-paivita-kaikki",
        "Ohje": "taskpane",
    }
    assert strings["Functions.Namespace"] == "SEURANTA"
    ribbon = server.get("/static/js/ribbon.js").text
    for fn, script in [("tarkista", "tarkista"), ("paivita-kaikki", "paivita_kaikki")]:
        assert f'Office.actions.associate("seuranta-{fn}", seurantaButton("{script}"))' in ribbon
