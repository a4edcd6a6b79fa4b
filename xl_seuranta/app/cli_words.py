"""The command line's own words in the user's language: typer's help chrome and its usage errors.

Typer (and the click it ships, and pydantic, which typer checks option values with) prints English
words around our Finnish help and in its usage errors, some through ``gettext`` (which follows only
the machine's locale), some written into its code. The command line speaks Finnish by default
whatever the locale, and English on ``--lang en``; the words come from the message catalogue
(``HelpChrome``, ``HelpTypes``). Everything typer-specific is here, so a typer release that renames
what is patched touches one module (tests/workbook/test_cli.py notices: help falls back to English).
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import re
import sys
from collections.abc import Callable
from importlib.machinery import ModuleSpec
from types import ModuleType

import typer

from xl_seuranta.domain import fmt
from xl_seuranta.domain.messages import HelpChrome, HelpTypes, Text, lang_of


def finnish_help_chrome() -> None:
    """Let typer and its click speak Finnish: "Käyttö:", "Valitsimet", "Näytä tämä ohje ja lopeta."

    Typer prints its own words around our help (English, some through ``gettext``, which only follows
    the machine's locale, some written into its vendored click). The command line speaks Finnish by
    default whatever the locale, so those words are replaced here from the message catalogue
    (``HelpChrome``), for this process's command line only. Should a typer release rename what is
    patched, help falls back to English (tests/workbook/test_cli.py notices).

    Most of those words live in ``typer.rich_utils``, which typer imports only to print help or an
    error; importing it (with rich's markdown, syntax and traceback modules) cost every command some
    70 ms at start. Its words are therefore replaced when it is imported (``_when_imported``).
    """
    table = {text.en: text.fi for text in vars(HelpChrome).values() if hasattr(text, "en")}

    def finnish(message: str) -> str:
        if usage_language(sys.argv[1:]) == "en":  # typer's words as they are for `--lang en`
            return message
        return table.get(message, message)

    core = getattr(typer, "core", None)
    if core is not None and hasattr(core, "_"):
        core._ = finnish
    parameter = getattr(core, "_TyperParameter", None)
    if parameter is not None and hasattr(parameter, "display_type"):
        parameter.display_type = _finnish_value_kind(parameter.display_type)
    _when_imported("typer.rich_utils", lambda ru: _finnish_rich_words(ru, finnish))
    try:  # typer's vendored click writes these two without gettext
        from typer._click.core import Command
        from typer._click.formatting import HelpFormatter
    except ImportError:
        return
    write_usage = HelpFormatter.write_usage
    get_help_option = Command.get_help_option

    def finnish_usage(self: HelpFormatter, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, f"{HelpChrome.usage.fi} " if prefix is None else prefix)

    def finnish_help_option(self: Command, ctx: object) -> object:
        option = get_help_option(self, ctx)  # type: ignore[arg-type]
        if option is not None:
            option.help = HelpChrome.show_help.fi
        return option

    HelpFormatter.write_usage = finnish_usage  # type: ignore[method-assign]
    Command.get_help_option = finnish_help_option  # type: ignore[method-assign,assignment]


_VALUE_KINDS = {  # typer's label of a value (Python's type names) -> the help's word for it
    "<str>": HelpTypes.text,
    "<list[str]>": HelpTypes.texts,
    "<int>": HelpTypes.integer,
    "<int range>": HelpTypes.integer,
    "<float>": HelpTypes.number,
    "<float range>": HelpTypes.number,
    "<path>": HelpTypes.path,
    "<file>": HelpTypes.file,
    "<directory>": HelpTypes.folder,
    "<datetime>": HelpTypes.date,
}


def _finnish_value_kind(display_type: Callable[..., str]) -> Callable[..., str]:
    """Typer's label of the value an option takes, in words a finance or IT person reads: not
    ``<str>``, ``<float range>`` or ``<list[str]>``; and none for a flag (``<bool>``), which takes no value."""

    def finnish_display_type(self: object, ctx: object) -> str:
        if getattr(self, "is_flag", False):
            return ""
        label = display_type(self, ctx)
        word = _VALUE_KINDS.get(label)
        return f"<{word.fi}>" if word is not None else label

    return finnish_display_type


def _finnish_rich_words(ru: ModuleType, finnish: Callable[[str], str]) -> None:
    """The words typer's rich help and error panels print, in Finnish."""
    if hasattr(ru, "_"):
        ru._ = finnish
    for name, text in (
        ("DEPRECATED_STRING", HelpChrome.deprecated),
        ("DEFAULT_STRING", HelpChrome.default),
        ("ENVVAR_STRING", HelpChrome.env_var),
        ("REQUIRED_LONG_STRING", HelpChrome.required),
        ("ARGUMENTS_PANEL_TITLE", HelpChrome.arguments),
        ("OPTIONS_PANEL_TITLE", HelpChrome.options),
        ("COMMANDS_PANEL_TITLE", HelpChrome.commands),
        ("ERRORS_PANEL_TITLE", HelpChrome.error),
        ("ABORTED_TEXT", HelpChrome.aborted),
        ("RICH_HELP", HelpChrome.rich_help),
    ):
        if hasattr(ru, name):
            setattr(ru, name, text.fi)


class _AfterImport(importlib.abc.MetaPathFinder):
    """Finds one module as Python would, and runs ``then`` on it right after the module has run."""

    def __init__(self, name: str, then: Callable[[ModuleType], None]) -> None:
        self.name, self.then = name, then

    def find_spec(self, fullname: str, path: object = None, target: object = None) -> ModuleSpec | None:
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)  # once; and so that the search below does not come back here
        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None:
            return spec
        exec_module = spec.loader.exec_module

        def exec_then(module: ModuleType) -> None:
            exec_module(module)
            self.then(module)

        spec.loader.exec_module = exec_then  # type: ignore[method-assign]  # this spec's loader only
        return spec


def _when_imported(name: str, then: Callable[[ModuleType], None]) -> None:
    """``then(module)`` now if ``name`` is imported already, else as soon as it is."""
    if name in sys.modules:
        then(sys.modules[name])
    else:
        sys.meta_path.insert(0, _AfterImport(name, then))


_USAGE_ERRORS = (  # typer's own wording of a usage error -> the catalogue's, by its beginning
    ("Missing argument", HelpChrome.missing_argument),
    ("Missing option", HelpChrome.missing_option),
    ("Missing parameter", HelpChrome.missing_parameter),
    ("No such option", HelpChrome.no_such_option_plain),
    ("No such command", HelpChrome.no_such_command_plain),
    ("Got unexpected extra argument(s)", HelpChrome.extra_arguments),
    ("Invalid value for", HelpChrome.invalid_value_plain),
)


_PHRASES = (  # the rest of typer's words, and pydantic's account of a bad value (typer checks with it)
    (re.compile(r"Input should be a valid integer\b.*"), HelpChrome.not_integer),
    (re.compile(r"Input should be a valid number\b.*"), HelpChrome.not_number),
    (re.compile(r"Input should be greater than or equal to (?P<limit>-?[\d.]+)"), HelpChrome.at_least),
    (re.compile(r"Input should be greater than (?P<limit>-?[\d.]+)"), HelpChrome.above),
    (re.compile(r"Input should be less than or equal to (?P<limit>-?[\d.]+)"), HelpChrome.at_most),
    (re.compile(r"Input should be less than (?P<limit>-?[\d.]+)"), HelpChrome.below),
    (re.compile(r"\(Possible options: (?P<options>[^)]*)\)"), HelpChrome.possible_options),
    (re.compile(r"\. Did you mean (?P<suggestions>.+)\?$"), HelpChrome.did_you_mean),
)


def usage_error_text(message: str, lang: str = "fi") -> str:
    """A usage error in the user's language: typer's English beginning, its suggestions and pydantic's
    account of a bad value replaced; the names and values they cite kept (a limit written as numbers
    are in that language)."""
    for english, text in _USAGE_ERRORS:
        if message.startswith(english):
            message = text(lang) + message[len(english) :]
            break
    for pattern, text in _PHRASES:

        def phrase(m: re.Match[str], text: Text = text) -> str:
            found = m.groupdict()
            if "limit" in found:  # as numbers are written in the user's language (0,1; 2 000 000)
                limit = found["limit"]
                found["limit"] = fmt.number(float(limit), len(limit.partition(".")[2]), lang_of(lang))
            return text(lang, **found)

        message = pattern.sub(phrase, message, count=1)
    return message


def usage_language(argv: list[str]) -> str:
    """The language of a usage error: English where the command line asks for it with ``--lang en``.

    A command line with a usage error was not parsed, so the option is looked for by hand."""
    for i, arg in enumerate(argv):
        if arg.startswith("--lang="):
            return lang_of(arg.partition("=")[2])
        if arg == "--lang" and i + 1 < len(argv):
            return lang_of(argv[i + 1])
    return "fi"
