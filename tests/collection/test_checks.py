import openpyxl

from scwres_helpers.collection import make_template
from scwres_helpers.collection.checks import add_plan_checks, summary_formulas

from .conftest import CODE_A, YEAR, fill_template, tables_for
from .libreoffice import recalculate

SIZES = {"workforce": 1176, "recruitment": 42, "disciplinary": 42, "fitness_to_practise": 42,
         "cpd": 42, "leavers": 42, "survey": 126}


def test_summary_formulas_for_hand_worked_ranges():
    formulas = dict(summary_formulas(SIZES, spare=50))
    # recruitment: 42 rows from row 2, plus 50 spare rows -> row 93 is the last.
    assert formulas["recruitment: rows where appointed is more than shortlisted"] == (
        "SUMPRODUCT(ISNUMBER(recruitment!D2:D93)*(recruitment!D2:D93>recruitment!C2:C93))")
    assert formulas["fitness_to_practise: rows where referred is more than the regulated headcount of that "
                    "service and ethnicity"] == (
        "SUMPRODUCT(ISNUMBER(fitness_to_practise!C2:C93)*(fitness_to_practise!C2:C93>"
        "SUMIFS(workforce!$F:$F,workforce!$A:$A,fitness_to_practise!A2:A93,workforce!$B:$B,"
        'fitness_to_practise!B2:B93,workforce!$E:$E,"yes")))')
    assert formulas["survey: count cells holding text or a negative number"] == (
        'SUMPRODUCT(--ISTEXT(survey!D2:E177))+COUNTIF(survey!D2:E177,"<0")')


def test_cells_are_coloured_by_rule(tmp_path):
    sheet = openpyxl.load_workbook(make_template(YEAR, tmp_path / "t.xlsx"))["recruitment"]
    rules = {str(rng.sqref): [r.formula[0] for r in rng.rules] for rng in sheet.conditional_formatting}
    assert rules["D2:D93"] == ["AND(ISNUMBER(D2),D2>$C2)"]
    assert 'AND($A2<>"",ISBLANK(C2))' in rules["C2:D93"]


def test_libreoffice_evaluates_the_checks(tmp_path):
    """A person's view: the README counts what is wrong once a spreadsheet program recalculates."""
    tables = tables_for(CODE_A, "Testshire")
    tables["recruitment"][1][3] = 50  # appointed 50 > shortlisted 40
    tables["leavers"][1][2] = 21  # leavers 21 > adult asian_indian headcount 20
    path = make_template(YEAR, tmp_path / "t.xlsx", CODE_A, "Testshire")
    fill_template(path, tables)
    sheet = openpyxl.load_workbook(path)["leavers"]
    sheet["C3"] = "n/a"  # adult white_irish
    sheet.parent.save(path)
    saved = recalculate([path], tmp_path / "out", tmp_path / "lo")
    readme = openpyxl.load_workbook(saved[path], data_only=True)["README"]
    counts = {row[1]: row[0] for row in readme.iter_rows(values_only=True) if isinstance(row[0], (int, float))}
    assert counts["recruitment: rows where appointed is more than shortlisted"] == 1
    assert counts["leavers: rows where leavers is more than the workforce headcount of that service and ethnicity"] == 1
    assert counts["leavers: count cells holding text or a negative number"] == 1
    assert counts["workforce: count cells still blank (type 0 where there were none)"] == 0
    assert counts["cpd: rows where accessed_funded_cpd is more than the workforce headcount of that service "
                  "and ethnicity"] == 0


def test_action_plan_cells_are_coloured_by_rule():
    sheet = openpyxl.Workbook().active
    add_plan_checks(sheet, 2025, last=31)
    rules = {str(rng.sqref): [r.formula[0] for r in rng.rules] for rng in sheet.conditional_formatting}
    # Blank cells of a started action (A filled), every column but action_id and target_breakdown.
    blank_columns = {ref.split("2:")[0] for ref, formulas in rules.items()
                     if any(f.startswith('AND($A2<>"",ISBLANK(') for f in formulas)}
    assert blank_columns == {"B", "C", "D", "E", "F", "G", "I", "J", "K", "L"}
    assert "AND(ISNUMBER(E2),ISNUMBER(F2),F2<E2)" in rules["F2:F31"]  # due before start
    assert "AND(ISNUMBER(K2),K2<2025)" in rules["K2:K31"]  # target year already passed
