"""Sentences checked word for word on hand-made rows."""

import random

import pytest

from scwres_helpers.disclosure import with_withheld_reasons
from scwres_helpers.indicators.judgement import is_adverse
from scwres_helpers.report import narrative as nv

from .conftest import SECRET, SECRET_TEXTS, frame, one, row

# --- relative likelihood sentences ----------------------------------------------------


def test_rl_sentence_matches_the_brief_example():
    r = one(indicator="2", value=0.52, lower=0.41, upper=0.66)
    assert nv.rl_sentence(r) == (
        "Minoritised applicants were 0.52 times as likely as white applicants to be appointed "
        "from shortlisting (95% interval 0.41 to 0.66)."
    )


@pytest.mark.parametrize(
    ("indicator", "breakdown", "expected"),
    [
        ("1", "below_30k", "Minoritised staff were 1.20 times as likely as white staff to be paid under £30,000"),
        ("1", "70k_plus", "Minoritised staff were 1.20 times as likely as white staff to be paid £70,000 or more"),
        ("3", "", "Minoritised staff were 1.20 times as likely as white staff to enter the formal disciplinary process"),
        ("4", "", "Minoritised regulated staff were 1.20 times as likely as white regulated staff to be referred "
                  "to a fitness-to-practise process"),
        ("5", "", "Minoritised staff were 1.20 times as likely as white staff to access funded non-mandatory "
                  "continuing professional development"),
        ("6", "", "Minoritised survey respondents were 1.20 times as likely as white respondents to report "
                  "harassment, bullying or abuse from people who use services, their relatives or the public"),
        ("7a", "", "Minoritised survey respondents were 1.20 times as likely as white respondents to report "
                   "harassment, bullying or abuse from colleagues"),
        ("7b", "", "Minoritised survey respondents were 1.20 times as likely as white respondents to report "
                   "harassment, bullying or abuse from managers"),
        ("8", "", "Minoritised staff were 1.20 times as likely as white staff to leave the organisation"),
        ("9", "", "Minoritised staff were 1.20 times as likely as white staff to be in a senior manager role"),
    ],
)
def test_rl_sentence_per_indicator(indicator, breakdown, expected):
    r = one(indicator=indicator, breakdown=breakdown, value=1.2, lower=0.9, upper=1.6)
    assert nv.rl_sentence(r) == expected + " (95% interval 0.90 to 1.60)."


@pytest.mark.parametrize(
    ("group", "start"),
    [
        ("asian", "Asian applicants were"),
        ("black", "Black applicants were"),
        ("mixed", "Applicants from mixed or multiple ethnic groups were"),
        ("other", "Applicants from other ethnic groups were"),
    ],
)
def test_rl_sentence_group_wording(group, start):
    r = one(indicator="2", group=group, value=0.8, lower=0.5, upper=1.3)
    assert nv.rl_sentence(r) == (
        f"{start} 0.80 times as likely as white applicants to be appointed from shortlisting "
        "(95% interval 0.50 to 1.30)."
    )


def test_rounding_is_half_up_like_the_published_tables():
    r = one(indicator="8", value=2.675, lower=1.005, upper=4.125)
    assert "2.68 times" in nv.rl_sentence(r)
    assert "(95% interval 1.01 to 4.13)" in nv.rl_sentence(r)


# --- flags and suppression ------------------------------------------------------------


def test_zero_events_sentence():
    r = one(indicator="3", value=0.0, counts=(0, 40, 12, 300), flag="zero_events")
    assert nv.rl_sentence(r) == (
        "No minoritised staff entered the formal disciplinary process, so the relative "
        "likelihood is 0 and no interval can be calculated."
    )


def test_zero_events_with_an_interval_give_it_and_are_assessed():
    """A zero with its (adjusted-log) interval is a figure given in full: the sentence must
    not say that no interval can be calculated, and the interval is judged like any other."""
    r = one(indicator="3", value=0.0, lower=0.01, upper=3.18, counts=(0, 122, 12, 600), flag="zero_events")
    assert nv.rl_sentence(r) == ("No minoritised staff entered the formal disciplinary process, so the "
                                 "relative likelihood is 0 (95% interval 0.01 to 3.18).")
    assert nv.rl_paragraph(r) == (nv.rl_sentence(r) + " The interval includes 1, so the data do not show "
                                  "a clear difference.")
    assert nv.short_flag_note(r) == "no events in the compared group"


