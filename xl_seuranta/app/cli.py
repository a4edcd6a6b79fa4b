"""The command line: thin wrappers over the batch machinery and the services.

Messages in Finnish unless ``--lang en``. Exit codes, the same rule for every command:

* 0 — done, and no errors found;
* 1 — errors found (``check``, ``summary``; ``run`` only with ``--strict``: its product is the
  written copy, so by default it exits 0 once that is written, whatever the findings);
* 2 — a file could not be processed (unreadable, refused by a limit, crashed or timed out), an
  output could not be written, or a usage error.

Start-up stays light: ``--help``, ``rules`` and usage errors import neither pandas nor openpyxl nor
xlwings (everything heavy is imported inside the command that needs it).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer

from xl_seuranta.app.batch_job import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_S
from xl_seuranta.app.cli_words import finnish_help_chrome, usage_error_text, usage_language
from xl_seuranta.domain.messages import (
    Cli,
    family_label,
    severity_label,
    summary_text,
)
from xl_seuranta.domain.messages.checks import FAMILIES
from xl_seuranta.io.guards import DEFAULT_LIMITS as LIMITS

finnish_help_chrome()

OPTIONS_METAVAR = "[VALITSIMET]"
app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    options_metavar=OPTIONS_METAVAR,
    subcommand_metavar="KOMENTO [ARGUMENTIT]...",
    help="xl-seuranta: talousarvion seurantatyökirjan tarkistus, tunnusluvut ja tavoiteseuranta.",
)

EXAMPLE_NAME = "hallintopalvelut_2025.xlsx"
FORMATS = ("text", "json", "jsonl", "sarif")


def fail(message: str, code: int = 2) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(code)


def _check_lang(lang: str) -> str:
    if lang not in ("fi", "en"):
        fail(Cli.bad_lang("fi", value=lang))
    return lang


def _codes(value: str | None) -> tuple[str, ...] | None:
    return tuple(c.strip() for c in value.split(",") if c.strip()) if value else None


# Options shared by the commands that read workbooks: the limits a file must stay within before it
# is read (guards.Limits), and for the batch commands the workers' parallelism and caps.
LangOpt = Annotated[str, typer.Option("--lang", help="fi tai en")]
VerboseOpt = Annotated[
    bool,
    typer.Option("--verbose", "-v", help="Näytä lukukirjaston omat virheilmoitukset ilmoitusten perässä."),
]
JobsOpt = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, help="Rinnakkaisten työprosessien määrä (oletus: kaikki ytimet)."),
]
TimeoutOpt = Annotated[
    float, typer.Option("--timeout", min=0.1, help="Aikaraja sekunteina yhtä tiedostoa kohden.")
]
MemoryOpt = Annotated[
    int, typer.Option("--memory-mb", min=0, help="Muistiraja megatavuina työprosessia kohden (0 = ei rajaa).")
]
MaxMbOpt = Annotated[float, typer.Option("--max-mb", min=0.001, help="Suurin tiedostokoko (Mt).")]
MaxUnpackedOpt = Annotated[
    float,
    typer.Option("--max-unpacked-mb", min=0.001, help="Suurin purettu koko (Mt) zip-hakemiston mukaan."),
]
MaxRatioOpt = Annotated[
    float, typer.Option("--max-ratio", min=1, help="Suurin purkusuhde (purettu/pakattu) yli 1 Mt:n osalle.")
]
MaxCellsOpt = Annotated[
    int,
    typer.Option("--max-cells", min=1, help="Suurin luettava solualue (rivit × sarakkeet) koko työkirjassa."),
]


def _limits(max_mb: float, max_unpacked_mb: float, max_ratio: float, max_cells: int):
    from xl_seuranta.io.guards import Limits

    return Limits(
        max_file_mb=max_mb, max_unpacked_mb=max_unpacked_mb, max_ratio=max_ratio, max_cells=max_cells
    )


def _run_batch(paths: list[str], job, jobs: int | None, timeout: float, memory_mb: int, report) -> list[dict]:
    """Run the batch; a failure to start workers is a message and exit 2, never a traceback."""
    from xl_seuranta.app.batch import PoolOptions, default_jobs, run_paths

    options = PoolOptions(jobs=jobs or default_jobs(), timeout=timeout, memory_mb=memory_mb)
    try:
        return run_paths(paths, job, options, report)
    except BrokenPipeError:
        raise  # the reader of the output went away (`| head`): click ends quietly, as for any command
    except OSError as exc:
        fail(Cli.batch_failed(job.lang, error=exc))
        raise AssertionError from exc  # unreachable


@app.command(options_metavar=OPTIONS_METAVAR)
def check(
    paths: Annotated[
        list[str], typer.Argument(help="Työkirjat, kansiot tai hakulausekkeet (*.xlsx).", metavar="POLUT")
    ],
    format: Annotated[str, typer.Option("--format", "-f", help="text, json, jsonl tai sarif")] = "text",
    lang: LangOpt = "fi",
    select: Annotated[
        str | None, typer.Option(help="Vain nämä koodit tai etuliitteet, pilkuin (A,X001).")
    ] = None,
    ignore: Annotated[str | None, typer.Option(help="Ohita nämä koodit tai etuliitteet, pilkuin.")] = None,
    jobs: JobsOpt = None,
    timeout: TimeoutOpt = DEFAULT_TIMEOUT_S,
    memory_mb: MemoryOpt = DEFAULT_MEMORY_MB,
    max_mb: MaxMbOpt = LIMITS.max_file_mb,
    max_unpacked_mb: MaxUnpackedOpt = LIMITS.max_unpacked_mb,
    max_ratio: MaxRatioOpt = LIMITS.max_ratio,
    max_cells: MaxCellsOpt = LIMITS.max_cells,
    verbose: VerboseOpt = False,
) -> None:
    """Tarkista työkirjat: jokainen ristiriita välilehtineen ja soluineen.

    Jokainen tiedosto käsitellään omassa työprosessissaan (rinnakkain, aika- ja muistirajoin), ja
    rikkinäinen tai vihamielinen tiedosto saa oman ilmoituksensa muiden tarkistuksen jatkuessa.
    Paluukoodi: 0 ei virheitä, 1 virheitä löytyi, 2 jotakin tiedostoa ei voitu käsitellä.
    """
    from xl_seuranta.app.batch_job import Job
    from xl_seuranta.app.batch_report import exit_code, make_report

    lang = _check_lang(lang)
    if format not in FORMATS:
        fail(Cli.bad_format(lang, value=format, allowed=", ".join(FORMATS)))
    job = Job(
        kind="check",
        lang=lang,
        select=_codes(select),
        ignore=_codes(ignore),
        limits=_limits(max_mb, max_unpacked_mb, max_ratio, max_cells),
        verbose=verbose,
        render={"text": ("text",), "sarif": ("json",)}.get(format, ("json_text",)),
    )
    entries = _run_batch(paths, job, jobs, timeout, memory_mb, make_report(format, lang))
    raise typer.Exit(exit_code(entries))


@app.command()
def summary(
    paths: Annotated[list[str], typer.Argument(help="Työkirjat, kansiot tai hakulausekkeet (*.xlsx).")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Koostetyökirja (.xlsx).")] = Path("kooste.xlsx"),
    lang: LangOpt = "fi",
    strict: Annotated[
        bool, typer.Option("--strict", help="Paluukoodi 1, jos työkirjoista löytyi virheitä.")
    ] = False,
    jobs: JobsOpt = None,
    timeout: TimeoutOpt = DEFAULT_TIMEOUT_S,
    memory_mb: MemoryOpt = DEFAULT_MEMORY_MB,
    max_mb: MaxMbOpt = LIMITS.max_file_mb,
    max_unpacked_mb: MaxUnpackedOpt = LIMITS.max_unpacked_mb,
    max_ratio: MaxRatioOpt = LIMITS.max_ratio,
    max_cells: MaxCellsOpt = LIMITS.max_cells,
    verbose: VerboseOpt = False,
) -> None:
    """Koosta työkirjat yhdeksi raportiksi: rivi kustakin (sitovuustason talousarvio, toteuma, käyttö-%,
    ennuste ja ylitys, havainnot, linkki), yhteissummat, värit ja kaavio.

    Paluukoodi: 0 kooste kirjoitettu, 2 jotakin tiedostoa ei voitu käsitellä (kooste kirjoitetaan silti)
    tai koostetta ei voitu kirjoittaa; --strict: 1, jos virheitä löytyi.
    """
    from xl_seuranta.app import services
    from xl_seuranta.app.batch_job import Job
    from xl_seuranta.app.batch_report import CollectReport, exit_code, totals, totals_line
    from xl_seuranta.io.openpyxl_writer import WorkbookWriteError
    from xl_seuranta.io.workbook_writer import write_new_workbook

    lang = _check_lang(lang)
    job = Job(
        kind="summary",
        lang=lang,
        limits=_limits(max_mb, max_unpacked_mb, max_ratio, max_cells),
        verbose=verbose,
        render=(),  # the report shows counts and figures, not the findings' text
    )
    entries = _run_batch(paths, job, jobs, timeout, memory_mb, CollectReport())
    plan = services.summary_plan(entries, str(out.parent), lang, now=dt.datetime.now())
    try:
        write_new_workbook([plan], out)
    except WorkbookWriteError as exc:
        fail(exc.render(lang))
    typer.echo(Cli.written(lang, path=out))
    typer.echo(totals_line(totals(entries), lang))
    code = exit_code(entries)
    raise typer.Exit(code if code == 2 or strict else 0)


def bundled_example() -> Path:
    """The example workbook shipped inside the package."""
    candidate = Path(__file__).resolve().parent.parent / "data" / EXAMPLE_NAME
    if candidate.is_file():
        return candidate
    fail(Cli.no_example("fi"))
    raise AssertionError  # unreachable


def _write(src: Path, plans: list, dst: Path, lang: str, grids: list) -> None:
    """Splice the plans' sheets into the file (atomic, locked); say where, and any note."""
    from xl_seuranta.app import services
    from xl_seuranta.io.openpyxl_writer import WorkbookWriteError
    from xl_seuranta.io.workbook_writer import write_plans_to_file

    try:
        result = write_plans_to_file(src, plans, dst, legacy_tool_sheets=services.tool_sheet_names(grids))
    except WorkbookWriteError as exc:
        fail(exc.render(lang))
    typer.echo(Cli.written(lang, path=dst))
    for note in result.notes:
        typer.echo(note.render(lang))


