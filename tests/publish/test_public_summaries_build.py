"""End to end: a sample build makes a public summary per authority that is fit to publish.

Built once from the sample returns for 2024 (bundled renderer). Each summary is checked
against the private indicator rows: a figure the private table suppresses, or that the
national report's rule holds back, is [c]; a figure shown has no small count or
complement; no figure is withheld alone (one withheld figure could be worked out from
the national total); no count is printed; no other authority is named; axe finds nothing
in the page; and ``scwres publish`` takes them in with its scan for anything private.
"""

from __future__ import annotations

import html
import re

import pytest

from scwres_helpers import codes, registry
from scwres_helpers.config import PROJ_ROOT, SAMPLE_RETURNS_DIR, YearLayout
from scwres_helpers.disclosure.primary import row_is_disclosive
from scwres_helpers.indicators.select import select, single_row
from scwres_helpers.publish.public_site import publish_site, scan_published

from .pdf_inspect import pdf_text
from .test_browser import axe_violations, browser, visit  # noqa: F401 (fixtures)

pytestmark = pytest.mark.slow
YEAR = 2024
THRESHOLD = 5
FIGURES = [("1", band) for band in registry.SHOWN_BANDS] + [(i, "") for i in registry.headline_ids()]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from scwres_helpers.pipeline import build_year, indicators_for_year

    out = tmp_path_factory.mktemp("summaries") / "outputs"
    summary = build_year(SAMPLE_RETURNS_DIR, YEAR, out_root=out, renderer="bundled", jobs=2,
                         content_dir=PROJ_ROOT / "content" / "sample")
    assert summary.ok, summary.render_failures
    private, loaded = indicators_for_year(SAMPLE_RETURNS_DIR, YEAR, THRESHOLD)
    names = {code: ret.about.authority_name for code, ret in loaded.returns.items()}
    return {"out": out, "layout": YearLayout.of(out, YEAR), "private": private, "names": names}


def _label(indicator: str, band: str) -> str:
    return f"{indicator}: {codes.INDICATOR_NAMES[indicator]}" + (f" ({registry.BAND_LABELS[band]})" if band else "")


def _figures_table(page: str) -> tuple[list[str], dict[str, list[str]]]:
    """The figures table of a summary page: its header, and label -> cells."""
    table = next(t for t in re.findall(r"<table.*?</table>", page, flags=re.DOTALL) if "95% interval" in t)
    rows = [[html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
             for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, flags=re.DOTALL)]
            for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", table, flags=re.DOTALL)]
    return rows[0], {row[0]: row[1:] for row in rows[1:]}


def test_every_authority_has_a_summary_page_and_pdf(built):
    made = sorted(p.relative_to(built["layout"].summaries).as_posix()
                  for p in built["layout"].summaries.glob("*/summary.*"))
    assert made == sorted(f"{code}/summary.{suffix}" for code in built["names"] for suffix in ("html", "pdf"))


def test_summaries_show_nothing_the_public_rules_withhold_and_no_counts(built):
    private = built["private"]
    rows = select(private, scope="authority", measure="relative_likelihood", group=codes.MINORITISED,
                  service=codes.ALL_SERVICES)
    withheld_by_figure: dict[tuple[str, str], list[str]] = {figure: [] for figure in FIGURES}
    for code in built["names"]:
        page = (built["layout"].summaries / code / "summary.html").read_text(encoding="utf-8")
        header, cells = _figures_table(page)
        assert header == ["Indicator", "Relative likelihood", "95% interval", "Assessment"]  # no counts
        for indicator, band in FIGURES:
            row = single_row(rows, authority_code=code, indicator=indicator, breakdown=band)
            shown = cells[_label(indicator, band)]
            if row is None:
                assert shown[0] == "[x]"
                continue
            counts = [None if row[c] != row[c] else int(row[c]) for c in
                      ("numerator_group", "denominator_group", "numerator_white", "denominator_white")]
            if shown == ["[c]", "[c]", "[c]"]:
                withheld_by_figure[(indicator, band)].append(code)
                continue
            assert not bool(row["suppressed"]), f"{code} {indicator} {band}: suppressed privately, shown publicly"
            assert not row_is_disclosive(*counts, threshold=THRESHOLD), f"{code} {indicator} {band}"
            if shown[0] != "[x]":
                assert abs(float(shown[0]) - float(row["value"])) <= 0.005  # the value, to 2 places
    for figure, withheld in withheld_by_figure.items():
        # A figure withheld for one authority alone could be worked out from the national total.
        assert len(withheld) != 1, f"{figure}: only {withheld} withheld"
    assert any(withheld_by_figure.values())  # the sample data do withhold some


def test_a_summary_names_its_own_authority_and_no_other(built):
    names = built["names"]
    for code, name in names.items():
        folder = built["layout"].summaries / code
        for text in (html.unescape((folder / "summary.html").read_text(encoding="utf-8")),
                     pdf_text(folder / "summary.pdf")):
            assert name in " ".join(text.split()) and code in text
            others = set(re.findall(r"[A-Z][0-9]{8}", text)) - {code}
            assert not others, f"{code}: names {others}"
            assert not [n for c, n in names.items() if c != code and n in text], code


def test_sample_data_say_so_on_the_first_page(built):
    for code in built["names"]:
        from pypdf import PdfReader

        first_page = PdfReader(str(built["layout"].summaries / code / "summary.pdf")).pages[0].extract_text()
        assert "Synthetic data." in first_page


def test_summary_pages_have_no_axe_violations(built, visit):  # noqa: F811
    for code in built["names"]:
        opened = visit(built["layout"].summaries / code / "summary.html")
        assert axe_violations(opened.page) == [], code
        assert opened.console_errors == [] and opened.requests == [opened.path.as_uri()]


def test_publish_takes_the_summaries_in_and_finds_nothing_private(built, tmp_path):
    published = publish_site(built["out"], tmp_path / "web")
    for code in built["names"]:
        assert (tmp_path / "web" / str(YEAR) / "authorities" / code / "summary.html").is_file()
    assert scan_published(published.out_dir) == []
    assert not list((tmp_path / "web").rglob("*.ipynb")) and not (tmp_path / "web" / str(YEAR) / "reports").exists()
