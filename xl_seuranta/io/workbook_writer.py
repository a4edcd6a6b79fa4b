"""Write the tool's sheets into a workbook file: render, splice into the user's package, save atomically.

This is the one file-writing entry (the CLI's ``run``, ``compute`` and ``goals``). What it guarantees:

* every part of the user's package that is not one of the tool's sheets keeps its bytes: the user's
  sheets with their formulas' cached values, pictures, charts, shapes, comments, form controls,
  pivot tables, custom XML, printer settings, the VBA project (``splice``);
* the tool's sheets are recognised by the marker it leaves (``tool_marker``), or, for a file written
  before markers existed or by the Excel buttons, by the name *and* the sheet's own header text the
  caller recognised; a user's sheet that merely has the name is left alone and the generated sheet
  gets a free name (*Laskelmat (2)*), said in a note;
* the output's content matches its extension: a macro workbook written as .xlsx loses its VBA project,
  said in a note;
* atomic, locked, permission bits kept, symlinks followed (``atomic_file``).

Under the lock the file is read afresh, so two writers of the same file each add their sheet to what
the other wrote, and neither is lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from xl_seuranta.domain.messages import Files, Message
from xl_seuranta.domain.plans import BookPlan, SheetPlan
from xl_seuranta.io import atomic_file, style_merge, tool_marker
from xl_seuranta.io.atomic_file import FileWriteError
from xl_seuranta.io.ooxml_package import RT_STYLES, Package, PackageError, SheetEntry
from xl_seuranta.io.openpyxl_writer import LIST_SHEET, WorkbookWriteError, render_scratch
from xl_seuranta.io.splice import MACRO_SUFFIXES, MAIN_TYPES, Placement, has_macro_sheets, splice

SUPPORTED_SUFFIXES = set(MAIN_TYPES)
MAX_SHEET_NAME = 31
_PACKAGE_ERRORS = {  # PackageError.kind -> what the user reads
    "missing": Files.missing,
    "not_zip": Files.not_zip,
    "encrypted": Files.encrypted,
    "strict": Files.strict,
    "no_workbook": Files.no_workbook,
    "broken": Files.broken,
}


@dataclass
class WriteResult:
    """The written file, the sheet each role ended up in, and notes for the user."""

    path: Path
    sheets: dict[str, str] = field(default_factory=dict)  # role -> sheet name
    notes: list[Message] = field(default_factory=list)  # rendered in the user's language where shown
    vba_dropped: bool = False


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def free_sheet_name(role: str, taken: set[str]) -> str:
    """'Laskelmat (2)', '(3)', ...: the first not in ``taken`` (compared case-insensitively, ≤ 31 chars)."""
    lower = {t.lower() for t in taken}
    n = 2
    while True:
        suffix = f" ({n})"
        candidate = role[: MAX_SHEET_NAME - len(suffix)] + suffix
        if candidate.lower() not in lower:
            return candidate
        n += 1


def _owned_sheets(pkg: Package, sheets: list[SheetEntry], legacy: Mapping[str, str]) -> dict[str, SheetEntry]:
    """role -> the tool's sheet for it: marked ones first, then the caller's legacy recognitions."""
    owned: dict[str, SheetEntry] = {}
    marked = tool_marker.tool_sheets(pkg)
    for s in sheets:
        role = marked.get(s.name)
        if role is not None and role not in owned:
            owned[role] = s
    by_name = {s.name: s for s in sheets}
    for role, name in legacy.items():
        s = by_name.get(name)
        if role not in owned and s is not None and s.name not in marked:
            owned[role] = s
    return owned


def _list_columns(pkg: Package, entry: SheetEntry) -> dict[int, list[str]]:
    """The drop-down list sheet's columns: column -> [key 'Sheet!A1:A9', option, option, ...]."""
    if entry.part is None:
        return {}
    cells = pkg.cell_texts(entry.part)
    cols: dict[int, list[str]] = {}
    for (row, col), text in sorted(cells.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        values = cols.setdefault(col, [])
        while len(values) < row - 1:
            values.append("")
        values.append(text)
    return {c: v for c, v in cols.items() if v and v[0]}


def _key_sheet(key: str) -> str:
    return key.rsplit("!", 1)[0]


def write_plans_to_file(
    src: str | Path,
    plans: list[SheetPlan] | BookPlan,
    dst: str | Path | None = None,
    *,
    legacy_tool_sheets: Mapping[str, str] | None = None,
    lock_wait_s: float = atomic_file.DEFAULT_WAIT_S,
) -> WriteResult:
    """Write ``plans`` (the tool's whole sheets) into ``src``'s workbook, saved as ``dst`` (default: in place).

    ``legacy_tool_sheets`` (role -> sheet name) names unmarked sheets the caller recognised as the
    tool's by their content. Raises ``WorkbookWriteError`` with the user's message, target unchanged.
    """
    src = Path(src)
    dst = Path(dst) if dst is not None else src
    sheet_plans = plans.sheets if isinstance(plans, BookPlan) else list(plans)
    for plan in sheet_plans:
        if plan.mode != "replace":
            raise WorkbookWriteError(Files.patch, name=plan.name)
    if not src.is_file():
        raise WorkbookWriteError(Files.missing, name=src)
    out_suffix = dst.suffix.lower()
    if out_suffix not in SUPPORTED_SUFFIXES:
        raise WorkbookWriteError(Files.bad_out_suffix, suffix=dst.suffix or "(-)")
    if src.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise WorkbookWriteError(Files.bad_in_suffix, name=src.name, suffix=src.suffix or "(-)")

    target = atomic_file.resolve_target(dst)
    in_place = _same_file(src, target)
    try:
        with atomic_file.locked(target, lock_wait_s):
            atomic_file.check_writable(target)
            base_path = target if in_place else src
            with Package.open(base_path) as base:
                result = _splice_plans(base, sheet_plans, out_suffix, dict(legacy_tool_sheets or {}))
                if result.vba_dropped:
                    result.notes.append(Message(Files.vba_dropped, {"suffix": out_suffix, "src": src.name}))
                result.path = dst
                atomic_file.write_atomic(target, base.write, mode_from=None if in_place else src)
    except PackageError as exc:
        name = (target if in_place else src).name
        raise WorkbookWriteError(
            _PACKAGE_ERRORS.get(exc.kind, Files.broken), name=name, detail=exc.detail or exc.kind
        ) from exc
    except FileWriteError as exc:
        raise WorkbookWriteError(exc.text, **exc.params) from exc
    return result


def write_new_workbook(
    plans: list[SheetPlan], dst: str | Path, *, lock_wait_s: float = atomic_file.DEFAULT_WAIT_S
) -> Path:
    """Write a new workbook holding just the planned sheets (the consolidated report), atomically.

    An existing ``dst`` is replaced whole: it is the tool's own output, not a user's workbook (its
    permission bits are kept; one open in Excel or read-only is refused, nothing written).
    """
    target = atomic_file.resolve_target(Path(dst))
    if target.suffix.lower() != ".xlsx":
        raise WorkbookWriteError(Files.bad_out_suffix, suffix=target.suffix or "(-)")
    data = render_scratch(plans)
    try:
        with atomic_file.locked(target, lock_wait_s):
            atomic_file.check_writable(target)
            atomic_file.write_atomic(target, lambda fh: fh.write(data))
    except FileWriteError as exc:
        raise WorkbookWriteError(exc.text, **exc.params) from exc
    return Path(dst)


def _splice_plans(
    base: Package, plans: list[SheetPlan], out_suffix: str, legacy: dict[str, str]
) -> WriteResult:
    """Plan the sheet names, render the scratch package and splice it into ``base`` (edited)."""
    sheets = base.sheets()
    if out_suffix not in MACRO_SUFFIXES and has_macro_sheets(base):
        raise WorkbookWriteError(Files.macro_sheets)
    owned = _owned_sheets(base, sheets, legacy)
    taken = {s.name for s in sheets}
    result = WriteResult(path=Path())

    def final_name(role: str) -> str:
        if role in owned:
            return owned[role].name
        if role.lower() in {t.lower() for t in taken}:
            name = free_sheet_name(role, taken)
            taken.add(name)
            if role != LIST_SHEET:
                result.notes.append(Message(Files.renamed, {"role": role, "name": name}))
            return name
        taken.add(role)
        return role

    named = [p.model_copy(update={"name": final_name(p.name)}) for p in plans]
    roles = {n.name: p.name for n, p in zip(named, plans, strict=True)}
    list_name = final_name(LIST_SHEET)

    # the drop-down list sheet is shared: keep the columns of sheets not regenerated now
    old_lists = owned.get(LIST_SHEET)
    seed: dict[int, list[str]] = {}
    lists_touched = False
    if old_lists is not None:
        existing = {s.name for s in sheets}
        for col, values in _list_columns(base, old_lists).items():
            sheet = _key_sheet(values[0])
            if sheet in roles or sheet not in existing:
                lists_touched = True
            else:
                seed[col] = values

    font = style_merge.default_font(_styles_of(base))
    with Package.from_bytes(render_scratch(named, font, list_name, seed)) as scratch:
        scratch_names = [s.name for s in scratch.sheets()]
        placements = []
        for plan in named:
            placements.append(
                Placement(plan.name, roles[plan.name], owned.get(roles[plan.name]), activate=plan.activate)
            )
        remove: list[SheetEntry] = []
        if list_name in scratch_names:
            placements.append(Placement(list_name, LIST_SHEET, old_lists))
        elif old_lists is not None and lists_touched:
            remove.append(old_lists)
        report = splice(base, scratch, placements, out_suffix, remove)
    result.sheets = {p.role: p.scratch_name for p in placements}
    result.vba_dropped = report.vba_dropped
    return result


def _styles_of(pkg: Package) -> object | None:
    wb = pkg.workbook_part()
    for rel in pkg.rels(wb):
        if rel.type == RT_STYLES and rel.part and pkg.has(rel.part):
            return pkg.xml(rel.part)
    return None
