"""What one batch worker process does: read, check and summarise one workbook at a time.

Imported once (by the fork server, before the workers are forked from it), so numpy, the rules and
the reader are loaded once for the whole batch rather than once per worker or per file. A worker
caps its own address space and sends its stderr to a file of its own: if native code aborts (a
Rust allocation failure prints a backtrace on the way out), the parent reads that file for
``--verbose`` and the user's terminal stays clean.
"""

from __future__ import annotations

import contextlib
import gc
import os
import time
from dataclasses import asdict
from multiprocessing.connection import Connection

from xl_seuranta.app import services
from xl_seuranta.app.batch_job import JSON, Job, plain, refused, unprocessed
from xl_seuranta.app.text_report import format_text_report
from xl_seuranta.domain.messages import Batch, finding_json
from xl_seuranta.io.file_reader import WorkbookReadError, read_workbook
from xl_seuranta.io.guards import Inspection

MB = 1024 * 1024


def process(path: str, job: Job, inspection: Inspection | None = None) -> dict:
    """Read, check (and for ``summary`` measure) one workbook; never raises except MemoryError.

    ``inspection``: the guards' look at the file, when the parent has already made it."""
    start = time.perf_counter()
    # No garbage collection while one workbook is read and checked: its cells and findings live until
    # the file is done and make no reference cycles worth finding, yet the collector walked them
    # again and again as the rules made objects (~5 % of a 20 000-row check). Cycles left by the
    # file are collected once the collector is back on, while the next file is read.
    collecting = gc.isenabled()
    gc.disable()
    try:
        grids = read_workbook(path, job.limits, inspection)
        book, findings, summary = services.check(grids, job.select, job.ignore)
        result = {
            "path": path,
            "findings": [finding_json(f, job.lang) for f in findings] if "json" in job.render else [],
            "summary": summary,
        }
        if "json_text" in job.render:
            result["findings_json"] = [_json_line(finding_json(f, job.lang)) for f in findings]
        if "text" in job.render:
            result["text"] = format_text_report(path, findings, summary, job.lang)
        if job.kind == "summary":
            from xl_seuranta.sheets.kooste import workbook_row  # only `summary` needs the sheet code

            result["figures"] = asdict(workbook_row(path, book, summary, job.lang))
    except WorkbookReadError as exc:
        result = refused(path, exc, job)
    except MemoryError:
        raise
    except Exception as exc:  # a bug must cost one file, never the batch or a traceback
        detail = f"{type(exc).__name__}: {exc}"
        result = unprocessed(path, "unexpected", Batch.unexpected(job.lang), detail, job.verbose)
    finally:
        if collecting:
            gc.enable()
    result["seconds"] = time.perf_counter() - start
    return result


def _json_line(value: dict) -> str:
    """One finding as a line of JSON; the rare non-finite number (a sum overflowed) as null."""
    try:
        return JSON.encode(value)
    except ValueError:  # walked only when needed: every finding walked cost more than encoding it
        return JSON.encode(plain(value))


def cap_memory(megabytes: int) -> None:
    """Limit this process's address space to what it uses now plus ``megabytes``.

    Counted from the current size because the interpreter with numpy and the rules already maps a few hundred
    megabytes; Python then raises MemoryError and native code aborts, instead of the machine
    swapping. POSIX only; where the limit cannot be set the worker runs without one.
    """
    try:
        import resource  # POSIX only
    except ImportError:
        return
    if megabytes <= 0:
        return
    try:
        with open("/proc/self/statm") as fh:
            current = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        current = 0
    try:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = current + megabytes * MB
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        pass


def _stderr_to(path: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(fd, 2)
    os.close(fd)


def worker_main(conn: Connection, memory_mb: int, stderr_path: str) -> None:
    """Serve tasks ``(index, path, job, inspection)`` until ``None``; answer ``(index, result)`` for each."""
    _stderr_to(stderr_path)
    cap_memory(memory_mb)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        index, path, job, inspection = task
        with contextlib.suppress(OSError):
            os.ftruncate(2, 0)  # the file holds only the current task's output
            os.lseek(2, 0, os.SEEK_SET)
        try:
            result = process(path, job, inspection)
        except MemoryError:
            text = Batch.memory(job.lang, limit=memory_mb)
            conn.send((index, unprocessed(path, "memory", text, "MemoryError", job.verbose)))
            return  # the heap may be left fragmented: the parent starts a fresh worker
        conn.send((index, result))
