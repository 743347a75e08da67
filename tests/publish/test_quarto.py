"""The Quarto renderer against the real Quarto, beside the bundled renderer's output.

The same executed notebooks go through both renderers (conftest: one authority report,
one with a hostile name, three chapters and the downloads page of the site). Quarto's
pages must say what the bundled ones say, word for word, with no code and no paths;
its PDFs must be the bundled PDFs' equal: tagged PDF/UA-1, A4, titled, in English,
branded, marked, with the same text and (within 10%) the same number of pages.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import stat
from pathlib import Path

import pytest
from pypdf import PdfReader

from scwres_helpers.publish.branding import load_branding
from scwres_helpers.publish.naming import UnsafeNameError
from scwres_helpers.publish.quarto import QuartoError, QuartoNotFound, QuartoRenderer
from scwres_helpers.publish.quarto_config import load_site_config

from .conftest import AUTHORITY_CODE, HOSTILE_NAME, YEAR, authority_name
from .html_inspect import outline, reading_text
from .pdf_inspect import catalog, claims_pdf_ua, is_a4, pdf_text, structure

pytestmark = pytest.mark.slow

SITE_PAGES = ("index", "indicator-3", "regions", "methodology", "downloads")
# What a code cell or a parameters cell would leave in a page (the class names are
# Quarto's markup for code; its style sheets name them, hence the attribute form).
CODE_MARKERS = ("<pre", 'class="sourceCode', 'class="cell-code', "inputs_dir", "returns_root", "authority_code =")


def same_words(bundled: list[str], quarto: list[str]) -> str:
    """"" when the word lists match, else where they first differ."""
    if bundled == quarto:
        return ""
    for tag, a0, a1, b0, b1 in difflib.SequenceMatcher(a=bundled, b=quarto, autojunk=False).get_opcodes():
        if tag != "equal":
            return f"{tag}: bundled {' '.join(bundled[a0 - 5:a1 + 5])!r} / quarto {' '.join(quarto[b0 - 5:b1 + 5])!r}"
    return "differ"


def page_words(path: Path) -> list[str]:
    return reading_text(path.read_text(encoding="utf-8"))


def sidebar_pages(path: Path) -> list[str]:
    """The pages Quarto's sidebar links to, in order."""
    html = path.read_text(encoding="utf-8")
    start = html.index('<nav id="quarto-sidebar"')
    sidebar = html[start : html.index("</nav>", start)]
    return [href.removeprefix("./") for href in re.findall(r'<a href="([^"#]+)"', sidebar)]


def image_alts(path: Path) -> list[str]:
    return [img.attrs.get("alt", "") for img in outline(path.read_text(encoding="utf-8")).all("img")]


# Authority reports ---------------------------------------------------------------------------


def test_authority_report_says_word_for_word_what_the_bundled_one_says(authority_report, quarto_report):
    words = page_words(quarto_report["html"])
    assert len(words) > 2000
    assert same_words(page_words(authority_report["html"]), words) == ""


def test_authority_report_is_one_self_contained_file_without_code_or_paths(quarto_report, executed):
    html = quarto_report["html"].read_text(encoding="utf-8")
    assert [marker for marker in CODE_MARKERS if marker in html] == []
    assert str(executed["authority"].parent) not in html and "/tmp/" not in html
    assert "Other Formats" not in html and "Other formats" not in html
    page = outline(html)
    assert all(img.attrs["src"].startswith("data:image/svg+xml") for img in page.all("img"))
    fetched = [e.attrs.get("href") or e.attrs.get("src") for e in [*page.all("link"), *page.all("script")]]
    assert [url for url in fetched if url and not url.startswith("data:")] == []


def test_chart_alt_text_reaches_quarto_html_and_pdf(authority_report, quarto_report):
    alts = image_alts(quarto_report["html"])
    assert len(alts) >= 5 and all(alt.strip() for alt in alts)
    assert alts == image_alts(authority_report["html"])
    assert structure(quarto_report["pdf"])[1] == structure(authority_report["pdf"])[1]


def test_authority_pdf_is_tagged_a4_titled_branded_and_marked(quarto_report):
    pdf = quarto_report["pdf"]
    branding = load_branding()
    name = authority_name()
    assert claims_pdf_ua(pdf) and bool(catalog(pdf)["/MarkInfo"]["/Marked"])
    assert is_a4(pdf)
    assert PdfReader(str(pdf)).metadata.title == branding.fill(branding.authority_title, year=YEAR, authority=name)
    assert catalog(pdf)["/Lang"] == "en-GB"
    first_page = PdfReader(str(pdf)).pages[0].extract_text()
    assert branding.programme in first_page and branding.short_marking.upper() in first_page
    assert branding.fill(branding.authority_marking, year=YEAR, authority=name) in first_page


