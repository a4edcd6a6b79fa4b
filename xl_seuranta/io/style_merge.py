"""Bring the styles of generated sheets into a workbook's styles.xml without renumbering any.

Every cell of a user's sheet names its format by an index into ``cellXfs`` (and conditional formats
by an index into ``dxfs``), and a format names its font, fill, border and number format by index. So
the user's entries must keep their positions: the generated sheets' fonts, fills, borders, number
formats, cell formats and differential formats are **appended** (an identical entry already there is
reused, so regenerating a sheet a hundred times does not grow the file), and the generated sheet's
cells are renumbered instead.

The scratch workbook's format 0 (the default) maps to the user's format 0, as when openpyxl wrote the
sheet into the loaded workbook: an unformatted generated cell looks like an unformatted user cell.
"""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass, field

from lxml import etree

from xl_seuranta.io.ooxml_package import MAIN_NS

_ORDER = [
    "numFmts",
    "fonts",
    "fills",
    "borders",
    "cellStyleXfs",
    "cellXfs",
    "cellStyles",
    "dxfs",
    "tableStyles",
    "colors",
    "extLst",
]
FIRST_CUSTOM_NUMFMT = 164  # ids below are Excel's built-in formats


def _q(tag: str) -> str:
    return f"{{{MAIN_NS}}}{tag}"


@dataclass
class StyleMap:
    """Scratch index -> index in the merged styles, for cell formats and differential formats."""

    xf: dict[int, int] = field(default_factory=dict)
    dxf: dict[int, int] = field(default_factory=dict)


def _canonical(el: etree._Element) -> bytes:
    """Comparable bytes of a style entry: whitespace dropped, a font's children in a fixed order
    (the schema lets them come in any order, and Excel and openpyxl order them differently)."""
    copy = deepcopy(el)
    for node in copy.iter():
        if node.text is not None and not node.text.strip():
            node.text = None
        node.tail = None
    for font in [copy] if etree.QName(copy).localname == "font" else list(copy.iter(_q("font"))):
        children = sorted(font, key=lambda c: etree.QName(c).localname)
        for c in list(font):
            font.remove(c)
        font.extend(children)
    return etree.tostring(copy, method="c14n")


def container(styles: etree._Element, tag: str) -> etree._Element:
    """The ``<tag>`` list of the stylesheet, created at its schema position when missing."""
    found = styles.find(_q(tag))
    if found is not None:
        return found
    el = etree.Element(_q(tag))
    el.set("count", "0")
    later = set(_ORDER[_ORDER.index(tag) + 1 :])
    for i, child in enumerate(styles):
        if isinstance(child.tag, str) and etree.QName(child).localname in later:
            styles.insert(i, el)
            return el
    styles.append(el)
    return el


def _entries(styles: etree._Element, tag: str, item: str) -> list[etree._Element]:
    box = styles.find(_q(tag))
    return [] if box is None else list(box.iterfind(_q(item)))


def _set_count(box: etree._Element, item: str) -> None:
    box.set("count", str(len(box.findall(_q(item)))))


class _Appender:
    """Append-or-reuse for one list of style entries (fonts, fills, borders, cellXfs, dxfs)."""

    def __init__(self, styles: etree._Element, tag: str, item: str) -> None:
        self.styles, self.tag, self.item = styles, tag, item
        self.index: dict[bytes, int] = {}
        for i, el in enumerate(_entries(styles, tag, item)):
            self.index.setdefault(_canonical(el), i)

    def add(self, el: etree._Element) -> int:
        key = _canonical(el)
        if key in self.index:
            return self.index[key]
        box = container(self.styles, self.tag)
        new = deepcopy(el)
        new.tail = None
        box.append(new)
        self.index[key] = len(box.findall(_q(self.item))) - 1
        _set_count(box, self.item)
        return self.index[key]


def _number_formats(base: etree._Element, scratch: etree._Element) -> dict[int, int]:
    """Scratch custom number format id -> id in base (an equal format code is reused)."""
    by_code: dict[str, int] = {}
    used: set[int] = set()
    for el in _entries(base, "numFmts", "numFmt"):
        nid = int(el.get("numFmtId", "0"))
        used.add(nid)
        by_code.setdefault(el.get("formatCode", ""), nid)
    out: dict[int, int] = {}
    for el in _entries(scratch, "numFmts", "numFmt"):
        sid, code = int(el.get("numFmtId", "0")), el.get("formatCode", "")
        if code in by_code:
            out[sid] = by_code[code]
            continue
        new_id = max([FIRST_CUSTOM_NUMFMT - 1, *used]) + 1
        box = container(base, "numFmts")
        fmt = etree.SubElement(box, _q("numFmt"))
        fmt.set("numFmtId", str(new_id))
        fmt.set("formatCode", code)
        _set_count(box, "numFmt")
        used.add(new_id)
        by_code[code] = new_id
        out[sid] = new_id
    return out


def merge_styles(base: etree._Element, scratch: etree._Element) -> StyleMap:
    """Append what ``scratch``'s cell and differential formats need to ``base`` (edited in place)."""
    numfmts = _number_formats(base, scratch)
    maps: dict[str, dict[int, int]] = {}
    for tag, item in (("fonts", "font"), ("fills", "fill"), ("borders", "border")):
        appender = _Appender(base, tag, item)
        maps[item] = {i: appender.add(el) for i, el in enumerate(_entries(scratch, tag, item))}

    result = StyleMap()
    xfs = _Appender(base, "cellXfs", "xf")
    for i, xf in enumerate(_entries(scratch, "cellXfs", "xf")):
        if i == 0:
            result.xf[0] = 0
            continue
        new = deepcopy(xf)
        nid = int(new.get("numFmtId", "0"))
        new.set("numFmtId", str(numfmts.get(nid, nid)))
        for attr, item in (("fontId", "font"), ("fillId", "fill"), ("borderId", "border")):
            new.set(attr, str(maps[item].get(int(new.get(attr, "0")), 0)))
        new.set("xfId", "0")  # the user's Normal style
        result.xf[i] = xfs.add(new)

    dxfs = _Appender(base, "dxfs", "dxf")
    for i, dxf in enumerate(_entries(scratch, "dxfs", "dxf")):
        result.dxf[i] = dxfs.add(dxf)
    return result


def default_font(styles: etree._Element | None) -> etree._Element | None:
    """The workbook's default font (font 0), which unformatted and formatted cells start from."""
    if styles is None:
        return None
    fonts = _entries(styles, "fonts", "font")
    return fonts[0] if fonts else None
