"""Check many workbooks in worker processes: isolated, parallel, with a time and memory cap each.

Why processes and not threads: the reader is native code. A file that makes it abort, or allocate
without bound, must cost that one file and not the nightly batch over every department's workbook.
Each worker works on one file at a time (with the next one already queued in its pipe); the parent
watches them all:

* a worker that dies (a native abort, a signal, the kernel's OOM killer) yields an entry "tiedoston
  käsittely keskeytyi: …" for the file it had, with the tail of its stderr for ``--verbose``;
* a file that runs past ``timeout`` seconds gets its worker killed and the same kind of entry;
* in both cases a fresh worker takes the next file, and the batch goes on.

``concurrent.futures.ProcessPoolExecutor`` cannot do this: one dead worker breaks the whole pool
(every pending file fails with ``BrokenProcessPool``) and it has no per-task timeout.

Workers are forked from a fork server that has already imported the checking code (numpy, pydantic,
the rules, the reader; see ``worker_server``), so a worker costs a few milliseconds to start and
imports nothing per file. The parent itself imports none of that: its start-up stays light whatever
the batch size.
"""

from __future__ import annotations

import contextlib
import dataclasses
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
    refused,
    unprocessed,
    worker_entry,
)
from xl_seuranta.app.batch_report import Report, progress_bar
from xl_seuranta.app.worker_server import start_worker_server
from xl_seuranta.domain.messages import Batch, Cli
from xl_seuranta.io.guards import Inspection, inspect_file
from xl_seuranta.io.read_errors import WorkbookReadError
from xl_seuranta.io.workbook_paths import expand_paths

__all__ = ["Job", "PoolOptions", "default_jobs", "run_batch", "run_paths"]

QUEUE_DEPTH = 2  # files handed to a worker at a time: the one it is on and the next


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


class _Worker:
    """One worker process, its end of the pipe, its stderr file and the files handed to it.

    A worker holds up to ``QUEUE_DEPTH`` files: the one it is on and the next, already in its pipe,
    so that it starts the next file the moment it has sent a result instead of waiting for the
    parent to read that result and answer (the round trip cost about a tenth of a small file's
    check). It works through them in order, so the first of ``tasks`` is always the one it is on.
    """

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
        self.tasks: deque[tuple[int, str]] = deque()
        self.started = 0.0  # when the worker began the first of ``tasks``

    @property
    def task(self) -> tuple[int, str] | None:
        """The file the worker is on now, if any."""
        return self.tasks[0] if self.tasks else None

    def give(self, index: int, path: str, job: Job, inspection: Inspection | None = None) -> None:
        self.conn.send((index, path, job, inspection))
        if not self.tasks:
            self.started = time.monotonic()
        self.tasks.append((index, path))

    def done(self) -> None:
        """The first task's result has arrived: the worker is on the next one from now."""
        self.tasks.popleft()
        self.started = time.monotonic()

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
        text = Batch.out_of_memory(job.lang, limit=job.memory_mb)
        kind = "memory"
    else:
        how = name or Batch.exit_code(job.lang, code=str(code))
        text = Batch.crashed(job.lang, how=how)
        kind = "crashed"
    return unprocessed(path, kind, text, detail or name or None, job.verbose)


