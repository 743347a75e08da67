"""The publication process, top to bottom: validate -> indicators -> notebooks -> reports.

This module reads like the yearly process itself; each step is a call into the
stage package that does the work (``intake``, ``indicators``, ``inputs``,
``build``, ``publish``).

A build that cannot go on (no folder for the year, a disk that fills up, any other
error of the operating system) stops with a ``BuildError``: one line naming the stage
and the path. The manifest says ``in progress`` from the start of a build to its end,
so it never describes another build than the files beside it; every write is atomic,
so running the build again after the cause is fixed completes it.
"""

from __future__ import annotations

import errno
import time
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from scwres_helpers import codes, config, unchanged
from scwres_helpers.atomic import write_text_if_changed
from scwres_helpers.background import beside
from scwres_helpers.cache import Cache, read_once_per_build
from scwres_helpers.cores import processes_for
from scwres_helpers.disclosure.audit import DisclosureAuditError
from scwres_helpers.indicators import compute_indicators
from scwres_helpers.bundles import (
    YearTables,
    authority_inputs,
    load_tables,
    national_inputs,
    write_shared_texts,
)
from scwres_helpers.intake import YearReturns, load_year
from scwres_helpers.corrections import StaleOutputs, frozen_changes, mark_stale, plan_revisions, returns_files
from scwres_helpers.dates import source_date_epoch
from scwres_helpers.places import authorities_csv
from scwres_helpers.publish.render_allocator import allocator_name
from scwres_helpers.publish.release import read_release, restore_frozen, write_release
from scwres_helpers.publish.step import PHASE_REPORTS, PHASE_SUMMARIES, Edition

if TYPE_CHECKING:  # the build imports the execution machinery only when it executes
    from scwres_helpers.execution.session import KeptWorkers
    from scwres_helpers.execution.worker import WorkerPool

# The build's phases, as timed in the manifest ("phase_seconds"). Those whose work
# grows with each authority are REPORT_PHASES (the growth benchmark scales them): its
# notebook, its report and its public summary.
PHASE_DATA = "validate and compute"
PHASE_BUNDLES = "write notebook inputs"
PHASE_EXECUTE = "execute notebooks"
PHASE_UNCHANGED = "check for changes"  # a rebuild that found nothing changed (``unchanged``)
# A full build writes this many authorities' bundles before its kernels start on them, and the
# rest while they execute: writing all 153 took 2.3 s of one core while both kernels waited.
# As many as the kernels execute while the rest and the national chapters are planned.
FIRST_BUNDLES = 16
REPORT_PHASES = (PHASE_EXECUTE, PHASE_REPORTS, PHASE_SUMMARIES)


def indicators_for_year(
    returns_root: Path, year: int, threshold: int = codes.DEFAULT_SUPPRESSION_THRESHOLD
) -> tuple[pd.DataFrame, YearReturns]:
    """Validate every return of YEAR and compute the indicators of the valid ones."""
    loaded = load_year(returns_root, year)
    table = compute_indicators(list(loaded.returns.values()), year, threshold=threshold)
    return table, loaded


