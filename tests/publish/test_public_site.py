"""scwres publish on small hand-made output trees (layout, year switcher, refusals), then on each
renderer's real site, crawled over HTTP."""

from __future__ import annotations

import json
import shutil

import pytest

from scwres_helpers.config import YearLayout
from scwres_helpers.publish.public_site import (
    PublishError,
    not_found_page,
    private_findings,
    publish_site,
    with_years,
)

from .conftest import DATA_FILE, YEAR
from .site_crawl import crawl

PAGE = """<!DOCTYPE html><html lang="en-GB"><head><title>{year}</title></head><body>
<!-- scwres:years -->
<!-- /scwres:years -->
<main><h1>The {year} report</h1><p>Published on a day.</p></main></body></html>
"""


def _outputs(root, years=(2022, 2023)):
    for year in years:
        layout = YearLayout.of(root, year)
        layout.site.mkdir(parents=True)
        (layout.site / "index.html").write_text(PAGE.format(year=year), encoding="utf-8")
        (layout.site / "scwres.css").write_text("body{}", encoding="utf-8")
        (layout.site / "favicon.svg").write_text("<svg/>", encoding="utf-8")
        layout.reports.mkdir(parents=True)
        (layout.reports / "X12345678.html").write_text("Official sensitive: for Somewhere only", encoding="utf-8")
        layout.manifest.write_text(json.dumps({"parameters": {"publication_dates": {str(year): f"{year + 1}-03-01"}}}))
    return root


def test_every_year_goes_under_its_own_folder_with_a_switcher_to_every_other(tmp_path):
    outputs = _outputs(tmp_path / "outputs")
    published = publish_site(outputs, tmp_path / "web")
    assert published.years == [2022, 2023]
    assert sorted(p.name for p in (tmp_path / "web").iterdir()) == [
        ".scwres-published", "2022", "2023", "404.html", "index.html", "sitemap.xml"]
    page = (tmp_path / "web" / "2022" / "index.html").read_text()
    assert '<a href="../2023/index.html">2023</a>' in page and '<strong aria-current="true">2022' in page
    assert 'url=2023/index.html' in (tmp_path / "web" / "index.html").read_text()
    sitemap = (tmp_path / "web" / "sitemap.xml").read_text()
    assert "<loc>/2022/index.html</loc><lastmod>2023-03-01</lastmod>" in sitemap and "404.html" not in sitemap
    not_found = (tmp_path / "web" / "404.html").read_text()
    assert 'href="/2023/index.html"' in not_found and "search.html" not in not_found  # no search page to link to
    # The build's own site is left as it was (the switcher is the published site's).
    assert (YearLayout.of(outputs, 2022).site / "index.html").read_text() == PAGE.format(year=2022)
    # A year built later: publishing again updates the earlier years' switchers.
    _outputs(outputs, years=(2024,))
    publish_site(outputs, tmp_path / "web", site_url="https://example.gov.uk/sc-wres")
    page = (tmp_path / "web" / "2022" / "index.html").read_text()
    assert '<a href="../2024/index.html">2024</a>' in page
    assert "<loc>https://example.gov.uk/sc-wres/2024/index.html</loc>" in (tmp_path / "web" / "sitemap.xml").read_text()


def test_the_404_page_links_from_the_site_s_root_to_every_year_and_the_search_page():
    page = not_found_page([2023, 2024], "https://example.gov.uk/sc-wres/")
    assert 'href="https://example.gov.uk/sc-wres/2024/index.html"' in page
    assert 'href="https://example.gov.uk/sc-wres/2023/index.html"' in page
    assert 'href="https://example.gov.uk/sc-wres/2024/search.html"' in page
    assert "search.html" not in not_found_page([2024], "/", search_page=False)


def test_switcher_rewrite_replaces_only_the_marked_region():
    page = PAGE.format(year=2023)
    assert with_years(page, [2023], 2023) == page.replace("<!-- scwres:years -->\n<!-- /scwres:years -->\n",
                                                           "<!-- scwres:years -->\n<!-- /scwres:years -->\n")
    assert with_years("<p>no region</p>", [2022, 2023], 2023) == "<p>no region</p>"


@pytest.mark.parametrize(("name", "content", "finding"), [
    ("X12345678.pdf", b"%PDF", "named like an authority's report"),
    ("chapter.ipynb", b"{}", "a private kind of file"),
    ("manifest.json", b"{}", "a private kind of file"),
    ("copy.html", b"<p>OFFICIAL SENSITIVE: for Somewhere only</p>", "marked 'Official sensitive'"),
    ("page.html", b'<img src="file:///home/analyst/outputs/x.png">', "holds an absolute path (file:///)"),
    ("share.html", b'<a href="file://fileserver/hr/returns.csv">', "holds an absolute path (file://fileserver/)"),
    ("notes.txt", b"see /work/outputs/2024", "holds an absolute path (/work/)"),
])
def test_anything_private_in_a_year_s_site_stops_publishing(tmp_path, name, content, finding):
    outputs = _outputs(tmp_path / "outputs")
    (YearLayout.of(outputs, 2023).site / name).write_bytes(content)
    with pytest.raises(PublishError) as refused:
        publish_site(outputs, tmp_path / "web")
    assert f"2023/{name}: {finding}" in str(refused.value)
    assert not (tmp_path / "web").exists()  # nothing written
    assert [p.name for p in tmp_path.iterdir()] == ["outputs"]  # no staging folder left behind


def test_a_message_that_mentions_file_urls_is_not_a_path(tmp_path):
    (tmp_path / "search.js").write_text('warn("Search requires features disabled in file://... URLs.")')
    assert private_findings(tmp_path) == []


