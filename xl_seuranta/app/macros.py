"""Excel-facing macros: the ribbon buttons Tarkista, Laske, Tavoitteet, Päivitä kaikki, Ohje and
Testaa asennus (the installation self-test of :mod:`xl_seuranta.app.doctor`).

Every macro takes the open workbook as ``book: xw.Book`` and does three things: read the book's
values into grids, ask :mod:`xl_seuranta.app.services` for sheet plans, write the plans back into the
book. Then it tells the user, in Finnish, what happened.

The same functions run unchanged in three places:

* desktop Excel: the add-in's VBA dispatcher calls ``run_button(tag)`` via ``RunPython``, which
  passes ``xw.Book.caller()``;
* xlwings Server / xlwings Lite: thin ``@script`` wrappers in ``app/server/project/custom_scripts`` pass
  the book built from the client's JSON; the returned actions include the alert;
* tests: ``xw.Book(json=payload)`` with the remote engine.

No domain logic lives here. Errors never reach the user as a traceback: a
:class:`~xl_seuranta.app.services.UserFacingError` is shown as it is, anything else as a generic Finnish
message while the traceback goes to the server-side log.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xl_seuranta.app import services
from xl_seuranta.domain.messages import Macros, UserError, summary_text

if TYPE_CHECKING:  # importing xlwings here would fix its decorators too early on a server
    import xlwings as xw

logger = logging.getLogger(__name__)

TITLE = "xl-seuranta"

LANG = "fi"
"""The ribbon speaks Finnish: the add-in is for Finnish finance staff."""


# The xlwings reader and writer import xlwings, which must not happen before a server process has
# set XLWINGS_ON_SERVER (see xl_seuranta.app.server): imported when a button runs.


def _read(book: xw.Book) -> list[Any]:
    from xl_seuranta.io.xlwings_reader import read_book

    return read_book(book)


def _write(book: xw.Book, plans: list[Any]) -> None:
    from xl_seuranta.io.xlwings_writer import apply_plans_to_book

    apply_plans_to_book(book, plans)


def _pending_actions(book: xw.Book) -> list[Any] | None:
    """The remote engine's list of queued actions, or None on desktop Excel (writes are immediate)."""
    try:
        data = book.json()
    except Exception:  # desktop engines have no json(); nothing to roll back there
        return None
    actions = data.get("actions") if isinstance(data, dict) else None
    return actions if isinstance(actions, list) else None


def _alert(book: xw.Book, message: str, *, critical: bool = False) -> None:
    """Show a message box; on the server this queues an ``alert`` action for the client."""
    try:
        book.app.alert(message, title=TITLE, buttons="ok", mode="critical" if critical else "info")
    except Exception:  # an alert must never turn a finished job into a failure
        logger.exception("could not show the alert: %s", message)


def _run(book: xw.Book, name: str, job: Callable[[xw.Book], str]) -> str:
    """Run one job; show its message or a Finnish error. Returns the message shown.

    On the remote engine a failed job leaves no half-written sheet behind: the actions queued by
    the job are dropped and only the error alert is sent back.
    """
    pending = _pending_actions(book)
    start = len(pending) if pending is not None else 0
    try:
        message = job(book)
    except UserError as exc:
        if pending is not None:
            del pending[start:]
        message = exc.render(LANG) or Macros.generic_error(LANG)
        logger.info("%s: user-facing error: %s", name, message)
        _alert(book, message, critical=True)
        return message
    except Exception:
        if pending is not None:
            del pending[start:]
        logger.exception("%s failed", name)
        message = Macros.generic_error(LANG)
        _alert(book, message, critical=True)
        return message
    _alert(book, message)
    return message


def _count_phrase(summary: dict[str, int]) -> str:
    return summary_text(summary, LANG) if summary else Macros.no_findings(LANG)


def _sheet_names(plans: list[Any]) -> str:
    names = [getattr(p, "name", "?") for p in plans]
    return ", ".join(f"'{n}'" for n in names) if names else Macros.no_changes(LANG)


def _check_job(book: xw.Book, grids: list[Any] | None = None) -> str:
    grids = _read(book) if grids is None else grids
    plans, summary = services.check_plans(grids, LANG, _book_name(book))
    _write(book, plans)
    return Macros.checked(LANG, counts=_count_phrase(summary))


