"""Read what the installation self-test needs from a desktop add-in file (``xl_seuranta.xlam``).

Two things, both plain parts of the package, so no VBA parser is needed at run time:

* the config sheet ``xl_seuranta.conf`` (column A key, column B value) that the add-in's xlwings VBA
  reads: the interpreter path, the cell-function module. Read with python-calamine, which also reads
  the shared strings Excel writes when it saves the add-in (after "Tuo funktiot");
* the custom document properties ``docProps/custom.xml`` that ``scripts/build_addin.py`` writes from
  the VBA it embeds: the xl-seuranta version and the versioned xlwings DLL the VBA declares. Excel
  keeps custom properties when it saves the file; ``tests/excel/test_addin.py`` checks that the
  property names the same DLL as the embedded VBA.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from python_calamine import CalamineWorkbook

CONF_SHEET = "xl_seuranta.conf"
PROP_VERSION = "xl-seuranta"
PROP_XLWINGS = "xlwings"
PROP_DLL = "xlwings DLL"

_CUSTOM_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"


class AddinReadError(Exception):
    """The add-in file is missing or is not a readable add-in.

    ``kind`` says which ("missing", "not_a_package", "no_config", "unreadable") so that the caller
    can word it in the user's language; ``detail`` is the technical reason, if any.
    """

    def __init__(self, kind: str, path: Path, detail: str = "") -> None:
        super().__init__(f"{kind}: {path}" + (f" ({detail})" if detail else ""))
        self.kind = kind
        self.path = path
        self.detail = detail


@dataclass(frozen=True)
class AddinFile:
    """The parts of an add-in file the self-test reads."""

    path: Path
    config: dict[str, object] = field(default_factory=dict)
    """Config sheet rows, keys upper-cased as the xlwings VBA looks them up (``INTERPRETER_WIN``)."""
    properties: dict[str, str] = field(default_factory=dict)
    """Custom document properties by name."""

    def setting(self, key: str) -> object:
        """A config value by key, case-insensitively; None when the row is missing."""
        return self.config.get(key.upper())


def read_addin(path: Path) -> AddinFile:
    """Read ``path``; raises :class:`AddinReadError` when it is not an add-in with a config sheet."""
    path = Path(path)
    if not path.is_file():
        raise AddinReadError("missing", path)
    try:
        with zipfile.ZipFile(path) as z:
            custom = z.read("docProps/custom.xml") if "docProps/custom.xml" in z.namelist() else None
    except (OSError, zipfile.BadZipFile) as exc:
        raise AddinReadError("not_a_package", path, str(exc)) from exc
    try:
        wb = CalamineWorkbook.from_path(str(path))
        if CONF_SHEET not in wb.sheet_names:
            raise AddinReadError("no_config", path)
        rows = wb.get_sheet_by_name(CONF_SHEET).to_python()
    except AddinReadError:
        raise
    except Exception as exc:  # calamine raises its own error types for broken packages
        raise AddinReadError("unreadable", path, str(exc)) from exc
    config: dict[str, object] = {}
    for row in rows:
        # The VBA reads contiguous rows from A1 down; a blank key ends the table there too.
        if not row or row[0] in (None, ""):
            break
        config[str(row[0]).strip().upper()] = row[1] if len(row) > 1 else ""
    return AddinFile(path=path, config=config, properties=_custom_properties(custom))


def _custom_properties(xml: bytes | None) -> dict[str, str]:
    if not xml:
        return {}
    try:
        root = ET.fromstring(xml)
    except ET.ParseError:
        return {}
    out: dict[str, str] = {}
    for prop in root.iter(f"{_CUSTOM_NS}property"):
        name = prop.get("name")
        value = next((child.text for child in prop), None)
        if name and value is not None:
            out[name] = value
    return out
