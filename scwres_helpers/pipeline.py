"""The publication process, top to bottom: validate -> indicators -> notebooks -> reports.

This module reads like the yearly process itself; each step is a call into the
stage package that does the work (``intake``, ``indicators``, ``inputs``,
``build``, ``publish``).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from scwres_helpers import codes, config
from scwres_helpers.atomic import write_text_if_changed
from scwres_helpers.indicators import compute_indicators
from scwres_helpers.bundles import (
    YearTables,
    authority_inputs,
    load_tables,
    national_inputs,
    write_shared_inputs,
)
from scwres_helpers.intake import YearReturns, load_year
from scwres_helpers.publish.step import PHASE_REPORTS, PHASE_SITE

# The national chapters: page name (as in _quarto.yml) -> (notebook, extra parameters).
NATIONAL_CHAPTERS: dict[str, tuple[str, dict]] = {
    "index": ("index.ipynb", {}),
    **{f"indicator-{i}": ("indicator.ipynb", {"indicator": str(i)}) for i in range(1, 10)},
    "participation": ("participation.ipynb", {}),
    "trends": ("trends.ipynb", {}),
    "methodology": ("methodology.ipynb", {}),
}


# The build's phases, as timed in the manifest ("phase_seconds"). The two whose work
# grows with each authority report are REPORT_PHASES (the growth benchmark scales them).
PHASE_DATA = "validate and compute"
PHASE_BUNDLES = "write notebook inputs"
PHASE_EXECUTE = "execute notebooks"
REPORT_PHASES = (PHASE_EXECUTE, PHASE_REPORTS)


def indicators_for_year(
    returns_root: Path, year: int, threshold: int = codes.DEFAULT_SUPPRESSION_THRESHOLD
) -> tuple[pd.DataFrame, YearReturns]:
    """Validate every return of YEAR and compute the indicators of the valid ones."""
    loaded = load_year(returns_root, year)
    table = compute_indicators(list(loaded.returns.values()), year, threshold=threshold)
    return table, loaded


@dataclass
class BuildSummary:
    """What a build did: the notebooks' results, the returns left out, where things are."""

    year: int
    out_dir: Path
    results: list = field(default_factory=list)
    quarantined: dict = field(default_factory=dict)
    rendered: list = field(default_factory=list)
    render_failures: dict = field(default_factory=dict)
    seconds: float = 0.0
    phase_seconds: dict = field(default_factory=dict)

    @property
    def failed(self) -> list:
        return [r for r in self.results if r.status == "failed"]

    @property
    def ok(self) -> bool:
        return not self.failed and not self.render_failures


def _relative_to_notebook(path: Path, notebook: Path) -> str:
    """A path as the notebook (run from its own folder) should see it: relative, portable."""
    return os.path.relpath(Path(path).resolve(), Path(notebook).resolve().parent)


def _check_codes(requested: list[str] | None, tables: YearTables) -> list[str]:
    """The authorities to build: all valid ones, or the requested (validated) codes."""
    valid = sorted(tables.current.returns)
    if not requested:
        return valid
    wanted = []
    for code in requested:
        code = code.strip().upper()
        if not codes.AUTHORITY_CODE_PATTERN.match(code):
            raise ValueError(f"--authority {code!r} is not an authority code (a letter and 8 digits)")
        if code not in tables.current.returns:
            reason = "its return is quarantined" if any(code in k for k in tables.current.quarantined) else "no return"
            raise ValueError(f"--authority {code}: no valid {tables.year} return ({reason})")
        wanted.append(code)
    return sorted(set(wanted))


def plan_tasks(
    tables: YearTables,
    year_dir: Path,
    params: dict,
    authority_codes: list[str],
    national: bool,
    notebooks_dir: Path = config.NOTEBOOKS_DIR,
) -> list:
    """Write each notebook's input bundle and describe the notebooks to run."""
    from scwres_helpers.execution import Task

    tasks = []
    authority_nb = Path(notebooks_dir) / "authority.ipynb"
    shared = year_dir / "inputs" / "shared"
    if authority_codes:
        write_shared_inputs(tables.national_rows, tables.peers, tables.participation(), shared,
                            national_csv=tables.national_csv)
    for code in authority_codes:
        bundle = year_dir / "inputs" / "authority" / code
        files = authority_inputs(tables, code).write(bundle, shared=shared)
        tasks.append(Task(
            name=f"authority/{code}",
            notebook=authority_nb,
            output=year_dir / "notebooks" / "authority" / f"{code}.ipynb",
            parameters={
                "authority_code": code,
                "year": tables.year,
                "returns_root": "",
                "inputs_dir": _relative_to_notebook(bundle, authority_nb),
                "params": params,
            },
            inputs=(*files, config.PHRASEBOOK),
            kind="authority",
        ))
    if national:
        bundle = year_dir / "inputs" / "national"
        files = national_inputs(tables).write(bundle)
        for page, (notebook_name, extra) in NATIONAL_CHAPTERS.items():
            notebook = Path(notebooks_dir) / "national" / notebook_name
            tasks.append(Task(
                name=f"national/{page}",
                notebook=notebook,
                output=year_dir / "notebooks" / "national" / f"{page}.ipynb",
                parameters={
                    "year": tables.year,
                    "returns_root": "",
                    "inputs_dir": _relative_to_notebook(bundle, notebook),
                    "params": params,
                    **extra,
                },
                inputs=(*files, config.PHRASEBOOK),
                kind="national",
            ))
    return tasks


