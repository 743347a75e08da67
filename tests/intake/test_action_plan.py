"""The optional action_plan table: its canonical form, aliases, and one test per rule.

Each broken cell is checked for where it is reported (the CSV line or the Excel cell)
and what the analyst is told, against wording written out here by hand.
"""

import datetime as dt

import pandas as pd
import pytest

from scwres_helpers import codes
from scwres_helpers.intake import load_year

from .conftest import CODE, check, errors_of, tree_hashes, valid_tables, warnings_of, write_return, write_workbook

# The plan as an older template wrote it: without the optional public column.
HEADER = [c for c in codes.ACTION_PLAN_COLUMNS if c not in codes.ACTION_PLAN_OPTIONAL_COLUMNS]
# Three actions, not in id order; the return's year is 2024.
ROWS = [
    ["A2", "2", "Anonymise shortlisting and use diverse interview panels", "Head of HR",
     "2024-05-01", "2025-03-31", "relative_likelihood", "", "at_least", "0.8", "2025", "in_progress"],
    ["A1", "1", "Sponsor minoritised staff onto the leadership programme", "Director of Adult Social Care",
     "2024-04-01", "2026-03-31", "share_minoritised", "70k_plus", "at_least", "0.15", "2026", "not_started"],
    ["B1", "7b", "Train managers in inclusive management", "Principal Social Worker",
     "2024-06-01", "2024-06-01", "percent_experienced", "", "at_most", "10", "2024", "complete"],
]


def expected_plan() -> pd.DataFrame:
    """ROWS in canonical form, by hand: sorted by action_id, dates as dates, numbers typed."""
    return pd.DataFrame({
        "action_id": pd.array(["A1", "A2", "B1"], dtype="str"),
        "indicator": pd.array(["1", "2", "7b"], dtype="str"),
        "action": pd.array([ROWS[1][2], ROWS[0][2], ROWS[2][2]], dtype="str"),
        "owner_role": pd.array(["Director of Adult Social Care", "Head of HR", "Principal Social Worker"], dtype="str"),
        "start_date": pd.Series([dt.date(2024, 4, 1), dt.date(2024, 5, 1), dt.date(2024, 6, 1)], dtype=object),
        "due_date": pd.Series([dt.date(2026, 3, 31), dt.date(2025, 3, 31), dt.date(2024, 6, 1)], dtype=object),
        "target_measure": pd.array(["share_minoritised", "relative_likelihood", "percent_experienced"], dtype="str"),
        "target_breakdown": pd.array(["70k_plus", "", ""], dtype="str"),
        "target_comparison": pd.array(["at_least", "at_least", "at_most"], dtype="str"),
        "target_value": [0.15, 0.8, 10.0],
        "target_year": pd.array([2026, 2025, 2024], dtype="int64"),
        "status": pd.array(["not_started", "in_progress", "complete"], dtype="str"),
        "public": [False, False, False],  # no public column: no action is public
    })


def with_plan(rows=None, header=None) -> dict:
    tables = valid_tables()
    tables["action_plan"] = [list(header or HEADER)] + [list(r) for r in (ROWS if rows is None else rows)]
    return tables


def broken(column: str, value, row: int = 0) -> dict:
    """The plan with one cell of data row ``row`` (0 = the first, CSV line 2) changed."""
    rows = [list(r) for r in ROWS]
    rows[row][HEADER.index(column)] = value
    return with_plan(rows)


def only_error(root, tables, form="csv"):
    result = check(root, tables, form=form)
    [problem] = errors_of(result)
    assert result.ret is None
    return problem


# ---------------------------------------------------------------- a good plan

@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_the_public_column_reads_yes_no_and_blank(root, form):
    rows = [[*r, flag] for r, flag in zip(ROWS, ["Yes", " no ", ""])]  # A2, A1, B1 as written
    result = check(root, with_plan(rows, header=[*HEADER, "public"]), form=form)
    assert result.problems == []
    # Sorted by id: A1 (" no "), A2 ("Yes"), B1 (blank, read as no).
    assert list(result.ret.action_plan["public"]) == [False, True, False]


def test_a_public_value_other_than_yes_or_no_is_an_error_at_its_cell(root):
    rows = [[*r, "y"] for r in ROWS[:1]]
    problem = only_error(root, with_plan(rows, header=[*HEADER, "public"]))
    assert problem.location == "line 2" and problem.column == "public"
    assert problem.rule == ("public must be yes (the action goes in the council's public summary) or no; "
                            "blank means no")


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_a_valid_plan_is_read_in_canonical_form(root, form):
    result = check(root, with_plan(), form=form)
    assert result.problems == []
    pd.testing.assert_frame_equal(result.ret.action_plan, expected_plan())


