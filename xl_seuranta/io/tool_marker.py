"""How a file says which of its sheets xl-seuranta generated: a hidden sheet-level defined name.

A sheet's name cannot tell: a controller may well call a sheet of their own *Laskelmat*, and may
rename the generated one. So the file writer gives each generated sheet a hidden defined name
``xlseuranta_sheet`` scoped to that sheet, whose value is the sheet's role (its default name, e.g.
``"Laskelmat"``). Excel and LibreOffice keep a sheet-level name with the sheet when it is moved or
renamed, so the marker follows the sheet; a user's sheet never carries it.
"""

from __future__ import annotations

from lxml import etree

from xl_seuranta.io.ooxml_package import MAIN_NS, Package

MARKER_NAME = "xlseuranta_sheet"


def marker_value(role: str) -> str:
    """The defined name's formula text: the role as an Excel string constant."""
    return '"' + role.replace('"', '""') + '"'


def _role_of(text: str | None) -> str | None:
    text = (text or "").strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1].replace('""', '"') or None
    return None


def markers_in(workbook: etree._Element) -> dict[int, str]:
    """Sheet position (0-based) -> role, from a parsed workbook.xml."""
    out: dict[int, str] = {}
    for el in workbook.iterfind(f"{{{MAIN_NS}}}definedNames/{{{MAIN_NS}}}definedName"):
        if el.get("name", "").lower() != MARKER_NAME or el.get("localSheetId") is None:
            continue
        role = _role_of(el.text)
        try:
            index = int(el.get("localSheetId", ""))
        except ValueError:
            continue
        if role is not None:
            out[index] = role
    return out


def tool_sheets(pkg: Package) -> dict[str, str]:
    """Sheet name -> role of every sheet the file marks as the tool's own."""
    roles = markers_in(pkg.xml(pkg.workbook_part()))
    return {s.name: roles[s.index] for s in pkg.sheets() if s.index in roles}


def marker_element(role: str, index: int) -> etree._Element:
    """The ``<definedName>`` that marks the sheet at ``index`` as the tool's sheet for ``role``."""
    el = etree.Element(f"{{{MAIN_NS}}}definedName", nsmap=None)
    el.set("name", MARKER_NAME)
    el.set("localSheetId", str(index))
    el.set("hidden", "1")
    el.text = marker_value(role)
    return el
