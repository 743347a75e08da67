"""The build's last step: executed notebooks -> authority reports, national site and tables.

Rendering is cached like execution: an output is rendered again only when its
executed notebook, the publishing code, the templates or ``_quarto.yml`` changed.
Authority reports render in parallel worker processes (replaced every few reports,
to bound Typst's memory); the site renders once. Rendering takes about as long as
executing, so it reports to a progress display (counts and ETA) like execution does.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from multiprocessing import get_context
from pathlib import Path

from scwres_helpers import config
from scwres_helpers.background import beside
from scwres_helpers.cores import processes_for
from scwres_helpers.cache import Cache, canonical_json, code_fingerprint, file_sha256
from scwres_helpers.bundles import YearTables, national_inputs
from scwres_helpers.publish.content import YearContent
from scwres_helpers.dates import current_epoch
from scwres_helpers.publish.render_allocator import preloaded_in_children, render_allocator
from scwres_helpers.publish.render_tasks import SummaryDraft, render_batch, render_summaries
from scwres_helpers.publish.revisions import REVISIONS_PAGE, revisions_markdown

# Typst keeps what it memoised from recent documents: a render process grows to about
# 830 MB after 20 reports (440 MB after 5). So each process is replaced after a few
# reports, forked from a server that has already imported the renderer. Measured on
# 60 reports, 2 processes: never replaced 27.8 s, 2,209 MB at the peak; after 10
# reports 29.1 s, 1,779 MB; after 5, 30.5 s, 1,261 MB.
RENDERS_PER_PROCESS = 10
# Reports (or summaries) per render task: one Pandoc run converts any of them the direct
# writers leave to Pandoc (starting Pandoc with its Lua filters is about 0.05 s of CPU).
RENDER_BATCH = 5
# A report takes seconds; a process that died mid-report never answers (multiprocessing
# replaces it but not its task), so after this long the report counts as failed.
RENDER_TIMEOUT_SECONDS = 600
RESULT_SET_SECONDS = 60  # a finished job's result, once its callback has run (see _collect)
# What the server render processes are forked from imports first: the renderers and the
# module whose functions each task names (``render_tasks``), so that reading a task imports
# nothing (it was 0.47 s of CPU in each of the 30 or so render processes of a full build).
RENDER_PRELOAD = ["scwres_helpers.publish.bundled", "scwres_helpers.publish.render_tasks"]
# A full build's server imports the build as well. A process forked from it imports the
# parent's main script again (multiprocessing's way; Python 3.11's forkserver ignores
# "__main__" here), and a script that builds (``scwres``, the benchmark) imports the build:
# imported once in the server, that costs each render process nothing; imported in each,
# it was 0.25 s of CPU, 8 CPU-s of a build of 153. A one-authority rerun has two render
# processes and waits for its server, so its server imports the renderers alone.
FULL_BUILD_PRELOAD = [*RENDER_PRELOAD, "scwres_helpers.pipeline"]
# The build's phase timings (pipeline.PhaseClock) for the two rendering steps.
PHASE_REPORTS = "render authority reports"
PHASE_SITE = "render national site and tables"
PHASE_SUMMARIES = "render public summaries"


@dataclass(frozen=True)
class Edition:
    """Which edition of the national site a build publishes: its publication date, the
    national revisions since (``publish.release``), and whether it is FROZEN (released
    and not being revised: the site is left exactly as published)."""

    published: date
    revisions: tuple = ()
    frozen: bool = False

    @property
    def revised(self) -> date | None:
        return date.fromisoformat(self.revisions[-1]["date"]) if self.revisions else None


def publishing_fingerprint(renderer_name: str) -> str:
    """What every rendered file depends on besides its notebook: the renderer and its tools'
    versions (another Quarto renders differently), code, templates, site config."""
    from scwres_helpers.publish import choose_renderer

    digest = hashlib.sha256(choose_renderer(renderer_name).describe().encode("utf-8"))
    digest.update(code_fingerprint(config.PACKAGE_DIR / "publish", exclude=()).encode("ascii"))
    for path in sorted((config.PACKAGE_DIR / "publish" / "filters").glob("*.lua")):  # Pandoc's filters
        digest.update(path.name.encode("utf-8") + file_sha256(path).encode("ascii"))
    for path in sorted(config.TEMPLATES_DIR.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(config.TEMPLATES_DIR).as_posix().encode("utf-8"))
            digest.update(file_sha256(path).encode("ascii"))
    digest.update(file_sha256(config.QUARTO_CONFIG).encode("ascii"))
    digest.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode("ascii"))
    return digest.hexdigest()


def authority_report_paths(out_dir: Path, code: str) -> list[Path]:
    """Where an authority's HTML and PDF reports go."""
    return [Path(out_dir) / f"{code}.html", Path(out_dir) / f"{code}.pdf"]


