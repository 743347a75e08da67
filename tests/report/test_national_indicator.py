"""The nine indicator chapters on the committed fixture, and the anonymous counts they give."""

from __future__ import annotations

import pytest

from scwres_helpers.report.chart import Chart
from scwres_helpers.report.national_blocks import CHAPTER_TITLES, SYNTHETIC_BANNER_TEXT, TableBlock, figure_texts
from scwres_helpers.report.national_indicator import (
    authority_assessment_counts,
    authority_assessment_sentence,
    indicator_blocks,
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

CHAPTERS = ("1", "2", "3", "4", "5", "6", "7", "8", "9")


@pytest.fixture(scope="module")
def inputs():
    return sample_inputs()


@pytest.fixture(scope="module")
def chapters(inputs):
    return {c: indicator_blocks(inputs, c) for c in CHAPTERS}


def _publishable_authority_values(inputs, indicator, breakdown=""):
    t = inputs.indicators
    rows = t[(t["year"] == 2024) & (t["scope"] == "authority") & (t["indicator"] == indicator)
             & (t["measure"] == "relative_likelihood") & (t["group"] == "minoritised") & (t["service"] == "all")
             & (t["breakdown"] == breakdown) & ~t["suppressed"] & t["value"].notna()]
    return rows


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_opens_with_title_and_banner_and_headings_in_order(chapter, chapters):
    blocks = chapters[chapter]
    assert blocks[0] == f"# {CHAPTER_TITLES[f'indicator-{chapter}']}"
    assert SYNTHETIC_BANNER_TEXT in blocks[1]
    heading_levels_ok(blocks)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_no_code_name_or_suppressed_figure(chapter, chapters, inputs):
    assert_public(chapters[chapter], inputs)


@pytest.mark.parametrize("chapter,parts", [("2", ["2"]), ("3", ["3"]), ("4", ["4"]), ("5", ["5"]), ("6", ["6"]),
                                           ("7", ["7a", "7b"]), ("8", ["8"]), ("9", ["9"])])
def test_states_the_national_rl_with_its_interval(chapter, parts, chapters, inputs):
    text = all_text(chapters[chapter])
    for part in parts:
        r = national(inputs, part)
        assert f"were {fmt(r['value'])} times as likely as white" in text
        assert f"(95% interval {fmt(r['ci_lower'])} to {fmt(r['ci_upper'])})" in text


@pytest.mark.parametrize("chapter", ["2", "3", "4", "5", "6", "8", "9"])
def test_sections_group_service_and_spread(chapter, chapters):
    found = heading_levels_ok(chapters[chapter])
    assert [t for level, t in found if level == 2] == [
        "National figure", "By ethnic group", "By service", "How authorities compare"]
    titles = [c.title for c in charts_of(chapters[chapter])]
    assert len(titles) == 4
    assert "99.8% limits" in titles[3]  # the funnel plot comes last
    captions = [t.caption for t in tables_of(chapters[chapter])]
    assert [c.split(" by ")[-1].split(",")[0] for c in captions] == ["ethnic group", "service"]


def test_chapter_7_covers_7a_and_7b_each_with_subsections(chapters):
    found = heading_levels_ok(chapters["7"])
    assert [t for level, t in found if level == 2] == [
        "7a. Harassment, bullying or abuse from colleagues", "7b. Harassment, bullying or abuse from managers"]
    assert [t for level, t in found if level == 3] == ["By ethnic group", "By service", "How authorities compare"] * 2
    assert len(charts_of(chapters["7"])) == 8


def test_distribution_holds_exactly_the_publishable_authority_values(chapters, inputs):
    expected = sorted(_publishable_authority_values(inputs, "2")["value"])
    assert 0 < len(expected) < 12  # some authorities' figures are suppressed
    distribution = next(c for c in charts_of(chapters["2"]) if "one dot per authority" in c.subtitle)
    points = distribution.data[distribution.data["Point"] == "Authority"]
    assert list(points["Relative likelihood"]) == expected


def test_funnel_points_are_the_publishable_rows_values_without_their_counts(chapters, inputs):
    rows = _publishable_authority_values(inputs, "8")
    funnel = next(c for c in charts_of(chapters["8"]) if "99.8% limits" in c.title)
    points = funnel.data[funnel.data["Point"] == "Authority"]
    assert sorted(points["Relative likelihood"]) == pytest.approx(sorted(rows["value"]), rel=1e-12)
    assert "Number at risk" not in funnel.data.columns
    assert f"national pooled value {fmt(national(inputs, '8')['value'])}" in funnel.subtitle


def test_no_funnel_outlier_is_a_zero_that_chance_explains(chapters, inputs):
    """Issue 20: a zero counts as outside only when its chance at national rates,
    (1 - p_g)^n_g, is below 0.001 (99.8% two-sided); worked here from the rows."""
    for chapter in ("3", "9"):
        nat = national(inputs, chapter)
        p_g = float(nat["numerator_group"]) / float(nat["denominator_group"])
        rows = _publishable_authority_values(inputs, chapter)
        zeros = rows[rows["numerator_group"] == 0]
        expected = int(sum((1 - p_g) ** float(n) < 0.001 for n in zeros["denominator_group"]))
        funnel = next(c for c in charts_of(chapters[chapter]) if "99.8% limits" in c.title)
        zero_points = funnel.data[(funnel.data["Point"] == "Authority") & (funnel.data["Relative likelihood"] == 0)]
        assert len(zero_points) == len(zeros)
        outside = zero_points["Position"].str.startswith(("above", "below")).sum()
        assert outside <= expected  # limits widened for over-dispersion can only take zeros back inside
        assert len(zeros) > expected  # the sample has zeros that chance explains (issue: 0 of 126, 0 of 11)


def test_spread_charts_carry_no_labels(chapters):
    for chart in charts_of(chapters["5"])[2:]:
        assert set(chart.data["Point"]) <= {"Authority", "Lower quartile", "Median", "Upper quartile", "99.8% limits"}


def test_survey_chapters_give_percentages_and_survey_coverage(chapters, inputs):
    text = all_text(chapters["6"])
    r = national(inputs, "6", "percent_experienced")
    assert (f"Of minoritised survey respondents, {fmt(r['value'], 1)}% reported harassment, bullying or "
            f"abuse from people who use services, their relatives or the public (95% interval "
            f"{fmt(r['ci_lower'], 1)}% to {fmt(r['ci_upper'], 1)}%), compared with {fmt(r['rate_white'], 1)}%"
            ) in text
    t = inputs.indicators
    surveyed = t[(t["year"] == 2024) & (t["scope"] == "authority") & (t["indicator"] == "6")]
    surveyed = surveyed["authority_code"].nunique()
    assert f"{surveyed} of the 12 authorities ran the staff survey" in text


def test_chapter_1_shares_per_reporting_band_and_representation_chart(chapters, inputs):
    blocks = chapters["1"]
    text = all_text(blocks)
    for band, words in (("below_30k", "under £30,000"), ("30k_to_69k", "£30,000 to £69,999"),
                        ("70k_plus", "£70,000 or more")):
        r = national(inputs, "1", "share_minoritised", breakdown=band)
        assert (f"Among staff of known ethnicity paid {words}, {fmt(100 * r['value'], 1)}% were minoritised "
                f"(95% interval {fmt(100 * r['ci_lower'], 1)}% to {fmt(100 * r['ci_upper'], 1)}%).") in text
    found = heading_levels_ok(blocks)
    assert [t for level, t in found if level == 2] == [
        "Share of minoritised staff by pay band", "Paid under £30,000", "Paid £30,000 to £69,999",
        "Paid £70,000 or more"]
    assert isinstance(blocks[blocks.index("## Share of minoritised staff by pay band") + 2], Chart)
    assert "Pay band" in blocks[blocks.index("## Share of minoritised staff by pay band") + 2].data.columns


def test_chapter_1_adverse_direction_is_band_aware(chapters, inputs):
    text = all_text(chapters["1"])
    top = national(inputs, "1", breakdown="70k_plus")
    assert top["assessment"] == "less_likely"
    assert (f"to be paid £70,000 or more (95% interval {fmt(top['ci_lower'])} to {fmt(top['ci_upper'])}). "
            "This is an adverse difference") in text
    low = national(inputs, "1", breakdown="below_30k")
    assert low["assessment"] == "less_likely"
    assert "to be paid under £30,000 (95% interval " in text
    assert "This is a clear difference, but not an adverse one" in text
    assert "For this pay band a difference is not judged adverse or favourable." in text


def test_chapter_9_share_and_gap(chapters, inputs):
    text = all_text(chapters["9"])
    share = national(inputs, "9", "share_minoritised")
    gap = national(inputs, "9", "gap_pp")
    assert f"Among senior managers of known ethnicity, {fmt(100 * share['value'], 1)}% were minoritised" in text
    assert (f"the share of minoritised staff was {fmt(abs(gap['value']), 1)} percentage points lower than in "
            "the workforce as a whole") in text


def test_group_table_shows_c_for_suppressed_national_groups(chapters, inputs):
    other = national(inputs, "9", group="other")
    assert other["suppressed"]
    table = next(t for t in tables_of(chapters["9"]) if "ethnic group" in t.caption).frame
    cells = table[table["Ethnic group"] == "Other ethnic group"].iloc[0]
    assert cells["Relative likelihood"] == "[c]" and cells["95% interval"] == "[c]"
    assert "For staff from other ethnic groups, numbers for senior manager roles are too small to publish." in \
        all_text(chapters["9"])


def test_unknown_chapter_is_refused(inputs):
    for bad in ("7a", "10", "DQ"):
        with pytest.raises(ValueError, match="no national chapter"):
            indicator_blocks(inputs, bad)


def test_no_publishable_authority_value_says_so_instead_of_a_chart():
    inputs = sample_inputs()
    t = inputs.indicators
    inputs.indicators.loc[(t["scope"] == "authority") & (t["indicator"] == "4"), "suppressed"] = True
    blocks = indicator_blocks(inputs, "4")
    assert "No authority had a relative likelihood that can be published for this measure." in blocks
    assert not any("one dot per authority" in c.subtitle for c in charts_of(blocks))
    assert_public(blocks, inputs)


def test_no_funnel_without_a_publishable_national_figure():
    inputs = sample_inputs()
    t = inputs.indicators
    inputs.indicators.loc[(t["scope"] == "national") & (t["indicator"] == "3") & (t["group"] == "minoritised")
                          & (t["measure"] == "relative_likelihood"), "suppressed"] = True
    blocks = indicator_blocks(inputs, "3")
    assert "There is no national relative likelihood to centre a funnel plot on." in blocks
    assert "For minoritised staff, numbers for entry to the formal disciplinary process are too small to publish." \
        in blocks


# --- counts of authorities with a clear difference -------------------------------------


def _authority_rows():
    return frame([
        row("2", value=0.5, lower=0.4, upper=0.6, authority_code="A00000001"),   # adverse
        row("2", value=0.6, lower=0.5, upper=0.7, authority_code="A00000002"),   # adverse
        row("2", value=1.5, lower=1.2, upper=1.9, authority_code="A00000003"),   # clear, other way
        row("2", value=0.9, lower=0.7, upper=1.2, authority_code="A00000004"),   # no clear difference
        row("2", value=0.0, flag="zero_events", authority_code="A00000005"),     # no interval
        row("2", value=0.3, lower=0.1, upper=0.5, suppressed=True, authority_code="A00000006"),
        row("2", value=0.5, lower=0.4, upper=0.6, service="adult", authority_code="A00000007"),  # not all
        row("2", value=0.5, lower=0.4, upper=0.6, group="asian", authority_code="A00000008"),    # not pooled
        row("2", value=0.5, lower=0.4, upper=0.6, scope="national"),
    ])


def test_assessment_counts_keep_suppressed_rows_out_of_every_judgement():
    assert authority_assessment_counts(_authority_rows(), "2") == {
        "total": 6, "adverse": 2, "other_clear": 1, "no_clear": 1, "not_assessed": 1, "suppressed": 1}


def test_assessment_sentence_in_words():
    counts = authority_assessment_counts(_authority_rows(), "2")
    assert authority_assessment_sentence(counts, "2") == (
        "Of the 6 authorities with figures for this measure, 2 had a clear adverse difference for "
        "minoritised staff (a 95% interval wholly below 1), 1 a clear difference in the other direction "
        "and 1 no clear difference. For 1 no interval could be calculated and for 1 the numbers were too "
        "small to publish.")


def test_assessment_sentence_more_likely_adverse_and_none():
    counts = {"total": 3, "adverse": 0, "other_clear": 0, "no_clear": 3, "not_assessed": 0, "suppressed": 0}
    assert authority_assessment_sentence(counts, "8") == (
        "Of the 3 authorities with figures for this measure, none had a clear adverse difference for "
        "minoritised staff (a 95% interval wholly above 1) and 3 no clear difference.")


def test_assessment_sentence_for_a_middle_pay_band():
    counts = {"total": 4, "adverse": 0, "other_clear": 3, "no_clear": 1, "not_assessed": 0, "suppressed": 0}
    assert authority_assessment_sentence(counts, "1", "30k_to_69k") == (
        "Of the 4 authorities with figures for this measure, 3 had a clear difference (a 95% interval "
        "excluding 1) and 1 no clear difference. For this pay band a difference is not judged adverse "
        "or favourable.")


def test_assessment_sentence_when_nobody_returned():
    zero = dict.fromkeys(("total", "adverse", "other_clear", "no_clear", "not_assessed", "suppressed"), 0)
    assert authority_assessment_sentence(zero, "2") == "No authority returned figures for this measure."


def test_fixture_assessment_counts_add_up(inputs):
    t = inputs.indicators
    counts = authority_assessment_counts(t[t["year"] == 2024], "9")
    assert counts["total"] == 12
    assert sum(v for k, v in counts.items() if k != "total") == 12
    suppressed = t[(t["year"] == 2024) & (t["scope"] == "authority") & (t["indicator"] == "9")
                   & (t["measure"] == "relative_likelihood") & (t["group"] == "minoritised")
                   & (t["service"] == "all")]["suppressed"].sum()
    assert counts["suppressed"] == suppressed


def test_table_blocks_are_text(chapters):
    for table in tables_of(chapters["3"]):
        assert isinstance(table, TableBlock)
        assert all(isinstance(v, str) for v in table.frame.to_numpy().ravel())


@pytest.mark.parametrize("shown", [True, False])
def test_four_fifths_band_follows_the_setting(inputs, shown):
    blocks = indicator_blocks(inputs, "2", {"show_four_fifths_band": shown})
    charts = [b for b in blocks if isinstance(b, Chart)]
    bands = [len(c.figure.findobj(lambda artist: artist.get_gid() == "four-fifths")) for c in charts]
    # by ethnic group and by service follow the setting; the spread charts never shade it
    assert bands == ([1, 1, 0, 0] if shown else [0, 0, 0, 0])
    legends = [t for c in charts[:2] for t in figure_texts(c) if t.startswith("Four-fifths band")]
    assert len(legends) == (2 if shown else 0)


def test_the_within_authorities_figure_stands_beside_the_pooled_headline(chapters, inputs):
    # RL_MH worked independently from the authorities' counts: sum(a n0 / T) / sum(b n1 / T)
    rows = _authority_rl_counts(inputs, "5")
    r = sum(a * n0 / (n1 + n0) for a, n1, b, n0 in rows)
    s = sum(b * n1 / (n1 + n0) for a, n1, b, n0 in rows)
    text = all_text(chapters["5"])
    assert f"Within authorities, the relative likelihood was {fmt(r / s)} (95% interval" in text
    headline = national(inputs, "5")
    assert text.index(fmt(float(headline["value"]))) < text.index("Within authorities")


def test_the_headline_is_tested_against_last_year(chapters, inputs):
    # ln RL change over sqrt(SE1^2 + SE2^2), Katz SEs from the national counts of both years
    import math

    t = inputs.indicators

    def log_and_var(year):
        found = t[(t["year"] == year) & (t["scope"] == "national") & (t["indicator"] == "4")
                  & (t["measure"] == "relative_likelihood") & (t["group"] == "minoritised")
                  & (t["service"] == "all") & (t["breakdown"] == "")].iloc[0]
        a, n, b, m = (int(found[c]) for c in
                      ("numerator_group", "denominator_group", "numerator_white", "denominator_white"))
        return math.log((a / n) / (b / m)), 1 / a - 1 / n + 1 / b - 1 / m

    (l1, v1), (l2, v2) = log_and_var(2023), log_and_var(2024)
    z = (l2 - l1) / math.sqrt(v1 + v2)
    text = all_text(chapters["4"])
    if abs(z) > 1.959964:
        assert ("clearly lower than the 2023 figure" if z < 0 else "clearly higher than the 2023 figure") in text
    else:
        assert "no clear change" in text


def _authority_rl_counts(inputs, indicator):
    t = inputs.indicators
    chosen = t[(t["year"] == 2024) & (t["scope"] == "authority") & (t["indicator"] == indicator)
               & (t["measure"] == "relative_likelihood") & (t["group"] == "minoritised")
               & (t["service"] == "all") & (t["breakdown"] == "")]
    counts = chosen[["numerator_group", "denominator_group", "numerator_white", "denominator_white"]].dropna()
    return [tuple(int(x) for x in r) for r in counts.itertuples(index=False) if r[1] > 0 and r[3] > 0]