def test_reference_zero_sentence():
    r = one(indicator="2", counts=(6, 40, 0, 300), flag="reference_zero")
    assert nv.rl_sentence(r) == (
        "No white applicants were appointed from shortlisting, so the relative likelihood "
        "cannot be calculated."
    )


def test_no_denominator_sentence_names_the_empty_group():
    r = one(indicator="4", counts=(0, 0, 5, 60), flag="no_denominator")
    assert nv.rl_sentence(r) == (
        "There were no minoritised regulated staff, so the relative likelihood cannot be calculated."
    )
    both = one(indicator="4", counts=(0, 0, 0, 0), flag="no_denominator", group="black")
    assert nv.rl_sentence(both) == (
        "There were no Black regulated staff and no white regulated staff, so the relative "
        "likelihood cannot be calculated."
    )


def test_no_denominator_on_the_white_side():
    r = one(indicator="6", counts=(7, 30, 0, 0), flag="no_denominator")
    assert nv.rl_sentence(r) == (
        "There were no white respondents, so the relative likelihood cannot be calculated."
    )


def test_suppressed_sentence_has_no_number():
    r = one(indicator="2", counts=(3, 40, 60, 300), suppressed=True, **SECRET)
    assert nv.rl_sentence(r) == (
        "For minoritised applicants, numbers for appointment from shortlisting are too small to publish."
    )
    assert nv.assessment_sentence(r) == ""
    assert nv.rl_paragraph(r) == nv.rl_sentence(r)
    for text in SECRET_TEXTS:
        assert text not in nv.rl_paragraph(r)


def test_suppressed_row_hides_its_flag_too():
    r = one(indicator="3", value=0.0, counts=(0, 3, 12, 300), flag="zero_events", suppressed=True)
    assert "No minoritised" not in nv.rl_sentence(r)
    assert nv.short_flag_note(r) == "too few people to publish"


def test_data_quality_suppressed_uses_the_plain_sentence():
    r = one(indicator="DQ", measure="share_unknown", group="", value=0.01, counts=(3, 300, None, None),
            suppressed=True)
    assert nv.suppressed_sentence(r) == "Numbers are too small to publish."
    assert nv.unknown_sentence(r) == "The number of staff whose ethnicity was not known is too small to publish."


def _protecting(**fields):
    """A withheld row whose own counts are not small: withheld to protect another figure."""
    return with_withheld_reasons(frame([row(suppressed=True, **fields)]), 5).iloc[0]


def test_a_row_withheld_to_protect_another_says_so_not_too_small():
    r = _protecting(indicator="4", group="asian", counts=(7, 210, 50, 3173), scope="national")
    assert nv.rl_sentence(r) == ("For Asian regulated staff, the figure for referral to fitness-to-practise "
                                 "is withheld so that a small number elsewhere cannot be worked out from it.")
    assert nv.short_flag_note(r) == "withheld so that a small number elsewhere cannot be worked out"
    assert nv.withheld_label(r) == "withheld to protect a small number"
    assert "too small" not in nv.rl_paragraph(r)
    dq = _protecting(indicator="DQ", measure="share_unknown", group="", service="adult",
                     counts=(40, 600, None, None), scope="national")
    assert nv.unknown_sentence(dq) == ("The number of staff in adult services whose ethnicity was not known "
                                       "is withheld so that a small number elsewhere cannot be worked out from it.")
    assert nv.suppressed_sentence(dq) == ("The figure is withheld so that a small number elsewhere cannot be "
                                          "worked out from it.")


def test_a_row_with_a_small_count_of_its_own_is_too_small():
    r = with_withheld_reasons(frame([row("4", group="other", counts=(1, 40, 50, 3173), suppressed=True,
                                         scope="national")]), 5).iloc[0]
    assert nv.rl_sentence(r) == ("For regulated staff from other ethnic groups, numbers for referral to "
                                 "fitness-to-practise are too small to publish.")
    assert nv.withheld_label(r) == "too few people"


def test_a_shown_row_has_no_reason_to_give():
    with pytest.raises(ValueError, match="not withheld"):
        nv.withheld_label(one(indicator="2", value=0.5, lower=0.4, upper=0.6))


