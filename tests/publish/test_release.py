"""A released year's record (publish/release.py): written and read back, frozen bundles, site hashes."""

from __future__ import annotations

import hashlib

from scwres_helpers.config import YearLayout
from scwres_helpers.publish.release import (
    Release,
    freeze_bundles,
    frozen_bundle,
    read_release,
    restore_frozen,
    site_changes,
    site_hashes,
    write_release,
)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _release(**changes) -> Release:
    fields = {"year": 2024, "published": "2025-03-13", "returns": {"X1": {"2024/X1/staff.csv": "ab"}},
              "site": {"index.html": _sha(b"home")}}
    return Release(**{**fields, **changes})


def test_the_record_reads_back_as_written_and_rewrites_to_the_same_bytes(tmp_path):
    layout = YearLayout.of(tmp_path, 2024)
    assert read_release(layout) is None
    release = _release(corrections={"X1": [{"date": "2025-04-02", "reason": "why", "returns": {"a": "1"}}]},
                       revisions=[{"date": "2025-05-01", "reason": "new figures", "changes": []}])
    path = write_release(layout, release)
    assert path == layout.release / "release.json"
    first = path.read_bytes()
    assert read_release(layout) == release
    write_release(layout, read_release(layout))
    assert path.read_bytes() == first
    assert release.revised == "2025-05-01" and _release().revised is None


def test_a_correction_is_found_only_for_exactly_the_same_return_files():
    release = _release(corrections={"X1": [{"date": "2025-04-02", "reason": "first", "returns": {"a": "1"}},
                                           {"date": "2025-04-09", "reason": "second", "returns": {"a": "2"}}]})
    assert release.correction_for("X1", {"a": "1"})["reason"] == "first"
    assert release.correction_for("X1", {"a": "2"})["reason"] == "second"
    assert release.correction_for("X1", {"a": "1", "b": "1"}) is None
    assert release.correction_for("X2", {"a": "1"}) is None


def test_site_hashes_leave_out_hidden_cache_records_and_site_changes_name_every_difference(tmp_path):
    site = tmp_path / "site"
    (site / "figures").mkdir(parents=True)
    (site / "index.html").write_bytes(b"home")
    (site / "figures" / "one.png").write_bytes(b"png")
    (site / ".scwres-cache").mkdir()
    (site / ".scwres-cache" / "record.json").write_bytes(b"{}")
    assert site_hashes(site) == {"figures/one.png": _sha(b"png"), "index.html": _sha(b"home")}
    layout = YearLayout(tmp_path)
    layout.site.mkdir(parents=True)
    (layout.site / "index.html").write_bytes(b"home, changed")
    (layout.site / "new.html").write_bytes(b"new")
    release = _release(site={"index.html": _sha(b"home"), "gone.html": _sha(b"gone")})
    assert site_changes(layout, release) == ["gone.html", "index.html", "new.html"]


def test_frozen_bundles_are_copies_that_restore_without_rewriting_what_is_the_same(tmp_path):
    layout = YearLayout.of(tmp_path, 2024)
    for name in ("national", "shared"):
        (layout.inputs / name).mkdir(parents=True)
        (layout.inputs / name / "national.csv").write_text(f"{name} as released\n")
    freeze_bundles(layout)
    (layout.inputs / "shared" / "national.csv").write_text("corrected\n")
    assert (frozen_bundle(layout, "shared") / "national.csv").read_text() == "shared as released\n"
    target = tmp_path / "bundle"
    target.mkdir()
    (target / "national.csv").write_text("shared as released\n")
    before = (target / "national.csv").stat().st_mtime_ns
    restore_frozen(layout, "shared", target)
    assert (target / "national.csv").stat().st_mtime_ns == before
    restore_frozen(layout, "shared", layout.inputs / "shared")
    assert (layout.inputs / "shared" / "national.csv").read_text() == "shared as released\n"
