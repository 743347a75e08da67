"""Atomic writes under a full disk (issue 18, case 10): the old file kept, the path named."""

from __future__ import annotations

import errno
import os

import pytest

from scwres_helpers import atomic
from scwres_helpers.atomic import write_bytes_atomic, write_text_if_changed


def test_a_full_disk_keeps_the_old_file_and_names_the_path(tmp_path, monkeypatch):
    target = tmp_path / "out" / "rows.csv"
    write_bytes_atomic(target, b"old")

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # as fsync says it: no file named

    monkeypatch.setattr(atomic.os, "fsync", full)
    with pytest.raises(OSError) as caught:
        write_text_if_changed(target, "new")
    assert caught.value.errno == errno.ENOSPC and caught.value.filename == str(target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in target.parent.iterdir()] == ["rows.csv"]  # no temporary file left
    monkeypatch.undo()
    write_text_if_changed(target, "new")
    assert target.read_text() == "new"


def test_an_error_that_names_its_file_is_kept(tmp_path, monkeypatch):
    def refused(src, dst):
        raise PermissionError(errno.EACCES, "Permission denied", str(dst))

    monkeypatch.setattr(atomic.os, "replace", refused)
    with pytest.raises(PermissionError) as caught:
        write_bytes_atomic(tmp_path / "a.txt", b"x")
    assert caught.value.filename == str(tmp_path / "a.txt")
