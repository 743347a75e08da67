"""The methodology chapter: its notebook of markdown, and the figures ``report.methodology`` puts in it.

The chapter's words are the notebook's (an analyst edits them there); these tests read
the committed executed notebook (nbval keeps it current) and one run with other
settings, and check the figures, the structure and the recorded decisions.
"""

from __future__ import annotations

import re

import pytest

from scwres_helpers.config import NOTEBOOKS_DIR
from scwres_helpers.publish.notebook_markdown import notebook_to_markdown
from scwres_helpers.report.methodology import (
    MethodologyFigures,
    definitions_table,
    ethnic_groups_table,
    gss_table,
)
from scwres_helpers.report.national_blocks import SYNTHETIC_BANNER_TEXT

from .national_support import AUTHORITY_CODE, authority_names, sample_inputs

NOTEBOOK = NOTEBOOKS_DIR / "national" / "methodology.ipynb"


@pytest.fixture(scope="module")
def chapter() -> str:
    """The committed chapter, executed against the fixture with the default settings."""
    return notebook_to_markdown(NOTEBOOK).markdown


@pytest.fixture(scope="module")
def other_settings(tmp_path_factory) -> str:
    """The chapter executed with another threshold, real data and the band hidden."""
    import papermill

    out = tmp_path_factory.mktemp("methodology") / "methodology.ipynb"
    params = {"suppression_threshold": 7, "synthetic_data": False, "show_four_fifths_band": False}
    papermill.execute_notebook(str(NOTEBOOK), str(out), parameters={"params": params},
                               kernel_name="python3", cwd=str(NOTEBOOK.parent), progress_bar=False)
    return notebook_to_markdown(out).markdown


def _headings(text: str, level: int) -> list[str]:
    return re.findall(rf"^{'#' * level} (.+)$", text, re.MULTILINE)


def _flat(text: str) -> str:
    """The text with line breaks inside paragraphs read as the spaces they render as."""
    return " ".join(text.split())


def test_opens_with_title_and_banner_and_headings_in_order(chapter):
    assert chapter.startswith("# Methodology\n\n")
    assert SYNTHETIC_BANNER_TEXT in chapter.split("\n\n")[1]
    assert _headings(chapter, 1) == ["Methodology"]
    assert _headings(chapter, 2) == [
        "Data", "Ethnic groups", "The indicators", "The relative likelihood and its interval",
        "Shares and percentages: the Wilson interval", "Zeros and flags", "Assessment and the four-fifths band",
        "Pooling the national figures", "Disclosure control", "Comparing authorities",
        "Regions and types of authority", "The local population", "Reading the intervals",
        "Trends", "Action plans",
        "Decisions where the specification was silent", "Synthetic data"]


def test_no_code_or_name(chapter):
    assert not AUTHORITY_CODE.search(chapter)
    assert not any(name in chapter for name in authority_names())


def test_formulas_and_constants(chapter):
    text = _flat(chapter)
    assert "`RL = (a_g / n_g) / (a_w / n_w)`" in text
    assert "`SE = √(1/a_g − 1/n_g + 1/a_w − 1/n_w)`" in text
    assert "`exp(ln RL ± 1.959964 × SE)`" in text
    assert "`half-width = z √(p(1 − p)/n + z²/4n²) / (1 + z²/n)`" in text
    assert "with z = 3.090232: one level, 99.8%, for the whole chart" in text
    assert 'the "four-fifths" band (0.80 to 1.25)' in text
    assert "reaches both below 0.80 and above 1.25" in text
    assert "`precision = 1 / ((1 − p_g)/(n_g p_g) + (1 − p_w)/(n_w p_w))`" in text
    assert "`RL_national × exp(±z / √precision)`" in text
    assert "$$" not in text and "\\frac" not in text  # no TeX, which the bundled renderer shows as typed


def test_threshold_synthetic_and_band_follow_the_settings(chapter, other_settings):
    default, other = _flat(chapter), _flat(other_settings)
    assert "between 1 and 4 (threshold 5)" in default and "a count from 1 to 4" in default
    assert "between 1 and 6 (threshold 7)" in other and "a count from 1 to 6" in other
    assert "## Synthetic data" not in other and SYNTHETIC_BANNER_TEXT not in other
    assert "## Assessment\n" in other_settings and "four-fifths\" band" not in other
    assert "fewer than 3 authorities is shown as [c]" in other  # organisations: a fixed rule


