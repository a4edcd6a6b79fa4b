"""Shared test setup.

The xlwings remote engine registers only if a licence key is set before xlwings is first imported,
so the key is set here, before any test module imports it.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "support"))
EXAMPLE = ROOT / "xl_seuranta" / "data" / "hallintopalvelut_2025.xlsx"
DATA = ROOT / "workbook" / "hallintopalvelut_2025.toml"


@pytest.fixture(scope="session")
def example_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example workbook built afresh from the data file (proves the build script works)."""
    import build_example_workbook

    out = tmp_path_factory.mktemp("example") / "hallintopalvelut_2025.xlsx"
    return build_example_workbook.build(DATA, out)


@pytest.fixture
def example_copy(tmp_path: Path, example_built: Path) -> Path:
    """A private copy of the example workbook a test may modify."""
    dst = tmp_path / "hallintopalvelut_2025.xlsx"
    shutil.copyfile(example_built, dst)
    return dst


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip tests marked ``excel`` where Excel cannot be driven, saying why (scripts/excel_acceptance.py)."""
    marked = [item for item in items if item.get_closest_marker("excel") is not None]
    if not marked:
        return
    from excel_acceptance import excel_unavailable_reason

    reason = excel_unavailable_reason()
    if reason:
        for item in marked:
            item.add_marker(pytest.mark.skip(reason=reason))
