"""Cell functions: scalar and range calls, blanks, Finnish text, errors, agreement with metrics,
and the xlwings Server path (Office.js error values and the Finnish #VALUE! message)."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_seuranta import metrics as m
from xl_seuranta.app import udfs as u

cells = st.one_of(
    st.none(),
    st.just(""),
    st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
    st.integers(min_value=-(10**9), max_value=10**9),
    st.booleans(),
    st.just(float("inf")),
    st.sampled_from(["−1 253 026", "1 234,5", "7,8 %", "abc", "xx", "#DIV/0!", "0", "-0,5"]),
)


def test_plain_callables_off_server() -> None:
    assert u.MESSAGE_ERRORS is False
    assert callable(u.muutos_pros) and u.muutos_pros.__name__ == "muutos_pros"


def test_scalar_reference_figures() -> None:
    assert u.muutos_pros(-6_837_670, -6_624_150) == pytest.approx(0.0322336, abs=1e-7)
    assert u.muutos_eur(-6_837_670, -6_624_150) == -213_520
    assert round(u.toteuma_pros(-1_351_238, -2_281_640), 3) == 0.592
    assert u.eur_per_asukas(-5_540_000, 6925) == -800
    assert u.kulunut_osuus("30.6.2025") == 0.5
    assert u.kulunut_osuus(45838, "pv") == pytest.approx(181 / 365)
    assert u.poikkeama_pp(-3_584_333, -6_837_670, "30.6.2025") == pytest.approx(0.0242, abs=1e-4)
    assert u.ennuste(-100, "30.6.2025") == -200
    assert u.ennuste(-181, "30.6.2025", "lineaarinen_pv") == pytest.approx(-365)


def test_finnish_number_text() -> None:
    assert u.muutos_pros("−6 837 670", "-6\u00a0624\u00a0150") == u.muutos_pros(-6_837_670, -6_624_150)
    assert u.muutos_eur("1 234,5", 0) == 1234.5
    assert u.toteuma_pros("7,8 %", 1) == pytest.approx(0.078)


def test_not_meaningful_is_na() -> None:
    assert u.muutos_pros(5, 0) == u.NA  # zero base
    assert u.muutos_pros(5, None) == u.NA  # blank base
    assert u.muutos_pros("", 5) == u.NA  # blank new value
    assert u.muutos_pros(5, -5) == u.NA  # sign flip
    assert u.toteuma_pros(5, 0) == u.NA
    assert u.eur_per_asukas(100, 0) == u.NA
    assert u.muutos_pros("xx", 5) == u.NA  # placeholder is a deliberate gap
    assert u.kulunut_osuus(None) == u.NA


def test_bad_input_is_value_error_value_off_server() -> None:
    assert u.muutos_pros("abc", 5) == u.VALUE
    assert u.kulunut_osuus("31.2.2025") == u.VALUE
    assert u.kulunut_osuus("30.6.2025", "viikot") == u.VALUE
    assert u.ennuste(1, "30.6.2025", "outo") == u.VALUE
    assert u.muutos_eur([[1, 2]], [[1, 2, 3]]) == u.VALUE  # incompatible ranges
    assert u.tarkista_summa([[1], [2]], 3, "paljon") == u.VALUE


def test_numeric_fast_path_matches_cell_parsing() -> None:
    assert u.muutos_eur([[float("inf"), 1]], 1) == [[u.VALUE, 0.0]]
    assert u.muutos_eur([[True, 1]], 1) == [[u.VALUE, 0.0]]
    assert u.muutos_eur(np.array([[1, 2]]), 1) == [[0.0, 1.0]]


def test_input_errors_pass_through() -> None:
    assert u.muutos_pros("#DIV/0!", 5) == "#DIV/0!"
    assert u.muutos_pros("#JAOLUKU/0!", 5) == "#DIV/0!"  # Finnish spelling normalised
    assert u.muutos_pros("#JAKO/0!", 5) == "#DIV/0!"
    assert u.muutos_pros("#PUUTTUU!", 5) == "#N/A"
    assert u.muutos_eur([["#N/A", 1]], 1) == [["#N/A", 0.0]]


def test_range_call_returns_2d_same_shape() -> None:
    uusi = [[-6_837_670, 1_297_670], [None, "abc"], ["−5 540 000", 0]]
    vanha = [[-6_624_150, 1_204_150], [1, 1], [-5_420_000, 7]]
    out = u.muutos_pros(uusi, vanha)
    assert [len(r) for r in out] == [2, 2, 2]
    assert out[0][0] == pytest.approx(0.0322, abs=1e-4)
    assert out[1] == [u.NA, u.VALUE]
    assert out[2][0] == pytest.approx(0.0221, abs=1e-4) and out[2][1] == -1.0
    assert all(isinstance(c, float | str) for row in out for c in row)


def test_range_broadcasts_with_single_value_and_numpy() -> None:
    col = u.ennuste([[-100], [50], [None]], "30.6.2025")
    assert col == [[-200.0], [100.0], [u.NA]]
    arr = u.toteuma_pros(np.array([[1.0, np.nan], [3.0, 4.0]]), 4)
    assert arr == [[0.25, u.NA], [0.75, 1.0]]
    dates = u.kulunut_osuus([["30.6.2025"], [45657], ["zz"], [None]])
    assert dates == [[0.5], [1.0], [u.VALUE], [u.NA]]
    assert u.muutos_eur([[5]], 2) == [[3.0]]  # a 1x1 range stays a range


def test_sum_check() -> None:
    assert u.tarkista_summa([[1], [2], [3]], 7) == [[0.0]]  # 1 € is rounding -> 0
    assert u.tarkista_summa([[1], [2], [3]], 7, 0) == [[1.0]]
    assert u.tarkista_summa([1, 2, 3], 16) == 10.0
    block = [[1, 10, 5], [2, "#N/A", None], [3, 30, "1 000"]]
    assert u.tarkista_summa(block, [[6, 40, 1010]]) == [[0.0, "#N/A", 5.0]]
    assert u.tarkista_summa([[1], [2]], None) == [[u.NA]]
    assert u.tarkista_summa([[1, 2]], [[1, 2, 3]]) == u.VALUE


def _as_metric_value(x: object) -> object:
    return u.NA if isinstance(x, float) and math.isnan(x) else x


@given(st.lists(st.tuples(cells, cells), min_size=1, max_size=12))
def test_scalar_vs_range_agreement(pairs: list[tuple[object, object]]) -> None:
    """Each cell of a range call equals the single-value call on that cell (errors included)."""
    for fn in (u.muutos_eur, u.muutos_pros, u.toteuma_pros, u.eur_per_asukas):
        out = fn([[a] for a, _ in pairs], [[b] for _, b in pairs])
        assert len(out) == len(pairs)
        for (a, b), (cell,) in zip(pairs, out, strict=True):
            single = fn(a, b)
            if isinstance(single, float):
                assert cell == pytest.approx(single, nan_ok=True, rel=0, abs=0)
            else:
                assert cell == single


@given(
    st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
    st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
)
def test_udfs_agree_with_metrics(a: float, b: float) -> None:
    for name in ("muutos_eur", "muutos_pros", "toteuma_pros", "eur_per_asukas"):
        assert getattr(u, name)(a, b) == _as_metric_value(getattr(m, name)(a, b))


# --- the xlwings Server path ---------------------------------------------------------------

_SERVER_ENV = {**os.environ, "XLWINGS_ON_SERVER": "true", "XLWINGS_LICENSE_KEY": "noncommercial"}


def _run_server_script(code: str, cwd: Path, extra_env: dict[str, str] | None = None) -> dict:
    """Run ``code`` in a fresh interpreter: XLWINGS_ON_SERVER must be set before xlwings loads."""
    env = {**_SERVER_ENV, **(extra_env or {})}
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=180,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_server_decorators_error_values_and_messages(tmp_path: Path) -> None:
    result = _run_server_script(
        """
        import asyncio, json, xlwings, xlwings.server as srv
        from xl_seuranta.app import udfs

        def call(name, *args):
            data = {"client": "Office.js", "version": xlwings.__version__, "func_name": name,
                    "args": list(args), "caller_address": "Taul1!A1", "culture_info_name": "fi-FI",
                    "runtime": "1.4"}
            try:
                return asyncio.run(srv.custom_functions_call(data, udfs))
            except Exception as e:
                return {"raised": type(e).__name__, "xlwings_error": isinstance(e, xlwings.XlwingsError),
                        "message": str(e)}

        meta = srv.custom_functions_meta(udfs)
        print(json.dumps({
            "message_errors": udfs.MESSAGE_ERRORS,
            "names": sorted(f["name"] for f in meta["functions"]),
            "scalar": call("muutos_pros", [[-6837670]], [[-6624150]]),
            "column": call("muutos_pros", [[1], [2], [""], ["abc"], ["−5 540 000"]],
                           [[1], [0], [1], [1], [-5420000]]),
            "bad_scalar": call("muutos_pros", [["abc"]], [[1]]),
            "bad_tapa": call("kulunut_osuus", [["30.6.2025"]], [["vk"]]),
            "default_tapa": call("kulunut_osuus", [[45838]], [[None]]),
            "sum": call("tarkista_summa", [[1, 10], [2, 20]], [[3, 35]], [[None]]),
        }))
        """,
        tmp_path,
    )
    assert result["message_errors"] is True
    assert result["names"] == [
        "ASUKASLUKU_IMPLISIITTINEN",
        "ENNUSTE",
        "ENNUSTE_KAUSILUONTEINEN",
        "ENNUSTE_OIKAISTU",
        "EUR_PER_ASUKAS",
        "JALJELLA_EUR",
        "KULUNUT_OSUUS",
        "MUUTOS_EUR",
        "MUUTOS_EUR_KASVU",
        "MUUTOS_PROS",
        "MUUTOS_PROS_ETUMERKILLINEN",
        "POIKKEAMA_PP",
        "TARKISTA_SUMMA",
        "TOTEUMA_PROS",
        "YLITYS_EUR",
    ]
    # one cell function per metric definition, and none without one
    assert result["names"] == sorted(name.upper() for name in m.DEFINITIONS)
    assert result["scalar"][0][0] == pytest.approx(0.0322336, abs=1e-7)
    na = {"type": "Error", "errorType": "NotAvailable"}
    column = result["column"]
    assert column[0] == [0.0] and column[1] == [na] and column[2] == [na]
    assert column[3] == [{"type": "Error", "errorType": "Value"}]
    assert column[4][0] == pytest.approx(0.0221, abs=1e-4)
    assert result["bad_scalar"] == {"raised": "UdfVirhe", "xlwings_error": True, "message": "ei luku: 'abc'"}
    assert result["bad_tapa"]["raised"] == "UdfVirhe"
    assert "tuntematon tapa" in result["bad_tapa"]["message"]
    assert result["default_tapa"] == [[0.5]]
    assert result["sum"] == [[0.0, 5.0]]


def test_server_app_answers_400_with_finnish_message(tmp_path: Path) -> None:
    """Through the real xlwings Server app: the add-in turns a 400 body into
    CustomFunctions.Error(invalidValue, body), i.e. #VALUE! with this message on hover."""
    (tmp_path / "custom_functions").mkdir()
    (tmp_path / "custom_functions" / "__init__.py").write_text("from xl_seuranta.app.udfs import *  # noqa\n")
    (tmp_path / "custom_scripts").mkdir()
    (tmp_path / "custom_scripts" / "__init__.py").write_text("")
    result = _run_server_script(
        """
        import json, logging, xlwings
        logging.disable(logging.CRITICAL)
        from fastapi.testclient import TestClient
        from xlwings_server.main import main_app

        client = TestClient(main_app)
        def post(*args):
            body = {"client": "Office.js", "version": xlwings.__version__, "func_name": "muutos_pros",
                    "args": list(args), "caller_address": "Taul1!A1", "culture_info_name": "fi-FI",
                    "runtime": "1.4"}
            r = client.post("/xlwings/custom-functions-call", json=body)
            return [r.status_code, r.text]
        print(json.dumps({"bad": post([["abc"]], [[1]]), "zero_base": post([[1]], [[0]])}))
        """,
        tmp_path,
        {"XLWINGS_PROJECT_DIR": str(tmp_path)},
    )
    assert result["bad"] == [400, "ei luku: 'abc'"]
    status, text = result["zero_base"]
    assert status == 200
    assert json.loads(text) == {"result": [[{"type": "Error", "errorType": "NotAvailable"}]]}
