"""The `scwres` command line: a thin shell over the library.

Each command parses its options, calls one library function and turns the
result into output and an exit code. Nothing here is needed by the notebooks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer(
    help="SC-WRES reporting: validate returns, compute indicators, build reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

ReturnsRoot = Annotated[
    Path,
    typer.Argument(help="Folder holding <year>/<authority> returns.", exists=True, file_okay=False),
]
Year = Annotated[int, typer.Option("--year", "-y", help="Collection year, e.g. 2024.")]


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
    write_indicators_csv(table, out)
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


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
