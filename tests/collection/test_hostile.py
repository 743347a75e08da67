"""One test per hostile or broken file of issue 5: a clear message at the cell, the file
untouched, and the good workbook beside it in the inbox still accepted."""

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from scwres_helpers.collection import intake_inbox
from scwres_helpers.collection.screen import OLE2_MAGIC

from .conftest import CODE_A, CODE_B, YEAR, patch_cell, set_about, tables_for, tree_hashes, xlsx_bytes

GOOD = "good.xlsx"


def valid_b() -> dict:
    return tables_for(CODE_B)


def with_member(data: bytes, name: str, body: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        target.writestr(name, body)
    return out.getvalue()


def broken(change) -> bytes:
    tables = valid_b()
    change(tables)
    return xlsx_bytes(tables)


def _renamed_sheet(t):
    t["CPD 2024"] = t.pop("cpd")


def _blank_row(t):
    t["workforce"].insert(3, [None] * 6)


@dataclass
class Case:
    name: str
    file_name: str
    make: object  # () -> bytes
    outcome: str
    where: str | None  # a substring of the problem's location (None: the whole file)
    rule: str  # a substring of the problem's rule


def _corrupt_crc() -> bytes:
    data = bytearray(xlsx_bytes(valid_b()))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("xl/worksheets/sheet2.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 5
    data[start] ^= 0xFF
    return bytes(data)


CASES = [
    Case("renamed PDF", "return.xlsx", lambda: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
         "quarantined", None, "this is a PDF"),
    Case("empty file", "E90000002.xlsx", lambda: b"", "quarantined", None, "the file is empty"),
    Case("truncated zip", "return.xlsx", lambda: xlsx_bytes(valid_b())[:3000], "quarantined", None,
         "zip structure cannot be read"),
    Case("zip member fails its checksum", "return.xlsx", _corrupt_crc, "quarantined", None, "checksum"),
    Case("password-protected (OLE2 encrypted)", "return.xlsx",
         lambda: OLE2_MAGIC + b"\0" * 500 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 500,
         "quarantined", None, "protected with a password"),
    Case("old .xls (OLE2)", "return.xls", lambda: OLE2_MAGIC + b"\0" * 1000, "quarantined", None, "old-format"),
    Case("macro-enabled", "return.xlsm", lambda: with_member(xlsx_bytes(valid_b()), "xl/vbaProject.bin", b"VBA"),
         "quarantined", None, "macro-enabled"),
    Case("old template version", "return.xlsx",
         lambda: broken(lambda t: set_about(t, "template_version", "SC-WRES 2023.1")),
         "quarantined", "about!B8", "not this year's ('SC-WRES 2024.1')"),
    Case("missing sheet", "return.xlsx", lambda: broken(lambda t: t.pop("recruitment")),
         "quarantined", None, "has no recruitment table"),
    Case("renamed sheet", "return.xlsx", lambda: broken(_renamed_sheet), "quarantined", None, "has no cpd table"),
    Case("extra sheet (accepted, warned)", "return.xlsx",
         lambda: broken(lambda t: t.__setitem__("notes", [["my", "notes"]])),
         "accepted", None, "the sheet 'notes' is not one of the return's tables"),
    Case("merged cells", "return.xlsx",
         lambda: xlsx_bytes(valid_b(), merge={"workforce": "A2:A3"}), "quarantined", "workforce!A2:A3", "merged"),
    Case("formula with cached value (accepted)", "return.xlsx",
         lambda: patch_cell(xlsx_bytes(valid_b()), 3, "D2", '<c r="D2"><f>C2/5</f><v>8</v></c>'),
         "accepted", None, None),
    Case("formula error #REF!", "return.xlsx",
         lambda: patch_cell(xlsx_bytes(valid_b()), 3, "D3", '<c r="D3" t="e"><f>#REF!*2</f><v>#REF!</v></c>'),
         "quarantined", "recruitment!D3", "Excel error #REF!"),
    Case("formula without saved result", "return.xlsx",
         lambda: broken(lambda t: t["recruitment"][1].__setitem__(3, "=C2/5")),
         "quarantined", "recruitment!D2", "formula with no saved result"),
    Case("text '12 staff' in a count", "return.xlsx",
         lambda: broken(lambda t: t["workforce"][1].__setitem__(5, "12 staff")),
         "quarantined", "workforce!F2", "headcount is not a number"),
    Case("text 'n/a' in a count", "return.xlsx",
         lambda: broken(lambda t: t["recruitment"][1].__setitem__(2, "n/a")),
         "quarantined", "recruitment!C2", "shortlisted is not a number"),
    Case("'<5' in a count", "return.xlsx",
         lambda: broken(lambda t: t["disciplinary"][1].__setitem__(2, "<5")),
         "quarantined", "disciplinary!C2", "looks suppressed or rounded"),
    Case("decimal count", "return.xlsx", lambda: broken(lambda t: t["leavers"][1].__setitem__(2, 2.5)),
         "quarantined", "leavers!C2", "not a whole number"),
    Case("negative count", "return.xlsx", lambda: broken(lambda t: t["leavers"][1].__setitem__(2, -3)),
         "quarantined", "leavers!C2", "negative"),
    Case("date in a count", "return.xlsx",
         lambda: broken(lambda t: t["cpd"][1].__setitem__(2, dt.datetime(2024, 3, 5))),
         "quarantined", "cpd!C2", "holds a date (2024-03-05)"),
    Case("blank row in the middle (accepted)", "return.xlsx", lambda: broken(_blank_row), "accepted", None, None),
    Case("trailing totals row", "return.xlsx",
         lambda: broken(lambda t: t["recruitment"].append(["Total", None, 82, 15])),
         "quarantined", "recruitment!A5", "looks like a totals row"),
    Case("duplicate keys", "return.xlsx",
         lambda: broken(lambda t: t["workforce"].append(list(t["workforce"][1]))),
         "quarantined", "workforce row 8", "this row repeats service adult"),
    Case("about code differs from the file name", "E90000003.xlsx", lambda: xlsx_bytes(valid_b()),
         "quarantined", "about!B2", "the file is named E90000003 but its about sheet says authority_code E90000002"),
    Case("name with markup", "return.xlsx",
         lambda: broken(lambda t: set_about(t, "authority_name", "<script>alert(1)</script>")),
         "quarantined", "about!B3", "authority_name must be plain text"),
    Case("name that is text starting with '='", "return.xlsx",
         lambda: patch_cell(xlsx_bytes(valid_b()), 1, "B3",
                            '<c r="B3" t="inlineStr"><is><t>=cmd|\' /C calc\'!A0</t></is></c>'),
         "quarantined", "about!B3", "authority_name must be plain text"),
    Case("name cell holding a formula without result", "return.xlsx",
         lambda: broken(lambda t: set_about(t, "authority_name", '=HYPERLINK("http://x.test","click")')),
         "quarantined", "about!B3", "formula with no saved result"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_file(case: Case, inbox: Path, returns_root: Path):
    (inbox / GOOD).write_bytes(xlsx_bytes(tables_for(CODE_A)))
    (inbox / case.file_name).write_bytes(case.make())
    before = tree_hashes(inbox)

    summary = intake_inbox(inbox, returns_root, YEAR)  # never raises

    assert tree_hashes(inbox) == before  # the inbox, the hostile file included, is untouched
    good = summary.by_name(GOOD)
    assert good.outcome == "accepted" and good.authority_code == CODE_A
    assert (returns_root / str(YEAR) / f"{CODE_A}.xlsx").read_bytes() == (inbox / GOOD).read_bytes()
    hostile = summary.by_name(case.file_name)
    assert hostile.outcome == case.outcome, summary.format_text()
    if case.rule is not None:
        matching = [p for p in hostile.problems if case.rule in p.rule]
        assert matching, [p.describe() for p in hostile.problems]
        problem = matching[0]
        assert problem.file == case.file_name
        if case.where is not None:
            assert problem.location is not None and case.where in problem.location, problem.describe()
    if case.outcome == "quarantined":
        feedback = returns_root / str(YEAR) / hostile.feedback
        text = feedback.read_text(encoding="utf-8")
        assert case.rule.replace("'", "&#x27;") in text
        if case.where:
            assert case.where in text
        assert "<script>" not in text  # the markup case: shown escaped, never rendered
        if hostile.stored_as is not None:
            kept = returns_root / str(YEAR) / hostile.stored_as
            assert kept.read_bytes() == (inbox / case.file_name).read_bytes()
    assert "Traceback" not in summary.format_text()


def test_formula_cached_value_is_what_is_filed(inbox, returns_root):
    from scwres_helpers.intake import load_year

    (inbox / "f.xlsx").write_bytes(patch_cell(xlsx_bytes(valid_b()), 3, "D2", '<c r="D2"><f>C2/5</f><v>8</v></c>'))
    intake_inbox(inbox, returns_root, YEAR)
    recruitment = load_year(returns_root, YEAR).returns[CODE_B].tables["recruitment"]
    row = recruitment[(recruitment["service"] == "adult") & (recruitment["ethnicity"] == "white_british")]
    assert row["appointed"].tolist() == [8]


def test_three_bad_counts_are_all_reported_each_at_its_cell(inbox, returns_root):
    tables = valid_b()
    tables["workforce"][1][5] = "12 staff"
    tables["recruitment"][1][2] = "n/a"
    tables["disciplinary"][1][2] = "<5"
    (inbox / "bad.xlsx").write_bytes(xlsx_bytes(tables))
    outcome = intake_inbox(inbox, returns_root, YEAR).by_name("bad.xlsx")
    locations = {p.location for p in outcome.errors}
    assert {"workforce!F2", "recruitment!C2", "disciplinary!C2"} <= locations


def test_two_workbooks_for_one_authority_are_both_quarantined(inbox, returns_root):
    (inbox / GOOD).write_bytes(xlsx_bytes(tables_for(CODE_A)))
    first = tables_for(CODE_B)
    second = tables_for(CODE_B)
    second["leavers"][1][2] = 3
    (inbox / "b one.xlsx").write_bytes(xlsx_bytes(first))
    (inbox / "b two.xlsx").write_bytes(xlsx_bytes(second))
    before = tree_hashes(inbox)
    summary = intake_inbox(inbox, returns_root, YEAR)
    assert tree_hashes(inbox) == before
    assert summary.by_name(GOOD).outcome == "accepted"
    for name in ("b one.xlsx", "b two.xlsx"):
        outcome = summary.by_name(name)
        assert outcome.outcome == "quarantined"
        problem = outcome.errors[0]
        assert problem.location == "about!B2"
        assert 'this inbox has 2 different workbooks for E90000002 ("b one.xlsx", "b two.xlsx")' in problem.rule
    assert not (returns_root / str(YEAR) / f"{CODE_B}.xlsx").exists()


def test_a_50_mb_workbook_is_refused_by_size(inbox, returns_root):
    (inbox / GOOD).write_bytes(xlsx_bytes(tables_for(CODE_A)))
    big = inbox / "big.xlsx"
    with zipfile.ZipFile(big, "w", zipfile.ZIP_STORED) as archive:
        with zipfile.ZipFile(io.BytesIO(xlsx_bytes(valid_b()))) as source:
            for info in source.infolist():
                archive.writestr(info, source.read(info.filename))
        with archive.open("xl/media/padding.bin", "w") as padding:
            block = b"\0" * (1 << 20)
            for _ in range(50):
                padding.write(block)
    before = tree_hashes(inbox)
    summary = intake_inbox(inbox, returns_root, YEAR)
    assert tree_hashes(inbox) == before
    assert summary.by_name(GOOD).outcome == "accepted"
    outcome = summary.by_name("big.xlsx")
    assert outcome.outcome == "quarantined"
    assert "more than the 20 MB a return may be" in outcome.errors[0].rule
    assert outcome.stored_as is None  # too large to copy; the inbox keeps the original
    assert (returns_root / str(YEAR) / outcome.feedback).is_file()


def test_a_zip_bomb_is_not_unpacked(inbox, returns_root):
    (inbox / GOOD).write_bytes(xlsx_bytes(tables_for(CODE_A)))
    bomb = inbox / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        with zipfile.ZipFile(io.BytesIO(xlsx_bytes(valid_b()))) as source:
            for info in source.infolist():
                archive.writestr(info, source.read(info.filename))
        with archive.open("xl/worksheets/sheet9.xml", "w") as member:
            block = b" " * (4 << 20)
            for _ in range(55):  # 220 MB unpacked, about 0.2 MB packed
                member.write(block)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    summary = intake_inbox(inbox, returns_root, YEAR)
    assert summary.by_name(GOOD).outcome == "accepted"
    outcome = summary.by_name("bomb.xlsx")
    assert outcome.outcome == "quarantined"
    assert "'xl/worksheets/sheet9.xml' unpacks to 220 MB, more than the 10 MB a part may be" \
        in outcome.errors[0].rule
