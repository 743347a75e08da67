"""The Quarto renderer: thin, standard ``quarto render`` calls on executed notebooks.

Used when a ``quarto`` binary is on PATH (it is not installed here, so this module
is tested only through the commands it runs). Rules it keeps:

- never execute: every call passes ``--no-execute`` and the staged project sets
  ``execute: enabled: false``; the notebooks already hold their outputs;
- one private staging folder per render, and the HTML and Typst renders of a report
  one after the other, because Quarto runs sharing files collide
  (quarto-dev/quarto-cli#6116, #5861);
- ``subprocess.run(..., check=True)``: a failed render raises (the ``quarto`` Python
  package's ``render()`` ignores the exit status and executes by default);
- titles and navigation come from ``_quarto.yml`` (copied into the staging folder);
  the whole-report PDF is made by the bundled Typst path, since a Quarto website
  project has no one-PDF output.

Text from returns (the authority's name) never goes into Quarto metadata, where it
would be read as markdown: the handling marking is written as an escaped HTML
fragment and a Typst string literal, included verbatim.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

import yaml

from scwres_helpers.config import QUARTO_CONFIG
from scwres_helpers.publish import bundled
from scwres_helpers.publish.branding import load_branding
from scwres_helpers.publish.html_page import STYLESHEET
from scwres_helpers.publish.naming import checked_authority_code, checked_page_name
from scwres_helpers.publish.quarto_config import load_site_config
from scwres_helpers.publish.site_navigation import site_pages, year_links
from scwres_helpers.publish.typst_pdf import typst_string

AUTHORITY_FORMATS = ("html", "typst")
AUTHORITY_OUTPUTS = {"html": ".html", "typst": ".pdf"}


class QuartoNotFound(RuntimeError):
    """The Quarto renderer was asked for but no ``quarto`` binary is on PATH."""


def authority_project(code: str) -> dict:
    """The staged ``_quarto.yml`` for one authority report (a default, non-website project)."""
    return {
        "project": {"type": "default", "render": [f"{code}.ipynb"]},
        "execute": {"enabled": False, "echo": False, "warning": False},
        "lang": "en-GB",
        "format": {
            "html": {
                "embed-resources": True,
                "toc": True,
                "css": "scwres.css",
                "include-after-body": "marking.html",
            },
            "typst": {"papersize": "a4", "lang": "en", "region": "GB", "include-in-header": "marking.typ"},
        },
    }


def marking_html(marking: str) -> str:
    return f'<footer class="footer"><p class="marking">{html.escape(marking)}</p></footer>\n'


def marking_typst(marking: str, title: str) -> str:
    return (
        f"#set document(title: {typst_string(title)})\n"
        f"#set page(footer: text(size: 8pt, {typst_string(marking)}))\n"
    )


class QuartoRenderer:
    """``quarto render`` on staged copies of the executed notebooks."""

    name = "quarto"

    def __init__(self, quarto: str | None = None, site_config: Path = QUARTO_CONFIG) -> None:
        self._quarto = quarto
        self.site_config_path = Path(site_config)

    def binary(self) -> str:
        found = self._quarto or shutil.which("quarto")
        if not found:
            raise QuartoNotFound("quarto is not on PATH; use the bundled renderer (--renderer bundled)")
        return found

    def _run(self, args: list[str], cwd: Path) -> None:
        subprocess.run([self.binary(), *args], cwd=cwd, check=True)

    def render_authority(
        self, executed: Path, out_dir: Path, *, authority_code: str, authority_name: str, year: int
    ) -> list[Path]:
        code = checked_authority_code(authority_code)
        branding = load_branding()
        title = branding.fill(branding.authority_title, year=year, authority=authority_name)
        marking = branding.fill(branding.authority_marking, year=year, authority=authority_name)
        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        written = []
        with tempfile.TemporaryDirectory(prefix=f"scwres-quarto-{code}-") as tmp:
            stage = Path(tmp)
            shutil.copyfile(executed, stage / f"{code}.ipynb")
            shutil.copyfile(STYLESHEET, stage / "scwres.css")
            (stage / "marking.html").write_text(marking_html(marking), encoding="utf-8")
            (stage / "marking.typ").write_text(marking_typst(marking, title), encoding="utf-8")
            (stage / "_quarto.yml").write_text(
                yaml.safe_dump(authority_project(code), sort_keys=False), encoding="utf-8"
            )
            for to in AUTHORITY_FORMATS:  # one at a time: parallel Quarto runs collide
                self._run(["render", f"{code}.ipynb", "--to", to, "--no-execute"], cwd=stage)
                output = stage / f"{code}{AUTHORITY_OUTPUTS[to]}"
                written.append(Path(shutil.copyfile(output, out_dir / output.name)))
        return written

    def render_site(
        self,
        chapters: Mapping[str, Path],
        out_dir: Path,
        year: int,
        extra_pages: Mapping[str, str] | None = None,
        years_available: Iterable[int] = (),
    ) -> list[Path]:
        config = load_site_config(self.site_config_path)
        extra_pages = dict(extra_pages or {})
        for name in [*chapters, *extra_pages]:
            checked_page_name(name)
        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        order = [page for page in site_pages(config, chapters) if page in chapters]
        documents = bundled.chapter_documents(chapters, order)

        with tempfile.TemporaryDirectory(prefix="scwres-quarto-site-") as tmp:
            stage = Path(tmp)
            bundled.write_images(documents, stage / "pdf-images")
            pdf = bundled.render_national_pdf(
                config, documents, order, out_dir / bundled.REPORT_PDF, year, stage / "pdf-images"
            )
            project = yaml.safe_load(self.site_config_path.read_text(encoding="utf-8"))
            project["project"]["render"] = [f"{name}.ipynb" for name in order] + [
                f"{name}.qmd" for name in [*extra_pages, bundled.DOWNLOADS_PAGE] if name not in chapters
            ]
            project["project"]["render"] = list(dict.fromkeys(project["project"]["render"]))
            project["project"]["resources"] = [bundled.REPORT_PDF]
            years = [link for link in year_links(years_available, year) if not link.current]
            if years:
                project["website"].setdefault("navbar", {})["right"] = [
                    {"text": str(link.year), "href": link.href} for link in years
                ]
            (stage / "_quarto.yml").write_text(yaml.safe_dump(project, sort_keys=False), encoding="utf-8")
            for name in order:
                shutil.copyfile(chapters[name], stage / f"{name}.ipynb")
            pages = dict(extra_pages)
            pages[bundled.DOWNLOADS_PAGE] = bundled.downloads_markdown(
                config, pages.get(bundled.DOWNLOADS_PAGE), pdf, year
            )
            for name, text in pages.items():
                if name not in chapters:
                    (stage / f"{name}.qmd").write_text(text, encoding="utf-8")
            shutil.copyfile(pdf, stage / bundled.REPORT_PDF)
            self._run(["render", ".", "--to", "html", "--no-execute"], cwd=stage)
            site = stage / project["project"].get("output-dir", "_site")
            shutil.copytree(site, out_dir, dirs_exist_ok=True)
        return sorted(p for p in out_dir.rglob("*") if p.is_file())
