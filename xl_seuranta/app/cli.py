"""The command line: thin wrappers over services; messages in Finnish unless --lang en.

Exit codes: 0 no errors found, 1 errors found, 2 unreadable input or a usage error.
"""

from __future__ import annotations

import datetime as dt
import glob
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from xl_seuranta.app import services
from xl_seuranta.domain.messages import (
    Cli,
    HelpChrome,
    family_label,
    finding_json,
    severity_label,
    summary_text,
)
from xl_seuranta.domain.messages.checks import FAMILIES
from xl_seuranta.io.atomic_file import is_work_file
from xl_seuranta.io.file_reader import WorkbookReadError, read_workbook

# Modules only some commands need are imported inside those commands, so that `--help`, `rules` and
# argument errors start quickly.


def _finnish_help_chrome() -> None:
    """Let typer and its click speak Finnish: "Käyttö:", "Valitsimet", "Näytä tämä ohje ja lopeta."

    Typer prints its own words around our help (English, some through ``gettext``, which only follows
    the machine's locale, some written into its vendored click). The command line speaks Finnish by
    default whatever the locale, so those words are replaced here from the message catalogue
    (``HelpChrome``), for this process's command line only. Should a typer release rename what is
    patched, help falls back to English (tests/workbook/test_cli.py notices).
    """
    import typer.rich_utils as ru

    table = {text.en: text.fi for text in vars(HelpChrome).values() if hasattr(text, "en")}
    for module in (ru, getattr(typer, "core", None)):
        if module is not None and hasattr(module, "_"):
            module._ = lambda message: table.get(message, message)  # type: ignore[attr-defined]
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


_USAGE_ERRORS = (  # typer's own wording of a usage error -> the catalogue's, by its beginning
    ("Missing argument", HelpChrome.missing_argument),
    ("Missing option", HelpChrome.missing_option),
    ("Missing parameter", HelpChrome.missing_parameter),
    ("No such option", HelpChrome.no_such_option_plain),
    ("No such command", HelpChrome.no_such_command_plain),
    ("Got unexpected extra argument(s)", HelpChrome.extra_arguments),
    ("Invalid value for", HelpChrome.invalid_value_plain),
)


def usage_error_text(message: str, lang: str = "fi") -> str:
    """A usage error in the user's language: typer's English beginning replaced, the names it cites kept."""
    for english, text in _USAGE_ERRORS:
        if message.startswith(english):
            return text(lang) + message[len(english) :]
    return message


_finnish_help_chrome()

OPTIONS_METAVAR = "[VALITSIMET]"
app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    options_metavar=OPTIONS_METAVAR,
    subcommand_metavar="KOMENTO [ARGUMENTIT]...",
    help="xl-seuranta: talousarvion seurantatyökirjan tarkistus, tunnusluvut ja tavoiteseuranta.",
)

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
EXAMPLE_NAME = "hallintopalvelut_2025.xlsx"


def fail(message: str, code: int = 2) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(code)


def _check_lang(lang: str) -> str:
    if lang not in ("fi", "en"):
        fail(Cli.bad_lang("fi", value=lang))
    return lang


def expand_paths(paths: list[str], lang: str) -> list[Path]:
    """Files, folders (searched recursively) and globs to a sorted list of workbook files.

    A folder or glob never yields the writer's temporary files or Excel's ``~$`` owner files."""
    out: list[Path] = []
    for raw in paths:
        if any(ch in raw for ch in "*?["):
            matches = sorted(Path(m) for m in glob.glob(raw, recursive=True))
            files = [
                m
                for m in matches
                if m.is_file() and m.suffix.lower() in WORKBOOK_SUFFIXES and not is_work_file(m)
            ]
            if not files:
                fail(Cli.no_files(lang, path=raw))
            out += files
            continue
        p = Path(raw)
        if p.is_dir():
            files = sorted(
                f for f in p.rglob("*") if f.suffix.lower() in WORKBOOK_SUFFIXES and not is_work_file(f)
            )
            if not files:
                fail(Cli.no_files(lang, path=raw))
            out += files
        elif p.exists():
            out.append(p)
        else:
            fail(Cli.not_found(lang, path=raw))
    return out


def _codes(value: str | None) -> list[str] | None:
    return [c.strip() for c in value.split(",") if c.strip()] if value else None


