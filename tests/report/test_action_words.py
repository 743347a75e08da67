"""Action plans in words: the facts of ``actions`` said with the phrasebook's sentences."""

from __future__ import annotations

import pytest

from actions import test_priorities as priorities  # tests/ is on sys.path (rootdir import)
from actions import test_progress as progress_case
from actions.support import SECRET_TEXTS, action, frame, plan, row

from scwres_helpers.actions.priorities import LESS, MORE, areas_for_action
from scwres_helpers.actions.progress import plan_progress
from scwres_helpers.report.action_words import (
    area_evidence,
    area_gap_text,
    area_title,
    describe_target,
    gap_sentence,
    indicator_label,
    progress_detail,
    suggested_action_text,
)

Y = priorities.Y


def _areas():
    return areas_for_action(priorities.own_rows(), priorities.national_rows(), Y)


def test_titles_name_the_band_of_indicator_1():
    assert area_title("2") == "Appointment from shortlisting"
    assert area_title("1", "70k_plus") == "Representation by pay band: £70,000 or more"
    assert indicator_label("1", "below_30k") == "1: Representation by pay band (under £30,000)"
    assert indicator_label("7a") == "7a: Harassment, bullying or abuse from colleagues"


def test_gap_sentences():
    areas = _areas()
    by_indicator = {a.indicator: a for a in areas.ranked + areas.too_small}
    # Appointment 20/100 vs 60/200: d = -0.10; Wilson (0.1334, 0.2888) and (0.2407, 0.3668);
    # lower -0.10 - sqrt(0.0666^2 + 0.0668^2) = -0.1943, upper -0.10 + sqrt(0.0888^2 + 0.0593^2)
    # = 0.0068; x 100 and turned to "more appointed": -0.7 to 19.4
    assert area_gap_text(by_indicator["2"]) == (
        "At the rate for white applicants, about 10 more minoritised applicants would have been "
        "appointed from shortlisting (95% interval -1 to 19; below 0 would mean a gap the other way)."
    )
    # Disciplinary 30/500 vs 20/1000: d = 0.04; Wilson (0.04235, 0.08436) and (0.01298, 0.03069);
    # lower 0.04 - sqrt(0.01765^2 + 0.01069^2) = 0.01936, upper 0.04 + sqrt(0.02436^2 + 0.00702^2)
    # = 0.06535; x 500: 9.7 to 32.7
    assert area_gap_text(by_indicator["3"]) == (
        "At the rate for white staff, about 20 fewer minoritised staff would have entered the "
        "formal disciplinary process (95% interval 10 to 33)."
    )
    # a pay band: the number of posts is fixed, so no posts are said to be missing
    assert area_gap_text(by_indicator["1"]).endswith(
        "The number of these posts is fixed, so this is a difference in who holds them, not a number "
        "of posts missing.")
    assert area_gap_text(by_indicator["1"]).startswith("At the rate for white staff, about 15 more")


def test_gap_sentence_rounding_and_small_gaps():
    assert gap_sentence("2", "", LESS, 0.49) == (
        "At the rate for white applicants, the difference amounts to fewer than 1 person."
    )
    assert gap_sentence("3", "", MORE, 1.2) == (
        "At the rate for white staff, about 1 fewer minoritised member of staff would have "
        "entered the formal disciplinary process."
    )
    assert "about 3 fewer minoritised survey respondents would have reported" in gap_sentence("6", "", MORE, 2.5)
    assert "staff" not in gap_sentence("6", "", MORE, 2.5)  # survey indicators count respondents
    assert "about 1,235 more" in gap_sentence("5", "", LESS, 1234.5)


def test_evidence_states_the_figure_and_each_reason():
    areas = _areas()
    by_indicator = {a.indicator: a for a in areas.ranked + areas.too_small}
    leaving = area_evidence(by_indicator["8"], Y)
    assert leaving == (
        "Minoritised staff were 1.20 times as likely as white staff to leave the organisation "
        "(95% interval 0.93 to 1.54): it is clearly worse than the national figure of 0.90, "
        "which lies below this authority's interval."
    )
    assert area_evidence(by_indicator["5"], Y).endswith("the whole interval is below 1, so this is an adverse difference.")
    assert area_evidence(by_indicator["9"], Y) == (
        "Minoritised staff were 0.85 times as likely as white staff to be in a senior manager role (95% interval "
        "0.67 to 1.08): it is worse than last year's figure of 1.10 (2023), but the change is within what "
        "chance allows, given both years' numbers. This is not clear evidence, so it is not an area for "
        "action; watch it next year."
    )
    assert "although the national figure lies within" in area_evidence(by_indicator["2"], Y)
    _, suppressed, wide, no_rl, _ = areas.too_small
    assert "too small to publish" in area_evidence(suppressed, Y)
    assert "reaches below 0.80 and above 1.25" in area_evidence(wide, Y)
    assert area_evidence(no_rl, Y) == (
        "No white respondents reported harassment, bullying or abuse from managers, so the "
        "relative likelihood cannot be calculated."
    )
    text = area_evidence(suppressed, Y) + area_gap_text(suppressed)
    assert not any(secret in text for secret in SECRET_TEXTS)


def test_suggested_action():
    disciplinary = next(a for a in _areas().ranked if a.indicator == "3")
    assert suggested_action_text(disciplinary) == (
        "Suggested: find out why minoritised staff are more likely than white staff to enter the "
        "formal disciplinary process, and act on it (replace with your action)"
    )