def test_authority_pdf_has_the_bundled_text_and_pages(authority_report, quarto_report):
    assert same_words(pdf_text(authority_report["pdf"]).split(), pdf_text(quarto_report["pdf"]).split()) == ""
    bundled_pages = len(PdfReader(str(authority_report["pdf"])).pages)
    quarto_pages = len(PdfReader(str(quarto_report["pdf"])).pages)
    assert abs(quarto_pages - bundled_pages) <= 0.1 * bundled_pages, (quarto_pages, bundled_pages)


def test_hostile_name_is_shown_as_the_bundled_report_shows_it_and_never_markup(hostile_report, quarto_hostile_report):
    html = quarto_hostile_report["html"].read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html
    page = outline(html)
    assert not [a for a in page.all("a") if a.attrs.get("href", "").startswith("javascript")]
    expected_title = load_branding().fill(load_branding().authority_title, year=YEAR, authority=HOSTILE_NAME)
    assert page.all("title")[0].text == expected_title
    words = reading_text(html)
    assert "<script>alert(1)</script>" in words and "[x](javascript:alert(2))" in words
    assert same_words(page_words(hostile_report["html"]), words) == ""
    marking = load_branding().fill(load_branding().authority_marking, year=YEAR, authority=HOSTILE_NAME)
    assert [p.text for p in page.all("p") if p.attrs.get("class") == "marking"] == [marking]  # the footer
    assert pdf_text(quarto_hostile_report["pdf"]) == pdf_text(hostile_report["pdf"])
    assert PdfReader(str(quarto_hostile_report["pdf"])).metadata.title == expected_title


# The national site -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", SITE_PAGES)
def test_site_page_says_word_for_word_what_the_bundled_page_says(site, quarto_site, name):
    words = page_words(quarto_site / f"{name}.html")
    assert len(words) > 20
    assert same_words(page_words(site / f"{name}.html"), words) == ""
    html = (quarto_site / f"{name}.html").read_text(encoding="utf-8")
    assert [marker for marker in CODE_MARKERS if marker in html] == []
    assert "/tmp/" not in html and "Other Formats" not in html


def test_site_keeps_quarto_search_navigation_years_downloads_and_the_whole_report(site, quarto_site):
    index = outline((quarto_site / "index.html").read_text(encoding="utf-8"))
    assert [div for div in index.all("div") if div.attrs.get("id") == "quarto-search"]
    search = json.loads((quarto_site / "search.json").read_text(encoding="utf-8"))
    assert {entry["href"].split("#")[0] for entry in search} >= {f"{name}.html" for name in SITE_PAGES}
    years = [a.attrs["href"] for a in index.all("a") if a.text == str(YEAR - 1)]
    assert years and all((quarto_site / href).resolve() == quarto_site.parent / "2023" / "index.html"
                         for href in years)  # the year switcher
    expected = [f"{page}.html" for page in load_site_config().page_order() if page in SITE_PAGES]
    assert sidebar_pages(quarto_site / "indicator-3.html") == expected
    downloads = outline((quarto_site / "downloads.html").read_text(encoding="utf-8"))
    assert "report.pdf" in [a.attrs.get("href") for a in downloads.all("a")]
    assert (quarto_site / "report.pdf").read_bytes() == (site / "report.pdf").read_bytes()


# Failures ------------------------------------------------------------------------------------------


def test_a_bad_code_is_refused_before_anything_runs(tmp_path):
    with pytest.raises(UnsafeNameError):
        QuartoRenderer(quarto=str(tmp_path / "no-quarto")).render_authority(
            tmp_path / "x.ipynb", tmp_path / "out", authority_code="../X", authority_name="A", year=YEAR
        )
    assert not (tmp_path / "out").exists()


def test_missing_quarto_is_reported(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(QuartoNotFound, match="--renderer bundled"):
        QuartoRenderer().describe()


def test_a_failed_render_raises_with_quarto_s_output(executed, tmp_path):
    # A fake quarto, the one left: what is tested is only that a non-zero exit status
    # stops the report with Quarto's own words, and making the real one fail (a chart
    # Typst cannot read, say) costs a whole render, about 15 s, for the same check.
    fake = tmp_path / "quarto"
    fake.write_text("#!/bin/sh\necho 'ERROR: the render went wrong' >&2\nexit 1\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    with pytest.raises(QuartoError, match="the render went wrong"):
        QuartoRenderer(quarto=str(fake)).render_authority(
            executed["authority"], tmp_path / "out", authority_code=AUTHORITY_CODE, authority_name="A", year=YEAR
        )
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_describe_names_quarto_and_the_pdf_typst(quarto):
    described = QuartoRenderer(quarto).describe()
    assert described.startswith("quarto 1.") and "typst 0." in described
    assert os.path.basename(quarto) == "quarto"
