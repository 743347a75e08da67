"""Back tests: the committed fixture's indicators against checked-in expected tables.

The expected CSVs were produced once, reviewed, and committed; any change to a
published figure shows up here. The independent checks below recompute headline
national figures from the raw return files with plain arithmetic, so the expected
tables are themselves anchored to input counts.
"""

from __future__ import annotations

import csv
import io
import math

import pandas as pd
import pytest

from scwres_helpers import codes
from scwres_helpers.config import PROJ_ROOT, SAMPLE_RETURNS_DIR
from scwres_helpers.indicators.io import format_indicators_csv
from scwres_helpers.pipeline import indicators_for_year

EXPECTED = PROJ_ROOT / "tests" / "expected"


def _same_cell(got: str, want: str) -> bool:
    """Equal text; or, for a written float, equal to 12 significant digits. The table
    writes 15, and the last one can differ between machines' maths libraries (the
    intervals' exp and log), which says nothing about the figures."""
    if got == want:
        return True
    try:
        return math.isclose(float(got), float(want), rel_tol=1e-12, abs_tol=0.0)
    except ValueError:
        return False


@pytest.mark.parametrize("year", [2022, 2023, 2024])
def test_fixture_indicators_match_checked_in_table(year):
    table, loaded = indicators_for_year(SAMPLE_RETURNS_DIR, year)
    assert not loaded.quarantined
    expected = list(csv.reader(io.StringIO((EXPECTED / f"indicators_{year}.csv").read_text(encoding="utf-8"))))
    got = list(csv.reader(io.StringIO(format_indicators_csv(table))))
    assert len(got) == len(expected) and got[0] == expected[0]
    for line, (got_row, want_row) in enumerate(zip(got, expected), start=1):
        assert len(got_row) == len(want_row), f"line {line}"
        bad = [(column, g, w) for column, g, w in zip(expected[0], got_row, want_row) if not _same_cell(g, w)]
        assert not bad, f"line {line}: {bad}"


def _csv_returns_sum(year: int, table: str, column: str, groups: set[str]) -> int:
    """Sum a count column over the CSV-form returns of a year, for some ethnic groups."""
    total = 0
    for folder in sorted((SAMPLE_RETURNS_DIR / str(year)).iterdir()):
        if not folder.is_dir():
            continue
        frame = pd.read_csv(folder / f"{table}.csv", dtype=str)
        frame.columns = [c.strip().lower() for c in frame.columns]
        ethnicity = frame["ethnicity"].map(codes.canonical_ethnicity)
        in_groups = ethnicity.map(codes.ETHNICITY_GROUP).isin(groups)
        total += int(frame.loc[in_groups, column].astype(int).sum())
    return total


def test_national_appointment_rl_equals_hand_sum_of_csv_returns():
    """Indicator 2, national, restricted to CSV-form returns: recomputed by hand."""
    year = 2024
    minoritised = set(codes.MINORITISED_GROUPS)
    a_g = _csv_returns_sum(year, "recruitment", "appointed", minoritised)
    n_g = _csv_returns_sum(year, "recruitment", "shortlisted", minoritised)
    a_w = _csv_returns_sum(year, "recruitment", "appointed", {"white"})
    n_w = _csv_returns_sum(year, "recruitment", "shortlisted", {"white"})
    expected_rl = (a_g / n_g) / (a_w / n_w)
    se = math.sqrt(1 / a_g - 1 / n_g + 1 / a_w - 1 / n_w)

    from scwres_helpers.intake import load_year
    from scwres_helpers.indicators import compute_indicators

    loaded = load_year(SAMPLE_RETURNS_DIR, year)
    csv_only = [r for r in loaded.returns.values() if r.source.is_dir()]
    assert 0 < len(csv_only) < len(loaded.returns)
    table = compute_indicators(csv_only, year)
    row = table[
        (table["scope"] == "national")
        & (table["service"] == "all")
        & (table["group"] == "minoritised")
        & (table["indicator"] == "2")
    ].iloc[0]
    assert (row["numerator_group"], row["denominator_group"]) == (a_g, n_g)
    assert (row["numerator_white"], row["denominator_white"]) == (a_w, n_w)
    assert row["value"] == pytest.approx(expected_rl, rel=1e-12)
    assert row["ci_lower"] == pytest.approx(expected_rl * math.exp(-1.959964 * se), rel=1e-12)
    assert row["ci_upper"] == pytest.approx(expected_rl * math.exp(1.959964 * se), rel=1e-12)


def test_expected_tables_are_sorted_and_byte_stable():
    for year in (2022, 2023, 2024):
        text = (EXPECTED / f"indicators_{year}.csv").read_text(encoding="utf-8")
        header, *lines = text.splitlines()
        assert header.split(",") == list(codes.INDICATOR_TABLE_COLUMNS)
        assert lines, "expected table is empty"


def test_every_notebook_depends_on_the_phrasebook(tmp_path):
    """Editing a sentence in templates/phrases.yml re-executes the notebooks that say it."""
    from scwres_helpers.bundles import load_tables
    from scwres_helpers.config import PHRASEBOOK
    from scwres_helpers.pipeline import plan_tasks

    tables = load_tables(SAMPLE_RETURNS_DIR, 2024, 5)
    tasks = plan_tasks(tables, tmp_path, {}, sorted(tables.current.returns)[:1], national=True)
    assert len(tasks) > 1 and all(PHRASEBOOK in task.inputs for task in tasks)