EXECUTORS = ("local", "dask")


def _render_requests(tasks: list, tables: YearTables, year_dir: Path, renderer: str | None) -> dict:
    """For the dask executor: each authority task also renders its reports (none if RENDERER is None)."""
    if renderer is None:
        return {}
    from scwres_helpers.execution.dask_executor import RenderRequest
    from scwres_helpers.publish import choose_renderer
    from scwres_helpers.publish.step import REPORTS, publishing_fingerprint

    name = choose_renderer(renderer).name
    fingerprint = publishing_fingerprint(name)
    requests = {}
    for task in tasks:
        if task.kind == "authority":
            code = task.name.split("/", 1)[1]
            requests[task.name] = RenderRequest(
                name, code, tables.current.returns[code].about.authority_name, tables.year,
                year_dir / REPORTS, fingerprint,
            )
    return requests


def return_files(returns_root: Path, tables: YearTables) -> list[Path]:
    """Every file of every return the build read (for the manifest's input hashes)."""
    files = []
    for year in sorted(tables.loaded):
        folder = Path(returns_root) / str(year)
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_file() and not any(part.startswith(".") for part in path.relative_to(folder).parts):
                files.append(path)
    return files


def build_year(
    returns_root: Path,
    year: int,
    *,
    out_root: Path = config.OUTPUTS_DIR,
    params_dir: Path = config.PARAMS_DIR,
    authorities: list[str] | None = None,
    jobs: int | None = None,
    force: bool = False,
    renderer: str | None = "auto",
    progress=None,
    notebooks_dir: Path = config.NOTEBOOKS_DIR,
    executor: str = "local",
    scheduler: str | None = None,
) -> BuildSummary:
    """Validate, compute, execute every report notebook and render the reports for YEAR.

    With AUTHORITIES, only those authorities' reports are rebuilt (the national
    chapters are left as they are). RENDERER None stops after execution. EXECUTOR
    "dask" runs each notebook (and renders each authority's report) on a Dask
    cluster: SCHEDULER's address, or a LocalCluster when None.
    """
    if executor not in EXECUTORS:
        raise ValueError(f"executor must be one of {EXECUTORS}, not {executor!r}")
    from scwres_helpers.execution import check_params_dir, load_params, run_tasks
    from scwres_helpers.cache import package_versions
    from scwres_helpers.execution.execute import start_workers
    from scwres_helpers.execution.manifest import describe_code_version, write_manifest

    started_clock = time.perf_counter()
    started = datetime.now(timezone.utc)
    returns_root = Path(returns_root).resolve()
    out_root = Path(out_root).resolve()
    year_dir = config.year_output_dir(out_root, year)
    check_params_dir(params_dir)
    report_params = load_params(params_dir)

    # Kernels take seconds to boot, so they boot while the returns are read whenever
    # something will surely be executed: named authorities, or returns (or code) that
    # changed since the last build. A rebuild with nothing changed starts no kernel.
    local = executor == "local"
    workers: list = []

    def boot_workers(wanted: int | None = None) -> None:
        if local and not workers:
            workers.append(start_workers(min(jobs or os.cpu_count() or 1, wanted or os.cpu_count() or 1)))

    phases: dict[str, float] = {}
    clock = PhaseClock(phases)
    if authorities:
        boot_workers(len(authorities))
    try:
        with clock(PHASE_DATA):
            tables = load_tables(returns_root, year, report_params.suppression_threshold,
                                 cache_dir=out_root / ".cache" / "intake", on_miss=boot_workers)
            selected = _check_codes(authorities, tables)
        codes_all = list(tables.current.returns)
        params = report_params.resolved(codes_all).to_papermill()
        with clock(PHASE_BUNDLES):
            write_text_if_changed(year_dir / "data" / f"indicators_{year}.csv", tables.year_csv)
            tasks = plan_tasks(tables, year_dir, params, selected, national=not authorities,
                               notebooks_dir=notebooks_dir)
    except BaseException:
        for pool in workers:
            pool.terminate()
        raise
    pool = workers[0] if workers else None
    with clock(PHASE_EXECUTE):  # on Dask, this includes rendering the authority reports
        if local:
            results = run_tasks(tasks, jobs=jobs, force=force, progress=progress, pool=pool)
        else:
            from scwres_helpers.execution.dask_executor import run_tasks_on_dask

            results = run_tasks_on_dask(
                tasks, renders=_render_requests(tasks, tables, year_dir, renderer), scheduler=scheduler,
                jobs=jobs, force=force, progress=progress,
            )

    summary = BuildSummary(year=year, out_dir=year_dir, results=results,
                           quarantined=tables.current.quarantined, phase_seconds=phases)
    if renderer is not None:
        from scwres_helpers.publish.step import publish_year

        publish_year(summary, tables, renderer=renderer, params=report_params, force=force, jobs=jobs,
                     clock=clock)
    tables.save_derived()
    summary.seconds = time.perf_counter() - started_clock
    write_manifest(
        year_dir / "manifest.json",
        inputs=return_files(returns_root, tables),
        params=report_params,
        code_version=describe_code_version(config.PROJ_ROOT, config.PACKAGE_DIR, _version()),
        package_versions=package_versions(),
        results=results,
        started=started,
        finished=datetime.now(timezone.utc),
        extra={
            "year": year,
            "returns_root": str(returns_root),
            "quarantined": {k: [p.describe() for p in v] for k, v in sorted(tables.current.quarantined.items())},
            "authorities_built": selected,
            "executor": executor if local else f"dask ({scheduler or 'LocalCluster'})",
            "rendered": [str(p.relative_to(year_dir)) for p in summary.rendered],
            "render_failures": summary.render_failures,
            "seconds_total": round(summary.seconds, 3),
            "phase_seconds": {name: round(seconds, 3) for name, seconds in phases.items()},
        },
    )
    return summary


