"""The overview, participation and trends chapters on the committed fixture (2024, threshold 5).

Key figures are checked against the national rows of the indicators table, formatted
here independently (half away from zero), and every chapter is checked for leaks: no
authority code or name, no suppressed figure.
"""

from __future__ import annotations

import numpy as np
import pytest

from scwres_helpers import codes
from scwres_helpers.report.national_sections import (
    SYNTHETIC_BANNER_TEXT,
    TableBlock,
    coverage_counts,
    findings_sentence,
    overview_blocks,
    participation_blocks,
    participation_table,
    pooled_sentence,
    suppression_counts,
    trend_blocks,
    warnings_table,
)

from .conftest import frame, row
from .national_support import (
    all_text,
    assert_public,
    charts_of,
    fmt,
    heading_levels_ok,
    national,
    sample_inputs,
    tables_of,
)

SUMMARY = ("2", "3", "4", "5", "6", "7a", "7b", "8", "9")


@pytest.fixture(scope="module")
def inputs():
    return sample_inputs()


@pytest.fixture(scope="module")
def overview(inputs):
    return overview_blocks(inputs)


@pytest.fixture(scope="module")
def participation(inputs):
    return participation_blocks(inputs)


@pytest.fixture(scope="module")
def trends(inputs):
    return trend_blocks(inputs)


# --- every chapter --------------------------------------------------------------------


@pytest.mark.parametrize("chapter,title", [("overview", "Overview and key findings"),
                                           ("participation", "Participation and data quality"),
                                           ("trends", "Trends over years")])
def test_opens_with_title_and_banner_and_headings_in_order(chapter, title, request):
    blocks = request.getfixturevalue(chapter)
    assert blocks[0] == f"# {title}"
    assert SYNTHETIC_BANNER_TEXT in blocks[1]
    heading_levels_ok(blocks)


@pytest.mark.parametrize("chapter", ["overview", "participation", "trends"])
def test_no_code_name_or_suppressed_figure(chapter, inputs, request):
    assert_public(request.getfixturevalue(chapter), inputs)


def test_no_banner_when_params_say_real_data(inputs):
    blocks = overview_blocks(inputs, {"synthetic_data": False})
    assert SYNTHETIC_BANNER_TEXT not in all_text(blocks)


def test_branding_from_params(inputs):
    blocks = participation_blocks(inputs, {"programme_name": "The Standard", "publisher": "The Publisher"})
    assert blocks[2].startswith("The Standard: national report for 2024, published by The Publisher.")


# --- overview -------------------------------------------------------------------------


def test_overview_states_each_headline_rl_with_its_interval(overview, inputs):
    lines = all_text(overview).splitlines()
    for indicator in SUMMARY:
        r = national(inputs, indicator)
        bullets = [line for line in lines if line.startswith(f"- **{indicator}. ")]
        assert len(bullets) == 1, indicator
        assert f"{fmt(r['value'])} times as likely" in bullets[0]
        assert f"(95% interval {fmt(r['ci_lower'])} to {fmt(r['ci_upper'])})" in bullets[0]


def test_overview_indicator_2_figure(overview, inputs):
    r = national(inputs, "2")
    assert (r["numerator_group"], r["denominator_group"]) == (72, 446)  # the fixture's pooled counts
    text = all_text(overview)
    assert (f"Minoritised applicants were {fmt(r['value'])} times as likely as white applicants to be "
            f"appointed from shortlisting (95% interval {fmt(r['ci_lower'])} to {fmt(r['ci_upper'])}). "
            "This is an adverse difference") in text


def test_overview_counts_adverse_measures_from_the_rows(overview, inputs):
    adverse = [i for i in SUMMARY if national(inputs, i)["assessment"] == codes.ADVERSE_DIRECTION[i]]
    assert len(adverse) == 3
    text = all_text(overview)
    assert f"on {len(adverse)} of the 9 measures" in text
    assert "Pooling the returns of 12 authorities" in text


def test_overview_representation_shares(overview, inputs):
    text = all_text(overview)
    for band, words in (("below_30k", "under £30,000"), ("30k_to_69k", "£30,000 to £69,999"),
                        ("70k_plus", "£70,000 or more")):
        share = national(inputs, "1", "share_minoritised", breakdown=band)["value"]
        assert f"paid {words}, {fmt(100 * share, 1)}% were minoritised" in text
    gap = national(inputs, "9", "gap_pp")["value"]
    assert gap < 0
    assert f"{fmt(abs(gap), 1)} percentage points lower" in text


