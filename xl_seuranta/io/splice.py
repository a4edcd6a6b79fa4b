"""Splice generated sheets into a user's workbook package, leaving every other part byte for byte.

openpyxl renders the tool's own sheets into a small scratch workbook. This module moves those
sheets' parts (the sheet, its drawing, charts, comments and their relationships) into the user's
package under free part names and edits only the index parts that must know about them:

* ``[Content_Types].xml``: overrides for the new parts, none for the removed ones, the workbook's
  content type matching the output's extension;
* ``xl/workbook.xml``: the sheet list, sheet-level defined names (print titles, print area and the
  tool's marker), the active tab, and ``fullCalcOnLoad`` so that Excel recalculates on opening;
* ``xl/_rels/workbook.xml.rels`` and ``docProps/app.xml`` (the list of sheet titles);
* ``xl/styles.xml``: the generated sheets' formats appended (``style_merge``).

Strings go into the generated sheets as inline strings, so the user's shared-string table stays as
it was. The calculation chain is dropped (Excel rebuilds it; a stale one makes Excel repair the
file). Replacing an earlier generated sheet removes every part only it used. Everything else — the
user's sheets, drawings, pictures, charts, shapes, comments, form controls, pivot caches, tables,
external links, custom XML, printer settings, the VBA project — is copied with the bytes it had.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from copy import deepcopy
from dataclasses import dataclass, field

from lxml import etree

from xl_seuranta.io import style_merge, tool_marker
from xl_seuranta.io.ooxml_package import (
    CT_NS,
    DOC_REL_NS,
    MAIN_NS,
    PKG_REL_NS,
    RT_CALC_CHAIN,
    RT_STYLES,
    RT_VBA_PROJECT,
    RT_WORKSHEET,
    Package,
    PackageError,
    SheetEntry,
    parse_xml,
    relative_target,
    rels_part_for,
    resolve_target,
    serialize_xml,
)

MAIN_TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ".xltx": "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    ".xlsm": "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    ".xltm": "application/vnd.ms-excel.template.macroEnabled.main+xml",
    ".xlam": "application/vnd.ms-excel.addin.macroEnabled.main+xml",
}
MACRO_SUFFIXES = {".xlsm", ".xltm", ".xlam"}
MACROSHEET_TYPE = "application/vnd.ms-excel.macrosheet+xml"
_EXT_PROPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"

# CT_Workbook's children in schema order: new elements go where Excel expects them.
_WORKBOOK_ORDER = [
    "fileVersion",
    "fileSharing",
    "workbookPr",
    "workbookProtection",
    "bookViews",
    "sheets",
    "functionGroups",
    "externalReferences",
    "definedNames",
    "calcPr",
    "oleSize",
    "customWorkbookViews",
    "pivotCaches",
    "smartTagPr",
    "smartTagTypes",
    "webPublishing",
    "fileRecoveryPr",
    "webPublishObjects",
    "extLst",
]


def _m(tag: str) -> str:
    return f"{{{MAIN_NS}}}{tag}"


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


@dataclass
class Placement:
    """One generated sheet to splice: the scratch sheet, its role, and the user's sheet it replaces."""

    scratch_name: str
    role: str
    replaces: SheetEntry | None = None
    activate: bool = False  # the workbook opens on this sheet (the job's result)


@dataclass
class SpliceReport:
    """What the splice did that the user should hear about."""

    vba_dropped: bool = False
    removed_parts: list[str] = field(default_factory=list)
    added_parts: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------------------- small helpers


def _child(parent: etree._Element, tag: str, order: list[str]) -> etree._Element:
    """``parent``'s ``<tag>``, created at its schema position when missing."""
    found = parent.find(_m(tag))
    if found is not None:
        return found
    el = etree.Element(_m(tag))
    later = set(order[order.index(tag) + 1 :])
    for i, child in enumerate(parent):
        if _local(child) in later:
            parent.insert(i, el)
            return el
    parent.append(el)
    return el


