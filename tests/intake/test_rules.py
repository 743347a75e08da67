"""Rules across rows and tables, and the non-blocking warnings (hand-worked counts)."""

import pytest

from scwres_helpers.intake.rules import headcount_by_service_ethnicity

from .conftest import add_row, check, errors_of, set_cell, valid_tables, warnings_of


def test_appointed_more_than_shortlisted(root):
    tables = valid_tables()
    set_cell(tables, "recruitment", 4, "appointed", 12)  # shortlisted 9
    result = check(root, tables)
    [problem] = errors_of(result)
    assert problem.describe() == (
        'error  E90000001/recruitment.csv line 5 (children, black_caribbean), column appointed, value "12": '
        "appointed (12) is more than shortlisted (9); everyone appointed must have been "
        "shortlisted, so check both counts")


def test_appointed_equal_to_shortlisted_is_fine(root):
    tables = valid_tables()
    set_cell(tables, "recruitment", 4, "appointed", 9)
    assert check(root, tables).problems == []


@pytest.mark.parametrize("table, column, row, limit", [
    # adult white_british headcount 50 + 10 = 60
    ("disciplinary", "entered_formal_process", 1, 60),
    ("cpd", "accessed_funded_cpd", 1, 60),
    ("leavers", "leavers", 1, 60),
])
def test_event_counts_cannot_exceed_the_headcount(root, table, column, row, limit):
    tables = valid_tables()
    set_cell(tables, table, row, column, limit)
    assert check(root, tables).problems == []
    set_cell(tables, table, row, column, limit + 1)
    [problem] = errors_of(check(root.parent / "again", tables))
    assert (problem.table, problem.location, problem.column) == (table, "line 2", column)
    assert f"{column} ({limit + 1}) is more than the workforce headcount for adult, white_british ({limit})" in problem.rule


def test_event_row_for_an_ethnicity_with_no_workforce_compares_with_zero(root):
    tables = valid_tables()
    add_row(tables, "leavers", ["children", "asian_pakistani", 0])
    assert check(root, tables).problems == []
    tables["leavers"][-1][2] = 1
    [problem] = errors_of(check(root.parent / "again", tables))
    assert "for children, asian_pakistani (0)" in problem.rule


def test_referred_cannot_exceed_the_regulated_headcount(root):
    tables = valid_tables()
    # adult white_british: headcount 60 of whom 50 are regulated
    set_cell(tables, "fitness_to_practise", 1, "referred", 50)
    assert check(root, tables).problems == []
    set_cell(tables, "fitness_to_practise", 1, "referred", 51)
    [problem] = errors_of(check(root.parent / "again", tables, form="xlsx"))
    assert (problem.location, problem.value) == ("fitness_to_practise!C2", "51")
    assert "regulated workforce headcount for adult, white_british (50)" in problem.rule


def test_referral_in_a_group_with_no_regulated_staff_is_an_error(root):
    tables = valid_tables()
    add_row(tables, "fitness_to_practise", ["adult", "black_african", 1])  # 15 staff, none regulated
    [problem] = errors_of(check(root, tables))
    assert "(0)" in problem.rule and problem.location == "line 4"


def test_experienced_cannot_exceed_respondents(root):
    tables = valid_tables()
    set_cell(tables, "survey", 3, "experienced", 16)  # respondents 15
    [problem] = errors_of(check(root, tables, form="xlsx"))
    assert (problem.location, problem.column) == ("survey!E4", "experienced")
    assert "experienced (16) is more than respondents (15)" in problem.rule


@pytest.mark.parametrize("table, row", [
    ("recruitment", ["children", "asian_indian", 3, 1]),
    ("disciplinary", ["children", "white_british", 0]),
    ("survey", ["children", "black_caribbean", "public", 5, 1]),
])
def test_service_absent_from_workforce_is_an_error(root, table, row):
    tables = valid_tables()
    tables["workforce"] = [r for r in tables["workforce"] if r[0] != "children"]
    for name in ("recruitment", "disciplinary", "fitness_to_practise", "cpd", "leavers", "survey"):
        tables[name] = [r for r in tables[name] if r[0] != "children"]
    assert check(root, tables).problems == []  # an adult-only return is valid
    add_row(tables, table, row)
    [problem] = errors_of(check(root.parent / "again", tables))
    assert (problem.table, problem.column, problem.value) == (table, "service", "children")
    assert "workforce table has no children staff" in problem.rule


def test_cross_table_checks_wait_for_a_complete_workforce(root):
    tables = valid_tables()
    set_cell(tables, "workforce", 1, "headcount", "fifty")
    # Without the 50, adult white_british would look like 10 staff against 30 on CPD:
    # that follow-on error would mislead, so only the bad cell is reported.
    [problem] = errors_of(check(root, tables))
    assert (problem.table, problem.column) == ("workforce", "headcount")


