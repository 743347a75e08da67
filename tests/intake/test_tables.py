"""Columns, cells and keys of the data tables (one rule per test, CSV and Excel)."""

import pandas as pd
import pytest

from .conftest import add_row, check, errors_of, set_cell, valid_tables, warnings_of


def test_missing_column_is_an_error_at_the_header(root):
    tables = valid_tables()
    for row in tables["leavers"]:
        del row[2]
    [problem] = errors_of(check(root, tables))
    assert (problem.file, problem.location, problem.column) == ("E90000001/leavers.csv", "line 1", "leavers")
    assert "service, ethnicity, leavers" in problem.rule


def test_extra_column_is_a_warning_and_is_dropped(root):
    tables = valid_tables()
    for row in tables["cpd"]:
        row.append("notes" if row[0] == "service" else "checked")
    result = check(root, tables, form="xlsx")
    [problem] = result.problems
    assert (problem.severity, problem.location, problem.column) == ("warning", "cpd!D1", "notes")
    assert list(result.ret.tables["cpd"].columns) == ["service", "ethnicity", "accessed_funded_cpd"]


def test_repeated_column_is_an_error(root):
    tables = valid_tables()
    for row in tables["leavers"]:
        row.append(row[2])
    [problem] = errors_of(check(root, tables, form="xlsx"))
    assert (problem.location, problem.column) == ("leavers!D1", "leavers")


def test_header_and_code_variants_are_accepted(root):
    tables = valid_tables()
    tables["workforce"][0] = [" Service", "ETHNICITY", "Pay_Band ", "Senior_Manager", "REGULATED", "HeadCount"]
    tables["workforce"][1][:5] = [" ADULT ", "White_British", "20K_TO_29K", "No", " YES"]
    result = check(root, tables)
    assert result.problems == []
    assert result.ret.tables["workforce"].equals(check_valid_workforce(root))


def check_valid_workforce(root):
    from .conftest import write_return, only_source
    from scwres_helpers.intake import read_return, validate_return
    other = root.parent / "other"
    write_return(other)
    return validate_return(read_return(only_source(other))).ret.tables["workforce"]


@pytest.mark.parametrize("alias", [
    "White: English, Welsh, Scottish, Northern Irish or British",
    "white:  english, welsh, scottish, northern irish or british ",
    "A", "a", " White_British ",
])
def test_ethnicity_aliases_read_as_the_category_code(root, alias):
    tables = valid_tables()
    set_cell(tables, "leavers", 1, "ethnicity", alias)
    result = check(root, tables)
    assert result.problems == []
    leavers = result.ret.tables["leavers"]
    assert leavers.loc[leavers["ethnicity"] == "white_british", "leavers"].tolist() == [6]


def test_nhs_letter_z_and_census_label_for_black_other(root):
    tables = valid_tables()
    set_cell(tables, "workforce", 5, "ethnicity", "Z")
    add_row(tables, "workforce", ["adult", "Black, Black British, Caribbean or African: Any other Black, "
                                  "Black British, or Caribbean background", "under_20k", "no", "no", 1])
    result = check(root, tables)
    assert result.problems == []
    assert set(result.ret.tables["workforce"]["ethnicity"]) >= {"not_known", "black_other"}


@pytest.mark.parametrize("table, column, value", [
    ("workforce", "service", "adults"),
    ("workforce", "pay_band", "£20k-£29k"),
    ("workforce", "senior_manager", "Y"),
    ("workforce", "regulated", "true"),
    ("workforce", "ethnicity", "Indian"),
    ("survey", "source", "public and relatives"),
    ("recruitment", "ethnicity", None),
])
def test_values_outside_the_allowed_lists_are_errors(root, table, column, value):
    tables = valid_tables()
    set_cell(tables, table, 2, column, value)
    result = check(root, tables)
    [problem] = errors_of(result)
    assert (problem.table, problem.location, problem.column, problem.value) == (table, "line 3", column, value)
    assert result.ret is None


