"""The console script's entry point, kept to the standard library.

Every worker process of a batch runs the console script as its main module when it starts, and the
commands that check workbooks want their workers' fork server started before the command line (typer,
rich, the message catalogue) is imported. Both need this module to import nothing heavy itself.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys

# The commands that read workbooks in worker processes (xl_seuranta.app.batch).
BATCH_COMMANDS = frozenset({"check", "summary"})
HELP_FLAGS = frozenset({"--help", "-h"})


def wants_workers(argv: list[str]) -> bool:
    """Whether these arguments run a batch command (and not only its help)."""
    return bool(argv) and argv[0] in BATCH_COMMANDS and not HELP_FLAGS.intersection(argv)


class _QuickExit:
    """Ends the process once its exit handlers have run, without Python's teardown after them.

    When a command is done, Python frees every object and every module one by one before the process
    ends: with the command line's libraries loaded that is some 40 ms the user waits for nothing
    (a tenth of checking a 20 000-row workbook). Registered first, this handler runs last of the exit
    handlers (they run in reverse order), so the others still do their work: the workers' temporary
    folder is removed, logging is flushed, and Python has already waited for any other thread. Then
    both streams are flushed and the process exits with the command's status.

    Only a command that ended through ``SystemExit`` has a status here; anything else (an uncaught
    exception) leaves Python to exit its usual way.
    """

    def __init__(self) -> None:
        self.status: int | None = None

    def record(self, code: object) -> None:
        """The status ``sys.exit(code)`` would give: None is 0, a number itself, a message 1."""
        self.status = 0 if code is None else code if isinstance(code, int) else 1

    def __call__(self) -> None:
        if self.status is None:
            return
        for stream in (sys.stdout, sys.stderr):
            # A reader that has gone away (`| head`) is no failure of the command.
            with contextlib.suppress(OSError, ValueError, AttributeError):
                stream.flush()
        os._exit(self.status)


def main() -> None:
    """Start the workers' fork server early for a batch command, then run the command line."""
    quick_exit = _QuickExit()
    atexit.register(quick_exit)
    if wants_workers(sys.argv[1:]):
        from xl_seuranta.app.worker_server import start_worker_server

        # On failure the batch starts its workers itself, and reports a failure in the user's words.
        with contextlib.suppress(OSError):
            start_worker_server()
    from xl_seuranta.app.cli import main as cli_main

    try:
        cli_main()
    except SystemExit as exc:
        quick_exit.record(exc.code)
        raise
