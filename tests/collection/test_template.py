import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from scwres_helpers import codes
from scwres_helpers.action_plan import plan_frame
from scwres_helpers.collection import intake_inbox, make_template
from scwres_helpers.collection.template import LISTS_SHEET, PLAN_SPARE_ROWS, key_rows
from scwres_helpers.indicators.table import compute_indicators
from scwres_helpers.intake import load_year
from scwres_helpers.intake.discover import ReturnSource
from scwres_helpers.intake.problems import MAX_PROBLEMS_PER_RETURN
from scwres_helpers.intake.read import read_return
from scwres_helpers.intake.validate import validate_return

from .conftest import CODE_A, YEAR, fill_template, set_about, tables_for, xlsx_bytes


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return make_template(YEAR, tmp_path_factory.mktemp("t") / "template.xlsx", CODE_A, "Testshire")


def _next_template(tables: dict, tmp_path) -> Path:
    """Next year's template prefilled from TABLES, sent as this year's return and taken in."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.xlsx").write_bytes(xlsx_bytes(tables))
    intake_inbox(inbox, tmp_path / "root", YEAR)
    previous = load_year(tmp_path / "root", YEAR).returns[CODE_A]
    return make_template(YEAR + 1, tmp_path / "next.xlsx", previous=previous)


def test_sheets_are_the_tables_plus_readme_and_hidden_lists(template):
    workbook = openpyxl.load_workbook(template)
    assert workbook.sheetnames == ["README", "about", "workforce", "recruitment", "disciplinary",
                                   "fitness_to_practise", "cpd", "leavers", "survey", "action_plan",
                                   "README figures", "readme_counts", "readme_charts", LISTS_SHEET]
    assert workbook[LISTS_SHEET].sheet_state == "hidden"
    for table in codes.DATA_TABLES:
        header = [c.value for c in workbook[table][1]]
        assert header == list(codes.table_columns(table))


def test_event_and_survey_rows_are_prefilled_and_the_workforce_is_a_long_form(template):
    workbook = openpyxl.load_workbook(template)
    # The workforce: no row pre-filled, room for every combination of both services
    # (2 x 21 ethnicities x 7 bands x 2 x 2 = 1176) plus 50 spare rows, all editable.
    workforce = workbook["workforce"]
    assert sum(1 for row in workforce.iter_rows(min_row=2, values_only=True) if row[0]) == 0
    assert workforce["A1227"].protection.locked is False and workforce["F1227"].protection.locked is False
    # Events: 2 x 21 = 42; survey x 3 = 126.
    assert sum(1 for row in workbook["leavers"].iter_rows(min_row=2, values_only=True) if row[0]) == 42
    assert sum(1 for row in workbook["survey"].iter_rows(min_row=2, values_only=True) if row[0]) == 126
    assert workbook["recruitment"]["B2"].value == "White: English, Welsh, Scottish, Northern Irish or British"
    assert workbook["recruitment"]["C2"].value is None  # counts left for the authority


def test_header_locked_body_editable_and_sheet_protected(template):
    sheet = openpyxl.load_workbook(template)["recruitment"]
    assert sheet.protection.sheet is True
    assert sheet["A1"].protection.locked is True
    assert sheet["D2"].protection.locked is False
    assert sheet["D43"].protection.locked is False  # last pre-filled row
    assert sheet["D60"].protection.locked is False  # a spare row
    assert sheet.protection.insertRows is False and sheet.protection.deleteRows is False  # allowed


def test_drop_downs_and_whole_number_validation(template):
    sheet = openpyxl.load_workbook(template)["workforce"]
    by_range = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    assert by_range["B2:B1227"].type == "list"
    assert by_range["B2:B1227"].formula1 == f"{LISTS_SHEET}!$B$2:$B$22"
    assert by_range["D2:D1227"].formula1 == f"{LISTS_SHEET}!$D$2:$D$3"
    count = by_range["F2:F1227"]
    assert (count.type, count.operator, count.formula1) == ("whole", "greaterThanOrEqual", "0")
    lists = openpyxl.load_workbook(template)[LISTS_SHEET]
    assert [lists.cell(r, 2).value for r in range(2, 23)] == [codes.CENSUS_LABELS[e] for e in codes.ETHNICITIES]


def test_template_version_and_prefilled_about(template):
    rows = {r[0]: r[1] for r in openpyxl.load_workbook(template)["about"].iter_rows(min_row=2, values_only=True)}
    assert rows["template_version"] == "SC-WRES 2024.1"
    assert rows["authority_code"] == CODE_A
    assert str(rows["period_start"])[:10] == "2023-04-01" and str(rows["period_end"])[:10] == "2024-03-31"


def test_governance_fields_are_blank_with_names_not_published(template):
    """Issue 21: the roles and names start blank; governance_names_public starts no, with a yes/no list."""
    sheet = openpyxl.load_workbook(template)["about"]
    rows = {r[0]: r[1] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert [rows[f] for f in ("executive_sponsor_role", "programme_lead_role", "staff_voice_lead_role",
                              "executive_sponsor_name", "programme_lead_name", "staff_voice_lead_name")] == [None] * 6
    assert rows["governance_names_public"] == "no"
    # Fields in codes.ABOUT_FIELDS order from row 2: 7 before it (6 required, template_version),
    # then 3 roles, so governance_names_public is on row 2 + 7 + 3 = 12.
    assert sheet["A12"].value == "governance_names_public"
    [choice] = [v for v in sheet.data_validations.dataValidation if "B12" in str(v.sqref)]
    assert choice.type == "list" and choice.formula1.endswith("$D$2:$D$3")  # yes_no is the 4th list


def test_governance_of_last_years_return_is_prefilled(tmp_path):
    tables = tables_for(CODE_A, "Adultshire")
    set_about(tables, "executive_sponsor_role", "Director of Adult Social Services")
    set_about(tables, "staff_voice_lead_role", "Chair, Staff Network")
    set_about(tables, "governance_names_public", "yes")
    set_about(tables, "programme_lead_name", "Sam Example")
    path = _next_template(tables, tmp_path)
    about = {r[0]: r[1] for r in openpyxl.load_workbook(path)["about"].iter_rows(min_row=2, values_only=True)}
    assert about["executive_sponsor_role"] == "Director of Adult Social Services"
    assert about["programme_lead_role"] is None
    assert about["staff_voice_lead_role"] == "Chair, Staff Network"
    assert (about["governance_names_public"], about["programme_lead_name"]) == ("yes", "Sam Example")


def test_same_inputs_same_bytes(tmp_path):
    one = make_template(YEAR, tmp_path / "a.xlsx", CODE_A, "X").read_bytes()
    two = make_template(YEAR, tmp_path / "b.xlsx", CODE_A, "X").read_bytes()
    assert one == two


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x","y")', "@SUM(A1)", "Leeds <b>", "Leeds\u202eCity"])
def test_a_name_that_breaks_the_name_rule_is_refused(tmp_path, name):
    """Issue 18, case 12: intake refused these names, template and validate took them."""
    with pytest.raises(ValueError, match="authority_name"):
        make_template(YEAR, tmp_path / "t.xlsx", CODE_A, name)
    assert not (tmp_path / "t.xlsx").exists()


def test_plan_text_that_looks_like_a_formula_gets_the_quote_prefix(tmp_path):
    """Issue 18, case 12: stored as a string but without the prefix, editing it made it live."""
    plan = _plan()
    plan.loc[0, "action"] = '=HYPERLINK("http://example.org","click")'
    plan.loc[1, "action"] = "Listening sessions"
    plan.loc[1, "owner_role"] = "+44 team lead"
    path = make_template(YEAR, tmp_path / "t.xlsx", CODE_A, "Testshire County Council", action_plan=plan)
    sheet = openpyxl.load_workbook(path)["action_plan"]
    action, owner, plain = sheet["C2"], sheet["D3"], sheet["C3"]
    assert (action.value, action.data_type, action.quotePrefix) == (plan.loc[0, "action"], "s", True)
    assert (owner.value, owner.quotePrefix) == ("+44 team lead", True)
    assert plain.data_type == "s" and not plain.quotePrefix


def test_bad_code_is_refused(tmp_path):
    with pytest.raises(ValueError):
        make_template(YEAR, tmp_path / "t.xlsx", "../../etc")


def test_unfilled_template_fails_on_blank_counts_and_an_empty_workforce(template):
    result = validate_return(read_return(ReturnSource(template, "xlsx", YEAR, CODE_A)))
    errors = result.errors
    # 2*42 + 4*42 (one count each) + 2*126 blank cells; with no workforce rows, each of the 6
    # event and survey tables has rows of both services that no workforce has (one error per
    # table and service); and one for the empty workforce table itself. The first
    # MAX_PROBLEMS_PER_RETURN are listed, then a count of the rest.
    total = 84 + 168 + 252 + 6 * 2 + 1
    assert len(errors) == MAX_PROBLEMS_PER_RETURN + 1
    rest = total - MAX_PROBLEMS_PER_RETURN
    assert errors[-1].rule.startswith(f"and {rest:,} more problems ({rest:,} errors, 0 warnings)")


def test_previous_return_limits_rows_to_its_services():
    assert len(key_rows("workforce", ("adult",))) == 21 * 7 * 4
    assert key_rows("survey", ("children",))[0] == ("children", codes.CENSUS_LABELS["white_british"], "public")


def _csv_return(root: Path, tables: dict) -> None:
    folder = root / str(YEAR) / CODE_A
    folder.mkdir(parents=True)
    for name, rows in tables.items():
        with open(folder / f"{name}.csv", "w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)


def test_round_trip_template_gives_the_csv_forms_indicators(tmp_path):
    tables = tables_for(CODE_A, "Testshire County Council")
    _csv_return(tmp_path / "csv", tables)
    from_csv = load_year(tmp_path / "csv", YEAR)
    assert list(from_csv.returns) == [CODE_A], from_csv.problems

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path = make_template(YEAR, inbox / "our return (final).xlsx", CODE_A, "Testshire County Council")
    fill_template(path, tables)
    summary = intake_inbox(inbox, tmp_path / "xlsx", YEAR)
    assert [f.outcome for f in summary.files] == ["accepted"], summary.format_text()
    from_xlsx = load_year(tmp_path / "xlsx", YEAR)
    assert list(from_xlsx.returns) == [CODE_A]
    assert [p for p in from_xlsx.problems if p.is_error] == []

    expected = compute_indicators(list(from_csv.returns.values()), YEAR)
    got = compute_indicators(list(from_xlsx.returns.values()), YEAR)
    assert len(expected) > 0
    pd.testing.assert_frame_equal(got, expected)


def test_round_trip_without_survey(tmp_path):
    tables = tables_for(CODE_A, "Testshire County Council")
    tables["survey"] = tables["survey"][:1]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    fill_template(make_template(YEAR, inbox / "r.xlsx", CODE_A, "Testshire County Council"), tables)
    summary = intake_inbox(inbox, tmp_path / "root", YEAR)
    assert summary.files[0].outcome == "accepted", summary.format_text()
    ret = load_year(tmp_path / "root", YEAR).returns[CODE_A]
    assert ret.tables["survey"] is None
    assert int(ret.tables["workforce"]["headcount"].sum()) == 135  # 60 + 20 + 15 + 30 + 10


def test_previous_return_gives_code_name_and_services(tmp_path):
    tables = tables_for(CODE_A, "Adultshire")
    for table in codes.DATA_TABLES:
        tables[table] = [tables[table][0]] + [r for r in tables[table][1:] if r[0] == "adult"]
    path = _next_template(tables, tmp_path)
    workbook = openpyxl.load_workbook(path)
    about = {r[0]: r[1] for r in workbook["about"].iter_rows(min_row=2, values_only=True)}
    assert (about["authority_code"], about["authority_name"], about["year"]) == (CODE_A, "Adultshire", YEAR + 1)
    assert about["template_version"] == "SC-WRES 2025.1"
    services = {row[0] for row in workbook["recruitment"].iter_rows(min_row=2, values_only=True) if row[0]}
    assert services == {"adult"}
    # The workforce starts with last year's adult combinations that had staff (conftest), in the
    # spec's order (ethnicity, then band, then senior manager and regulated, "no" first), counts blank.
    white = codes.CENSUS_LABELS["white_british"]
    assert [row[:6] for row in workbook["workforce"].iter_rows(min_row=2, values_only=True) if row[0]] == [
        ("adult", white, "20k_to_29k", "no", "yes", None),
        ("adult", white, "40k_to_49k", "yes", "no", None),
        ("adult", codes.CENSUS_LABELS["asian_indian"], "20k_to_29k", "no", "yes", None),
        ("adult", codes.CENSUS_LABELS["black_african"], "30k_to_39k", "no", "no", None),
    ]
    # Room for every adult combination (588) and the spare rows, whatever was pre-filled.
    by_range = {str(v.sqref) for v in workbook["workforce"].data_validations.dataValidation}
    assert "B2:B639" in by_range


# ---------------------------------------------------------------- the action plan sheet

def _plan(**changes) -> pd.DataFrame:
    """Two actions in canonical form (as intake gives them), written out by hand."""
    rows = [
        {"action_id": "A1", "indicator": "1", "action": "Sponsor staff onto the leadership programme",
         "owner_role": "Director of Adult Social Care", "start_date": dt.date(2024, 4, 1),
         "due_date": dt.date(2026, 3, 31), "target_measure": "share_minoritised", "target_breakdown": "70k_plus",
         "target_comparison": "at_least", "target_value": 0.15, "target_year": 2026, "status": "not_started"},
        {"action_id": "A2", "indicator": "7a", "action": '=HYPERLINK("http://x","click") listening sessions',
         "owner_role": "Head of HR", "start_date": dt.date(2024, 5, 1), "due_date": dt.date(2025, 3, 31),
         "target_measure": "relative_likelihood", "target_breakdown": "", "target_comparison": "at_most",
         "target_value": 1.25, "target_year": 2025, "status": "in_progress"},
    ]
    for row in rows:
        row.update(changes)
    return plan_frame(rows)


def test_action_plan_sheet_has_the_header_drop_downs_and_dates(template):
    workbook = openpyxl.load_workbook(template)
    sheet = workbook["action_plan"]
    assert [c.value for c in sheet[1]] == list(codes.ACTION_PLAN_COLUMNS)
    assert all(c.value is None for c in sheet[2])  # nothing pre-filled
    by_range = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    last = 1 + PLAN_SPARE_ROWS
    lists = workbook[LISTS_SHEET]
    for letter, values in (("B", [1, 2, 3, 4, 5, 6, "7a", "7b", 8, 9]),
                           ("G", ["relative_likelihood", "share_minoritised", "percent_experienced", "gap_pp"]),
                           ("I", ["at_least", "at_most"]),
                           ("L", ["not_started", "in_progress", "complete", "dropped"])):
        validation = by_range[f"{letter}2:{letter}{last}"]
        assert validation.type == "list"
        column = validation.formula1.split("!")[1].split(":")[0].strip("$").split("$")[0]
        n = int(validation.formula1.rsplit("$", 1)[1])
        assert [lists[f"{column}{r}"].value for r in range(2, n + 1)] == values
    indicator = by_range[f"B2:B{last}"]
    assert indicator.showInputMessage and indicator.promptTitle == "indicator (theme)"
    # registry.THEMES, typed in by hand; within Excel's 255 characters.
    assert indicator.prompt == (
        "The indicator the action answers. Themes: Leadership: 1, 9; Recruitment and progression: 2; "
        "Discipline and regulation: 3, 4; Development: 5; Harassment: 6, 7a, 7b; Retention: 8.")
    for letter in ("E", "F"):
        assert by_range[f"{letter}2:{letter}{last}"].type == "date"
        assert sheet[f"{letter}2"].number_format == "yyyy-mm-dd"
    year = by_range[f"K2:K{last}"]
    assert (year.type, year.formula1, year.formula2) == ("whole", str(YEAR), str(YEAR + 10))
    assert sheet["A1"].protection.locked is True and sheet[f"L{last}"].protection.locked is False


def test_the_readme_explains_the_action_plan(template):
    cover = openpyxl.load_workbook(template)["README"]
    texts = [c.value for row in cover.iter_rows() for c in row if isinstance(c.value, str)]
    [text] = [t for t in texts if t.startswith("action_plan: ")]
    assert "Optional" in text and "at_least or at_most" in text and "not a person's name" in text


def test_a_plan_is_prefilled_as_text_dates_and_numbers(tmp_path):
    path = make_template(YEAR + 1, tmp_path / "t.xlsx", CODE_A, "Testshire", action_plan=_plan())
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["action_plan"]
    assert [c.value for c in sheet[2]] == [
        "A1", 1, "Sponsor staff onto the leadership programme", "Director of Adult Social Care",
        dt.datetime(2024, 4, 1), dt.datetime(2026, 3, 31), "share_minoritised", "70k_plus", "at_least",
        0.15, 2026, "not_started", "no"]  # the plan has no public action: each says no
    assert sheet["C3"].data_type == "s" and sheet["C3"].value.startswith("=HYPERLINK")  # never a formula
    assert sheet["H3"].value is None  # no band: a blank cell
    assert sheet["A4"].value is None and sheet["A4"].protection.locked is False  # spare rows follow
    cover = [c.value for row in workbook["README"].iter_rows() for c in row if isinstance(c.value, str)]
    assert any(t.startswith("action_plan: ") and t.endswith("(2 rows pre-filled.)") for t in cover)


def test_same_plan_same_bytes(tmp_path):
    one = make_template(YEAR, tmp_path / "a.xlsx", CODE_A, "X", action_plan=_plan()).read_bytes()
    two = make_template(YEAR, tmp_path / "b.xlsx", CODE_A, "X", action_plan=_plan()).read_bytes()
    assert one == two
    assert one != make_template(YEAR, tmp_path / "c.xlsx", CODE_A, "X").read_bytes()


def test_plan_typed_into_the_template_round_trips_through_intake(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path = make_template(YEAR, inbox / "return.xlsx", CODE_A, "Testshire County Council")
    fill_template(path, tables_for(CODE_A, "Testshire County Council"))
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["action_plan"]
    # As a person types them: numbers as numbers, dates as dates, the symbol for a comparison.
    typed = [
        ["A2", "7A", '=HYPERLINK("http://x","click") listening sessions', "Head of HR", dt.date(2024, 5, 1),
         dt.date(2025, 3, 31), "relative_likelihood", None, "<=", 1.25, 2025, "In progress"],
        ["A1", 1, "Sponsor staff onto the leadership programme", "Director of Adult Social Care",
         dt.date(2024, 4, 1), dt.date(2026, 3, 31), "share_minoritised", "70k_plus", "at_least", 0.15, 2026,
         "not_started"],
    ]
    for number, row in enumerate(typed, start=2):
        for position, value in enumerate(row, start=1):
            cell = sheet.cell(number, position, value)
            if isinstance(value, str):
                cell.data_type = "s"
    workbook.save(path)
    summary = intake_inbox(inbox, tmp_path / "root", YEAR)
    assert [f.outcome for f in summary.files] == ["accepted"], summary.format_text()
    ret = load_year(tmp_path / "root", YEAR).returns[CODE_A]
    pd.testing.assert_frame_equal(ret.action_plan, _plan())


def test_a_prefilled_plan_round_trips_unchanged(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path = make_template(YEAR, inbox / "r.xlsx", CODE_A, "Testshire County Council", action_plan=_plan())
    fill_template(path, tables_for(CODE_A, "Testshire County Council"))
    summary = intake_inbox(inbox, tmp_path / "root", YEAR)
    assert [f.outcome for f in summary.files] == ["accepted"], summary.format_text()
    pd.testing.assert_frame_equal(load_year(tmp_path / "root", YEAR).returns[CODE_A].action_plan, _plan())


def test_a_carried_target_whose_year_has_passed_is_flagged_and_refused(tmp_path):
    path = make_template(2026, tmp_path / "t.xlsx", CODE_A, "X", action_plan=_plan())
    sheet = openpyxl.load_workbook(path)["action_plan"]
    rules = [r for cf in sheet.conditional_formatting for r in cf.rules if "K2<2026" in r.formula[0]]
    assert len(rules) == 1
    fill_template(path, tables_for(CODE_A))  # the counts filled in: only the plan is wrong
    result = validate_return(read_return(ReturnSource(path, "xlsx", 2026, CODE_A)))
    plan_errors = [p for p in result.errors if p.table == "action_plan"]
    assert [(p.location, p.column) for p in plan_errors] == [("action_plan!K3", "target_year")]
    assert "target_year 2025 is before the year of this return (2026)" in plan_errors[0].rule


def test_the_readme_sheet_points_to_the_data_return_contract_and_explains_the_workforce(template):
    text = " ".join(str(c) for row in openpyxl.load_workbook(template)["README"].iter_rows(values_only=True)
                    for c in row if c)
    assert "docs/data-return.md" in text
    assert "On the workforce sheet, add one row for each combination that has staff" in text
    assert "a combination with no row has no staff" in text
