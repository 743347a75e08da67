"""The workbook's own figures, recalculated by LibreOffice, against `scwres indicators` and hand-worked values.

A person's view: a council fills in the template, its spreadsheet program works out the
``README figures`` sheet, and the numbers are those of its report. The filled
workbooks are the committed sample returns typed into templates (their spellings:
census labels, codes, ``Adult`` in capitals; a children-only authority; one without
survey rows); the expected numbers come from the ``scwres indicators`` command.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from scwres_helpers import codes, config
from scwres_helpers.cli import app
from scwres_helpers.collection import make_template
from scwres_helpers.collection.figure_rows import COLUMNS, NO_SURVEY, figure_rows
from scwres_helpers.collection.figures import FIGURES_SHEET, FIRST_ROW, GROUP_CELL, SERVICE_CELL, UNCOUNTED_CELL
from scwres_helpers.indicators.io import read_indicators_csv

from .conftest import fill_template
from .libreoffice import recalculate, soffice

pytestmark = pytest.mark.slow

YEAR = 2024
RETURNS = config.SAMPLE_RETURNS_DIR
# (authority, service, group): spellings of every kind, a children-only authority
# (X31764798), one whose survey has no rows (X79946609).
CHOICES = (
    ("X21432320", "all", "minoritised"),
    ("X21432320", "adult", "black"),
    ("X07853579", "all", "minoritised"),
    ("X31764798", "children", "asian"),
    ("X79946609", "all", "other"),
)
WHITE = codes.CENSUS_LABELS["white_british"]


def _csv_tables(folder: Path) -> dict[str, list[list]]:
    """A CSV return's tables as rows, counts as numbers (a missing survey: header only)."""
    tables = {}
    for table in codes.DATA_TABLES:
        path = folder / f"{table}.csv"
        if not path.exists():
            tables[table] = [list(codes.table_columns(table))]
            continue
        with open(path, newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        body = [[int(v) if v.strip().isdigit() else v for v in row] for row in rows[1:]]
        if table != "workforce":  # typed on the template's pre-filled rows, whose keys are in lower case
            header = [h.strip().lower() for h in rows[0]]
            for key in set(codes.TABLE_KEYS[table]) - {"ethnicity"}:
                for row in body:
                    row[header.index(key)] = row[header.index(key)].strip().lower()
        tables[table] = [rows[0]] + body
    return tables


def _choose(path: Path, service: str, group: str) -> None:
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[FIGURES_SHEET]
    sheet[SERVICE_CELL], sheet[GROUP_CELL] = service, group
    workbook.save(path)


def _type_rows(sheet, rows: list[list], start: int = 2) -> None:
    for number, row in enumerate(rows, start=start):
        for position, value in enumerate(row, start=1):
            sheet.cell(number, position, value)


def _set_counts(sheet, label: str, values: list[int], service: str = "adult") -> None:
    """Type counts on the pre-filled row of SERVICE and the ethnicity LABEL."""
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == service and row[1].value == label:
            for offset, value in enumerate(values):
                row[2 + offset].value = value
            return
    raise AssertionError(f"no row {service}, {label}")


def _hand_workbook(path: Path) -> None:
    """A return worked by hand (adult only; Asian Indian against White British), as typed.

    Workforce: white 100 (band 20k-29k) + 44 senior managers = 144; Asian Indian 44
    typed as the letter 'H' in 'Adult', 6 senior managers typed as the code = 50; and a
    row of 7 whose ethnicity 'Indian' is no accepted spelling. Nobody is regulated.
    """
    make_template(YEAR, path, "E90000001", "Hand-worked")
    workbook = openpyxl.load_workbook(path)
    _type_rows(workbook["workforce"], [
        ["adult", WHITE, "20k_to_29k", "no", "no", 100],
        ["Adult", "H", "20k_to_29k", "no", "no", 44],
        ["adult", "asian_indian", "30k_to_39k", "yes", "no", 6],
        ["adult", "white_british", "40k_to_49k", "yes", "no", 44],
        ["adult", "Indian", "20k_to_29k", "no", "no", 7],
    ])
    indian = codes.CENSUS_LABELS["asian_indian"]
    _set_counts(workbook["recruitment"], indian, [40, 0])  # the spec's example: 0 of 40 ...
    _set_counts(workbook["recruitment"], WHITE, [200, 60])  # ... against 60 of 200
    _set_counts(workbook["disciplinary"], indian, [10])
    _set_counts(workbook["disciplinary"], WHITE, [18])
    _set_counts(workbook["cpd"], indian, [47])  # all but 3 of 50: withheld by the complement
    _set_counts(workbook["cpd"], WHITE, [100])
    _set_counts(workbook["leavers"], indian, [5])
    _set_counts(workbook["leavers"], WHITE, [0])
    survey = workbook["survey"]
    survey.delete_rows(2, survey.max_row)  # no survey ran
    workbook[FIGURES_SHEET][SERVICE_CELL] = "adult"
    workbook.save(path)


def _blank(value: object) -> bool:
    return value is None or value == ""


def _read(path: Path) -> dict:
    """The recalculated figures: rows by (indicator, breakdown, measure), and the check cell."""
    sheet = openpyxl.load_workbook(path, data_only=True)[FIGURES_SHEET]
    rows = {}
    for values in sheet.iter_rows(min_row=FIRST_ROW, max_col=len(COLUMNS), values_only=True):
        if _blank(values[0]):
            break
        row = dict(zip(COLUMNS, values))
        row["flag"] = row["flag"] or ""  # an empty text result reads back as blank
        rows[(str(row["indicator_code"]), "" if _blank(row["breakdown_code"]) else row["breakdown_code"],
              row["measure_code"])] = row
    return {"rows": rows, "uncounted": sheet[UNCOUNTED_CELL].value}


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory) -> tuple[dict, dict]:
    soffice()
    folder = tmp_path_factory.mktemp("figures")
    sources = {}
    for code, service, group in CHOICES:
        path = folder / f"{code}_{service}_{group}.xlsx"
        make_template(YEAR, path, code, "Sample")
        fill_template(path, _csv_tables(RETURNS / str(YEAR) / code))
        _choose(path, service, group)
        sources[(code, service, group)] = path
    hand = folder / "hand.xlsx"
    _hand_workbook(hand)
    saved = recalculate([*sources.values(), hand], folder / "out", folder / "profile")
    return {key: _read(saved[path]) for key, path in sources.items()}, _read(saved[hand])


