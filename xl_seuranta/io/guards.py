"""Look at a workbook file before any reader touches it: what it is, and whether it is safe to read.

python-calamine inflates the parts it needs and allocates the whole rectangle from A1 to a sheet's
last value: a stray value in XFD1048576 asks for 512 GiB and aborts the process, one in A1048576
costs seconds and hundreds of megabytes, a 1 MB file that unpacks to 400 MB is read for a minute.
A nightly batch over thousands of files meets such files, so every one is inspected first, cheaply:

1. the file itself: a regular file, readable, not empty, not over the size limit;
2. its first bytes: a zip package (xlsx/xlsm/ods), an OLE compound file (an old .xls, or an
   encrypted workbook: Excel wraps a password-protected .xlsx in OLE), HTML or text posing as a
   workbook — so that the message can say what the file is and what to do;
3. the zip directory: number of parts, total unpacked size, and the unpack ratio of every large
   part (a zip bomb compresses thousands to one);
4. each worksheet's XML, streamed once with a regular expression (never parsed into memory): the
   last row and column that hold a value, the number of values, and the formulas saved without a
   value (which the rules report). The rectangle calamine would allocate is checked against the
   cell limit, with a message that names the stray cell when the sheet is mostly empty.

The ``<dimension>`` tag is not trusted (calamine does not use it either), and trailing rows or
columns that carry only formatting cost nothing, because only cells with a value count.
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from xl_seuranta.domain.grid import a1, col_number
from xl_seuranta.io.read_errors import WorkbookReadError

MB = 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_SMALL_PART = 16 * MB  # workbook.xml and its relationships are read whole only below this size
_RATIO_FROM = 1 * MB  # the unpack ratio is checked for parts at least this large when unpacked
_CHUNK = 1 * MB


@dataclass(frozen=True)
class Limits:
    """How much a single file may ask for before it is refused; every one settable from the CLI.

    The defaults are far above a real follow-up workbook (tens of kilobytes to a few megabytes,
    some thousands of cells) and far below what hurts a shared batch machine.
    """

    max_file_mb: float = 100.0  # the file on disk
    max_unpacked_mb: float = 200.0  # all parts unpacked, as the zip directory declares them
    max_ratio: float = 100.0  # unpacked / packed size of any part of at least 1 MB unpacked
    max_cells: int = 2_000_000  # rows x columns up to each sheet's last value, summed over sheets
    max_parts: int = 10_000  # entries in the zip directory


DEFAULT_LIMITS = Limits()


@dataclass
class SheetScan:
    """What one worksheet's XML holds, found without parsing it into memory."""

    name: str
    part: str
    last_row: int = 0  # 1-based; 0 when the sheet has no value
    last_col: int = 0
    values: int = 0  # cells with a value
    far_cell: str = ""  # the value cell furthest from A1 (largest row x column): the one to name
    far_area: int = 0
    uncached: set[tuple[int, int]] = field(default_factory=set)  # formulas saved without a value

    @property
    def cells(self) -> int:
        """The rectangle calamine allocates for the sheet: A1 to the last row and column."""
        return self.last_row * self.last_col


@dataclass
class Inspection:
    """The outcome of a successful inspection: what the file is and what its sheets hold."""

    path: Path
    kind: str  # "xlsx" (also xlsm), "ods", "xls"
    size: int
    unpacked: int = 0
    sheets: list[SheetScan] = field(default_factory=list)
    # The zip's part names, the raw workbook part and the package's root relationships: from them
    # the reader sees, without opening the package again, when there are no tool markers or cell
    # notes to look for (a plain workbook, the common case of a batch).
    parts: frozenset[str] = frozenset()
    workbook_xml: bytes = b""
    root_rels: bytes = b""
    # The file as it was inspected (size, modification time, inode): an inspection handed to another
    # process is used there only while the file is still that file.
    stamp: tuple[int, int, int] = (0, 0, 0)

    @property
    def cells(self) -> int:
        return sum(s.cells for s in self.sheets)

    def is_current(self) -> bool:
        """Whether the file on disk is still the one inspected (not saved over or replaced since)."""
        try:
            return _stamp(os.stat(self.path)) == self.stamp
        except OSError:
            return False


