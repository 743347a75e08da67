from scwres_helpers.intake import Problem


def test_describe_matches_the_documented_line():
    problem = Problem("error", "appointed (12) is more than shortlisted (9)",
                      file="XA0000001/recruitment.csv", table="recruitment", location="line 7",
                      column="appointed", value="12", authority="XA0000001")
    assert problem.describe() == (
        'error  XA0000001/recruitment.csv line 7, column appointed, value "12": '
        "appointed (12) is more than shortlisted (9)")


def test_describe_excel_cell_and_no_value():
    problem = Problem("warning", "ignored", file="E90000001.xlsx", location="workforce!G1",
                      column="notes")
    assert problem.describe() == "warning  E90000001.xlsx workforce!G1, column notes: ignored"


def test_describe_without_any_place():
    assert Problem("error", "no folder for 2024").describe() == "error  no folder for 2024"


def test_describe_keeps_untrusted_values_on_one_line():
    problem = Problem("error", "bad", file="f.csv", value="Evil\nerror  forged line\x1b[31m")
    line = problem.describe()
    assert "\n" not in line and "\x1b" not in line
    assert line == 'error  f.csv, value "Evil\\nerror  forged line\\x1b[31m": bad'


def test_describe_shortens_long_values():
    line = Problem("error", "bad", value="x" * 500).describe()
    assert 'value "' + "x" * 79 + '…"' in line


def test_to_dict_has_every_field():
    problem = Problem("warning", "r", file="f", table="t", location="line 2", column="c",
                      value="v", authority="E90000001")
    assert problem.to_dict() == {
        "severity": "warning", "rule": "r", "file": "f", "table": "t", "location": "line 2",
        "column": "c", "value": "v", "authority": "E90000001", "row_labels": None}


# ---------------------------------------------------------------- issue 18, case 5

def test_describe_escapes_column_names_as_well_as_values():
    problem = Problem("warning", "'x' is not a column of the cpd table and was ignored", file="f.csv",
                      column="\x1b]0;owned\x07name\u202e", value="v\u202e")
    line = problem.describe()
    assert "\x1b" not in line and "\x07" not in line and "\u202e" not in line
    assert "column \\x1b]0;owned\\x07name\\u202e" in line and 'value "v\\u202e"' in line


def test_describe_escapes_every_part_of_the_line():
    problem = Problem("error", "rule quoting '\u202egnp.exe'", file="E9\u202e.xlsx", location="sheet \x1b[2J")
    line = problem.describe()
    assert not any(ch in line for ch in "\u202e\x1b")


def test_to_dict_is_printable_and_cuts_long_names():
    fields = Problem("error", "r\n", column="c" * 500 + "\x1b", value="\u2067v").to_dict()
    assert fields["rule"] == "r\\n" and fields["value"] == "\\u2067v"
    assert len(fields["column"]) == 80 and "\x1b" not in fields["column"]


def test_a_hostile_header_reaches_no_output_raw(root):
    from scwres_helpers.intake import format_text, load_year, to_json

    from .conftest import valid_tables, write_return

    tables = valid_tables()
    tables["cpd"][0].append("\x1b]0;pwned\x07")
    tables["cpd"][0].append("evil\u202etxt.exe")
    tables["cpd"][1] += ["1", "2"]
    write_return(root, tables)
    loaded = load_year(root, 2024)
    for output in (format_text(loaded), to_json(loaded)):
        assert "\x1b" not in output and "\x07" not in output and "\u202e" not in output
    assert "\\x1b]0;pwned\\x07" in format_text(loaded) and "evil\\u202etxt.exe" in format_text(loaded)


def test_capped_keeps_the_first_problems_and_counts_the_rest():
    from scwres_helpers.intake.problems import capped

    problems = [Problem("warning", f"w{i}", file="E90000001/cpd.csv") for i in range(3)]
    problems += [Problem("error", f"e{i}", file="E90000001/cpd.csv") for i in range(4)]
    assert capped(problems, 7) == problems
    shown = capped(problems, 2)
    assert shown[:2] == problems[:2]
    assert shown[2].is_error and shown[2].file == "E90000001"
    assert shown[2].rule.startswith("and 5 more problems (4 errors, 1 warnings) not listed")
    assert not capped(problems[:3], 2)[-1].is_error  # only warnings left out