def test_real_excel_cells_are_read_like_text(root, tmp_path):
    """Date cells, whole numbers and decimals, as a person typing into Excel makes them."""
    tables = with_plan()
    for row in tables["action_plan"][1:]:
        row[4], row[5] = (dt.datetime.fromisoformat(row[4]), dt.date.fromisoformat(row[5]))
        row[9], row[10] = float(row[9]), int(row[10])
        if row[1].isdigit():
            row[1] = int(row[1])
    result = check(root, tables, form="xlsx")
    assert result.problems == []
    pd.testing.assert_frame_equal(result.ret.action_plan, expected_plan())


def test_no_table_or_a_header_only_means_no_plan(root):
    result = check(root / "absent")
    assert result.problems == [] and result.ret.action_plan is None and not result.ret.has_action_plan
    result = check(root / "header", with_plan(rows=[]), form="xlsx")
    assert result.problems == [] and result.ret.action_plan is None


def test_an_empty_file_is_a_warning_and_no_plan(root):
    tables = valid_tables()
    tables["action_plan"] = []
    result = check(root, tables)
    [warning] = warnings_of(result)
    assert (warning.file, warning.table) == (f"{CODE}/action_plan.csv", "action_plan")
    assert "read as 'no action plan'" in warning.rule
    assert result.ret.action_plan is None


def test_aliases_and_spellings_are_read_as_the_codes(root):
    header = [" Action_ID", "INDICATOR", "Action", "owner_role ", "Start_Date", "due_date", "Target_Measure",
              "TARGET_BREAKDOWN", "target_comparison", "target_value", "Target_Year", "STATUS"]
    rows = [
        ["x1", "7A", "Listening sessions", "Head of HR", "2024-04-01", "2024-09-30", "Relative_Likelihood", "",
         ">=", "0.8", "2025", "In progress"],
        ["x2", " 1 ", "Mentoring", "Head of HR", "2024-04-01", "2024-09-30", "relative_likelihood", " 70K_PLUS ",
         "≥", "0.8", "2025", "not-started"],
        ["x3", "3", "Review cases", "Head of HR", "2024-04-01", "2024-09-30", "relative_likelihood", "",
         " < = ", "1.25", "2025", "COMPLETE"],
        ["x4", "8", "Exit interviews", "Head of HR", "2024-04-01", "2024-09-30", "relative_likelihood", "",
         "≤", "1.25", "2025", "Dropped"],
        ["x5", "9", "Shadow board", "Head of HR", "2024-04-01", "2024-09-30", "gap_pp", "",
         "AT_LEAST", "-2.5", "2025", "in_progress"],
    ]
    result = check(root, with_plan(rows, header))
    assert result.problems == []
    plan = result.ret.action_plan
    assert plan["indicator"].tolist() == ["7a", "1", "3", "8", "9"]
    assert plan["target_comparison"].tolist() == ["at_least", "at_least", "at_most", "at_most", "at_least"]
    assert plan["target_breakdown"].tolist() == ["", "70k_plus", "", "", ""]
    assert plan["status"].tolist() == ["in_progress", "not_started", "complete", "dropped", "in_progress"]
    assert plan["target_value"].tolist() == [0.8, 0.8, 1.25, 1.25, -2.5]


def test_the_plan_text_is_kept_as_written(root):
    rows = [list(ROWS[0])]
    rows[0][2] = '=HYPERLINK("http://x") <b>bold</b> & “quotes”'
    result = check(root, with_plan(rows))
    assert result.problems == []
    assert result.ret.action_plan["action"].tolist() == ['=HYPERLINK("http://x") <b>bold</b> & “quotes”']


# ---------------------------------------------------------------- one cell at a time

