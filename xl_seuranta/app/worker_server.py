"""Where the batch workers come from: a fork server with the checking code already imported.

Kept apart from ``batch`` (which imports the report and message code) so that the console entry
point can start the fork server before it imports anything else: the server imports the checking
code (numpy, pydantic, the rules, the reader) in its own process while this one imports the command
line. On two cores the two imports overlap instead of following each other, which is most of a
small batch's wall time.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
from collections.abc import Iterator

WORKER_MODULE = "xl_seuranta.app.batch_worker"


def worker_environment() -> None:
    """The environment the workers run in (inherited by the fork server and so by every worker)."""
    # One process per core already: numerical libraries must not start a thread pool per worker.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    # The checking code uses no pydantic plugins, and looking for them (on the first model class)
    # reads the metadata of every installed package: some 15 ms of every batch's start.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def worker_context() -> multiprocessing.context.BaseContext:
    """A fork server with the checking code preloaded; plain spawn where there is no fork server."""
    worker_environment()
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        # "__main__" too: the fork server imports the main script once. (Each worker still runs the
        # console script as its main module on start; the script only imports ``entry``, which is
        # why the entry point must stay light.)
        ctx.set_forkserver_preload(["__main__", WORKER_MODULE])
        return ctx
    return multiprocessing.get_context("spawn")


def start_worker_server() -> multiprocessing.context.BaseContext:
    """Start the fork server now, in the background, so that it is ready when the first file is;
    the context the workers are then made with (``worker_context``).

    Harmless when the command later turns out not to need it (a usage error): the server exits with
    this process. Does nothing when the server is already running.

    The server (and multiprocessing's resource tracker, started with it) would inherit this process's
    standard output and hold it open until they notice that this process has ended: whoever reads
    the output through a pipe (``check … | jq``, ``$(…)``) would wait that long after the command is
    done. Neither they nor the workers write there (results come back through pipes), so they get
    the null device instead. Standard error stays: it is where a server that fails to start says why.
    """
    ctx = worker_context()
    if ctx.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        with _stdout_to_null():
            forkserver.ensure_running()
    return ctx


@contextlib.contextmanager
def _stdout_to_null() -> Iterator[None]:
    """File descriptor 1 is the null device inside the block (for processes started in it).

    For the whole process, for that moment: called where no other thread writes to standard output
    (the console script's start, a batch's start)."""
    if sys.stdout is not None:
        sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no standard output at all: nothing to keep from the server
        yield
        return
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, 1)
        finally:
            os.close(null)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