# ------------------------------------------------------------------------------------- the file


def inspect_file(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> Inspection:
    """Inspect ``path``; an ``Inspection`` when it may be read, else ``WorkbookReadError`` saying why."""
    p = Path(path)
    st = _regular_file_stat(p)
    size = st.st_size
    if size == 0:
        raise WorkbookReadError("empty", p)
    if size > limits.max_file_mb * MB:
        raise WorkbookReadError("too_big_file", p, size=round(size / MB, 1), limit=limits.max_file_mb)
    try:
        with open(p, "rb") as fh:
            head = fh.read(4096)
    except PermissionError as exc:
        raise WorkbookReadError("no_permission", p, detail=str(exc)) from exc
    except OSError as exc:
        raise WorkbookReadError("os_error", p, detail=str(exc)) from exc
    if head.startswith(ZIP_MAGICS):
        inspection = _inspect_zip(p, size, limits)
    elif head.startswith(OLE_MAGIC):
        inspection = _inspect_ole(p, size)
    else:
        raise WorkbookReadError(_sniff_other(head), p, suffix=p.suffix or "(ei päätettä)")
    inspection.stamp = _stamp(st)
    return inspection


def _stamp(st: os.stat_result) -> tuple[int, int, int]:
    return st.st_size, st.st_mtime_ns, st.st_ino


def _regular_file_stat(p: Path) -> os.stat_result:
    """The status of a regular file; a clear error for a missing path, a folder, a pipe or a device.

    ``os.stat`` never opens the file, so a FIFO is named, not waited on.
    """
    try:
        st = os.stat(p)
    except FileNotFoundError as exc:
        raise WorkbookReadError("not_found", p) from exc
    except PermissionError as exc:
        raise WorkbookReadError("no_permission", p, detail=str(exc)) from exc
    except OSError as exc:
        raise WorkbookReadError("os_error", p, detail=str(exc)) from exc
    mode = st.st_mode
    if stat.S_ISREG(mode):
        return st
    what = (
        "directory"
        if stat.S_ISDIR(mode)
        else "fifo"
        if stat.S_ISFIFO(mode)
        else "socket"
        if stat.S_ISSOCK(mode)
        else "device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "other"
    )
    raise WorkbookReadError("not_regular", p, what=what)


def _sniff_other(head: bytes) -> str:
    """What a file that is neither zip nor OLE seems to be: HTML, Excel 2003 XML, text, or unknown."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"urn:schemas-microsoft-com:office:spreadsheet" in head.lower() and start.startswith(b"<?xml"):
        return "xml2003"
    if (
        start.startswith((b"<!doctype html", b"<html", b"<table", b"<head", b"<meta"))
        or b"<html" in start[:512]
    ):
        return "html"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"  # a UTF-16 text export
    if b"\x00" not in head:
        try:
            head.decode("utf-8")
            return "text"
        except UnicodeDecodeError as exc:
            if exc.start >= len(head) - 4:  # a multi-byte character cut by the 4 KiB window
                return "text"
            if sum(b < 9 or 13 < b < 32 for b in head) == 0:
                return "text"  # Latin-1 text (Windows CSV exports)
    return "unknown"


# ---------------------------------------------------------------------------------------- OLE


def _inspect_ole(p: Path, size: int) -> Inspection:
    """An OLE compound file: an encrypted OOXML workbook, an old .xls, or another Office file."""
    import olefile

    try:
        with olefile.OleFileIO(str(p)) as ole:
            streams = {"/".join(entry).lower() for entry in ole.listdir(streams=True, storages=True)}
    except Exception as exc:  # olefile raises OSError and its own errors for broken files
        raise WorkbookReadError(
            "corrupt_zip" if p.suffix.lower() != ".xls" else "xls", p, detail=str(exc)
        ) from exc
    if "encryptedpackage" in streams or "encryptioninfo" in streams:
        raise WorkbookReadError("encrypted", p)
    if "workbook" in streams or "book" in streams:
        if p.suffix.lower() != ".xls":
            raise WorkbookReadError("xls_renamed", p, suffix=p.suffix or "(ei päätettä)")
        return Inspection(p, "xls", size)
    raise WorkbookReadError("ole_other", p)


# ---------------------------------------------------------------------------------------- zip


def _inspect_zip(p: Path, size: int, limits: Limits) -> Inspection:
    try:
        zf = zipfile.ZipFile(p)
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise WorkbookReadError("corrupt_zip", p, detail=str(exc)) from exc
    except OSError as exc:
        raise WorkbookReadError("os_error", p, detail=str(exc)) from exc
    with zf:
        infos = zf.infolist()
        if len(infos) > limits.max_parts:
            raise WorkbookReadError("too_many_parts", p, count=len(infos), limit=limits.max_parts)
        unpacked = sum(i.file_size for i in infos)
        if unpacked > limits.max_unpacked_mb * MB:
            raise WorkbookReadError(
                "too_big_unpacked", p, size=round(unpacked / MB, 1), limit=limits.max_unpacked_mb
            )
        for info in infos:
            if info.file_size >= _RATIO_FROM and info.file_size > limits.max_ratio * max(
                info.compress_size, 1
            ):
                raise WorkbookReadError(
                    "zip_bomb",
                    p,
                    part=info.filename,
                    ratio=round(info.file_size / max(info.compress_size, 1)),
                    limit=limits.max_ratio,
                )
        names = {i.filename for i in infos}
        if "xl/workbook.xml" in names:
            sheets = _scan_sheets(p, zf, limits)
            workbook_xml = _read_small(zf, "xl/workbook.xml", p)
            root_rels = _read_small(zf, "_rels/.rels", p) if "_rels/.rels" in names else b""
            return Inspection(p, "xlsx", size, unpacked, sheets, frozenset(names), workbook_xml, root_rels)
        if "mimetype" in names and _read_small(zf, "mimetype", p).strip().startswith(_ODS_MIME):
            return Inspection(p, "ods", size, unpacked)  # sizes checked; calamine reads content.xml
        if "word/document.xml" in names:
            raise WorkbookReadError("other_office", p, what="docx")
        if "ppt/presentation.xml" in names:
            raise WorkbookReadError("other_office", p, what="pptx")
        if "mimetype" in names and b"opendocument.text" in _read_small(zf, "mimetype", p):
            raise WorkbookReadError("other_office", p, what="odt")
        raise WorkbookReadError("zip_not_workbook", p)


def _read_small(zf: zipfile.ZipFile, name: str, p: Path) -> bytes:
    """A small part read whole (the workbook part, relationships); a broken one is a damaged file."""
    info = zf.getinfo(name)
    if info.file_size > _SMALL_PART:
        raise WorkbookReadError("zip_bomb", p, part=name, ratio=round(info.file_size / MB), limit="16 MB")
    try:
        return zf.read(name)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise WorkbookReadError("corrupt_zip", p, detail=f"{name}: {exc}") from exc


def worksheet_parts(zf: zipfile.ZipFile, p: Path) -> list[tuple[str, str]]:
    """(sheet name, part name) of every worksheet, in workbook order, from workbook.xml and its rels."""
    try:
        wb = ET.fromstring(_read_small(zf, "xl/workbook.xml", p))
        rels_name = "xl/_rels/workbook.xml.rels"
        rels = ET.fromstring(_read_small(zf, rels_name, p)) if rels_name in zf.NameToInfo else None
    except ET.ParseError as exc:
        raise WorkbookReadError("corrupt_zip", p, detail=f"xl/workbook.xml: {exc}") from exc
    targets = {}
    if rels is not None:
        for rel in rels.iter(f"{{{_NS_PKG}}}Relationship"):
            targets[rel.get("Id")] = rel.get("Target", "")
    out = []
    for sheet in wb.iter(f"{{{_NS_MAIN}}}sheet"):
        target = targets.get(sheet.get(f"{{{_NS_REL}}}id"), "")
        if not target:
            continue
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
        if part in zf.NameToInfo and "worksheets/" in part:
            out.append((sheet.get("name", ""), part))
    return out


def _scan_sheets(p: Path, zf: zipfile.ZipFile, limits: Limits) -> list[SheetScan]:
    scans: list[SheetScan] = []
    total = 0
    for name, part in worksheet_parts(zf, p):
        # Stop a sheet's scan as soon as the workbook is over the limit: the cells already seen decide.
        scan = scan_sheet_xml(zf, name, part, p, stop_after=limits.max_cells - total)
        scans.append(scan)
        total += scan.cells
        if total > limits.max_cells:
            _refuse_cells(p, scans, total, limits)
    return scans


def _refuse_cells(p: Path, scans: list[SheetScan], total: int, limits: Limits) -> None:
    """Name the stray cell when one sheet is mostly empty rectangle, else the workbook's size."""
    worst = max(scans, key=lambda s: s.cells)
    if worst.values * 10 < worst.cells:
        raise WorkbookReadError(
            "stray_cell",
            p,
            sheet=worst.name,
            cell=worst.far_cell,
            rows=worst.last_row,
            cols=worst.last_col,
            cells=worst.cells,
            limit=limits.max_cells,
            values=worst.values,
        )
    raise WorkbookReadError(
        "too_many_cells", p, cells=total, limit=limits.max_cells, sheet=worst.name, cell=worst.far_cell
    )


# ------------------------------------------------------------------------------ sheet XML scan

# The general scanner: one alternation over the tags that matter, a row start (its number) or a
# whole cell element (self-closing, or with its content up to the closing tag). It handles cells
# written without an ``r`` address, attributes in any order and namespace prefixes.
_TOKEN = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?row\b([^>]*)>"
    rb"|<((?:[A-Za-z_][\w.-]*:)?)c\b([^>]*?)(/)?>(?(4)|(.*?)</\2c>)",
    re.DOTALL,
)
_ATTR_R = re.compile(rb"""\br\s*=\s*["']\$?([A-Za-z]*)\$?(\d*)["']""")
_VALUE = re.compile(rb"<(?:[\w.-]+:)?v(?:\s[^>]*)?>\s*[^<\s]|<(?:[\w.-]+:)?is\b")
_FORMULA = re.compile(rb"<(?:[\w.-]+:)?f\b")
_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:c|row)\b")
_ROOT_PREFIX = re.compile(rb"<([A-Za-z_][\w.-]*:)?worksheet\b")


