"""Progress on last year's plan: every state, judged by hand against two years of rows."""

from __future__ import annotations

import math

import pytest

from scwres_helpers.actions.progress import PROGRESS_COLUMNS, plan_progress

from .support import SECRET_TEXTS, action, frame, plan, row, secret_row

Y = 2025


def rows():
    return frame([
        row("2", 0.85, 0.81, 0.90, year=Y),
        row("3", 1.20, 0.90, 1.60, year=Y),
        row("5", 0.60, 0.50, 0.70, year=Y),
        # 1600/10000 vs 1000/10000 (1.60) -> 1400/10000 vs 1000/10000 (1.40): SE^2 = (1/1600 - 1/10000
        # + 1/1000 - 1/10000) + (1/1400 - 1/10000 + 1/1000 - 1/10000) = 0.001425 + 0.0015143;
        # z = ln(1.4 / 1.6) / 0.054215 = -0.133531 / 0.054215 = -2.463: clearly lower
        row("8", 1.40, 1.32, 1.49, counts=(1400, 10000, 1000, 10000), year=Y),
        row("8", 1.60, 1.51, 1.70, counts=(1600, 10000, 1000, 10000), year=Y - 1),
        row("9", 0.15, 0.13, 0.17, measure="share_minoritised", counts=(150, 1000, 850, 1000), year=Y),
        row("9", 0.16, 0.14, 0.18, measure="share_minoritised", counts=(160, 1000, 840, 1000), year=Y - 1),
        secret_row("4", year=Y),
        row("7a", 1.5, 1.1, 2.0, year=Y),
        row("1", 0.70, 0.50, 0.98, breakdown="70k_plus", year=Y),
        secret_row("1", breakdown="70k_plus", year=Y - 1),
        row("7b", None, flag="reference_zero", counts=(5, 80, 0, 200), year=Y),
        row("1", 0.9, 0.8, 1.0, breakdown="below_30k", year=Y),  # not the band of A9
        row("2", 0.50, 0.40, 0.60, year=Y, code="E09000002"),  # another year's row does not count
    ])


def last_year_plan():
    return plan([
        action("A1", "2", 0.8, 2025),
        action("A2", "3", 1.25, 2025, comparison="at_most"),
        action("A3", "5", 0.8, 2025),
        action("A4", "8", 1.25, 2026, comparison="at_most"),
        action("A5", "9", 0.2, 2026, measure="share_minoritised"),
        action("A6", "4", 1.25, 2025, comparison="at_most"),
        action("A7", "6", 20.0, 2025, comparison="at_most", measure="percent_experienced"),
        action("A8", "7a", 1.25, 2025, comparison="at_most", status="dropped"),
        action("A9", "1", 0.8, 2026, breakdown="70k_plus"),
        action("A10", "7b", 1.25, 2025, comparison="at_most"),
        action("A11", "2", 0.85, 2026, status="complete"),
    ])


@pytest.fixture
def progress():
    own = rows()
    return plan_progress(last_year_plan(), own[own["authority_code"] == "E09000001"], Y)


def test_states_worked_by_hand(progress):
    assert list(progress["action_id"]) == [f"A{n}" for n in range(1, 12)]
    assert list(progress["state"]) == [
        "met",  # 0.81 to 0.90: the whole interval is at least 0.80
        "not_clear",  # 1.20 <= 1.25, but the interval reaches 1.60
        "not_met",  # 0.60 < 0.80 and 2025 has come
        "on_track",  # 1.40 < 1.60 last year, clearly (z = -2.46), target 2026 ahead
        "no_clear_progress",  # share 15% < 16% last year, away from the target of 20% by 2026
        "cannot_assess",  # suppressed
        "cannot_assess",  # no survey row this year
        "dropped",
        "cannot_assess",  # last year's £70k+ figure suppressed, target still ahead
        "cannot_assess",  # no RL (no white respondents had the outcome)
        "not_clear",  # 0.85 >= 0.85 (the boundary counts), but the interval reaches 0.81
    ]


def test_met_says_where_the_interval_lies(progress):
    side = dict(zip(progress["action_id"], progress["interval_on_target_side"]))
    assert bool(side["A1"]) and not bool(side["A2"]) and not bool(side["A11"])
    assert progress.loc[progress["action_id"] == "A6", "interval_on_target_side"].isna().all()


