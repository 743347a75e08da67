"""The build's last step: executed notebooks -> authority reports, national site and tables.

Rendering is cached like execution: an output is rendered again only when its
executed notebook, the publishing code, the templates or ``_quarto.yml`` changed.
Authority reports render in parallel worker processes (replaced every few reports,
to bound Typst's memory); the site renders once.
"""

from __future__ import annotations

import hashlib
import os
from contextlib import nullcontext
from multiprocessing import get_context
from pathlib import Path

from scwres_helpers import config
from scwres_helpers.cache import Cache, canonical_json, code_fingerprint, file_sha256
from scwres_helpers.bundles import YearTables, national_inputs

REPORTS = "reports"
SITE = "site"
# Typst keeps what it memoised from recent documents: a render process grows to about
# 830 MB after 20 reports (440 MB after 5). So each process is replaced after a few
# reports, forked from a server that has already imported the renderer. Measured on
# 60 reports, 2 processes: never replaced 27.8 s, 2,209 MB at the peak; after 10
# reports 29.1 s, 1,779 MB; after 5, 30.5 s, 1,261 MB.
RENDERS_PER_PROCESS = 10
# A report takes seconds; a process that died mid-report never answers (multiprocessing
# replaces it but not its task), so after this long the report counts as failed.
RENDER_TIMEOUT_SECONDS = 600
_RENDER_PRELOAD = ["scwres_helpers.publish.bundled"]
# The build's phase timings (pipeline.PhaseClock) for the two rendering steps.
PHASE_REPORTS = "render authority reports"
PHASE_SITE = "render national site and tables"


def publishing_fingerprint(renderer_name: str) -> str:
    """What every rendered file depends on besides its notebook: code, templates, site config."""
    digest = hashlib.sha256(renderer_name.encode("utf-8"))
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


def _render_one(renderer_name: str, executed: Path, out_dir: Path, code: str, name: str, year: int) -> list[Path]:
    from scwres_helpers.publish import choose_renderer

    return choose_renderer(renderer_name).render_authority(
        executed, out_dir, authority_code=code, authority_name=name, year=year
    )


def _fresh(cache: Cache, outputs: list[Path], key: str) -> bool:
    return all(cache.is_fresh(p, key) for p in outputs)


def render_authorities(summary, tables: YearTables, renderer_name: str, force: bool, jobs: int | None) -> None:
    """Render every successfully executed authority notebook (cached, in parallel)."""
    cache = Cache()
    fingerprint = publishing_fingerprint(renderer_name)
    out_dir = summary.out_dir / REPORTS
    pending = []
    for result in summary.results:
        if result.kind != "authority" or result.status == "failed":
            continue
        code = result.name.split("/", 1)[1]
        name = tables.current.returns[code].about.authority_name
        outputs = authority_report_paths(out_dir, code)
        key = authority_render_key(file_sha256(result.output), fingerprint, name, summary.year)
        if not force and _fresh(cache, outputs, key):
            summary.rendered.extend(outputs)
        else:
            pending.append((code, name, result.output, outputs, key))
    if not pending:
        return
    workers = max(1, min(jobs or os.cpu_count() or 1, len(pending)))
    context = get_context("forkserver")
    context.set_forkserver_preload(_RENDER_PRELOAD)
    with context.Pool(workers, maxtasksperchild=RENDERS_PER_PROCESS) as pool:
        jobs_by_code = {
            code: (pool.apply_async(_render_one, (renderer_name, executed, out_dir, code, name, summary.year)),
                   outputs, key)
            for code, name, executed, outputs, key in pending
        }
        for code, (job, outputs, key) in jobs_by_code.items():
            try:
                written = job.get(timeout=RENDER_TIMEOUT_SECONDS)
            except Exception as error:  # one report failing never stops the others
                summary.render_failures[f"authority/{code}"] = f"{type(error).__name__}: {error}"
                continue
            for path in written:
                cache.record(path, key)
            summary.rendered.extend(written)


def built_years(out_root: Path, year: int) -> list[int]:
    """Years whose national site exists beside this one (for the year switcher)."""
    years = {year}
    for folder in Path(out_root).iterdir() if Path(out_root).is_dir() else []:
        if folder.name.isdigit() and (folder / SITE / "index.html").exists():
            years.add(int(folder.name))
    return sorted(years)


def render_national(summary, tables: YearTables, renderer_name: str, params, force: bool) -> None:
    """Write the published data tables and render the national site and its PDF."""
    from scwres_helpers.publish import choose_renderer
    from scwres_helpers.publish.data_downloads import downloads_markdown
    from scwres_helpers.publish.data_tables import write_data_tables
    from scwres_helpers.pipeline import NATIONAL_CHAPTERS

    results = {r.name: r for r in summary.results}
    chapters = {}
    for page in NATIONAL_CHAPTERS:
        result = results.get(f"national/{page}")
        if result is None:
            return  # an --authority rebuild: the site is left as it is
        if result.status == "failed":
            summary.render_failures["site"] = f"chapter {page} failed to execute"
            return
        chapters[page] = result.output
    site_dir = summary.out_dir / SITE
    years = built_years(summary.out_dir.parent, summary.year)
    bundle = summary.out_dir / "inputs" / "national"
    cache = Cache()
    key = hashlib.sha256(canonical_json({
        "chapters": {page: file_sha256(path) for page, path in chapters.items()},
        "bundle": {p.name: file_sha256(p) for p in sorted(bundle.glob("*")) if p.is_file()},
        "params": params.to_papermill(),
        "names": {c: r.about.authority_name for c, r in tables.current.returns.items()}
        if params.authorities_named else {},
        "years": years,
        "publish": publishing_fingerprint(renderer_name),
    }).encode("utf-8")).hexdigest()
    index = site_dir / "index.html"
    if not force and cache.is_fresh(index, key):
        summary.rendered.append(index)
        return
    tables_written = write_data_tables(
        national_inputs(tables), site_dir, threshold=params.suppression_threshold,
        authorities_named=params.authorities_named,
        authority_names={c: r.about.authority_name for c, r in tables.current.returns.items()},
        publisher=params.publisher, programme=params.programme_name, contact_email=params.contact_email,
    )
    downloads = downloads_markdown(
        tables_written, summary.year, report_pdf=None, publisher=params.publisher,
        programme=params.programme_name, synthetic=params.is_synthetic(tables.current.returns),
    )
    try:
        written = choose_renderer(renderer_name).render_site(
            chapters, site_dir, summary.year, extra_pages={"downloads": downloads}, years_available=years
        )
    except Exception as error:
        summary.render_failures["site"] = f"{type(error).__name__}: {error}"
        return
    cache.record(index, key)
    summary.rendered.extend([*written, *tables_written])


def publish_year(summary, tables: YearTables, *, renderer: str, params, force: bool, jobs: int | None = None,
                 clock=None) -> None:
    """Render what this build executed: authority reports, then the national site.

    CLOCK (a ``pipeline.PhaseClock``) times the two steps, if given.
    """
    from scwres_helpers.publish import choose_renderer

    renderer_name = choose_renderer(renderer).name
    with clock(PHASE_REPORTS) if clock else nullcontext():
        render_authorities(summary, tables, renderer_name, force, jobs)
    with clock(PHASE_SITE) if clock else nullcontext():
        render_national(summary, tables, renderer_name, params, force)