def authority_render_key(notebook_sha256: str, fingerprint: str, name: str, year: int) -> str:
    """The render cache key of one authority's reports (the same whichever executor rendered them)."""
    return hashlib.sha256(canonical_json(
        {"notebook": notebook_sha256, "publish": fingerprint, "name": name, "year": year}
    ).encode("utf-8")).hexdigest()


def batches(count: int, workers: int) -> list[range]:
    """COUNT renders in consecutive batches of at most ``RENDER_BATCH``, small enough for each of
    WORKERS to get two or more (so that none waits long for the last)."""
    size = max(1, min(RENDER_BATCH, -(-count // (2 * workers))))
    return [range(start, min(start + size, count)) for start in range(0, count, size)]


def _fresh(cache: Cache, outputs: list[Path], key: str) -> bool:
    return all(cache.is_fresh(p, key) for p in outputs)


@dataclass(frozen=True)
class Rendered:
    """How one render ended, as the progress display reads it."""

    name: str
    status: str  # "rendered" or "failed"
    seconds: float
    error: str | None = None


@dataclass(frozen=True)
class _PendingReport:
    code: str
    name: str
    executed: Path
    outputs: list[Path]
    key: str


def _plan_authorities(summary, tables: YearTables, renderer_name: str, force: bool,
                      cache: Cache) -> tuple[list[_PendingReport], int]:
    """The authority reports to render, and how many are fresh (those go into ``summary.rendered``)."""
    fingerprint = publishing_fingerprint(renderer_name)
    out_dir = summary.layout.reports
    pending = []
    fresh = 0
    for result in summary.results:
        if result.kind != "authority" or result.status == "failed":
            continue
        code = result.name.split("/", 1)[1]
        name = tables.current.returns[code].about.authority_name
        outputs = authority_report_paths(out_dir, code)
        key = authority_render_key(file_sha256(result.output), fingerprint, name, summary.year)
        if not force and _fresh(cache, outputs, key):
            summary.rendered.extend(outputs)
            fresh += 1
        else:
            pending.append(_PendingReport(code, name, result.output, outputs, key))
    return pending, fresh


def start_render_server(preload: list[str] = FULL_BUILD_PRELOAD) -> None:
    """Start the server render processes are forked from, so that it imports PRELOAD (about
    half a second) while the notebooks execute, not when the first report waits, with
    jemalloc preloaded where the machine has it (``render_allocator``). A server running
    already (an earlier build in this process) is kept as it is."""
    from multiprocessing import forkserver

    get_context("forkserver").set_forkserver_preload(preload)
    with preloaded_in_children(render_allocator()):  # the server's children inherit it
        forkserver.ensure_running()


def _render_pool(workers: int, preload: list[str] = FULL_BUILD_PRELOAD):
    """A pool of render processes forked from a server that has imported PRELOAD
    (``start_render_server``, unless it runs already), each replaced after
    ``RENDERS_PER_PROCESS`` renders (Typst keeps what it memoised, so a long-lived process grows)."""
    start_render_server(preload)
    return get_context("forkserver").Pool(workers, maxtasksperchild=max(1, RENDERS_PER_PROCESS // RENDER_BATCH))


class RenderProcesses:
    """The render pool for up to RENDERS renders, started in a thread while the notebooks
    execute (``publish_year(render_processes=...)`` takes it over).

    Forking two render processes takes 0.15 to 0.2 s, which a one-authority rerun waited
    for between planning its renders and starting them. The server and the pool start at
    the lowest priority (the render processes inherit it), and the server imports the
    renderers alone (``RENDER_PRELOAD``): its imports competed with the kernel's boot, which
    the rerun waits for; niced, they took 0.3 s off the whole command. ``close`` stops the
    pool if it was never taken over (the build stopped before rendering).
    """

    def __init__(self, jobs: int | None, renders: int) -> None:
        self.workers = processes_for(renders, jobs)
        self._pool = beside(self._started, lowest_priority=True)
        self._taken = False

    def _started(self):
        return _render_pool(self.workers, RENDER_PRELOAD)  # the server's start and the pool's, in one thread

    def take(self):
        """The pool, once started; whoever takes it stops it."""
        self._taken = True
        return self._pool.result()

    def close(self) -> None:
        if not self._taken:
            self._taken = True
            pool = self._pool.result()
            pool.terminate()
            pool.join()


def render_authorities(summary, pending: list[_PendingReport], renderer_name: str, pool, workers: int,
                       cache: Cache, progress=None, then=None) -> None:
    """Render PENDING authority reports in POOL's WORKERS processes, in ``batches``; PROGRESS
    hears of each report as its batch ends.

    The pool takes batches in order, so the ones running are the next ``workers`` not yet
    finished. THEN, if given, is called once every batch is handed to the pool (the public
    summaries queue up behind them). A report that fails is recorded and the others go
    on; when no batch has finished for ``RENDER_TIMEOUT_SECONDS`` (a render process died),
    those still out count as failed. Files are listed in the order given, whatever order
    the reports finish in.
    """
    finished: queue.SimpleQueue[int] = queue.SimpleQueue()
    out_dir = summary.layout.reports
    written: dict[int, list[Path]] = {}
    groups = batches(len(pending), workers)
    jobs_ = [
        pool.apply_async(
            render_batch, (renderer_name, [(pending[i].executed, pending[i].code, pending[i].name) for i in group],
                            out_dir, summary.year, str(current_epoch())),
            callback=lambda _, b=b: finished.put(b), error_callback=lambda _, b=b: finished.put(b))
        for b, group in enumerate(groups)
    ]
    if then is not None:
        then()
    for group in groups[:workers]:
        for i in group:
            _tell(progress, "task_started", f"authority/{pending[i].code}")
    for done in range(len(groups)):
        try:
            b = finished.get(timeout=RENDER_TIMEOUT_SECONDS)
        except queue.Empty:
            break
        for i, outcome in zip(groups[b], batch_outcomes(jobs_[b], len(groups[b]))):
            _tell(progress, "task_finished", _collect(summary, outcome, pending[i], cache, written, i))
        if done + workers < len(groups):
            for i in groups[done + workers]:
                _tell(progress, "task_started", f"authority/{pending[i].code}")
    for index, report in enumerate(pending):
        name = f"authority/{report.code}"
        if index in written:
            summary.rendered.extend(written[index])
        elif name not in summary.render_failures:
            summary.render_failures[name] = (f"TimeoutError: no report finished in {RENDER_TIMEOUT_SECONDS} s "
                                             "(a render process died?)")
            _tell(progress, "task_finished", Rendered(name, "failed", 0.0, summary.render_failures[name]))


def batch_outcomes(job, size: int) -> list[tuple]:
    """A finished batch's outcomes (files, seconds, error), or SIZE times its process's error."""
    try:
        # The pool calls the job's callback (which queued its batch) just before it marks
        # the job ready, so wait for that instant rather than read it as a timeout.
        return job.get(timeout=RESULT_SET_SECONDS)
    except Exception as error:  # the whole batch failed (its process died): each report fails
        return [(None, 0.0, f"{type(error).__name__}: {error}")] * size


_TELLING = threading.Lock()  # the site renders in a thread of its own, beside the reports


def _tell(progress, call: str, argument) -> None:
    if progress is not None:
        with _TELLING:
            getattr(progress, call)(argument)


def _collect(summary, outcome: tuple, report: _PendingReport, cache: Cache, written: dict, index: int) -> Rendered:
    """Record one report's OUTCOME (files, seconds, error): its files and cache entries, or its failure."""
    name = f"authority/{report.code}"
    paths, seconds, error = outcome
    if error is not None:  # one report failing never stops the others
        summary.render_failures[name] = error
        return Rendered(name, "failed", 0.0, error)
    for path in paths:
        cache.record(path, report.key)
    written[index] = paths
    return Rendered(name, "rendered", seconds)


@dataclass(frozen=True)
class _SitePlan:
    chapters: dict[str, Path]
    site_dir: Path
    key: str
    fresh: bool


def _plan_site(summary, tables: YearTables, renderer_name: str, params, force: bool,
               cache: Cache, edition: Edition | None = None,
               content: YearContent | None = None) -> _SitePlan | None:
    """The national site to render, or None when this build does not render it.

    An ``--authority`` rebuild leaves the site as it is, and so does any build of a
    released year (EDITION frozen) until ``release --revise``; a chapter that failed
    to execute is a render failure of the site. The site depends on no other year:
    ``scwres publish`` writes the year switcher when it puts the years together. The
    year's CONTENT (and the figures it quotes) is part of the site's key: an edit to
    it renders the site again.
    """
    from scwres_helpers.publish.site_pages import chapter_pages

    if edition is not None and edition.frozen:
        return None
    results = {r.name: r for r in summary.results}
    chapters = {}
    for page in (page.name for page in chapter_pages()):  # as _quarto.yml lists them
        result = results.get(f"national/{page}")
        if result is None:
            return None  # an --authority rebuild: the site is left as it is
        if result.status == "failed":
            summary.render_failures["site"] = f"chapter {page} failed to execute"
            return None
        chapters[page] = result.output
    site_dir = summary.layout.site
    bundle = summary.layout.inputs / "national"
    key = hashlib.sha256(canonical_json({
        "chapters": {page: file_sha256(path) for page, path in chapters.items()},
        "bundle": {p.name: file_sha256(p) for p in sorted(bundle.glob("*")) if p.is_file()},
        "params": params.to_papermill(),
        "names": {c: r.about.authority_name for c, r in tables.current.returns.items()}
        if params.authorities_named else {},
        "publish": publishing_fingerprint(renderer_name),
        "content": content.fingerprint() if content is not None else None,
        "edition": {"published": edition.published.isoformat(), "revisions": list(edition.revisions)}
        if edition is not None else None,
    }).encode("utf-8")).hexdigest()
    fresh = not force and cache.is_fresh(site_dir / "index.html", key)
    return _SitePlan(chapters, site_dir, key, fresh)


def render_national(summary, tables: YearTables, renderer_name: str, params, force: bool,
                    edition: Edition | None = None, content: YearContent | None = None) -> None:
    """Write the published data tables and render the national site and its PDF (cached)."""
    cache = Cache()
    site = _plan_site(summary, tables, renderer_name, params, force, cache, edition, content)
    if site is not None:
        _render_site(summary, tables, renderer_name, params, site, cache, edition=edition, content=content)


def _render_site(summary, tables: YearTables, renderer_name: str, params, site: _SitePlan,
                 cache: Cache, progress=None, edition: Edition | None = None,
                 content: YearContent | None = None) -> None:
    """The published data tables, the national site and its PDF, unless the site is fresh."""
    index = site.site_dir / "index.html"
    if site.fresh:
        summary.rendered.append(index)
        return
    # Imported past the check: the data tables bring the charts (matplotlib, scipy.stats), the
    # better part of a rebuild that finds nothing to do.
    from scwres_helpers.publish import choose_renderer
    from scwres_helpers.publish.data_downloads import downloads_markdown
    from scwres_helpers.publish.data_tables import write_data_tables

    _tell(progress, "task_started", "national site")
    started = time.perf_counter()
    tables_written = write_data_tables(
        national_inputs(tables), site.site_dir, threshold=params.suppression_threshold,
        authorities_named=params.authorities_named,
        authority_names={c: r.about.authority_name for c, r in tables.current.returns.items()},
        publisher=params.publisher, programme=params.programme_name, contact_email=params.contact_email,
    )
    downloads = downloads_markdown(
        tables_written, summary.year, report_pdf=None, publisher=params.publisher,
        programme=params.programme_name, synthetic=params.is_synthetic(tables.current.returns),
    )
    extra_pages = {"downloads": downloads}
    if edition is not None:
        extra_pages[REVISIONS_PAGE] = revisions_markdown(summary.year, edition.published, list(edition.revisions))
    try:
        written = choose_renderer(renderer_name).render_site(
            site.chapters, site.site_dir, summary.year, extra_pages=extra_pages, content=content,
            published=edition.published if edition else None, revised=edition.revised if edition else None,
        )
    except Exception as error:
        summary.render_failures["site"] = f"{type(error).__name__}: {error}"
        _tell(progress, "task_finished", Rendered("national site", "failed", time.perf_counter() - started,
                                                  summary.render_failures["site"]))
        return
    remove_stale_pages(site.site_dir, written)
    cache.record(index, site.key)
    summary.rendered.extend([*written, *tables_written])
    _tell(progress, "task_finished", Rendered("national site", "rendered", time.perf_counter() - started))


def remove_stale_pages(site_dir: Path, written: list[Path]) -> list[Path]:
    """Remove the site's HTML pages this render did not write (a page whose content file was
    deleted, or a chapter no longer listed): a withdrawn page must not stay online."""
    kept = {Path(p).resolve() for p in written}
    stale = [p for p in sorted(Path(site_dir).glob("*.html")) if p.resolve() not in kept]
    for path in stale:
        path.unlink()
    return stale


def _summary_codes(summary) -> list[str]:
    """The authorities this build made reports for (a failed one gets no summary either)."""
    return [r.name.split("/", 1)[1] for r in summary.results if r.kind == "authority" and r.status != "failed"]


def draft_summaries(codes: list[str], tables: YearTables, params, layout, force: bool, cache: Cache,
                    published: date | None = None, revised: dict | None = None) -> list[SummaryDraft]:
    """The public summaries of CODES, composed. Each is keyed on everything it is made from
    (``summary_key``), so a change to any figure, role or public action (or to another
    authority's withholding, which empties its rows) renders it again, and only the ones to
    render are written out as markdown: a rebuild that finds them fresh does not compose them.

    Nothing here reads an executed notebook, so a build of named authorities drafts their
    summaries while the notebooks execute: 0.1 to 0.2 s less of a one-authority rerun, whose
    reports waited for this."""
    from scwres_helpers.indicators.public import public_figure_rows
    from scwres_helpers.report.public_summary import SummaryInputs

    if not codes:
        return []
    revised = revised or {}
    rows = tables.reported
    public = public_figure_rows(rows[(rows["year"] == tables.year) & (rows["scope"] == "authority")])
    synthetic = params.is_synthetic(tables.current.returns)
    fingerprint = publishing_fingerprint("bundled") + code_fingerprint(config.PACKAGE_DIR, exclude=())
    drafts = []
    for code in codes:
        about = tables.current.returns[code].about
        inputs = SummaryInputs(code, about.authority_name, tables.year, public.get(code, rows.iloc[:0]),
                               about.governance, tables.current.returns[code].action_plan, synthetic, published,
                               revised.get(code))
        outputs = layout.summary_paths(code)
        key = summary_key(inputs, fingerprint)
        fresh = not force and _fresh(cache, outputs, key)
        drafts.append(SummaryDraft(code, about.authority_name, outputs, key,
                                   None if fresh else _summary_markdown(inputs)))
    return drafts


def plan_summaries(summary, tables: YearTables, params, force: bool, cache: Cache,
                   published: date | None = None, drafts: Iterable[SummaryDraft] = ()) -> list[SummaryDraft]:
    """The public summaries to render (``report.public_summary``) for the authorities this
    build made reports for, each with its markdown; fresh ones go into ``summary.rendered``.
    DRAFTS are summaries drafted already (``draft_summaries``); the others are drafted here."""
    wanted = _summary_codes(summary)
    drafted = {draft.code: draft for draft in drafts}
    missing = [code for code in wanted if code not in drafted]
    drafted.update((draft.code, draft) for draft in draft_summaries(
        missing, tables, params, summary.layout, force, cache, published, summary.revised))
    pending = []
    for code in wanted:
        draft = drafted[code]
        if draft.markdown is None:
            summary.rendered.extend(draft.outputs)
        else:
            pending.append(draft)
    return pending


def summary_key(inputs, fingerprint: str) -> str:
    """The render cache key of one public summary: its inputs (``SummaryInputs``: rows and
    action plan as CSV, every other field as JSON) and FINGERPRINT (the code that composes
    and renders it, the templates with the phrasebook, the tools' versions)."""
    fields = {name: getattr(inputs, name) for name in inputs.__dataclass_fields__}
    fields["rows"] = inputs.rows.to_csv(index=False)
    fields["plan"] = None if inputs.plan is None else inputs.plan.to_csv(index=False)
    fields["governance"] = {name: getattr(inputs.governance, name)
                            for name in inputs.governance.__dataclass_fields__}
    text = json.dumps({"inputs": fields, "code": fingerprint}, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _summary_markdown(inputs) -> str:
    from scwres_helpers.report.blocks import blocks_markdown
    from scwres_helpers.report.public_summary import summary_blocks

    return blocks_markdown(summary_blocks(inputs))


def submit_summaries(pool, pending: list[SummaryDraft], year: int, workers: int) -> list:
    """Hand PENDING public summaries to POOL in ``batches``; their jobs, for ``collect_summaries``."""
    epoch = str(current_epoch())
    return [(group, pool.apply_async(render_summaries, ([pending[i] for i in group], year, epoch)))
            for group in batches(len(pending), workers)]


def collect_summaries(summary, pending: list[SummaryDraft], jobs: list, cache: Cache) -> None:
    """Record each summary's files, or its failure (``render_failures["summary/<CODE>"]``):
    one that fails never stops the others."""
    for group, job in jobs:
        try:
            results = job.get(timeout=RENDER_TIMEOUT_SECONDS)
        except Exception as error:  # the whole batch failed (its process died)
            results = [f"{type(error).__name__}: {error}"] * len(group)
        for i, result in zip(group, results):
            report = pending[i]
            if isinstance(result, str):
                summary.render_failures[f"summary/{report.code}"] = result
                continue
            for path in result:
                cache.record(path, report.key)
            summary.rendered.extend(result)


def remove_withdrawn_summaries(layout, kept: list[str]) -> list[Path]:
    """Remove the public summaries of authorities not in KEPT (a full build's authorities):
    a return withdrawn or quarantined since must not leave its summary online."""
    import shutil

    removed = []
    if layout.summaries.is_dir():
        for folder in sorted(layout.summaries.iterdir()):
            if folder.name not in kept:
                shutil.rmtree(folder) if folder.is_dir() else folder.unlink()
                removed.append(folder)
    return removed


def publish_year(summary, tables: YearTables, *, renderer: str, params, force: bool, jobs: int | None = None,
                 clock=None, progress=None, edition: Edition | None = None,
                 content: YearContent | None = None, once_planned: Callable[[], object] | None = None,
                 render_processes: RenderProcesses | None = None,
                 summary_drafts: Future[list[SummaryDraft]] | None = None) -> None:
    """Render what this build executed: authority reports, the national site, then each
    authority's public summary (``plan_summaries``).

    CLOCK (a ``pipeline.PhaseClock``) times the two steps, if given; PROGRESS (a
    ``BuildProgress``) shows them as one stage: every report and the site, with an ETA.
    CONTENT is the year's foreword, commentary and pages (``publish.content``), checked.
    ONCE_PLANNED is called once the renders are planned and handed to the render processes:
    work the build puts in a thread of its own there does not slow the planning or the
    handing over, which read files and would wait for that thread at every read.
    RENDER_PROCESSES, if given, are the render processes already started; this stops them.
    SUMMARY_DRAFTS, if given, will hold public summaries drafted already (``draft_summaries``).
    """
    from scwres_helpers.publish import choose_renderer

    renderer_name = choose_renderer(renderer).name
    cache = Cache()
    timed = clock or (lambda _phase: nullcontext())
    with timed(PHASE_REPORTS):
        pending, fresh_reports = _plan_authorities(summary, tables, renderer_name, force, cache)
    with timed(PHASE_SITE):
        site = _plan_site(summary, tables, renderer_name, params, force, cache, edition, content)
    built = _summary_codes(summary)
    if built and any(r.kind == "national" for r in summary.results):  # a full build (not --authority,
        with timed(PHASE_SUMMARIES):                                   # nor the national report alone)
            remove_withdrawn_summaries(summary.layout, built)

    def planned_summaries() -> list[SummaryDraft]:
        with timed(PHASE_SUMMARIES):
            return plan_summaries(summary, tables, params, force, cache, edition.published if edition else None,
                                  drafts=summary_drafts.result() if summary_drafts is not None else ())

    # With reports to render, the summaries are drafted once the reports are handed to the
    # render processes: drafting all of a full build's took a second of this process, with
    # both cores idle after the last notebook.
    summaries = None if pending else planned_summaries()
    if progress is not None:
        progress.start(fresh_reports + len(pending) + (site is not None),
                       fresh_reports + (site is not None and site.fresh))
    # One pool renders the reports and then the summaries; the site (one process's work
    # for the most part: its PDF) renders beside them in a thread of this process, so no
    # core waits at the end of one step for the next. The steps' clocks overlap.
    workers = processes_for(len(pending) + (len(built) if summaries is None else len(summaries)), jobs)
    if render_processes is not None:
        workers = min(workers, render_processes.workers)
    try:
        with ThreadPoolExecutor(max_workers=1) as site_thread, \
                (_pool_to_use(render_processes, workers, bool(pending or summaries))) as pool:
            site_job = site_thread.submit(_timed_site, timed, summary, tables, renderer_name, params, site, cache,
                                          progress, edition, content) if site is not None else None
            summary_jobs: list = []

            def queue_summaries() -> None:
                nonlocal summaries
                if summaries is None:
                    summaries = planned_summaries()
                summary_jobs.extend(submit_summaries(pool, summaries, summary.year, workers))
                if once_planned is not None:
                    once_planned()

            with timed(PHASE_REPORTS):
                render_authorities(summary, pending, renderer_name, pool, workers, cache, progress,
                                   then=queue_summaries)
            if site_job is not None:
                site_job.result()
            with timed(PHASE_SUMMARIES):  # render_authorities always queued them (THEN)
                collect_summaries(summary, summaries, summary_jobs, cache)
    finally:
        if progress is not None:
            progress.close()


def _pool_to_use(render_processes: RenderProcesses | None, workers: int, wanted: bool):
    """The render pool as a context that stops it: the one started already, else a new one
    when WANTED (else none, and RENDER_PROCESSES are stopped unused)."""
    if render_processes is not None:
        if wanted:
            return render_processes.take()
        render_processes.close()
    return _render_pool(workers) if wanted else nullcontext()


def _timed_site(timed, *arguments) -> None:
    with timed(PHASE_SITE):
        _render_site(*arguments)
