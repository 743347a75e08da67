"""Areas for action: hand-made two-year rows, hand-worked ranking and gaps in people (the words:
``tests/report/test_action_words.py``)."""

from __future__ import annotations

import datetime as dt

import pytest

from scwres_helpers.actions.priorities import (
    CLEARLY_WORSE_THAN_LAST_YEAR,
    CLEARLY_WORSE_THAN_NATIONAL,
    INTERVAL_ADVERSE,
    LESS,
    MORE,
    TOO_SMALL_NO_INTERVAL,
    TOO_SMALL_SUPPRESSED,
    TOO_SMALL_WIDE_INTERVAL,
    WATCH,
    WORSE_THAN_LAST_YEAR,
    WORSE_THAN_NATIONAL,
    areas_by_theme,
    areas_for_action,
    gap_in_people,
    suggested_actions,
)

from .support import PLAN_COLUMNS, SECRET_TEXTS, frame, row, secret_row

Y = 2024


def own_rows():
    """The authority's 2024 rows (Katz intervals worked from the counts) and two 2023 rows."""
    return frame([
        # 2: 20 of 100 minoritised vs 60 of 200 white appointed: RL 0.67 (0.43 to 1.04).
        row("2", 0.6667, 0.427, 1.0409, counts=(20, 100, 60, 200)),
        # 3: 30 of 500 vs 20 of 1000 entered the process: RL 3.00 (1.72 to 5.23), adverse.
        row("3", 3.0, 1.7213, 5.2285, counts=(30, 500, 20, 1000)),
        secret_row("4"),
        # 5: 100 of 1000 vs 300 of 1500 accessed CPD: RL 0.50 (0.40 to 0.62), adverse.
        row("5", 0.5, 0.4046, 0.6179, counts=(100, 1000, 300, 1500)),
        # 6: 6 of 40 vs 8 of 80: RL 1.50 (0.56 to 4.03), too wide to conclude.
        row("6", 1.5, 0.5584, 4.0292, counts=(6, 40, 8, 80)),
        # 7a: nobody minoritised reported harassment from colleagues: favourable, not listed.
        row("7a", 0.0, counts=(0, 80, 5, 200), flag="zero_events"),
        # 7b: no white respondent reported it: no RL.
        row("7b", None, counts=(5, 80, 0, 200), flag="reference_zero"),
        # 8: 120 of 1000 vs 100 of 1000 left: RL 1.20 (0.93 to 1.54).
        row("8", 1.2, 0.9341, 1.5416, counts=(120, 1000, 100, 1000)),
        # 9: 85 of 1000 vs 200 of 2000 senior managers: RL 0.85 (0.67 to 1.08).
        row("9", 0.85, 0.6672, 1.0829, counts=(85, 1000, 200, 2000)),
        # 1, below £30k: less likely than white staff to be low paid: favourable.
        row("1", 0.9545, 0.9164, 0.9943, counts=(350, 400, 1100, 1200), breakdown="below_30k"),
        # 1, £30k to £69k: no adverse direction, never an area even though the interval is below 1.
        row("1", 0.4, 0.2934, 0.5453, counts=(40, 400, 300, 1200), breakdown="30k_to_69k"),
        # 1, £70k or more: 10 of 400 vs 75 of 1200: RL 0.40 (0.21 to 0.77), adverse.
        row("1", 0.4, 0.2088, 0.7663, counts=(10, 400, 75, 1200), breakdown="70k_plus"),
        # Last year.
        row("9", 1.1, 0.9, 1.3, counts=(110, 1000, 200, 2000), year=Y - 1),
        row("2", 0.6, 0.4, 0.9, counts=(18, 100, 60, 200), year=Y - 1),
    ])


def national_rows():
    return frame([
        row("2", 0.9, 0.85, 0.95, scope="national"),
        row("8", 0.9, 0.85, 0.95, scope="national"),
        row("9", 0.8, 0.75, 0.85, scope="national"),
        row("1", 0.9, 0.88, 0.92, breakdown="below_30k", scope="national"),
        row("3", 1.3, 1.2, 1.4, scope="national", year=Y - 1),  # another year: not used
    ])


@pytest.fixture
def areas():
    return areas_for_action(own_rows(), national_rows(), Y)


def test_ranked_by_strength_then_distance_from_equality(areas):
    # Interval adverse: disciplinary RL 3.0 (|ln 3.0| = 1.099), £70k+ 0.4 (|ln 0.4| = 0.916),
    # CPD 0.5 (|ln 0.5| = 0.693); then leaving, clearly worse than nationally. By the gap in
    # people CPD (100) would come first: its 1,000 minoritised staff, not its difference.
    # Senior managers and appointment are only worse by their point estimates: watched, not
    # ranked (below).
    assert [(a.indicator, a.breakdown) for a in areas.ranked] == [("3", ""), ("1", "70k_plus"), ("5", ""), ("8", "")]
    assert [a.strength for a in areas.ranked] == [1, 1, 1, 2]


