"""The methodology chapter (``report.methodology``): formulas, settings and the recorded decisions."""

from __future__ import annotations

import pytest

from scwres_helpers.report.methodology import (
    decisions,
    definitions_table,
    ethnic_groups_table,
    gss_table,
    methodology_blocks,
)
from scwres_helpers.report.national_blocks import SYNTHETIC_BANNER_TEXT

from .national_support import all_text, assert_public, heading_levels_ok, sample_inputs, tables_of


@pytest.fixture(scope="module")
def inputs():
    return sample_inputs()


@pytest.fixture(scope="module")
def blocks(inputs):
    return methodology_blocks(inputs, 5)


def test_opens_with_title_and_banner_and_headings_in_order(blocks):
    assert blocks[0] == "# Methodology"
    assert SYNTHETIC_BANNER_TEXT in blocks[1]
    found = heading_levels_ok(blocks)
    assert [t for level, t in found if level == 2] == [
        "Data", "Ethnic groups", "The indicators", "The relative likelihood and its interval",
        "Shares and percentages: the Wilson interval", "Zeros and flags", "Assessment and the four-fifths band",
        "Pooling the national figures", "Disclosure control", "Comparing authorities", "Trends", "Action plans",
        "Decisions where the specification was silent", "Synthetic data"]


def test_no_code_or_name(blocks, inputs):
    assert_public(blocks, inputs)


def test_formulas_and_constants(blocks):
    text = all_text(blocks)
    assert "`RL = (a_g / n_g) / (a_w / n_w)`" in text
    assert "`SE = √(1/a_g − 1/n_g + 1/a_w − 1/n_w)`" in text
    assert "`exp(ln RL ± 1.959964 × SE)`" in text
    assert "`half-width = z √(p(1 − p)/n + z²/4n²) / (1 + z²/n)`" in text
    assert "1.959964" in text and "3.090232" in text
    assert "0.80 to 1.25" in text
    assert "`SE(ln RL) = √((1 − p_g)/(n p_g) + (1 − p_w)/(n r p_w))`" in text
    assert "$$" not in text and "\\frac" not in text  # no TeX, which the bundled renderer shows as typed


def test_threshold_is_the_one_used(inputs):
    text = all_text(methodology_blocks(inputs, 7))
    assert "between 1 and 6 (threshold 7)" in text
    assert "a count from 1 to 6" in text
    from_params = all_text(methodology_blocks(inputs, params={"suppression_threshold": 3}))
    assert "between 1 and 2 (threshold 3)" in from_params


def test_participation_per_year(blocks):
    assert "12 authorities in 2024" in all_text(blocks) and "10 authorities in 2022" in all_text(blocks)


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
])
def test_decisions_where_the_spec_was_silent(blocks, phrase):
    assert phrase in all_text(blocks)


def test_decisions_name_the_warning_thresholds():
    text = " ".join(decisions(5))
    assert "more than 10% of its staff have unknown ethnicity" in text
    assert "10-fold" in text
    assert "between 358 and 373 days" in text


def test_synthetic_section_only_for_synthetic_data(inputs, blocks):
    assert "## Synthetic data" in blocks
    assert "within about 0.1 on each relative likelihood" in all_text(blocks)
    real = methodology_blocks(inputs, 5, {"synthetic_data": False})
    assert "## Synthetic data" not in real and SYNTHETIC_BANNER_TEXT not in all_text(real)


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


def test_gss_table_explains_each_code(blocks):
    table = gss_table()
    assert list(table["Code"]) == ["[c]", "[x]", "[z]", "[u]"]
    assert table.iloc[0]["Meaning"].startswith("confidential: withheld to protect individuals")
    assert any(t.frame.equals(table) for t in tables_of(blocks))