class PhaseClock:
    """Adds each timed block's wall-clock seconds to PHASES under its name."""

    def __init__(self, phases: dict[str, float]) -> None:
        self.phases = phases

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.phases[name] = self.phases.get(name, 0.0) + time.perf_counter() - started


def _version() -> str:
    from scwres_helpers import __version__

    return __version__


def format_build_summary(summary: BuildSummary) -> str:
    """The end-of-build report an analyst reads: counts, failures, quarantine, where things are."""
    from scwres_helpers.execution.progress import format_summary

    lines = [format_summary(summary.results)]
    if summary.quarantined:
        lines.append(f"{len(summary.quarantined)} return(s) quarantined (left out; see `scwres validate`):")
        lines += [f"  {name}: {len(problems)} problem(s)" for name, problems in sorted(summary.quarantined.items())]
    for name, error in sorted(summary.render_failures.items()):
        lines.append(f"render failed: {name}: {error}")
    lines.append(f"Outputs: {summary.out_dir}  (manifest: {summary.out_dir / 'manifest.json'})")
    if summary.rendered:
        reports = summary.out_dir / "reports"
        site = summary.out_dir / "site"
        lines.append(f"Authority reports (HTML and PDF): {reports}")
        if (site / "index.html").exists():
            lines.append(f"National website: {site / 'index.html'}  (whole report: {site / 'report.pdf'})")
    lines.append(f"Took {summary.seconds:.1f} s")
    return "\n".join(lines)


def committed_notebooks() -> list[Path]:
    """The report notebooks kept in git, executed with their default parameters."""
    return [config.NOTEBOOKS_DIR / "authority.ipynb", *sorted((config.NOTEBOOKS_DIR / "national").glob("*.ipynb"))]


def refresh_committed_notebooks(jobs: int | None = None) -> list:
    """Re-execute the committed notebooks in place against the fixture (for nbval).

    Deliberate, never part of a build: a figure that changes shows up in the diff
    and in ``pytest --nbval`` until the notebooks are refreshed on purpose.
    """
    import shutil
    import tempfile

    from scwres_helpers.execution import Task, run_tasks

    notebooks = committed_notebooks()
    with tempfile.TemporaryDirectory(prefix="scwres-refresh-") as scratch:
        tasks = [
            Task(name=str(nb.relative_to(config.NOTEBOOKS_DIR)), notebook=nb,
                 output=Path(scratch) / nb.relative_to(config.NOTEBOOKS_DIR))
            for nb in notebooks
        ]
        results = run_tasks(tasks, jobs=jobs, force=True)
        for task, result in zip(tasks, results):
            if result.status != "failed":
                shutil.copyfile(task.output, task.notebook)
    return results
