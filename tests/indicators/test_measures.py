"""One row's computed columns for each measure kind, worked by hand."""

import math

import pandas as pd
import pytest

from scwres_helpers.indicators import measures
from scwres_helpers.indicators.measures import (
    assess,
    gap_pp,
    percent_experienced,
    relative_likelihood,
    share_minoritised,
    share_unknown,
)

TOL = 1e-9


def only_row(frame: pd.DataFrame) -> pd.Series:
    assert len(frame) == 1
    assert tuple(frame.columns) == measures.MEASURE_COLUMNS
    return frame.iloc[0]


def counts_of(row):
    return tuple(None if pd.isna(row[c]) else int(row[c]) for c in measures.COUNT_COLUMNS)


def is_empty(value) -> bool:
    return isinstance(value, float) and math.isnan(value)


# --- relative likelihood ------------------------------------------------------------

def test_rl_no_clear_difference():
    # 10/100 vs 20/100 -> 0.1 / 0.2 = 0.5; Katz interval (0.2466408003, 1.0136198054) contains 1
    row = only_row(relative_likelihood(10, 100, 20, 100))
    assert counts_of(row) == (10, 100, 20, 100)
    assert row.rate_group == pytest.approx(0.1, abs=TOL)
    assert row.rate_white == pytest.approx(0.2, abs=TOL)
    assert row.value == pytest.approx(0.5, abs=TOL)
    assert row.ci_lower == pytest.approx(0.246640800308129582, abs=TOL)
    assert row.ci_upper == pytest.approx(1.013619805351238533, abs=TOL)
    assert row.assessment == "no_clear_difference"
    assert row.flag == ""


def test_rl_more_likely():
    # 30/200 vs 10/200 -> RL 3, interval (1.5072631953, 5.9710872181) above 1
    row = only_row(relative_likelihood(30, 200, 10, 200))
    assert row.value == pytest.approx(3.0, abs=TOL)
    assert row.ci_lower == pytest.approx(1.507263195346499010, abs=TOL)
    assert row.assessment == "more_likely"
    assert row.flag == ""


def test_rl_less_likely():
    # 10/200 vs 30/200 -> RL 1/3, interval (0.1674736884, 0.6634541353) below 1
    row = only_row(relative_likelihood(10, 200, 30, 200))
    assert row.value == pytest.approx(0.333333333333333333, abs=TOL)
    assert row.ci_lower == pytest.approx(0.167473688371833223, abs=TOL)
    assert row.ci_upper == pytest.approx(0.663454135341050239, abs=TOL)
    assert row.assessment == "less_likely"


def test_rl_zero_events_is_zero_with_the_adjusted_log_interval():
    # 0/50 vs 10/100: add 0.5 to each count -> RL* = (0.5/50.5)/(10.5/100.5) = 0.0947666195,
    # SE* = sqrt(1/0.5 - 1/50.5 + 1/10.5 - 1/100.5) = 1.4371798309 -> (0.0056666409, 1.5848387760)
    row = only_row(relative_likelihood(0, 50, 10, 100))
    assert row.value == 0.0
    assert row.rate_group == 0.0
    assert row.rate_white == pytest.approx(0.1, abs=TOL)
    assert row.ci_lower == pytest.approx(0.005666640866621804437, abs=TOL)
    assert row.ci_upper == pytest.approx(1.584838775997951770, abs=TOL)
    assert row.flag == "zero_events"
    assert row.assessment == "no_clear_difference"


def test_rl_zero_events_spec_example_is_assessed():
    # indicators.md: 0 of 40 minoritised applicants appointed against 60 of 200 white ->
    # RL 0, interval 0.0026 to 0.65, less_likely. RL* = (0.5/40.5)/(60.5/200.5) = 0.0409141924,
    # SE* = sqrt(2 - 1/40.5 + 1/60.5 - 1/200.5) = 1.4095566808
    row = only_row(relative_likelihood(0, 40, 60, 200))
    assert row.value == 0.0
    assert row.ci_lower == pytest.approx(0.002582600031603730969, abs=TOL)
    assert row.ci_upper == pytest.approx(0.6481728187333330589, abs=TOL)
    assert round(row.ci_lower, 4) == 0.0026 and round(row.ci_upper, 2) == 0.65
    assert row.flag == "zero_events"
    assert row.assessment == "less_likely"