# --- assessment -----------------------------------------------------------------------


def test_adverse_below_one():
    r = one(indicator="2", value=0.52, lower=0.41, upper=0.66)
    assert nv.assessment_sentence(r) == "This is an adverse difference: the interval lies wholly below 1."
    assert is_adverse(r)
    assert nv.assessment_words(r) == "Less likely: adverse"


def test_adverse_above_one():
    r = one(indicator="7b", value=1.9, lower=1.2, upper=3.0)
    assert nv.assessment_sentence(r) == "This is an adverse difference: the interval lies wholly above 1."
    assert nv.assessment_words(r) == "More likely: adverse"


def test_clear_but_not_adverse():
    r = one(indicator="5", value=1.4, lower=1.1, upper=1.8)  # more CPD is not adverse
    assert nv.assessment_sentence(r) == (
        "This is a clear difference, but not an adverse one: the interval lies wholly above 1."
    )
    assert not is_adverse(r)
    assert nv.assessment_words(r) == "More likely: not adverse"


def test_interval_includes_one():
    r = one(indicator="3", value=1.1, lower=0.8, upper=1.5)
    assert nv.assessment_sentence(r) == "The interval includes 1, so the data do not show a clear difference."
    assert nv.assessment_words(r) == "No clear difference"


def test_not_assessed():
    r = one(indicator="3", value=0.0, flag="zero_events", counts=(0, 40, 12, 300))
    assert nv.assessment_sentence(r) == "No interval could be calculated, so the difference is not assessed."
    assert nv.assessment_words(r) == "Not assessed"
    assert nv.rl_paragraph(r) == nv.rl_sentence(r)


def test_pay_band_direction_depends_on_the_band():
    low = one(indicator="1", breakdown="below_30k", value=1.3, lower=1.1, upper=1.5)
    top = one(indicator="1", breakdown="70k_plus", value=0.6, lower=0.4, upper=0.9)
    middle = one(indicator="1", breakdown="40k_to_49k", value=0.6, lower=0.4, upper=0.9)
    assert nv.assessment_sentence(low) == "This is an adverse difference: the interval lies wholly above 1."
    assert nv.assessment_sentence(top) == "This is an adverse difference: the interval lies wholly below 1."
    assert nv.assessment_sentence(middle) == "This is a clear difference: the interval lies wholly below 1."
    assert nv.assessment_words(middle) == "Less likely"


def test_paragraph_joins_sentence_and_assessment():
    r = one(indicator="2", value=0.52, lower=0.41, upper=0.66)
    assert nv.rl_paragraph(r) == (
        "Minoritised applicants were 0.52 times as likely as white applicants to be appointed from "
        "shortlisting (95% interval 0.41 to 0.66). This is an adverse difference: the interval "
        "lies wholly below 1."
    )


# --- percentages, shares, gaps --------------------------------------------------------


def test_percent_sentence():
    r = one(indicator="7a", measure="percent_experienced", value=23.4, lower=20.12, upper=26.94,
            rate_group=23.4, rate_white=18.2, counts=(117, 500, 182, 1000))
    assert nv.percent_sentence(r) == (
        "Of minoritised survey respondents, 23.4% reported harassment, bullying or abuse from "
        "colleagues (95% interval 20.1% to 26.9%), compared with 18.2% of white respondents."
    )


def test_percent_sentence_without_white_respondents():
    r = one(indicator="6", measure="percent_experienced", value=10.0, lower=5.0, upper=19.0,
            rate_group=10.0, counts=(5, 50, 0, 0), group="black")
    assert nv.percent_sentence(r).endswith(
        "(95% interval 5.0% to 19.0%), and there were no white respondents to compare with."
    )
    assert nv.percent_sentence(r).startswith("Of Black survey respondents, 10.0% reported")


def test_percent_no_denominator():
    r = one(indicator="6", measure="percent_experienced", flag="no_denominator", counts=(0, 0, 10, 80))
    assert nv.percent_sentence(r) == "There were no minoritised survey respondents, so no percentage can be calculated."


def test_share_sentence_pay_band():
    r = one(indicator="1", measure="share_minoritised", breakdown="under_20k", value=0.18,
            lower=0.165, upper=0.196, counts=(180, 1000, 820, 1000))
    assert nv.share_sentence(r) == (
        "Among staff of known ethnicity paid under £20,000, 18.0% were minoritised "
        "(95% interval 16.5% to 19.6%)."
    )


