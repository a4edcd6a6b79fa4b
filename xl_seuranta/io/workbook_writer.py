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

from xl_seuranta.domain.plans import BookPlan, SheetPlan
from xl_seuranta.io import atomic_file, style_merge, tool_marker
from xl_seuranta.io.atomic_file import FileWriteError
from xl_seuranta.io.ooxml_package import RT_STYLES, Package, PackageError, SheetEntry
from xl_seuranta.io.openpyxl_writer import LIST_SHEET, WorkbookWriteError, render_scratch
from xl_seuranta.io.splice import MACRO_SUFFIXES, MAIN_TYPES, Placement, has_macro_sheets, splice

SUPPORTED_SUFFIXES = set(MAIN_TYPES)
MAX_SHEET_NAME = 31

_TEXTS = {
    "missing": {"fi": "Tiedostoa ei löydy: {name}", "en": "File not found: {name}"},
    "bad_out_suffix": {
        "fi": "Tiedostomuotoa {suffix} ei voi kirjoittaa; käytä .xlsx- tai .xlsm-tiedostoa.",
        "en": "Cannot write the format {suffix}; use an .xlsx or .xlsm file.",
    },
    "bad_in_suffix": {
        "fi": "Tiedostoa {name} ei voi avata kirjoitettavaksi (muoto {suffix}); tallenna se Excelissä "
        ".xlsx-muotoon.",
        "en": "{name} cannot be opened for writing (format {suffix}); save it as .xlsx in Excel.",
    },
    "not_zip": {
        "fi": "Tiedosto {name} ei ole Excel-työkirja tai se on vioittunut.",
        "en": "{name} is not an Excel workbook, or it is damaged.",
    },
    "encrypted": {
        "fi": "Tiedosto {name} on salattu (suojattu salasanalla) tai vanhaa .xls-muotoa, eikä siihen voi "
        "kirjoittaa. Poista salasanasuojaus tai tallenna .xlsx-muotoon Excelissä.",
        "en": "{name} is encrypted (password-protected) or an old .xls file and cannot be written. Remove "
        "the password or save it as .xlsx in Excel.",
    },
    "strict": {
        "fi": "Tiedosto {name} on tallennettu Strict Open XML -muodossa, jota ei voi kirjoittaa. Tallenna "
        "se Excelissä tavallisena Excel-työkirjana (.xlsx).",
        "en": "{name} is saved as Strict Open XML, which cannot be written. Save it in Excel as a normal "
        "Excel workbook (.xlsx).",
    },
    "no_workbook": {
        "fi": "Tiedosto {name} ei ole Excel-työkirja (työkirjaosaa ei löydy).",
        "en": "{name} is not an Excel workbook (no workbook part).",
    },
    "broken": {
        "fi": "Tiedosto {name} on vioittunut ({detail}); siihen ei kirjoitettu mitään.",
        "en": "{name} is damaged ({detail}); nothing was written.",
    },
    "macro_sheets": {
        "fi": "Työkirjassa on Excel 4 -makrotaulukoita, joita .xlsx-tiedosto ei voi sisältää. Anna "
        "tulostiedostoksi .xlsm.",
        "en": "The workbook has Excel 4 macro sheets, which an .xlsx file cannot hold. Write to an .xlsm.",
    },
    "patch": {
        "fi": "Välilehteä '{name}' ei voi päivittää tiedostoon: tiedostoon kirjoitetaan vain työkalun omat "
        "välilehdet kokonaan.",
        "en": "Sheet '{name}' cannot be patched in a file: only the tool's own sheets are written, whole.",
    },
    "renamed": {
        "fi": "Työkirjassa on jo oma välilehti '{role}', joten se jätettiin ennalleen ja uusi välilehti "
        "kirjoitettiin nimellä '{name}'.",
        "en": "The workbook already has a sheet of its own called '{role}'; it was left alone and the new "
        "sheet was written as '{name}'.",
    },
    "vba_dropped": {
        "fi": "Tulostiedoston pääte on {suffix}, joten työkirjan VBA-makrot jätettiin siitä pois "
        "(alkuperäinen {src} on ennallaan). Käytä .xlsm-päätettä, jos makrot tarvitaan.",
        "en": "The output is {suffix}, so the workbook's VBA macros were left out of it (the original "
        "{src} is unchanged). Use .xlsm to keep the macros.",
    },
}


def _t(key: str, lang: str, **kw: object) -> str:
    return _TEXTS[key]["en" if lang == "en" else "fi"].format(**kw)


@dataclass
class WriteResult:
    """The written file, the sheet each role ended up in, and notes for the user."""

    path: Path
    sheets: dict[str, str] = field(default_factory=dict)  # role -> sheet name
    notes: list[str] = field(default_factory=list)
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
    lang: str = "fi",
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
            raise WorkbookWriteError(_t("patch", lang, name=plan.name))
    if not src.is_file():
        raise WorkbookWriteError(_t("missing", lang, name=src))
    out_suffix = dst.suffix.lower()
    if out_suffix not in SUPPORTED_SUFFIXES:
        raise WorkbookWriteError(_t("bad_out_suffix", lang, suffix=dst.suffix or "(-)"))
    if src.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise WorkbookWriteError(_t("bad_in_suffix", lang, name=src.name, suffix=src.suffix or "(-)"))

    target = atomic_file.resolve_target(dst)
    in_place = _same_file(src, target)
    try:
        with atomic_file.locked(target, lang, lock_wait_s):
            atomic_file.check_writable(target, lang)
            base_path = target if in_place else src
            with Package.open(base_path) as base:
                result = _splice_plans(base, sheet_plans, out_suffix, lang, dict(legacy_tool_sheets or {}))
                if result.vba_dropped:
                    result.notes.append(_t("vba_dropped", lang, suffix=out_suffix, src=src.name))
                result.path = dst
                atomic_file.write_atomic(target, base.write, lang, mode_from=None if in_place else src)
    except PackageError as exc:
        name = (target if in_place else src).name
        raise WorkbookWriteError(
            _t(exc.kind if exc.kind in _TEXTS else "broken", lang, name=name, detail=exc.detail or exc.kind)
        ) from exc
    except FileWriteError as exc:
        raise WorkbookWriteError(str(exc)) from exc
    return result


def _splice_plans(
    base: Package, plans: list[SheetPlan], out_suffix: str, lang: str, legacy: dict[str, str]
) -> WriteResult:
    """Plan the sheet names, render the scratch package and splice it into ``base`` (edited)."""
    sheets = base.sheets()
    if out_suffix not in MACRO_SUFFIXES and has_macro_sheets(base):
        raise WorkbookWriteError(_t("macro_sheets", lang))
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
                result.notes.append(_t("renamed", lang, role=role, name=name))
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
            placements.append(Placement(plan.name, roles[plan.name], owned.get(roles[plan.name])))
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
