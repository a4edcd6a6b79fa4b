"""An OOXML workbook package (.xlsx/.xlsm) as named parts and relationships: the one place that walks them.

A workbook file is a zip of parts (``xl/workbook.xml``, ``xl/worksheets/sheet3.xml``, pictures,
charts, the VBA project, ...). Parts find each other only through relationship parts
(``xl/_rels/workbook.xml.rels``), never by fixed names, and part names are case-insensitive. The
reader (formulas without a cached value), the package splicer and the tests all need the same walk
from the package root to the workbook and its sheets, so it lives here once.

``Package`` reads lazily from the zip and keeps edits (new, changed and removed parts) beside it, so
that an unchanged part is written back with exactly the bytes it had.
"""

from __future__ import annotations

import contextlib
import io
import posixpath
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO

from lxml import etree

from xl_seuranta.domain.grid import parse_a1

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT_MAIN_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main"
DOC_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"

RT_OFFICE_DOCUMENT = DOC_REL_NS + "/officeDocument"
RT_WORKSHEET = DOC_REL_NS + "/worksheet"
RT_STYLES = DOC_REL_NS + "/styles"
RT_CALC_CHAIN = DOC_REL_NS + "/calcChain"
RT_SHARED_STRINGS = DOC_REL_NS + "/sharedStrings"
RT_VBA_PROJECT = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"

CONTENT_TYPES = "[Content_Types].xml"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted OOXML file or an old .xls

_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_blank_text=False)


class PackageError(Exception):
    """The file is not a package this module can read; ``kind`` says why (for the user's message)."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind  # "missing", "encrypted", "not_zip", "strict", "no_workbook", "broken"
        self.detail = detail


@dataclass(frozen=True)
class Relationship:
    """One relationship of a part; ``part`` is the resolved target part name (None when external)."""

    id: str
    type: str
    target: str
    external: bool
    part: str | None


@dataclass(frozen=True)
class SheetEntry:
    """One ``<sheet>`` of the workbook: position (0-based), name, state and its part."""

    index: int
    name: str
    sheet_id: str
    rel_id: str
    state: str
    part: str | None
    content_type: str | None


def parse_xml(data: bytes) -> etree._Element:
    """Parse a part's XML safely (no entities, no network)."""
    return etree.fromstring(data, _PARSER)


def serialize_xml(root: etree._Element) -> bytes:
    """An edited XML part with the declaration Office writes."""
    return _DECLARATION + etree.tostring(root, encoding="UTF-8")


def rels_part_for(part: str) -> str:
    """The relationship part of ``part`` ('' is the package root): xl/workbook.xml -> xl/_rels/workbook.xml.rels."""
    if not part:
        return "_rels/.rels"
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def resolve_target(source_part: str, target: str) -> str:
    """The part name a relationship target of ``source_part`` names (absolute or relative target)."""
    target = target.split("#", 1)[0]
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    base = posixpath.dirname(source_part)
    return posixpath.normpath(posixpath.join(base, target)).lstrip("/")


def relative_target(source_part: str, part: str) -> str:
    """A relationship target from ``source_part`` to ``part``, relative as Office writes it."""
    return posixpath.relpath(part, posixpath.dirname(source_part) or ".")