@pytest.fixture(scope="module")
def indicators(tmp_path_factory):
    out = tmp_path_factory.mktemp("indicators") / "indicators.csv"
    result = CliRunner().invoke(app, ["indicators", str(RETURNS), "--year", str(YEAR), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return read_indicators_csv(out)


# ---------------------------------------------------------------- against scwres indicators

def _adjusted_log(a: int, n: int, aw: int, nw: int) -> tuple[float, float]:
    """The spec's interval for a zero (indicators.md): Katz on counts with 0.5 added to each."""
    a, n, aw, nw = (v + 0.5 for v in (a, n, aw, nw))
    log_rl = math.log((a / n) / (aw / nw))
    se = math.sqrt(1 / a - 1 / n + 1 / aw - 1 / nw)
    return math.exp(log_rl - codes.Z_95 * se), math.exp(log_rl + codes.Z_95 * se)


def _withheld_by_complement(row) -> bool:
    """The spec's complement rule (n - a from 1 to 4), which the table applies once issue 20 lands."""
    pairs = [(row["numerator_group"], row["denominator_group"]), (row["numerator_white"], row["denominator_white"])]
    return any(not _missing(a) and not _missing(n) and 0 < int(n) - int(a) < 5 for a, n in pairs)


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _close(got: object, expected: float) -> bool:
    return isinstance(got, (int, float)) and math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-12)


def _expected_interval(row) -> tuple[float, float] | None:
    """The table's interval; for a zero that the table leaves without one (before issue 20), the spec's."""
    if not _missing(row["ci_lower"]):
        return float(row["ci_lower"]), float(row["ci_upper"])
    if row["flag"] == "zero_events":
        return _adjusted_log(*(int(row[c]) for c in ("numerator_group", "denominator_group",
                                                     "numerator_white", "denominator_white")))
    return None


def _assessment(interval: tuple[float, float] | None) -> str:
    if interval is None:
        return "not_assessed"
    return "more_likely" if interval[0] > 1 else "less_likely" if interval[1] < 1 else "no_clear_difference"


def _mismatches(row, got: dict) -> list[str]:
    """Every way the workbook's row differs from the indicators table's."""
    wrong = []
    for column in ("numerator_group", "denominator_group", "numerator_white", "denominator_white"):
        expected = None if _missing(row[column]) else int(row[column])
        actual = None if _blank(got[column]) else got[column]
        if actual != expected:
            wrong.append(f"{column} {actual} != {expected}")
    if got["flag"] != row["flag"]:
        wrong.append(f"flag {got['flag']!r} != {row['flag']!r}")
    suppressed = bool(row["suppressed"]) or _withheld_by_complement(row)
    if bool(got["suppressed"]) != suppressed:
        wrong.append(f"suppressed {got['suppressed']} != {suppressed}")
    value = None if _missing(row["value"]) else float(row["value"])
    if value is None and not _blank(got["value_raw"]) or value is not None and not _close(got["value_raw"], value):
        wrong.append(f"value {got['value_raw']} != {value}")
    interval = _expected_interval(row)
    if interval is None and not (_blank(got["ci_lower_raw"]) and _blank(got["ci_upper_raw"])):
        wrong.append(f"interval {got['ci_lower_raw']}, {got['ci_upper_raw']} where there is none")
    if interval is not None and not (_close(got["ci_lower_raw"], interval[0]) and _close(got["ci_upper_raw"], interval[1])):
        wrong.append(f"interval {got['ci_lower_raw']}, {got['ci_upper_raw']} != {interval}")
    if row["measure"] == "relative_likelihood" and got["assessment_code"] != _assessment(interval):
        wrong.append(f"assessment {got['assessment_code']} != {_assessment(interval)}")
    # What the council sees: [c] where its report withholds, [x] where there is no value, else the number.
    shown = "[c]" if suppressed else "[x]" if value is None else value
    if shown != got["value"] and not (value is not None and not suppressed and _close(got["value"], value)):
        wrong.append(f"shown value {got['value']!r} != {shown!r}")
    for column in ("rate_group", "rate_white"):
        if row["measure"] in ("gap_pp", "share_unknown"):
            continue
        rate = None if _missing(row[column]) else float(row[column])
        expected = "[c]" if suppressed else "[x]" if rate is None else rate
        if not (got[column] == expected or rate is not None and not suppressed and _close(got[column], rate)):
            wrong.append(f"shown {column} {got[column]!r} != {expected!r}")
    return wrong


@pytest.mark.parametrize("choice", CHOICES, ids=["-".join(c) for c in CHOICES])
def test_recalculated_figures_equal_scwres_indicators(recalculated, indicators, choice):
    code, service, group = choice
    got = recalculated[0][choice]
    assert got["uncounted"] == 0  # every row of the workforce sheet is counted
    table = indicators[(indicators["scope"] == "authority") & (indicators["authority_code"] == code)
                       & (indicators["service"] == service) & (indicators["group"].isin([group, ""]))]
    assert len(table) == (27 if choice[0] == "X79946609" else 33)  # no survey rows: 6 fewer
    problems = {}
    for _, row in table.iterrows():
        key = (row["indicator"], row["breakdown"], row["measure"])
        assert key in got["rows"], f"the workbook has no row {key}"
        wrong = _mismatches(row, got["rows"][key])
        if wrong:
            problems[key] = wrong
    assert problems == {}
    # Rows the table does not have are the survey's where no survey ran, and say so.
    extra = set(got["rows"]) - {(r["indicator"], r["breakdown"], r["measure"]) for _, r in table.iterrows()}
    assert {key[0] for key in extra} <= set(codes.SURVEY_INDICATOR_SOURCE)
    for key in extra:
        assert (got["rows"][key]["flag"], got["rows"][key]["value"]) == (NO_SURVEY, "[x]")


def test_every_kind_of_row_is_compared(recalculated, indicators):
    """The comparison above covers withheld rows, zeros and undefined rows, not only easy ones."""
    flags, withheld = set(), 0
    for got in recalculated[0].values():
        flags |= {row["flag"] for row in got["rows"].values()}
        withheld += sum(1 for row in got["rows"].values() if row["suppressed"])
    assert {"", "zero_events", "no_denominator", NO_SURVEY} <= flags
    assert withheld > 10


# ---------------------------------------------------------------- hand-worked

def test_hand_worked_figures(recalculated):
    hand = recalculated[1]
    rows = hand["rows"]
    # 7 staff typed with the ethnicity 'Indian' (not an accepted spelling) are not counted.
    assert hand["uncounted"] == 7
    # The spec's example: 0 of 40 appointed against 60 of 200: RL 0, interval 0.0026 to 0.65.
    appointed = rows[("2", "", "relative_likelihood")]
    assert (appointed["numerator_group"], appointed["denominator_group"]) == (0, 40)
    assert appointed["value"] == 0 and appointed["flag"] == "zero_events"
    assert appointed["ci_lower"] == pytest.approx(0.0026, abs=5e-5)
    assert appointed["ci_upper"] == pytest.approx(0.6482, abs=5e-5)
    assert appointed["assessment"] == "Less likely (adverse)"
    assert "adjusted-log" in appointed["note"]
    # Disciplinary: 10 of 50 against 18 of 144: RL 0.2 / 0.125 = 1.6,
    # SE = sqrt(1/10 - 1/50 + 1/18 - 1/144) = 0.35862, interval exp(ln 1.6 -/+ 1.959964 SE).
    disciplinary = rows[("3", "", "relative_likelihood")]
    assert disciplinary["value"] == pytest.approx(1.6)
    assert (disciplinary["ci_lower"], disciplinary["ci_upper"]) == (pytest.approx(0.79224, abs=5e-6),
                                                                    pytest.approx(3.23133, abs=5e-6))
    assert disciplinary["assessment"] == "No clear difference"
    assert disciplinary["rate_group"] == pytest.approx(0.2) and disciplinary["rate_white"] == pytest.approx(0.125)
    # Senior managers: 6 Asian Indian and 44 white: share 0.12, Wilson 0.0562 to 0.2380.
    senior = rows[("9", "", "share_minoritised")]
    assert (senior["numerator_group"], senior["denominator_group"]) == (6, 50)
    assert senior["value"] == pytest.approx(0.12)
    assert (senior["ci_lower"], senior["ci_upper"]) == (pytest.approx(0.05618, abs=5e-6),
                                                        pytest.approx(0.23805, abs=5e-6))
    # CPD 47 of 50: everyone but 3, so withheld; the counts stay in view.
    cpd = rows[("5", "", "relative_likelihood")]
    assert [cpd[c] for c in ("value", "ci_lower", "ci_upper", "rate_group", "assessment")] == ["[c]"] * 5
    assert (cpd["numerator_group"], cpd["denominator_group"]) == (47, 50)
    assert cpd["note"].startswith("Withheld")
    # Leavers: 5 against no white leavers: no ratio; nobody regulated: nothing to count from.
    leavers = rows[("8", "", "relative_likelihood")]
    assert (leavers["flag"], leavers["value"], leavers["ci_lower"]) == ("reference_zero", "[x]", "[x]")
    assert "no white staff had this outcome" in leavers["note"]
    referred = rows[("4", "", "relative_likelihood")]
    assert (referred["flag"], referred["value"], referred["assessment"]) == ("no_denominator", "[x]", "Not assessed")
    # No survey ran: the survey's figures say so instead of showing zeros.
    for indicator in codes.SURVEY_INDICATOR_SOURCE:
        for measure in ("relative_likelihood", "percent_experienced"):
            row = rows[(indicator, "", measure)]
            assert (row["flag"], row["value"]) == (NO_SURVEY, "[x]")
            assert "No staff survey" in row["note"]
    # Nobody's ethnicity is unknown: 0 of the 194 counted.
    unknown = rows[("DQ", "", "share_unknown")]
    assert (unknown["numerator_group"], unknown["denominator_group"], unknown["value"]) == (0, 194, 0)


def test_the_sheet_has_a_row_per_indicators_table_row_and_a_chart_per_indicator(tmp_path):
    workbook = openpyxl.load_workbook(make_template(YEAR, tmp_path / "t.xlsx", "E90000001", "X"))
    sheet = workbook[FIGURES_SHEET]
    # Indicator 1: 9 breakdowns x 2 measures; 2, 3, 4, 5, 8: 1; 6, 7a, 7b: 2; 9: 3; DQ: 1.
    assert len(figure_rows()) == 18 + 5 + 6 + 3 + 1
    assert sheet.cell(FIRST_ROW + len(figure_rows()) - 1, 1).value == "DQ"
    assert sheet.cell(FIRST_ROW + len(figure_rows()), 1).value is None
    # One chart per indicator (1 to 9, 7a and 7b apart) and one of every relative likelihood.
    assert len(sheet._charts) == len(codes.INDICATORS) + 1
    assert workbook["readme_counts"].sheet_state == "hidden" and workbook["readme_charts"].sheet_state == "hidden"
    assert sheet.protection.sheet and sheet[SERVICE_CELL].protection.locked is False