CELL_RULES = [
    # column, value, the rule as the analyst reads it (all on the first action, CSV line 2)
    ("action_id", None, "action_id is blank; give every action a short id of its own, e.g. A1"),
    ("action_id", "A 1", "action_id must be 1 to 20 letters, digits, '_', '.' or '-' with no spaces, "
                         "e.g. A1 or HR-2024-01"),
    ("action_id", "A" * 21, "action_id must be 1 to 20 letters, digits, '_', '.' or '-' with no spaces, "
                            "e.g. A1 or HR-2024-01"),
    ("indicator", "10", "indicator is not an SC-WRES indicator; use one of 1, 2, 3, 4, 5, 6, 7a, 7b, 8, 9"),
    ("indicator", "DQ", "indicator is not an SC-WRES indicator; use one of 1, 2, 3, 4, 5, 6, 7a, 7b, 8, 9"),
    ("indicator", None, "indicator is blank; give the indicator the action is for: one of "
                        "1, 2, 3, 4, 5, 6, 7a, 7b, 8, 9"),
    ("action", None, "action is blank; say in a sentence or two what will be done"),
    ("action", "x" * 501, "action is 501 characters long; keep it to 500"),
    ("action", "line one\tline two", "action contains a control character (U+0009: a line break, tab, "
                                     "terminal escape or invisible formatting such as a right-to-left "
                                     "override); write it as plain text on one line"),
    ("action", "Review \u202eflow", "action contains a control character (U+202E: a line break, tab, "
                                    "terminal escape or invisible formatting such as a right-to-left "
                                    "override); write it as plain text on one line"),
    ("owner_role", None, "owner_role is blank; give the role that owns the action (e.g. Head of HR), not a person"),
    ("owner_role", "y" * 101, "owner_role is 101 characters long; keep it to 100"),
    ("owner_role", "jane.doe@council.gov.uk", "owner_role looks like an email address; give the role that owns "
                                              "the action (e.g. Head of HR), not a person's contact details"),
    ("start_date", "01/05/2024", "start_date is not a date; write it as YYYY-MM-DD (e.g. 2024-06-01) "
                                 "or use an Excel date"),
    ("start_date", None, "start_date is blank; write it as YYYY-MM-DD (e.g. 2024-06-01) or use an Excel date"),
    ("due_date", "2025-02-30", "due_date is not a date; write it as YYYY-MM-DD (e.g. 2024-06-01) "
                               "or use an Excel date"),
    ("target_measure", "rate", "target_measure is not a measure; use relative_likelihood, share_minoritised, "
                               "percent_experienced or gap_pp"),
    ("target_measure", "relative_likelyhood", "target_measure is not a measure (did you mean relative_likelihood?); "
                                              "use relative_likelihood, share_minoritised, percent_experienced "
                                              "or gap_pp"),
    ("target_measure", None, "target_measure is blank; use relative_likelihood, share_minoritised, "
                             "percent_experienced or gap_pp (whichever the indicator has)"),
    ("target_comparison", "more than", "target_comparison is not a comparison; use at_least (or >=) "
                                       "or at_most (or <=)"),
    ("target_comparison", None, "target_comparison is blank; use at_least (or >=) or at_most (or <=)"),
    ("target_value", "high", "target_value is not a number; write a plain number such as 0.8 or 1.25 "
                             "(no words, symbols or ranges)"),
    ("target_value", "80%", "target_value has a % sign; write percent_experienced and gap_pp targets in "
                            "percentage points (25 for 25%) and share_minoritised targets from 0 to 1 "
                            "(0.25 for 25%)"),
    ("target_value", None, "target_value is blank; give the value the indicator should reach, e.g. 0.8"),
    ("target_year", "25", "target_year must be a collection year written as four digits, e.g. 2026"),
    ("target_year", None, "target_year is blank; give the collection year by whose return the target "
                          "should be met, e.g. 2026"),
    ("status", "done", "status is not an allowed value; use not_started, in_progress, complete or dropped"),
    ("status", "completed", "status is not an allowed value (did you mean complete?); use not_started, "
                            "in_progress, complete or dropped"),
    ("status", None, "status is blank; use not_started, in_progress, complete or dropped"),
    ("status", "#N/A", "the cell shows the Excel error #N/A; fix the formula or type the status"),
]


@pytest.mark.parametrize("column, value, rule", CELL_RULES, ids=[f"{c}-{v}"[:40] for c, v, _ in CELL_RULES])
def test_each_bad_cell_is_reported_at_its_cell(root, column, value, rule):
    problem = only_error(root, broken(column, value))
    assert (problem.file, problem.table, problem.location, problem.column) == (
        f"{CODE}/action_plan.csv", "action_plan", "line 2", column)
    assert problem.value == value
    assert problem.rule == rule


