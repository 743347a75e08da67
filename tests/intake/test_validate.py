"""Whole-return validation: both forms, optional survey, all problems at once."""

import pandas as pd
import pytest

from scwres_helpers import codes

from .conftest import check, errors_of, set_cell, valid_tables


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_valid_return_has_no_problems_and_the_hand_worked_tables(root, form):
    result = check(root, form=form)
    assert result.problems == [] and result.authority_code == "E90000001"
    ret = result.ret
    assert ret.authority_code == "E90000001" and ret.year == 2024
    assert ret.services == ("adult", "children") and ret.has_survey
    for name in codes.DATA_TABLES:
        assert tuple(ret.tables[name].columns) == codes.table_columns(name)
        for column in codes.TABLE_COUNTS[name]:
            assert ret.tables[name][column].dtype == "int64"
    workforce = ret.tables["workforce"]
    assert int(workforce["headcount"].sum()) == 140
    assert workforce.groupby("service")["headcount"].sum().to_dict() == {"adult": 100, "children": 40}
    assert int(ret.tables["survey"]["respondents"].sum()) == 115


def test_csv_and_excel_forms_of_the_same_data_are_equal(root):
    tables = valid_tables()
    set_cell(tables, "workforce", 2, "ethnicity", "A")  # aliases too
    csv_ret = check(root / "csv", tables, form="csv").ret
    xlsx_ret = check(root / "xlsx", tables, form="xlsx").ret
    assert csv_ret.about == xlsx_ret.about
    for name in codes.DATA_TABLES:
        pd.testing.assert_frame_equal(csv_ret.tables[name], xlsx_ret.tables[name])


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_survey_may_be_missing(root, form):
    tables = valid_tables()
    del tables["survey"]
    result = check(root, tables, form=form)
    assert result.problems == []
    assert result.ret.tables["survey"] is None and not result.ret.has_survey


def test_survey_with_only_a_header_means_no_survey(root):
    tables = valid_tables()
    tables["survey"] = tables["survey"][:1]
    result = check(root, tables, form="xlsx")
    assert result.problems == [] and result.ret.tables["survey"] is None


@pytest.mark.parametrize("form, file", [("csv", "E90000001/cpd.csv"), ("xlsx", "E90000001.xlsx")])
def test_every_other_table_is_required(root, form, file):
    tables = valid_tables()
    del tables["cpd"]
    result = check(root, tables, form=form)
    [problem] = errors_of(result)
    assert (problem.file, problem.table) == (file, "cpd") and result.ret is None


def test_all_problems_are_reported_at_once(root):
    tables = valid_tables()
    set_cell(tables, "about", 3, "value", "2023")                  # year mismatch
    set_cell(tables, "workforce", 3, "pay_band", "twenty")          # bad code
    set_cell(tables, "recruitment", 1, "appointed", 41)             # appointed > shortlisted
    set_cell(tables, "leavers", 2, "leavers", "3.5")                # not whole
    set_cell(tables, "survey", 4, "experienced", 21)                # experienced > respondents
    del tables["cpd"]                                               # missing table
    for row in tables["disciplinary"]:                              # extra column
        row.append("notes" if row[0] == "service" else "")
    result = check(root, tables, form="xlsx")
    assert result.ret is None
    found = {(p.severity, p.table, p.location) for p in result.problems}
    assert found == {
        ("error", "cpd", None),
        ("error", "about", "about!B4"),
        ("error", "workforce", "workforce!C4"),
        ("warning", "disciplinary", "disciplinary!D1"),
        ("error", "recruitment", "recruitment!D2"),
        ("error", "leavers", "leavers!C3"),
        ("error", "survey", "survey!E5"),
    }
    assert len(result.problems) == 7
    # table by table in the spec's order, so a table's problems read together
    assert [p.table for p in result.problems] == [
        "about", "workforce", "recruitment", "disciplinary", "cpd", "leavers", "survey"]


def test_every_problem_names_the_authority(root):
    tables = valid_tables()
    set_cell(tables, "cpd", 1, "service", "both")
    assert {p.authority for p in check(root, tables).problems} == {"E90000001"}

