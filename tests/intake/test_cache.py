"""The validation cache: hits, misses after an edit, last year's dependency, damaged entries."""

import shutil

import pandas as pd
import pytest

from scwres_helpers import codes
from scwres_helpers.intake import cache as cache_module
from scwres_helpers.intake import load as load_module
from scwres_helpers.intake import load_year, load_years
from scwres_helpers.intake.cache import content_key as content_key_of
from scwres_helpers.intake.read import read_files

from .conftest import only_source, set_cell, tree_hashes, valid_tables, write_return


def content_key(source):
    """The key of a return as read now."""
    return content_key_of(source, read_files(source))


def _tables(code: str, year: int, leavers_total: int = 12):
    """A valid return; leavers_total is put on its first leavers row (the others are 0)."""
    tables = valid_tables()
    set_cell(tables, "about", 1, "value", code)
    set_cell(tables, "about", 3, "value", str(year))
    set_cell(tables, "leavers", 1, "leavers", leavers_total)
    set_cell(tables, "leavers", 2, "leavers", 0)
    set_cell(tables, "leavers", 3, "leavers", 0)
    return tables


@pytest.fixture
def reads(monkeypatch):
    """The returns actually read (``2024/E90000001``), i.e. not answered by the cache."""
    seen = []
    real = load_module.read_return
    monkeypatch.setattr(load_module, "read_return",
                        lambda s, *files: seen.append(s.relative_key()) or real(s, *files))
    return seen


@pytest.fixture
def three_years(root):
    """Two authorities over 2022-2024; E90000002 sends workbooks. Leavers totals 12 each year."""
    for year in (2022, 2023, 2024):
        write_return(root, _tables("E90000001", year), code="E90000001", year=year)
        write_return(root, _tables("E90000002", year), form="xlsx", code="E90000002", year=year)
    return root


def _summary(years):
    """Everything a load reports, in comparable form."""
    return {
        year: (
            [p.to_dict() for p in loaded.problems],
            {k: [p.to_dict() for p in ps] for k, ps in loaded.quarantined.items()},
            {code: (ret.about, ret.source, [p.to_dict() for p in ret.warnings])
             for code, ret in loaded.returns.items()},
        )
        for year, loaded in years.items()
    }


def test_a_warm_cache_reads_nothing_and_reports_the_same(three_years, tmp_path, reads):
    cache_dir = tmp_path / "cache"
    bad = _tables("E90000003", 2024)
    set_cell(bad, "recruitment", 1, "appointed", 99)  # appointed 99 > shortlisted 40: quarantined
    write_return(three_years, bad, code="E90000003")
    first = load_years(three_years, cache_dir=cache_dir)
    assert len(reads) == 7
    reads.clear()
    second = load_years(three_years, cache_dir=cache_dir)
    assert reads == []
    assert _summary(second) == _summary(first)
    assert list(second[2024].quarantined) == ["2024/E90000003"]
    for year in (2022, 2023, 2024):
        for code in ("E90000001", "E90000002"):
            pd.testing.assert_frame_equal(second[year].returns[code].tables["workforce"],
                                          first[year].returns[code].tables["workforce"])


def test_a_cached_load_equals_an_uncached_one(three_years, tmp_path):
    cache_dir = tmp_path / "cache"
    load_years(three_years, cache_dir=cache_dir)
    assert _summary(load_years(three_years, cache_dir=cache_dir)) == _summary(load_years(three_years))


def test_editing_a_return_revalidates_it_and_next_years_return_only(three_years, tmp_path, reads):
    cache_dir = tmp_path / "cache"
    load_years(three_years, cache_dir=cache_dir)
    assert all(loaded.problems == [] for loaded in load_years(three_years, cache_dir=cache_dir).values())
    reads.clear()
    # 2023's leavers total becomes 1: 12 -> 1 -> 12 is more than tenfold both times (12 > 10 x 1)
    (three_years / "2023" / "E90000001" / "leavers.csv").write_text(
        "service,ethnicity,leavers\nadult,white_british,1\n", encoding="utf-8")
    years = load_years(three_years, cache_dir=cache_dir)
    assert sorted(reads) == ["2023/E90000001", "2024/E90000001"]
    [warning_2023] = years[2023].problems
    [warning_2024] = years[2024].problems
    assert "(2022: 12; now: 1)" in warning_2023.rule and warning_2023.authority == "E90000001"
    assert "(2023: 1; now: 12)" in warning_2024.rule and warning_2024.authority == "E90000001"
    reads.clear()
    load_years(three_years, cache_dir=cache_dir)
    assert reads == []