def _free_name(wanted: str, taken: set[str]) -> str:
    """A part name like ``wanted`` (same folder and stem, another number) not in ``taken``."""
    folder, name = posixpath.split(wanted)
    m = re.fullmatch(r"(.*?)(\d*)(\.[^.]+)", name)
    stem, ext = (m.group(1), m.group(3)) if m else (name, "")
    n = 1
    while True:
        candidate = posixpath.join(folder, f"{stem}{n}{ext}")
        if candidate.lower() not in taken:
            return candidate
        n += 1


def _new_rel_id(used: set[str]) -> str:
    n = 1
    while f"rId{n}" in used:
        n += 1
    used.add(f"rId{n}")
    return f"rId{n}"


def _rels_root(pkg: Package, part: str) -> etree._Element:
    rels_part = rels_part_for(part)
    if pkg.has(rels_part):
        return pkg.xml(rels_part)
    return etree.Element(f"{{{PKG_REL_NS}}}Relationships", nsmap={None: PKG_REL_NS})


_TAB_SELECTED = re.compile(rb'(<(?:\w+:)?sheetView\b[^>]*?)\s+tabSelected="(?:1|true)"')


def _relationships(root: etree._Element) -> list[etree._Element]:
    return list(root.iterfind(f"{{{PKG_REL_NS}}}Relationship"))


# ------------------------------------------------------------------------------------- the splice


