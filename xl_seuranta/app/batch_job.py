"""The light half of the batch: what a job is, the shape of an entry, and the workers' entry point.

Kept apart from ``batch_worker`` (which imports numpy, the rules and the reader) so that the
parent process, which only hands out files and prints results, never imports the checking code.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from multiprocessing.connection import Connection

from xl_seuranta.io.guards import Limits
from xl_seuranta.io.read_errors import WorkbookReadError

DEFAULT_TIMEOUT_S = 300.0  # per file: generous; a real workbook takes well under a second
DEFAULT_MEMORY_MB = 2048  # per worker, beyond what the worker maps at start (numpy, the rules)


@dataclass(frozen=True)
class Job:
    """What every worker does with each file; sent with each task (small and picklable)."""

    kind: str = "check"  # "check" or "summary"
    lang: str = "fi"
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    limits: Limits = field(default_factory=Limits)
    verbose: bool = False
    memory_mb: int = 0
    # What the output needs, made in the worker: "text" (the findings as report lines), "json" (the
    # findings as JSON objects, for formats that rearrange them) and/or "json_text" (each finding
    # already encoded as one line of JSON, for the JSON formats that print them as they are: the
    # workers encode in parallel, and the parent neither unpickles nor re-encodes thousands of
    # objects). Rendering messages costs time; only what is shown is made.
    render: tuple[str, ...] = ("text", "json")


JSON = json.JSONEncoder(ensure_ascii=False, allow_nan=False)
"""The JSON the batch prints, one definition for the workers' encoded findings and the parent's
report: text as it is (no ASCII escapes), no NaN or Infinity (``plain`` makes them null). Made once:
``json.dumps`` with any argument but the defaults builds an encoder per call (~15 % of a finding)."""


def plain(value: object) -> object:
    """JSON-safe: non-finite floats become null (JSON has no Infinity or NaN)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def refused(path: str, exc: WorkbookReadError, job: Job) -> dict:
    """The entry of a file the guards or the reader refused, in the job's language."""
    return unprocessed(path, exc.kind, exc.render(job.lang), exc.detail, job.verbose)


def unprocessed(path: str, kind: str, text: str, detail: str | None, verbose: bool) -> dict:
    """The entry of a file that could not be processed: the message, and the library's words if asked."""
    entry: dict = {
        "path": path,
        "error": text,
        "error_kind": kind,
        "findings": [],
        "summary": {"error": 0, "warning": 0, "info": 0},
    }
    if verbose and detail:
        entry["detail"] = detail
    return entry


def worker_entry(conn: Connection, memory_mb: int, stderr_path: str) -> None:
    """The workers' target: the fork server has preloaded ``batch_worker``, so this import is free."""
    from xl_seuranta.app.batch_worker import worker_main

    worker_main(conn, memory_mb, stderr_path)
