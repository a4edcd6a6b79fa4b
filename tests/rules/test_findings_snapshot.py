"""Recorded findings: the example, its rearranged copies and every rule's own mutation, in fi and en.

The snapshots in ``tests/snapshots/`` were recorded before findings became typed records rendered at
the edges; they hold what the JSON output shows for each finding (code, severity, sheet, cell,
expected, actual, difference and the message). A refactoring must leave all of it unchanged; a change
that means to improve a message or a number rewrites the snapshot on purpose, so the diff shows it:

    XL_SEURANTA_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/rules/test_findings_snapshot.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from clean_book import clean_grids
from test_rules import MUTATIONS
from workbook_variants import VARIANTS, expenses_positive

from xl_seuranta.domain.messages import finding_json
from xl_seuranta.io.file_reader import read_workbook
from xl_seuranta.layout import discover_book
from xl_seuranta.rules.engine import run_rules

SNAPSHOTS = Path(__file__).resolve().parent.parent / "snapshots"
FIELDS = ("code", "severity", "sheet", "cell", "expected", "actual", "difference", "message")
LANGS = ("fi", "en")
UPDATE = os.environ.get("XL_SEURANTA_UPDATE_SNAPSHOTS") == "1"
WORKBOOKS = ["example", *sorted(VARIANTS), "expenses_positive"]


def _rows(findings, lang: str) -> list[list[object]]:
    """One finding as the list of its JSON fields, in FIELDS order (the snapshot files' rows)."""
    out = []
    for f in findings:
        d = finding_json(f, lang)
        out.append([d[k] for k in FIELDS])
    return out


def _dump(path: Path, data: dict) -> None:
    """One finding a line, so a changed message shows as a one-line diff."""
    lines = ["{"]
    outer = list(data.items())
    for i, (name, by_lang) in enumerate(outer):
        lines.append(f"  {json.dumps(name, ensure_ascii=False)}: {{")
        inner = list(by_lang.items())
        for j, (lang, rows) in enumerate(inner):
            lines.append(f"    {json.dumps(lang)}: [")
            for k, row in enumerate(rows):
                comma = "," if k < len(rows) - 1 else ""
                lines.append("      " + json.dumps(row, ensure_ascii=False) + comma)
            lines.append("    ]" + ("," if j < len(inner) - 1 else ""))
        lines.append("  }" + ("," if i < len(outer) - 1 else ""))
    lines.append("}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _check(name: str, key: str, lang: str, rows: list[list[object]]) -> None:
    path = SNAPSHOTS / f"{name}.json"
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    if UPDATE:
        data.setdefault(key, {})[lang] = rows
        _dump(path, dict(sorted(data.items())))
        return
    assert key in data and lang in data[key], f"no snapshot for {key}/{lang} in {path.name}"
    recorded = data[key][lang]
    assert len(rows) == len(recorded), (key, lang, len(rows), len(recorded))
    for now, then in zip(rows, recorded, strict=True):
        assert now == then, (key, lang)


@pytest.fixture(scope="module")
def workbooks(example_built: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list]:
    folder = tmp_path_factory.mktemp("variants")
    out = {"example": read_workbook(example_built)}
    for name, make in VARIANTS.items():
        out[name] = read_workbook(make(example_built, folder / f"{name}.xlsx"))
    out["expenses_positive"] = read_workbook(expenses_positive(example_built, folder / "pos.xlsx"))
    return out


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", WORKBOOKS)
def test_example_and_rearranged_copies(name: str, lang: str, workbooks) -> None:
    findings = run_rules(discover_book(workbooks[name]))
    _check("example_findings", name, lang, _rows(findings, lang))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("code", sorted(MUTATIONS))
def test_each_rule_on_its_mutation(code: str, lang: str) -> None:
    grids = clean_grids()
    MUTATIONS[code](grids)
    findings = run_rules(discover_book(grids))
    _check("rule_findings", code, lang, _rows(findings, lang))
