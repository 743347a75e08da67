"""An authority's public summary as files: ``summary.html`` and ``summary.pdf`` (issue 21).

Rendered by the bundled renderer's machinery (``pandoc.convert_each`` for both bodies,
the page template for HTML, Typst with ``scwres.typ`` for the PDF) whichever renderer made the
reports: the summary is words and tables only, made without a notebook, so Quarto
would add a minute per authority and change nothing. It is public: no handling
marking, the authority's name escaped by the page template and given to Typst as a
plain input, and its folder named by the checked authority code alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from scwres_helpers.atomic import write_text_atomic
from scwres_helpers.config import SUMMARY_STEM
from scwres_helpers.publish import html_page
from scwres_helpers.publish.branding import load_branding
from scwres_helpers.publish.html_page import FooterLine
from scwres_helpers.publish.naming import checked_authority_code
from scwres_helpers.publish.pandoc import convert_each
from scwres_helpers.publish.typst_pdf import compile_pdf

SUMMARY_MAIN = """#import "scwres.typ": *
#show: authority-report.with(
  title: sys.inputs.title,
  programme: sys.inputs.programme,
  marking: none,
  footer-text: sys.inputs.footer,
)
"""
PAGE_CLASS = "public-summary"


def render_public_summary(markdown: str, out_dir: Path, *, authority_code: str, authority_name: str,
                          year: int) -> list[Path]:
    """Write ``OUT_DIR/summary.html`` (one self-contained file) and ``summary.pdf`` (A4, tagged)
    from the summary's MARKDOWN (``report.public_summary``); the files written."""
    [written] = render_public_summaries([(markdown, out_dir, authority_code, authority_name)], year)
    if isinstance(written, BaseException):
        raise written
    return written


def render_public_summaries(summaries: Sequence[tuple[str, Path, str, str]], year: int) -> list:
    """``render_public_summary`` for each (MARKDOWN, OUT_DIR, CODE, NAME) of SUMMARIES, their bodies
    written together (``pandoc.convert_each``): each one's files, or the error it failed with."""
    converted = convert_each([markdown for markdown, *_ in summaries])
    written: list = []
    for (_markdown, out_dir, code, name), bodies in zip(summaries, converted):
        try:
            if isinstance(bodies, BaseException):
                raise bodies
            written.append(_write_summary(bodies, Path(out_dir), code, name, year))
        except Exception as error:  # noqa: BLE001 - this summary's failure; the others go on
            written.append(error)
    return written


def _write_summary(bodies: tuple[str, str], out_dir: Path, authority_code: str, authority_name: str,
                   year: int) -> list[Path]:
    checked_authority_code(authority_code)  # the caller's folder is named by it
    branding = load_branding()
    title = branding.fill(branding.summary_title, year=year, authority=authority_name)
    footer = branding.fill(branding.summary_footer, year=year, authority=authority_name)
    html_body, typst_body = bodies
    page = html_page.render_page(
        title=title,
        body=html_page.with_contents(html_body),
        programme=branding.programme,
        page_class=PAGE_CLASS,
        css_inline=html_page.stylesheet(),
        footer_lines=(FooterLine(footer),),
        description=html_page.describe(html_body),
        author=authority_name,
    )
    html_path = write_text_atomic(out_dir / f"{SUMMARY_STEM}.html", page)
    pdf_path = compile_pdf(SUMMARY_MAIN + typst_body, out_dir / f"{SUMMARY_STEM}.pdf",
                           inputs={"title": title, "programme": branding.programme, "footer": footer})
    return [html_path, pdf_path]