class BuildError(Exception):
    """A build that cannot go on; ``str()`` is one line naming the stage and the path."""


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Turn an operating-system error (a full disk, a lost share) in stage NAME, or a failed
    disclosure audit of the data tables, into a BuildError."""
    try:
        yield
    except DisclosureAuditError as error:
        raise BuildError(f"{name} failed: {error}; nothing was published") from error
    except OSError as error:
        where = f" {error.filename}:" if error.filename else ""
        code = f" [{errno.errorcode.get(error.errno, error.errno)}]" if error.errno else ""
        raise BuildError(
            f"{name} failed:{where} {error.strerror or error}{code}; fix that (free some space, check the "
            "folder can be written) and run the build again: it resumes where it stopped") from error


@dataclass
class BuildSummary:
    """What a build did: the notebooks' results, the returns left out, where things are.

    ``warnings`` are the accepted returns' validation warnings by authority code (in
    the figures, but worth a look); ``settings_warnings`` are settings that cannot be
    meant for publication, such as the placeholder contact email.

    ``removed`` names, per failed task, the earlier outputs taken away so that no
    out-of-date report of that authority is left to be sent.
    """

    year: int
    out_dir: Path
    results: list = field(default_factory=list)
    quarantined: dict = field(default_factory=dict)
    warnings: dict = field(default_factory=dict)
    settings_warnings: list = field(default_factory=list)
    rendered: list = field(default_factory=list)
    render_failures: dict = field(default_factory=dict)
    removed: dict = field(default_factory=dict)
    content_warnings: list = field(default_factory=list)  # hand-typed figures in content/<year>/
    population_problems: list = field(default_factory=list)  # the year's population.csv (intake.population)
    seconds: float = 0.0
    phase_seconds: dict = field(default_factory=dict)
    renderer: str = ""  # the renderer that ran and its tools' versions; "" when nothing was rendered
    stale: StaleOutputs = field(default_factory=StaleOutputs)  # left out of date by an --authority run
    revised: dict = field(default_factory=dict)  # after release: code -> its revision notice
    notes: list = field(default_factory=list)  # what the analyst should know (the release, frozen figures)
    new_revision: dict | None = None  # ``release --revise``: the national revision this build published
    returns_read: dict = field(default_factory=dict)  # code -> its return's files (path -> sha256), as read
    returns_root: Path | None = None

    @property
    def layout(self) -> config.YearLayout:
        """Where this year's public and private outputs are."""
        return config.YearLayout(self.out_dir)

    @property
    def failed(self) -> list:
        return [r for r in self.results if r.status == "failed"]

    def failed_authorities(self) -> list[str]:
        """Authorities whose notebook or report failed in this build."""
        names = {r.name for r in self.failed} | set(self.render_failures)
        return sorted(n.split("/", 1)[1] for n in names if n.startswith("authority/"))

    @property
    def ok(self) -> bool:
        return not self.failed and not self.render_failures


def _relative_to_output(path: Path, year_dir: Path) -> str:
    """A path inside the output folder as the notebooks (run from that folder) see it:
    relative, so an executed notebook is the same bytes wherever ``--out`` is."""
    return Path(path).relative_to(year_dir).as_posix()


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
    work_dir: Path,
    params: dict,
    authority_codes: list[str],
    national: bool,
    notebooks_dir: Path = config.NOTEBOOKS_DIR,
    site_config: Path = config.QUARTO_CONFIG,
    frozen: config.YearLayout | None = None,
    revised: dict | None = None,
) -> list:
    """Write each notebook's input bundle and describe the notebooks to run.

    With FROZEN (a released year's layout), the national and shared bundles are the
    released ones (``publish.release``), not this build's; REVISED gives the revision
    notice of each authority whose report is revised.

    The national chapters are the pages ``_quarto.yml`` lists (``publish.site_pages``
    says which notebook makes each); every notebook runs in WORK_DIR (the year's
    private folder) and is given its bundle folder relative to it. A build writes the
    two parts apart (``plan_authority_tasks``, then ``plan_national_tasks`` while the
    first authorities execute).
    """
    pages = national_pages(notebooks_dir, site_config) if national else None
    tasks = plan_authority_tasks(tables, work_dir, params, authority_codes, national, notebooks_dir, frozen, revised)
    if pages is not None:
        tasks += plan_national_tasks(tables, work_dir, params, pages, frozen)
    return tasks


def national_pages(notebooks_dir: Path = config.NOTEBOOKS_DIR, site_config: Path = config.QUARTO_CONFIG) -> list:
    """The national chapters ``_quarto.yml`` lists; an unknown page stops the build here."""
    from scwres_helpers.publish.site_pages import chapter_pages

    return chapter_pages(site_config, Path(notebooks_dir) / "national")


def plan_authority_tasks(tables: YearTables, work_dir: Path, params: dict, authority_codes: list[str],
                         format_whole: bool, notebooks_dir: Path = config.NOTEBOOKS_DIR,
                         frozen: config.YearLayout | None = None, revised: dict | None = None,
                         write_shared: bool = True) -> list:
    """``plan_tasks``'s authority reports. FORMAT_WHOLE: format every authority's rows as
    one text first and cut each bundle's from it (``YearTables.reported_csv``: 0.65 s at 153,
    which the national chapters need too), not each bundle's rows on their own (6 ms each).
    WRITE_SHARED False: the bundles' shared part is written already (a build writes its
    authorities' bundles in two parts, ``FIRST_BUNDLES``)."""
    tasks = []
    authority_nb = Path(notebooks_dir) / "authority.ipynb"
    shared = work_dir / "inputs" / "shared"
    if authority_codes and write_shared:
        if frozen is not None:
            restore_frozen(frozen, "shared", shared)
        else:
            write_shared_texts(tables.shared_texts, shared)
    if format_whole and frozen is None:
        tables.reported_csv  # noqa: B018 - formatted whole once; every authority's rows.csv is cut from it
    for code in authority_codes:
        bundle = work_dir / "inputs" / "authority" / code
        inputs = authority_inputs(tables, code)
        inputs.revision = (revised or {}).get(code)
        files = inputs.write(bundle, shared=shared)
        tasks.append(_notebook_task("authority", code, authority_nb, work_dir, bundle, files, tables.year, params,
                                    first={"authority_code": code}))
    return tasks