def test_overview_has_summary_chart_and_table(overview, inputs):
    charts = charts_of(overview)
    assert len(charts) == 1
    assert list(charts[0].data["Indicator"])[0] == "Appointment from shortlisting"
    assert charts[0].data["Relative likelihood"].iloc[0] == pytest.approx(national(inputs, "2")["value"])
    table = tables_of(overview)[0].frame
    assert len(table) == 9
    assert table.loc[0, "Relative likelihood"] == fmt(national(inputs, "2")["value"])


def test_findings_sentence_on_hand_made_rows():
    rows = frame([
        row("2", value=0.5, lower=0.4, upper=0.6, counts=(40, 400, 200, 1000), scope="national"),
        row("3", value=0.7, lower=0.6, upper=0.8, counts=(70, 1000, 100, 1000), scope="national"),
        row("8", value=1.1, lower=0.9, upper=1.3, counts=(110, 1000, 100, 1000), scope="national"),
    ])
    assert findings_sentence(rows, 2024, 5) == (
        "Pooling the returns of 5 authorities, the national figures for 2024 show a clear adverse "
        "difference for minoritised staff on 1 of the 3 measures of indicators 2 to 9: appointment "
        "from shortlisting. On 1 measure the difference is clear but not adverse (entry to the formal "
        "disciplinary process). On the other 1, the data do not show a clear difference.")


# --- participation --------------------------------------------------------------------


def test_participation_table_and_sentence(participation, inputs):
    table = participation_table(inputs)
    assert table.to_dict("list") == {"Year": ["2022", "2023", "2024"], "Authorities pooled": ["10", "12", "12"],
                                     "Returns left out (errors)": ["0", "0", "0"]}
    text = all_text(participation)
    assert "The national figures for 2024 pool the returns of 12 authorities; no return was left out." in text


def test_coverage_counts_match_the_returns(inputs):
    t = inputs.indicators
    rows = t[t["year"] == 2024]
    counts = coverage_counts(rows)
    dq = rows[(rows["scope"] == "authority") & (rows["indicator"] == "DQ")]
    assert counts["authorities"] == 12
    assert counts["adult"] == len(dq[dq["service"] == "adult"])
    assert counts["children"] == len(dq[dq["service"] == "children"])
    assert counts["survey"] == rows[(rows["scope"] == "authority") & (rows["indicator"] == "6")
                                    & (rows["service"] == "all") & (rows["measure"] == "percent_experienced")
                                    & (rows["group"] == "minoritised")]["authority_code"].nunique()


def test_participation_unknown_ethnicity_from_the_national_rows(participation, inputs):
    r = national(inputs, "DQ", "share_unknown", group="")
    text = all_text(participation)
    assert (f"Ethnicity was not known for {fmt(100 * r['value'], 1)}% of staff "
            f"({int(r['numerator_group']):,} of {int(r['denominator_group']):,}).") in text


def test_participation_warnings_are_counts_only(participation, inputs):
    table = warnings_table(inputs)
    assert list(table.columns) == ["Year", "Warning", "Returns"]
    assert table.to_dict("list") == {
        "Year": ["2022", "2023", "2024"],
        "Warning": ["more than 10% of staff with unknown ethnicity"] * 3,
        "Returns": ["2", "2", "2"],
    }
    assert any(isinstance(b, TableBlock) and b.frame.equals(table) for b in participation)


def test_suppression_counts_on_hand_made_rows():
    rows = frame([
        row("2", value=0.5, lower=0.4, upper=0.6),
        row("3", value=2.0, lower=1.1, upper=3.0, suppressed=True),
        row("4", value=0.0, flag="zero_events"),
        row("5", value=None, flag="reference_zero"),
        row("2", value=0.5, lower=0.4, upper=0.6, scope="national"),
        row("6", measure="percent_experienced", value=20.0, lower=15.0, upper=25.0),
    ])
    assert suppression_counts(rows) == {"total": 4, "suppressed": 1, "incomplete": 2}


def test_participation_says_how_many_authority_figures_are_suppressed(participation, inputs):
    t = inputs.indicators
    rl = t[(t["year"] == 2024) & (t["scope"] == "authority") & (t["measure"] == "relative_likelihood")]
    share = fmt(100 * rl["suppressed"].sum() / len(rl), 1)
    assert f"{len(rl):,} relative likelihoods" in all_text(participation)
    assert f"{int(rl['suppressed'].sum()):,} ({share}%) rest on a count from 1 to 4" in all_text(participation)