def _book_name(book: xw.Book) -> str | None:
    try:
        return str(book.name)
    except Exception:  # a name is only shown in a footer; never fail a job for it
        return None


def _compute_job(book: xw.Book, grids: list[Any] | None = None) -> str:
    grids = _read(book) if grids is None else grids
    plans = services.compute_plans(grids, LANG, _book_name(book))
    _write(book, plans)
    return Macros.computed(LANG, sheets=_sheet_names(plans))


def _goals_job(book: xw.Book, grids: list[Any] | None = None) -> str:
    grids = _read(book) if grids is None else grids
    plans = services.goal_plans(grids, LANG, _book_name(book))
    _write(book, plans)
    return Macros.goals_done(LANG, sheets=_sheet_names(plans))


def _all_job(book: xw.Book) -> str:
    grids = _read(book)  # one read: all three jobs see the same user data
    name = _book_name(book)
    found = services.discover(grids)  # and one discovery of it
    compute = services.compute_plans(found, LANG, name)
    goals = services.goal_plans(found, LANG, name)
    checks, summary = services.check_plans(found, LANG, name)
    _write(book, [*compute, *goals, *checks])  # planned first, written together
    return Macros.all_done(LANG, counts=_count_phrase(summary))


def tarkista(book: xw.Book) -> str:
    """Validate the workbook and (re)write the 'Tarkistus' sheet. Returns the message shown."""
    return _run(book, "tarkista", _check_job)


def laske(book: xw.Book) -> str:
    """Compute the metric columns/sheet. Returns the message shown."""
    return _run(book, "laske", _compute_job)


def tavoitteet(book: xw.Book) -> str:
    """Generate or refresh the goal follow-up sheet, keeping what users typed."""
    return _run(book, "tavoitteet", _goals_job)


def paivita_kaikki(book: xw.Book) -> str:
    """Laske + Tavoitteet + Tarkista from a single read of the book."""
    return _run(book, "paivita_kaikki", _all_job)


def ohje(book: xw.Book) -> str:
    """Show the short Finnish help text."""
    text = Macros.help(LANG)
    _alert(book, text)
    return text


def testaa_asennus(book: xw.Book, addin: Path | None = None) -> str:
    """The installation self-test of ``xl-seuranta doctor``, shown in a message box.

    ``addin`` is the add-in file that called (the VBA passes its path); without it the doctor looks
    for one. A message box that lists a failed check is critical, otherwise info. Returns the text.
    """
    try:
        from xl_seuranta.app.doctor import render_message, run_checks

        report = run_checks(addin=addin, lang="fi")
        message = render_message(report)
    except Exception:  # the self-test must answer even when something it checks is broken
        logger.exception("testaa_asennus failed")
        text = Macros.generic_error(LANG)
        _alert(book, text, critical=True)
        return text
    _alert(book, message, critical=not report.usable)
    return message


BUTTONS: dict[str, Callable[[xw.Book], str]] = {
    "tarkista": tarkista,
    "laske": laske,
    "tavoitteet": tavoitteet,
    "paivita_kaikki": paivita_kaikki,
    "ohje": ohje,
    "testaa_asennus": testaa_asennus,
}


def run_button(tag: str, book: xw.Book | None = None, addin_hex: str | None = None) -> str:
    """Entry point of the desktop add-in's VBA dispatcher.

    VBA calls ``RunPython "import xl_seuranta.app.macros as m; m.run_button('<tag>')"``; the book is
    then ``xw.Book.caller()``. Tests may pass ``book`` directly. *Testaa asennus* also passes the
    add-in's own path as ``addin_hex`` (UTF-16 in hex, see ``doctor.decode_addin_hex``), so that the
    self-test reads the add-in that is actually loaded.
    """
    if book is None:
        import xlwings as xw  # only here, on the desktop (see _read)

        book = xw.Book.caller()
    key = str(tag).strip().lower()
    action = BUTTONS.get(key)
    if action is None:
        message = Macros.unknown_button(LANG, tag=tag)
        logger.error("unknown ribbon tag %r", tag)
        _alert(book, message, critical=True)
        return message
    if key == "testaa_asennus":
        from xl_seuranta.app.doctor import decode_addin_hex

        return testaa_asennus(book, decode_addin_hex(addin_hex))
    return action(book)