class _FastPatterns:
    """Expressions for the shape every common writer uses (Excel, LibreOffice, openpyxl): each cell
    starts ``<c r="B5"``, its value (plain ``<v>`` or ``<is>``) or formula right after it. ``findall``
    then runs in C, about ten times faster than the general scanner.

    The fast reading is trusted only when it provably saw everything: no cell, value or formula
    element of another spelling (another prefix, whitespace other than a space after the name, a
    ``<v>`` with attributes) is in the piece, and every value and formula element was attributed to
    a cell address. Anything else is read by the general scanner: calamine reads those spellings
    too, so a stray far cell written with a line break after ``<c`` must not slip past the guard.
    """

    def __init__(self, prefix: bytes) -> None:
        p = re.escape(prefix)
        self.cell_any = (b"<" + prefix + b"c ", b"<" + prefix + b"c>")
        self.row_any = (b"<" + prefix + b"row ", b"<" + prefix + b"row>")
        self.v_open, self.v_empty = b"<" + prefix + b"v>", b"<" + prefix + b"v></" + prefix + b"v>"
        self.is_open = b"<" + prefix + b"is>"
        self.f_start = b"<" + prefix + b"f"
        self.f_open = (b"<" + prefix + b"f>", b"<" + prefix + b"f ", b"<" + prefix + b"f/")
        # A cell, value or formula element spelled any other way than the three shapes above.
        self.odd = re.compile(
            rb"<(?!" + p + rb"""(?:c r="|v>|is>|f[ >/]))(?:[A-Za-z_][\w.-]*:)?(?:c|v|is|f)[\s/>]"""
        )
        # ``odd`` without its optional prefix: the same search for the unprefixed spellings, without
        # trying a namespace prefix at every '<' of the piece (which cost ``odd`` twice as long).
        self.odd_plain = re.compile(rb"<(?!" + p + rb"""(?:c r="|v>|is>|f[ >/]))(?:c|v|is|f)[\s/>]""")
        # What every prefixed spelling ``odd`` finds contains; a piece without it has none.
        self.odd_prefixed_hint = re.compile(rb":(?:c|v|is|f)[\s/>]")
        cell = rb"<" + p + rb'c r="([A-Za-z]+)(\d+)"[^>]*(?<!/)>'
        formula = rb"<" + p + rb"f\b[^<]*(?:</" + p + rb"f>)?"
        self.values = re.compile(cell + rb"(?:" + formula + rb")?<" + p + rb"(?:v>\s*[^<\s]|is>)")
        self.formulas = re.compile(cell + formula + rb"(<" + p + rb"v>\s*[^<\s])?")

    def has_odd(self, piece: bytes) -> bool:
        """Whether ``odd`` finds anything in ``piece``, answered faster for the usual piece.

        ``odd`` matches either without a prefix (``odd_plain``, the same expression with the
        optional prefix left out) or with one, and a prefixed match always contains
        ``odd_prefixed_hint`` (the prefix's ':' then the element's name and its end). Only a piece
        with that hint is searched with ``odd`` itself, so the answer is ``odd``'s in every case.
        """
        if self.odd_plain.search(piece):
            return True
        return bool(self.odd_prefixed_hint.search(piece)) and bool(self.odd.search(piece))

    def last_start(self, buf: bytes) -> int:
        """Where the last cell or row starts: ``rfind`` for the common shape, else the general search."""
        last = max(buf.rfind(t) for t in (*self.cell_any, self.row_any[0], self.row_any[1]))
        return last if last > 0 else _last_start(buf)

    def value_elements(self, piece: bytes) -> int:
        """Value elements in a piece without odd spellings: ``<v>`` with content, and ``<is>``
        (a ``<v>`` of only whitespace counts here but not as a value, and sends the piece on)."""
        return piece.count(self.v_open) - piece.count(self.v_empty) + piece.count(self.is_open)

    def formula_elements(self, piece: bytes) -> int:
        return sum(piece.count(f) for f in self.f_open)


