"""Group counts of the hand-built example (see conftest) and their pooling."""

import pandas as pd
import pytest

from scwres_helpers.indicators.counts import COUNT_FIELDS, count_returns, group_counts, pool

from .conftest import A, B, authority_a, authority_b, make_return, wf


def value(frame: pd.DataFrame, field: str, **keys) -> int:
    mask = pd.Series(True, index=frame.index)
    for key, wanted in keys.items():
        mask &= frame[key] == wanted
    assert mask.sum() == 1, keys
    return int(frame.loc[mask, field].iloc[0])


@pytest.fixture(scope="module")
def a_counts():
    return group_counts(authority_a())


def test_one_row_per_service_and_group(a_counts):
    assert len(a_counts) == 3 * 6
    assert set(a_counts["service"]) == {"adult", "children", "all"}
    assert set(a_counts["group"]) == {"white", "asian", "black", "mixed", "other", "minoritised"}
    assert "unknown" not in set(a_counts["group"])
    assert all(a_counts[f].dtype == "int64" for f in COUNT_FIELDS)


@pytest.mark.parametrize(
    ("service", "group", "headcount"),
    [
        ("adult", "white", 100),  # 60 + 10 + 30
        ("adult", "asian", 14),  # 12 + 2
        ("adult", "black", 20),
        ("adult", "mixed", 0),  # no rows at all: still counted, as zero
        ("adult", "other", 6),
        ("adult", "minoritised", 40),  # 14 + 20 + 0 + 6; the 5 not_known are left out
        ("children", "minoritised", 30),  # 25 + 5; the 15 prefer_not_to_say are left out
        ("all", "white", 150),
        ("all", "minoritised", 70),
    ],
)
def test_headcounts(a_counts, service, group, headcount):
    assert value(a_counts, "headcount", service=service, group=group) == headcount


def test_flags_and_bands(a_counts):
    assert value(a_counts, "regulated_headcount", service="adult", group="white") == 30
    assert value(a_counts, "regulated_headcount", service="all", group="minoritised") == 45  # 20 + 25
    assert value(a_counts, "senior_headcount", service="adult", group="minoritised") == 2
    assert value(a_counts, "senior_headcount", service="all", group="asian") == 7  # 2 adult + 5 children
    assert value(a_counts, "headcount_70k_plus", service="adult", group="white") == 10
    assert value(a_counts, "headcount_below_30k", service="adult", group="white") == 30  # under_20k
    assert value(a_counts, "headcount_below_30k", service="adult", group="minoritised") == 20  # 20k_to_29k
    assert value(a_counts, "headcount_30k_to_69k", service="adult", group="minoritised") == 18  # 12 + 6
    assert value(a_counts, "headcount_30k_to_69k", service="children", group="asian") == 5  # 60k_to_69k


def test_events_missing_pairs_count_zero(a_counts):
    assert value(a_counts, "leavers", service="all", group="minoritised") == 11  # 4 + 2 + 5
    assert value(a_counts, "leavers", service="all", group="white") == 15
    assert value(a_counts, "shortlisted", service="adult", group="black") == 0
    assert value(a_counts, "shortlisted", service="children", group="white") == 0
    assert value(a_counts, "entered_formal_process", service="all", group="white") == 0


def test_survey_sources_are_separate_columns(a_counts):
    assert value(a_counts, "respondents_public", service="adult", group="minoritised") == 20
    assert value(a_counts, "experienced_public", service="adult", group="minoritised") == 5
    assert value(a_counts, "respondents_colleagues", service="adult", group="white") == 0


def test_survey_coverage_and_data_quality():
    counts = count_returns([authority_a(), authority_b()])
    covered = set(zip(counts.survey["authority_code"], counts.survey["service"]))
    assert covered == {(A, "adult"), (A, "all")}  # A's survey has no children rows; B has none
    dq = counts.data_quality
    assert value(dq, "unknown_headcount", authority_code=A, service="adult") == 5
    assert value(dq, "total_headcount", authority_code=A, service="adult") == 145
    assert value(dq, "unknown_headcount", authority_code=A, service="all") == 20
    assert value(dq, "total_headcount", authority_code=A, service="all") == 240
    assert value(dq, "total_headcount", authority_code=B, service="all") == 265
    assert set(zip(dq["authority_code"], dq["service"])) == {
        (A, "adult"), (A, "children"), (A, "all"), (B, "adult"), (B, "all")
    }


def test_pool_sums_counts_by_service():
    national = pool(count_returns([authority_a(), authority_b()]))
    groups = national.groups
    assert set(groups["authority_code"]) == {"national"}
    assert value(groups, "headcount", service="adult", group="white") == 320  # 100 + 220
    assert value(groups, "leavers", service="adult", group="minoritised") == 15  # 6 + 9
    assert value(groups, "headcount", service="children", group="white") == 50  # A only
    assert value(groups, "headcount", service="all", group="minoritised") == 115  # 70 + 45
    assert value(national.data_quality, "total_headcount", service="all") == 505
    assert set(national.survey["service"]) == {"adult", "all"}


def test_event_rows_for_a_service_not_in_the_workforce_are_ignored():
    ret = make_return(workforce=[wf("adult", "white_british", 10)], leavers=[("children", "white_british", 3)])
    counts = group_counts(ret)
    assert set(counts["service"]) == {"adult", "all"}
    assert value(counts, "leavers", service="all", group="white") == 0


def test_unknown_ethnicity_code_is_an_error():
    ret = make_return(workforce=[wf("adult", "martian", 10)])
    with pytest.raises(ValueError, match="martian"):
        group_counts(ret)
