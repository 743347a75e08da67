from pathlib import Path

from scwres_helpers.intake import ReturnSource, discover_returns, years_available

from .conftest import write_return


def test_finds_both_forms_and_normalises_the_code(root):
    write_return(root, code="E90000001")
    write_return(root, form="xlsx", name="e90000002.xlsx")
    sources, problems = discover_returns(root, 2024)
    assert problems == []
    assert sources == [
        ReturnSource(root / "2024" / "E90000001", "csv", 2024, "E90000001"),
        ReturnSource(root / "2024" / "e90000002.xlsx", "xlsx", 2024, "E90000002"),
    ]


def test_ignores_hidden_entries_readme_and_office_lock_files(root):
    year = root / "2024"
    (year / ".git").mkdir(parents=True)
    (year / ".DS_Store").write_bytes(b"x")
    (year / "README.md").write_text("notes")
    (year / "~$E90000001.xlsx").write_bytes(b"lock")
    assert discover_returns(root, 2024) == ([], [])


def test_badly_named_entries_become_problems_not_returns(root):
    year = root / "2024"
    (year / "Leeds").mkdir(parents=True)
    (year / "E9000001.xlsx").write_bytes(b"")      # 7 digits
    (year / "E90000003.xls").write_bytes(b"")      # old Excel format
    (year / "E90000004.csv").write_text("a,b\n")   # a lone CSV file
    (year / "notes.txt").write_text("hello")
    sources, problems = discover_returns(root, 2024)
    assert sources == []
    assert [(p.file, p.severity) for p in problems] == [
        ("E90000003.xls", "error"),
        ("E90000004.csv", "error"),
        ("E9000001.xlsx", "error"),
        ("Leeds", "error"),
        ("notes.txt", "warning"),
    ]


def test_missing_year_folder_is_a_problem(root):
    root.mkdir()
    sources, problems = discover_returns(root, 2031)
    assert sources == []
    assert len(problems) == 1 and problems[0].severity == "error" and "2031" in problems[0].rule


def test_years_available_lists_four_digit_folders_in_order(root):
    for name in ("2024", "2022", "archive", "20231"):
        (root / name).mkdir(parents=True)
    (root / "2025").write_text("not a folder")
    assert years_available(root) == [2022, 2024]
    assert years_available(Path(root) / "missing") == []
