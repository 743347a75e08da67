"""The `scwres` command line: a thin shell over the library.

Each command parses its options, calls one library function and turns the
result into output and an exit code. Nothing here is needed by the notebooks.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

if TYPE_CHECKING:  # imported when a build starts its workers (``_workers_started_first``)
    from scwres_helpers.execution.worker import WorkerPool

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

ReturnsRoot = Annotated[
    Path,
    typer.Argument(help="Folder holding <year>/<authority> returns.", exists=True, file_okay=False),
]
Year = Annotated[int, typer.Option("--year", "-y", help="Collection year, e.g. 2024.")]
ContentDir = Annotated[
    Optional[Path],
    typer.Option("--content", help="Folder holding <year>/ of written content (default: content/ in the project).",
                 file_okay=False),
]


def _print_version(value: bool) -> None:
    if value:
        from scwres_helpers import __version__

        typer.echo(f"scwres {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", help="Print the version and exit.", callback=_print_version, is_eager=True)
    ] = False,
) -> None:
    """SC-WRES reporting: validate returns, compute indicators, build reports."""


@app.command()
def validate(
    returns_root: ReturnsRoot,
    year: Year,
    format: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
) -> None:
    """Check every return for YEAR; exit 1 if any return is quarantined."""
    from scwres_helpers.intake import format_text, load_year, to_json

    if format not in ("text", "json"):
        raise typer.BadParameter("--format must be text or json")
    loaded = load_year(returns_root, year)
    typer.echo(to_json(loaded) if format == "json" else format_text(loaded))
    if loaded.quarantined:
        raise typer.Exit(code=1)


@app.command()
def indicators(
    returns_root: ReturnsRoot,
    year: Year,
    out: Annotated[Path, typer.Option("--out", "-o", help="CSV file to write.")],
    threshold: Annotated[
        int, typer.Option(help="Disclosure threshold: counts 1..threshold-1 are suppressed.")
    ] = 5,
) -> None:
    """Write the tidy indicators table for YEAR (valid returns only)."""
    from scwres_helpers.indicators import write_indicators_csv
    from scwres_helpers.pipeline import indicators_for_year

    table, loaded = indicators_for_year(returns_root, year, threshold=threshold)
    try:
        write_indicators_csv(table, out)
    except OSError as error:
        typer.echo(f"error: could not write {error.filename or out}: {error.strerror or error}", err=True)
        raise typer.Exit(code=1) from None
    typer.echo(
        f"{len(table)} rows for {len(loaded.returns)} authorities written to {out}"
        + (f"; {len(loaded.quarantined)} return(s) quarantined" if loaded.quarantined else "")
    )


@app.command("sample-data")
def sample_data(
    out_root: Annotated[Path, typer.Argument(help="Folder to write the synthetic returns into.")],
    authorities: Annotated[int, typer.Option(help="How many fictional authorities.")] = 12,
    years: Annotated[str, typer.Option(help="Years, e.g. 2022-2024 or 2022,2024.")] = "2022-2024",
    seed: Annotated[int, typer.Option(help="Random seed; same seed, same files.")] = 2024,
    overwrite: Annotated[
        bool, typer.Option(help="Replace an earlier synthetic tree in OUT_ROOT (never other files).")
    ] = False,
) -> None:
    """Generate synthetic returns for fictional authorities (codes start with X)."""
    from scwres_helpers.sample_data import generate_sample_returns, parse_years

    try:
        year_list = parse_years(years)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--years") from error
    written = generate_sample_returns(out_root, authorities, year_list, seed, overwrite=overwrite)
    typer.echo(f"{len(written)} synthetic returns written under {out_root}")


@app.command()
def build(
    returns_root: ReturnsRoot,
    year: Year,
    authority: Annotated[
        Optional[list[str]], typer.Option("--authority", "-a", help="Rebuild only this authority (repeatable).")
    ] = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", help="Parallel workers (default: all cores).")] = None,
    force: Annotated[bool, typer.Option(help="Execute everything, ignoring the cache.")] = False,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output root.")] = Path("outputs"),
    params_dir: Annotated[Path, typer.Option("--params", help="Folder of settings (YAML).")] = Path("params"),
    renderer: Annotated[
        str, typer.Option(help="auto (the bundled renderer), bundled, quarto (needs quarto on PATH), or none.")
    ] = "auto",
    executor: Annotated[
        str, typer.Option(help="local (worker processes here) or dask (a Dask cluster).")
    ] = "local",
    scheduler: Annotated[
        Optional[str],
        typer.Option(help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (default: a LocalCluster here)."),
    ] = None,
    content: ContentDir = None,
    reason: Annotated[
        Optional[str],
        typer.Option(help="After release: why a corrected return's report is revised (printed on its first page)."),
    ] = None,
) -> None:
    """Validate, compute and build every report for YEAR (cached; parallel).

    After `scwres release`, a corrected return makes a revised report (give --reason);
    the national figures, the site and every other report stay as published.
    """
    chosen_renderer = _renderer_option(renderer)
    if executor not in ("local", "dask"):
        raise typer.BadParameter("--executor must be local or dask")
    if scheduler and executor != "dask":
        raise typer.BadParameter("--scheduler needs --executor dask")
    workers = _workers_started_first(authority, jobs) if executor == "local" else None
    from scwres_helpers.execution import BuildInterrupted, BuildProgress, ParamsError
    from scwres_helpers.pipeline import BuildError, build_year, format_build_summary

    try:
        summary = build_year(
            returns_root, year, out_root=out, params_dir=params_dir, authorities=authority, jobs=jobs,
            force=force, renderer=chosen_renderer, progress=BuildProgress(),
            executor=executor, scheduler=scheduler, reason=reason, started_workers=workers,
            **_content_option(content),
        )
    except ParamsError as error:
        typer.echo(f"settings error: {error}", err=True)
        raise typer.Exit(code=2)
    except BuildError as error:  # no year folder, a full disk...: one line, no traceback
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(code=1) from None
    except ValueError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(code=2)
    except BuildInterrupted as interrupted:
        typer.echo(f"interrupted after {len(interrupted.results)} notebooks; rerun to resume", err=True)
        raise typer.Exit(code=130)
    finally:
        if workers is not None:
            workers.terminate()  # the build stopped them unless it stopped before they were its own
    typer.echo(format_build_summary(summary))
    if not summary.ok:
        raise typer.Exit(code=1)


def _workers_started_first(authorities: list[str] | None, jobs: int | None) -> WorkerPool | None:
    """The workers of a build of named authorities, started before the build's code is
    imported: a one-authority rerun waits for its kernel's boot (about 1 s of CPU), not for
    the returns, which it has read by then. None for a full build, which starts its own."""
    if not authorities:
        return None
    from scwres_helpers.cores import processes_for
    from scwres_helpers.execution.execute import start_workers

    return start_workers(processes_for(len(set(authorities)), jobs), national=False)


@app.command()
def watch(
    returns_root: ReturnsRoot,
    year: Year,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output root.")] = Path("outputs"),
    params_dir: Annotated[Path, typer.Option("--params", help="Folder of settings (YAML).")] = Path("params"),
    renderer: Annotated[
        str, typer.Option(help="auto (the bundled renderer), bundled, quarto (needs quarto on PATH), or none.")
    ] = "auto",
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", help="Parallel workers (default: all cores).")] = None,
    content: ContentDir = None,
) -> None:
    """Rebuild an authority's report as soon as its corrected return is saved under RETURNS_ROOT/YEAR
    (as `build --authority` does, with warm kernels kept between rebuilds); Ctrl-C to stop."""
    from scwres_helpers.execution import ParamsError
    from scwres_helpers.pipeline import BuildError
    from scwres_helpers.returns_watch import watch_returns

    chosen_renderer = _renderer_option(renderer)
    hint = f"`scwres validate {returns_root} --year {year}` lists a return's problems"
    try:
        watch_returns(returns_root, year, out_root=out, params_dir=params_dir,
                      renderer=chosen_renderer, jobs=jobs,
                      say=lambda line: typer.echo(line if not line.startswith("error:") else f"{line} ({hint})",
                                                  err=line.startswith("error:")),
                      **_content_option(content))
    except ParamsError as error:
        typer.echo(f"settings error: {error}", err=True)
        raise typer.Exit(code=2)
    except BuildError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(code=1) from None


def _renderer_option(renderer: str) -> str | None:
    """The --renderer given, checked; None for "none" (no rendering)."""
    if renderer not in ("auto", "quarto", "bundled", "none"):
        raise typer.BadParameter("--renderer must be auto, quarto, bundled or none")
    return None if renderer == "none" else renderer


def _content_option(content: Path | None) -> dict:
    return {} if content is None else {"content_dir": content}


@app.command()
def preview(
    returns_root: ReturnsRoot,
    year: Year,
    content: ContentDir = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output root.")] = Path("outputs"),
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1 (0: any free port).")] = 8765,
    params_dir: Annotated[Path, typer.Option("--params", help="Folder of settings (YAML).")] = Path("params"),
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", help="Parallel workers (default: all cores).")] = None,
) -> None:
    """Serve YEAR's national report on 127.0.0.1, rebuilt and reloaded as you edit (content/, notebooks/,
    templates/, params/, _quarto.yml)."""
    from scwres_helpers.execution import BuildProgress, ParamsError
    from scwres_helpers.preview import run_preview

    try:
        run_preview(returns_root, year, out_root=out, params_dir=params_dir, port=port, jobs=jobs,
                    say=lambda line: typer.echo(line, err=line.startswith(("error", "warning"))),
                    progress=BuildProgress(), **_content_option(content))
    except ParamsError as error:
        typer.echo(f"settings error: {error}", err=True)
        raise typer.Exit(code=2)
    except OSError as error:  # the port is taken, say
        typer.echo(f"error: {error.strerror or error} (port {port}); try another --port", err=True)
        raise typer.Exit(code=1) from None


@app.command()
def status(
    returns_root: ReturnsRoot,
    year: Year,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output root.")] = Path("outputs"),
) -> None:
    """List what is out of date for YEAR and why; exit 1 when anything is."""
    from scwres_helpers.cycle import year_status

    report = year_status(returns_root, year, out)
    typer.echo("\n".join(report.lines))
    if not report.up_to_date:
        raise typer.Exit(code=1)


@app.command()
def release(
    returns_root: ReturnsRoot,
    year: Year,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output root.")] = Path("outputs"),
    revise: Annotated[
        bool, typer.Option(help="Republish the national figures of a released year, with a revision.")
    ] = False,
    reason: Annotated[Optional[str], typer.Option(help="With --revise: why the figures changed.")] = None,
    params_dir: Annotated[Path, typer.Option("--params", help="Folder of settings (YAML).")] = Path("params"),
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", help="Parallel workers (default: all cores).")] = None,
) -> None:
    """Freeze YEAR as published (returns, national tables, site, PDF); --revise republishes."""
    from scwres_helpers.cycle import ReleaseError, release_year
    from scwres_helpers.execution import BuildProgress, ParamsError
    from scwres_helpers.pipeline import format_build_summary

    try:
        record, summary = release_year(returns_root, year, out_root=out, params_dir=params_dir, revise=revise,
                                       reason=reason, jobs=jobs, progress=BuildProgress())
    except ParamsError as error:
        typer.echo(f"settings error: {error}", err=True)
        raise typer.Exit(code=2)
    except ReleaseError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(code=1) from None
    typer.echo(format_build_summary(summary))
    layout = summary.layout
    if revise:
        typer.echo(f"Revised: {year}'s national figures republished on {record.revisions[-1]['date']} "
                   f"({len(record.revisions[-1]['changes'])} figure(s) changed); the site's revisions page says so")
    typer.echo(f"Released {year} (published {record.published}): {len(record.returns)} returns and "
               f"{len(record.site)} site files recorded in {layout.release}. From now on a corrected return is "
               "compared with these national figures and its report says it is revised.")


@app.command()
def publish(
    outputs: Annotated[Path, typer.Argument(help="The build's output root (outputs/).", exists=True, file_okay=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="The folder to write the public website to.")],
    site_url: Annotated[
        Optional[str], typer.Option(help="Where the site will live (for sitemap.xml and the 404 page); default: "
                                    "website.site-url in _quarto.yml, else the host's root.")
    ] = None,
) -> None:
    """One static public website of every built year; refuses if anything private would go in."""
    from scwres_helpers.publish.public_site import PublishError, publish_site

    try:
        published = publish_site(outputs, out, site_url=site_url)
    except PublishError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(code=1) from None
    years = ", ".join(str(y) for y in published.years)
    typer.echo(f"Published {len(published.years)} year(s) ({years}): {published.pages} pages, {published.files} "
               f"files in {published.out_dir}; its index.html opens the {published.years[-1]} report.")
    typer.echo(f"Checked: nothing private in it. Upload the folder to any static host, or try it with: "
               f"python3 -m http.server --directory {published.out_dir}")


@app.command()
def template(
    year: Year,
    out: Annotated[Path, typer.Option("--out", "-o", help="The .xlsx workbook to write.")],
    authority: Annotated[Optional[str], typer.Option("--authority", help="Authority code to pre-fill.")] = None,
    name: Annotated[Optional[str], typer.Option("--name", help="Authority name to pre-fill.")] = None,
    returns_root: Annotated[
        Optional[Path],
        typer.Option("--returns-root", help="With --authority: pre-fill from its YEAR-1 return and report "
                     "(open actions, suggested actions).", exists=True, file_okay=False),
    ] = None,
) -> None:
    """Make the data collection workbook authorities fill in for YEAR."""
    from scwres_helpers.collection import make_template
    from scwres_helpers.collection.prefill import prefill_from_returns

    if returns_root is not None and not authority:
        raise typer.BadParameter("--returns-root needs --authority (whose plan to carry over)")
    try:
        prefill = prefill_from_returns(returns_root, year, authority) if returns_root is not None else None
        written = make_template(
            year, out, authority_code=authority, authority_name=name,
            previous=prefill.previous if prefill else None, action_plan=prefill.plan if prefill else None,
        )
    except (ValueError, FileNotFoundError) as error:  # e.g. no return or no folder for YEAR - 1
        raise typer.BadParameter(str(error)) from error
    typer.echo(f"Data collection workbook for {year} written to {written}")
    typer.echo("Send it with docs/data-return.md, the guide to every sheet, column and rule (its README sheet "
               "refers to it)")
    if prefill is not None:
        typer.echo(f"Action plan pre-filled: {prefill.carried} open action(s) carried over from {year - 1}, "
                   f"{prefill.suggested} suggested from the {year - 1} areas for action")


@app.command()
def intake(
    inbox: Annotated[Path, typer.Argument(help="Folder of returned workbooks (any file names).")],
    returns_root: Annotated[Path, typer.Option("--returns-root", help="Where accepted returns are filed.")],
    year: Year,
) -> None:
    """File valid returned workbooks; quarantine the others with feedback. Exit 1 if any was quarantined."""
    from scwres_helpers.collection import intake_inbox

    if not inbox.is_dir():
        raise typer.BadParameter(f"{inbox} is not a folder", param_hint="INBOX")
    summary = intake_inbox(inbox, returns_root, year)
    typer.echo(summary.format_text())
    if summary.quarantined:
        raise typer.Exit(code=1)


@app.command("refresh-notebooks")
def refresh_notebooks() -> None:
    """Re-execute the committed notebooks against the fixture (what nbval compares with)."""
    from scwres_helpers.pipeline import refresh_committed_notebooks

    results = refresh_committed_notebooks()
    for result in results:
        typer.echo(f"{result.status:9} {result.name}" + (f": {result.error}" if result.error else ""))
    if any(r.status == "failed" for r in results):
        raise typer.Exit(code=1)


def main() -> None:
    """The console entry point: the command, then its exit without the interpreter's teardown.

    Freeing everything a build held (three years of returns, their indicators) took 0.2 s
    after the last line was printed: a seventeenth of a one-authority rebuild. The exit
    handlers still run and the output is flushed first; every file the build writes is
    closed already (``atomic``), so nothing is lost. A thread still running (none does once
    a command has returned) gets the usual exit, which waits for it.
    """
    try:
        app()
        code: object = 0
    except SystemExit as finished:
        code = finished.code
    if any(thread.is_alive() and not thread.daemon
           for thread in threading.enumerate() if thread is not threading.main_thread()):
        sys.exit(code)
    if code is not None and not isinstance(code, int):  # sys.exit("message"), as Python would
        print(code, file=sys.stderr)
        code = 1
    atexit._run_exitfuncs()  # CPython's own exit runs these; os._exit would skip them
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code or 0)


if __name__ == "__main__":  # pragma: no cover
    main()