def test_share_sentence_senior_managers_by_group():
    r = one(indicator="9", measure="share_minoritised", group="asian", value=0.031,
            lower=0.0204, upper=0.047)
    assert nv.share_sentence(r) == (
        "Among Asian and white senior managers, 3.1% were Asian (95% interval 2.0% to 4.7%)."
    )
    mixed = one(indicator="9", measure="share_minoritised", group="mixed", value=0.02, lower=0.01, upper=0.04)
    assert nv.share_sentence(mixed).startswith(
        "Among white senior managers and senior managers from mixed or multiple ethnic groups, 2.0% "
        "were from mixed or multiple ethnic groups"
    )


def test_share_no_denominator():
    r = one(indicator="1", measure="share_minoritised", breakdown="70k_plus", flag="no_denominator",
            counts=(0, 0, 0, 0))
    assert nv.share_sentence(r) == (
        "There were no staff of known ethnicity paid £70,000 or more, so no share can be calculated."
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (-4.25, "was 4.3 percentage points lower than in the workforce as a whole."),
        (2.0, "was 2.0 percentage points higher than in the workforce as a whole."),
        (0.04, "was the same as in the workforce as a whole (to one decimal place)."),
    ],
)
def test_gap_sentence(value, expected):
    r = one(indicator="9", measure="gap_pp", value=value)
    assert nv.gap_sentence(r) == "Among senior managers, the share of minoritised staff " + expected


def test_gap_suppressed():
    r = one(indicator="9", measure="gap_pp", value=-4.25, suppressed=True)
    assert nv.gap_sentence(r) == "For minoritised staff, numbers for senior manager roles are too small to publish."


def test_unknown_sentence():
    r = one(indicator="DQ", measure="share_unknown", group="", service="adult", value=12 / 285,
            counts=(12, 285, None, None))
    assert nv.unknown_sentence(r) == "Ethnicity was not known for 4.2% of staff in adult services (12 of 285)."


# --- comparisons, position, trend -----------------------------------------------------


def _pair(national_value, **own):
    own = one(indicator="2", **({"value": 0.52, "lower": 0.41, "upper": 0.66} | own))
    nat = one(indicator="2", value=national_value, lower=national_value - 0.02,
              upper=national_value + 0.02, scope="national")
    return own, nat


def test_comparison_within_interval():
    own, nat = _pair(0.61)
    assert nv.comparison_sentence(own, nat) == (
        "The national relative likelihood was 0.61, which lies within this authority's 95% interval "
        "(0.41 to 0.66), so the data do not show a clear difference from the national figure."
    )


def test_comparison_national_above_interval():
    own, nat = _pair(0.80)
    assert nv.comparison_sentence(own, nat) == (
        "The national relative likelihood was 0.80, above this authority's 95% interval "
        "(0.41 to 0.66), so this authority's figure is clearly lower than the national one."
    )


def test_comparison_national_below_interval():
    own, nat = _pair(0.30)
    assert "below this authority's 95% interval" in nv.comparison_sentence(own, nat)
    assert "clearly higher than the national one" in nv.comparison_sentence(own, nat)


def test_comparison_suppressed_authority():
    own, nat = _pair(0.61, suppressed=True, **SECRET)
    sentence = nv.comparison_sentence(own, nat)
    assert sentence == (
        "The national relative likelihood was 0.61; this authority's figure cannot be compared "
        "with it because its numbers are too small to publish."
    )
    for text in SECRET_TEXTS:
        assert text not in sentence


def test_comparison_with_a_withheld_national_figure_says_why():
    own, _ = _pair(0.61)
    national = _protecting(indicator="2", counts=(30, 400, 200, 1500), scope="national")
    assert nv.comparison_sentence(own, national) == (
        "The national relative likelihood is withheld so that a small number elsewhere cannot be worked "
        "out from it, so this authority's figure is not compared with it.")
    small = with_withheld_reasons(frame([row("2", counts=(3, 400, 200, 1500), suppressed=True,
                                             scope="national")]), 5).iloc[0]
    assert nv.comparison_sentence(own, small) == (
        "The national relative likelihood is withheld because it rests on too few people, so this "
        "authority's figure is not compared with it.")