def test_a_private_folder_is_found_by_the_scan(tmp_path):
    (tmp_path / "2024" / "reports").mkdir(parents=True)
    assert private_findings(tmp_path) == ["2024/reports/: a folder of private outputs"]


SUMMARY = """<!DOCTYPE html><html lang="en-GB"><head><title>Summary: {name}</title>
<meta name="author" content="{name}"></head><body><main><h1>{name}: public summary</h1>
<p>authority code {code}</p>{extra}</main></body></html>
"""
SUMMARIES = {"X11111111": "Applevale Council", "X22222222": "Birchford &amp; Dene Council"}


def _with_summaries(outputs, year=2023, extra=None):
    """Public summaries of two authorities in YEAR; EXTRA: code -> more HTML for its page."""
    layout = YearLayout.of(outputs, year)
    for code, name in SUMMARIES.items():
        folder = layout.summaries / code
        folder.mkdir(parents=True)
        (folder / "summary.html").write_text(
            SUMMARY.format(name=name, code=code, extra=(extra or {}).get(code, "")), encoding="utf-8")
        (folder / ".scwres-cache").mkdir()
        (folder / ".scwres-cache" / "summary.html.json").write_text("{}")
    return outputs


def test_public_summaries_are_published_under_their_year(tmp_path):
    outputs = _with_summaries(_outputs(tmp_path / "outputs"))
    publish_site(outputs, tmp_path / "web")
    published = tmp_path / "web" / "2023" / "authorities"
    assert sorted(p.relative_to(published).as_posix() for p in published.rglob("*")) == [
        "X11111111", "X11111111/summary.html", "X22222222", "X22222222/summary.html"]  # no cache records
    assert "<loc>/2023/authorities/X11111111/summary.html</loc>" in (tmp_path / "web" / "sitemap.xml").read_text()


@pytest.mark.parametrize(("extra", "finding"), [
    ("<p>Compared with X22222222.</p>", "names another authority (X22222222)"),
    ("<p>Unlike Birchford &amp; Dene Council.</p>", "names another authority (X22222222)"),  # by name, escaped
])
def test_a_summary_naming_another_authority_stops_publishing(tmp_path, extra, finding):
    outputs = _with_summaries(_outputs(tmp_path / "outputs"), extra={"X11111111": extra})
    with pytest.raises(PublishError) as refused:
        publish_site(outputs, tmp_path / "web")
    assert f"2023/authorities/X11111111/summary.html: {finding}" in str(refused.value)
    assert "X22222222/summary.html" not in str(refused.value)  # naming itself is what a summary does


@pytest.mark.parametrize(("name", "content", "finding"), [
    ("X11111111/X11111111.pdf", b"%PDF", "named like an authority's report"),
    ("X11111111/report.html", b"<p>words</p>", "not an authority's public summary"),
    ("somewhere/summary.html", b"<p>words</p>", "not an authority's public summary"),
    ("X11111111/copy.html", b"<p>OFFICIAL SENSITIVE</p>", "not an authority's public summary"),
])
def test_nothing_but_summaries_may_be_in_the_authorities_folder(tmp_path, name, content, finding):
    outputs = _with_summaries(_outputs(tmp_path / "outputs"))
    path = YearLayout.of(outputs, 2023).summaries / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    with pytest.raises(PublishError) as refused:
        publish_site(outputs, tmp_path / "web")
    assert f"2023/authorities/{name}: {finding}" in str(refused.value)


def test_a_marked_summary_is_refused(tmp_path):
    outputs = _with_summaries(_outputs(tmp_path / "outputs"), extra={"X11111111": "<p>Official sensitive</p>"})
    with pytest.raises(PublishError, match="X11111111/summary.html: marked 'Official sensitive'"):
        publish_site(outputs, tmp_path / "web")


def test_publish_refuses_a_folder_it_did_not_make_or_the_outputs_themselves(tmp_path):
    outputs = _outputs(tmp_path / "outputs")
    with pytest.raises(PublishError, match="would mix the public site with the build outputs"):
        publish_site(outputs, outputs)
    with pytest.raises(PublishError, match="would mix the public site with the build outputs"):
        publish_site(outputs, outputs / "2023" / "web")
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "keep.txt").write_text("mine")
    with pytest.raises(PublishError, match="was not made by scwres publish"):
        publish_site(outputs, other)
    assert (other / "keep.txt").read_text() == "mine"
    with pytest.raises(PublishError, match="no year has a national site"):
        publish_site(tmp_path / "empty", tmp_path / "web")


@pytest.mark.slow
@pytest.mark.parametrize("renderer", ["bundled", "quarto"])
def test_a_rendered_site_published_answers_every_link_with_200(request, renderer, tmp_path):
    """Each renderer's real site (tests/publish/conftest.py), as a build lays it out, published
    and crawled over ``python -m http.server``: every page, script, image and download answers."""
    rendered = request.getfixturevalue("site" if renderer == "bundled" else "quarto_site")
    outputs = tmp_path / "outputs"
    layout = YearLayout.of(outputs, YEAR)
    shutil.copytree(rendered, layout.site)
    layout.manifest.parent.mkdir(parents=True, exist_ok=True)
    layout.manifest.write_text(json.dumps({"parameters": {"publication_dates": {str(YEAR): "2025-03-13"}}}))
    folder = publish_site(outputs, tmp_path / "web").out_dir  # refuses if anything private is found
    seen = crawl(folder)
    assert {url: code for url, code in seen.items() if code != 200} == {}
    pages = {url.rsplit("/", 1)[-1] for url in seen if url.endswith(".html")}
    assert {"index.html", "indicator-3.html", "methodology.html", "downloads.html", "404.html"} <= pages
    assert any(url.endswith(DATA_FILE) for url in seen) and any(url.endswith("report.pdf") for url in seen)
