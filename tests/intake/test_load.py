"""A year at a time: quarantine, isolation of failures, untouched files, last year's totals."""

import pytest

from scwres_helpers.intake import load_year, load_years
from scwres_helpers.intake import load as load_module

from .conftest import set_cell, tree_hashes, valid_tables, write_return


def _tables_for(code: str, year: int = 2024):
    tables = valid_tables()
    set_cell(tables, "about", 1, "value", code)
    set_cell(tables, "about", 3, "value", str(year))
    return tables


def test_a_bad_return_is_quarantined_and_the_others_load(root):
    write_return(root, _tables_for("E90000003"), code="E90000003")
    bad = _tables_for("E90000001")
    set_cell(bad, "recruitment", 1, "appointed", 99)
    write_return(root, bad, form="xlsx", code="E90000001")
    write_return(root, _tables_for("E90000002"), form="xlsx", code="E90000002")
    (root / "2024" / "broken.xlsx").write_bytes(b"not a workbook")
    before = tree_hashes(root)

    year = load_year(root, 2024)

    assert tree_hashes(root) == before  # nothing written, moved or deleted
    assert list(year.returns) == ["E90000002", "E90000003"]
    assert list(year.quarantined) == ["2024/E90000001.xlsx", "2024/broken.xlsx"]
    [problem] = year.quarantined["2024/E90000001.xlsx"]
    assert problem.location == "recruitment!D2"
    assert [p.file for p in year.problems] == ["broken.xlsx", "E90000001.xlsx"]


def test_an_unexpected_exception_is_a_problem_for_that_return_only(root, monkeypatch):
    write_return(root, _tables_for("E90000001"), code="E90000001")
    write_return(root, _tables_for("E90000002"), code="E90000002")
    real = load_module.read_return

    def flaky(source, *files):
        if source.name_code == "E90000001":
            raise RuntimeError("disk on fire")
        return real(source, *files)

    monkeypatch.setattr(load_module, "read_return", flaky)
    year = load_year(root, 2024)
    assert list(year.returns) == ["E90000002"]
    [problem] = year.quarantined["2024/E90000001"]
    assert "RuntimeError: disk on fire" in problem.rule and problem.authority == "E90000001"


def test_two_returns_for_one_authority_are_both_quarantined(root):
    write_return(root, _tables_for("E90000001"), code="E90000001")
    write_return(root, _tables_for("E90000001"), form="xlsx", name="e90000001.xlsx")
    year = load_year(root, 2024)
    assert year.returns == {}
    assert list(year.quarantined) == ["2024/E90000001", "2024/e90000001.xlsx"]
    assert all("2 returns for E90000001" in ps[0].rule for ps in year.quarantined.values())


def test_unreadable_entries_are_named_and_stray_files_only_noted(root):
    write_return(root, _tables_for("E90000001"), code="E90000001")
    (root / "2024" / "Leeds").mkdir()
    (root / "2024" / "notes.txt").write_text("x")
    year = load_year(root, 2024)
    assert list(year.returns) == ["E90000001"]
    assert list(year.quarantined) == ["2024/Leeds"]
    assert [(p.file, p.severity) for p in year.problems] == [("Leeds", "error"), ("notes.txt", "warning")]


def _with_leavers_total(code: str, year: int, total: int):
    tables = _tables_for(code, year)
    set_cell(tables, "leavers", 1, "leavers", total)
    set_cell(tables, "leavers", 2, "leavers", 0)
    set_cell(tables, "leavers", 3, "leavers", 0)
    return tables


def test_last_years_return_feeds_the_tenfold_warning_quietly(root):
    last = _with_leavers_total("E90000001", 2023, 2)
    set_cell(last, "cpd", 1, "service", "elderly")  # an error: last year is quarantined...
    write_return(root, last, code="E90000001", year=2023)
    write_return(root, _with_leavers_total("E90000001", 2024, 30), code="E90000001")
    assert load_year(root, 2024).problems == []  # ...so there is nothing to compare with

    root2 = root.parent / "second"
    write_return(root2, _with_leavers_total("E90000001", 2023, 2), code="E90000001", year=2023)
    write_return(root2, _with_leavers_total("E90000001", 2024, 30), form="xlsx", code="E90000001")
    year = load_year(root2, 2024)
    [problem] = year.problems  # last year's own problems are not reported here
    assert problem.severity == "warning" and "(2023: 2; now: 30)" in problem.rule
    assert list(year.returns) == ["E90000001"]