def test_participation_per_year(chapter):
    text = _flat(chapter)
    assert "10 authorities in 2022, 12 authorities in 2023, 12 authorities in 2024" in text


@pytest.mark.parametrize("phrase", [
    "left out of every numerator and denominator",                      # unknown ethnicity excluded
    "no denominator (nobody at risk in one of the groups), then reference zero",  # flag precedence
    "lower limit greater than 1",                                       # strict inequalities
    "the lower limit is exactly 0",                                     # Wilson at 0 and n
    "upper limit is exactly 1",
    "Survey coverage per service",
    "rounded half away from zero",
    "and the flag too",                                                 # [c] hides flags
    "Indicator 1 adverse direction is band-aware",
    "being less likely to be paid £70,000 or more is adverse",
    "more than 10% of its staff have unknown ethnicity",
    "more than 10-fold",
    "between 358 and 373 days",
])
def test_decisions_where_the_spec_was_silent(chapter, phrase):
    assert phrase in _flat(chapter)


def test_withheld_share_and_what_the_reader_should_know(chapter):
    """Issue 20: how much is withheld (the sample's 2024 tables: 30 of 135 national relative
    likelihoods, 18 for their own small counts; 31 before the one shared pattern), the
    census interval, clustering, zeros, multiple comparisons and the NHS WRES reciprocal."""
    text = _flat(chapter)
    assert "In the 2024 tables 30 of the 135 national relative likelihoods are withheld (22%), 18 of them" in text
    for phrase in ("The returns count everyone, not a sample", "read it as the least uncertainty there is",
                   "0 of 40 minoritised applicants appointed against 60 of 200", "about 1 in 20 comparisons",
                   "the splits by ethnic group and by service are exploratory", "1 / 0.52 = 1.92",
                   "a zero among 11 people is unremarkable"):
        assert phrase in text, phrase


def test_decisions_are_one_list(chapter):
    decisions = chapter.split("## Decisions where the specification was silent")[1].split("## Synthetic")[0]
    items = re.findall(r"^- \*\*(.+?)\*\*", decisions, re.MULTILINE)
    assert len(items) == 14 and items[0] == "Unknown ethnicity."
    assert "\n\n- " not in decisions.split("- **", 1)[1]  # a tight list: no blank line between items


def test_figures_are_looked_up():
    figures = MethodologyFigures.from_inputs(sample_inputs(), {})
    assert (figures.z, figures.z_998, figures.four_fifths, figures.band) == (
        "1.959964", "3.090232", ("0.80", "1.25"), "0.80 to 1.25")
    assert (figures.unknown_share_warning, figures.tenfold, figures.period_days) == ("10%", 10, (358, 373))
    assert (figures.threshold, figures.organisation_threshold, figures.indicators_word) == (5, 3, "nine")
    assert figures.synthetic
    hidden = MethodologyFigures.from_inputs(sample_inputs(), {"show_four_fifths_band": False})
    assert hidden.band == ""


def test_definitions_table_follows_the_spec():
    table = definitions_table()
    assert len(table) == 10
    by_id = {r["Indicator"].split(":")[0]: r for _, r in table.iterrows()}
    assert by_id["2"]["People at risk (n)"] == "Shortlisted (last 12 months)"
    assert by_id["4"]["People at risk (n)"] == "Staff registered with a regulator"
    assert [by_id[i]["Adverse for minoritised staff"] for i in ("2", "3", "5", "8", "9")] == [
        "Less likely", "More likely", "Less likely", "More likely", "Less likely"]
    assert by_id["1"]["Adverse for minoritised staff"].startswith("Depends on the pay band")


def test_ethnic_groups_table_follows_the_census():
    table = ethnic_groups_table()
    assert list(table["Compared as"]) == ["Reference", "Minoritised", "Minoritised", "Minoritised",
                                          "Minoritised", "Excluded"]
    white = table.iloc[0]["2021 census categories"]
    assert white.split("; ") == ["English, Welsh, Scottish, Northern Irish or British", "Irish",
                                 "Gypsy or Irish Traveller", "Roma", "Any other White background"]
    assert table.iloc[-1]["2021 census categories"] == "Not known; Prefer not to say"


def test_gss_table_explains_each_code(chapter):
    table = gss_table()
    assert list(table["Code"]) == ["[c]", "[x]", "[z]", "[u]"]
    assert table.iloc[0]["Meaning"].startswith("confidential: withheld to protect individuals")
    assert "Shorthand used in the tables" in chapter and "| [c] |" in chapter