def test_targets_in_plain_words():
    """Targets are for minoritised staff against white staff, all services (data-return
    contract); each reads as the figure it is set on, not as 'Gap at least -6.1'."""
    rl = {"indicator": "2", "target_measure": "relative_likelihood", "target_comparison": "at_least",
          "target_value": 0.8, "target_year": 2026}
    assert describe_target(rl) == ("By 2026, minoritised applicants at least 0.80 times as likely as white "
                                   "applicants to be appointed from shortlisting")
    band = {"indicator": "1", "target_breakdown": "70k_plus", "target_measure": "share_minoritised",
            "target_comparison": "at_most", "target_value": 0.2, "target_year": 2027}
    assert describe_target(band) == ("By 2027, minoritised staff making up at most 20.0% of staff of known "
                                     "ethnicity paid £70,000 or more")
    senior = {"indicator": "9", "target_measure": "share_minoritised", "target_comparison": "at_least",
              "target_value": 0.15, "target_year": 2027}
    assert describe_target(senior) == "By 2027, minoritised staff making up at least 15.0% of senior managers"
    survey = {"indicator": "7b", "target_measure": "percent_experienced", "target_comparison": "at_most",
              "target_value": 20, "target_year": 2024}
    assert describe_target(survey) == ("By 2024, at most 20.0% of minoritised survey respondents reporting "
                                       "harassment, bullying or abuse from managers")


@pytest.mark.parametrize("comparison, value, bound", [
    ("at_least", -6.1, "no more than 6.1 percentage points below"),  # the sample plan's 'Gap at least -6.1'
    ("at_least", 2.0, "at least 2.0 percentage points above"),
    ("at_least", 0.0, "at least level with"),
    ("at_most", -3.0, "at least 3.0 percentage points below"),
    ("at_most", 1.5, "no more than 1.5 percentage points above"),
    ("at_most", 0.0, "no higher than"),
])
def test_a_gap_target_says_which_side_of_the_workforce_share(comparison, value, bound):
    gap = {"indicator": "9", "target_measure": "gap_pp", "target_comparison": comparison,
           "target_value": value, "target_year": 2024}
    assert describe_target(gap) == (f"By 2024, the share of minoritised staff among senior managers {bound} "
                                    "their share of the workforce as a whole")


def test_progress_details():
    own = progress_case.rows()
    progress = plan_progress(progress_case.last_year_plan(), own[own["authority_code"] == "E09000001"],
                             progress_case.Y)
    detail = {p["action_id"]: progress_detail(p, progress_case.Y) for _, p in progress.iterrows()}
    assert detail["A1"] == "Met (interval entirely at or above 0.80)"
    assert detail["A2"] == ("Not yet clear: the figure is on the target's side, but the interval reaches "
                            "above 1.25, so chance could have put it there")
    assert detail["A11"] == ("Not yet clear: the figure is on the target's side, but the interval reaches "
                             "below 0.85, so chance could have put it there")
    assert detail["A3"] == "Not met (interval entirely short of the target)"
    assert detail["A4"] == ("On track: clearly moved toward the target since 2024 (from 1.60), more than "
                            "chance allows given both years' numbers")
    assert detail["A5"] == ("No clear progress: any change since 2024 (16.0% then) is within what chance "
                            "allows, given both years' numbers")
    assert detail["A6"] == "Cannot assess: numbers too small to publish"
    assert detail["A7"] == "Cannot assess: the 2025 return has no figure for this target"
    assert detail["A8"] == "Dropped by the authority"
    assert detail["A9"] == "Cannot assess progress: the 2024 figure is too small to publish"
    assert detail["A10"] == "Cannot assess: no events among white staff, so no value"


def test_progress_detail_when_the_interval_reaches_a_missed_target():
    own = frame([row("5", 0.75, 0.6, 0.95, year=2025)])
    result = plan_progress(plan([action("B1", "5", 0.8, 2025)]), own, 2025)
    assert progress_detail(result.iloc[0], 2025) == "Not met, though the interval includes 0.80"
    ahead = plan_progress(plan([action("B1", "2", 0.8, 2027)]), frame([row("2", 0.7, 0.6, 0.8, year=2025)]), 2025)
    assert progress_detail(ahead.iloc[0], 2025) == "Cannot assess progress: no 2024 figure to compare with"


def test_no_clear_progress_on_a_gap_says_it_cannot_be_tested():
    own = frame([row("9", -8.0, measure="gap_pp", year=2025), row("9", -9.0, measure="gap_pp", year=2024)])
    result = plan_progress(plan([action("B1", "9", -2.0, 2027, measure="gap_pp")]), own, 2025)
    assert result["state"].tolist() == ["no_clear_progress"]
    assert progress_detail(result.iloc[0], 2025) == (
        "No clear progress: -9.0 percentage points in 2024; a change in this gap cannot be tested")


def test_not_yet_clear_without_an_interval():
    own = frame([row("3", 0.0, counts=(0, 50, 10, 200), flag="zero_events", year=2025)])
    result = plan_progress(plan([action("B1", "3", 1.25, 2025, comparison="at_most")]), own, 2025)
    assert progress_detail(result.iloc[0], 2025) == (
        "Not yet clear: the figure is on the target's side, but there is no interval to show how sure that is")