def test_a_warning_in_the_workforce_does_not_switch_off_the_cross_table_rules(root):
    tables = valid_tables()
    for row in tables["workforce"]:
        row.append("notes" if row[0] == "service" else "")
    set_cell(tables, "leavers", 1, "leavers", 61)
    result = check(root, tables)
    assert [(p.severity, p.table) for p in result.problems] == [("warning", "workforce"), ("error", "leavers")]


def test_headcount_by_service_and_ethnicity_is_summed_over_bands():
    import pandas as pd
    workforce = pd.DataFrame({
        "service": ["adult", "adult", "adult"], "ethnicity": ["a", "a", "b"],
        "pay_band": ["x", "y", "x"], "senior_manager": ["no", "yes", "no"],
        "regulated": ["yes", "no", "yes"], "headcount": [3, 4, 5]})
    assert headcount_by_service_ethnicity(workforce, False) == {("adult", "a"): 7, ("adult", "b"): 5}
    assert headcount_by_service_ethnicity(workforce, True) == {("adult", "a"): 3, ("adult", "b"): 5}


# ---------------------------------------------------------------- warnings

def _workforce_with_unknown(unknown: int, prefer_not: int):
    tables = valid_tables()
    set_cell(tables, "workforce", 5, "headcount", unknown)  # the adult not_known row
    add_row(tables, "workforce", ["children", "prefer_not_to_say", "under_20k", "no", "no", prefer_not])
    return tables


def test_unknown_ethnicity_over_ten_percent_is_a_warning(root):
    # known staff: 140 - 5 = 135; unknown 10 + 6 = 16 of 151 = 10.6%
    result = check(root, _workforce_with_unknown(10, 6))
    [problem] = result.problems
    assert problem.severity == "warning" and problem.table == "workforce"
    assert "16 of 151 staff (10.6%)" in problem.rule
    assert problem.location is None and problem.file == "E90000001/workforce.csv"
    assert result.ret is not None and result.ret.warnings == [problem]


def test_unknown_ethnicity_warning_in_excel_names_the_sheet(root):
    [problem] = check(root, _workforce_with_unknown(10, 6), form="xlsx").problems
    assert problem.describe().startswith("warning  E90000001.xlsx sheet workforce: 16 of 151 staff")


def test_unknown_ethnicity_of_exactly_ten_percent_is_not_warned(root):
    # unknown 10 + 5 = 15 of 150 = exactly 10%
    assert check(root, _workforce_with_unknown(10, 5)).problems == []


def _previous(root, tables):
    return check(root.parent / "previous", tables).ret


def test_tenfold_change_since_last_year_is_a_warning(root):
    last_year = valid_tables()
    set_cell(last_year, "leavers", 1, "leavers", 0)
    set_cell(last_year, "leavers", 2, "leavers", 0)
    set_cell(last_year, "leavers", 3, "leavers", 1)  # last year's total leavers 1; now 12
    previous = _previous(root, last_year)
    result = check(root, None, previous=previous)
    [problem] = result.problems
    assert (problem.severity, problem.table, problem.column) == ("warning", "leavers", "leavers")
    assert "(2024: 1; now: 12)" in problem.rule
    assert result.ret is not None


def test_tenfold_change_downwards_and_exactly_tenfold(root):
    last_year = valid_tables()
    set_cell(last_year, "cpd", 1, "accessed_funded_cpd", 601)  # total 631 -> now 60
    # disciplinary total 6 now; last year 60 is exactly tenfold and must not warn
    set_cell(last_year, "disciplinary", 1, "entered_formal_process", 56)
    last_year["workforce"][1][5] = 600
    result = check(root, None, previous=_previous(root, last_year))
    assert [(p.table, p.column) for p in result.problems] == [("cpd", "accessed_funded_cpd")]


def test_no_tenfold_warning_when_a_total_is_zero(root):
    last_year = valid_tables()
    for row in last_year["disciplinary"][1:]:
        row[2] = 0
    assert check(root, None, previous=_previous(root, last_year)).problems == []


def test_survey_absent_last_year_gives_no_tenfold_warning(root):
    last_year = valid_tables()
    del last_year["survey"]
    previous = _previous(root, last_year)
    assert previous.tables["survey"] is None
    assert check(root, None, previous=previous).problems == []


def test_warnings_do_not_block(root):
    result = check(root, _workforce_with_unknown(40, 0))
    assert warnings_of(result) and not errors_of(result) and result.ret is not None