def test_areas_grouped_by_theme_in_the_themes_order(areas):
    # Ranked: 3 (discipline), 1 at £70k+ (leadership), 5 (development), 8 (retention); the
    # themes' order is leadership, recruitment, discipline, development, harassment, retention.
    grouped = areas_by_theme(areas.ranked)
    assert list(grouped) == ["leadership", "discipline_regulation", "development", "retention"]
    assert [(a.indicator, a.breakdown) for a in grouped["leadership"]] == [("1", "70k_plus")]
    assert areas_by_theme([]) == {}


def test_gap_in_people_worked_by_hand(areas):
    gaps = {a.indicator: a.gap_people for a in areas.ranked + areas.too_small}
    # 100 shortlisted x 60/200 = 30 appointed at the white rate, 20 were: 10 more.
    assert gaps["2"] == pytest.approx(10)
    assert gaps["5"] == pytest.approx(1000 * 300 / 1500 - 100)  # 100
    assert gaps["3"] == pytest.approx(30 - 500 * 20 / 1000)  # 20
    assert gaps["1"] == pytest.approx(400 * 75 / 1200 - 10)  # 15
    assert gaps["8"] == pytest.approx(120 - 100)
    assert gaps["9"] == pytest.approx(1000 * 200 / 2000 - 85)


def test_gap_in_people_direction_and_missing_counts():
    more = frame([row("3", 3.0, 1.7, 5.2, counts=(30, 500, 20, 1000))]).iloc[0]
    # 30 - 500 x 20/1000 = 20, interval 9.68 to 32.68 (worked in tests/report/test_action_words.py)
    gap = gap_in_people(more, MORE)
    assert (gap.people, gap.lower, gap.upper) == pytest.approx((20, 9.68, 32.68), abs=0.01)
    turned = gap_in_people(more, LESS)  # the other orientation: the interval turns too
    assert (turned.people, turned.lower, turned.upper) == pytest.approx((-20, -32.68, -9.68), abs=0.01)
    blank = frame([row("3", 3.0, 1.7, 5.2)]).iloc[0]
    assert gap_in_people(blank, MORE) is None


def test_reasons_and_comparisons(areas):
    by_indicator = {a.indicator: a for a in areas.ranked + areas.too_small}
    assert by_indicator["5"].reasons == (INTERVAL_ADVERSE,)
    assert by_indicator["8"].reasons == (CLEARLY_WORSE_THAN_NATIONAL,)
    assert by_indicator["8"].national_value == 0.9
    # Senior managers: 0.85 this year against 1.10 last year. Last year's point lies outside
    # this year's interval (0.67 to 1.08), but the change test with both years' uncertainty
    # is not clear: ln(0.85 / 1.10) = -0.258, SE = sqrt((1/85 - 1/1000 + 1/200 - 1/2000)
    # + (1/110 - 1/1000 + 1/200 - 1/2000)) = 0.167, z = -1.55, p = 0.12. Watch it.
    assert by_indicator["9"].reasons == (WATCH, WORSE_THAN_LAST_YEAR)
    assert by_indicator["9"].strength is None and by_indicator["9"].previous_value == 1.1
    # Appointment: 0.67 < national 0.90 (inside the interval); better than last year's 0.60.
    assert by_indicator["2"].reasons == (WATCH, WORSE_THAN_NATIONAL)
    assert by_indicator["2"].previous_value is None


def test_clearly_worse_than_last_year_by_the_change_test():
    # Senior managers 50 of 1000 vs 200 of 2000 (RL 0.50) after 110 of 1000 vs 200 of 2000
    # (1.10): ln(0.5 / 1.1) = -0.788, SE = sqrt(0.0235 + 0.01259) = 0.190, z = -4.15: clear.
    rows = frame([row("9", 0.5, 0.3702, 0.6753, counts=(50, 1000, 200, 2000)),
                  row("9", 1.1, 0.9, 1.3, counts=(110, 1000, 200, 2000), year=Y - 1)])
    (area,) = areas_for_action(rows, national_rows().iloc[0:0], Y).ranked
    assert area.reasons == (INTERVAL_ADVERSE, CLEARLY_WORSE_THAN_LAST_YEAR)


def test_no_area_for_action_rests_on_a_point_estimate_alone(areas):
    """Every ranked area has an adverse interval or a clear comparison; the rest are watched."""
    clear = {INTERVAL_ADVERSE, CLEARLY_WORSE_THAN_NATIONAL, CLEARLY_WORSE_THAN_LAST_YEAR}
    assert all(set(a.reasons) <= clear and a.reasons for a in areas.ranked)


