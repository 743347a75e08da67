import json
import os
from pathlib import Path

from scwres_helpers.collection import intake_inbox
from scwres_helpers.intake import load_year

from .conftest import CODE_A, CODE_B, YEAR, sha, tables_for, tree_hashes, xlsx_bytes


def _year(root: Path) -> Path:
    return root / str(YEAR)


def test_any_file_name_authority_from_about(inbox, returns_root):
    data = xlsx_bytes(tables_for(CODE_B))
    (inbox / "Copy of SC-WRES return FINAL (2).xlsx").write_bytes(data)
    summary = intake_inbox(inbox, returns_root, YEAR)
    outcome = summary.files[0]
    assert (outcome.outcome, outcome.authority_code) == ("accepted", CODE_B)
    digest = sha(inbox / "Copy of SC-WRES return FINAL (2).xlsx")
    assert (_year(returns_root) / f"{CODE_B}.xlsx").read_bytes() == data
    assert (_year(returns_root) / ".intake" / CODE_B / f"{digest}.xlsx").read_bytes() == data
    assert (_year(returns_root) / ".intake" / CODE_B / f"{digest}.feedback.html").is_file()
    ledger = json.loads((_year(returns_root) / ".intake" / "ledger.json").read_text())
    [entry] = ledger["entries"]
    assert entry["sha256"] == digest and entry["original_name"] == "Copy of SC-WRES return FINAL (2).xlsx"
    assert entry["outcome"] == "accepted" and entry["authority_code"] == CODE_B
    # The pipeline sees exactly the filed return (dot folders are not returns).
    loaded = load_year(returns_root, YEAR)
    assert list(loaded.returns) == [CODE_B] and loaded.quarantined == {}


def test_second_run_changes_nothing(inbox, returns_root):
    (inbox / "a.xlsx").write_bytes(xlsx_bytes(tables_for(CODE_A)))
    (inbox / "notes.pdf").write_bytes(b"%PDF-1.7 not a return")
    first = intake_inbox(inbox, returns_root, YEAR)
    assert [f.outcome for f in first.files] == ["accepted", "quarantined"]
    tree = tree_hashes(returns_root)
    stamps = {p: p.stat().st_mtime_ns for p in returns_root.rglob("*")}
    second = intake_inbox(inbox, returns_root, YEAR)
    assert [f.outcome for f in second.files] == ["duplicate", "duplicate"]
    assert tree_hashes(returns_root) == tree
    assert {p: p.stat().st_mtime_ns for p in returns_root.rglob("*")} == stamps
    assert "0 accepted, 0 superseded, 0 quarantined, 2 duplicate(s)" in second.format_text()


def test_resubmission_supersedes_and_the_earlier_is_kept(inbox, returns_root):
    first = xlsx_bytes(tables_for(CODE_A))
    (inbox / "a.xlsx").write_bytes(first)
    intake_inbox(inbox, returns_root, YEAR)
    corrected = tables_for(CODE_A)
    corrected["leavers"][1][2] = 5
    second = xlsx_bytes(corrected)
    (inbox / "a corrected.xlsx").write_bytes(second)
    summary = intake_inbox(inbox, returns_root, YEAR)
    assert summary.by_name("a.xlsx").outcome == "duplicate"
    new = summary.by_name("a corrected.xlsx")
    assert new.outcome == "accepted"
    assert new.supersedes == sha(inbox / "a.xlsx")
    assert len(summary.superseded) == 1
    assert (_year(returns_root) / f"{CODE_A}.xlsx").read_bytes() == second
    assert (_year(returns_root) / ".intake" / CODE_A / f"{sha(inbox / 'a.xlsx')}.xlsx").read_bytes() == first
    leavers = load_year(returns_root, YEAR).returns[CODE_A].tables["leavers"]
    assert leavers["leavers"].tolist() == [5]


def test_a_return_filed_by_hand_is_kept_before_being_superseded(inbox, returns_root):
    by_hand = xlsx_bytes(tables_for(CODE_A, "By hand"))
    _year(returns_root).mkdir(parents=True)
    (_year(returns_root) / f"{CODE_A}.xlsx").write_bytes(by_hand)
    (inbox / "new.xlsx").write_bytes(xlsx_bytes(tables_for(CODE_A)))
    outcome = intake_inbox(inbox, returns_root, YEAR).files[0]
    assert outcome.outcome == "accepted"
    import hashlib
    old = hashlib.sha256(by_hand).hexdigest()
    assert outcome.supersedes == old
    assert (_year(returns_root) / ".intake" / CODE_A / f"{old}.xlsx").read_bytes() == by_hand


def test_same_bytes_twice_in_one_inbox_is_one_return_and_a_duplicate(inbox, returns_root):
    data = xlsx_bytes(tables_for(CODE_A))
    (inbox / "a.xlsx").write_bytes(data)
    (inbox / "a copy.xlsx").write_bytes(data)
    summary = intake_inbox(inbox, returns_root, YEAR)
    assert summary.by_name("a copy.xlsx").outcome == "accepted"  # first by name
    assert summary.by_name("a.xlsx").outcome == "duplicate"
    assert 'the same bytes as "a copy.xlsx"' in summary.by_name("a.xlsx").note


