"""Every problem at a row says which row it is, in the return's own words."""

import pytest

from scwres_helpers.intake.problems import ERROR, Problem
from scwres_helpers.intake.read import RawTable
from scwres_helpers.intake.row_labels import row_labels, with_row_labels

from .conftest import add_row, check, errors_of, set_cell, valid_tables


@pytest.mark.parametrize("form, where", [("xlsx", "recruitment!D3"), ("csv", "line 3")])
def test_a_bad_cell_is_labelled_with_its_row_keys(root, form, where):
    tables = valid_tables()
    set_cell(tables, "recruitment", 2, "appointed", 31)  # adult asian_indian: 31 > 30 shortlisted
    [problem] = errors_of(check(root, tables, form=form))
    assert problem.location == where
    assert problem.row_labels == "adult, asian_indian"
    assert f"{where} (adult, asian_indian), column appointed" in problem.describe()


def test_workforce_and_survey_rows_name_their_flags_and_source(root):
    tables = valid_tables()
    set_cell(tables, "workforce", 2, "headcount", "ten")  # adult white_british 40k_to_49k yes no
    set_cell(tables, "survey", 3, "experienced", "x")  # adult asian_indian public
    labels = [p.row_labels for p in errors_of(check(root, tables, form="xlsx"))]
    assert labels == ["adult, white_british, 40k_to_49k, senior_manager yes, regulated no",
                      "adult, asian_indian, source public"]


def test_a_row_level_problem_is_labelled_too(root):
    tables = valid_tables()
    add_row(tables, "leavers", ["adult", "White: English, Welsh, Scottish, Northern Irish or British", 1])
    problems = errors_of(check(root, tables, form="xlsx"))
    duplicate = [p for p in problems if p.table == "leavers"]
    assert duplicate and all(p.row_labels.startswith("adult, White: English") for p in duplicate)


def test_the_about_sheet_names_the_field(root):
    tables = valid_tables()
    set_cell(tables, "about", 3, "value", "twenty")
    [problem] = errors_of(check(root, tables, form="xlsx"))
    assert (problem.location, problem.row_labels) == ("about!B4", "year")


def test_problems_of_a_table_or_header_get_no_labels(root):
    tables = valid_tables()
    tables["cpd"][0][2] = "cpd_count"  # header misnamed: a header problem, no row
    problems = check(root, tables, form="xlsx").problems
    assert any(p.table == "cpd" for p in problems)
    assert all(p.row_labels is None for p in problems if p.table == "cpd")


def _table(cells: dict, form: str = "xlsx") -> RawTable:
    columns = list(cells)
    return RawTable("recruitment", form, "f.xlsx", "recruitment", 1,
                    {c: i for i, c in enumerate(columns, start=1)}, [2, 3],
                    cells)


def test_untrusted_key_cells_are_shown_safely_and_blank_ones_left_out():
    raw = _table({"service": ["adult\x1b[31m", None], "ethnicity": ["x" * 20000, "asian_indian"],
                  "shortlisted": ["1", "2"], "appointed": ["1", "9"]})
    assert row_labels(raw, 0) == "adult\\x1b[31m, " + "x" * 119 + "…"
    assert row_labels(raw, 1) == "asian_indian"


def test_only_problems_at_a_row_of_a_table_read_are_labelled():
    raw = _table({"service": ["adult", "children"], "ethnicity": ["white_british", "asian_indian"],
                  "shortlisted": ["1", "2"], "appointed": ["1", "9"]})
    at_row = Problem(ERROR, "r", table="recruitment", location="recruitment!D3", column="appointed")
    elsewhere = Problem(ERROR, "r", table="recruitment", location="recruitment!D9", column="appointed")
    other_table = Problem(ERROR, "r", table="leavers", location="leavers!C3", column="leavers")
    no_table = Problem(ERROR, "r", location="recruitment!D3")
    labelled = with_row_labels([at_row, elsewhere, other_table, no_table], {"recruitment": raw})
    assert [p.row_labels for p in labelled] == ["children, asian_indian", None, None, None]


def test_a_long_label_is_shown_whole_in_the_problem_line(root):
    tables = valid_tables()
    black_other = "Black, Black British, Caribbean or African: Any other Black, Black British, or Caribbean background"
    add_row(tables, "workforce", ["adult", black_other, "70k_plus", "yes", "yes", "many"])
    [problem] = errors_of(check(root, tables, form="xlsx"))
    assert problem.place() == f"workforce!F9 (adult, {black_other}, 70k_plus, senior_manager yes, regulated yes)"
    assert problem.place() in problem.describe()