def test_a_bad_breakdown_code_names_the_bands(root):
    problem = only_error(root, broken("target_breakdown", "senior", row=1))
    assert (problem.location, problem.column, problem.value) == ("line 3", "target_breakdown", "senior")
    assert problem.rule == (
        "target_breakdown is not a pay band; use one of under_20k, 20k_to_29k, 30k_to_39k, 40k_to_49k, "
        "50k_to_59k, 60k_to_69k, 70k_plus, below_30k, 30k_to_69k, or leave it blank for indicators other than 1")


def test_a_workbook_points_at_the_cell_reference(root):
    problem = only_error(root, broken("target_year", "next year", row=2), form="xlsx")
    assert (problem.file, problem.location) == (f"{CODE}.xlsx", "action_plan!K4")


def test_a_date_cell_with_a_time_is_not_a_date(root):
    tables = broken("start_date", dt.datetime(2024, 5, 1, 9, 30))
    problem = only_error(root, tables, form="xlsx")
    assert (problem.location, problem.value) == ("action_plan!E2", "2024-05-01T09:30:00")


# ---------------------------------------------------------------- rules across cells

def test_due_date_before_start_date(root):
    rows = [list(ROWS[0])]
    rows[0][4:6] = ["2024-06-01", "2024-03-01"]
    problem = only_error(root, with_plan(rows))
    assert (problem.location, problem.column, problem.value) == ("line 2", "due_date", "2024-03-01")
    assert problem.rule == "due_date 2024-03-01 is before start_date 2024-06-01; check both dates"


@pytest.mark.parametrize("indicator, measure, allowed", [
    ("2", "share_minoritised", "relative_likelihood"),
    ("3", "percent_experienced", "relative_likelihood"),
    ("6", "gap_pp", "relative_likelihood or percent_experienced"),
    ("9", "percent_experienced", "share_minoritised, relative_likelihood or gap_pp"),
])
def test_the_measure_must_exist_for_the_indicator(root, indicator, measure, allowed):
    rows = [list(ROWS[0])]
    rows[0][1], rows[0][6], rows[0][9] = indicator, measure, "0.5"
    problem = only_error(root, with_plan(rows), form="xlsx")
    assert (problem.location, problem.column, problem.value) == ("action_plan!G2", "target_measure", measure)
    assert problem.rule == f"indicator {indicator} has no measure {measure}; use {allowed}"


@pytest.mark.parametrize("indicator, measure", [
    ("1", "share_minoritised"), ("1", "relative_likelihood"), ("2", "relative_likelihood"),
    ("6", "percent_experienced"), ("7a", "relative_likelihood"), ("9", "share_minoritised"), ("9", "gap_pp"),
])
def test_every_measure_the_indicator_has_is_accepted(root, indicator, measure):
    rows = [list(ROWS[0])]
    rows[0][1], rows[0][6], rows[0][9] = indicator, measure, "0.5"
    rows[0][7] = "below_30k" if indicator == "1" else ""
    assert check(root, with_plan(rows)).problems == []


def test_indicator_1_needs_a_band(root):
    problem = only_error(root, broken("target_breakdown", None, row=1))
    assert (problem.location, problem.column, problem.value) == ("line 3", "target_breakdown", None)
    assert problem.rule == (
        "indicator 1 targets need a target_breakdown: the band the target is for, a pay band such as "
        "70k_plus or a reporting band (below_30k, 30k_to_69k)")


def test_other_indicators_take_no_band(root):
    problem = only_error(root, broken("target_breakdown", "70k_plus", row=0))
    assert (problem.location, problem.value) == ("line 2", "70k_plus")
    assert problem.rule == ("target_breakdown is only for indicator 1 (representation by pay band); "
                            "leave it blank for indicator 2")


@pytest.mark.parametrize("measure, value, rule", [
    ("relative_likelihood", "-0.1", "target_value -0.1 is negative; only a gap_pp target can be below 0"),
    ("percent_experienced", "-1", "target_value -1 is negative; only a gap_pp target can be below 0"),
    ("share_minoritised", "25", "target_value 25 is outside the range of share_minoritised, which is a share "
                                "from 0 to 1 (0.25 for 25%)"),
    ("percent_experienced", "100.5", "target_value 100.5 is outside the range of percent_experienced, which is "
                                     "a percentage from 0 to 100"),
    ("gap_pp", "-101", "target_value -101 is outside the range of gap_pp, which is a gap in percentage points "
                       "from -100 to 100"),
])
def test_the_value_must_be_in_the_measures_range(root, measure, value, rule):
    rows = [list(ROWS[0])]
    rows[0][1], rows[0][6], rows[0][9] = "9" if measure != "percent_experienced" else "6", measure, value
    problem = only_error(root, with_plan(rows))
    assert (problem.location, problem.column, problem.value) == ("line 2", "target_value", value)
    assert problem.rule == rule