def test_hidden_lock_files_folders_and_links_are_not_read(inbox, returns_root, tmp_path):
    (inbox / "~$a.xlsx").write_bytes(b"lock")
    (inbox / ".DS_Store").write_bytes(b"x")
    (inbox / "sub").mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("not for intake")
    os.symlink(secret, inbox / "link.xlsx")
    summary = intake_inbox(inbox, returns_root, YEAR)
    assert [(f.file_name, f.outcome) for f in summary.files] == [("link.xlsx", "ignored"), ("sub", "ignored")]
    assert not any(p.is_file() and p.read_bytes() == b"not for intake" for p in returns_root.rglob("*"))


def test_quarantine_layout_and_feedback(inbox, returns_root):
    tables = tables_for(CODE_B, "Evil <b>&</b> Council")
    tables["recruitment"][1][3] = 50  # appointed 50 > shortlisted 40
    (inbox / "b.xlsx").write_bytes(xlsx_bytes(tables))
    outcome = intake_inbox(inbox, returns_root, YEAR).files[0]
    digest = sha(inbox / "b.xlsx")
    assert outcome.outcome == "quarantined"
    assert outcome.stored_as == f".quarantine/{CODE_B}/{digest}.xlsx"
    assert outcome.feedback == f".quarantine/{CODE_B}/{digest}.feedback.html"
    assert (_year(returns_root) / outcome.stored_as).read_bytes() == (inbox / "b.xlsx").read_bytes()
    html = (_year(returns_root) / outcome.feedback).read_text()
    assert "recruitment!D2" in html and "appointed" in html
    assert "Evil &lt;b&gt;&amp;&lt;/b&gt; Council" in html and "<b>&" not in html
    assert not (_year(returns_root) / f"{CODE_B}.xlsx").exists()


def test_unidentified_files_go_to_their_own_quarantine_folder(inbox, returns_root):
    (inbox / "x.pdf").write_bytes(b"%PDF-1.4")
    outcome = intake_inbox(inbox, returns_root, YEAR).files[0]
    assert outcome.stored_as.startswith(".quarantine/unidentified/") and outcome.stored_as.endswith(".pdf")


def test_summary_text_names_every_file_and_escapes_names(inbox, returns_root):
    (inbox / "good.xlsx").write_bytes(xlsx_bytes(tables_for(CODE_A)))
    (inbox / "bad\x1b[31m.xlsx").write_bytes(b"")
    text = intake_inbox(inbox, returns_root, YEAR).format_text()
    assert "2 file(s): 1 accepted, 0 superseded, 1 quarantined, 0 duplicate(s)" in text
    assert f"accepted     {CODE_A}  \"good.xlsx\" -> {YEAR}/{CODE_A}.xlsx" in text
    assert "\x1b" not in text and "bad\\x1b[31m.xlsx" in text
    assert "the file is empty" in text


def test_a_current_return_changed_by_hand_is_kept_before_a_resubmission(inbox, returns_root):
    (inbox / "a.xlsx").write_bytes(xlsx_bytes(tables_for(CODE_A)))
    intake_inbox(inbox, returns_root, YEAR)
    edited = xlsx_bytes(tables_for(CODE_A, "Edited by hand"))
    (_year(returns_root) / f"{CODE_A}.xlsx").write_bytes(edited)
    (inbox / "b.xlsx").write_bytes(xlsx_bytes(tables_for(CODE_A, "Resubmitted")))
    outcome = intake_inbox(inbox, returns_root, YEAR).by_name("b.xlsx")
    import hashlib
    digest = hashlib.sha256(edited).hexdigest()
    assert outcome.outcome == "accepted" and outcome.supersedes == digest
    assert (_year(returns_root) / ".intake" / CODE_A / f"{digest}.xlsx").read_bytes() == edited


def test_a_filing_failure_is_reported_and_the_others_go_on(inbox, returns_root):
    (inbox / "a.xlsx").write_bytes(xlsx_bytes(tables_for(CODE_A)))
    (inbox / "b.xlsx").write_bytes(xlsx_bytes(tables_for(CODE_B)))
    (_year(returns_root) / ".intake" / CODE_A).mkdir(parents=True)
    (_year(returns_root) / ".intake" / CODE_A / f"{sha(inbox / 'a.xlsx')}.xlsx").mkdir()  # blocks the copy
    summary = intake_inbox(inbox, returns_root, YEAR)
    assert summary.by_name("a.xlsx").outcome == "failed"
    assert "could not be filed" in summary.by_name("a.xlsx").note
    assert summary.by_name("b.xlsx").outcome == "accepted"
    assert "1 failed" in summary.format_text()