@app.command(options_metavar=OPTIONS_METAVAR)
def check(
    paths: Annotated[
        list[str], typer.Argument(help="Työkirjat, kansiot tai hakulausekkeet (*.xlsx).", metavar="POLUT")
    ],
    format: Annotated[str, typer.Option("--format", "-f", help="text tai json")] = "text",
    lang: Annotated[str, typer.Option("--lang", help="fi tai en")] = "fi",
    select: Annotated[
        str | None, typer.Option(help="Vain nämä koodit tai etuliitteet, pilkuin (A,X001).")
    ] = None,
    ignore: Annotated[str | None, typer.Option(help="Ohita nämä koodit tai etuliitteet, pilkuin.")] = None,
) -> None:
    """Tarkista työkirjat: jokainen ristiriita välilehtineen ja soluineen."""
    from xl_seuranta.app.text_report import format_text_report

    lang = _check_lang(lang)
    if format not in ("text", "json"):
        fail(Cli.bad_format(lang, value=format))
    files = expand_paths(paths, lang)
    results = []
    worst = 0
    for path in files:
        try:
            grids = read_workbook(path)
            _book, findings, summary = services.check(grids, _codes(select), _codes(ignore))
        except WorkbookReadError as exc:
            worst = 2
            results.append(
                {
                    "path": str(path),
                    "error": exc.render(lang),
                    "findings": [],
                    "summary": {"error": 0, "warning": 0, "info": 0},
                }
            )
            if format == "text":
                typer.echo(f"{path}: {exc.render(lang)}", err=True)
            continue
        except Exception as exc:  # never a traceback for the user
            worst = 2
            message = Cli.unexpected(lang, path=path, error=f"{type(exc).__name__}: {exc}")
            results.append(
                {
                    "path": str(path),
                    "error": message,
                    "findings": [],
                    "summary": {"error": 0, "warning": 0, "info": 0},
                }
            )
            typer.echo(message, err=True)
            continue
        if summary["error"] and worst < 1:
            worst = 1
        results.append(
            {"path": str(path), "findings": [finding_json(f, lang) for f in findings], "summary": summary}
        )
        if format == "text":
            for line in format_text_report(str(path), findings, summary, lang):
                typer.echo(line)
    if format == "json":
        typer.echo(json.dumps({"files": results}, ensure_ascii=False, indent=2))
    raise typer.Exit(worst)


def bundled_example() -> Path:
    """The example workbook shipped inside the package."""
    candidate = Path(__file__).resolve().parent.parent / "data" / EXAMPLE_NAME
    if candidate.is_file():
        return candidate
    fail(Cli.no_example("fi"))
    raise AssertionError  # unreachable


def _write(src: Path, plans: list, dst: Path, lang: str, grids: list) -> None:
    """Splice the plans' sheets into the file (atomic, locked); say where, and any note."""
    from xl_seuranta.io.openpyxl_writer import WorkbookWriteError
    from xl_seuranta.io.workbook_writer import write_plans_to_file

    try:
        result = write_plans_to_file(src, plans, dst, legacy_tool_sheets=services.tool_sheet_names(grids))
    except WorkbookWriteError as exc:
        fail(exc.render(lang))
    typer.echo(Cli.written(lang, path=dst))
    for note in result.notes:
        typer.echo(note.render(lang))


@app.command(options_metavar=OPTIONS_METAVAR)
def run(
    file: Annotated[
        Path | None,
        typer.Argument(help="Työkirja; oletuksena mukana tuleva esimerkki.", metavar="TYÖKIRJA"),
    ] = None,
    out: Annotated[Path | None, typer.Option("-o", "--out", help="Tulostiedosto.")] = None,
    lang: Annotated[str, typer.Option("--lang", help="fi tai en")] = "fi",
) -> None:
    """Päätyö: tarkista työkirja ja kirjoita kopioon Tarkistus-välilehti linkkeineen."""
    lang = _check_lang(lang)
    src = file or bundled_example()
    if not src.is_file():
        fail(Cli.not_found(lang, path=src))
    dst = out or Path.cwd() / f"{src.stem}_tarkistettu{src.suffix}"
    if dst.resolve() == bundled_example().resolve() and file is None:
        fail(Cli.same_as_example(lang))
    try:
        grids = read_workbook(src)
    except WorkbookReadError as exc:
        fail(exc.render(lang))
    plans, summary = services.check_plans(grids, lang, source_name=src.name, now=dt.datetime.now())
    _write(src, plans, dst, lang, grids)  # atomic; the source is untouched when dst is another file
    typer.echo(summary_text(summary, lang))
    # The findings are the product here; exit 0 once the copy is written (check is for gating).


def _generate(kind: str, file: Path, out: Path | None, in_place: bool, lang: str) -> None:
    lang = _check_lang(lang)
    if (out is None) == (not in_place) or (out is not None and in_place):
        fail(Cli.out_or_inplace(lang))
    if not file.is_file():
        fail(Cli.not_found(lang, path=file))
    try:
        grids = read_workbook(file)
        job = services.compute_plans if kind == "compute" else services.goal_plans
        plans = job(grids, lang, file.name)
    except (WorkbookReadError, services.UserFacingError) as exc:
        fail(exc.render(lang))
    dst = file if in_place else out
    _write(file, plans, dst, lang, grids)


