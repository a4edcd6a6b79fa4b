"""The console script's entry point, kept to the standard library.

Every worker process of a batch runs the console script as its main module when it starts, and the
commands that check workbooks want their workers' fork server started before the command line (typer,
rich, the message catalogue) is imported. Both need this module to import nothing heavy itself.
"""

from __future__ import annotations

import contextlib
import sys

# The commands that read workbooks in worker processes (xl_seuranta.app.batch).
BATCH_COMMANDS = frozenset({"check", "summary"})
HELP_FLAGS = frozenset({"--help", "-h"})


def wants_workers(argv: list[str]) -> bool:
    """Whether these arguments run a batch command (and not only its help)."""
    return bool(argv) and argv[0] in BATCH_COMMANDS and not HELP_FLAGS.intersection(argv)


def main() -> None:
    """Start the workers' fork server early for a batch command, then run the command line."""
    if wants_workers(sys.argv[1:]):
        from xl_seuranta.app.worker_server import start_worker_server

        # On failure the batch starts its workers itself, and reports a failure in the user's words.
        with contextlib.suppress(OSError):
            start_worker_server()
    from xl_seuranta.app.cli import main as cli_main

    cli_main()