def test_last_years_return_feeds_the_tenfold_warning(inbox, returns_root):
    last_year = tables_for(CODE_A)
    last_year["about"][3][1] = YEAR - 1
    last_year["about"][4][1], last_year["about"][5][1], last_year["about"][6][1] = \
        "2022-04-01", "2023-03-31", "2023-03-31"
    (returns_root / str(YEAR - 1)).mkdir(parents=True)
    (returns_root / str(YEAR - 1) / f"{CODE_A}.xlsx").write_bytes(xlsx_bytes(last_year))
    this_year = tables_for(CODE_A)
    this_year["leavers"][1][2] = 19  # was 4: less than tenfold, no warning
    this_year["disciplinary"] = [this_year["disciplinary"][0], ["adult", "white_british", 55]]  # was 2 + 3 = 5
    (inbox / "a.xlsx").write_bytes(xlsx_bytes(this_year))
    outcome = intake_inbox(inbox, returns_root, YEAR).files[0]
    assert outcome.outcome == "accepted"
    tenfold = [p for p in outcome.problems if "tenfold" in p.rule]
    assert [(p.table, p.severity) for p in tenfold] == [("disciplinary", "warning")]


# ---------------------------------------------------------------- the feedback to send

def _to_send(root: Path, name: str) -> Path:
    return root / "feedback" / str(YEAR) / name


def test_feedback_to_send_is_named_by_authority_outside_the_year_folder(inbox, returns_root):
    tables = tables_for(CODE_B)
    tables["recruitment"][1][3] = 50  # appointed 50 > shortlisted 40, adult white_british
    (inbox / "b.xlsx").write_bytes(xlsx_bytes(tables))
    (inbox / "a.xlsx").write_bytes(xlsx_bytes(tables_for(CODE_A)))
    summary = intake_inbox(inbox, returns_root, YEAR)
    bad, good = summary.by_name("b.xlsx"), summary.by_name("a.xlsx")
    assert bad.feedback_to_send == _to_send(returns_root, f"{CODE_B}-feedback.html")
    assert good.feedback_to_send == _to_send(returns_root, f"{CODE_A}-feedback.html")
    page = bad.feedback_to_send.read_text(encoding="utf-8")
    # The same page as the one kept beside the submission, and the cell says which row it is.
    assert page == (_year(returns_root) / bad.feedback).read_text(encoding="utf-8")
    assert "recruitment!D2 (adult, White: English, Welsh, Scottish, Northern Irish or British)" in page
    assert "Accepted: thank you" in good.feedback_to_send.read_text(encoding="utf-8")
    text = summary.format_text()
    assert f"feedback to send: {bad.feedback_to_send}" in text
    assert f"2 feedback page(s) to send, one per authority, in {returns_root / 'feedback' / str(YEAR)}" in text
    # Nothing new in the year folder that the pipeline would have to read or complain about.
    assert load_year(returns_root, YEAR).problems == []


def test_a_resubmission_replaces_the_page_to_send(inbox, returns_root):
    tables = tables_for(CODE_A)
    tables["leavers"][1][2] = "n/a"
    (inbox / "a.xlsx").write_bytes(xlsx_bytes(tables))
    page = intake_inbox(inbox, returns_root, YEAR).files[0].feedback_to_send
    assert "Not accepted" in page.read_text(encoding="utf-8")
    (inbox / "a.xlsx").unlink()
    (inbox / "a fixed.xlsx").write_bytes(xlsx_bytes(tables_for(CODE_A)))
    assert intake_inbox(inbox, returns_root, YEAR).files[0].feedback_to_send == page
    assert "Accepted: thank you" in page.read_text(encoding="utf-8")


def test_two_workbooks_for_one_authority_get_one_page_telling_of_both(inbox, returns_root):
    second = tables_for(CODE_B)
    second["leavers"][1][2] = 3
    (inbox / "b one.xlsx").write_bytes(xlsx_bytes(tables_for(CODE_B)))
    (inbox / "b two.xlsx").write_bytes(xlsx_bytes(second))
    summary = intake_inbox(inbox, returns_root, YEAR)
    page = _to_send(returns_root, f"{CODE_B}-feedback.html")
    assert {f.feedback_to_send for f in summary.files} == {page}
    text = page.read_text(encoding="utf-8")
    assert "<h2>Workbook 1: b one.xlsx</h2>" in text and "<h2>Workbook 2: b two.xlsx</h2>" in text
    assert sorted(p.name for p in page.parent.iterdir()) == [page.name]


def test_a_file_naming_no_authority_gets_a_page_named_by_its_hash(inbox, returns_root):
    (inbox / "x.pdf").write_bytes(b"%PDF-1.4")
    outcome = intake_inbox(inbox, returns_root, YEAR).files[0]
    assert outcome.feedback_to_send == _to_send(returns_root, f"unidentified-{outcome.sha256[:12]}-feedback.html")
    assert "Not accepted" in outcome.feedback_to_send.read_text(encoding="utf-8")