def plan_national_tasks(tables: YearTables, work_dir: Path, params: dict, pages: list,
                        frozen: config.YearLayout | None = None) -> list:
    """``plan_tasks``'s national chapters, one per page of PAGES (``national_pages``)."""
    bundle = work_dir / "inputs" / "national"
    if frozen is not None:
        files = restore_frozen(frozen, "national", bundle)
    else:
        files = national_inputs(tables).write(bundle)
    return [_notebook_task("national", page.name, page.notebook, work_dir, bundle, files, tables.year, params,
                           last=page.parameters) for page in pages]


def executed_notebook(work_dir: Path, kind: str, name: str) -> Path:
    """Where the executed notebook of KIND ("authority" or "national") NAME is kept."""
    return work_dir / "notebooks" / kind / f"{name}.ipynb"


def _notebook_task(kind: str, name: str, notebook: Path, work_dir: Path, bundle: Path, files: list[Path],
                   year: int, params: dict, first: dict | None = None, last: dict | None = None):
    """The task of running NOTEBOOK in WORK_DIR on its BUNDLE (FILES are its inputs): its
    parameters are FIRST, the year, the bundle relative to WORK_DIR and the report settings,
    then LAST, in that order (the order papermill writes them into the notebook)."""
    from scwres_helpers.execution import Task

    return Task(
        name=f"{kind}/{name}",
        notebook=notebook,
        output=executed_notebook(work_dir, kind, name),
        parameters={
            **(first or {}),
            "year": year,
            "returns_root": "",
            "inputs_dir": _relative_to_output(bundle, work_dir),
            "params": params,
            **(last or {}),
        },
        inputs=(*files, config.PHRASEBOOK),
        kind=kind,
        cwd=work_dir,
    )


EXECUTORS = ("local", "dask")


def _render_requests(tasks: list, tables: YearTables, reports_dir: Path, renderer: str | None) -> dict:
    """For the dask executor: each authority task also renders its reports (none if RENDERER is None)."""
    if renderer is None:
        return {}
    from scwres_helpers.execution.dask_executor import RenderRequest
    from scwres_helpers.publish import choose_renderer
    from scwres_helpers.publish.step import publishing_fingerprint

    name = choose_renderer(renderer).name
    fingerprint = publishing_fingerprint(name)
    requests = {}
    for task in tasks:
        if task.kind == "authority":
            code = task.name.split("/", 1)[1]
            requests[task.name] = RenderRequest(
                name, code, tables.current.returns[code].about.authority_name, tables.year,
                reports_dir, fingerprint,
            )
    return requests


def check_year_folder(returns_root: Path, year: int) -> None:
    """A BuildError, in intake's words, when the returns root has no readable folder for YEAR."""
    from scwres_helpers.intake import discover_returns, years_available

    if year in years_available(returns_root):
        return
    _, problems = discover_returns(returns_root, year)
    reason = problems[0].describe().split("  ", 1)[-1] if problems else f"there is no folder for {year}"
    raise BuildError(f"{returns_root}: {reason}")


