"""The cycle end to end (issue 17's bar): 4 sample authorities over 2023-2024, built with
the bundled renderer; published; corrected before release; released; corrected after.

- ``scwres publish`` gives a site where every link of every page answers 200 over
  ``python -m http.server`` from DIR, with nothing private in it;
- a correction run with ``--authority`` before release names what it left out of date
  (and ``scwres status`` lists it);
- after ``scwres release``, a correction leaves every file of the national site
  byte-identical, and the corrected report says on its first page that it is revised.

The first tests, on hand-made folders, are quick: what ``scwres status`` compares, and
the refusals of ``scwres release`` before anything is built.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from datetime import date

import pytest
from pypdf import PdfReader

from scwres_helpers.config import SAMPLE_RETURNS_DIR, YearLayout
from scwres_helpers.cycle import ReleaseError, changed_returns, release_year, year_status
from scwres_helpers.pipeline import build_year, format_build_summary
from scwres_helpers.publish.public_site import private_findings, publish_site
from scwres_helpers.publish.release import Release, read_release, site_hashes, write_release

from publish.site_crawl import crawl  # tests/publish/site_crawl.py

YEARS = (2023, 2024)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_changed_returns_names_each_file_changed_added_or_gone_and_ignores_intake_s_folders(tmp_path):
    year = tmp_path / "2024"
    for path, data in {"X1/staff.csv": b"same", "X2/staff.csv": b"edited", "X3/new.csv": b"new",
                       "X4.xlsx": b"book", "population.csv": b"areas", "notes.txt": b"not an input",
                       ".intake/log.csv": b"x",
                       ".quarantine/X9/staff.csv": b"x"}.items():
        (year / path).parent.mkdir(parents=True, exist_ok=True)
        (year / path).write_bytes(data)
    recorded = {"2024/X1/staff.csv": _sha(b"same"), "2024/X2/staff.csv": _sha(b"as built"),
                "2024/X5/staff.csv": _sha(b"gone"), "2024/X4.xlsx": _sha(b"book"), "2023/X1/staff.csv": "old"}
    assert changed_returns(tmp_path, 2024, recorded) == [
        "2024/X2/staff.csv (changed)", "2024/X3/new.csv (new)", "2024/X5/staff.csv (gone)",
        "2024/population.csv (new)"]
    recorded["2024/population.csv"] = _sha(b"areas")
    assert "2024/population.csv (new)" not in changed_returns(tmp_path, 2024, recorded)
    (year / "population.csv").write_bytes(b"areas, corrected")
    assert "2024/population.csv (changed)" in changed_returns(tmp_path, 2024, recorded)


def test_status_of_a_year_never_built_says_how_to_build_it(tmp_path):
    status = year_status(tmp_path / "returns", 2024, tmp_path / "outputs")
    assert not status.up_to_date
    assert status.lines == [f"2024: not built yet ({YearLayout.of(tmp_path / 'outputs', 2024).manifest} does not "
                            f"exist): scwres build {tmp_path / 'returns'} --year 2024 --out {tmp_path / 'outputs'}"]


def test_release_refuses_a_released_year_without_revise_and_revise_without_a_reason(tmp_path):
    out = tmp_path / "outputs"
    with pytest.raises(ReleaseError, match="--revise needs --reason"):
        release_year(tmp_path / "returns", 2024, out_root=out, revise=True, reason="  ")
    write_release(YearLayout.of(out, 2024), Release(2024, "2025-03-13", {}, {}))
    with pytest.raises(ReleaseError, match=r"2024 was released on 2025-03-13\. .*--authority CODE --reason"):
        release_year(tmp_path / "returns", 2024, out_root=out)
    assert not YearLayout.of(out, 2024).manifest.exists()  # refused before building anything


slow = pytest.mark.slow


@pytest.fixture(scope="module")
def cycle(tmp_path_factory):
    """Returns of 4 sample authorities for 2023-2024, both years built; (returns, outputs, codes)."""
    root = tmp_path_factory.mktemp("cycle")
    returns = root / "returns"
    codes = sorted(p.name for p in (SAMPLE_RETURNS_DIR / "2024").iterdir() if p.is_dir())[:4]
    for year in YEARS:
        for code in codes:
            if (SAMPLE_RETURNS_DIR / str(year) / code).is_dir():
                shutil.copytree(SAMPLE_RETURNS_DIR / str(year) / code, returns / str(year) / code)
    out = root / "outputs"
    for year in YEARS:
        assert build_year(returns, year, out_root=out, renderer="bundled", jobs=2).ok
    return returns, out, codes


@pytest.fixture(scope="module")
def published(cycle, tmp_path_factory):
    _, out, _ = cycle
    folder = tmp_path_factory.mktemp("web") / "site"
    publish_site(out, folder)
    return folder


@slow
def test_publish_serves_every_link_of_every_page_with_200(published):
    seen = crawl(published)
    assert {url: code for url, code in seen.items() if code != 200} == {}
    pages = [url for url in seen if url.endswith(".html")]
    assert len(pages) >= 2 * 16  # every chapter of both years, the search pages, the root's own pages
    assert any(url.endswith("/2023/revisions.html") for url in pages)


@slow
def test_the_published_site_holds_nothing_private(published, cycle):
    _, out, codes = cycle
    assert private_findings(published, also_absolute=(str(out),)) == []
    names = {p.name for p in published.rglob("*")}
    assert [n for n in names if n.startswith(".")] == [".scwres-published"]  # no cache records
    assert not names & {"manifest.json", "reports", "notebooks", "inputs", "private"}
    assert not [n for n in names if n.endswith(".ipynb")]
    # An authority's code names only its public summary's folder (issue 21): <year>/authorities/<CODE>/.
    coded = [p.relative_to(published).as_posix() for p in published.rglob("*")
             if any(p.name.startswith(code) for code in codes)]
    assert coded and all(re.fullmatch(r"20\d\d/authorities/[A-Z]\d{8}", path) for path in coded)


@slow
def test_every_year_switches_to_every_other_year_from_the_root(published):
    assert sorted(p.name for p in published.iterdir() if p.is_dir()) == ["2023", "2024"]
    for year, other in ((2023, 2024), (2024, 2023)):
        page = (published / str(year) / "methodology.html").read_text(encoding="utf-8")
        assert f'<a href="../{other}/index.html">{other}</a>' in page  # 2023 learnt of 2024, built later
    root = (published / "index.html").read_text(encoding="utf-8")
    assert 'content="0; url=2024/index.html"' in root
    sitemap = (published / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>/2024/index.html</loc><lastmod>2025-03-13</lastmod>" in sitemap


@slow
def test_pages_say_when_they_were_published_and_the_pdf_title_has_the_year(cycle):
    _, out, _ = cycle
    site = YearLayout.of(out, 2024).site
    assert "Published 13 March 2025." in (site / "index.html").read_text(encoding="utf-8")
    pdf = PdfReader(str(site / "report.pdf"))
    assert pdf.metadata.title.endswith(", 2024")
    assert pdf.metadata.creation_date.date() == date(2025, 3, 13)  # the publication date, not 1980 or 2023
    report = next(YearLayout.of(out, 2024).reports.glob("*.pdf"))
    assert "Published 13 March 2025." in PdfReader(str(report)).pages[0].extract_text()


def _correct(returns, year, code, old, new):
    path = returns / str(year) / code / "recruitment.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _white_british_row(returns, year, code):
    """The first recruitment row (white British, adult: "service,ethnicity,shortlisted,appointed")."""
    return (returns / str(year) / code / "recruitment.csv").read_text(encoding="utf-8").splitlines()[1]


@slow
def test_a_correction_before_release_names_what_it_left_out_of_date(cycle, published):
    returns, out, codes = cycle
    row = _white_british_row(returns, 2024, codes[0])
    head, shortlisted, appointed = row.rsplit(",", 2)
    _correct(returns, 2024, codes[0], row, ",".join([head, shortlisted, shortlisted]))
    summary = build_year(returns, 2024, out_root=out, renderer="bundled", jobs=2, authorities=[codes[0]])
    assert summary.stale.national and summary.stale.authorities == codes[1:]
    text = format_build_summary(summary)
    assert "OUT OF DATE: the corrected return(s) of " + codes[0] + " changed the national figures" in text
    assert "3 other authority report(s) and their public summaries: " + ", ".join(codes[1:]) in text
    assert f"scwres build {returns} --year 2024 --out {out}" in text
    manifest = json.loads(YearLayout.of(out, 2024).manifest.read_text(encoding="utf-8"))
    assert manifest["stale"]["national"] is True and manifest["stale"]["authorities"] == codes[1:]
    status = year_status(returns, 2024, out)
    assert not status.up_to_date
    assert any(", ".join(codes[1:]) in line for line in status.lines)


@slow
def test_after_release_a_correction_leaves_the_site_as_published_and_revises_its_report(cycle, published):
    returns, out, codes = cycle
    layout = YearLayout.of(out, 2023)
    release, _ = release_year(returns, 2023, out_root=out, jobs=2)
    assert release.published == "2024-03-14" and set(release.returns) == set(codes) - {
        c for c in codes if not (returns / "2023" / c).is_dir()}
    site_before = {p: p.read_bytes() for p in layout.site.rglob("*") if p.is_file()}
    others_before = {p: p.read_bytes() for p in layout.reports.iterdir()
                     if p.is_file() and not p.name.startswith(codes[1])}
    code = codes[1]
    row = _white_british_row(returns, 2023, code)
    head, shortlisted, appointed = row.rsplit(",", 2)
    _correct(returns, 2023, code, row, ",".join([head, shortlisted, str(max(0, int(appointed) - 1))]))
    with pytest.raises(ValueError, match=f"returns of {code} differ from the ones released on 2024-03-14"):
        build_year(returns, 2023, out_root=out, renderer="bundled", jobs=2, authorities=[code])
    summary = build_year(returns, 2023, out_root=out, renderer="bundled", jobs=2, authorities=[code],
                         reason="the council corrected its recruitment counts", today=date(2024, 4, 2))
    assert summary.ok and not summary.stale
    assert {p: p.read_bytes() for p in layout.site.rglob("*") if p.is_file()} == site_before
    assert {p: p.read_bytes() for p in layout.reports.iterdir()
            if p.is_file() and not p.name.startswith(code)} == others_before
    first_page = PdfReader(str(layout.reports / f"{code}.pdf")).pages[0].extract_text()
    flat = " ".join(first_page.split())
    assert "Revised report. This report was revised on 2 April 2024, replacing the one published on 14 March " \
           "2024: the council corrected its recruitment counts." in flat
    public_html = layout.summary_paths(code)[0].read_text(encoding="utf-8")
    assert "This summary was revised on 2 April 2024" in " ".join(public_html.split())
    assert "recruitment counts" not in public_html  # the reason is the private report's
    manifest = json.loads(layout.manifest.read_text(encoding="utf-8"))
    assert manifest["revised_reports"][code]["revised"] == "2024-04-02"
    assert read_release(layout).corrections[code][0]["reason"] == "the council corrected its recruitment counts"
    # A plain build after it changes nothing either, and keeps the recorded revision (same bytes).
    report = (layout.reports / f"{code}.html").read_bytes()
    again = build_year(returns, 2023, out_root=out, renderer="bundled", jobs=2, today=date(2030, 1, 1))
    assert again.ok and all(r.status == "cached" for r in again.results)
    assert site_hashes(layout.site) == read_release(layout).site
    assert (layout.reports / f"{code}.html").read_bytes() == report
    assert year_status(returns, 2023, out).up_to_date


@slow
def test_revise_republishes_the_national_figures_with_a_revisions_page(cycle, published):
    returns, out, codes = cycle
    layout = YearLayout.of(out, 2023)
    if read_release(layout) is None:  # run on its own: release first
        release_year(returns, 2023, out_root=out, jobs=2)
    site_before = site_hashes(layout.site)
    code = codes[2]
    # The first recruitment row's appointments to none: the national white British rate of
    # appointment falls, so indicator 2's national relative likelihood rises.
    row = _white_british_row(returns, 2023, code)
    head, shortlisted, _ = row.rsplit(",", 2)
    _correct(returns, 2023, code, row, ",".join([head, shortlisted, "0"]))
    release, summary = release_year(returns, 2023, out_root=out, jobs=2, revise=True,
                                    reason="a council corrected its appointments", today=date(2024, 5, 1))
    assert summary.ok and release.published == "2024-03-14"
    revision = release.revisions[-1]
    assert (revision["date"], revision["reason"]) == ("2024-05-01", "a council corrected its appointments")
    headline = [c for c in revision["changes"] if c["indicator"] == "2" and c["service"] == "all"
                and c["group"] == "minoritised" and c["measure"] == "relative_likelihood"]
    assert len(headline) == 1 and float(headline[0]["after"]) > float(headline[0]["before"])
    assert read_release(layout) == release and site_hashes(layout.site) == release.site != site_before
    page = " ".join((layout.site / "revisions.html").read_text(encoding="utf-8").split())
    assert "1 May 2024" in page and "a council corrected its appointments" in page
    assert f">{headline[0]['before']}</td>" in page and f">{headline[0]['after']}</td>" in page
    assert "Revised 1 May 2024 (see Revisions)." in (layout.site / "index.html").read_text(encoding="utf-8")
    # Every report now says the national figures were revised.
    for report in sorted(layout.reports.glob("*.pdf")):
        first = " ".join(PdfReader(str(report)).pages[0].extract_text().split())
        assert "revised on" in first, report.name
    assert year_status(returns, 2023, out).up_to_date