def test_load_year_revalidates_when_last_years_return_changes(three_years, tmp_path, reads):
    cache_dir = tmp_path / "cache"
    assert load_year(three_years, 2024, cache_dir=cache_dir).problems == []
    reads.clear()
    assert load_year(three_years, 2024, cache_dir=cache_dir).problems == []
    assert reads == []
    (three_years / "2023" / "E90000001" / "leavers.csv").write_text(
        "service,ethnicity,leavers\nadult,white_british,1\n", encoding="utf-8")
    [warning] = load_year(three_years, 2024, cache_dir=cache_dir).problems
    assert "(2023: 1; now: 12)" in warning.rule
    assert sorted(reads) == ["2023/E90000001", "2024/E90000001"]


def test_last_year_appearing_or_disappearing_revalidates(root, tmp_path, reads):
    cache_dir = tmp_path / "cache"
    write_return(root, _tables("E90000001", 2024, leavers_total=30), code="E90000001")
    assert load_year(root, 2024, cache_dir=cache_dir).problems == []
    folder = write_return(root, _tables("E90000001", 2023, leavers_total=2), code="E90000001", year=2023)
    [warning] = load_year(root, 2024, cache_dir=cache_dir).problems
    assert "(2023: 2; now: 30)" in warning.rule
    shutil.rmtree(folder)
    reads.clear()
    assert load_year(root, 2024, cache_dir=cache_dir).problems == []
    assert reads == []  # the first result (no last year) is still in the cache


def test_damaged_entries_are_ignored_and_rewritten(three_years, tmp_path, reads):
    cache_dir = tmp_path / "cache"
    expected = _summary(load_years(three_years, cache_dir=cache_dir))
    entries = sorted(cache_dir.rglob("*.sealed"))
    assert len(entries) == 6
    entries[0].write_bytes(b"")                                   # empty
    entries[1].write_bytes(entries[1].read_bytes()[:100])         # truncated
    entries[2].write_bytes(b"not a pickle at all")
    entries[3].write_bytes(entries[4].read_bytes())               # another return's result
    reads.clear()
    assert _summary(load_years(three_years, cache_dir=cache_dir)) == expected
    assert len(reads) == 4
    reads.clear()
    assert _summary(load_years(three_years, cache_dir=cache_dir)) == expected
    assert reads == []  # rewritten


def test_an_unreadable_cache_entry_is_a_miss(three_years, tmp_path, reads):
    cache_dir = tmp_path / "cache"
    load_years(three_years, cache_dir=cache_dir)
    entry = sorted(cache_dir.rglob("*.sealed"))[0]
    entry.unlink()
    entry.mkdir()  # reading it fails with an OSError
    reads.clear()
    assert all(loaded.quarantined == {} for loaded in load_years(three_years, cache_dir=cache_dir).values())
    assert len(reads) == 1


def test_the_cache_writes_only_under_cache_dir(three_years, tmp_path):
    before = tree_hashes(three_years)
    cache_dir = tmp_path / "cache"
    load_years(three_years, cache_dir=cache_dir)
    assert tree_hashes(three_years) == before
    assert {p.suffix for p in cache_dir.rglob("*") if p.is_file()} == {".sealed"}
    with pytest.raises(ValueError, match="must not be inside the returns root"):
        load_years(three_years, cache_dir=three_years / "2024" / "cache")
    assert tree_hashes(three_years) == before and not (three_years / "2024" / "cache").exists()