@pytest.mark.parametrize("value, words", [
    ("12 staff", "not a number"), ("n/a", "not a number"), ("<5", "suppressed"),
    ("1,200", "without commas"), ("3.5", "not a whole number"), ("-1", "negative"),
    ("", "blank"),
])
def test_counts_must_be_whole_numbers_from_zero(root, value, words):
    tables = valid_tables()
    set_cell(tables, "cpd", 3, "accessed_funded_cpd", value)
    [problem] = errors_of(check(root, tables))
    assert (problem.location, problem.column) == ("line 4", "accessed_funded_cpd")
    assert problem.value == (value or None)
    assert words in problem.rule


def test_blank_count_in_excel_is_an_error_at_its_cell(root):
    tables = valid_tables()
    add_row(tables, "recruitment", ["adult", "black_african", 5, 1])
    add_row(tables, "recruitment", ["adult", "not_known", None, 0])
    [problem] = errors_of(check(root, tables, form="xlsx"))
    assert problem.describe() == (
        "error  E90000001.xlsx recruitment!C7 (adult, not_known), column shortlisted: shortlisted is blank; "
        "enter 0 if there were none (a blank cell is not read as zero)")


def test_excel_whole_float_is_a_count_and_error_value_is_an_error(root):
    tables = valid_tables()
    set_cell(tables, "cpd", 1, "accessed_funded_cpd", 30.0)
    set_cell(tables, "leavers", 2, "leavers", "#DIV/0!")
    result = check(root, tables, form="xlsx")
    [problem] = errors_of(result)
    assert (problem.location, problem.value) == ("leavers!C3", "#DIV/0!")
    assert "Excel error #DIV/0!" in problem.rule


def test_excel_fraction_is_an_error(root):
    tables = valid_tables()
    set_cell(tables, "workforce", 1, "headcount", 49.5)
    [problem] = errors_of(check(root, tables, form="xlsx"))
    assert (problem.location, problem.value) == ("workforce!F2", "49.5")


def test_duplicate_key_after_aliases_names_both_rows(root):
    tables = valid_tables()
    add_row(tables, "leavers", ["Adult", "A", 1])   # same as line 2: adult, white_british
    result = check(root, tables)
    [problem] = errors_of(result)
    assert (problem.table, problem.location, problem.value) == ("leavers", "line 5", "Adult, A")
    assert "service adult, ethnicity white_british, already given at line 2" in problem.rule


def test_duplicate_workforce_key_in_excel(root):
    tables = valid_tables()
    add_row(tables, "workforce", ["adult", "asian_indian", "20k_to_29k", "no", "yes", 1])
    [problem] = errors_of(check(root, tables, form="xlsx"))
    assert problem.location == "workforce row 9" and "workforce row 4" in problem.rule


def test_rows_differing_only_in_survey_source_are_not_duplicates(root):
    tables = valid_tables()
    add_row(tables, "survey", ["adult", "white_british", "managers", 40, 1])
    assert check(root, tables).problems == []


def test_empty_workforce_is_an_error(root):
    tables = {name: rows if name == "about" else rows[:1] for name, rows in valid_tables().items()}
    result = check(root, tables)
    [problem] = errors_of(result)
    assert problem.table == "workforce" and "no rows" in problem.rule


def test_event_tables_with_only_a_header_are_valid_and_empty(root):
    tables = valid_tables()
    for name in ("recruitment", "disciplinary", "fitness_to_practise", "cpd", "leavers"):
        tables[name] = tables[name][:1]
    result = check(root, tables)
    assert result.problems == []
    empty = result.ret.tables["cpd"]
    assert len(empty) == 0 and list(empty.columns) == ["service", "ethnicity", "accessed_funded_cpd"]
    assert empty["accessed_funded_cpd"].dtype == "int64"


def test_tables_are_canonical_sorted_and_typed(root):
    tables = valid_tables()
    set_cell(tables, "recruitment", 1, "ethnicity", "A")
    set_cell(tables, "recruitment", 4, "service", "CHILDREN")
    result = check(root, tables)
    expected = pd.DataFrame({
        "service": ["adult", "adult", "children", "children"],
        "ethnicity": ["asian_indian", "white_british", "black_caribbean", "white_british"],
        "shortlisted": [30, 40, 9, 12],
        "appointed": [3, 8, 2, 4],
    }).astype({"service": "str", "ethnicity": "str", "shortlisted": "int64", "appointed": "int64"})
    pd.testing.assert_frame_equal(result.ret.tables["recruitment"], expected)
    assert warnings_of(result) == []