class Package:
    """A workbook package read from a zip, with edits kept beside the original parts.

    Open with ``Package.open(path)`` or ``Package.from_bytes(data)``; both are context managers
    closing the zip. ``get`` returns a part's bytes (edited or original), ``set``/``remove`` edit,
    ``write`` saves a new zip in which every unedited part has its original bytes.
    """

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self._zf = zf
        self._infos: dict[str, zipfile.ZipInfo] = {}
        for info in zf.infolist():
            if info.is_dir():
                continue
            self._infos.setdefault(info.filename.lower(), info)
        self._edited: dict[str, bytes] = {}  # lower name -> bytes
        self._names: dict[str, str] = {k: v.filename for k, v in self._infos.items()}  # lower -> as written
        self._removed: set[str] = set()
        self._order: list[str] = list(self._infos)

    # ------------------------------------------------------------------------------ opening

    @classmethod
    @contextlib.contextmanager
    def open(cls, path: str | Path) -> Iterator[Package]:
        """Open a workbook file; raises ``PackageError`` for a missing, encrypted or non-zip file."""
        p = Path(path)
        try:
            fh: BinaryIO = open(p, "rb")  # noqa: SIM115 - closed below, after the zip
        except FileNotFoundError as exc:
            raise PackageError("missing", str(p)) from exc
        try:
            head = fh.read(8)
            fh.seek(0)
            if head == OLE_MAGIC:
                raise PackageError("encrypted", p.name)
            try:
                zf = zipfile.ZipFile(fh)
            except (zipfile.BadZipFile, OSError) as exc:
                raise PackageError("not_zip", str(exc)) from exc
            with zf:
                yield cls(zf)
        finally:
            fh.close()

    @classmethod
    @contextlib.contextmanager
    def from_bytes(cls, data: bytes) -> Iterator[Package]:
        """A package held in memory (e.g. the scratch workbook openpyxl rendered)."""
        if data[:8] == OLE_MAGIC:
            raise PackageError("encrypted")
        try:
            zf = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile as exc:
            raise PackageError("not_zip", str(exc)) from exc
        with zf:
            yield cls(zf)

    # ------------------------------------------------------------------------------ parts

    def names(self) -> list[str]:
        """Every part name (as written), original order first, then added parts."""
        return [self._names[k] for k in self._order if k not in self._removed]

    def has(self, part: str) -> bool:
        key = part.lower()
        return key in self._names and key not in self._removed

    def name_of(self, part: str) -> str:
        """The spelling a part has in the package (part names are case-insensitive)."""
        return self._names.get(part.lower(), part)

    def get(self, part: str) -> bytes:
        key = part.lower()
        if key in self._removed or key not in self._names:
            raise KeyError(part)
        if key in self._edited:
            return self._edited[key]
        try:
            return self._zf.read(self._infos[key])
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise PackageError("broken", f"{part}: {exc}") from exc

    def stream(self, part: str) -> IO[bytes]:
        """A part's bytes as a file object (for streaming a big sheet)."""
        key = part.lower()
        if key in self._edited or key in self._removed or key not in self._infos:
            return io.BytesIO(self.get(part))
        return self._zf.open(self._infos[key])

    def xml(self, part: str) -> etree._Element:
        """A part parsed as XML."""
        try:
            return parse_xml(self.get(part))
        except etree.XMLSyntaxError as exc:
            raise PackageError("broken", f"{part}: {exc}") from exc

    def is_edited(self, part: str) -> bool:
        key = part.lower()
        return key in self._edited or key in self._removed or key not in self._infos

    def set(self, part: str, data: bytes) -> None:
        key = part.lower()
        if key not in self._names or key in self._removed:
            if key not in self._order:
                self._order.append(key)
            self._names[key] = part
        self._removed.discard(key)
        self._edited[key] = data

    def remove(self, part: str) -> None:
        key = part.lower()
        self._edited.pop(key, None)
        if key in self._names:
            self._removed.add(key)

    # ------------------------------------------------------------------------ relationships

    def rels(self, part: str) -> list[Relationship]:
        """The relationships of ``part`` ('' for the package root), targets resolved."""
        rels_part = rels_part_for(part)
        if not self.has(rels_part):
            return []
        out = []
        for el in self.xml(rels_part).iter(f"{{{PKG_REL_NS}}}Relationship"):
            external = el.get("TargetMode") == "External"
            target = el.get("Target", "")
            out.append(
                Relationship(
                    id=el.get("Id", ""),
                    type=el.get("Type", ""),
                    target=target,
                    external=external,
                    part=None if external else self.name_of(resolve_target(part, target)),
                )
            )
        return out

    def reachable(self, start: Iterable[str], blocked: Iterable[str] = ()) -> set[str]:
        """Lower-cased names of the parts reachable from ``start`` through relationships, with the
        relationship parts themselves (``start`` included; '' is the package root). A walk stops at
        the ``blocked`` parts."""
        seen: set[str] = set()
        stop = {b.lower() for b in blocked}
        todo = [p for p in start]
        while todo:
            part = todo.pop()
            if part.lower() in seen or part.lower() in stop or (part and not self.has(part)):
                continue
            seen.add(part.lower())
            rels_part = rels_part_for(part)
            if self.has(rels_part):
                seen.add(rels_part.lower())
                todo += [r.part for r in self.rels(part) if r.part]
        return seen

    def workbook_part(self) -> str:
        """The workbook part, found from the package root's officeDocument relationship."""
        for rel in self.rels(""):
            if rel.type.endswith("/officeDocument") and rel.part and self.has(rel.part):
                return rel.part
        raise PackageError("no_workbook", "no officeDocument relationship")

    # ------------------------------------------------------------------------ content types

    def content_types(self) -> etree._Element:
        if not self.has(CONTENT_TYPES):
            raise PackageError("broken", "[Content_Types].xml missing")
        return self.xml(CONTENT_TYPES)

    def content_type(self, part: str, types: etree._Element | None = None) -> str | None:
        """The content type of ``part``: its Override, else the Default for its extension."""
        types = self.content_types() if types is None else types
        name = "/" + part.lower()
        for el in types.iter(f"{{{CT_NS}}}Override"):
            if el.get("PartName", "").lower() == name:
                return el.get("ContentType")
        ext = posixpath.splitext(part)[1].lstrip(".").lower()
        for el in types.iter(f"{{{CT_NS}}}Default"):
            if el.get("Extension", "").lower() == ext:
                return el.get("ContentType")
        return None

    # ------------------------------------------------------------------------------ workbook

    def sheets(self) -> list[SheetEntry]:
        """The workbook's sheets in tab order, each with its part (worksheets, chart sheets, ...)."""
        wb_part = self.workbook_part()
        root = self.xml(wb_part)
        if root.tag.startswith(f"{{{STRICT_MAIN_NS}}}"):
            raise PackageError("strict")
        rels = {r.id: r for r in self.rels(wb_part)}
        types = self.content_types()
        out = []
        for i, el in enumerate(root.iterfind(f"{{{MAIN_NS}}}sheets/{{{MAIN_NS}}}sheet")):
            rel = rels.get(el.get(f"{{{DOC_REL_NS}}}id", ""))
            part = rel.part if rel is not None and rel.part and self.has(rel.part) else None
            out.append(
                SheetEntry(
                    index=i,
                    name=el.get("name", ""),
                    sheet_id=el.get("sheetId", ""),
                    rel_id=el.get(f"{{{DOC_REL_NS}}}id", ""),
                    state=el.get("state", "visible"),
                    part=part,
                    content_type=self.content_type(part, types) if part else None,
                )
            )
        return out

    def worksheet_parts(self) -> list[tuple[str, str]]:
        """(sheet name, part) of every worksheet (not chart or dialog sheets) that has a part."""
        return [
            (s.name, s.part)
            for s in self.sheets()
            if s.part and (s.content_type or "").endswith("worksheet+xml")
        ]

    def cell_texts(self, part: str) -> dict[tuple[int, int], str]:
        """(row, col) -> text of every cell of a small sheet holding text (shared, inline or formula
        strings, numbers as written). For reading back the tool's own helper sheets."""
        shared: list[str] = []
        for rel in self.rels(self.workbook_part()):
            if rel.type == RT_SHARED_STRINGS and rel.part and self.has(rel.part):
                shared = ["".join(si.itertext()) for si in self.xml(rel.part).iterfind(f"{{{MAIN_NS}}}si")]
        out: dict[tuple[int, int], str] = {}
        for c in self.xml(part).iter(f"{{{MAIN_NS}}}c"):
            ref, kind = c.get("r"), c.get("t")
            if not ref:
                continue
            if kind == "inlineStr":
                inline = c.find(f"{{{MAIN_NS}}}is")
                text = "".join(inline.itertext()) if inline is not None else ""
            else:
                v = c.find(f"{{{MAIN_NS}}}v")
                text = v.text or "" if v is not None else ""
                if kind == "s":
                    text = shared[int(text)] if text.isdigit() and int(text) < len(shared) else ""
            if text:
                out[parse_a1(ref)] = text
        return out

    # ------------------------------------------------------------------------------ writing

    def write(self, fh: BinaryIO) -> None:
        """Write the package as a zip: [Content_Types].xml first, then the parts in their order.

        Unedited parts keep their bytes, their zip entry name, date and compression method.
        """
        keys = [k for k in self._order if k not in self._removed]
        keys.sort(key=lambda k: k != CONTENT_TYPES.lower())
        with zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as out:
            for key in keys:
                if key in self._edited or key not in self._infos:
                    info = zipfile.ZipInfo(self._names[key], date_time=_NOW)
                    info.compress_type = zipfile.ZIP_DEFLATED
                    out.writestr(info, self._edited[key])
                    continue
                src = self._infos[key]
                info = zipfile.ZipInfo(src.filename, date_time=src.date_time)
                info.compress_type = src.compress_type
                info.external_attr = src.external_attr
                out.writestr(info, self.get(src.filename))


_NOW = (1980, 1, 1, 0, 0, 0)  # zip dates of edited parts: fixed, so equal inputs give equal files
