"""Check many workbooks in worker processes: isolated, parallel, with a time and memory cap each.

Why processes and not threads: the reader is native code. A file that makes it abort, or allocate
without bound, must cost that one file and not the nightly batch over every department's workbook.
Each worker handles one file at a time; the parent watches them all:

* a worker that dies (a native abort, a signal, the kernel's OOM killer) yields an entry "tiedoston
  käsittely keskeytyi: …" for the file it had, with the tail of its stderr for ``--verbose``;
* a file that runs past ``timeout`` seconds gets its worker killed and the same kind of entry;
* in both cases a fresh worker takes the next file, and the batch goes on.

``concurrent.futures.ProcessPoolExecutor`` cannot do this: one dead worker breaks the whole pool
(every pending file fails with ``BrokenProcessPool``) and it has no per-task timeout.

Workers are forked from a fork server that has already imported the checking code (pandas, the
rules, the reader), so a worker costs a few milliseconds to start and imports nothing per file. The
parent itself imports none of that: its start-up stays light whatever the batch size.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import tempfile
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path

from xl_seuranta.app.batch_job import (
    DEFAULT_MEMORY_MB,
    DEFAULT_TIMEOUT_S,
    Job,
    message,
    unprocessed,
    worker_entry,
)
from xl_seuranta.app.batch_report import Report, progress_bar
from xl_seuranta.io.workbook_paths import expand_paths

__all__ = ["Job", "PoolOptions", "default_jobs", "run_batch", "run_paths"]

WORKER_MODULE = "xl_seuranta.app.batch_worker"


def default_jobs() -> int:
    """All the cores this process may use (the affinity mask where the system has one)."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not Linux
        return max(os.cpu_count() or 1, 1)


@dataclass(frozen=True)
class PoolOptions:
    """How the batch runs: parallel workers, and the caps that keep one file from hurting the rest."""

    jobs: int = field(default_factory=default_jobs)
    timeout: float = DEFAULT_TIMEOUT_S  # seconds per file
    memory_mb: int = DEFAULT_MEMORY_MB  # address space per worker beyond what it maps at start


def _context() -> multiprocessing.context.BaseContext:
    """A fork server with the checking code preloaded; plain spawn where there is no fork server."""
    # One process per core already: numerical libraries must not start a thread pool per worker.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        # "__main__" too: the fork server imports the main script once, so that no worker imports
        # it again (multiprocessing re-runs the parent's main module in each child otherwise).
        ctx.set_forkserver_preload(["__main__", WORKER_MODULE])
        return ctx
    return multiprocessing.get_context("spawn")


