"""Which files a batch run covers: the paths, folders and globs a user gives, as workbook files.

A folder is searched recursively for workbook names; Excel's owner files (``~$budjetti.xlsx``, left
beside a workbook someone has open) and the tool's own temporary files (``.~xlseuranta-*``, while a
write is under way) are never workbooks to check. A path that does not exist, or a folder or glob
without a single workbook, is not a reason to stop the whole batch: it is reported as a problem of
its own, in the order of the results.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from pathlib import Path

from xl_seuranta.io.atomic_file import is_work_file

WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".ods"})


@dataclass(frozen=True)
class PathProblem:
    """A given path that yields no workbook: ``kind`` is ``not_found`` or ``no_workbooks``."""

    raw: str
    kind: str


def _is_workbook_name(path: Path) -> bool:
    return path.suffix.lower() in WORKBOOK_SUFFIXES and not is_work_file(path)


def _walk(folder: Path) -> list[Path]:
    """Workbook files under ``folder``; symbolic links to folders are not followed (no loops)."""
    out = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs.sort()
        out += [Path(root) / f for f in files if _is_workbook_name(Path(f))]
    return out


def expand_paths(raw_paths: list[str]) -> tuple[list[Path], list[PathProblem]]:
    """Files, folders (recursively) and globs to workbook files, sorted by path, each once.

    A file named explicitly is taken whatever its name (the inspection says what it is); folders
    and globs give only workbook names. Returns the files and the paths that gave none.
    """
    files: dict[str, Path] = {}
    problems: list[PathProblem] = []

    def add(path: Path) -> None:
        key = os.path.normcase(os.path.abspath(path))
        files.setdefault(key, path)

    for raw in raw_paths:
        if any(ch in raw for ch in "*?["):
            matches = [Path(m) for m in glob.glob(raw, recursive=True)]
            found = [m for m in matches if m.is_file() and _is_workbook_name(m)]
            found += [f for m in matches if m.is_dir() for f in _walk(m)]
            if not found:
                problems.append(PathProblem(raw, "no_workbooks"))
            for f in found:
                add(f)
            continue
        p = Path(raw)
        if p.is_dir():
            found = _walk(p)
            if not found:
                problems.append(PathProblem(raw, "no_workbooks"))
            for f in found:
                add(f)
        elif os.path.lexists(p):
            add(p)  # a file, a FIFO, a broken link: the inspection names what it is
        else:
            problems.append(PathProblem(raw, "not_found"))
    return sorted(files.values(), key=str), problems