def test_reasons_and_flags(progress):
    reason = dict(zip(progress["action_id"], progress["reason"]))
    assert (reason["A6"], reason["A7"], reason["A9"], reason["A10"]) == (
        "suppressed", "no_row", "previous_suppressed", "no_value")
    flag = dict(zip(progress["action_id"], progress["flag"]))
    assert flag["A10"] == "reference_zero" and flag["A6"] == ""  # a suppressed row's flag is hidden


def test_values_shown_and_suppressed_ones_withheld(progress):
    by_id = progress.set_index("action_id")
    assert by_id.loc["A4", ["value", "ci_lower", "ci_upper", "previous_value"]].tolist() == [1.4, 1.32, 1.49, 1.6]
    assert by_id.loc["A9", "value"] == 0.7
    for action_id in ("A6", "A9"):
        assert math.isnan(by_id.loc[action_id, "previous_value"])
    assert by_id.loc["A6", ["value", "ci_lower", "ci_upper"]].isna().all()
    text = progress.to_string()
    for secret in SECRET_TEXTS:
        assert secret not in text


def test_no_previous_year_for_a_target_ahead():
    result = plan_progress(plan([action("B1", "2", 0.8, 2027)]), frame([row("2", 0.7, 0.6, 0.8, year=Y)]), Y)
    assert result["state"].tolist() == ["cannot_assess"] and result["reason"].tolist() == ["no_previous"]


def test_no_change_is_no_clear_progress():
    own = frame([row("3", 1.5, 1.2, 1.8, counts=(30, 200, 20, 200), year=Y),
                 row("3", 1.5, 1.2, 1.8, counts=(30, 200, 20, 200), year=Y - 1)])
    result = plan_progress(plan([action("B1", "3", 1.25, 2026, comparison="at_most")]), own, Y)
    assert result["state"].tolist() == ["no_clear_progress"]


def test_a_move_toward_the_target_within_chance_is_no_clear_progress():
    # 20/100 vs 10/100 (2.0) -> 15/100 vs 10/100 (1.5): SE^2 = (1/20 - 1/100 + 1/10 - 1/100)
    # + (1/15 - 1/100 + 1/10 - 1/100) = 0.13 + 0.146667; z = ln 0.75 / 0.525991 = -0.547
    own = frame([row("3", 1.5, 0.71, 3.19, counts=(15, 100, 10, 100), year=Y),
                 row("3", 2.0, 0.98, 4.07, counts=(20, 100, 10, 100), year=Y - 1)])
    result = plan_progress(plan([action("B1", "3", 1.25, 2026, comparison="at_most")]), own, Y)
    assert result["state"].tolist() == ["no_clear_progress"]


def test_a_share_clearly_closer_to_its_target_is_on_track():
    # 150/1000 -> 250/1000: z = 0.10 / sqrt(0.15 x 0.85 / 1000 + 0.25 x 0.75 / 1000)
    #   = 0.10 / 0.0177482 = 5.634; still short of at least 30% by 2026
    own = frame([row("9", 0.25, 0.22, 0.28, measure="share_minoritised", counts=(250, 1000, 750, 1000), year=Y),
                 row("9", 0.15, 0.13, 0.17, measure="share_minoritised", counts=(150, 1000, 850, 1000),
                     year=Y - 1)])
    result = plan_progress(plan([action("B1", "9", 0.3, 2026, measure="share_minoritised")]), own, Y)
    assert result["state"].tolist() == ["on_track"]


def test_a_point_on_the_target_side_without_an_interval_is_not_clear():
    own = frame([row("3", 0.0, None, None, counts=(0, 50, 10, 200), flag="zero_events", year=Y)])
    result = plan_progress(plan([action("B1", "3", 1.25, 2025, comparison="at_most")]), own, Y)
    assert result["state"].tolist() == ["not_clear"]


def test_missed_target_with_interval_reaching_it():
    own = frame([row("5", 0.75, 0.6, 0.95, year=Y)])
    result = plan_progress(plan([action("B1", "5", 0.8, 2025)]), own, Y)
    assert result["state"].tolist() == ["not_met"] and result["ci_upper"].tolist() == [0.95]


@pytest.mark.parametrize("no_plan", [None, plan([])])
def test_no_plan_gives_empty_frame(no_plan):
    result = plan_progress(no_plan, rows(), Y)
    assert result.empty and tuple(result.columns) == PROGRESS_COLUMNS