class _Worker:
    """One worker process, its end of the pipe, its stderr file and the task it is on."""

    def __init__(self, ctx: multiprocessing.context.BaseContext, memory_mb: int, tmpdir: str) -> None:
        parent, child = ctx.Pipe()
        fd, self.stderr_path = tempfile.mkstemp(prefix="worker-", suffix=".err", dir=tmpdir)
        os.close(fd)
        self.process = ctx.Process(
            target=worker_entry, args=(child, memory_mb, self.stderr_path), daemon=True
        )
        self.process.start()
        child.close()
        self.conn: Connection = parent
        self.task: tuple[int, str] | None = None
        self.started = 0.0

    def give(self, index: int, path: str, job: Job) -> None:
        self.task = (index, path)
        self.started = time.monotonic()
        self.conn.send((index, path, job))

    def stop(self, kill: bool = False) -> None:
        if kill and self.process.is_alive():
            self.process.kill()
        else:
            with contextlib.suppress(OSError, ValueError):
                self.conn.send(None)
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()

    def stderr_tail(self) -> str:
        try:
            text = Path(self.stderr_path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        first = next((ln for ln in lines if "memory allocation" in ln or "panicked" in ln), "")
        return first or (lines[-1] if lines else "")


def _death_entry(worker: _Worker, path: str, job: Job) -> dict:
    """The entry for a file whose worker died: out of memory, or another crash, in plain words."""
    code = worker.process.exitcode
    detail = worker.stderr_tail()
    name = ""
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
    if "memory allocation" in detail or name == "SIGKILL":
        text = message("out_of_memory", job.lang, limit=job.memory_mb)
        kind = "memory"
    else:
        how = name or (f"exit code {code}" if job.lang == "en" else f"paluukoodi {code}")
        text = message("crashed", job.lang, how=how)
        kind = "crashed"
    return unprocessed(path, kind, text, detail or name or None, job.verbose)


def run_batch(paths: list[str], job: Job, options: PoolOptions) -> Iterator[tuple[int, dict]]:
    """Process ``paths`` in worker processes; yield ``(index, entry)`` as each file is done.

    Entries come in completion order (the caller restores the path order); every path gets exactly
    one entry, also when its worker crashed or ran out of time.
    """
    if not paths:
        return
    job = Job(**{**job.__dict__, "memory_mb": options.memory_mb})
    ctx = _context()
    pending = deque(enumerate(paths))
    workers: list[_Worker] = []
    n_workers = max(1, min(options.jobs, len(paths)))
    lost_at_start = 0
    with tempfile.TemporaryDirectory(prefix="xlseuranta-batch-") as tmpdir:
        try:
            while pending or any(w.task for w in workers):
                while len(workers) < n_workers and (pending or len(workers) == 0):
                    workers.append(_Worker(ctx, options.memory_mb, tmpdir))
                for w in list(workers):
                    if w.task is None and pending:
                        index, path = pending.popleft()
                        try:
                            w.give(index, path, job)
                        except (OSError, ValueError) as exc:  # died while idle: a fresh worker takes the file
                            pending.appendleft((index, path))
                            w.task = None
                            w.stop(kill=True)
                            workers.remove(w)
                            lost_at_start += 1
                            if lost_at_start > 3:  # workers die before their first file: nothing will work
                                raise OSError(f"worker processes exit at start ({w.stderr_tail()})") from exc
                busy = [w for w in workers if w.task]
                now = time.monotonic()
                wait_for = max(0.0, min(w.started + options.timeout - now for w in busy)) if busy else 0.1
                ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], wait_for))
                finished: list[_Worker] = []
                for w in busy:
                    assert w.task is not None
                    index, path = w.task
                    if w.conn in ready:
                        try:
                            got_index, entry = w.conn.recv()
                        except (EOFError, OSError):
                            w.process.join(timeout=5)
                            yield index, _death_entry(w, path, job)
                            finished.append(w)
                            continue
                        w.task = None
                        yield got_index, entry
                        if entry.get("error_kind") == "memory":
                            finished.append(w)  # it exits after a MemoryError; start a fresh one
                    elif w.process.sentinel in ready:
                        w.process.join(timeout=5)
                        yield index, _death_entry(w, path, job)
                        finished.append(w)
                    elif time.monotonic() - w.started > options.timeout:
                        w.stop(kill=True)
                        text = message("timeout", job.lang, timeout=_seconds(options.timeout))
                        yield index, unprocessed(path, "timeout", text, None, job.verbose)
                        finished.append(w)
                for w in finished:
                    w.task = None
                    w.stop(kill=True)
                    workers.remove(w)
        finally:
            for w in workers:
                w.stop(kill=bool(w.task))


def _seconds(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def run_paths(raw_paths: list[str], job: Job, options: PoolOptions, report: Report) -> list[dict]:
    """The whole batch: expand the paths, process every file, feed ``report``; entries in path order.

    A path that does not exist, or a folder without workbooks, is an entry of its own (with an
    ``"error"``) in the sorted order, so the output always accounts for everything that was given.
    """
    files, problems = expand_paths(raw_paths)
    items = sorted([(str(f), "") for f in files] + [(p.raw, p.kind) for p in problems])
    entries: list[dict] = [{} for _ in items]
    report.start(len(items))
    to_run: list[int] = []
    for i, (path, problem) in enumerate(items):
        if problem:
            entries[i] = unprocessed(path, problem, message(problem, job.lang, path=path), None, job.verbose)
            report.add(i, entries[i])
        else:
            to_run.append(i)
    with progress_bar(len(to_run), job.lang) as advance:
        for k, entry in run_batch([items[i][0] for i in to_run], job, options):
            i = to_run[k]
            entries[i] = entry
            report.add(i, entry)
            advance()
    report.finish(entries)
    return entries