def remove_outputs_of_failed(summary: BuildSummary, existed: dict[str, list[Path]]) -> None:
    """Take away the earlier notebook, reports and public summary of every authority that failed
    in this build.

    A failed notebook or render leaves nothing new; what an earlier build made for that
    authority is out of date and must not be sent by mistake. EXISTED: per task, the
    outputs there before this build (the executor removes a failed notebook itself).
    """
    from scwres_helpers.publish.step import authority_report_paths

    cache = Cache()
    for code in summary.failed_authorities():
        name = f"authority/{code}"
        gone = [p for p in existed.get(name, []) if not p.exists()]
        for path in [*authority_report_paths(summary.layout.reports, code), *summary.layout.summary_paths(code)]:
            cache.forget(path)
            if path.exists():
                path.unlink()
                gone.append(path)
        if gone:
            earlier = set(summary.removed.get(name, []))
            summary.removed[name] = sorted(earlier | {p.relative_to(summary.out_dir).as_posix() for p in gone})


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
    content_dir: Path = config.CONTENT_DIR,
    national_only: bool = False,
    reason: str | None = None,
    revise: bool = False,
    today: date | None = None,
    kept_workers: KeptWorkers | None = None,
    started_workers: WorkerPool | None = None,
) -> BuildSummary:
    """Validate, compute, execute every report notebook and render the reports for YEAR.

    With AUTHORITIES, only those authorities' reports are rebuilt (the national
    chapters are left as they are); NATIONAL_ONLY builds the national report alone
    (``scwres preview``). RENDERER None stops after execution. EXECUTOR "dask" runs
    each notebook (and renders each authority's report) on a Dask cluster:
    SCHEDULER's address, or a LocalCluster when None. The year's written content is
    read from ``CONTENT_DIR/<YEAR>/`` and checked while the first authority reports execute,
    before any national chapter does (a problem stops the build).

    After the year's release (``scwres release``) the national figures are frozen
    (``corrections``): a return that changed since makes a revised report, dated TODAY
    (default: today) with REASON. REVISE (``release --revise``) publishes new national
    figures instead, with a revision (TODAY, REASON) on the site's revisions page.
    Files are dated with the year's publication date (``dates``). KEPT_WORKERS
    (``execution.KeptWorkers``) lends warm kernels that outlive the build (``scwres watch``).
    STARTED_WORKERS (``execution.start_workers``), started by the caller before it imported
    the build, are the build's own for named AUTHORITIES: it stops them when done.
    """
    if executor not in EXECUTORS:
        raise ValueError(f"executor must be one of {EXECUTORS}, not {executor!r}")
    from scwres_helpers.execution import check_params_dir, load_params

    check_year_folder(Path(returns_root).resolve(), year)
    check_params_dir(params_dir)
    published = load_params(params_dir).publication_date(year, params_dir)
    with source_date_epoch(published), read_once_per_build():
        return _build_year(
            returns_root, year, out_root=out_root, params_dir=params_dir, authorities=authorities, jobs=jobs,
            force=force, renderer=renderer, progress=progress, notebooks_dir=notebooks_dir, executor=executor,
            scheduler=scheduler, reason=reason, revise=revise, today=today or date.today(), published=published,
            content_dir=content_dir, national_only=national_only, kept_workers=kept_workers,
            started_workers=started_workers,
        )


