import json

from scwres_helpers.intake import format_text, load_year, to_json

from .conftest import set_cell, valid_tables, write_return


def _year(root):
    good = valid_tables()
    set_cell(good, "about", 1, "value", "E90000002")
    set_cell(good, "workforce", 5, "headcount", 50)  # 50 unknown of 185: a warning
    write_return(root, good, code="E90000002")
    clean = valid_tables()
    set_cell(clean, "about", 1, "value", "E90000003")
    write_return(root, clean, code="E90000003")
    bad = valid_tables()
    set_cell(bad, "leavers", 1, "leavers", "n/a")
    for row in bad["cpd"]:
        row.append("notes" if row[0] == "service" else "")
    write_return(root, bad, form="xlsx")
    (root / "2024" / "notes.txt").write_text("x")
    return load_year(root, 2024)


def test_text_report_counts_then_groups_errors_before_warnings(root):
    text = format_text(_year(root))
    lines = text.splitlines()
    assert lines[0] == "Returns for 2024: 2 valid, 1 quarantined"
    assert lines[1] == "(1 error, 3 warnings in all)"
    start = lines.index("  2024/E90000001.xlsx (1 error, 1 warning)")
    assert lines[start + 1].startswith("    error  E90000001.xlsx leavers!C2 (adult, white_british), column leavers")
    assert lines[start + 2].startswith("    warning  E90000001.xlsx cpd!D1, column notes")
    assert "  2024/E90000002 (0 errors, 1 warning)" in lines
    assert "Accepted without problems: E90000003" in lines
    assert any(line.startswith("  warning  notes.txt") for line in lines)


def test_json_report_is_stable_and_complete(root):
    year = _year(root)
    first = to_json(year)
    assert first == to_json(year)
    document = json.loads(first)
    assert document["valid"] == ["E90000002", "E90000003"]
    assert list(document["quarantined"]) == ["2024/E90000001.xlsx"]
    assert document["counts"] == {"errors": 1, "quarantined": 1, "valid": 2, "warnings": 3}
    assert first == json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert str(root) not in first  # no absolute paths


def test_a_hostile_file_name_is_printed_escaped(root):
    """Issue 18, case 5: names of year-folder entries are the sender's text too."""
    from scwres_helpers.intake import format_text, load_year, to_json

    from .conftest import write_return

    write_return(root)
    (root / "2024" / "E9000000\x1b]0;x\x07.xlsx").write_bytes(b"not a workbook")
    loaded = load_year(root, 2024)
    assert list(loaded.quarantined) == ["2024/E9000000\\x1b]0;x\\x07.xlsx"]
    for output in (format_text(loaded), to_json(loaded)):
        assert "\x1b" not in output and "\x07" not in output