class _Pool:
    """The workers and the files still to do: hand out, wait, collect, replace the fallen."""

    def __init__(self, paths: list[str], job: Job, options: PoolOptions, tmpdir: str) -> None:
        self.job = dataclasses.replace(job, memory_mb=options.memory_mb)
        self.options = options
        self.tmpdir = tmpdir
        self.ctx = start_worker_server()  # already running when the console script started it
        self.pending = deque(enumerate(paths))
        self.workers: list[_Worker] = []
        self.size = max(1, min(options.jobs, len(paths)))
        self.lost_at_start = 0
        self.inspections: dict[int, Inspection] = {}

    def inspect_first(self) -> Iterator[tuple[int, dict]]:
        """Inspect the first file of each worker-to-be here, while the fork server imports the
        checking code; yield the entries of the files the guards refuse.

        The workers do not exist yet and this process would only wait for them: the guards' look at
        a file (its zip directory and sheet XML, streamed, never calamine) is made for hostile files
        and bounded by the limits, so it is safe here, and a worker gets a file it can start reading
        at once (a tenth of a 20 000-row check). A worker inspects again if the file has changed
        since; a fault of the inspection itself is left for the worker to meet and report.
        """
        for index, path in list(self.pending)[: self.size]:
            start = time.perf_counter()
            try:
                self.inspections[index] = inspect_file(path, self.job.limits)
            except WorkbookReadError as exc:
                self.pending.remove((index, path))
                entry = refused(path, exc, self.job)
                entry["seconds"] = time.perf_counter() - start
                yield index, entry
            except Exception:  # the worker inspects the file again, and reports what it finds
                continue

    def has_work(self) -> bool:
        return bool(self.pending) or any(w.tasks for w in self.workers)

    def fill(self) -> None:
        """Start workers up to the pool size and give every idle one the next file."""
        while len(self.workers) < self.size and self.pending:
            self.workers.append(_Worker(self.ctx, self.options.memory_mb, self.tmpdir))
        for w in list(self.workers):
            while len(w.tasks) < QUEUE_DEPTH and self.pending:
                index, path = self.pending.popleft()
                try:
                    w.give(index, path, self.job, self.inspections.pop(index, None))
                except (OSError, ValueError) as exc:  # died: a fresh worker takes the file
                    self.pending.appendleft((index, path))
                    if w.tasks:
                        break  # it died on a file it had: ``collect`` reports that file
                    self._drop(w)
                    self.lost_at_start += 1
                    if self.lost_at_start > 3:  # workers die before their first file: nothing will work
                        raise OSError(f"worker processes exit at start ({w.stderr_tail()})") from exc
                    break

    def collect(self) -> Iterator[tuple[int, dict]]:
        """Wait for the first answer, death or deadline among the busy workers; yield what ended."""
        busy = [w for w in self.workers if w.tasks]
        if not busy:
            return
        now = time.monotonic()
        wait_for = max(0.0, min(w.started + self.options.timeout - now for w in busy))
        ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], wait_for))
        for w in busy:
            index, path = w.task  # type: ignore[misc]
            if w.conn in ready:
                try:
                    got, entry = w.conn.recv()
                except (EOFError, OSError):  # died while answering
                    yield index, self._death(w, path)
                    continue
                w.done()
                yield got, entry
                if entry.get("error_kind") == "memory":
                    self._drop(w)  # it exits after a MemoryError; a fresh one takes the next file
            elif w.process.sentinel in ready:
                yield index, self._death(w, path)
            elif time.monotonic() - w.started > self.options.timeout:
                w.tasks.popleft()
                self._drop(w)
                text = Batch.timeout(self.job.lang, timeout=_seconds(self.options.timeout))
                yield index, unprocessed(path, "timeout", text, None, self.job.verbose)

    def _death(self, w: _Worker, path: str) -> dict:
        w.process.join(timeout=5)
        entry = _death_entry(w, path, self.job)
        w.tasks.popleft()
        self._drop(w)
        return entry

    def _drop(self, w: _Worker) -> None:
        """Stop a worker; files it had not started go back to the front of the queue, in order.

        The caller has already accounted for the file the worker was on (its result, or an entry
        saying why there is none)."""
        self.pending.extendleft(reversed(w.tasks))
        w.tasks.clear()
        w.stop(kill=True)
        self.workers.remove(w)

    def close(self) -> None:
        for w in self.workers:
            w.stop(kill=bool(w.tasks))


def run_batch(paths: list[str], job: Job, options: PoolOptions) -> Iterator[tuple[int, dict]]:
    """Process ``paths`` in worker processes; yield ``(index, entry)`` as each file is done.

    Entries come in completion order (the caller restores the path order); every path gets exactly
    one entry, also when its worker crashed or ran out of time.
    """
    if not paths:
        return
    with tempfile.TemporaryDirectory(prefix="xlseuranta-batch-") as tmpdir:
        pool = _Pool(paths, job, options, tmpdir)
        try:
            yield from pool.inspect_first()
            while pool.has_work():
                pool.fill()
                yield from pool.collect()
        finally:
            pool.close()


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
            text = (Cli.not_found if problem == "not_found" else Cli.no_files)(job.lang, path=path)
            entries[i] = unprocessed(path, problem, text, None, job.verbose)
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