def _build_year(returns_root, year, *, out_root, params_dir, authorities, jobs, force, renderer, progress,
                notebooks_dir, executor, scheduler, reason, revise, today, published, content_dir,
                national_only, kept_workers, started_workers) -> BuildSummary:
    """``build_year`` with its settings checked and SOURCE_DATE_EPOCH set."""
    from scwres_helpers.execution import load_params, run_tasks
    from scwres_helpers.execution.params import placeholder_warnings
    from scwres_helpers.cache import package_versions
    from scwres_helpers.execution.execute import start_workers
    from scwres_helpers.execution.manifest import (
        COMPLETE,
        FAILED,
        describe_code_version,
        write_manifest,
        write_manifest_in_progress,
    )

    started_clock = time.perf_counter()
    started = datetime.now(timezone.utc)
    returns_root = Path(returns_root).resolve()
    out_root = Path(out_root).resolve()
    layout = config.YearLayout.of(out_root, year)
    manifest = layout.manifest
    # A full build first asks whether anything it reads changed since the last complete one.
    digest = None
    if not (authorities or national_only or force or revise) and executor == "local":
        digest = unchanged.inputs_digest(returns_root=returns_root, year=year, params_dir=params_dir,
                                         notebooks_dir=notebooks_dir, content_dir=content_dir, renderer=renderer)
        kept = unchanged.unchanged_build(out_root, year, digest)
        if kept is not None:
            return _nothing_changed(kept, out_root, year, digest, manifest, started, started_clock, progress)
    unchanged.forget(out_root, year)
    renderer_used = _describe_renderer(renderer)  # a renderer that cannot run stops the build here
    year_dir = layout.root
    report_params = load_params(params_dir)
    where = {"year": year, "returns_root": str(returns_root)}
    from scwres_helpers.execution.manifest import read_manifest

    release = read_release(layout)
    if revise and release is None:
        raise BuildError(f"{year} has not been released, so there is nothing to revise: `scwres release` first")
    frozen = release is not None and not revise  # the national figures stay as published
    earlier_stale = StaleOutputs.from_manifest(read_manifest(manifest).get("stale"))
    stale = StaleOutputs()
    revised: dict = {}
    new_revision = None
    notes: list[str] = []
    in_progress = False  # set once the manifest says so: from then on, files here change

    # Kernels take seconds to boot, so they boot while the returns are read whenever
    # something will surely be executed: named authorities, or returns (or code) that
    # changed since the last build. A rebuild with nothing changed starts no kernel.
    local = executor == "local"
    workers: list = []

    def boot_workers(wanted: int | None = None) -> None:
        if local and not workers:
            if kept_workers is not None:
                workers.append(kept_workers.pool())
            elif started_workers is not None and authorities:
                workers.append(started_workers)
            else:
                workers.append(start_workers(processes_for(wanted, jobs), national=not authorities))

    phases: dict[str, float] = {}
    clock = PhaseClock(phases)
    tables = None
    results: list = []

    def record(status: str, summary: BuildSummary | None = None, error: str | None = None) -> dict:
        """Write the manifest; its fields (for ``unchanged.record``)."""
        summary = summary or BuildSummary(year=year, out_dir=year_dir, results=results, phase_seconds=phases)
        built = [c for c in selected if c not in summary.failed_authorities()] if tables is not None else []
        fields = dict(
            inputs=tables.files_read() if tables is not None else [],
            params=report_params,
            code_version=describe_code_version(config.PROJ_ROOT, config.PACKAGE_DIR, _version()),
            package_versions=package_versions(),
            results=list(results),
            status=status,
        )
        extra = {
            **where,
            "error": error,
            "quarantined": {k: [p.describe() for p in v]
                            for k, v in sorted(tables.current.quarantined.items())} if tables else {},
            "authorities_built": built,
            "authorities_failed": summary.failed_authorities(),
            "removed_after_failure": summary.removed,
            "executor": executor if local else f"dask ({scheduler or 'LocalCluster'})",
            "renderer": renderer_used or None,
            "render_allocator": allocator_name() if renderer_used else None,
            "rendered": [str(p.relative_to(year_dir)) for p in summary.rendered],
            "render_failures": summary.render_failures,
            "stale": (summary.stale if status == COMPLETE else earlier_stale).to_manifest(),
            "release": {"published": release.published, "national_revisions": len(release.revisions)}
            if release is not None else None,
            "revised_reports": summary.revised,
        }
        write_manifest(manifest, **fields, started=started, finished=datetime.now(timezone.utc), extra={
            **extra,
            "seconds_total": round(time.perf_counter() - started_clock, 3),
            "phase_seconds": {name: round(seconds, 3) for name, seconds in phases.items()},
        })
        return {**fields, "extra": extra}

    selected: list[str] = []
    closing: list[Future] = []  # the build's workers, stopping
    render_processes = None  # started once something will surely execute
    if authorities:
        boot_workers(len(authorities))
    try:
        try:
            with clock(PHASE_DATA), stage(PHASE_DATA):
                tables = load_tables(returns_root, year, report_params.suppression_threshold,
                                     cache_dir=out_root / ".cache" / "intake", on_miss=boot_workers)
                selected = [] if national_only else _check_codes(authorities, tables)
            codes_all = list(tables.current.returns)
            params = report_params.resolved(codes_all).to_papermill(year)
            if frozen:
                revised = plan_revisions(release, tables, returns_root, selected, reason, today)
                changes = frozen_changes(layout, tables)
                if changes:
                    notes.append(f"{len(changes)} national figure(s) now differ from those released on "
                                 f"{release.published}; they stay as published (the site and every other report "
                                 "are unchanged) until `scwres release ... --revise --reason \"...\"` republishes them")
            elif revise:
                new_revision = {"date": today.isoformat(), "reason": (reason or "").strip(),
                                "changes": frozen_changes(layout, tables)}
                release.revisions.append(new_revision)
                revised = plan_revisions(release, tables, returns_root, selected, reason, today)
            elif authorities:
                stale = mark_stale(layout, earlier_stale, tables, selected)
            with stage("write the manifest (in progress)"):
                write_manifest_in_progress(manifest, params=report_params, started=started,
                                           extra={**where, "stale": earlier_stale.to_manifest()})
                in_progress = True
            national = not authorities
            frozen_layout = layout if frozen else None
            # A full build hands its kernels the first authorities and writes the others'
            # bundles beside them (their planning joins the queue with the national chapters'):
            # the first ones' rows are formatted each on its own, the rest's as one text, beside.
            first = selected[:FIRST_BUNDLES] if national and local else selected
            with clock(PHASE_BUNDLES), stage(PHASE_BUNDLES):
                write_text_if_changed(layout.data / f"authorities_{year}.csv", authorities_csv(codes_all))
                pages = national_pages(notebooks_dir) if national else []  # an unknown page stops here
                tasks = plan_authority_tasks(tables, layout.private, params, first,
                                             national and len(first) == len(selected), notebooks_dir,
                                             frozen_layout, revised)

            content, content_warnings = None, []

            def plan_later() -> list:
                """The other authorities' bundles, then the national chapters' (``plan_national``)."""
                with stage(PHASE_BUNDLES):
                    rest = plan_authority_tasks(tables, layout.private, params, selected[len(first):], True,
                                                notebooks_dir, frozen_layout, revised, write_shared=False)
                return rest + plan_national()

            def plan_national() -> list:
                """The national chapters' inputs, then the year's written content checked (its
                error stops the build before any chapter executes)."""
                nonlocal content, content_warnings
                with stage(PHASE_BUNDLES):
                    chapters = plan_national_tasks(tables, layout.private, params, pages, frozen_layout)
                content, content_warnings = written_content(
                    tables, layout, report_params.suppression_threshold, content_dir, notebooks_dir)
                return chapters

            # Planned while the first authorities execute (the kernels would wait for it). Not when
            # the national report is built alone (``scwres preview``): there is nothing to overlap,
            # and a content error must leave its warm kernels alone.
            later_tasks = None
            if national and local and tasks:
                later_tasks = beside(plan_later)
            elif national:
                tasks += plan_national()
        except BaseException:
            if kept_workers is None:
                for pool in workers:
                    pool.terminate()
            raise
        pool = workers[0] if workers else (kept_workers.pool() if kept_workers is not None and local else None)
        analysts_table: list[Future] = []
        # Work for later (the analysts' table, the caches) runs beside at the lowest priority in a
        # build of named authorities, where this process otherwise only waits. Not in a full build:
        # its site renders in a thread of this process, which waited for the interpreter's lock
        # while a starved low-priority thread held it (the site took 13 s instead of 8).
        later_priority = bool(authorities)

        def write_analysts_table() -> None:
            """The analysts' copy of the year's indicators: no notebook reads it, so it is formatted
            and written beside the rest (a third of a second of one authority's rerun, which
            slowed its notebook at the build's priority); the build waits for it at its end."""
            analysts_table.append(beside(lambda: write_text_if_changed(layout.data / f"indicators_{year}.csv",
                                                                        tables.year_csv),
                                          lowest_priority=later_priority))

        summary_drafts: list[Future] = []

        def meanwhile() -> None:
            """Once the first notebook is handed out: the analysts' table and, in a build of named
            authorities, their public summaries, which need no executed notebook (``draft_summaries``)."""
            write_analysts_table()
            if authorities and renderer is not None:
                from scwres_helpers.publish.step import draft_summaries

                summary_drafts.append(beside(lambda: draft_summaries(
                    selected, tables, report_params, layout, force, Cache(), published, revised)))

        existed = {f"authority/{code}": [p for p in (executed_notebook(layout.private, "authority", code),)
                                          if p.exists()] for code in selected}
        # On Dask, this includes rendering the authority reports.
        with clock(PHASE_EXECUTE), stage(PHASE_EXECUTE):
            if local:
                if renderer is not None and pool is not None:  # something will execute, so render
                    from scwres_helpers.publish.step import RenderProcesses, start_render_server

                    if authorities:  # a report and a public summary each; a full build's would idle for a minute
                        render_processes = RenderProcesses(jobs, 2 * len(selected))
                    else:
                        start_render_server()
                # The build's own workers are stopped beside what follows: their kernels take a
                # quarter of a second to shut down, which a one-authority rerun would wait for.
                own_pool = pool is not None and kept_workers is None
                results = run_tasks(tasks, jobs=jobs, force=force, progress=progress, pool=pool,
                                    keep_pool=pool is not None, later=later_tasks,
                                    meanwhile=meanwhile)
                if own_pool:
                    closing.append(beside(pool.close))
                if later_tasks is not None:
                    tasks += later_tasks.result()
            else:
                from scwres_helpers.execution.dask_executor import run_tasks_on_dask

                write_analysts_table()
                results = run_tasks_on_dask(
                    tasks, renders=_render_requests(tasks, tables, layout.reports, renderer), scheduler=scheduler,
                    jobs=jobs, force=force, progress=progress,
                )

        summary = BuildSummary(
            year=year, out_dir=year_dir, results=results, quarantined=tables.current.quarantined,
            phase_seconds=phases,
            warnings={code: list(ret.warnings) for code, ret in sorted(tables.current.returns.items())
                      if ret.warnings},
            settings_warnings=placeholder_warnings(report_params, params_dir),
            content_warnings=[str(warning) for warning in content_warnings],
            population_problems=list(tables.population.problems) if tables.population is not None else [],
            renderer=renderer_used, stale=stale, revised=revised, notes=notes, new_revision=new_revision,
            returns_read=returns_files(tables, returns_root, codes_all),
            returns_root=returns_root,
        )
        with stage("remove the outputs of failed authorities"):
            remove_outputs_of_failed(summary, existed)
        saving: list[Future] = []
        if renderer is not None:
            from scwres_helpers.publish.step import publish_year

            # The caches are written while the reports render (once they are planned: the planning
            # reads files, and at each read it waited for the thread writing them).
            with stage("render the reports and the national site"):
                publish_year(summary, tables, renderer=renderer, params=report_params, force=force, jobs=jobs,
                             clock=clock, progress=progress.rendering() if progress is not None else None,
                             content=content,
                             edition=Edition(published, tuple(release.revisions) if release else (), frozen),
                             once_planned=lambda: saving.append(beside(tables.save_derived,
                                                                        lowest_priority=later_priority)),
                             render_processes=render_processes,
                             summary_drafts=summary_drafts[0] if summary_drafts else None)
            with stage("remove the outputs of failed authorities"):
                remove_outputs_of_failed(summary, existed)
        with stage("save the caches"):
            for job in analysts_table + saving:
                job.result()
            tables.save_derived()  # what publishing computed meanwhile (usually nothing: then it returns at once)
        if frozen and revised:
            with stage("record the revised reports"):
                write_release(layout, release)  # new corrections: the next build reuses their date and reason
        summary.seconds = time.perf_counter() - started_clock
        with stage("write the manifest"):
            fields = record(COMPLETE, summary)
        if digest is not None and not summary.failed and not summary.render_failures:
            unchanged.record(out_root, year, digest, summary, fields)
    except BuildError as error:
        if in_progress:  # before that, nothing here changed and the manifest is still true
            try:
                record(FAILED, error=str(error))
            except OSError:
                pass  # the manifest still says "in progress", which is true
        raise
    finally:
        if render_processes is not None:
            render_processes.close()  # stopped unused if the build stopped before rendering
        for job in closing:
            job.result()
    return summary