def _writable(path: Path, lang: str) -> None:
    """An .xls or .ods source cannot be written back: say so before any work, with what to do."""
    kind = {".xls": Cli.kind_xls, ".ods": Cli.kind_ods}.get(path.suffix.lower())
    if kind is not None:
        fail(Cli.cannot_write_format(lang, name=path.name, kind=kind(lang)))


def _read(path: Path, lang: str, verbose: bool, limits) -> list:
    """Read one workbook in this process (guarded); an unreadable one is a message and exit 2."""
    from xl_seuranta.io.file_reader import WorkbookReadError, read_workbook

    try:
        return read_workbook(path, limits)
    except WorkbookReadError as exc:
        fail(exc.message(lang, verbose))
        raise AssertionError from exc  # unreachable


@app.command(options_metavar=OPTIONS_METAVAR)
def run(
    file: Annotated[
        Path | None,
        typer.Argument(help="Työkirja; oletuksena mukana tuleva esimerkki.", metavar="TYÖKIRJA"),
    ] = None,
    out: Annotated[Path | None, typer.Option("-o", "--out", help="Tulostiedosto.")] = None,
    lang: LangOpt = "fi",
    strict: Annotated[
        bool, typer.Option("--strict", help="Paluukoodi 1, jos virheitä löytyi (kuten check).")
    ] = False,
    max_mb: MaxMbOpt = LIMITS.max_file_mb,
    max_unpacked_mb: MaxUnpackedOpt = LIMITS.max_unpacked_mb,
    max_ratio: MaxRatioOpt = LIMITS.max_ratio,
    max_cells: MaxCellsOpt = LIMITS.max_cells,
    verbose: VerboseOpt = False,
) -> None:
    """Päätyö: tarkista työkirja ja kirjoita kopioon Tarkistus-välilehti linkkeineen.

    Paluukoodi 0, kun kopio on kirjoitettu (havainnot ovat kopiossa); --strict: 1, jos virheitä löytyi.
    2, jos työkirjaa ei voitu lukea tai kopiota kirjoittaa.
    """
    from xl_seuranta.app import services

    lang = _check_lang(lang)
    src = file or bundled_example()
    if not src.is_file():
        fail(Cli.not_found(lang, path=src))
    dst = out or Path.cwd() / f"{src.stem}_tarkistettu{src.suffix}"
    if dst.resolve() == bundled_example().resolve() and file is None:
        fail(Cli.same_as_example(lang))
    _writable(src, lang)
    grids = _read(src, lang, verbose, _limits(max_mb, max_unpacked_mb, max_ratio, max_cells))
    plans, summary = services.check_plans(grids, lang, source_name=src.name, now=dt.datetime.now())
    _write(src, plans, dst, lang, grids)  # atomic; the source is untouched when dst is another file
    typer.echo(summary_text(summary, lang))
    # The findings are the product here: exit 0 once the copy is written, unless --strict.
    raise typer.Exit(1 if strict and summary.get("error") else 0)


