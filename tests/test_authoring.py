"""Writing the annual report, end to end (issue 16's "done when"): a 2024 foreword quoting a
figure by key shows the published value on the 2024 overview and nowhere in 2023; a
commentary and a case-study page appear (the page in every page's navigation and in the
whole-report PDF); an unknown key stops the build naming the file; content is part of the
site's cache key and never of the executed notebooks.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys

import pytest
from pypdf import PdfReader

from scwres_helpers.config import NOTEBOOKS_DIR, PARAMS_DIR, SAMPLE_RETURNS_DIR
from scwres_helpers.pipeline import build_year
from scwres_helpers.publish.variables import read_variables

from publish.html_inspect import reading_text

pytestmark = pytest.mark.slow
KEY = "indicator_2.all_services.minoritised"


def page_text(authored, year: int, page: str) -> str:
    page_file = authored.out / str(year) / "public" / "site" / f"{page}.html"
    return " ".join(reading_text(page_file.read_text(encoding="utf-8")))


def published_cell(authored, table: str, **wanted: str) -> dict[str, str]:
    text = (authored.out / "2024" / "public" / "site" / f"scwres_2024_{table}.csv").read_text(encoding="utf-8")
    (row,) = [r for r in csv.DictReader(io.StringIO(text)) if all(r[k] == v for k, v in wanted.items())]
    return row


def test_the_foreword_quotes_the_published_figure_on_the_2024_overview_only(authored):
    row = published_cell(authored, "national_indicators", Indicator="2", Service="All services",
                         **{"Ethnic group": "Minoritised"})
    pooled = published_cell(authored, "trend", Year="2024", Indicator="2")["Authorities pooled"]
    overview = page_text(authored, 2024, "index")
    assert f"This year {pooled} authorities took part." in overview
    assert (f"Shortlisted minoritised applicants were {row['Relative likelihood']} times as likely as white "
            "applicants to be appointed") in overview
    assert overview.index("Foreword") < overview.index("Key findings")
    earlier = page_text(authored, 2023, "index")
    assert "Foreword" not in earlier
    assert "This year" not in earlier and "typed by hand" not in earlier
    assert not (authored.out / "2023" / "public" / "site" / "case-study-county.html").exists()


def test_variables_yml_holds_the_figures_the_site_publishes(authored):
    variables = read_variables(authored.out / "2024" / "private" / "variables.yml")
    row = published_cell(authored, "national_indicators", Indicator="2", Service="All services",
                         **{"Ethnic group": "Minoritised"})
    assert variables[f"{KEY}.relative_likelihood"] == row["Relative likelihood"]
    assert variables[f"{KEY}.group_counted"].replace(",", "") == row["Group: number counted"]
    assert read_variables(authored.out / "2023" / "private" / "variables.yml")["year"] == "2023"


def test_the_commentary_closes_its_chapter(authored):
    chapter = page_text(authored, 2024, "indicator-2")
    assert chapter.endswith("Commentary Panels of three now shortlist in most authorities.")
    assert "Commentary" not in page_text(authored, 2023, "indicator-2")


def test_the_case_study_is_a_page_in_every_pages_navigation_and_in_the_pdf(authored):
    site = authored.out / "2024" / "public" / "site"
    page = page_text(authored, 2024, "case-study-county")
    variables = read_variables(authored.out / "2024" / "private" / "variables.yml")
    assert "Case study: a fictional county" in page
    assert (f"Of {variables[f'{KEY}.group_counted']} shortlisted minoritised applicants nationally, "
            f"{variables[f'{KEY}.group_with_outcome']} were appointed.") in page
    for html in site.glob("*.html"):
        assert 'href="case-study-county.html"' in html.read_text(encoding="utf-8"), html.name
    pdf = PdfReader(str(site / "report.pdf"))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
    assert "Case study: a fictional county" in text and "The county removed names from application forms." in text
    assert text.index("Trends over years") < text.rindex("Case study: a fictional county")
    assert "Panels of three now shortlist" in text and "authorities took part" in text


def test_a_decimal_typed_by_hand_is_a_warning_naming_file_and_line(authored):
    (warning,) = authored.summaries[2024].content_warnings
    assert "2024/foreword.md, line 5: 1.83 is typed by hand and can drift from the tables" in warning
    assert authored.summaries[2023].content_warnings == []


def test_content_never_reaches_the_executed_or_committed_notebooks(authored):
    for notebook in (authored.out / "2024" / "private" / "notebooks" / "national").glob("*.ipynb"):
        text = notebook.read_text(encoding="utf-8")
        assert "typed by hand" not in text and "Panels of three" not in text
    for notebook in (NOTEBOOKS_DIR / "national").glob("*.ipynb"):
        assert "scwres-content" not in notebook.read_text(encoding="utf-8")


def test_an_edit_to_content_renders_the_site_again_and_executes_nothing(authored, tmp_path):
    out, content = tmp_path / "outputs", tmp_path / "content"
    shutil.copytree(authored.out, out, symlinks=True)
    shutil.copytree(authored.content, content)
    (content / "2024" / "indicator-2.md").write_text("Rewritten commentary.\n", encoding="utf-8")
    (content / "2024" / "pages" / "case-study-county.md").unlink()
    summary = build_year(SAMPLE_RETURNS_DIR, 2024, out_root=out, renderer="bundled", jobs=1, content_dir=content,
                         national_only=True)
    assert {r.status for r in summary.results} == {"cached"}
    site = out / "2024" / "public" / "site"
    assert "Rewritten commentary." in (site / "indicator-2.html").read_text(encoding="utf-8")
    assert not (site / "case-study-county.html").exists()  # a withdrawn page does not stay online
    again = build_year(SAMPLE_RETURNS_DIR, 2024, out_root=out, renderer="bundled", jobs=1, content_dir=content,
                       national_only=True)
    assert [p.name for p in again.rendered] == ["index.html"]  # nothing changed: the site is fresh


def test_an_unknown_key_stops_the_build_with_the_file_line_and_nearest_key(tmp_path):
    content = tmp_path / "content" / "2024"
    content.mkdir(parents=True)
    (content / "foreword.md").write_text(
        "Fine.\n\nBut {{< var indicator_2.all_services.minoritized.relative_likelihood >}} is misspelt.\n",
        encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "scwres_helpers.cli", "build", str(SAMPLE_RETURNS_DIR), "--year", "2024",
         "--out", str(tmp_path / "out"), "--content", str(tmp_path / "content"), "--renderer", "none",
         "--params", str(PARAMS_DIR)],
        capture_output=True, text=True, cwd=tmp_path, env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "error: content/2024/foreword.md, line 3: no published figure has the key "
        "'indicator_2.all_services.minoritized.relative_likelihood'; the nearest key is "
        "indicator_2.all_services.minoritised.relative_likelihood")
    # Checked while the first authority reports executed: stopped before any national chapter.
    assert not (tmp_path / "out" / "2024" / "private" / "notebooks" / "national").exists()


def test_the_sample_content_and_the_guide_quote_only_keys_the_sample_data_publishes(authored):
    from scwres_helpers.config import CONTENT_DIR, PROJ_ROOT
    from scwres_helpers.publish.content_figures import VAR_SHORTCODE, load_checked
    from scwres_helpers.publish.site_pages import chapter_pages

    variables = read_variables(authored.out / "2024" / "private" / "variables.yml")
    chapters = [page.name for page in chapter_pages()]
    content, warnings = load_checked(2024, variables, chapters, CONTENT_DIR / "sample")
    assert content.foreword is not None and "indicator-2" in content.commentary and len(content.pages) == 1
    assert warnings == []  # the example types no figure by hand
    guide = (PROJ_ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    quoted = set(VAR_SHORTCODE.findall(guide)) - {"KEY"}
    assert quoted and not quoted - set(variables)
