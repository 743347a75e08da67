"""The no-change check: one digest of what a build reads, and the year folder as it was left."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from scwres_helpers import unchanged

YEAR = 2024


@pytest.fixture
def sources(tmp_path: Path) -> dict[str, Path]:
    """A returns root, settings, notebooks and content, each with a file."""
    roots = {name: tmp_path / name for name in ("returns", "params", "notebooks", "content")}
    for name, root in roots.items():
        (root / "2024").mkdir(parents=True)
        (root / "2024" / f"{name}.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    return roots


def digest(sources: dict[str, Path], renderer: str | None = "bundled") -> str:
    return unchanged.inputs_digest(returns_root=sources["returns"], year=YEAR, params_dir=sources["params"],
                                   notebooks_dir=sources["notebooks"], content_dir=sources["content"],
                                   renderer=renderer)


def test_the_digest_changes_with_any_byte_any_builds_reads_and_with_nothing_else(sources):
    first = digest(sources)
    assert digest(sources) == first
    for name, root in sources.items():
        path = root / "2024" / f"{name}.csv"
        original = path.read_bytes()
        stat = path.stat()
        path.write_bytes(original.replace(b"1", b"3"))  # same size, and the time put back
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        assert digest(sources) != first, name
        path.write_bytes(original)
        assert digest(sources) == first
    (sources["returns"] / "2024" / "X11111111").mkdir()
    (sources["returns"] / "2024" / "X11111111" / "leavers.csv").write_text("x\n", encoding="utf-8")
    assert digest(sources) != first  # a new return
    assert digest(sources, renderer="quarto") != digest(sources)


def test_a_link_in_the_returns_is_never_followed(sources, tmp_path):
    outside = tmp_path / "outside.csv"
    outside.write_text("secret\n", encoding="utf-8")
    (sources["returns"] / "2024" / "link.csv").symlink_to(outside)
    with_link = digest(sources)
    outside.write_text("another secret\n", encoding="utf-8")
    assert digest(sources) == with_link  # the link's text is hashed, not what it points to
    (sources["returns"] / "2024" / "folder-link").symlink_to(tmp_path, target_is_directory=True)
    assert digest(sources) != with_link  # a link to a folder counts, by its text


def recorded_year(tmp_path: Path) -> tuple[Path, Path, SimpleNamespace]:
    out_root = tmp_path / "outputs"
    year_dir = out_root / str(YEAR)
    (year_dir / "private" / "reports").mkdir(parents=True)
    (year_dir / "private" / "reports" / "X11111111.html").write_text("<p>report</p>", encoding="utf-8")
    (year_dir / "private" / "manifest.json").write_text("{}", encoding="utf-8")
    summary = SimpleNamespace(out_dir=year_dir, results=[])
    unchanged.record(out_root, YEAR, "d1", summary, {"extra": {}})
    return out_root, year_dir, summary


def test_a_recorded_build_is_found_only_with_its_digest_and_its_folder_as_it_left_it(tmp_path):
    out_root, year_dir, _ = recorded_year(tmp_path)
    assert unchanged.unchanged_build(out_root, YEAR, "d1").digest == "d1"
    assert unchanged.unchanged_build(out_root, YEAR, "d2") is None  # an input changed
    assert unchanged.unchanged_build(out_root, YEAR + 1, "d1") is None  # another year

    report = year_dir / "private" / "reports" / "X11111111.html"
    report.write_text("<p>edited</p>", encoding="utf-8")  # touched by hand
    assert unchanged.unchanged_build(out_root, YEAR, "d1") is None
    unchanged.record(out_root, YEAR, "d1", SimpleNamespace(out_dir=year_dir, results=[]), {"extra": {}})
    report.unlink()  # deleted
    assert unchanged.unchanged_build(out_root, YEAR, "d1") is None
    report.write_text("<p>edited</p>", encoding="utf-8")
    unchanged.record(out_root, YEAR, "d1", SimpleNamespace(out_dir=year_dir, results=[]), {"extra": {}})
    (year_dir / "private" / "reports" / "X22222222.html").write_text("", encoding="utf-8")  # added
    assert unchanged.unchanged_build(out_root, YEAR, "d1") is None


def test_a_record_not_sealed_by_this_user_or_forgotten_is_no_record(tmp_path):
    out_root, _, _ = recorded_year(tmp_path)
    path = unchanged.record_path(out_root, YEAR)
    blob = bytearray(path.read_bytes())
    blob[-1] ^= 1
    path.write_bytes(bytes(blob))
    assert unchanged.unchanged_build(out_root, YEAR, "d1") is None
    unchanged.record(out_root, YEAR, "d1", SimpleNamespace(out_dir=out_root / str(YEAR), results=[]), {"extra": {}})
    assert unchanged.unchanged_build(out_root, YEAR, "d1") is not None
    unchanged.forget(out_root, YEAR)
    assert not path.exists() and unchanged.unchanged_build(out_root, YEAR, "d1") is None
