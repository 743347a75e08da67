"""Nothing outside the returns root is read, no special file is opened (issue 18, cases 3 and 4).

Each hostile entry is a problem for its return only (quarantined, the message naming
the file and why), never a crash and never an echo of what lies outside the root.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from scwres_helpers.intake import discover_returns, format_text, load_year, to_json, years_available
from scwres_helpers.intake import files as files_module
from scwres_helpers.intake.files import RefusedFile, read_file

from .conftest import CODE, YEAR, set_cell, valid_tables, write_return

OTHER = "E90000002"
SECRET = "TOKEN=very-secret-value-18"


def _tables(code: str) -> dict:
    tables = valid_tables()
    set_cell(tables, "about", 1, "value", code)
    return tables


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder beside the returns root, with things no return may make us read."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n")
    (folder / "environ").write_text(f"{SECRET}\nHOME=/root\n")
    return folder


def _everything_said(loaded) -> str:
    return format_text(loaded) + to_json(loaded)


def test_a_table_linked_out_of_the_root_is_refused_and_never_echoed(root, outside):
    folder = write_return(root, _tables(CODE))
    (folder / "survey.csv").unlink()
    (folder / "survey.csv").symlink_to(outside / "passwd")
    (folder / "cpd.csv").unlink()
    (folder / "cpd.csv").symlink_to(outside / "environ")
    write_return(root, _tables(OTHER), code=OTHER)
    loaded = load_year(root, YEAR)
    assert list(loaded.returns) == [OTHER]
    problems = loaded.quarantined[f"{YEAR}/{CODE}"]
    refused = {p.file: p.rule for p in problems}
    assert "links out of the returns root are never followed" in refused[f"{CODE}/survey.csv"]
    assert "links out of the returns root are never followed" in refused[f"{CODE}/cpd.csv"]
    said = _everything_said(loaded)
    assert "root:x:0:0" not in said and SECRET not in said
    assert all(outside.name not in f.path for f in loaded.files)
    assert f"{YEAR}/{CODE}/cpd.csv" not in {f.path for f in loaded.files}


def test_a_return_folder_linked_out_of_the_root_is_quarantined(root, tmp_path):
    elsewhere = write_return(tmp_path / "other_root", _tables("E95817390"), code="E95817390")
    (root / str(YEAR)).mkdir(parents=True)
    (root / str(YEAR) / "E95817390").symlink_to(elsewhere, target_is_directory=True)
    write_return(root, _tables(OTHER), code=OTHER)
    loaded = load_year(root, YEAR)
    assert list(loaded.returns) == [OTHER]
    [problem] = loaded.quarantined[f"{YEAR}/E95817390"]
    assert problem.is_error and "links out of the returns root are never followed" in problem.rule
    assert [f.path for f in loaded.files if "E95817390" in f.path] == []


def test_a_year_folder_linked_out_of_the_root_is_not_read(root, tmp_path):
    write_return(tmp_path / "other_root", _tables(CODE))
    root.mkdir()
    (root / str(YEAR)).symlink_to(tmp_path / "other_root" / str(YEAR), target_is_directory=True)
    assert years_available(root) == []
    sources, [problem] = discover_returns(root, YEAR)
    assert sources == [] and f"the folder for {YEAR} was not read" in problem.rule


def test_links_inside_the_root_are_followed(root):
    folder = write_return(root, _tables(CODE))
    kept = root / "shared"
    kept.mkdir()
    shutil.move(folder / "leavers.csv", kept / "leavers.csv")
    (folder / "leavers.csv").symlink_to(Path("..") / ".." / "shared" / "leavers.csv")
    loaded = load_year(root, YEAR)
    assert list(loaded.returns) == [CODE]
    assert f"{YEAR}/{CODE}/leavers.csv" in {f.path for f in loaded.files}


def test_a_pipe_is_never_opened(root):
    folder = write_return(root, _tables(CODE))
    (folder / "leavers.csv").unlink()
    os.mkfifo(folder / "leavers.csv")  # opening it for reading would block forever
    os.mkfifo(root / str(YEAR) / "E90000003.xlsx")
    loaded = load_year(root, YEAR)
    [leavers] = [p for p in loaded.quarantined[f"{YEAR}/{CODE}"] if p.file == f"{CODE}/leavers.csv"]
    assert "not a regular file" in leavers.rule
    [pipe] = loaded.quarantined[f"{YEAR}/E90000003.xlsx"]
    assert "not a regular file" in pipe.rule


def test_an_unreadable_file_is_a_quarantine_reason_not_a_crash(root, monkeypatch):
    folder = write_return(root, _tables(CODE))
    write_return(root, _tables(OTHER), code=OTHER)
    real_open = os.open

    def failing_open(path, flags, *args):
        if Path(path).name == "workforce.csv" and CODE in str(path):
            raise OSError(errno.EIO, "Input/output error", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(files_module.os, "open", failing_open)
    loaded = load_year(root, YEAR)
    assert list(loaded.returns) == [OTHER]
    [problem] = loaded.quarantined[f"{YEAR}/{CODE}"]
    assert problem.file == f"{CODE}/workforce.csv"
    assert "could not be opened (Input/output error)" in problem.rule
    read = {f.path for f in loaded.files}
    assert f"{YEAR}/{CODE}/workforce.csv" not in read and f"{YEAR}/{CODE}/about.csv" in read
    assert (folder / "workforce.csv").exists()


def test_files_read_are_exactly_what_was_hashed(root):
    import hashlib

    folder = write_return(root, _tables(CODE))
    (folder / "notes.txt").write_text("read by nobody")
    workbook = write_return(root, _tables(OTHER), form="xlsx", code=OTHER)
    loaded = load_year(root, YEAR)
    expected = {f"{YEAR}/{CODE}/{p.name}": p for p in folder.glob("*.csv")}
    expected[f"{YEAR}/{OTHER}.xlsx"] = workbook
    assert {f.path for f in loaded.files} == set(expected)
    for entry in loaded.files:
        data = expected[entry.path].read_bytes()
        assert (entry.sha256, entry.size) == (hashlib.sha256(data).hexdigest(), len(data))


def test_read_file_refuses_what_it_must_not_read(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    (root / "ok.csv").write_text("a,b\n")
    assert read_file(root / "ok.csv", root.resolve()) == b"a,b\n"
    (root / "folder.csv").mkdir()
    with pytest.raises(RefusedFile, match="not a regular file"):
        read_file(root / "folder.csv", root.resolve())
    (root / "dangling.csv").symlink_to(tmp_path / "missing")
    with pytest.raises(RefusedFile, match="leads nowhere"):
        read_file(root / "dangling.csv", root.resolve())
    (root / "proc.csv").symlink_to("/proc/self/environ")
    with pytest.raises(RefusedFile, match="outside the returns root"):
        read_file(root / "proc.csv", root.resolve())