def _generate(
    kind: str, file: Path, out: Path | None, in_place: bool, lang: str, verbose: bool, limits
) -> None:
    from xl_seuranta.app import services

    lang = _check_lang(lang)
    if (out is None) == (not in_place):  # exactly one of the two
        fail(Cli.out_or_inplace(lang))
    if not file.is_file():
        fail(Cli.not_found(lang, path=file))
    _writable(file, lang)
    grids = _read(file, lang, verbose, limits)
    try:
        job = services.compute_plans if kind == "compute" else services.goal_plans
        plans = job(grids, lang, file.name)
    except services.UserFacingError as exc:
        fail(exc.render(lang))
    dst = file if in_place else out
    _write(file, plans, dst, lang, grids)


@app.command(options_metavar=OPTIONS_METAVAR)
def compute(
    file: Annotated[Path, typer.Argument(help="Työkirja.", metavar="TYÖKIRJA")],
    out: Annotated[Path | None, typer.Option("-o", "--out", help="Tulostiedosto.")] = None,
    in_place: Annotated[bool, typer.Option("--in-place", help="Kirjoita samaan tiedostoon.")] = False,
    lang: LangOpt = "fi",
    max_mb: MaxMbOpt = LIMITS.max_file_mb,
    max_unpacked_mb: MaxUnpackedOpt = LIMITS.max_unpacked_mb,
    max_ratio: MaxRatioOpt = LIMITS.max_ratio,
    max_cells: MaxCellsOpt = LIMITS.max_cells,
    verbose: VerboseOpt = False,
) -> None:
    """Laske hallituksen yhteenveto (Yhteenveto) ja tunnusluvut (Laskelmat) Excel-kaavoina: muutos € ja %, käyttö-%, jäljellä €, ennuste, €/asukas."""
    limits = _limits(max_mb, max_unpacked_mb, max_ratio, max_cells)
    _generate("compute", file, out, in_place, lang, verbose, limits)