def test_too_small_listed_separately_with_reasons(areas):
    assert [(a.indicator, a.reasons) for a in areas.too_small] == [
        ("2", (WATCH, WORSE_THAN_NATIONAL)),
        ("4", (TOO_SMALL_SUPPRESSED,)),
        ("6", (TOO_SMALL_WIDE_INTERVAL,)),
        ("7b", (TOO_SMALL_NO_INTERVAL,)),
        ("9", (WATCH, WORSE_THAN_LAST_YEAR)),
    ]
    assert all(a.strength is None for a in areas.too_small)
    wide = areas.too_small[2]
    assert (wide.value, wide.ci_lower, wide.ci_upper) == (1.5, 0.5584, 4.0292)


def test_suppressed_row_leaks_nothing(areas):
    suppressed = areas.too_small[1]
    assert (suppressed.value, suppressed.ci_lower, suppressed.ci_upper, suppressed.gap_people) == (
        None, None, None, None)
    facts = repr(suppressed) + repr(suppressed.national_value) + repr(suppressed.previous_value)
    for secret in SECRET_TEXTS:
        assert secret not in facts


def test_not_areas(areas):
    listed = {(a.indicator, a.breakdown) for a in areas.ranked + areas.too_small}
    assert ("1", "30k_to_69k") not in listed  # no adverse direction for the middle band
    assert ("1", "below_30k") not in listed  # favourable point estimate, though above national
    assert ("7a", "") not in listed  # nobody had the adverse outcome


def test_favourable_point_is_never_an_area():
    # RL 1.10 for appointment (minoritised more likely appointed) is below national 1.30
    # and last year's 1.20, but it is not an area for action.
    rows = frame([row("2", 1.1, 1.02, 1.19, counts=(330, 1000, 300, 1000)),
                  row("2", 1.2, 1.1, 1.3, year=Y - 1)])
    national = frame([row("2", 1.3, 1.25, 1.35, scope="national")])
    result = areas_for_action(rows, national, Y)
    assert result.ranked == [] and result.too_small == []


def test_suppressed_national_is_not_compared():
    rows = frame([row("8", 1.2, 0.9341, 1.5416, counts=(120, 1000, 100, 1000))])
    national = frame([secret_row("8", scope="national")])
    assert areas_for_action(rows, national, Y).ranked == []


def _say(area):
    return f"act on {area.indicator}"


def test_suggested_actions_in_plan_form(areas):
    plan = suggested_actions(areas, Y, _say)
    assert tuple(plan.columns) == PLAN_COLUMNS
    assert list(plan["action_id"]) == ["S1", "S2", "S3", "S4"]  # ranked areas only, none for those watched
    assert list(plan["indicator"]) == ["3", "1", "5", "8"]
    assert list(plan["target_breakdown"]) == ["", "70k_plus", "", ""]
    assert list(plan["target_comparison"]) == ["at_most", "at_least", "at_least", "at_most"]
    assert list(plan["target_value"]) == [1.25, 0.8, 0.8, 1.25]
    assert set(plan["target_measure"]) == {"relative_likelihood"}
    assert set(plan["target_year"]) == {2026}
    assert set(plan["status"]) == {"not_started"}
    assert set(plan["owner_role"]) == {"To be agreed"}
    # The collection year after 2024 runs from 1 April 2024 to 31 March 2025.
    assert set(plan["start_date"]) == {dt.date(2024, 4, 1)}
    assert set(plan["due_date"]) == {dt.date(2025, 3, 31)}
    assert list(plan["action"]) == [f"act on {i}" for i in ("3", "1", "5", "8")]
    assert plan["target_year"].dtype == "int64" and plan["target_value"].dtype == "float64"


def test_suggested_actions_empty():
    plan = suggested_actions([], Y, _say)
    assert plan.empty and tuple(plan.columns) == PLAN_COLUMNS


def test_suggested_ids_sort_in_rank_order_when_ten_or_more():
    # Eleven adverse intervals (every candidate with a direction): ids S01..S11.
    rows = [row(i, 0.5, 0.4, 0.6, counts=(50, 1000, 100, 1000)) for i in ("2", "5", "9")]
    rows += [row(i, 2.0, 1.6, 2.5, counts=(100, 1000, 50, 1000)) for i in ("3", "4", "6", "7a", "7b", "8")]
    rows += [row("1", 2.0, 1.6, 2.5, counts=(100, 1000, 50, 1000), breakdown="below_30k"),
             row("1", 0.5, 0.4, 0.6, counts=(50, 1000, 100, 1000), breakdown="70k_plus")]
    plan = suggested_actions(areas_for_action(frame(rows), frame([]), Y), Y, _say)
    assert list(plan["action_id"]) == [f"S{n:02d}" for n in range(1, 12)]
    assert sorted(plan["action_id"]) == list(plan["action_id"])
