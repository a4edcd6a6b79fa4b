"""How a batch's results are shown: text for people, JSON, JSON Lines and SARIF for machines.

Entries arrive in completion order from the workers. Text and JSON are written in the stable order
of the sorted paths (text streams each file as soon as every file before it is done); JSON Lines
writes each file the moment it is done, for pipelines that want results as they come. Every format
is a complete document even when nothing could be checked (a missing path is an entry with an
``"error"``), numbers stay machine-plain in the machine formats (a value too large to be finite is
``null``, never the invalid ``Infinity``), and the process's exit code is one rule for all:
2 if any file could not be processed, else 1 if errors were found, else 0.
"""

from __future__ import annotations

import contextlib
import json
import sys
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from xl_seuranta.app.batch_job import JSON
from xl_seuranta.app.batch_job import plain as _plain
from xl_seuranta.domain.messages import Batch, lang_of

SEVERITIES = ("error", "warning", "info")
PUBLIC_KEYS = ("path", "error", "error_kind", "detail", "findings", "summary")


def exit_code(entries: list[dict]) -> int:
    """2 if any file could not be processed, else 1 if any errors were found, else 0."""
    if any("error" in e for e in entries):
        return 2
    return 1 if any(e["summary"].get("error") for e in entries) else 0


def totals(entries: list[dict]) -> dict[str, int]:
    out = {"files": len(entries), "unprocessed": sum(1 for e in entries if "error" in e)}
    for sev in SEVERITIES:
        out[sev] = sum(e["summary"].get(sev, 0) for e in entries)
    return out


class RawJsonList(list):
    """Values that are JSON text already (the findings a worker encoded): written as they are."""


def public(entry: dict) -> dict:
    """The entry as machine formats show it: path, findings, summary, and the error when there is one.

    Findings a worker sent already encoded (``findings_json``) stand in as a ``RawJsonList``: the
    writers below put them in the document as they are."""
    shown = {k: entry[k] for k in PUBLIC_KEYS if k in entry}
    if "findings_json" not in entry:
        return _plain(shown)  # type: ignore[return-value]
    return {
        k: RawJsonList(entry["findings_json"]) if k == "findings" else _plain(v) for k, v in shown.items()
    }


@contextlib.contextmanager
def progress_bar(total: int, lang: str) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr when stderr is a terminal (and there is more than one file); else quiet.

    Lines written to stdout meanwhile appear above the bar only when stdout is the same terminal;
    stdout redirected to a file is left alone.
    """
    if total < 2 or not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    progress = Progress(
        TextColumn(Batch.progress(lang)),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(file=sys.stderr),
        transient=True,
        redirect_stdout=sys.stdout.isatty(),
        redirect_stderr=True,
    )
    with progress:
        task = progress.add_task("", total=total)
        yield lambda: progress.advance(task)


class Report:
    """Where a batch's entries go: ``add`` as each file is done (completion order), ``finish`` with
    every entry in path order. The defaults do nothing, so a format overrides only what it uses."""

    def __init__(self, out: IO[str] | None = None) -> None:
        self.out = out or sys.stdout

    def start(self, total: int) -> None:
        pass

    def add(self, index: int, entry: dict) -> None:
        pass

    def finish(self, entries: list[dict]) -> None:
        pass


class _InOrder:
    """Hands entries on in index order although they arrive in completion order."""

    def __init__(self) -> None:
        self._waiting: dict[int, dict] = {}
        self._next = 0

    def ready(self, index: int, entry: dict) -> list[dict]:
        self._waiting[index] = entry
        out = []
        while self._next in self._waiting:
            out.append(self._waiting.pop(self._next))
            self._next += 1
        return out


def _tell_unprocessed(entry: dict, err: IO[str]) -> None:
    """One line on stderr: the path, why it was not processed, and the library's words if asked."""
    detail = f" [{entry['detail']}]" if entry.get("detail") else ""
    print(f"{entry['path']}: {entry['error']}{detail}", file=err, flush=True)