@functools.lru_cache(maxsize=16)
def _fast_patterns(prefix: bytes) -> _FastPatterns:
    """Compiled once per namespace prefix, not once per sheet: a small workbook has several sheets."""
    return _FastPatterns(prefix)


def scan_sheet_xml(
    zf: zipfile.ZipFile, name: str, part: str, p: Path, stop_after: int | None = None
) -> SheetScan:
    """Stream one worksheet part: last value row/column, value count, formulas without a value.

    ``stop_after``: stop reading once the sheet's rectangle exceeds this many cells (the file is
    refused anyway; reading on would only cost time).
    """
    scan = SheetScan(name=name, part=part)
    pos = (0, 0)  # row and column of the last cell seen, for cells written without an address
    carry = b""
    try:
        with zf.open(part) as fh:
            chunk = fh.read(_CHUNK)
            m = _ROOT_PREFIX.search(chunk[:4096])
            fast = _fast_patterns(m.group(1) or b"" if m else b"")
            while chunk:
                following = fh.read(_CHUNK)
                buf = carry + chunk
                if following:
                    cut = fast.last_start(buf)
                    piece, carry = buf[:cut], buf[cut:]
                else:
                    piece, carry = buf, b""
                seen = _scan_fast(piece, scan, fast, pos)
                pos = _scan_general(piece, scan, pos) if seen is None else seen
                if stop_after is not None and scan.cells > stop_after:
                    break
                chunk = following
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise WorkbookReadError("corrupt_zip", p, detail=f"{part}: {exc}") from exc
    return scan