def written_content(tables: YearTables, layout: config.YearLayout, threshold: int, content_dir: Path,
                    notebooks_dir: Path = config.NOTEBOOKS_DIR) -> tuple:
    """The year's published figures (written to ``variables.yml``) and its written content,
    checked against them: (content, warnings). A key no figure has, or anything else in
    ``CONTENT_DIR/<year>/`` that cannot be published, stops the build naming the file."""
    from scwres_helpers.publish.content import ContentError
    from scwres_helpers.publish.content_figures import load_checked
    from scwres_helpers.publish.site_pages import chapter_pages
    from scwres_helpers.publish.variables import VARIABLES_FILE, update_variables

    bundle = layout.inputs / "national"
    variables = update_variables(layout.private / VARIABLES_FILE, sorted(p for p in bundle.iterdir() if p.is_file()),
                                 threshold, lambda: national_inputs(tables))
    try:
        chapters = [page.name for page in chapter_pages(notebooks_dir=Path(notebooks_dir) / "national")]
        return load_checked(tables.year, variables, chapters, content_dir)
    except ContentError as error:
        raise BuildError(str(error)) from None


def _nothing_changed(kept, out_root: Path, year: int, digest: str, manifest: Path, started: datetime,
                     started_clock: float, progress=None) -> BuildSummary:
    """A full build that found nothing changed since the last complete one (``unchanged``):
    a new manifest (the same inputs, results and outputs; this build's times), and that
    build's summary with every notebook and report cached, as PROGRESS also shows them."""
    from scwres_helpers.execution.manifest import write_manifest

    if progress is not None:
        results = kept.summary.results
        reports = sum(r.kind == "authority" for r in results) + any(r.kind == "national" for r in results)
        for shown, total in ((progress, len(results)), (progress.rendering(), reports)):
            shown.start(total, total)
            shown.close()

    phases = {PHASE_UNCHANGED: time.perf_counter() - started_clock}
    summary = replace(unchanged.as_cached(kept.summary), phase_seconds=phases)
    fields = dict(kept.manifest)
    extra = fields.pop("extra")
    fields["results"] = summary.results
    summary.seconds = time.perf_counter() - started_clock
    write_manifest(manifest, **fields, started=started, finished=datetime.now(timezone.utc), extra={
        **extra,
        "seconds_total": round(summary.seconds, 3),
        "phase_seconds": {name: round(seconds, 3) for name, seconds in phases.items()},
    })
    unchanged.record(out_root, year, digest, kept.summary, kept.manifest)  # the manifest is new
    return summary


