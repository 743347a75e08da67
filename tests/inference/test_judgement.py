"""Judgements from intervals and change tests, on hand-picked intervals."""

import math

import pytest

from scwres_helpers.inference.change import change_between_years
from scwres_helpers.inference.judgement import (
    ACTION,
    ADVERSE_AGAINST_PARITY,
    CLEARLY_BETTER,
    CLEARLY_WORSE,
    CLEARLY_WORSE_THAN_LAST_YEAR,
    CLEARLY_WORSE_THAN_NATIONAL,
    MET,
    NO_CLEAR_CHANGE,
    NO_CLEAR_DIFFERENCE,
    NO_CONCERN,
    NOT_ASSESSED,
    NOT_MET,
    WATCH,
    area_status,
    change_judgement,
    point_is_adverse,
    target_status,
    versus_reference,
)

NAN = math.nan


@pytest.mark.parametrize(
    ("interval", "reference", "adverse", "expected"),
    [
        ((1.2, 2.0), 1.0, "more_likely", CLEARLY_WORSE),  # disciplinary: above 1 is adverse
        ((1.2, 2.0), 1.0, "less_likely", CLEARLY_BETTER),  # CPD: above 1 is favourable
        ((0.3, 0.8), 1.0, "less_likely", CLEARLY_WORSE),
        ((0.3, 0.8), 1.0, "more_likely", CLEARLY_BETTER),
        ((0.8, 1.2), 1.0, "more_likely", NO_CLEAR_DIFFERENCE),
        ((1.0, 1.5), 1.0, "more_likely", NO_CLEAR_DIFFERENCE),  # touching is not clear
        ((0.70, 0.82), 0.77, "less_likely", NO_CLEAR_DIFFERENCE),  # issue 20: CPD 0.76 vs national 0.77
        ((0.50, 0.70), 0.77, "less_likely", CLEARLY_WORSE),
        ((NAN, NAN), 1.0, "more_likely", NOT_ASSESSED),
        ((0.5, 0.9), None, "more_likely", NOT_ASSESSED),
    ],
)
def test_versus_reference(interval, reference, adverse, expected):
    assert versus_reference(*interval, reference, adverse) == expected


def test_adverse_direction_is_checked():
    with pytest.raises(ValueError, match="adverse direction"):
        versus_reference(1.2, 2.0, 1.0, "worse")


def test_change_judgement_follows_the_adverse_direction():
    up = change_between_years((10, 200, 50, 500), (40, 200, 50, 500))  # clearly higher
    assert change_judgement(up, "more_likely") == CLEARLY_WORSE
    assert change_judgement(up, "less_likely") == CLEARLY_BETTER
    same = change_between_years((20, 100, 40, 400), (30, 200, 60, 600))  # p = 0.38
    assert change_judgement(same, "more_likely") == NO_CLEAR_CHANGE
    none = change_between_years((0, 0, 5, 100), (10, 100, 10, 100))
    assert change_judgement(none, "more_likely") == NOT_ASSESSED


def test_point_is_adverse():
    assert point_is_adverse(0.76, "less_likely") and not point_is_adverse(0.76, "more_likely")
    assert not point_is_adverse(1.0, "more_likely")
    assert not point_is_adverse(None, "more_likely") and not point_is_adverse(NAN, "less_likely")
    assert point_is_adverse(0.76, "less_likely", reference=0.77)


def test_a_point_estimate_alone_is_only_watched():
    # issue 20, X31764798 rank 2: CPD 0.76 against 0.77 last year, nothing clear
    judgement = area_status(0.76, NO_CLEAR_DIFFERENCE, NO_CLEAR_DIFFERENCE, NO_CLEAR_CHANGE, "less_likely")
    assert (judgement.status, judgement.reasons) == (WATCH, ())


def test_action_needs_a_clear_adverse_finding_and_lists_them_in_order():
    judgement = area_status(0.5, CLEARLY_WORSE, NO_CLEAR_DIFFERENCE, CLEARLY_WORSE, "less_likely")
    assert judgement.status == ACTION
    assert judgement.reasons == (ADVERSE_AGAINST_PARITY, CLEARLY_WORSE_THAN_LAST_YEAR)
    only_national = area_status(0.9, NO_CLEAR_DIFFERENCE, CLEARLY_WORSE, NOT_ASSESSED, "less_likely")
    assert only_national.reasons == (CLEARLY_WORSE_THAN_NATIONAL,)


def test_favourable_or_clearly_better_is_no_concern():
    assert area_status(1.3, CLEARLY_BETTER, NO_CLEAR_DIFFERENCE, NO_CLEAR_CHANGE, "less_likely").status == NO_CONCERN
    assert area_status(None, NOT_ASSESSED, NOT_ASSESSED, NOT_ASSESSED, "less_likely").status == NO_CONCERN


@pytest.mark.parametrize(
    ("interval", "target", "comparison", "expected"),
    [
        ((0.85, 1.10), 0.8, "at_least", MET),
        ((0.80, 1.10), 0.8, "at_least", MET),  # the boundary counts as met
        ((0.70, 0.95), 0.8, "at_least", WATCH),  # point might be above 0.8: not enough
        ((0.40, 0.75), 0.8, "at_least", NOT_MET),
        ((0.90, 1.20), 1.25, "at_most", MET),
        ((1.10, 1.40), 1.25, "at_most", WATCH),
        ((1.30, 1.90), 1.25, "at_most", NOT_MET),
        ((NAN, NAN), 1.25, "at_most", NOT_ASSESSED),
    ],
)
def test_target_status_against_the_interval(interval, target, comparison, expected):
    assert target_status(*interval, target, comparison) == expected


def test_target_comparison_is_checked():
    with pytest.raises(ValueError, match="comparison"):
        target_status(0.5, 0.9, 0.8, ">=")
