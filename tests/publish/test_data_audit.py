"""The disclosure audit of the published data tables, all of a year's tables together.

It must pass on the sample's 2023 and 2024 tables and on a data set with many small
counts (three authorities), and it must fail when a table is doctored to show what the
year's one suppression pattern withholds: a small count in clear, a count that protects
one, or a figure computed from a withheld count.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from scwres_helpers import codes
from scwres_helpers.bundles import load_tables, national_inputs
from scwres_helpers.config import SAMPLE_RETURNS_DIR
from scwres_helpers.disclosure.audit import DisclosureAuditError
from scwres_helpers.publish.data_audit import audit_data_tables, check_data_tables, true_counts
from scwres_helpers.publish.data_tables import data_tables, write_data_tables
from scwres_helpers.sample_data import generate_sample_returns

THRESHOLD = codes.DEFAULT_SUPPRESSION_THRESHOLD
COUNTS = ["Group: number counted", "Group: number with the outcome", "White: number counted",
          "White: number with the outcome"]


@pytest.fixture(scope="module")
def sample_2024():
    inputs = national_inputs(load_tables(SAMPLE_RETURNS_DIR, 2024, THRESHOLD))
    return inputs, data_tables(inputs, threshold=THRESHOLD)


def _replace(tables, name: str, frame: pd.DataFrame):
    return [dataclasses.replace(t, frame=frame) if t.name == name else t for t in tables]


@pytest.mark.parametrize("year", [2023, 2024])
def test_the_sample_tables_pass(year, sample_2024):
    inputs, tables = sample_2024 if year == 2024 else (None, None)
    if inputs is None:
        inputs = national_inputs(load_tables(SAMPLE_RETURNS_DIR, year, THRESHOLD))
        tables = data_tables(inputs, threshold=THRESHOLD)
    result = audit_data_tables(tables, inputs.indicators, year, THRESHOLD)
    assert result.passed, result.describe()[:5]
    assert result.linear.bounds, "the audit bounded no withheld count"


def _withheld_cell(frame: pd.DataFrame, truth: dict, small: bool) -> tuple[int, str, int]:
    """(row, column, true value) of the first [c] count cell whose true value is small (or not)."""
    for position in range(len(frame)):
        keys = dict(zip(COUNTS, _keys_in_order(frame.iloc[position])))
        for column in COUNTS:
            value = truth[keys[column]]
            if frame.iloc[position][column] == "[c]" and value > 0 and (value < THRESHOLD) == small:
                return position, column, value
    raise AssertionError("no such withheld cell in the sample")


def _keys_in_order(row: pd.Series) -> list:
    from scwres_helpers import registry
    from scwres_helpers.publish.data_audit import _GROUP, _SERVICE, WHITE

    record = registry.indicator(str(row["Indicator"]))
    service, group = _SERVICE[row["Service"]], _GROUP[row["Ethnic group"]]
    return [(record.at_risk, service, "", group), (record.outcome, service, "", group),
            (record.at_risk, service, "", WHITE), (record.outcome, service, "", WHITE)]


def test_showing_a_withheld_small_count_fails(sample_2024):
    inputs, tables = sample_2024
    truth = true_counts(inputs.indicators, 2024)
    frame = next(t.frame for t in tables if t.name == "national_indicators").reset_index(drop=True)
    position, column, value = _withheld_cell(frame, truth, small=True)
    doctored = frame.copy()
    doctored.at[position, column] = f"{value:,}"
    result = audit_data_tables(_replace(tables, "national_indicators", doctored), inputs.indicators, 2024, THRESHOLD)
    assert any(f.rule == "published_small_count" for f in result.linear.findings)


def test_showing_the_counts_withheld_to_protect_others_fails(sample_2024):
    """Every withheld count of 5 or more shown again: the small ones are then narrowed."""
    inputs, tables = sample_2024
    truth = true_counts(inputs.indicators, 2024)
    frame = next(t.frame for t in tables if t.name == "national_indicators").reset_index(drop=True)
    doctored, shown = frame.copy(), 0
    for position in range(len(frame)):
        for column, key in zip(COUNTS, _keys_in_order(frame.iloc[position])):
            if frame.at[position, column] == "[c]" and truth[key] >= THRESHOLD:
                doctored.at[position, column], shown = f"{truth[key]:,}", shown + 1
    assert shown
    result = audit_data_tables(_replace(tables, "national_indicators", doctored), inputs.indicators, 2024, THRESHOLD)
    assert any(f.rule == "withheld_small_count_narrowed" for f in result.linear.findings)


def test_a_figure_computed_from_a_withheld_count_fails(sample_2024):
    inputs, tables = sample_2024
    frame = next(t.frame for t in tables if t.name == "national_indicators").reset_index(drop=True)
    hidden = frame.index[frame["Relative likelihood"] == "[c]"]
    doctored = frame.copy()
    doctored.at[hidden[0], "Relative likelihood"] = "1.00"
    result = audit_data_tables(_replace(tables, "national_indicators", doctored), inputs.indicators, 2024, THRESHOLD)
    if all(c != "[c]" for c in frame.loc[hidden[0], COUNTS]):
        pytest.skip("the first hidden row's counts are all shown elsewhere")  # pragma: no cover
    assert any("Relative likelihood" in line for line in result.derived_without_counts)
    with pytest.raises(DisclosureAuditError, match="disclosure audit of the 2024 data tables failed"):
        check_data_tables(_replace(tables, "national_indicators", doctored), inputs.indicators, 2024, THRESHOLD)


def test_a_count_shown_with_two_numbers_fails(sample_2024):
    inputs, tables = sample_2024
    frame = next(t.frame for t in tables if t.name == "national_indicators").reset_index(drop=True)
    position = next(i for i in range(len(frame)) if frame.at[i, "White: number counted"] != "[c]")
    doctored = frame.copy()
    shown = int(str(frame.at[position, "White: number counted"]).replace(",", ""))
    doctored.at[position, "White: number counted"] = f"{shown + 1:,}"
    result = audit_data_tables(_replace(tables, "national_indicators", doctored), inputs.indicators, 2024, THRESHOLD)
    assert result.disagreements


def test_many_small_counts_pass_and_are_written(tmp_path):
    """Three authorities: most national counts by group are small, and the build still
    publishes tables the audit passes (``write_data_tables`` audits before writing)."""
    returns = tmp_path / "returns"
    generate_sample_returns(returns, 3, [2024], seed=7)
    inputs = national_inputs(load_tables(returns, 2024, THRESHOLD))
    truth = true_counts(inputs.indicators, 2024)
    small = [k for k, v in truth.items() if 0 < v < THRESHOLD]
    assert len(small) >= 40, len(small)
    written = write_data_tables(inputs, tmp_path / "out")
    assert written
    tables = data_tables(inputs, threshold=THRESHOLD)
    assert audit_data_tables(tables, inputs.indicators, 2024, THRESHOLD).passed
