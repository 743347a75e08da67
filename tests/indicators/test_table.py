"""compute_indicators on the hand-built two-authority example (see conftest), plus properties."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scwres_helpers import codes
from scwres_helpers.indicators import compute_indicators
from scwres_helpers.indicators.table import suppression

from .conftest import A, B, YEAR, authority_a, authority_b, make_return, table, wf

TOL = 1e-9
STRING_KEYS = ("scope", "authority_code", "service", "group", "indicator", "breakdown", "measure")


@pytest.fixture(scope="module")
def result() -> pd.DataFrame:
    return compute_indicators([authority_a(), authority_b()], YEAR)


def row(frame, authority, service, group, indicator, measure, breakdown="") -> pd.Series:
    scope = "national" if authority == "national" else "authority"
    mask = (
        (frame["scope"] == scope)
        & (frame["authority_code"] == authority)
        & (frame["service"] == service)
        & (frame["group"] == group)
        & (frame["indicator"] == indicator)
        & (frame["breakdown"] == breakdown)
        & (frame["measure"] == measure)
    )
    assert mask.sum() == 1, (authority, service, group, indicator, measure, breakdown)
    return frame[mask].iloc[0]


def counts(r):
    return tuple(None if pd.isna(r[c]) else int(r[c]) for c in
                 ("numerator_group", "denominator_group", "numerator_white", "denominator_white"))


def empty(v) -> bool:
    return isinstance(v, float) and math.isnan(v)


# --- shape, order and types ----------------------------------------------------------------

def test_columns_and_dtypes(result):
    assert tuple(result.columns) == codes.INDICATOR_TABLE_COLUMNS
    assert result["year"].dtype == "int64" and set(result["year"]) == {YEAR}
    for c in ("numerator_group", "denominator_group", "numerator_white", "denominator_white"):
        assert str(result[c].dtype) == "Int64"
    for c in ("rate_group", "rate_white", "value", "ci_lower", "ci_upper"):
        assert result[c].dtype == "float64"
    for c in (*STRING_KEYS, "assessment", "flag"):
        assert result[c].dtype == "str"
        assert not result[c].isna().any()
    assert result["suppressed"].dtype == bool


def test_sorted_lexicographically_and_unique(result):
    keys = list(zip(*(result[c].tolist() for c in codes.INDICATOR_TABLE_SORT)))
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)


def test_row_counts_per_authority_and_service(result):
    # per compared group: indicator 1 = 9 breakdowns x 2 measures, 2/3/4/5/8 = 5, 9 = 3, survey 3 x 2 = 6
    with_survey, without_survey = 5 * (18 + 5 + 3 + 6) + 1, 5 * (18 + 5 + 3) + 1  # + 1 DQ row
    sizes = result.groupby(["authority_code", "service"]).size().to_dict()
    assert sizes == {
        (A, "adult"): with_survey,
        (A, "all"): with_survey,
        (A, "children"): without_survey,  # A's survey has no children rows
        (B, "adult"): without_survey,  # B has no survey
        (B, "all"): without_survey,
        ("national", "adult"): with_survey,
        ("national", "all"): with_survey,
        ("national", "children"): without_survey,
    }
    assert len(result) == 4 * with_survey + 4 * without_survey


def test_missing_service_and_survey_rows_are_absent(result):
    assert not ((result["authority_code"] == B) & (result["service"] == "children")).any()
    survey_rows = result[result["indicator"].isin(["6", "7a", "7b"])]
    assert B not in set(survey_rows["authority_code"])
    assert "children" not in set(survey_rows["service"])


def test_indicator_1_breakdowns(result):
    a = result[(result["authority_code"] == A) & (result["service"] == "adult") & (result["group"] == "minoritised")
               & (result["indicator"] == "1")]
    assert sorted(set(a["breakdown"])) == sorted([*codes.PAY_BANDS, "below_30k", "30k_to_69k"])
    assert set(a["measure"]) == {"share_minoritised", "relative_likelihood"}


# --- specific rows worked by hand ------------------------------------------------------------

def test_leavers_all_pools_adult_and_children(result):
    # A all minoritised: adult 6/40, children 5/30 -> pooled 11/70 vs white 15/150
    # RL = (11/70)/(15/150) = 1.5714285714 (the mean of adult 1.5 and children 1.6667 would be 1.5833)
    r = row(result, A, "all", "minoritised", "8", "relative_likelihood")
    assert counts(r) == (11, 70, 15, 150)
    assert r.rate_group == pytest.approx(11 / 70, abs=TOL)
    assert r.rate_white == pytest.approx(0.1, abs=TOL)
    assert r.value == pytest.approx(1.571428571428571428, abs=TOL)
    assert r.ci_lower == pytest.approx(0.761497399900453996, abs=TOL)
    assert r.ci_upper == pytest.approx(3.242805235349259388, abs=TOL)
    assert r.assessment == "no_clear_difference"
    assert r.flag == "" and not r.suppressed


def test_national_pools_counts_not_rls(result):
    # A adult RL 1.5 (6/40 vs 10/100), B adult RL 2.0 (9/45 vs 22/220); mean 1.75.
    # Pooled: 15/85 vs 32/320 -> 1.7647058824, Katz (1.0032374134, 3.1041374750) -> more likely
    assert row(result, A, "adult", "minoritised", "8", "relative_likelihood").value == pytest.approx(1.5, abs=TOL)
    assert row(result, B, "adult", "minoritised", "8", "relative_likelihood").value == pytest.approx(2.0, abs=TOL)
    r = row(result, "national", "adult", "minoritised", "8", "relative_likelihood")
    assert counts(r) == (15, 85, 32, 320)
    assert r.value == pytest.approx(1.764705882352941176, abs=TOL)
    assert r.ci_lower == pytest.approx(1.003237413369460059, abs=TOL)
    assert r.ci_upper == pytest.approx(3.104137475048707986, abs=TOL)
    assert r.assessment == "more_likely"
    # national all: A all (11/70, 15/150) + B (9/45, 22/220) = 20/115 vs 37/370 -> 1.7391304348
    r = row(result, "national", "all", "minoritised", "8", "relative_likelihood")
    assert counts(r) == (20, 115, 37, 370)
    assert r.value == pytest.approx(1.739130434782608695, abs=TOL)
    assert r.ci_lower == pytest.approx(1.052617401211446713, abs=TOL)
    assert r.ci_upper == pytest.approx(2.873384636911942727, abs=TOL)
    # national children is A's children alone
    r = row(result, "national", "children", "black", "8", "relative_likelihood")
    assert counts(r) == (5, 25, 5, 50)
    assert r.value == pytest.approx(2.0, abs=TOL)


def test_flags_in_context(result):
    # recruitment: asian 0 of 10 appointed vs white 10 of 20 -> zero events, adjusted-log interval:
    # RL* = (0.5/10.5)/(10.5/20.5) = 0.0929705215, SE* = sqrt(2 - 1/10.5 + 1/10.5 - 1/20.5) = 1.3968605915
    r = row(result, A, "adult", "asian", "2", "relative_likelihood")
    assert counts(r) == (0, 10, 10, 20)
    assert r.value == 0.0 and r.flag == "zero_events"
    assert r.ci_lower == pytest.approx(0.006016381493613507653, abs=TOL)
    assert r.ci_upper == pytest.approx(1.436663862648579192, abs=TOL)
    assert r.assessment == "no_clear_difference"
    # nobody black was shortlisted -> no denominator, white rate still given
    r = row(result, A, "adult", "black", "2", "relative_likelihood")
    assert r.flag == "no_denominator" and empty(r.value) and empty(r.rate_group)
    assert r.rate_white == pytest.approx(0.5, abs=TOL)
    # no disciplinary rows at all -> white 0 of 100 -> reference_zero
    r = row(result, A, "adult", "minoritised", "3", "relative_likelihood")
    assert counts(r) == (0, 40, 0, 100)
    assert r.flag == "reference_zero" and empty(r.value)
    # A adult has no mixed staff: kept, no denominator
    r = row(result, A, "adult", "mixed", "8", "relative_likelihood")
    assert counts(r) == (0, 0, 10, 100)
    assert r.flag == "no_denominator" and r.assessment == "not_assessed"
    assert r.rate_white == pytest.approx(0.1, abs=TOL)
    # children had no recruitment: whole indicator without denominators
    r = row(result, A, "children", "minoritised", "2", "relative_likelihood")
    assert counts(r) == (0, 0, 0, 0) and r.flag == "no_denominator"


def test_indicator_1_rows(result):
    # A adult minoritised, below_30k: 20 minoritised (20k_to_29k), 30 white (under_20k)
    r = row(result, A, "adult", "minoritised", "1", "share_minoritised", "below_30k")
    assert counts(r) == (20, 50, 30, 50)
    assert r.value == pytest.approx(0.4, abs=TOL)
    assert r.rate_group == pytest.approx(0.4, abs=TOL) and r.rate_white == pytest.approx(0.6, abs=TOL)
    assert r.ci_lower == pytest.approx(0.276083896444286035, abs=TOL)
    assert r.ci_upper == pytest.approx(0.538185623591436790, abs=TOL)
    # RL: (20/40) / (30/100) = 5/3
    r = row(result, A, "adult", "minoritised", "1", "relative_likelihood", "below_30k")
    assert counts(r) == (20, 40, 30, 100)
    assert r.value == pytest.approx(5 / 3, abs=TOL)
    # 30k_to_69k: 12 + 6 minoritised, 60 white
    r = row(result, A, "adult", "minoritised", "1", "share_minoritised", "30k_to_69k")
    assert counts(r) == (18, 78, 60, 78)
    assert r.ci_lower == pytest.approx(0.151255087989483796, abs=TOL)
    assert r.ci_upper == pytest.approx(0.335557579158625218, abs=TOL)
    r = row(result, A, "adult", "minoritised", "1", "relative_likelihood", "30k_to_69k")
    assert r.value == pytest.approx(0.75, abs=TOL)  # (18/40) / (60/100)
    # 70k_plus pay band: 2 asian_pakistani vs 10 white_irish -> RL (2/40)/(10/100) = 0.5
    r = row(result, A, "adult", "minoritised", "1", "relative_likelihood", "70k_plus")
    assert counts(r) == (2, 40, 10, 100)
    assert r.value == pytest.approx(0.5, abs=TOL)
    assert r.ci_lower == pytest.approx(0.114591326139039165, abs=TOL)
    assert r.ci_upper == pytest.approx(2.181665998844127005, abs=TOL)
    # an empty band: nobody in under_20k is minoritised, white 30 -> share 0 with an interval
    r = row(result, A, "adult", "minoritised", "1", "share_minoritised", "under_20k")
    assert counts(r) == (0, 30, 30, 30) and r.value == 0.0 and r.flag == ""
    r = row(result, A, "adult", "minoritised", "1", "share_minoritised", "40k_to_49k")
    assert counts(r) == (0, 0, 0, 0) and r.flag == "no_denominator" and empty(r.value)


def test_indicator_9_rows(result):
    # A adult: senior 2 minoritised, 10 white; workforce 40 and 100
    r = row(result, A, "adult", "minoritised", "9", "share_minoritised")
    assert counts(r) == (2, 12, 10, 12)
    assert r.value == pytest.approx(2 / 12, abs=TOL)
    assert r.ci_lower == pytest.approx(0.046965141756920803, abs=TOL)
    assert r.ci_upper == pytest.approx(0.448030864611811138, abs=TOL)
    r = row(result, A, "adult", "minoritised", "9", "relative_likelihood")
    assert counts(r) == (2, 40, 10, 100)
    assert r.value == pytest.approx(0.5, abs=TOL)
    r = row(result, A, "adult", "minoritised", "9", "gap_pp")
    assert counts(r) == (2, 12, 10, 12)
    assert r.value == pytest.approx(-11.9047619047619047, abs=TOL)  # 100 (2/12 - 40/140) = -500/42
    assert empty(r.rate_group) and empty(r.rate_white) and empty(r.ci_lower)
    assert r.suppressed  # the 2 senior managers
    # national adult: senior 7 of (7 + 30); workforce 85 of (85 + 320): 100 (7/37 - 17/81) = -6200/2997
    r = row(result, "national", "adult", "minoritised", "9", "gap_pp")
    assert counts(r) == (7, 37, 30, 37)
    assert r.value == pytest.approx(-2.068735402068735402, abs=TOL)
    r = row(result, "national", "adult", "minoritised", "9", "share_minoritised")
    assert r.ci_lower == pytest.approx(0.094799786788122234, abs=TOL)
    assert r.ci_upper == pytest.approx(0.342046970649006970, abs=TOL)


def test_survey_rows(result):
    # A adult public: minoritised 5 of 20 vs white 20 of 80 -> RL 1, 25% each
    r = row(result, A, "adult", "minoritised", "6", "relative_likelihood")
    assert counts(r) == (5, 20, 20, 80) and r.value == pytest.approx(1.0, abs=TOL)
    r = row(result, A, "adult", "asian", "6", "percent_experienced")
    assert r.value == pytest.approx(50.0, abs=TOL) and r.rate_white == pytest.approx(25.0, abs=TOL)
    assert r.ci_lower == pytest.approx(23.6593089011479370, abs=1e-7)
    assert r.ci_upper == pytest.approx(76.3406910988520629, abs=1e-7)
    r = row(result, A, "adult", "black", "6", "percent_experienced")
    assert r.value == 0.0 and r.flag == "" and r.ci_upper == pytest.approx(27.7532803026057719, abs=1e-7)
    r = row(result, A, "adult", "black", "6", "relative_likelihood")
    assert r.flag == "zero_events"
    # no colleague-source rows: respondents 0 on both sides
    r = row(result, A, "adult", "minoritised", "7a", "percent_experienced")
    assert counts(r) == (0, 0, 0, 0) and r.flag == "no_denominator" and empty(r.rate_white)
    # national adult survey pools only A (B ran none)
    r = row(result, "national", "adult", "minoritised", "6", "relative_likelihood")
    assert counts(r) == (5, 20, 20, 80)


def test_data_quality_rows(result):
    dq = result[result["indicator"] == "DQ"]
    assert set(dq["measure"]) == {"share_unknown"} and set(dq["group"]) == {""}
    r = row(result, A, "adult", "", "DQ", "share_unknown")
    assert counts(r) == (5, 145, None, None)
    assert r.value == pytest.approx(5 / 145, abs=TOL)
    assert empty(r.rate_group) and empty(r.ci_lower) and r.assessment == "" and not r.suppressed
    assert row(result, A, "all", "", "DQ", "share_unknown").value == pytest.approx(20 / 240, abs=TOL)
    assert row(result, B, "all", "", "DQ", "share_unknown").value == 0.0
    assert row(result, "national", "all", "", "DQ", "share_unknown").value == pytest.approx(20 / 505, abs=TOL)
    assert row(result, "national", "adult", "", "DQ", "share_unknown").value == pytest.approx(5 / 410, abs=TOL)


def test_non_rl_rows_have_no_assessment(result):
    assert set(result.loc[result["measure"] == "relative_likelihood", "assessment"]) <= {
        "more_likely", "less_likely", "no_clear_difference", "not_assessed"
    }
    assert set(result.loc[result["measure"] != "relative_likelihood", "assessment"]) == {""}


# --- disclosure control ------------------------------------------------------------------------

def test_suppression_in_the_example(result):
    assert row(result, A, "adult", "black", "8", "relative_likelihood").suppressed  # 4 black leavers
    assert row(result, B, "adult", "asian", "8", "relative_likelihood").suppressed  # 1 asian leaver
    assert not row(result, A, "adult", "asian", "2", "relative_likelihood").suppressed  # 0, 10, 10, 20
    assert not row(result, A, "children", "black", "8", "relative_likelihood").suppressed  # 5, 25, 5, 50
    assert not row(result, A, "adult", "", "DQ", "share_unknown").suppressed  # 5 of 145


def test_threshold_parameter():
    strict = compute_indicators([authority_a(), authority_b()], YEAR, threshold=6)
    loose = compute_indicators([authority_a(), authority_b()], YEAR, threshold=3)
    assert row(strict, A, "adult", "", "DQ", "share_unknown").suppressed  # 5 < 6
    assert row(strict, A, "children", "black", "8", "relative_likelihood").suppressed
    assert not row(loose, A, "adult", "black", "8", "relative_likelihood").suppressed  # 4 >= 3
    assert row(loose, B, "adult", "asian", "8", "relative_likelihood").suppressed  # 1 < 3


@pytest.mark.parametrize(
    ("counts_", "expected"),
    [((0, 0, 0, 0), False), ((1, 50, 10, 100), True), ((4, 50, 10, 100), True), ((5, 50, 10, 100), False),
     ((10, 50, 10, 100), False), ((10, 50, 3, 100), True), ((0, 50, 0, 100), False),
     # complements n_g - a_g and n_w - a_w (indicators.md, "Disclosure control")
     ((7, 8, 10, 100), True),  # 7 of 8: the one without the outcome
     ((46, 50, 10, 100), True),  # 4 without
     ((45, 50, 10, 100), False),  # 5 without
     ((10, 50, 99, 100), True),  # one white member without
     ((10, 50, 95, 100), False),
     ((8, 8, 10, 100), False),  # everyone: complement 0, which the rule does not count
     ],
)
def test_suppression_rule(counts_, expected):
    frame = pd.DataFrame({c: pd.array([v], dtype="Int64") for c, v in zip(
        ("numerator_group", "denominator_group", "numerator_white", "denominator_white"), counts_)})
    assert list(suppression(frame)) == [expected]


def test_suppression_ignores_blank_counts():
    frame = pd.DataFrame({
        "numerator_group": pd.array([5, 2], dtype="Int64"),
        "denominator_group": pd.array([100, 100], dtype="Int64"),
        "numerator_white": pd.array([None, None], dtype="Int64"),
        "denominator_white": pd.array([None, None], dtype="Int64"),
    })
    assert list(suppression(frame)) == [False, True]


def test_a_complement_alone_suppresses_a_row():
    # 7 of 8 mixed staff accessed CPD against 50 of 100 white: every count is 5 or more,
    # but the one mixed member who did not is singled out (issue 20, X21432320's 7 of 8)
    ret = make_return(A, workforce=[wf("adult", "white_british", 100), wf("adult", "mixed_other", 8)],
                      cpd=[("adult", "white_british", 50), ("adult", "mixed_other", 7)])
    frame = compute_indicators([ret], YEAR)
    for group in ("mixed", "minoritised"):
        r = row(frame, A, "adult", group, "5", "relative_likelihood")
        assert counts(r) == (7, 8, 50, 100)
        assert r.suppressed
    # the leavers row of the same people (0 of 8 vs 0 of 100) stays published
    assert not row(frame, A, "adult", "mixed", "8", "relative_likelihood").suppressed


def test_suppression_of_share_unknown_judges_the_known_headcount():
    # DQ: numerator_group = unknown, denominator_group = total; the complement is the known headcount
    frame = pd.DataFrame({
        "numerator_group": pd.array([5, 6, 100, 0], dtype="Int64"),
        "denominator_group": pd.array([145, 9, 104, 3], dtype="Int64"),
        "numerator_white": pd.array([None] * 4, dtype="Int64"),
        "denominator_white": pd.array([None] * 4, dtype="Int64"),
    })
    # known 140 / known 3 / known 4 / total 3 itself
    assert list(suppression(frame)) == [False, True, True, True]


def test_suppression_in_the_example_counts_complements():
    frame = compute_indicators([authority_a(), authority_b()], YEAR, threshold=6)
    # A adult black, public survey: 0 of 10 vs white 20 of 80 -> all counts and complements >= 6
    assert not row(frame, A, "adult", "black", "6", "relative_likelihood").suppressed
    # ... but asian 5 of 10: a_g = 5 and n_g - a_g = 5, both below 6
    assert row(frame, A, "adult", "asian", "6", "percent_experienced").suppressed
    # children asian senior managers: 5 of 5 (share 5 of 5 + 0 white): 5 < 6
    assert row(frame, A, "children", "asian", "9", "share_minoritised").suppressed
    loose = compute_indicators([authority_a(), authority_b()], YEAR, threshold=3)
    # B adult asian, 1 of 5 leavers: the complement 4 is not below 3, the count 1 is
    assert row(loose, B, "adult", "asian", "8", "relative_likelihood").suppressed


# --- options and errors -------------------------------------------------------------------------

def test_without_national_rows():
    frame = compute_indicators([authority_a(), authority_b()], YEAR, include_national=False)
    assert set(frame["scope"]) == {"authority"}
    assert len(frame) == 2 * 161 + 3 * 131


def test_no_returns_gives_an_empty_typed_table():
    frame = compute_indicators([], YEAR)
    assert len(frame) == 0 and tuple(frame.columns) == codes.INDICATOR_TABLE_COLUMNS
    assert str(frame["numerator_group"].dtype) == "Int64" and frame["suppressed"].dtype == bool


def test_wrong_year_and_duplicates_are_refused():
    with pytest.raises(ValueError, match="2023"):
        compute_indicators([authority_a(), make_return(B, year=2023, workforce=[wf("adult", "white_british", 5)])],
                           YEAR)
    with pytest.raises(ValueError, match=A):
        compute_indicators([authority_a(), authority_a()], YEAR)


# --- properties ----------------------------------------------------------------------------------

WHITE = ("white_british", "white_other")
OTHERS = ("asian_indian", "black_african", "black_caribbean", "mixed_other", "other_arab", "not_known")


@st.composite
def small_returns(draw) -> tuple:
    """Row lists for a small, valid return with both services (event counts within headcount)."""
    workforce, events = [], {t: [] for t in codes.EVENT_TABLES}
    survey = []
    for service in codes.SERVICES:
        for ethnicity in draw(st.lists(st.sampled_from(WHITE + OTHERS), min_size=1, max_size=5, unique=True)):
            total = regulated_total = 0
            for band, senior, regulated in draw(st.lists(
                st.tuples(st.sampled_from(codes.PAY_BANDS), st.sampled_from(codes.YES_NO),
                          st.sampled_from(codes.YES_NO)), min_size=1, max_size=3, unique=True)):
                n = draw(st.integers(0, 40))
                workforce.append(wf(service, ethnicity, n, band, senior, regulated))
                total += n
                regulated_total += n if regulated == "yes" else 0
            shortlisted = draw(st.integers(0, 20))
            events["recruitment"].append((service, ethnicity, shortlisted, draw(st.integers(0, shortlisted))))
            for name in ("disciplinary", "cpd", "leavers"):
                events[name].append((service, ethnicity, draw(st.integers(0, total))))
            events["fitness_to_practise"].append((service, ethnicity, draw(st.integers(0, regulated_total))))
            for source in codes.SURVEY_SOURCES:
                respondents = draw(st.integers(0, total))
                survey.append((service, ethnicity, source, respondents, draw(st.integers(0, respondents))))
    return workforce, events, survey


PROPERTY_SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(rows=small_returns(), seed=st.integers(0, 2**32 - 1))
def test_row_order_of_the_input_does_not_matter(rows, seed):
    workforce, events, survey = rows
    rng = np.random.default_rng(seed)
    shuffled = lambda rows_: [rows_[i] for i in rng.permutation(len(rows_))]  # noqa: E731
    original = make_return(A, workforce=workforce, survey=survey, **events)
    permuted = make_return(A, workforce=shuffled(workforce), survey=shuffled(survey),
                           **{k: shuffled(v) for k, v in events.items()})
    pd.testing.assert_frame_equal(compute_indicators([original], YEAR), compute_indicators([permuted], YEAR))


def _as_one_service(name: str, rows: list[tuple]) -> pd.DataFrame:
    """The table with every row relabelled adult and re-summed by key."""
    frame = table(name, rows).assign(service="adult")
    keys = list(codes.TABLE_KEYS[name])
    return frame.groupby(keys, as_index=False, sort=True)[list(codes.TABLE_COUNTS[name])].sum()


@PROPERTY_SETTINGS
@given(rows=small_returns())
def test_all_equals_one_pooled_service(rows):
    workforce, events, survey = rows
    both = make_return(A, workforce=workforce, survey=survey, **events)
    pooled = make_return(A)
    for name, table_rows in [("workforce", workforce), ("survey", survey), *events.items()]:
        pooled.tables[name] = _as_one_service(name, table_rows)
    from_all = compute_indicators([both], YEAR, include_national=False)
    from_all = from_all[from_all["service"] == "all"].drop(columns="service").reset_index(drop=True)
    from_pool = compute_indicators([pooled], YEAR, include_national=False)
    from_pool = from_pool[from_pool["service"] == "adult"].drop(columns="service").reset_index(drop=True)
    pd.testing.assert_frame_equal(from_all, from_pool)


def test_national_of_one_authority_repeats_its_figures():
    frame = compute_indicators([authority_a()], YEAR)
    local = frame[frame["scope"] == "authority"].drop(columns=["scope", "authority_code"]).reset_index(drop=True)
    national = frame[frame["scope"] == "national"].drop(columns=["scope", "authority_code"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(local, national)


def test_return_without_workforce_rows_gives_no_rows():
    assert len(compute_indicators([make_return()], YEAR)) == 0
    frame = compute_indicators([make_return(), authority_b()], YEAR)
    assert set(frame["authority_code"]) == {B, "national"}
    national = frame[frame["scope"] == "national"].drop(columns=["scope", "authority_code"]).reset_index(drop=True)
    only_b = frame[frame["authority_code"] == B].drop(columns=["scope", "authority_code"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(national, only_b)