def _last_start(buf: bytes) -> int:
    """Where the last cell or row element starts (everything before it is complete), any shape.

    0 keeps the whole buffer for the next chunk; a buffer of 64 MB without any cell or row start
    (whitespace, a hostile part) is handed on whole rather than grown further.
    """
    window = 64 * 1024
    while True:
        start = max(len(buf) - window, 0)
        last = None
        for m in _START.finditer(buf, start):
            last = m.start()
        if last is not None:
            return last
        if start == 0:
            return 0 if len(buf) < 64 * MB else len(buf)
        window *= 4


def _note_value(scan: SheetScan, row: int, col: int) -> None:
    scan.last_row = max(scan.last_row, row)
    scan.last_col = max(scan.last_col, col)
    if row * col > scan.far_area:  # the value that stretches the rectangle furthest
        scan.far_area = row * col
        scan.far_cell = a1(row, col)


def _scan_fast(
    piece: bytes, scan: SheetScan, fast: _FastPatterns, pos: tuple[int, int]
) -> tuple[int, int] | None:
    """Note a piece of the common shape: the position of its last value cell (``pos`` when it has
    none); None, and nothing noted, when the piece needs the general scanner."""
    if fast.has_odd(piece):
        return None
    pairs = fast.values.findall(piece)
    if len(pairs) != fast.value_elements(piece):
        return None  # a value not right after its cell's start tag (indented XML, an address with $)
    uncached = []
    if fast.f_start in piece:
        formulas = fast.formulas.findall(piece)
        if len(formulas) != fast.formula_elements(piece):
            return None
        uncached = [(int(r), col_number(c.decode("ascii"))) for c, r, value in formulas if not value]
    scan.uncached.update(uncached)
    if not pairs:
        return pos
    scan.values += len(pairs)
    rows = list(map(int, [r for _c, r in pairs]))
    top = max(rows)
    letters = {c for c, _r in pairs}
    widest = max(letters, key=lambda c: (len(c), c.upper()))
    i = rows.index(top)
    _note_value(scan, top, col_number(pairs[i][0].decode("ascii")))
    j = next(k for k in range(len(pairs) - 1, -1, -1) if pairs[k][0] == widest)
    _note_value(scan, rows[j], col_number(widest.decode("ascii")))
    return int(pairs[-1][1]), col_number(pairs[-1][0].decode("ascii"))


def _scan_general(piece: bytes, scan: SheetScan, pos: tuple[int, int]) -> tuple[int, int]:
    """Scan complete elements of any shape; ``pos`` carries the position for cells without ``r``."""
    row, col = pos
    for m in _TOKEN.finditer(piece):
        row_attrs = m.group(1)
        if row_attrs is not None:
            r = _ATTR_R.search(row_attrs)
            row = int(r.group(2)) if r and r.group(2) else row + 1
            col = 0
            continue
        attrs, self_closing, content = m.group(3), m.group(4), m.group(5)
        r = _ATTR_R.search(attrs)
        if r and r.group(1):
            col = col_number(r.group(1).decode("ascii"))
            if r.group(2):
                row = int(r.group(2))
        else:
            col += 1
        if self_closing or not content:
            continue
        if _VALUE.search(content):
            scan.values += 1
            _note_value(scan, row, col)
        elif _FORMULA.search(content):
            scan.uncached.add((row, col))
    return row, col
