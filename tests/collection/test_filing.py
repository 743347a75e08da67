import pytest

from scwres_helpers.collection import filing


def test_paths_come_only_from_valid_codes(tmp_path):
    with pytest.raises(ValueError):
        filing.current_return_path(tmp_path, "../E90000001")
    with pytest.raises(ValueError):
        filing.file_quarantined(tmp_path, "x/../../y", "0" * 64, "a.xlsx", b"", "")
    assert filing.current_return_path(tmp_path, "E90000001") == tmp_path / "E90000001.xlsx"


@pytest.mark.parametrize(("name", "suffix"), [("a.XLSX", ".xlsx"), ("a.pdf", ".pdf"), ("a.exe", ".bin"),
                                              ("noext", ".bin"), ("a.xlsx/../../x", ".bin")])
def test_safe_suffix(name, suffix):
    assert filing.safe_suffix(name) == suffix


def test_ledger_round_trips_and_numbers_entries(tmp_path):
    ledger = filing.Ledger(tmp_path)
    ledger.add(sha256="a" * 64, original_name="x.xlsx", size=3, authority_code="E90000001",
               outcome=filing.ACCEPTED, stored_as="s", feedback="f")
    ledger.add(sha256="b" * 64, original_name="y.xlsx", size=4, authority_code="E90000001",
               outcome=filing.ACCEPTED, stored_as="s2", feedback="f2", supersedes="a" * 64)
    again = filing.Ledger(tmp_path)
    assert [e.sequence for e in again.entries] == [1, 2]
    assert again.current("E90000001").sha256 == "b" * 64
    assert again.find("a" * 64).original_name == "x.xlsx"
    assert again.current("E90000002") is None