def test_a_copied_root_hits_and_reports_its_own_paths(three_years, tmp_path, reads):
    cache_dir = tmp_path / "cache"
    load_years(three_years, cache_dir=cache_dir)
    copy = tmp_path / "copy"
    shutil.copytree(three_years, copy)
    reads.clear()
    years = load_years(copy, cache_dir=cache_dir)
    assert reads == []
    assert years[2024].returns["E90000002"].source == copy / "2024" / "E90000002.xlsx"


def test_an_unexpected_failure_is_not_cached(three_years, tmp_path, monkeypatch):
    cache_dir = tmp_path / "cache"
    real = load_module.read_return

    def flaky(source, *files):
        if source.relative_key() == "2024/E90000001":
            raise RuntimeError("disk on fire")
        return real(source, *files)

    monkeypatch.setattr(load_module, "read_return", flaky)
    assert list(load_year(three_years, 2024, cache_dir=cache_dir).quarantined) == ["2024/E90000001"]
    monkeypatch.setattr(load_module, "read_return", real)
    assert load_year(three_years, 2024, cache_dir=cache_dir).quarantined == {}


# ---------------------------------------------------------------- keys

def test_content_key_follows_what_reading_looks_at(root):
    folder = write_return(root)
    source = only_source(root)
    key = content_key(source)
    assert key == content_key(source)  # deterministic
    (folder / ".DS_Store").write_bytes(b"x")
    (folder / "README.txt").write_text("notes")
    assert content_key(source) == key  # reading skips these too
    (folder / "notes.txt").write_text("x")
    with_stray = content_key(source)
    assert with_stray != key  # reading warns about it by name...
    (folder / "notes.txt").write_text("other text")
    assert content_key(source) == with_stray  # ...but never opens it
    (folder / "cpd.csv").write_bytes((folder / "cpd.csv").read_bytes() + b"\n")
    assert content_key(source) != with_stray


def test_content_key_includes_the_name_and_the_code(root, monkeypatch):
    write_return(root, form="xlsx", name="E90000001.xlsx")
    key = content_key(only_source(root))
    (root / str(2024) / "E90000001.xlsx").rename(root / str(2024) / "e90000001.xlsx")
    assert content_key(only_source(root)) != key  # reported names change with the file name
    renamed = content_key(only_source(root))
    monkeypatch.setattr(cache_module, "code_fingerprint", lambda: "different code")
    assert content_key(only_source(root)) != renamed


# ---------------------------------------------------------------- the action plan

def test_a_warm_cache_gives_back_the_action_plan(root, tmp_path, reads):
    from .test_action_plan import expected_plan, with_plan

    write_return(root, with_plan(), code="E90000001")
    tables = with_plan()
    set_cell(tables, "about", 1, "value", "E90000002")
    write_return(root, tables, form="xlsx", code="E90000002")
    cache_dir = tmp_path / "cache"
    load_year(root, 2024, cache_dir=cache_dir)
    reads.clear()
    warm = load_year(root, 2024, cache_dir=cache_dir)
    assert reads == []
    for code in ("E90000001", "E90000002"):
        pd.testing.assert_frame_equal(warm.returns[code].action_plan, expected_plan())


def test_the_action_plan_file_is_part_of_the_content_key(root):
    folder = write_return(root)
    source = only_source(root)
    without = content_key(source)
    (folder / "action_plan.csv").write_text(",".join(codes.ACTION_PLAN_COLUMNS) + "\n", encoding="utf-8")
    header_only = content_key(source)
    assert header_only != without
    (folder / "action_plan.csv").write_text(
        ",".join(codes.ACTION_PLAN_COLUMNS) + "\nA1,2,x,Head of HR,2024-04-01,2024-05-01,"
        "relative_likelihood,,at_least,0.8,2025,in_progress\n", encoding="utf-8")
    assert content_key(source) not in (without, header_only)