def test_participation_flag_table_shows_no_suppressed_figure(participation, inputs):
    flags = [b for b in participation if isinstance(b, TableBlock) and "could not be given" in b.caption]
    assert len(flags) == 1
    t = inputs.indicators
    nat = t[(t["year"] == 2024) & (t["scope"] == "national") & (t["measure"] == "relative_likelihood")]
    # One row per reason and indicator: withheld (each reason apart), no value (no white
    # staff had the outcome; no one at risk), no interval.
    no_value = np.where(nat["flag"] == "reference_zero", "reference_zero", "no_denominator")
    why = np.select([nat["suppressed"].astype(bool), nat["value"].isna(), nat["ci_lower"].isna()],
                    [nat["withheld_reason"], no_value, "no interval"], default="")
    expected = {(w, i) for w, i in zip(why, nat["indicator"]) if w}
    assert len(flags[0].frame) == len(expected)
    assert {w for w, _ in expected} >= {"too_few", "protects_another"}  # the sample has both
    assert not flags[0].frame["Which figures"].str.contains(r"\d\.\d\d").any()


# --- trends ---------------------------------------------------------------------------


def test_trends_state_the_authorities_pooled_each_year(trends, inputs):
    assert pooled_sentence(inputs).startswith(
        "The national figures pool 10 authorities in 2022, 12 in 2023 and 12 in 2024.")
    assert pooled_sentence(inputs) in trends


def test_trends_one_chart_per_indicator_2_to_9_with_pooled_counts(trends, inputs):
    charts = charts_of(trends)
    assert len(charts) == 9
    for chart in charts:
        assert list(chart.data["Year"]) == [2022, 2023, 2024]
        assert list(chart.data["Authorities pooled"]) == [10, 12, 12]


def test_trend_sentence_values_from_each_year(trends, inputs):
    t = inputs.indicators
    values = [t[(t["year"] == y) & (t["scope"] == "national") & (t["indicator"] == "2")
                & (t["measure"] == "relative_likelihood") & (t["group"] == "minoritised")
                & (t["service"] == "all")]["value"].iloc[0] for y in (2022, 2023, 2024)]
    expected = (f"The relative likelihood of appointment from shortlisting for minoritised applicants was "
                f"{fmt(values[0])} in 2022, {fmt(values[1])} in 2023 and {fmt(values[2])} in 2024.")
    assert expected in trends


def test_trend_headings_follow_the_indicators(trends):
    found = heading_levels_ok(trends)
    assert [text for level, text in found if level == 2] == [
        "1. Representation by pay band", "2. Appointment from shortlisting",
        "3. Entering the formal disciplinary process", "4. Referral to fitness-to-practise",
        "5. Accessing funded non-mandatory CPD",
        "6. Harassment, bullying or abuse from people who use services, relatives or the public",
        "7a. Harassment, bullying or abuse from colleagues", "7b. Harassment, bullying or abuse from managers",
        "8. Leaving the organisation", "9. Representation in senior manager roles"]


def test_trend_tables_show_suppressed_years_as_c():
    """A national figure too small to publish in one year shows [c] there, never its number."""
    inputs = sample_inputs()
    t = inputs.indicators
    mask = ((t["year"] == 2023) & (t["scope"] == "national") & (t["indicator"] == "4")
            & (t["measure"] == "relative_likelihood") & (t["group"] == "minoritised") & (t["service"] == "all"))
    inputs.indicators.loc[mask, "suppressed"] = True
    hidden = fmt(t.loc[mask, "value"].iloc[0])
    blocks = trend_blocks(inputs)
    table = next(b for b in blocks if isinstance(b, TableBlock) and "fitness-to-practise" in b.caption)
    row_2023 = table.frame[table.frame["Year"] == "2023"].iloc[0]
    assert row_2023["Relative likelihood"] == "[c]"
    sentence = next(b for b in blocks if isinstance(b, str) and b.startswith("The relative likelihood of referral"))
    assert "not published in 2023 (numbers too small)" in sentence and hidden not in sentence
    chart = next(b for b in charts_of(blocks) if b.title.startswith("Fitness-to-practise"))
    assert chart.data.loc[chart.data["Year"] == 2023, "Relative likelihood"].iloc[0] == "[c]"


def test_every_headline_trend_is_tested_against_last_year(trends):
    # one tested sentence per headline indicator (2 to 9 with 7a and 7b: 9), each published
    # in both 2023 and 2024 on the fixture
    tested = [b for b in trends if isinstance(b, str) and "given both years' numbers" in b]
    assert len(tested) == 9
    assert all(("no clear change" in b) != ("clearly" in b) for b in tested)