@pytest.mark.parametrize("indicator, measure, value", [
    ("9", "gap_pp", "-5"), ("9", "share_minoritised", "1"), ("6", "percent_experienced", "0"),
    ("2", "relative_likelihood", "0"), ("2", "relative_likelihood", "3.5"), ("9", "gap_pp", "100"),
])
def test_values_at_the_edges_of_the_range_are_accepted(root, indicator, measure, value):
    rows = [list(ROWS[0])]
    rows[0][1], rows[0][6], rows[0][9] = indicator, measure, value
    assert check(root, with_plan(rows)).problems == []


def test_target_year_cannot_be_before_the_returns_year(root):
    problem = only_error(root, broken("target_year", "2023", row=2))
    assert (problem.location, problem.column, problem.value) == ("line 4", "target_year", "2023")
    assert problem.rule == ("target_year 2023 is before the year of this return (2024); a target is met by "
                            "this year's return or a later one, so use 2024 or later")


def test_action_ids_are_unique_ignoring_case(root):
    rows = [list(r) for r in ROWS]
    rows[2][0] = "a2"
    problem = only_error(root, with_plan(rows))
    assert (problem.location, problem.column, problem.value) == ("line 4", "action_id", "a2")
    assert problem.rule == ("action_id a2 is already used at line 2 (ids are compared ignoring case); "
                            "give each action its own id")


def test_every_problem_is_reported_at_once(root):
    rows = [list(r) for r in ROWS]
    rows[0][11] = "done"          # line 2: status
    rows[1][4:6] = ["2024-06-01", "2024-01-01"]  # line 3: due before start
    rows[2][0] = "A1"             # line 4: repeats line 3's id
    result = check(root, with_plan(rows))
    assert [(p.location, p.column) for p in errors_of(result)] == [
        ("line 2", "status"), ("line 4", "action_id"), ("line 3", "due_date")]


# ---------------------------------------------------------------- the header

def test_a_missing_column_is_an_error_at_the_header(root):
    header = [h for h in HEADER if h != "status"]
    rows = [r[:-1] for r in ROWS]
    problem = only_error(root, with_plan(rows, header), form="xlsx")
    assert (problem.location, problem.column) == ("action_plan row 1", "status")
    assert problem.rule == ("the action_plan table has no 'status' column; its header row must name these "
                            "columns: " + ", ".join(HEADER) + " (and optionally public)")


def test_an_extra_column_is_a_warning_and_ignored(root):
    tables = with_plan([r + ["my note"] for r in ROWS], HEADER + ["notes"])
    result = check(root, tables, form="xlsx")
    [warning] = result.problems
    assert (warning.severity, warning.location, warning.column) == ("warning", "action_plan!M1", "notes")
    pd.testing.assert_frame_equal(result.ret.action_plan, expected_plan())


def test_a_repeated_column_is_an_error(root):
    tables = with_plan([r + [r[11]] for r in ROWS], HEADER + ["status"])
    problem = only_error(root, tables, form="xlsx")
    assert (problem.location, problem.column) == ("action_plan!M1", "status")


# ---------------------------------------------------------------- quarantine

def test_a_bad_plan_quarantines_the_return_and_changes_nothing(root):
    write_return(root, broken("status", "done"))
    before = tree_hashes(root)
    year = load_year(root, 2024)
    assert year.returns == {} and list(year.quarantined) == [f"2024/{CODE}"]
    [problem] = year.quarantined[f"2024/{CODE}"]
    assert problem.table == "action_plan" and problem.authority == CODE
    assert tree_hashes(root) == before


def test_a_sheet_named_action_plan_is_a_table_not_an_extra_sheet(tmp_path):
    tables = with_plan()
    tables["notes"] = [["anything"]]
    path = tmp_path / "returns" / "2024" / f"{CODE}.xlsx"
    path.parent.mkdir(parents=True)
    write_workbook(path, tables)
    year = load_year(tmp_path / "returns", 2024)
    [warning] = year.problems
    assert warning.rule.startswith("the sheet 'notes' is not one of the return's tables")
    assert "action_plan" in warning.rule
    pd.testing.assert_frame_equal(year.returns[CODE].action_plan, expected_plan())