def test_comparison_without_national():
    own, _ = _pair(0.61)
    assert nv.comparison_sentence(own, None) == "There is no national relative likelihood to compare with."


def test_position_sentence():
    values = [0.2, 0.3, 0.4, 0.52, 0.6, 0.7]
    assert nv.position_sentence(0.52, values, "2") == (
        "Of the 6 authorities with a value, 3 had a lower relative likelihood of appointment from "
        "shortlisting than this authority and 2 a higher one."
    )


def test_position_sentence_with_ties_and_missing_values():
    values = [0.5, 0.5, 0.9, float("nan"), None]
    assert nv.position_sentence(0.5, values, "8") == (
        "Of the 3 authorities with a value, 0 had a lower relative likelihood of leaving the "
        "organisation than this authority, 1 a higher one and 1 the same."
    )


def test_an_authority_is_not_counted_against_itself():
    """Issue 20, item 12: its own value at full precision (0.7649) among the published,
    rounded peers (its own 0.76 among them) must meet itself, not read as 1 higher."""
    values = [0.5, 0.6, 0.76, 0.9]
    assert nv.position_sentence(0.7649, values, "5") == (
        "Of the 4 authorities with a value, 2 had a lower relative likelihood of accessing funded non-mandatory "
        "CPD than this authority and 1 a higher one."
    )


def test_position_among_published_values_says_what_position_sentence_says():
    """The kernels' way (the peers published and ordered once) against the plain one, over
    random values with ties, missing ones and an own value between two roundings."""
    rng = random.Random(7)
    for _ in range(300):
        values = [rng.choice([None, float("nan"), round(rng.uniform(0.1, 3), rng.choice([1, 2, 3]))])
                  for _ in range(rng.randint(0, 12))]
        own = rng.choice([None, *[v for v in values if v is not None], round(rng.uniform(0.1, 3), 4)])
        published = nv.published_positions(values)
        assert list(published) == sorted(published) and all(v == v for v in published)  # no NaN
        assert nv.position_among(own, published, "8") == nv.position_sentence(own, values, "8")


def test_position_sentence_without_own_value():
    assert nv.position_sentence(None, [0.5, 0.6], "8") == (
        "This authority has no published value, so its position among authorities is not shown."
    )


def test_trend_sentence():
    rows = frame([
        row("2", year=2024, value=0.52, lower=0.41, upper=0.66),
        row("2", year=2022, value=0.70, lower=0.5, upper=0.95),
        row("2", year=2023, suppressed=True, **SECRET),
    ])
    assert nv.trend_sentence(rows) == (
        "The relative likelihood of appointment from shortlisting for minoritised applicants was "
        "0.70 in 2022, not published in 2023 (numbers too small) and 0.52 in 2024."
    )
    protected = with_withheld_reasons(frame([
        row("2", year=2023, value=0.6, lower=0.5, upper=0.7, scope="national"),
        row("2", year=2024, suppressed=True, counts=(30, 400, 200, 1500), scope="national"),
    ]), 5)
    assert nv.trend_sentence(protected).endswith(
        "0.60 in 2023 and withheld in 2024 (to protect a small number elsewhere).")


def test_trend_sentence_for_shares():
    rows = frame([
        row("1", measure="share_minoritised", breakdown="below_30k", year=2023, value=0.18, lower=0.17, upper=0.19),
        row("1", measure="share_minoritised", breakdown="below_30k", year=2024, value=0.195, lower=0.18, upper=0.21),
    ])
    assert nv.trend_sentence(rows) == (
        "The percentage of staff of known ethnicity paid under £30,000 who were minoritised was "
        "18.0% in 2023 and 19.5% in 2024."
    )


def test_trend_sentence_single_year():
    rows = frame([row("2", year=2024, value=0.52, lower=0.41, upper=0.66)])
    assert nv.trend_sentence(rows) == "Only one year of data is available (2024), so there is no trend yet."


def test_trend_refuses_duplicate_years():
    rows = frame([row("2", value=0.5, lower=0.4, upper=0.6), row("2", value=0.6, lower=0.5, upper=0.7)])
    with pytest.raises(ValueError):
        nv.trend_sentence(rows)
