import datetime as dt

import pytest

from scwres_helpers.returns import About

from .conftest import check, errors_of, set_cell, valid_tables


def _with_about(field_row: int, value):
    tables = valid_tables()
    tables["about"][field_row][1] = value
    return tables


def test_a_valid_about_table_becomes_about(root):
    result = check(root)
    assert result.problems == []
    assert result.ret.about == About("E90000001", "Testshire County Council", 2024,
                                     dt.date(2023, 4, 1), dt.date(2024, 3, 31),
                                     dt.date(2024, 3, 31), "1.0")


@pytest.mark.parametrize("field_row, value, words", [
    (1, "E9000001", "a letter and 8 digits"),
    (1, "E90000002", "does not match the name the return is filed under (E90000001)"),
    (2, "x" * 101, "is 101 characters long"),
    (2, None, "authority_name is blank"),
    (2, "Leeds\nCity Council", "control character"),
    (2, "Leeds \u202eCity Council", "control character (U+202E"),  # issue 18: one rule for names
    (2, '=HYPERLINK("http://x","y")', "must be plain text"),
    (2, "Leeds <b>City</b> Council", "must be plain text"),
    (3, "2023", "year (2023) does not match the year folder"),
    (3, "24", "four digits"),
    (4, "01/04/2023", "YYYY-MM-DD"),
    (5, "2023-03-31", "period_end (2023-03-31) must be after period_start (2023-04-01)"),
    (6, "31 March 2024", "YYYY-MM-DD"),
])
def test_bad_about_values_are_errors_at_the_value_cell(root, field_row, value, words):
    result = check(root, _with_about(field_row, value))
    [problem] = errors_of(result)
    assert words in problem.rule
    assert problem.location == f"line {field_row + 1}" and problem.column == "value"
    assert result.ret is None


def test_name_of_exactly_100_characters_and_lower_case_code_are_fine(root):
    tables = _with_about(2, "n" * 100)
    tables["about"][1][1] = " e90000001 "
    result = check(root, tables)
    assert result.problems == [] and result.ret.about.authority_code == "E90000001"


def test_period_not_about_twelve_months_is_only_a_warning(root):
    result = check(root, _with_about(5, "2023-09-30"))
    [problem] = result.problems
    assert problem.severity == "warning" and "183 days" in problem.rule
    assert result.ret is not None


def test_period_end_on_the_next_periods_first_day_is_accepted(root):
    assert check(root, _with_about(5, "2024-04-01")).problems == []


def test_template_version_is_optional(root):
    tables = valid_tables()
    tables["about"].pop(7)
    result = check(root, tables)
    assert result.problems == [] and result.ret.about.template_version is None


def test_missing_field_is_an_error(root):
    tables = valid_tables()
    tables["about"].pop(6)  # snapshot_date
    [problem] = errors_of(check(root, tables))
    assert "no snapshot_date row" in problem.rule


def test_field_given_twice_is_an_error_naming_both_rows(root):
    tables = valid_tables()
    tables["about"].append(["Year", "2024"])
    [problem] = errors_of(check(root, tables))
    assert problem.location == "line 9" and "line 4" in problem.rule


def test_unknown_field_and_extra_column_are_warnings(root):
    tables = valid_tables()
    tables["about"].append(["contact_email", "a@b.c"])
    for row in tables["about"]:
        row.append("note" if row[0] == "field" else "")
    result = check(root, tables)
    assert [p.severity for p in result.problems] == ["warning", "warning"]
    assert {p.column for p in result.problems} == {"note", "field"}
    assert result.ret is not None


def test_about_field_names_are_case_insensitive(root):
    tables = valid_tables()
    tables["about"][0] = [" FIELD", "Value "]
    set_cell(tables, "about", 4, "field", " Period_Start ")
    assert check(root, tables).problems == []


def test_excel_date_cells_are_accepted(root):
    tables = _with_about(4, dt.datetime(2023, 4, 1))
    tables["about"][3][1] = 2024
    result = check(root, tables, form="xlsx")
    assert result.problems == [] and result.ret.about.period_start == dt.date(2023, 4, 1)


def test_about_errors_in_excel_point_at_the_value_cell(root):
    [problem] = errors_of(check(root, _with_about(3, 2023), form="xlsx"))
    assert problem.location == "about!B4" and problem.value == "2023"


# ---------------------------------------------------------------- governance (issue 21)

def _with_governance(*rows):
    tables = valid_tables()
    tables["about"] += [list(r) for r in rows]
    return tables


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_governance_roles_and_names_are_read(root, form):
    from scwres_helpers.returns import Governance

    result = check(root, _with_governance(
        ["executive_sponsor_role", "Director of Adult Social Services"],
        ["staff_voice_lead_role", "Chair, Staff Network"],
        ["governance_names_public", "Yes"],
        ["executive_sponsor_name", "Sam Example"],
    ), form=form)
    assert result.problems == []
    assert result.ret.about.governance == Governance(
        executive_sponsor_role="Director of Adult Social Services", staff_voice_lead_role="Chair, Staff Network",
        names_public=True, executive_sponsor_name="Sam Example")


def test_without_governance_fields_nothing_is_published(root):
    governance = check(root).ret.about.governance
    assert (governance.executive_sponsor_role, governance.names_public) == (None, False)


def test_a_blank_names_public_means_no(root):
    result = check(root, _with_governance(["programme_lead_role", "Head of HR"], ["governance_names_public", None]))
    assert result.problems == [] and result.ret.about.governance.names_public is False


@pytest.mark.parametrize("value, words", [
    ("maybe", "governance_names_public must be yes or no"),
])
def test_names_public_other_than_yes_or_no_is_an_error(root, value, words):
    result = check(root, _with_governance(["governance_names_public", value]))
    [problem] = errors_of(result)
    assert words in problem.rule and problem.location == "line 9"  # header, 7 rows, then this one


@pytest.mark.parametrize("field, value, words", [
    ("programme_lead_role", "hr.lead@council.example", "looks like an email address"),
    ("executive_sponsor_name", "Sam\u202eExample", "control character (U+202E"),
    ("staff_voice_lead_role", "<b>Chair</b>", "must be plain text"),
    ("staff_voice_lead_role", "=HYPERLINK(\"x\")", "must be plain text"),
    ("programme_lead_role", "r" * 101, "is 101 characters long"),
])
def test_bad_governance_text_is_an_error_at_its_cell(root, field, value, words):
    result = check(root, _with_governance([field, value]))
    [problem] = errors_of(result)
    assert words in problem.rule and problem.rule.startswith(field)
    assert problem.location == "line 9" and problem.column == "value"


def test_names_without_opting_in_are_kept_private_with_a_warning(root):
    result = check(root, _with_governance(["programme_lead_name", "Sam Example"], ["governance_names_public", "no"]))
    [problem] = result.problems
    assert problem.severity == "warning"
    assert problem.rule.startswith("programme_lead_name given but governance_names_public is not yes")
    assert result.ret.about.governance.published() == []  # no role given, and the name stays private