@app.command(options_metavar=OPTIONS_METAVAR)
def compute(
    file: Annotated[Path, typer.Argument(help="Työkirja.", metavar="TYÖKIRJA")],
    out: Annotated[Path | None, typer.Option("-o", "--out", help="Tulostiedosto.")] = None,
    in_place: Annotated[bool, typer.Option("--in-place", help="Kirjoita samaan tiedostoon.")] = False,
    lang: Annotated[str, typer.Option("--lang")] = "fi",
) -> None:
    """Laske hallituksen yhteenveto (Yhteenveto) ja tunnusluvut (Laskelmat) Excel-kaavoina: muutos € ja %, käyttö-%, jäljellä €, ennuste, €/asukas."""
    _generate("compute", file, out, in_place, lang)


@app.command(options_metavar=OPTIONS_METAVAR)
def goals(
    file: Annotated[Path, typer.Argument(help="Työkirja.", metavar="TYÖKIRJA")],
    out: Annotated[Path | None, typer.Option("-o", "--out", help="Tulostiedosto.")] = None,
    in_place: Annotated[bool, typer.Option("--in-place", help="Kirjoita samaan tiedostoon.")] = False,
    lang: Annotated[str, typer.Option("--lang")] = "fi",
) -> None:
    """Muodosta Tavoiteseuranta-välilehti; kirjatut tilat, kommentit, lisätyt sarakkeet ja muistiinpanot säilyvät."""
    _generate("goals", file, out, in_place, lang)


@app.command(options_metavar=OPTIONS_METAVAR)
def rules(
    code: Annotated[str | None, typer.Argument(help="Säännön koodi, esim. A003.", metavar="KOODI")] = None,
    lang: Annotated[str, typer.Option("--lang")] = "fi",
) -> None:
    """Luettele tarkistussäännöt tai näytä yhden säännön kuvaus."""
    from xl_seuranta.rules import RULES, rule_doc
    from xl_seuranta.rules.titles import rule_title

    lang = _check_lang(lang)
    if code:
        if code.upper() not in RULES:
            fail(Cli.unknown_rule(lang, value=code))
        typer.echo(rule_doc(code.upper(), lang))
        return
    for fam in FAMILIES:
        typer.echo(family_label(fam, lang))
        for r in sorted((r for r in RULES.values() if r.family == fam), key=lambda r: r.code):
            typer.echo(f"  {r.code}  {severity_label(r.severity, lang):<9} {rule_title(r.code, lang)}")


@app.command(options_metavar=OPTIONS_METAVAR)
def doctor(
    addin: Annotated[
        Path | None, typer.Option("--addin", help="Lisäosa (xl_seuranta.xlam); oletuksena etsitään.")
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text tai json")] = "text",
    lang: Annotated[str, typer.Option("--lang", help="fi tai en")] = "fi",
) -> None:
    """Tarkista asennus: Python, xlwings ja lisäosa, tulkin polku, solufunktiot, LibreOffice, palvelinosa.

    Poistumiskoodi 0, kun asennus on käyttökunnossa, muuten 1 (korjausohje jokaisella VIRHE-rivillä).
    """
    from xl_seuranta.app.doctor import render_lines, run_checks

    lang = _check_lang(lang)
    if format not in ("text", "json"):
        fail(Cli.bad_format(lang, value=format))
    report = run_checks(addin=addin, lang=lang)
    if format == "json":
        typer.echo(json.dumps(report.json_dict(), ensure_ascii=False, indent=2))
    else:
        for line in render_lines(report):
            typer.echo(line)
    raise typer.Exit(0 if report.usable else 1)


@app.command(options_metavar=OPTIONS_METAVAR)
def serve(
    host: Annotated[str, typer.Option(help="Osoite (oletus vain tämä kone).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Portti.")] = 8000,
) -> None:
    """Käynnistä xlwings Server -sovellus (solufunktiot ja painikkeet). Vaatii: pip install 'xl-seuranta\\[server]'."""
    try:
        from xl_seuranta.app.server import serve as _serve
    except ImportError as exc:
        fail(Cli.no_server("fi", error=exc))
    _serve(host=host, port=port)


def main() -> None:
    """Console entry point: usage errors in Finnish with exit code 2, never a traceback."""
    try:
        code = app(standalone_mode=False)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # typer ships its own click: match its usage errors by shape, not by class
        if type(exc).__name__ == "Abort":
            sys.exit(130)
        if hasattr(exc, "format_message") and getattr(exc, "exit_code", None) == 2:
            typer.echo(Cli.usage_error("fi", error=usage_error_text(exc.format_message())), err=True)
            typer.echo(Cli.usage_hint("fi"), err=True)
            sys.exit(2)
        typer.echo(Cli.crashed("fi", error=f"{type(exc).__name__}: {exc}"), err=True)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