class Splicer:
    """One splice of a scratch package's sheets into a base package (edited in place)."""

    def __init__(self, base: Package, scratch: Package, out_suffix: str) -> None:
        self.base, self.scratch = base, scratch
        self.out_suffix = out_suffix.lower()
        self.report = SpliceReport()
        self.wb_part = base.workbook_part()
        self.wb = base.xml(self.wb_part)
        self.wb_rels = _rels_root(base, self.wb_part)
        self.types = base.content_types()
        self.sheets = base.sheets()  # raises PackageError("strict") for a strict package
        self.s_wb_part = scratch.workbook_part()
        self.s_sheets = {s.name: s for s in scratch.sheets()}

    # ---------------------------------------------------------------------------- entry

    def run(self, placements: list[Placement], remove: Iterable[SheetEntry] = ()) -> SpliceReport:
        removed_sheets = [p.replaces for p in placements if p.replaces is not None] + list(remove)
        drop_roots = [s.part for s in removed_sheets if s.part]
        drop_rel_ids = {s.rel_id for s in removed_sheets}
        for rel in self.base.rels(self.wb_part):
            if rel.type == RT_CALC_CHAIN or (rel.type == RT_VBA_PROJECT and self._drops_vba()):
                drop_rel_ids.add(rel.id)
                if rel.part:
                    drop_roots.append(rel.part)
                if rel.type == RT_VBA_PROJECT:
                    self.report.vba_dropped = True
        self._remove_parts(drop_roots)
        for el in _relationships(self.wb_rels):
            if el.get("Id") in drop_rel_ids:
                self.wb_rels.remove(el)

        style_map = self._merge_styles()
        new_entries = self._rebuild_sheet_list(placements, {s.index for s in removed_sheets})
        shown = [
            index
            for p, (el, index) in zip(placements, new_entries, strict=True)
            if p.activate and not el.get("state")
        ]
        if shown:
            replaced = {p.replaces.part for p in placements if p.replaces is not None}
            self._show(shown[-1], [s for s in self.sheets if s.part and s.part not in replaced])
        active = self.active_tab()
        for placement, (sheet_el, index) in zip(placements, new_entries, strict=True):
            part = self._copy_sheet(placement.scratch_name, style_map, selected=index == active)
            rid = _new_rel_id({el.get("Id", "") for el in _relationships(self.wb_rels)})
            rel = etree.SubElement(self.wb_rels, f"{{{PKG_REL_NS}}}Relationship")
            rel.set("Id", rid)
            rel.set("Type", RT_WORKSHEET)
            rel.set("Target", relative_target(self.wb_part, part))
            sheet_el.set(f"{{{DOC_REL_NS}}}id", rid)
            self._add_local_names(placement, index)

        self._request_full_calc()
        self._set_main_type()
        self.base.set(self.wb_part, serialize_xml(self.wb))
        self.base.set(rels_part_for(self.wb_part), serialize_xml(self.wb_rels))
        self.base.set("[Content_Types].xml", serialize_xml(self.types))
        self._update_app_titles()
        return self.report

    # ---------------------------------------------------------------------------- removal

    def _drops_vba(self) -> bool:
        return self.out_suffix not in MACRO_SUFFIXES

    def _remove_parts(self, roots: list[str]) -> None:
        """Remove ``roots`` and every part only they lead to (a part another part uses stays)."""
        if not roots:
            return
        doomed = self.base.reachable(roots)
        kept = self.base.reachable([""], blocked=roots)
        for key in sorted(doomed - kept):
            name = self.base.name_of(key)
            self.base.remove(name)
            self.report.removed_parts.append(name)
            self._drop_override(name)

    def _drop_override(self, part: str) -> None:
        for el in list(self.types.iterfind(f"{{{CT_NS}}}Override")):
            if el.get("PartName", "").lower() == "/" + part.lower():
                self.types.remove(el)

    # ---------------------------------------------------------------------------- styles

    def _styles_part(self, pkg: Package, wb_part: str) -> str | None:
        for rel in pkg.rels(wb_part):
            if rel.type == RT_STYLES and rel.part and pkg.has(rel.part):
                return rel.part
        return None

    def _merge_styles(self) -> style_merge.StyleMap:
        s_part = self._styles_part(self.scratch, self.s_wb_part)
        if s_part is None:
            return style_merge.StyleMap()
        scratch_styles = self.scratch.xml(s_part)
        b_part = self._styles_part(self.base, self.wb_part)
        if b_part is None:  # a bare package without styles: take the scratch's whole
            b_part = _free_name("xl/styles.xml", {n.lower() for n in self.base.names()})
            self.base.set(b_part, self.scratch.get(s_part))
            self._add_rel(self.wb_rels, RT_STYLES, relative_target(self.wb_part, b_part))
            self._ensure_type(b_part, self.scratch.content_type(s_part))
            n_xf = len(scratch_styles.findall(f"{_m('cellXfs')}/{_m('xf')}"))
            n_dxf = len(scratch_styles.findall(f"{_m('dxfs')}/{_m('dxf')}"))
            return style_merge.StyleMap(xf={i: i for i in range(n_xf)}, dxf={i: i for i in range(n_dxf)})
        base_styles = self.base.xml(b_part)
        mapping = style_merge.merge_styles(base_styles, scratch_styles)
        self.base.set(b_part, serialize_xml(base_styles))
        return mapping

    # ---------------------------------------------------------------------------- workbook.xml

    def _rebuild_sheet_list(
        self, placements: list[Placement], removed: set[int]
    ) -> list[tuple[etree._Element, int]]:
        """Edit ``<sheets>``: replaced sheets keep their place, name, id and visibility; new ones go
        last. Renumbers sheet-level names and the active tab. Returns (element, new index) per placement."""
        sheets_el = self.wb.find(_m("sheets"))
        if sheets_el is None:
            raise PackageError("broken", "workbook without <sheets>")
        old_els = list(sheets_el.iterfind(_m("sheet")))
        replaced = {p.replaces.index: p for p in placements if p.replaces is not None}
        new_index: dict[int, int] = {}
        made: dict[int, tuple[etree._Element, int]] = {}  # placement number -> (element, index)
        order: list[etree._Element] = []
        ids = [int(el.get("sheetId", "0")) for el in old_els if el.get("sheetId", "").isdigit()]
        next_id = max(ids, default=0) + 1
        for i, el in enumerate(old_els):
            if i in replaced:
                placement = replaced[i]
                new = self._sheet_element(
                    placement, el.get("name", ""), el.get("sheetId", ""), el.get("state")
                )
                made[placements.index(placement)] = (new, len(order))
                new_index[i] = len(order)
                order.append(new)
            elif i not in removed:
                new_index[i] = len(order)
                order.append(el)
        for n, placement in enumerate(placements):
            if placement.replaces is None:
                s = self.s_sheets[placement.scratch_name]
                new = self._sheet_element(placement, placement.scratch_name, str(next_id), s.state)
                next_id += 1
                made[n] = (new, len(order))
                order.append(new)
        for el in list(sheets_el):
            sheets_el.remove(el)
        sheets_el.extend(order)

        # sheet-level defined names follow their sheets; those of removed or replaced sheets go
        names = self.wb.find(_m("definedNames"))
        if names is not None:
            for el in list(names):
                local = el.get("localSheetId")
                if local is None or not local.isdigit():
                    continue
                old = int(local)
                if old in removed or old in replaced or old not in new_index:
                    names.remove(el)
                else:
                    el.set("localSheetId", str(new_index[old]))
        self._fix_views(new_index, len(order), old_count=len(old_els))
        return [made[n] for n in range(len(placements))]

    def _sheet_element(
        self, placement: Placement, name: str, sheet_id: str, state: str | None
    ) -> etree._Element:
        el = etree.Element(_m("sheet"))
        el.set("name", name)
        el.set("sheetId", sheet_id)
        if state and state != "visible":
            el.set("state", state)
        return el

    def _fix_views(self, new_index: dict[int, int], count: int, old_count: int) -> None:
        views = self.wb.find(_m("bookViews"))
        if views is None:
            return
        for view in views.iterfind(_m("workbookView")):
            for attr in ("activeTab", "firstSheet"):
                value = view.get(attr)
                if value is None or not value.isdigit():
                    continue
                old = int(value)
                new = new_index.get(old)
                if new is None:  # the sheet went away: the nearest one before it
                    earlier = [new_index[i] for i in range(min(old, old_count)) if i in new_index]
                    new = earlier[-1] if earlier else 0
                view.set(attr, str(min(new, max(count - 1, 0))))

    def _show(self, index: int, user_sheets: list[SheetEntry]) -> None:
        """Make the sheet at ``index`` the active tab and unselect the user's selected tabs.

        Only the ``tabSelected`` attribute of a user's ``<sheetView>`` is removed, textually, so the
        rest of that sheet's part keeps its bytes; two selected tabs would open the workbook in
        Excel's group-edit mode, where typing goes into every selected sheet.
        """
        views = self.wb.find(_m("bookViews"))
        if views is None:
            views = _child(self.wb, "bookViews", _WORKBOOK_ORDER)
        view = views.find(_m("workbookView"))
        if view is None:
            view = etree.SubElement(views, _m("workbookView"))
        view.set("activeTab", str(index))
        first = view.get("firstSheet")
        if first is not None and first.isdigit() and int(first) > index:
            view.set("firstSheet", str(index))
        for sheet in user_sheets:
            assert sheet.part is not None
            data = self.base.get(sheet.part)
            fixed = _TAB_SELECTED.sub(rb"\1", data)
            if fixed != data:
                self.base.set(sheet.part, fixed)

    def active_tab(self) -> int:
        view = self.wb.find(f"{_m('bookViews')}/{_m('workbookView')}")
        value = view.get("activeTab", "0") if view is not None else "0"
        return int(value) if value.isdigit() else 0

    def _add_local_names(self, placement: Placement, index: int) -> None:
        names = _child(self.wb, "definedNames", _WORKBOOK_ORDER)
        s_index = self.s_sheets[placement.scratch_name].index
        s_names = self.scratch.xml(self.s_wb_part).find(_m("definedNames"))
        for el in [] if s_names is None else list(s_names):
            if el.get("localSheetId") == str(s_index):
                new = deepcopy(el)
                new.set("localSheetId", str(index))
                names.append(new)
        names.append(tool_marker.marker_element(placement.role, index))

    def _request_full_calc(self) -> None:
        calc = _child(self.wb, "calcPr", _WORKBOOK_ORDER)
        calc.set("fullCalcOnLoad", "1")

    def _set_main_type(self) -> None:
        wanted = MAIN_TYPES.get(self.out_suffix)
        if wanted is None:
            return
        self._ensure_type(self.wb_part, wanted, override=True)
        if self._drops_vba():
            for el in list(self.types.iterfind(f"{{{CT_NS}}}Default")):
                if el.get("ContentType") == "application/vnd.ms-office.vbaProject" and not any(
                    n.lower().endswith("." + el.get("Extension", "").lower()) for n in self.base.names()
                ):
                    self.types.remove(el)

    # ---------------------------------------------------------------------------- copying a sheet

    def _copy_sheet(self, scratch_name: str, style_map: style_merge.StyleMap, selected: bool) -> str:
        """Copy a scratch sheet and the parts it uses into the base; return the new sheet part."""
        s_part = self.s_sheets[scratch_name].part
        if s_part is None:
            raise PackageError("broken", f"scratch sheet {scratch_name} has no part")
        parts = [p for p in self._scratch_parts(s_part)]
        taken = {n.lower() for n in self.base.names()}
        renamed: dict[str, str] = {}
        for p in parts:
            new = _free_name(p, taken)
            taken.add(new.lower())
            renamed[p.lower()] = new
        for p in parts:
            new = renamed[p.lower()]
            data = self.scratch.get(p)
            if p == s_part:
                data = self._sheet_xml(data, style_map, selected)
            self.base.set(new, data)
            self._ensure_type(new, self.scratch.content_type(p))
            self.report.added_parts.append(new)
            if self.scratch.has(rels_part_for(p)):
                rels = self.scratch.xml(rels_part_for(p))
                for el in _relationships(rels):
                    if el.get("TargetMode") == "External":
                        continue
                    target = resolve_target(p, el.get("Target", "")).lower()
                    if target in renamed:
                        el.set("Target", relative_target(new, renamed[target]))
                self.base.set(rels_part_for(new), serialize_xml(rels))
        return renamed[s_part.lower()]

    def _scratch_parts(self, sheet_part: str) -> list[str]:
        """The sheet part and every part it leads to (relationship parts themselves excluded)."""
        found = self.scratch.reachable([sheet_part])
        out = [sheet_part]
        for key in sorted(found):
            name = self.scratch.name_of(key)
            if name != sheet_part and not name.endswith(".rels"):
                out.append(name)
        return out

    def _sheet_xml(self, data: bytes, style_map: style_merge.StyleMap, selected: bool) -> bytes:
        """The scratch sheet with styles renumbered and shared strings inlined; it is a selected tab
        only when it is the active one (two selected tabs put Excel in group-edit mode)."""
        root = parse_xml(data)
        xf = style_map.xf
        for c in root.iter(_m("c")):
            s = c.get("s")
            if s is not None and s.isdigit():
                c.set("s", str(xf.get(int(s), 0)))
            if c.get("t") == "s":
                self._inline(c)
        for row in root.iter(_m("row")):
            s = row.get("s")
            if s is not None and s.isdigit():
                row.set("s", str(xf.get(int(s), 0)))
        for col in root.iter(_m("col")):
            s = col.get("style")
            if s is not None and s.isdigit():
                col.set("style", str(xf.get(int(s), 0)))
        for rule in root.iter(_m("cfRule")):
            d = rule.get("dxfId")
            if d is not None and d.isdigit():
                rule.set("dxfId", str(style_map.dxf.get(int(d), 0)))
        for view in root.iter(_m("sheetView")):
            if "tabSelected" in view.attrib:
                del view.attrib["tabSelected"]
            if selected:
                view.set("tabSelected", "1")
        return serialize_xml(root)

    def _inline(self, cell: etree._Element) -> None:
        """A shared-string cell of the scratch as an inline string (the user's table stays untouched)."""
        v = cell.find(_m("v"))
        strings = self._scratch_strings()
        if v is None or v.text is None or not v.text.isdigit() or int(v.text) >= len(strings):
            return
        si = strings[int(v.text)]
        inline = etree.Element(_m("is"))
        for child in si:
            inline.append(deepcopy(child))
        cell.replace(v, inline)
        cell.set("t", "inlineStr")

    _strings: list[etree._Element] | None = None

    def _scratch_strings(self) -> list[etree._Element]:
        if self._strings is None:
            self._strings = []
            for rel in self.scratch.rels(self.s_wb_part):
                if rel.type.endswith("/sharedStrings") and rel.part:
                    self._strings = list(self.scratch.xml(rel.part).iterfind(_m("si")))
        return self._strings

    # ---------------------------------------------------------------------------- content types

    def _ensure_type(self, part: str, content_type: str | None, override: bool = False) -> None:
        """Make ``part`` resolve to ``content_type`` (an Override unless the Default already does)."""
        if content_type is None:
            return
        name = "/" + part
        for el in self.types.iterfind(f"{{{CT_NS}}}Override"):
            if el.get("PartName", "").lower() == name.lower():
                el.set("ContentType", content_type)
                return
        if not override and self.base.content_type(part, self.types) == content_type:
            return
        el = etree.SubElement(self.types, f"{{{CT_NS}}}Override")
        el.set("PartName", name)
        el.set("ContentType", content_type)

    def _add_rel(self, rels: etree._Element, rtype: str, target: str) -> str:
        rid = _new_rel_id({el.get("Id", "") for el in _relationships(rels)})
        el = etree.SubElement(rels, f"{{{PKG_REL_NS}}}Relationship")
        el.set("Id", rid)
        el.set("Type", rtype)
        el.set("Target", target)
        return rid

    # ---------------------------------------------------------------------------- docProps/app.xml

    def _update_app_titles(self) -> None:
        """Keep the sheet titles docProps/app.xml lists in step with the sheets (when it lists them
        in the usual shape; otherwise it is left as it was: the list is informative only)."""
        part = next(
            (r.part for r in self.base.rels("") if r.type == _EXT_PROPS and r.part and self.base.has(r.part)),
            None,
        )
        if part is None:
            return
        try:
            root = self.base.xml(part)
        except PackageError:
            return
        vt = f"{{{_VT_NS}}}"
        ns = root.nsmap.get(None) or ""
        pairs_vec = root.find(f"{{{ns}}}HeadingPairs/{vt}vector")
        titles_vec = root.find(f"{{{ns}}}TitlesOfParts/{vt}vector")
        if pairs_vec is None or titles_vec is None:
            return
        variants = list(pairs_vec.iterfind(f"{vt}variant"))
        counts = [v.find(f"{vt}i4") for v in variants[1::2]]
        titles = list(titles_vec)
        other = {s.name for s in self.sheets if not (s.content_type or "").endswith("worksheet+xml")}
        old_ws = [s.name for s in self.sheets if s.name not in other]
        new_ws = [
            el.get("name", "")
            for el in self.wb.iterfind(f"{_m('sheets')}/{_m('sheet')}")
            if el.get("name") not in other
        ]
        start = 0
        for count_el in counts:
            if count_el is None or not (count_el.text or "").isdigit():
                return
            n = int(count_el.text or "0")
            group = [t.text for t in titles[start : start + n]]
            if group == old_ws:
                for t in titles[start : start + n]:
                    titles_vec.remove(t)
                for k, name in enumerate(new_ws):
                    t = etree.Element(f"{vt}lpstr")
                    t.text = name
                    titles_vec.insert(start + k, t)
                count_el.text = str(len(new_ws))
                titles_vec.set("size", str(len(titles_vec)))
                self.base.set(part, serialize_xml(root))
                return
            start += n


def splice(
    base: Package,
    scratch: Package,
    placements: list[Placement],
    out_suffix: str,
    remove: Iterable[SheetEntry] = (),
) -> SpliceReport:
    """Splice ``placements`` (scratch sheets) into ``base``; edits ``base`` in place."""
    return Splicer(base, scratch, out_suffix).run(placements, remove)


def has_macro_sheets(pkg: Package) -> bool:
    """Whether the workbook has Excel 4 macro sheets, which an .xlsx file cannot hold."""
    return any(s.content_type == MACROSHEET_TYPE for s in pkg.sheets())