@app.command(options_metavar=OPTIONS_METAVAR)
def goals(
    file: Annotated[Path, typer.Argument(help="Työkirja.", metavar="TYÖKIRJA")],
    out: Annotated[Path | None, typer.Option("-o", "--out", help="Tulostiedosto.")] = None,
    in_place: Annotated[bool, typer.Option("--in-place", help="Kirjoita samaan tiedostoon.")] = False,
    lang: LangOpt = "fi",
    max_mb: MaxMbOpt = LIMITS.max_file_mb,
    max_unpacked_mb: MaxUnpackedOpt = LIMITS.max_unpacked_mb,
    max_ratio: MaxRatioOpt = LIMITS.max_ratio,
    max_cells: MaxCellsOpt = LIMITS.max_cells,
    verbose: VerboseOpt = False,
) -> None:
    """Muodosta Tavoiteseuranta-välilehti; kirjatut tilat, kommentit, lisätyt sarakkeet ja muistiinpanot säilyvät."""
    limits = _limits(max_mb, max_unpacked_mb, max_ratio, max_cells)
    _generate("goals", file, out, in_place, lang, verbose, limits)


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
    import json

    from xl_seuranta.app.doctor import render_lines, run_checks

    lang = _check_lang(lang)
    if format not in ("text", "json"):
        fail(Cli.bad_format(lang, value=format, allowed="text, json"))
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
    """Console entry point: usage errors in Finnish (English with ``--lang en``) with exit code 2,
    never a traceback."""
    try:
        code = app(standalone_mode=False)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # typer ships its own click: match its usage errors by shape, not by class
        if type(exc).__name__ == "Abort":
            sys.exit(130)
        if hasattr(exc, "format_message") and getattr(exc, "exit_code", None) == 2:
            lang = usage_language(sys.argv[1:])
            typer.echo(Cli.usage_error(lang, error=usage_error_text(exc.format_message(), lang)), err=True)
            typer.echo(Cli.usage_hint(lang), err=True)
            sys.exit(2)
        typer.echo(Cli.crashed("fi", error=f"{type(exc).__name__}: {exc}"), err=True)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
