"""Picking rows and reading their state."""

import pytest

from scwres_helpers.indicators.select import (
    COMPLETE,
    NO_INTERVAL,
    NO_VALUE,
    SUPPRESSED,
    publishable_values,
    row_state,
    row_states,
    single_row,
)
from tests.report.conftest import frame, one, row


def test_row_states():
    assert row_state(one(value=0.5, lower=0.4, upper=0.6)) == COMPLETE
    assert row_state(one(value=0.0, flag="zero_events")) == NO_INTERVAL
    assert row_state(one(flag="reference_zero")) == NO_VALUE
    assert row_state(one(value=0.5, lower=0.4, upper=0.6, suppressed=True)) == SUPPRESSED


def test_row_states_of_a_frame_are_each_rows_state():
    rows = frame([
        row("2", value=0.5, lower=0.4, upper=0.6),
        row("2", value=0.0, flag="zero_events"),
        row("2", flag="reference_zero"),
        row("2", value=0.5, lower=0.4, upper=0.6, suppressed=True),
        row("2", flag="reference_zero", suppressed=True),
        row("2", value=0.5, lower=0.4),
    ])
    assert row_states(rows).tolist() == [COMPLETE, NO_INTERVAL, NO_VALUE, SUPPRESSED, SUPPRESSED, NO_INTERVAL]
    assert row_states(rows).tolist() == [row_state(r) for _, r in rows.iterrows()]


def authority_rows():
    return frame([
        row("2", authority_code="E06000003", value=0.7, lower=0.5, upper=0.9, counts=(70, 300, 100, 300)),
        row("2", authority_code="E06000001", value=0.4, lower=0.2, upper=0.8, counts=(20, 150, 50, 150)),
        row("2", authority_code="E06000002", value=3.0, lower=1.0, upper=9.0, counts=(3, 10, 1, 10), suppressed=True),
        row("2", authority_code="E06000004", flag="reference_zero", counts=(5, 20, 0, 30)),
        row("2", authority_code="E06000005", value=0.9, lower=0.5, upper=1.5, group="asian"),
        row("2", scope="national", value=0.55, lower=0.5, upper=0.6, counts=(500, 5000, 1800, 10000)),
    ])


def test_publishable_values_are_sorted_anonymous_and_safe():
    values = publishable_values(authority_rows(), "2")
    assert values.tolist() == [0.4, 0.7]
    assert values.index.tolist() == [0, 1]


def test_publishable_counts_are_sorted_with_no_names():
    from scwres_helpers.indicators.select import publishable_counts

    counts = publishable_counts(authority_rows(), "2")
    assert list(counts.columns) == ["numerator_group", "denominator_group", "numerator_white", "denominator_white"]
    assert len(counts) == len(publishable_values(authority_rows(), "2"))
    assert list(counts["denominator_group"]) == sorted(counts["denominator_group"])


def test_single_row_refuses_duplicates():
    with pytest.raises(ValueError):
        single_row(authority_rows(), indicator="2", group="minoritised", scope="authority")
    assert single_row(authority_rows(), indicator="9") is None


def test_one_suppressed_authority_takes_a_complement_with_it():
    """With one suppressed row, the smallest other authority is also left out."""
    import pandas as pd

    from scwres_helpers.indicators.select import publishable_counts, publishable_values

    base = dict(scope="authority", indicator="3", measure="relative_likelihood", group="minoritised",
                service="all", breakdown="", numerator_group=1, numerator_white=10, denominator_white=100)
    rows = pd.DataFrame([
        {**base, "authority_code": "E1", "value": 1.5, "denominator_group": 40, "suppressed": False},
        {**base, "authority_code": "E2", "value": 0.5, "denominator_group": 3, "suppressed": True},
        {**base, "authority_code": "E3", "value": 2.0, "denominator_group": 900, "suppressed": False},
        {**base, "authority_code": "E4", "value": 1.1, "denominator_group": 120, "suppressed": False},
    ])
    assert list(publishable_values(rows, "3")) == [1.1, 2.0]
    assert list(publishable_counts(rows, "3")["denominator_group"]) == [120, 900]
    two_suppressed = rows.assign(suppressed=[False, True, False, True])
    assert list(publishable_values(two_suppressed, "3")) == [1.5, 2.0]