def test_rl_reference_zero_has_no_value():
    row = only_row(relative_likelihood(3, 50, 0, 100))
    assert is_empty(row.value) and is_empty(row.ci_lower) and is_empty(row.ci_upper)
    assert row.rate_group == pytest.approx(0.06, abs=TOL)
    assert row.rate_white == 0.0
    assert row.flag == "reference_zero"
    assert row.assessment == "not_assessed"


def test_rl_reference_zero_takes_precedence_over_zero_events():
    row = only_row(relative_likelihood(0, 50, 0, 100))
    assert row.flag == "reference_zero"
    assert is_empty(row.value)


@pytest.mark.parametrize(
    ("counts", "rate_group_empty", "rate_white_empty"),
    [((0, 0, 5, 100), True, False), ((5, 50, 0, 0), False, True), ((0, 0, 0, 0), True, True)],
)
def test_rl_no_denominator(counts, rate_group_empty, rate_white_empty):
    row = only_row(relative_likelihood(*counts))
    assert row.flag == "no_denominator"
    assert row.assessment == "not_assessed"
    assert is_empty(row.value) and is_empty(row.ci_lower) and is_empty(row.ci_upper)
    assert is_empty(row.rate_group) == rate_group_empty
    assert is_empty(row.rate_white) == rate_white_empty
    if not rate_white_empty:
        assert row.rate_white == pytest.approx(0.05, abs=TOL)


def test_rl_no_denominator_wins_over_reference_zero():
    assert only_row(relative_likelihood(0, 0, 0, 100)).flag == "no_denominator"


def test_rl_works_on_columns():
    frame = relative_likelihood([10, 30, 0], [100, 200, 50], [20, 10, 10], [100, 200, 100])
    assert list(frame["assessment"]) == ["no_clear_difference", "more_likely", "no_clear_difference"]
    assert list(frame["flag"]) == ["", "", "zero_events"]
    assert frame["value"].tolist() == pytest.approx([0.5, 3.0, 0.0], abs=TOL)


@pytest.mark.parametrize(
    ("lower", "upper", "expected"),
    [
        (1.0000001, 2.0, "more_likely"),
        (1.0, 2.0, "no_clear_difference"),  # touching 1 is not a clear difference
        (0.5, 1.0, "no_clear_difference"),
        (0.5, 0.9999999, "less_likely"),
        (float("nan"), float("nan"), "not_assessed"),
    ],
)
def test_assessment_boundaries(lower, upper, expected):
    assert list(assess([lower], [upper])) == [expected]


# --- share_minoritised ----------------------------------------------------------------

def test_share_counts_rates_and_wilson():
    # x = 2, w = 10: share 2/12; Wilson(2, 12) = (0.0469651418, 0.4480308646)
    row = only_row(share_minoritised(2, 10))
    assert counts_of(row) == (2, 12, 10, 12)
    assert row.value == pytest.approx(2 / 12, abs=TOL)
    assert row.rate_group == pytest.approx(2 / 12, abs=TOL)
    assert row.rate_white == pytest.approx(10 / 12, abs=TOL)
    assert row.ci_lower == pytest.approx(0.046965141756920803, abs=TOL)
    assert row.ci_upper == pytest.approx(0.448030864611811138, abs=TOL)
    assert row.assessment == "" and row.flag == ""


def test_share_zero_numerator_is_a_proper_zero():
    # 0 of 10: 0% with Wilson (0, 0.2775328030)
    row = only_row(share_minoritised(0, 10))
    assert row.value == 0.0
    assert row.ci_lower == 0.0
    assert row.ci_upper == pytest.approx(0.277532803026057719, abs=TOL)
    assert row.flag == ""


