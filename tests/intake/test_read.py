import datetime as dt

from openpyxl import load_workbook

from scwres_helpers.intake import read_return

from .conftest import set_cached_formula_value, valid_tables, write_return, only_source


def _read(root):
    return read_return(only_source(root))


def test_csv_rows_keep_their_file_line_numbers(root):
    folder = write_return(root)
    (folder / "leavers.csv").write_text(
        "service,ethnicity,leavers\n"
        "\n"                                   # line 2: blank, skipped
        "adult,white_british,6\n"              # line 3
        '"adult","asian\nindian",4\n'          # lines 4-5: a quoted line break
        "children,black_caribbean,2\n",        # line 6
        encoding="utf-8")
    table = _read(root).tables["leavers"]
    assert table.row_numbers == [3, 4, 6]
    assert table.cell_location(2, "leavers") == "line 6"
    assert table.frame["leavers"].tolist() == ["6", "4", "2"]


def test_csv_header_and_cells_are_stripped_and_lower_cased_headers(root):
    folder = write_return(root)
    (folder / "leavers.csv").write_bytes(
        "\ufeff Service ,ETHNICITY,Leavers \n adult , White_British ,  6 \n,,\n".encode())
    table = _read(root).tables["leavers"]
    assert list(table.frame.columns) == ["service", "ethnicity", "leavers"]
    assert table.frame.iloc[0].tolist() == ["adult", "White_British", "6"]
    assert len(table.frame) == 1  # the all-blank row ",,", is not a row


def test_csv_file_names_are_case_insensitive(root):
    folder = write_return(root)
    (folder / "cpd.csv").rename(folder / "CPD.CSV")
    raw = _read(root)
    assert "cpd" in raw.tables and raw.tables["cpd"].file == "E90000001/CPD.CSV"
    assert raw.problems == []


def test_non_utf8_csv_is_a_problem_with_its_line(root):
    folder = write_return(root)
    (folder / "about.csv").write_bytes(
        "field,value\nauthority_code,E90000001\nauthority_name,Ynys Môn\n".encode("cp1252"))
    raw = _read(root)
    assert "about" not in raw.tables
    [problem] = raw.problems
    assert (problem.severity, problem.file, problem.location) == ("error", "E90000001/about.csv", "line 3")
    assert "UTF-8" in problem.rule


def test_empty_csv_file_is_a_problem(root):
    folder = write_return(root)
    (folder / "cpd.csv").write_bytes(b"")
    raw = _read(root)
    assert "cpd" not in raw.tables
    [problem] = raw.problems
    assert problem.severity == "error" and problem.table == "cpd" and "header row" in problem.rule


def test_empty_survey_file_means_no_survey_with_a_warning(root):
    folder = write_return(root)
    (folder / "survey.csv").write_bytes(b"\n\n")
    raw = _read(root)
    assert "survey" not in raw.tables
    assert [p.severity for p in raw.problems] == ["warning"]


def test_missing_csv_table_is_a_problem_naming_the_file(root):
    folder = write_return(root)
    (folder / "disciplinary.csv").unlink()
    [problem] = _read(root).problems
    assert problem.file == "E90000001/disciplinary.csv" and problem.severity == "error"


def test_stray_files_in_a_return_folder_are_warnings(root):
    folder = write_return(root)
    (folder / "notes.txt").write_text("x")
    [problem] = _read(root).problems
    assert (problem.severity, problem.file) == ("warning", "E90000001/notes.txt")


def test_semicolon_separated_csv_gets_a_specific_error(root):
    folder = write_return(root)
    (folder / "cpd.csv").write_text("service;ethnicity;accessed_funded_cpd\nadult;white_british;3\n")
    [problem] = _read(root).problems
    assert problem.location == "line 1" and "comma" in problem.rule


def test_csv_line_with_too_many_values_is_an_error(root):
    folder = write_return(root)
    (folder / "cpd.csv").write_text("service,ethnicity,accessed_funded_cpd\nadult,white_british,1,200\n")
    [problem] = _read(root).problems
    assert (problem.severity, problem.location) == ("error", "line 2")


def test_excel_cells_keep_their_references(root):
    path = write_return(root, form="xlsx")
    raw = _read(root)
    assert raw.problems == []
    table = raw.tables["recruitment"]
    assert table.row_numbers == [2, 3, 4, 5]
    assert table.cell_location(0, "shortlisted") == "recruitment!C2"
    assert table.cell_location(3, "appointed") == "recruitment!D5"
    assert table.row_location(3) == "recruitment row 5"
    assert table.file == path.name


