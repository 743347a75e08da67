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