def test_share_without_denominator():
    row = only_row(share_minoritised(0, 0))
    assert counts_of(row) == (0, 0, 0, 0)
    assert row.flag == "no_denominator"
    assert all(is_empty(row[c]) for c in ("rate_group", "rate_white", "value", "ci_lower", "ci_upper"))
    assert row.assessment == ""


# --- percent_experienced ---------------------------------------------------------------

def test_percent_experienced():
    # 5 of 10 -> 50%, Wilson x 100 = (23.6593089011, 76.3406910989); white 20 of 80 -> 25%
    row = only_row(percent_experienced(5, 10, 20, 80))
    assert counts_of(row) == (5, 10, 20, 80)
    assert row.value == pytest.approx(50.0, abs=TOL)
    assert row.rate_group == pytest.approx(50.0, abs=TOL)
    assert row.rate_white == pytest.approx(25.0, abs=TOL)
    assert row.ci_lower == pytest.approx(23.6593089011479370, abs=1e-7)
    assert row.ci_upper == pytest.approx(76.3406910988520629, abs=1e-7)
    assert row.assessment == "" and row.flag == ""


def test_percent_zero_experienced_is_not_flagged():
    row = only_row(percent_experienced(0, 10, 5, 10))
    assert row.value == 0.0 and row.ci_lower == 0.0
    assert row.ci_upper == pytest.approx(27.7532803026057719, abs=1e-7)
    assert row.flag == ""


def test_percent_group_without_respondents():
    row = only_row(percent_experienced(0, 0, 5, 10))
    assert row.flag == "no_denominator"
    assert is_empty(row.value) and is_empty(row.ci_lower) and is_empty(row.rate_group)
    assert row.rate_white == pytest.approx(50.0, abs=TOL)


def test_percent_white_without_respondents_keeps_the_group_value_unflagged():
    row = only_row(percent_experienced(5, 10, 0, 0))
    assert row.flag == ""
    assert row.value == pytest.approx(50.0, abs=TOL)
    assert is_empty(row.rate_white)


# --- gap_pp ------------------------------------------------------------------------------

def test_gap_pp():
    # senior 2 of (2 + 10); whole workforce 40 of (40 + 100): 100 * (1/6 - 2/7) = -500/42 = -11.9047619048
    row = only_row(gap_pp(2, 10, 40, 100))
    assert counts_of(row) == (2, 12, 10, 12)
    assert row.value == pytest.approx(-11.9047619047619047, abs=TOL)
    assert all(is_empty(row[c]) for c in ("rate_group", "rate_white", "ci_lower", "ci_upper"))
    assert row.assessment == "" and row.flag == ""


def test_gap_pp_equal_shares_is_plain_zero():
    row = only_row(gap_pp(1, 4, 10, 40))
    assert row.value == 0.0 and math.copysign(1.0, row.value) == 1.0


def test_gap_pp_without_senior_managers():
    row = only_row(gap_pp(0, 0, 40, 100))
    assert row.flag == "no_denominator"
    assert is_empty(row.value)


# --- share_unknown ----------------------------------------------------------------------

def test_share_unknown():
    row = only_row(share_unknown(5, 145))
    assert counts_of(row) == (5, 145, None, None)
    assert row.value == pytest.approx(5 / 145, abs=TOL)
    assert all(is_empty(row[c]) for c in ("rate_group", "rate_white", "ci_lower", "ci_upper"))
    assert row.flag == "" and row.assessment == ""


def test_share_unknown_without_staff():
    row = only_row(share_unknown(0, 0))
    assert row.flag == "no_denominator"
    assert is_empty(row.value)


def test_column_dtypes():
    frame = relative_likelihood([1, 2], [3, 4], [5, 6], [7, 8])
    assert all(str(frame[c].dtype) == "Int64" for c in measures.COUNT_COLUMNS)
    assert all(frame[c].dtype == "float64" for c in ("rate_group", "rate_white", "value", "ci_lower", "ci_upper"))
    assert all(frame[c].dtype == "str" for c in ("assessment", "flag"))
