"""The bundled renderer end to end: an authority report and the national site.

Key figure, worked by hand from data/sample_returns/2024/X07853579: staff of known
ethnicity in workforce.csv are 722 white and 155 minoritised; disciplinary.csv has
6 white and 5 minoritised staff entering the formal process. Relative likelihood
= (5 / 155) / (6 / 722) = 0.032258 / 0.0083102 = 3.88.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from pypdf import PdfReader

from scwres_helpers.publish.bundled import BundledRenderer, leading_notice
from scwres_helpers.publish.naming import UnsafeNameError

from .conftest import (
    AUTHORITY_CODE,
    DATA_FILE,
    HOSTILE_NAME,
    authority_name,
    render_authority_into,
    render_site_into,
)
from .html_inspect import heading_levels_in_order, outline
from .pdf_inspect import catalog, claims_pdf_ua, is_a4, pdf_text, structure

pytestmark = pytest.mark.slow

KEY_SENTENCE = "Minoritised staff were 3.88 times as likely as white staff to enter the formal disciplinary process"
KEY_ROW = ("Minoritised", "155", "5", "3.88", "1.20 to 12.56")  # the by-group row of indicator 3
SITE_PAGES = ["index", "indicator-3", "regions", "methodology", "downloads"]


def chart_alts(notebook) -> list[str]:
    nb = nbformat.read(notebook, as_version=4)
    return [
        " ".join(o["metadata"]["image/svg+xml"]["alt"].split())
        for cell in nb.cells
        for o in cell.get("outputs", [])
        if "image/svg+xml" in o.get("data", {})
    ]


# Authority report: HTML --------------------------------------------------------------


@pytest.fixture(scope="module")
def report_html(authority_report) -> str:
    return authority_report["html"].read_text(encoding="utf-8")


def test_files_are_named_by_code(authority_report):
    assert authority_report["html"].name == f"{AUTHORITY_CODE}.html"
    assert authority_report["pdf"].name == f"{AUTHORITY_CODE}.pdf"


def test_html_is_self_contained(report_html):
    page = outline(report_html)
    assert not page.all("script") and not page.all("link") and not page.all("iframe")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", report_html)
    assert "url(" not in report_html  # no fonts or backgrounds fetched by the style sheet
    assert all(img.attrs["src"].startswith("data:image/svg+xml;base64,") for img in page.all("img"))
    assert page.all("style")


def test_every_chart_is_an_image_with_its_alt_text_and_data(report_html, executed):
    page = outline(report_html)
    alts = [img.attrs.get("alt", "") for img in page.all("img")]
    assert alts == chart_alts(executed["authority"]) and all(alts)
    assert len(page.all("details")) == len(alts)
    assert all(s.text == "Data behind this chart" for s in page.all("summary"))


def test_tables_have_header_cells_and_labelled_scroll_regions(report_html):
    page = outline(report_html)
    tables = page.all("table")
    assert len(tables) > 20
    assert len(page.all("thead")) == len(tables)
    regions = [d for d in page.all("div") if d.attrs.get("role") == "region"]
    assert len(regions) == len(tables)
    labels = [d.attrs["aria-label"] for d in regions]
    assert all(labels) and len(set(labels)) == len(labels)
    cells = [cell.text for cell in page.all("td")]
    for i in range(len(cells) - len(KEY_ROW)):
        if tuple(cells[i : i + 3]) == KEY_ROW[:3]:
            assert {"3.88", "1.20 to 12.56"} <= set(cells[i : i + 8])
            break
    else:
        pytest.fail("the indicator 3 by-group row is not in any table")


def test_headings_in_order_and_page_landmarks(report_html):
    page = outline(report_html)
    assert heading_levels_in_order([level for level, _ in page.headings()])
    assert page.headings()[0] == (1, f"Social Care Workforce Race Equality Standard: {authority_name()}, 2024")
    assert page.all("html")[0].attrs["lang"] == "en-GB"
    assert page.all("title")[0].text == f"SC-WRES report 2024: {authority_name()}"
    assert page.all("main") and page.all("header") and page.all("footer")
    assert page.all("a")[0].attrs == {"class": "skip-link", "href": "#main"}


def test_synthetic_banner_comes_first_and_marking_names_the_authority(report_html):
    main = report_html.split("<main", 1)[1]
    assert re.match(r'[^>]*>\s*<h1[^>]*>[^<]*</h1>\s*<blockquote>\s*<p><strong>Synthetic data\.</strong>', main)
    assert f'<p class="marking">Official sensitive: for {authority_name()} only</p>' in report_html
    assert KEY_SENTENCE in " ".join(report_html.split())


# Authority report: PDF ----------------------------------------------------------------


def test_pdf_is_a4_titled_in_british_english_and_tagged(authority_report):
    pdf = authority_report["pdf"]
    assert is_a4(pdf)
    assert PdfReader(str(pdf)).metadata.title == f"SC-WRES report 2024: {authority_name()}"
    assert catalog(pdf)["/Lang"] == "en-GB"
    assert claims_pdf_ua(pdf)


def test_pdf_tables_and_figures_are_tagged(authority_report, executed):
    tags, alts = structure(authority_report["pdf"])
    assert tags["/Table"] > 20 and tags["/TH"] > tags["/Table"]
    assert [" ".join(a.split()) for a in alts] == chart_alts(executed["authority"])


def test_pdf_text_has_the_name_banner_key_figures_and_tables(authority_report):
    pdf = authority_report["pdf"]
    first_page = " ".join(PdfReader(str(pdf)).pages[0].extract_text().split())
    assert "Synthetic data." in first_page
    assert f"This report is for {authority_name()} (authority code {AUTHORITY_CODE}) only" in first_page
    assert f"Official sensitive: for {authority_name()} only" in first_page
    text = pdf_text(pdf)
    assert KEY_SENTENCE in text
    assert "Ethnic group Staff Entered formal disciplinary process Rate (%) White rate (%)" in text
    assert "Minoritised 155 5 3.2% 0.8% 3.88 1.20 to 12.56 More likely: adverse" in text
    assert "Data behind this chart" in text


def test_same_notebook_same_bytes(authority_report, executed, tmp_path):
    again = render_authority_into(tmp_path, executed["authority"], authority_name())
    assert again["html"].read_bytes() == authority_report["html"].read_bytes()
    assert again["pdf"].read_bytes() == authority_report["pdf"].read_bytes()


# Hostile names ---------------------------------------------------------------------------


def test_hostile_name_is_text_in_html(hostile_report):
    html = hostile_report["html"].read_text(encoding="utf-8")
    page = outline(html)
    assert not page.all("script")
    assert "javascript:" not in "".join(a.attrs.get("href", "") for a in page.all("a"))
    assert "<script>alert(1)</script>" in page.all("title")[0].text
    assert "<script>alert(1)</script>" in page.all("h1")[0].text
    assert f"Official sensitive: for {HOSTILE_NAME} only" in page.visible_text()


def test_hostile_name_is_text_in_pdf(hostile_report):
    pdf = hostile_report["pdf"]
    assert PdfReader(str(pdf)).metadata.title == f"SC-WRES report 2024: {HOSTILE_NAME}"
    text = pdf_text(pdf)
    assert f"Official sensitive: for {HOSTILE_NAME} only" in text
    assert "<script>alert(1)</script> &" in text
    assert "#set page(fill: red)" in text  # shown, not obeyed
    assert PdfReader(str(pdf)).pages[0].mediabox.width < 600


@pytest.mark.parametrize("code", ["../../etc/passwd", "X0785357", "x07853579"])
def test_bad_code_is_refused_before_any_file_is_written(code, executed, tmp_path):
    with pytest.raises(UnsafeNameError):
        BundledRenderer().render_authority(
            executed["authority"], tmp_path / "out", authority_code=code, authority_name="A", year=2024
        )
    assert not (tmp_path / "out").exists()


# The national site ---------------------------------------------------------------------


def page_of(site, name):
    return outline((site / f"{name}.html").read_text(encoding="utf-8"))


def test_site_files(site):
    for name in SITE_PAGES:
        assert (site / f"{name}.html").is_file()
    assert (site / "scwres.css").is_file()
    assert (site / "report.pdf").is_file()
    assert sorted(p.name for p in (site / "images").iterdir())[:2] == ["index-fig-01.svg", "indicator-3-fig-01.svg"]


def test_every_page_has_navigation_landmarks_and_a_title(site):
    for name in SITE_PAGES:
        page = page_of(site, name)
        assert page.all("html")[0].attrs["lang"] == "en-GB"
        assert page.all("a")[0].attrs == {"class": "skip-link", "href": "#main"}
        assert len(page.all("main")) == 1
        assert heading_levels_in_order([level for level, _ in page.headings()])
        current = [a for a in page.all("a") if a.attrs.get("aria-current") == "page"]
        assert current and {a.attrs["href"] for a in current} == {f"{name}.html"}
        sidebar_hrefs = [a.attrs["href"] for a in page.all("a") if a.attrs["href"].endswith(".html")]
        assert {f"{p}.html" for p in SITE_PAGES} <= set(sidebar_hrefs)
        assert all(img.attrs.get("alt") for img in page.all("img"))
        assert all(img.attrs["src"].startswith("images/") for img in page.all("img"))
    assert page_of(site, "indicator-3").all("title")[0].text == (
        "3. Entering the formal disciplinary process – "
        "Social Care Workforce Race Equality Standard: national report, 2024"
    )


def test_sidebar_follows_quarto_order(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    for nav in ('<nav class="sidebar"', '<nav class="chapters-menu"'):
        block = html.split(nav, 1)[1].split("</nav>", 1)[0]
        assert re.findall(r'href="([^"]+)"', block) == [
            "index.html", "indicator-3.html", "regions.html", "methodology.html", "downloads.html"
        ]
        assert "<span class=\"nav-section\">Indicators</span>" in block


def test_year_switcher_links_the_other_year(site):
    page = page_of(site, "methodology")
    assert [a.attrs["href"] for a in page.all("a") if a.attrs["href"].startswith("../")] == ["../2023/index.html"]
    assert (site / "../2023/index.html").resolve().is_file()


def test_downloads_page_links_the_data_and_the_whole_report(site):
    page = page_of(site, "downloads")
    hrefs = [a.attrs["href"] for a in page.all("a")]
    assert DATA_FILE in hrefs and "report.pdf" in hrefs
    pages = len(PdfReader(str(site / "report.pdf")).pages)
    assert "(PDF, " in page.visible_text() and f"{pages} pages)" in page.visible_text()


def test_the_pdf_section_comes_before_the_first_section_of_the_downloads_page(tmp_path):
    from scwres_helpers.publish.bundled import downloads_markdown
    from scwres_helpers.publish.quarto_config import load_site_config

    from pypdf import PdfWriter

    pdf = tmp_path / "report.pdf"
    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(595, 842)
    writer.write(str(pdf))
    kilobytes = round(pdf.stat().st_size / 1024)
    given = "# Downloads\n\nIntro.\n\n## Spreadsheet\n\n- [x](x.xlsx)\n"
    out = downloads_markdown(load_site_config(), given, pdf, 2024)
    assert out == (
        "# Downloads\n\nIntro.\n\n## The whole report\n\n"
        f"[The national report for 2024 as one PDF](report.pdf) (PDF, {kilobytes} KB, 3 pages): "
        "every chapter in order, with a contents page.\n\n## Spreadsheet\n\n- [x](x.xlsx)\n"
    )


def test_a_downloads_page_that_links_the_pdf_is_kept_as_given(tmp_path):
    from scwres_helpers.publish.bundled import downloads_markdown
    from scwres_helpers.publish.quarto_config import load_site_config

    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-")
    given = "# Downloads {#downloads}\n\n- [The whole 2024 national report](report.pdf) (PDF)\n"
    assert downloads_markdown(load_site_config(), given, pdf, 2024) == given


def test_report_pdf_has_title_page_contents_and_every_chapter_in_order(site, national_chapters):
    pdf = site / "report.pdf"
    reader = PdfReader(str(pdf))
    assert is_a4(pdf)
    assert reader.metadata.title == "Social Care Workforce Race Equality Standard: national report, 2024"
    assert catalog(pdf)["/Lang"] == "en-GB" and claims_pdf_ua(pdf)
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Collection year 2024" in first and "Synthetic data" in first and "Contents" in first
    assert re.search(r"Overview and key findings \.+ ?2", first)
    chapters = [item for item in reader.outline if not isinstance(item, list)]
    assert [item.title for item in chapters] == [
        "Overview and key findings", "3. Entering the formal disciplinary process", "Regions and types of authority",
        "Methodology"
    ]
    starts = [reader.get_destination_page_number(item) for item in chapters]
    assert starts[0] == 1 and starts == sorted(set(starts))  # after the title page, each on a new page
    for title, start in zip([c.title for c in chapters], starts):
        assert " ".join(reader.pages[start].extract_text().split()).find(title) >= 0


def test_site_is_reproducible(site, national_chapters, tmp_path):
    again = render_site_into(tmp_path, national_chapters)
    files = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    for relative in files:
        assert (again / relative).read_bytes() == (site / relative).read_bytes(), relative


def test_leading_notice_is_the_first_block_quote_before_any_section():
    assert leading_notice("# T\n\n> **Synthetic.** Made up.\n\nText\n") == "> **Synthetic.** Made up."
    assert leading_notice("# T\n\n## Part\n\n> quote\n") is None


def test_site_needs_a_home_page(national_chapters, tmp_path):
    chapters = {name: path for name, path in national_chapters.items() if name != "index"}
    with pytest.raises(ValueError, match="index"):
        BundledRenderer().render_site(chapters, tmp_path, 2024)


def test_stale_images_are_removed(national_chapters, tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "trends-fig-01.svg").write_text("old")
    BundledRenderer().render_site({"index": national_chapters["index"]}, tmp_path, 2024)
    assert sorted(p.name for p in (tmp_path / "images").iterdir()) == ["index-fig-01.svg"]