def _describe_renderer(renderer: str | None) -> str:
    """The renderer RENDERER names, with its tools' versions ("" for no rendering)."""
    if renderer is None:
        return ""
    from scwres_helpers.publish import choose_renderer

    return choose_renderer(renderer).describe()  # type: ignore[arg-type]


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
    """The end-of-build report an analyst reads: counts, failures, returns left out or with
    warnings, settings to fix before publishing, where things are."""
    from scwres_helpers.execution.progress import format_summary

    lines = [format_summary(summary.results)]
    for name, removed in sorted(summary.removed.items()):
        lines.append(f"  {name} failed, so its earlier outputs were removed (no out-of-date report is "
                     f"left to send): {', '.join(removed)}")
    if summary.quarantined:
        lines.append(f"{len(summary.quarantined)} return(s) quarantined (left out; see `scwres validate`):")
        lines += [f"  {name}: {len(problems)} problem(s)" for name, problems in sorted(summary.quarantined.items())]
    if summary.warnings:
        lines.append(f"{len(summary.warnings)} return(s) accepted with warnings (in the figures; worth a look):")
        for code, warnings in sorted(summary.warnings.items()):
            lines.append(f"  {code}:")
            lines += [f"    {warning.detail()}" for warning in warnings]
    for name, error in sorted(summary.render_failures.items()):
        stale = name == "site" and (summary.layout.site / "index.html").exists()
        lines.append(f"render failed: {name}: {error}"
                     + (" (public/site/ still holds the national report of an earlier build)" if stale else ""))
    if summary.population_problems:
        lines.append(f"the local population file had {len(summary.population_problems)} problem(s) (the areas "
                     "concerned are not compared with their workforce):")
        lines += [f"  {problem.describe()}" for problem in summary.population_problems]
    lines += [f"warning: {text}" for text in summary.settings_warnings]
    lines += [f"warning: {text}" for text in summary.content_warnings]
    lines += format_corrections(summary)
    layout = summary.layout
    lines.append(f"Outputs: {summary.out_dir}  (public: {layout.public}; private, never to be published: "
                 f"{layout.private}; manifest: {layout.manifest})")
    if summary.renderer:
        lines.append(f"Rendered by: {summary.renderer}")
    if summary.rendered:
        reports, site = layout.reports, layout.site
        lines.append(f"Authority reports (HTML and PDF, private: one to each authority): {reports}")
        if layout.summaries.is_dir():
            lines.append(f"Public summaries (HTML and PDF, one per authority, for its website): {layout.summaries}")
        if (site / "index.html").exists():
            lines.append(f"National website: {site / 'index.html'}  (whole report: {site / 'report.pdf'})")
    lines.append(f"Took {summary.seconds:.1f} s")
    return "\n".join(lines)


def format_corrections(summary: BuildSummary) -> list[str]:
    """What a correction left out of date (before release) or revised (after), in lines."""
    lines = []
    stale = summary.stale
    if stale:
        outputs = []
        if stale.national:
            outputs.append("the national chapters and the national site (its data tables and report.pdf)")
        if stale.authorities:
            outputs.append(f"{len(stale.authorities)} other authority report(s) and their public summaries: "
                           f"{', '.join(stale.authorities)}")
        lines.append(f"OUT OF DATE: {'; '.join(stale.because)}, so these still show the earlier figures: "
                     f"{'; and '.join(outputs)}.")
        lines += [f"  changed: {change}" for change in stale.changes]
        lines.append(f"  They are marked stale in {summary.layout.manifest}; bring them up to date with: "
                     f"scwres build {summary.returns_root or 'RETURNS'} --year {summary.year} --out "
                     f"{summary.out_dir.parent}  "
                     "(`scwres status` lists them)")
    for code, notice in sorted(summary.revised.items()):
        lines.append(f"Revised report: {code} (revised {notice['revised']}: {notice['reason']}); it says so on "
                     "its first page, and the manifest records it")
    lines += [f"note: {text}" for text in summary.notes]
    return lines


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