def test_load_years_loads_every_year_and_compares_with_the_year_before(root):
    write_return(root, _with_leavers_total("E90000001", 2023, 2), code="E90000001", year=2023)
    write_return(root, _with_leavers_total("E90000001", 2024, 30), code="E90000001", year=2024)
    years = load_years(root)
    assert list(years) == [2023, 2024]
    assert years[2023].problems == []
    assert len(years[2024].problems) == 1 and years[2024].problems[0].table == "leavers"
    assert list(load_years(root, [2024])) == [2024]


def test_missing_year_is_reported_not_raised(root):
    root.mkdir()
    year = load_year(root, 2030)
    assert year.returns == {} and year.quarantined == {}
    assert [p.severity for p in year.problems] == ["error"]


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_returns_keep_their_source_path(root, form):
    path = write_return(root, _tables_for("E90000001"), form=form, code="E90000001")
    assert load_year(root, 2024).returns["E90000001"].source == path


def test_only_last_years_returns_of_this_years_authorities_are_read(root, monkeypatch):
    write_return(root, _tables_for("E90000001", 2023), code="E90000001", year=2023)
    write_return(root, _tables_for("E90000002", 2023), code="E90000002", year=2023)
    write_return(root, _tables_for("E90000001"), code="E90000001")
    read = []
    real = load_module.read_return
    monkeypatch.setattr(load_module, "read_return", lambda s, *f: read.append(s.relative_key()) or real(s, *f))
    load_year(root, 2024)
    assert sorted(read) == ["2023/E90000001", "2024/E90000001"]


def _describe(years) -> dict:
    """Everything a loaded year says, comparable: each return's tables and warnings, problems, quarantine."""
    return {
        year: (
            {code: ({name: None if t is None else t.to_dict("split") for name, t in ret.tables.items()},
                    ret.about, [p.describe() for p in ret.warnings], ret.source) for code, ret in loaded.returns.items()},
            [p.describe() for p in loaded.problems], {k: [p.describe() for p in v] for k, v in loaded.quarantined.items()},
            loaded.content_key, loaded.files,
        )
        for year, loaded in years.items()
    }


def test_many_returns_validated_on_two_cores_give_what_one_core_gives(root, tmp_path, monkeypatch):
    from scwres_helpers.intake import two_cores

    if not two_cores.can_share():
        pytest.skip("needs fork and two cores")
    for n, code in enumerate(["E90000001", "E90000002", "E90000003", "E90000004", "E90000005"]):
        write_return(root, _with_leavers_total(code, 2023, 2), code=code, year=2023)
        this_year = _with_leavers_total(code, 2024, 30 if n == 1 else 2)  # a tenfold warning for one
        if n == 3:
            set_cell(this_year, "recruitment", 1, "appointed", 99)  # an error: quarantined
        write_return(root, this_year, form="xlsx" if n % 2 else "csv", code=code)
    monkeypatch.setattr(two_cores, "MIN_RETURNS", 2)
    shared = load_years(root, cache_dir=tmp_path / "cache")
    from_cache = load_years(root, cache_dir=tmp_path / "cache")
    monkeypatch.setattr(two_cores, "can_share", lambda: False)
    alone = load_years(root)

    assert _describe(shared) == _describe(alone) == _describe(from_cache)
    assert list(alone[2024].returns) == ["E90000001", "E90000002", "E90000003", "E90000005"]
    assert list(alone[2024].quarantined) == ["2024/E90000004.xlsx"]
    assert any("(2023: 2; now: 30)" in p.rule for p in alone[2024].problems)