class TextReport(Report):
    """Each file's findings as lines (stdout), unprocessed files' messages (stderr), then a table."""

    def __init__(self, lang: str = "fi", out: IO[str] | None = None, err: IO[str] | None = None) -> None:
        super().__init__(out)
        self.lang = lang_of(lang)
        self.err = err or sys.stderr
        self._order = _InOrder()

    def add(self, index: int, entry: dict) -> None:
        for e in self._order.ready(index, entry):
            if "error" in e:
                _tell_unprocessed(e, self.err)
            else:
                self.out.write("\n".join(e.get("text", [])) + "\n")
                self.out.flush()

    def finish(self, entries: list[dict]) -> None:
        if len(entries) > 1:
            self.out.write(summary_table(entries, self.lang, self.out))
            self.out.flush()


def summary_table(entries: list[dict], lang: str, out: IO[str]) -> str:
    """The table at the end of the text output: one line per file and the totals."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(title=Batch.heading(lang), box=box.SIMPLE_HEAD, title_justify="left", show_footer=True)
    tot = totals(entries)
    failed = Batch.total_unprocessed(lang, count=tot["unprocessed"]) if tot["unprocessed"] else ""
    table.add_column(
        Batch.file(lang), footer=Batch.total(lang, files=tot["files"], unprocessed=failed), overflow="fold"
    )
    for sev, label in zip(SEVERITIES, (Batch.errors, Batch.warnings, Batch.notes), strict=True):
        table.add_column(label(lang), justify="right", footer=str(tot[sev]))
    table.add_column(Batch.status(lang))
    for e in entries:
        if "error" in e:
            table.add_row(e["path"], "–", "–", "–", Batch.not_processed(lang))
        else:
            table.add_row(e["path"], *(str(e["summary"].get(s, 0)) for s in SEVERITIES), Batch.checked(lang))
    tty = out.isatty() if hasattr(out, "isatty") else False
    console = Console(
        file=out, width=None if tty else 120, force_terminal=tty, no_color=not tty, highlight=False
    )
    with console.capture() as cap:
        console.print(table)
    return "\n" + "".join(line.rstrip() + "\n" for line in cap.get().splitlines())


class JsonReport(Report):
    """One JSON document at the end: ``{"files": [...], "totals": {...}}``."""

    def finish(self, entries: list[dict]) -> None:
        doc = {"files": [public(e) for e in entries], "totals": totals(entries)}
        self.out.writelines(json_pieces(doc, flat_below=4))
        self.out.write("\n")


def indented_json(value: object, flat_below: int) -> str:
    """JSON indented by two spaces down to ``flat_below`` levels, each deeper value on one line.

    The same document ``json.dumps(indent=2)`` writes, but a finding per line: ``indent=`` sends
    everything through json's pure-Python encoder, which took longer than checking a big workbook;
    the one-line values go through its C encoder.
    """
    return "".join(json_pieces(value, flat_below))


def json_pieces(value: object, flat_below: int, indent: int = 0) -> Iterator[str]:
    """``indented_json`` in pieces, to be written one after another: a batch's document runs to
    megabytes, and joining it level by level copied it once per level."""
    pad, inner = "  " * indent, "  " * (indent + 1)
    if isinstance(value, RawJsonList) and value and indent < flat_below:
        yield "[\n" + inner
        yield f",\n{inner}".join(value)
        yield f"\n{pad}]"
    elif indent >= flat_below or not isinstance(value, dict | list) or not value:
        yield one_line_json(value)
    elif isinstance(value, dict):
        yield "{"
        for i, (k, v) in enumerate(value.items()):
            yield f"{',' if i else ''}\n{inner}{json.dumps(k, ensure_ascii=False)}: "
            yield from json_pieces(v, flat_below, indent + 1)
        yield f"\n{pad}}}"
    else:
        yield "["
        for i, v in enumerate(value):
            yield f"{',' if i else ''}\n{inner}"
            yield from json_pieces(v, flat_below, indent + 1)
        yield f"\n{pad}]"


def one_line_json(value: object) -> str:
    """``json.dumps(value)`` (no ASCII escapes, no NaN), with ``RawJsonList`` parts put in as they are."""
    if isinstance(value, RawJsonList):
        return "[" + ", ".join(value) + "]"
    if isinstance(value, dict) and any(isinstance(v, RawJsonList) for v in value.values()):
        items = (f"{json.dumps(k, ensure_ascii=False)}: {one_line_json(v)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    return JSON.encode(value)


class JsonlReport(Report):
    """JSON Lines: one object per file the moment it is done, then one ``{"totals": ...}`` line."""

    def add(self, index: int, entry: dict) -> None:
        self.out.write(one_line_json(public(entry)) + "\n")
        self.out.flush()

    def finish(self, entries: list[dict]) -> None:
        self.out.write(json.dumps({"totals": totals(entries)}, ensure_ascii=False) + "\n")


_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(path: str) -> str:
    """A path as a SARIF artifact URI: relative paths stay relative, with non-ASCII percent-encoded."""
    p = Path(path)
    if p.is_absolute():
        return p.as_uri()
    return urllib.parse.quote(p.as_posix())


class SarifReport(Report):
    """SARIF 2.1.0 for CI systems: one run, the rule catalogue, a result per finding located by file
    and by sheet!cell (a logical location: SARIF has no notion of cells); an unprocessed file is a
    tool execution notification of level error."""

    def __init__(self, lang: str = "fi", out: IO[str] | None = None) -> None:
        super().__init__(out)
        self.lang = lang_of(lang)

    def finish(self, entries: list[dict]) -> None:
        self.out.write(json.dumps(sarif_document(entries, self.lang), ensure_ascii=False, indent=2) + "\n")


def sarif_document(entries: list[dict], lang: str = "fi") -> dict:
    from xl_seuranta import __version__
    from xl_seuranta.rules import RULES

    codes = sorted(RULES)
    rules = []
    for code in codes:
        r = RULES[code]
        doc = r.docs.template(lang)
        first = doc.split("\n\n", 1)[0].replace("\n", " ").strip()
        for prefix in ("What it checks:", "Mitä tarkistetaan:"):
            first = first.removeprefix(prefix).strip()
        rules.append(
            {
                "id": code,
                "name": r.name,
                "shortDescription": {"text": first or r.name},
                "fullDescription": {"text": doc or r.name},
                "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity.value]},
                "properties": {"family": r.family},
            }
        )
    index = {code: i for i, code in enumerate(codes)}
    results, notifications, artifacts = [], [], []
    for e in entries:
        uri = artifact_uri(e["path"])
        artifacts.append({"location": {"uri": uri}})
        if "error" in e:
            text = e["error"] + (f" [{e['detail']}]" if e.get("detail") else "")
            notifications.append(
                {
                    "level": "error",
                    "message": {"text": text},
                    "descriptor": {"id": f"unprocessed/{e.get('error_kind', 'error')}"},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}],
                }
            )
            continue
        for f in e["findings"]:
            location: dict = {"physicalLocation": {"artifactLocation": {"uri": uri}}}
            if f.get("sheet"):
                where = f"{f['sheet']}!{f['cell']}" if f.get("cell") else f["sheet"]
                location["logicalLocations"] = [
                    {"name": f.get("cell") or f["sheet"], "fullyQualifiedName": where, "kind": "element"}
                ]
            result = {
                "ruleId": f["code"],
                "level": _SARIF_LEVEL[f["severity"]],
                "message": {"text": f["message"]},
                "locations": [location],
                "properties": _plain(
                    {
                        k: f[k]
                        for k in ("sheet", "cell", "expected", "actual", "difference")
                        if f.get(k) is not None
                    }
                ),
            }
            if f["code"] in index:
                result["ruleIndex"] = index[f["code"]]
            results.append(result)
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "xl-seuranta",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "invocations": [
                    {"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}
                ],
                "artifacts": artifacts,
                "results": results,
                "columnKind": "unicodeCodePoints",
            }
        ],
    }


class CollectReport(TextReport):
    """For ``summary``: nothing on stdout (the report is the workbook); unprocessed files on stderr."""

    def add(self, index: int, entry: dict) -> None:
        for e in self._order.ready(index, entry):
            if "error" in e:
                _tell_unprocessed(e, self.err)

    def finish(self, entries: list[dict]) -> None:
        pass


def totals_line(tot: dict[str, int], lang: str) -> str:
    """One line of totals for people: files, findings by severity, files not processed."""
    unprocessed = Batch.totals_unprocessed(lang, count=tot["unprocessed"]) if tot["unprocessed"] else ""
    return Batch.totals_line(
        lang,
        files=tot["files"],
        error=tot["error"],
        warning=tot["warning"],
        info=tot["info"],
        unprocessed=unprocessed,
    )


def make_report(fmt: str, lang: str) -> Report:
    if fmt == "json":
        return JsonReport()
    if fmt == "jsonl":
        return JsonlReport()
    if fmt == "sarif":
        return SarifReport(lang)
    return TextReport(lang)