def test_editing_the_plan_revalidates_the_return(root, tmp_path, reads):
    from .test_action_plan import with_plan

    folder = write_return(root, with_plan())
    cache_dir = tmp_path / "cache"
    assert load_year(root, 2024, cache_dir=cache_dir).returns["E90000001"].action_plan["status"].tolist() == [
        "not_started", "in_progress", "complete"]
    text = (folder / "action_plan.csv").read_text(encoding="utf-8")
    (folder / "action_plan.csv").write_text(text.replace("not_started", "dropped"), encoding="utf-8")
    reads.clear()
    loaded = load_year(root, 2024, cache_dir=cache_dir)
    assert reads == ["2024/E90000001"]
    assert loaded.returns["E90000001"].action_plan["status"].tolist() == ["dropped", "in_progress", "complete"]


def test_the_plan_module_is_part_of_the_code_fingerprint():
    from pathlib import Path

    import scwres_helpers.action_plan as plan_module

    assert "action_plan.py" in cache_module._SHARED_MODULES
    assert Path(plan_module.__file__).parent == cache_module._PACKAGE_DIR.parent


def test_results_kept_in_memory_need_no_cache_entry_and_are_handed_out_afresh(three_years, tmp_path, reads):
    cache_dir = tmp_path / "cache"
    with cache_module.results_kept_in_memory():
        first = load_years(three_years, cache_dir=cache_dir)
        assert len(reads) == 6
        reads.clear()
        shutil.rmtree(cache_dir)  # only the memory can answer now
        second = load_years(three_years, cache_dir=cache_dir)
        assert reads == []
        assert _summary(second) == _summary(first)
        # What one build does to its containers does not reach the next build.
        kept = second[2024].returns["E90000001"]
        kept.warnings.append("added by a build")
        kept.tables["workforce"] = None
        third = load_years(three_years, cache_dir=cache_dir)
        assert third[2024].returns["E90000001"].warnings == first[2024].returns["E90000001"].warnings
        assert third[2024].returns["E90000001"].tables["workforce"] is not None
    reads.clear()
    load_years(three_years, cache_dir=cache_dir)  # the memory went with the block
    assert len(reads) == 6


def test_an_edited_return_is_not_answered_from_memory(three_years, tmp_path, reads):
    cache_dir = tmp_path / "cache"
    with cache_module.results_kept_in_memory():
        load_years(three_years, cache_dir=cache_dir)
        reads.clear()
        shutil.rmtree(three_years / "2024" / "E90000001")  # a corrected return replaces the old
        write_return(three_years, _tables("E90000001", 2024, leavers_total=30), code="E90000001", year=2024)
        again = load_years(three_years, cache_dir=cache_dir)
    assert reads == ["2024/E90000001"]
    assert int(again[2024].returns["E90000001"].tables["leavers"]["leavers"].sum()) == 30


def test_tables_read_from_the_cache_are_unpickled_only_when_looked_at(three_years, tmp_path):
    """A build after a correction looks at the corrected year's tables only: the other years'
    stay bytes. Looked at, they are the tables validated; each load has its own dict."""
    import pickle

    cache_dir = tmp_path / "cache"
    validated = load_years(three_years, cache_dir=cache_dir)
    loaded = load_years(three_years, cache_dir=cache_dir)
    tables = loaded[2023].returns["E90000001"].tables
    assert isinstance(tables, cache_module.StoredTables)
    assert tables._shared == []  # not unpickled yet
    assert pickle.loads(pickle.dumps(tables))._shared == []  # pickled, still bytes
    assert set(tables) == set(validated[2023].returns["E90000001"].tables)
    for name, table in validated[2023].returns["E90000001"].tables.items():
        if table is None:
            assert tables[name] is None
        else:
            pd.testing.assert_frame_equal(tables[name], table)
    tables["workforce"] = None  # what a build does to its own tables
    assert pickle.loads(pickle.dumps(tables))["workforce"] is None
    again = load_years(three_years, cache_dir=cache_dir)[2023].returns["E90000001"].tables
    pd.testing.assert_frame_equal(again["workforce"], validated[2023].returns["E90000001"].tables["workforce"])