def test_excel_sheet_names_and_headers_are_case_insensitive(root):
    tables = valid_tables()
    tables[" CPD "] = tables.pop("cpd")
    tables[" CPD "][0] = [" Service", "Ethnicity ", "ACCESSED_FUNDED_CPD"]
    write_return(root, tables, form="xlsx")
    raw = _read(root)
    assert raw.problems == []
    assert list(raw.tables["cpd"].frame.columns) == ["service", "ethnicity", "accessed_funded_cpd"]
    assert raw.tables["cpd"].cell_location(0, "service") == "' CPD '!A2"


def test_excel_values_become_text_as_the_analyst_sees_them(root):
    tables = valid_tables()
    tables["about"][4][1] = dt.datetime(2023, 4, 1)   # period_start as an Excel date
    tables["about"][3][1] = 2024                      # year as a number
    tables["cpd"][1][2] = 3.0                         # a whole number stored as float
    tables["cpd"][2][2] = "#REF!"                     # an Excel error value
    path = write_return(root, tables, form="xlsx")
    assert load_workbook(path)["cpd"]["C3"].data_type == "e"
    raw = _read(root)
    about = raw.tables["about"].frame
    assert about["value"].tolist()[2:4] == ["2024", "2023-04-01"]
    assert raw.tables["cpd"].frame["accessed_funded_cpd"].tolist() == ["3", "#REF!", "20"]


def test_excel_formula_gives_its_cached_value(root):
    tables = valid_tables()
    tables["cpd"][1][2] = "=10+20"
    path = write_return(root, tables, form="xlsx")
    sheet_file = f"xl/worksheets/sheet{list(tables).index('cpd') + 1}.xml"
    set_cached_formula_value(path, "C2", "30", sheet_file)
    assert _read(root).tables["cpd"].frame.at[0, "accessed_funded_cpd"] == "30"


def test_excel_with_wrong_stored_dimensions_is_read_in_full(root):
    path = write_return(root, form="xlsx")
    import re
    import zipfile
    with zipfile.ZipFile(path) as archive:
        contents = {n: archive.read(n) for n in archive.namelist()}
    for name in contents:
        if name.startswith("xl/worksheets/"):
            contents[name] = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:A1"/>', contents[name])
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in contents.items():
            archive.writestr(name, data)
    assert len(_read(root).tables["workforce"].frame) == 7


def test_missing_sheet_is_a_problem(root):
    tables = valid_tables()
    del tables["leavers"]
    write_return(root, tables, form="xlsx")
    [problem] = _read(root).problems
    assert (problem.file, problem.table, problem.severity) == ("E90000001.xlsx", "leavers", "error")


def test_a_file_that_is_not_a_workbook_is_a_problem_not_a_crash(root):
    (root / "2024").mkdir(parents=True)
    (root / "2024" / "E90000001.xlsx").write_text("service,ethnicity\n")
    raw = _read(root)
    assert raw.tables == {}
    [problem] = raw.problems
    assert problem.severity == "error" and "Excel workbook" in problem.rule


def test_two_files_for_one_table_is_an_error(root):
    folder = write_return(root)
    (folder / "CPD.csv").write_bytes((folder / "cpd.csv").read_bytes())
    raw = _read(root)
    [problem] = raw.problems
    assert problem.severity == "error" and "CPD.csv and cpd.csv" in problem.rule
    assert "cpd" not in raw.tables


def test_unreadable_csv_line_is_a_problem_not_a_crash(root):
    folder = write_return(root)
    (folder / "leavers.csv").write_text('service,ethnicity,leavers\n"adult' + "x" * 200_000 + "\n")
    raw = _read(root)
    [problem] = raw.problems
    assert (problem.location, problem.table) == ("line 2", "leavers") and "could not be read" in problem.rule


def test_values_under_a_blank_header_cell_are_a_warning(root):
    tables = valid_tables()
    tables["cpd"][0].extend([None, "notes"])
    tables["cpd"][2].extend(["checked", "ok"])
    write_return(root, tables, form="xlsx")
    raw = _read(root)
    [problem] = raw.problems
    assert (problem.severity, problem.location) == ("warning", "cpd!D1")
    assert list(raw.tables["cpd"].frame.columns) == ["service", "ethnicity", "accessed_funded_cpd", "notes"]
