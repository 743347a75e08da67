"""Back tests: the committed fixture's indicators against checked-in expected tables.

The expected CSVs are written by an independent calculation (``independent_indicators.py``:
plain reading of the return files and the spec's formulas row by row, sharing no code
with ``scwres_helpers.indicators`` or ``scwres_helpers.disclosure``), then reviewed and
committed; any change to a published figure shows up here. Counts, labels, flags,
assessments and suppression must agree exactly; floats to 12 significant digits, because
the two calculations order their floating-point operations differently and the files
carry 15 digits. The checks further below recompute headline national figures from
the raw return files with plain arithmetic, so the expected tables are anchored twice.
"""

from __future__ import annotations

import csv
import io
import math

import pandas as pd
import pytest
from independent_indicators import csv_text, independent_table

from scwres_helpers import codes
from scwres_helpers.config import PROJ_ROOT, SAMPLE_RETURNS_DIR
from scwres_helpers.indicators.io import format_indicators_csv
from scwres_helpers.pipeline import indicators_for_year

EXPECTED = PROJ_ROOT / "tests" / "expected"
FLOATS = ("rate_group", "rate_white", "value", "ci_lower", "ci_upper")
FLOAT_RELATIVE_TOLERANCE = 1e-12


def _records(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _differences(produced: list[dict[str, str]], expected: list[dict[str, str]]) -> list[str]:
    """Cells that differ: exactly for text, beyond the tolerance for floats (first 20 listed)."""
    if len(produced) != len(expected):
        return [f"{len(produced)} rows, expected {len(expected)}"]
    found = []
    for line, (got, want) in enumerate(zip(produced, expected), start=2):
        for column in codes.INDICATOR_TABLE_COLUMNS:
            a, b = got[column], want[column]
            if a == b:
                continue
            if column in FLOATS and a and b and math.isclose(float(a), float(b), rel_tol=FLOAT_RELATIVE_TOLERANCE):
                continue
            found.append(f"line {line} {column}: {a!r}, expected {b!r}")
    return found[:20]


@pytest.mark.parametrize("year", [2022, 2023, 2024])
def test_fixture_indicators_match_checked_in_table(year):
    table, loaded = indicators_for_year(SAMPLE_RETURNS_DIR, year)
    assert not loaded.quarantined
    expected = (EXPECTED / f"indicators_{year}.csv").read_text(encoding="utf-8")
    assert _differences(_records(format_indicators_csv(table)), _records(expected)) == []


@pytest.mark.parametrize("year", [2022, 2023, 2024])
def test_checked_in_tables_are_the_independent_calculation(year):
    """Nobody edited an expected table by hand or wrote it from the code under test."""
    expected = (EXPECTED / f"indicators_{year}.csv").read_text(encoding="utf-8")
    assert csv_text(independent_table(year, SAMPLE_RETURNS_DIR)) == expected


def test_the_comparison_can_fail():
    line = {c: "" for c in codes.INDICATOR_TABLE_COLUMNS} | {"value": "1.5", "suppressed": "false"}
    assert _differences([line], [line | {"value": "1.50000000000001"}]) == []  # 15th digit
    assert _differences([line], [line | {"value": "1.5000000001"}])
    assert _differences([line], [line | {"suppressed": "true"}])
    assert _differences([line], [])


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


def test_the_build_summary_lists_each_accepted_returns_warnings_and_the_settings_to_fix(tmp_path):
    from pathlib import Path

    from scwres_helpers.execution.execute import TaskResult
    from scwres_helpers.intake.problems import WARNING, Problem
    from scwres_helpers.pipeline import BuildSummary, format_build_summary

    unknown = Problem(WARNING, "132 of 464 staff (28.4%) have ethnicity not_known or prefer_not_to_say, more than 10%",
                      file="X09234338/workforce.csv", table="workforce", authority="X09234338")
    ignored = Problem(WARNING, "'notes' is not a column of the leavers table and was ignored",
                      file="X21432320.xlsx", table="leavers", location="leavers!D1", column="notes",
                      authority="X21432320")
    summary = BuildSummary(
        year=2024, out_dir=tmp_path,
        results=[TaskResult("authority/X09234338", "executed", 1.0, None, None, Path("a.ipynb"))],  # type: ignore[arg-type]
        warnings={"X21432320": [ignored], "X09234338": [unknown]},
        settings_warnings=["params/national.yml: contact_email sc-wres@example.org is a placeholder"],
        seconds=2.0)
    lines = format_build_summary(summary).splitlines()
    start = lines.index("2 return(s) accepted with warnings (in the figures; worth a look):")
    assert lines[start + 1:start + 5] == [
        "  X09234338:",
        "    X09234338/workforce.csv: 132 of 464 staff (28.4%) have ethnicity not_known or prefer_not_to_say, "
        "more than 10%",
        "  X21432320:",
        "    X21432320.xlsx leavers!D1, column notes: 'notes' is not a column of the leavers table and was ignored",
    ]
    assert "warning: params/national.yml: contact_email sc-wres@example.org is a placeholder" in lines
    quiet = format_build_summary(BuildSummary(year=2024, out_dir=tmp_path))
    assert "warning" not in quiet


def test_the_summary_lists_the_population_file_s_problems(tmp_path):
    from scwres_helpers.intake.problems import ERROR, Problem
    from scwres_helpers.pipeline import BuildSummary, format_build_summary

    bad = Problem(ERROR, "this authority's population rows have errors and were all left out",
                  file="2024/population.csv", table="population", authority="X07853579")
    lines = format_build_summary(BuildSummary(year=2024, out_dir=tmp_path, population_problems=[bad])).splitlines()
    start = lines.index("the local population file had 1 problem(s) (the areas concerned are not compared "
                        "with their workforce):")
    assert lines[start + 1] == ("  error  2024/population.csv: this authority's population rows have errors and "
                                "were all left out")


# Planning the notebooks: the pages _quarto.yml lists, bundles passed relative to the output.

SITE_CONFIG = """
project:
  type: website
  render: [index.ipynb, indicator-4.ipynb, {extra}downloads.qmd]
website:
  title: A report
  sidebar:
    contents: [{{href: index.ipynb}}, {{href: indicator-4.ipynb}}, {{href: downloads.qmd}}]
"""


@pytest.fixture(scope="module")
def year_tables():
    from scwres_helpers.bundles import load_tables

    return load_tables(SAMPLE_RETURNS_DIR, 2024, codes.DEFAULT_SUPPRESSION_THRESHOLD)


def test_the_national_notebooks_are_the_pages_quarto_yml_lists(year_tables, tmp_path):
    from scwres_helpers.pipeline import plan_tasks

    config = tmp_path / "_quarto.yml"
    config.write_text(SITE_CONFIG.format(extra=""))
    year_dir = tmp_path / "out" / "2024"
    code = sorted(year_tables.current.returns)[0]
    tasks = plan_tasks(year_tables, year_dir, {}, [code], national=True, site_config=config)
    assert [task.name for task in tasks] == [f"authority/{code}", "national/index", "national/indicator-4"]
    assert tasks[2].notebook.name == "indicator.ipynb" and tasks[2].parameters["indicator"] == "4"
    # Every notebook runs in the output folder and reads its bundle relative to it.
    assert {task.cwd for task in tasks} == {year_dir}
    assert [task.parameters["inputs_dir"] for task in tasks] == [
        f"inputs/authority/{code}", "inputs/national", "inputs/national",
    ]
    assert all((year_dir / task.parameters["inputs_dir"]).is_dir() for task in tasks)


def test_a_listed_page_nothing_makes_stops_the_plan_naming_it(year_tables, tmp_path):
    from scwres_helpers.pipeline import plan_tasks
    from scwres_helpers.publish.site_pages import UnknownPageError

    config = tmp_path / "_quarto.yml"
    config.write_text(SITE_CONFIG.format(extra="glossary.ipynb, "))
    with pytest.raises(UnknownPageError, match="'glossary'"):
        plan_tasks(year_tables, tmp_path / "out" / "2024", {}, [], national=True, site_config=config)


def test_a_renderer_that_cannot_run_stops_the_build_before_anything_is_done(tmp_path, monkeypatch):
    from scwres_helpers.pipeline import build_year
    from scwres_helpers.publish.quarto import QuartoNotFound

    monkeypatch.setenv("PATH", str(tmp_path / "bin"))  # no quarto here
    with pytest.raises(QuartoNotFound, match="--renderer bundled"):
        build_year(SAMPLE_RETURNS_DIR, 2024, out_root=tmp_path / "out", renderer="quarto")
    assert not (tmp_path / "out").exists()
def test_every_notebook_depends_on_the_phrasebook(tmp_path):
    """Editing a sentence in templates/phrases.yml re-executes the notebooks that say it."""
    from scwres_helpers.bundles import load_tables
    from scwres_helpers.config import PHRASEBOOK
    from scwres_helpers.pipeline import plan_tasks

    tables = load_tables(SAMPLE_RETURNS_DIR, 2024, 5)
    tasks = plan_tasks(tables, tmp_path, {}, sorted(tables.current.returns)[:1], national=True)
    assert len(tasks) > 1 and all(PHRASEBOOK in task.inputs for task in tasks)




def test_the_first_bundles_are_cut_from_their_own_rows_and_the_rest_from_all_rows_formatted_once(tmp_path):
    """Formatting every authority's rows as one text takes 0.65 s at 153, which the kernels
    waited for before their first notebook; the first bundles format their own rows (6 ms
    each), the same bytes, and the rest are cut from the whole text, formatted beside."""
    from scwres_helpers.bundles import load_tables
    from scwres_helpers.pipeline import plan_authority_tasks

    tables = load_tables(SAMPLE_RETURNS_DIR, 2024, 5)
    first, rest = sorted(tables.current.returns)[:2], sorted(tables.current.returns)[2:4]
    plan_authority_tasks(tables, tmp_path / "a", {}, first, False)
    assert "reported_csv" not in tables.__dict__
    plan_authority_tasks(tables, tmp_path / "a", {}, rest, True, write_shared=False)
    assert "reported_csv" in tables.__dict__
    plan_authority_tasks(tables, tmp_path / "b", {}, first + rest, True)
    for code in first + rest:
        bundle = f"inputs/authority/{code}/rows.csv"
        assert (tmp_path / "a" / bundle).read_bytes() == (tmp_path / "b" / bundle).read_bytes()
