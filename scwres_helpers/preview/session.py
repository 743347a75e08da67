"""One preview: a year's national report kept up to date with the files it is made from.

``build`` runs the national build (``pipeline.build_year``, national report only,
bundled renderer): its caches make it do only what is missing or out of date.
``content_edited`` is the quick path for an edit to ``content/<year>/``: the content is
read and checked again and only the pages it feeds are written again (a Pandoc run
each, well under a second), leaving the whole-report PDF to the next build, which
``pdf_requested`` runs when the PDF is asked for. Every path ends by telling the
open pages (``PreviewState``), with the error when there is one. The worker processes
and their warm kernels are kept from one build to the next (``KeptWorkers``) until
``close``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from scwres_helpers import config
from scwres_helpers.execution.session import KeptWorkers
from scwres_helpers.preview.changes import Watched, needs_build, pages_to_render, touches_content
from scwres_helpers.preview.server import PreviewState
from scwres_helpers.publish.bundled import REPORT_PDF, BundledRenderer
from scwres_helpers.publish.content import ContentError, YearContent
from scwres_helpers.publish.content_figures import load_checked
from scwres_helpers.publish.site_pages import chapter_pages
from scwres_helpers.publish.variables import VARIABLES_FILE, read_variables

RENDERER = "bundled"


class PreviewSession:
    """The national report of YEAR from RETURNS_ROOT under OUT_ROOT, and its open pages' STATE."""

    def __init__(self, returns_root: Path, year: int, *, out_root: Path = config.OUTPUTS_DIR,
                 content_dir: Path = config.CONTENT_DIR, params_dir: Path = config.PARAMS_DIR,
                 notebooks_dir: Path = config.NOTEBOOKS_DIR, jobs: int | None = None,
                 say: Callable[[str], None] = print, progress=None) -> None:
        self.returns_root = Path(returns_root)
        self.year = int(year)
        self.out_root = Path(out_root)
        self.content_dir = Path(content_dir)
        self.params_dir = Path(params_dir)
        self.notebooks_dir = Path(notebooks_dir)
        self.jobs = jobs
        self.say = say
        self.progress = progress
        self.state = PreviewState()
        self.content: YearContent | None = None
        # The figures and the executed chapters, read after each build (they change only then).
        self.variables: dict[str, str] = {}
        self.chapters: dict[str, Path] = {}
        self.pdf_stale = False
        self._lock = threading.RLock()  # one rebuild at a time (the watcher's and the server's)
        self.kept_workers = KeptWorkers(jobs)

    @property
    def layout(self) -> config.YearLayout:
        return config.YearLayout.of(self.out_root, self.year)

    @property
    def site_dir(self) -> Path:
        return self.layout.site

    def watched(self) -> Watched:
        return Watched(
            content_year=self.content_dir / str(self.year),
            build_inputs=(self.notebooks_dir, config.TEMPLATES_DIR, self.params_dir, config.QUARTO_CONFIG),
        )

    # Rebuilds --------------------------------------------------------------------------

    def build(self) -> bool:
        """The national build; True when it completed (the pages then reload)."""
        from scwres_helpers.pipeline import BuildError, build_year

        with self._lock:
            self.say(f"building the {self.year} national report ...")
            try:
                summary = build_year(
                    self.returns_root, self.year, out_root=self.out_root, params_dir=self.params_dir,
                    jobs=self.jobs, renderer=RENDERER, progress=self.progress, notebooks_dir=self.notebooks_dir,
                    content_dir=self.content_dir, national_only=True, kept_workers=self.kept_workers,
                )
            except (BuildError, ValueError) as error:  # one line each, as `scwres build` prints them
                return self._failed(str(error))
            problems = [f"{name}: {error}" for name, error in sorted(summary.render_failures.items())]
            problems += [f"{result.name}: {result.error}" for result in summary.failed]
            if problems:
                return self._failed("\n".join(problems))
            self.variables = read_variables(self.layout.private / VARIABLES_FILE)
            self.chapters = self._executed_chapters()
            self.content, _ = self._load_content()
            self.pdf_stale = False
            self.state.changed(warnings=summary.content_warnings)
            self.say(f"built in {summary.seconds:.1f} s: {self.site_dir / 'index.html'}")
            for warning in summary.content_warnings:
                self.say(f"warning: {warning}")
            return True

    def content_edited(self) -> bool:
        """Write again the pages the year's content feeds, if its edit changed them."""
        with self._lock:
            try:
                after, warnings = self._load_content()
            except ContentError as error:
                return self._failed(str(error))
            before = self.content
            pages = None if before is None else pages_to_render(before, after)
            if pages is None:  # the navigation (or the figures) changed: the whole site
                return self.build()
            self.content = after
            if pages:
                if not set(self.chapters) >= pages - set(after.pages) or "index" not in self.chapters:
                    return self.build()
                BundledRenderer().render_site(
                    self.chapters, self.site_dir, self.year, content=after, only=pages,
                )
                self.pdf_stale = True
            self.state.changed(warnings=[str(w) for w in warnings])
            self.say(f"rewrote {', '.join(sorted(pages)) or 'nothing (no page changed)'}")
            for warning in warnings:
                self.say(f"warning: {warning}")
            return True

    def changed(self, paths: Iterable[Path]) -> None:
        """React to edits of PATHS: a build, the quick content path, or nothing."""
        paths = [Path(p) for p in paths]
        watched = self.watched()
        if needs_build(paths, watched):
            self.build()
        elif touches_content(paths, watched):
            self.content_edited()

    def pdf_requested(self, path: str) -> None:
        """Before the whole-report PDF is served: bring it up to date if content changed since."""
        if path.rstrip("/").endswith(REPORT_PDF) and self.pdf_stale:
            self.build()

    def close(self) -> None:
        """Stop the kept workers (the preview is over)."""
        with self._lock:
            self.kept_workers.close()

    # Helpers ---------------------------------------------------------------------------

    def _load_content(self) -> tuple:
        return load_checked(self.year, self.variables, self.chapters, self.content_dir)

    def _executed_chapters(self) -> dict[str, Path]:
        folder = self.layout.notebooks / "national"
        pages = chapter_pages(notebooks_dir=self.notebooks_dir / "national")
        return {page.name: folder / f"{page.name}.ipynb" for page in pages if (folder / f"{page.name}.ipynb").is_file()}

    def _failed(self, error: str) -> bool:
        self.state.failed(error)
        self.say(f"error: {error}")
        return False
