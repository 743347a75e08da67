"""The Quarto renderer: ``quarto render`` on staged copies of the executed notebooks.

Chosen with ``--renderer quarto`` when a ``quarto`` binary is on PATH (tested with
Quarto 1.7.34). It publishes what the bundled renderer publishes (the same text,
charts, tables and alt text, page by page; tagged A4 PDFs with the project's Typst
template) in Quarto's pages: its navbar, sidebar, contents list and site search.
How each difference is settled is in ``quarto_project`` (what Quarto is told),
``quarto_notebook`` (the notebook as Quarto reads it), ``filters/quarto.lua`` (the
bundled renderer's filters run inside Quarto), ``quarto_typst`` (the PDFs' Typst)
and ``templates/quarto/site-furniture.html`` (Quarto's own page furniture made
accessible: names for its landmarks and search widgets).

Rules it keeps:

- never execute: every call passes ``--no-execute`` and the staged project sets
  ``execute: enabled: false``; the notebooks already hold their outputs;
- one private staging folder per render, so authority reports render in parallel
  (each in its own process); a report's HTML and PDF come from one Quarto run;
- a failed render raises ``QuartoError`` with the end of Quarto's output (the
  ``quarto`` Python package's ``render()`` ignores the exit status, and executes);
- the whole-report PDF is made by the bundled Typst path, since a Quarto website
  project has no one-PDF output.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from scwres_helpers.atomic import write_bytes_atomic
from scwres_helpers.config import QUARTO_CONFIG
from scwres_helpers.publish import bundled, content_pages
from scwres_helpers.publish.branding import load_branding
from scwres_helpers.publish.content import YearContent
from scwres_helpers.publish.naming import checked_authority_code, checked_page_name
from scwres_helpers.publish.notebook_markdown import read_notebook
from scwres_helpers.publish.quarto_config import load_site_config
from scwres_helpers.publish.quarto_project import SITE_OUTPUT_DIR, stage_authority, stage_site
from scwres_helpers.publish.quarto_typst import TYPST_SCRIPT
from scwres_helpers.publish.quarto_typst import version as typst_version
from scwres_helpers.publish.site_navigation import site_pages, year_links

SITE_STAGE = "site"
_OUTPUT_TAIL = 3000  # characters of Quarto's output kept in an error


class QuartoNotFound(ValueError):
    """The Quarto renderer was asked for but no ``quarto`` binary is on PATH."""


class QuartoError(RuntimeError):
    """``quarto render`` failed; the message carries the end of its output."""


@lru_cache(maxsize=8)
def _quarto_version(binary: str) -> str:
    result = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False)
    return result.stdout.strip() or "unknown version"


class QuartoRenderer:
    """``quarto render`` on staged copies of the executed notebooks."""

    name = "quarto"

    def __init__(self, quarto: str | None = None, site_config: Path = QUARTO_CONFIG) -> None:
        self._quarto = quarto
        self.site_config_path = Path(site_config)

    def binary(self) -> str:
        found = self._quarto or shutil.which("quarto")
        if not found or not os.access(found, os.X_OK):
            raise QuartoNotFound(f"{found or 'quarto'} is not on PATH or not executable; "
                                 "use the bundled renderer (--renderer bundled)")
        return found

    def describe(self) -> str:
        """Which Quarto and which Typst make the reports (for the build summary and manifest)."""
        return f"quarto {_quarto_version(self.binary())} (PDFs: {typst_version().split(' (')[0]})"

    def _run(self, args: list[str], stage: Path) -> None:
        """``quarto ARGS`` in STAGE, with the stage's Typst script as Quarto's Typst."""
        env = {**os.environ, "QUARTO_TYPST": str(stage / TYPST_SCRIPT)}
        # Not --quiet: it silences Quarto's error messages too. The output is kept for an error.
        result = subprocess.run(
            [self.binary(), *args, "--no-execute"], cwd=stage, env=env, capture_output=True, text=True
        )
        if result.returncode != 0:
            output = (result.stdout + result.stderr).strip()[-_OUTPUT_TAIL:]
            raise QuartoError(f"quarto {' '.join(args)} failed (exit {result.returncode}) in {stage}:\n{output}")

    def render_authority(
        self, executed: Path, out_dir: Path, *, authority_code: str, authority_name: str, year: int
    ) -> list[Path]:
        """Write ``<out_dir>/<CODE>.html`` (self-contained) and ``<CODE>.pdf``; return their paths."""
        code = checked_authority_code(authority_code)
        self.binary()
        branding = load_branding()
        out_dir = Path(out_dir)
        with tempfile.TemporaryDirectory(prefix=f"scwres-quarto-{code}-") as tmp:
            stage = Path(tmp)
            stage_authority(
                stage, executed, code=code,
                title=branding.fill(branding.authority_title, year=year, authority=authority_name),
                programme=branding.programme,
                short_marking=branding.short_marking,
                marking=branding.fill(branding.authority_marking, year=year, authority=authority_name),
            )  # fmt: skip
            self._run(["render", f"{code}.ipynb"], stage)  # HTML and PDF: one Quarto run
            return [
                write_bytes_atomic(out_dir / f"{code}{suffix}", (stage / f"{code}{suffix}").read_bytes())
                for suffix in (".html", ".pdf")
            ]

    def render_site(
        self,
        chapters: Mapping[str, Path],
        out_dir: Path,
        year: int,
        extra_pages: Mapping[str, str] | None = None,
        years_available: Iterable[int] = (),
        content: YearContent | None = None,
        published: date | None = None,
        revised: date | None = None,
    ) -> list[Path]:
        """Write the national website (Quarto's) and its one-PDF report into OUT_DIR.

        CONTENT (``publish.content``) adds the year's foreword, commentary and pages, with
        their ``{{< var KEY >}}`` shortcodes left for Quarto to resolve from the staged
        ``_variables.yml`` (the whole-report PDF, made by the bundled path, has them put in).
        """
        config = content_pages.site_config(load_site_config(self.site_config_path), content)
        extra_pages = dict(extra_pages or {})
        for name in [*chapters, *extra_pages]:
            checked_page_name(name)
        if "index" not in chapters:
            raise ValueError("the national site needs an 'index' chapter (its home page)")
        self.binary()
        out_dir = Path(out_dir)
        content_names = list(content.pages) if content else []
        order = site_pages(config, [*chapters, *content_names, *extra_pages, bundled.DOWNLOADS_PAGE])
        documents = bundled.chapter_documents(chapters, order, content) | bundled.content_documents(content)
        chapter_order = [page for page in order if page in documents]
        generated = {name: text for name, text in extra_pages.items() if name not in chapters}
        generated |= {name: content_pages.page_markdown(name, content, resolved=False) for name in content_names}
        notebooks = {name: content_pages.with_content(read_notebook(Path(path)), name, content, resolved=False)
                     for name, path in chapters.items()}

        with tempfile.TemporaryDirectory(prefix="scwres-quarto-site-") as tmp:
            stage = Path(tmp)
            bundled.write_images(documents, stage / "pdf-images")
            pdf = bundled.render_national_pdf(
                config, documents, chapter_order, out_dir / bundled.REPORT_PDF, year, stage / "pdf-images",
                published=published, revised=revised,
            )
            generated[bundled.DOWNLOADS_PAGE] = bundled.downloads_markdown(
                config, generated.get(bundled.DOWNLOADS_PAGE), pdf, year
            )
            site_stage = stage / SITE_STAGE
            site_stage.mkdir()
            stage_site(
                site_stage,
                content_pages.quarto_project(yaml.safe_load(self.site_config_path.read_text(encoding="utf-8")),
                                             content),
                notebooks,
                generated,
                order,
                footer=" ".join(line.text for line in bundled.site_footer(config, year, published, revised)),
                years=year_links(years_available, year),
                resources={bundled.REPORT_PDF: pdf},
                variables=content.variables if content else None,
            )
            self._run(["render", ".", "--to", "html"], site_stage)
            built = site_stage / SITE_OUTPUT_DIR
            written = [
                write_bytes_atomic(out_dir / path.relative_to(built), path.read_bytes())
                for path in sorted(built.rglob("*"))
                if path.is_file()
            ]
        return sorted(set(written) | {pdf})
