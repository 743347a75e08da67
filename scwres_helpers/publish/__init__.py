"""Publishing: executed notebooks -> authority reports (HTML, PDF) and the national site.

One interface, two renderers, publishing the same pages (tested page by page):

- ``bundled`` (``publish.bundled``): Pandoc (pypandoc-binary) and Typst (the ``typst``
  wheel), nothing outside the Python environment;
- ``quarto`` (``publish.quarto``): a ``quarto`` binary on PATH renders the stored
  outputs (never executes), with Quarto's site navigation and search.

``choose_renderer("auto")`` is the bundled renderer, whether or not Quarto is
installed. Its reports are the reference the Quarto path is tested against; it needs
nothing outside the environment, so every machine makes the same bytes; and it is
several times quicker (README, Performance). Quarto is used when asked for by name.
Both read pages, titles and navigation from ``_quarto.yml`` and validate the
authority code before building any path from it.

Modules: ``notebook_markdown`` (notebook -> markdown + images), ``quarto_config``
(titles and navigation), ``pandoc`` and ``filters/`` (markdown -> sanitised HTML or
Typst), ``markdown_subset`` and ``direct_writers`` (the same for the reports' and summaries'
markdown, without a Pandoc run), ``html_page`` and ``site_navigation`` (pages around the body), ``typst_pdf``
(Typst -> PDF), ``branding``, ``naming`` (codes and page names checked for paths).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Literal, Protocol

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scwres_helpers.publish.bundled import BundledRenderer
    from scwres_helpers.publish.quarto import QuartoRenderer

RendererName = Literal["auto", "quarto", "bundled"]


class Renderer(Protocol):
    """What the build needs from a renderer."""

    name: str

    def describe(self) -> str:
        """The renderer and the versions of the tools it runs (for the summary and manifest)."""
        ...

    def render_authority(
        self, executed: Path, out_dir: Path, *, authority_code: str, authority_name: str, year: int
    ) -> list[Path]:
        """Write ``<out_dir>/<CODE>.html`` and ``<CODE>.pdf``; return their paths."""
        ...

    def render_site(
        self,
        chapters: Mapping[str, Path],
        out_dir: Path,
        year: int,
        extra_pages: Mapping[str, str] | None = None,
        years_available: Iterable[int] = (),
        published: date | None = None,
        revised: date | None = None,
    ) -> list[Path]:
        """Write the national site (one page per chapter, downloads, revisions, report.pdf); return
        the files. The pages and the PDF say when the report was PUBLISHED (and REVISED); the
        year switcher lists YEARS_AVAILABLE (``scwres publish`` writes it again when it puts
        the years together)."""
        ...


def choose_renderer(name: RendererName = "auto") -> Renderer:
    """The renderer called NAME; ``auto`` is the bundled one (see above for why)."""
    if name == "auto":
        name = "bundled"
    if name == "quarto":
        from scwres_helpers.publish.quarto import QuartoRenderer

        return QuartoRenderer()
    if name == "bundled":
        from scwres_helpers.publish.bundled import BundledRenderer

        return BundledRenderer()
    raise ValueError(f"unknown renderer {name!r}; expected 'auto', 'quarto' or 'bundled'")


__all__ = ["BundledRenderer", "QuartoRenderer", "Renderer", "RendererName", "choose_renderer"]


def __getattr__(name: str) -> Any:
    """The renderers load Pandoc, Typst and Jinja: import them only when asked for, so
    that the data-table and disclosure modules stay cheap to import."""
    if name == "BundledRenderer":
        from scwres_helpers.publish.bundled import BundledRenderer

        return BundledRenderer
    if name == "QuartoRenderer":
        from scwres_helpers.publish.quarto import QuartoRenderer

        return QuartoRenderer
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
