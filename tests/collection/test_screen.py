import pytest

from scwres_helpers.collection.screen import MAX_FILE_BYTES, OLE2_MAGIC, screen_bytes, too_large

from .conftest import tables_for, xlsx_bytes


def test_a_plain_workbook_passes():
    result = screen_bytes(xlsx_bytes(tables_for()), "a.xlsx")
    assert result.openable and result.problems == []


@pytest.mark.parametrize(("data", "words"), [
    (b"", "empty"),
    (b"%PDF-1.5", "PDF"),
    (OLE2_MAGIC + b"\0" * 64, "old-format Excel file (.xls)"),
    (OLE2_MAGIC + "EncryptionInfo".encode("utf-16-le"), "password"),
    (b"service,ethnicity\n", "does not start like one"),
    (b"PK\x03\x04garbage", "zip structure cannot be read"),
])
def test_not_openable(data, words):
    result = screen_bytes(data, "x.xlsx")
    assert not result.openable
    [problem] = result.problems
    assert words in problem.rule and problem.file == "x.xlsx" and problem.is_error


def test_size_limit_is_20_mb():
    assert too_large(MAX_FILE_BYTES, "f") is None
    assert "more than the 20 MB a return may be" in too_large(MAX_FILE_BYTES + 1, "f").rule


def test_merged_ranges_are_named_per_sheet():
    result = screen_bytes(xlsx_bytes(tables_for(), merge={"recruitment": "A2:B3", "notes": "A1:B1"}), "m.xlsx")
    assert [p.location for p in result.problems] == ["recruitment!A2:B3"]
    assert result.openable  # the reader goes on, so every other problem is reported too


def test_the_action_plan_sheet_is_screened_like_the_tables():
    tables = tables_for()
    tables["action_plan"] = [["action_id", "indicator"], ["A1", "2"], ["A2", "3"]]
    result = screen_bytes(xlsx_bytes(tables, merge={"action_plan": "C2:C3"}), "m.xlsx")
    [problem] = result.problems
    assert (problem.table, problem.location) == ("action_plan", "action_plan!C2:C3")
