"""The tables cache: a rebuild with unchanged returns reuses indicators and derived values."""

from __future__ import annotations

import io
import os
import shutil

import pandas as pd

from scwres_helpers.config import PROJ_ROOT
from scwres_helpers.bundles import load_tables

FIXTURE = PROJ_ROOT / "data" / "sample_returns"


def _copy(tmp_path):
    root = tmp_path / "returns"
    shutil.copytree(FIXTURE, root)
    return root


def test_unchanged_returns_are_answered_from_the_cache(tmp_path):
    root, cache = _copy(tmp_path), tmp_path / "cache" / "intake"
    first = load_tables(root, 2024, 5, cache_dir=cache)
    first.reported_csv  # noqa: B018 - a full build formats the rows whole (``pipeline.plan_tasks``)
    expected_csv, expected_summary = dict(first.rows_csv_by_authority), first.plan_summary
    first.save_derived()

    again = load_tables(root, 2024, 5, cache_dir=cache)
    assert {"reported_csv", "plan_summary"} <= again.cached_names
    assert dict(again.rows_csv_by_authority) == expected_csv
    pd.testing.assert_frame_equal(again.plan_summary, expected_summary)
    for year in first.indicators:
        pd.testing.assert_frame_equal(again.indicators[year], first.indicators[year])
    code = next(iter(first.current.returns))
    assert again.current.returns[code].about == first.current.returns[code].about
    assert sorted(again.current.quarantined) == sorted(first.current.quarantined)
    plan = first.loaded[2023].returns[code].action_plan
    if plan is not None:
        pd.testing.assert_frame_equal(again.loaded[2023].returns[code].action_plan, plan)


def test_a_corrected_return_is_computed_afresh(tmp_path):
    root, cache = _copy(tmp_path), tmp_path / "cache" / "intake"
    first = load_tables(root, 2024, 5, cache_dir=cache)
    first.save_derived()
    folder = root / "2024" / "X07853579"
    leavers = folder / "leavers.csv"
    lines = leavers.read_text().splitlines()
    cells = lines[1].rsplit(",", 1)
    lines[1] = f"{cells[0]},{int(cells[1]) + 1}"
    leavers.write_text("\n".join(lines) + "\n")

    after = load_tables(root, 2024, 5, cache_dir=cache)
    assert after.cached_names == frozenset()  # nothing reused

    def white_leavers(table):  # the first leavers row is white British adult staff
        row = table[(table["scope"] == "national") & (table["indicator"] == "8") & (table["service"] == "all")
                    & (table["group"] == "minoritised")]
        return int(row["numerator_white"].iloc[0])

    assert white_leavers(after.indicators[2024]) == white_leavers(first.indicators[2024]) + 1


def test_after_a_correction_only_the_corrected_year_is_computed_again(tmp_path, monkeypatch):
    from scwres_helpers import bundles
    from scwres_helpers.indicators import compute_indicators

    root, cache = _copy(tmp_path), tmp_path / "cache" / "intake"
    first = load_tables(root, 2024, 5, cache_dir=cache)
    computed = []
    monkeypatch.setattr(bundles, "compute_indicators",
                        lambda returns, year, **kw: computed.append(year) or compute_indicators(returns, year, **kw))
    leavers = root / "2023" / "X07853579" / "leavers.csv"
    leavers.write_text(leavers.read_text().replace(",1\n", ",2\n", 1))
    after = load_tables(root, 2024, 5, cache_dir=cache)
    assert computed == [2023]  # 2022 and 2024 come from their years' entries
    for year in (2022, 2024):
        pd.testing.assert_frame_equal(after.indicators[year], first.indicators[year])
    fresh = compute_indicators(list(after.loaded[2023].returns.values()), 2023, threshold=5)
    pd.testing.assert_frame_equal(after.indicators[2023], fresh)
    assert not after.indicators[2023].equals(first.indicators[2023])

    entry = next((cache.parent / "indicators").glob("2022-5-*"))
    entry.write_bytes(b"planted")  # not sealed by this user: computed again, never unpickled
    computed.clear()
    (cache.parent / "tables").exists() and shutil.rmtree(cache.parent / "tables")
    load_tables(root, 2024, 5, cache_dir=cache)
    assert computed == [2022]


def _counted(monkeypatch) -> list[list[str]]:
    """The authorities each ``count_returns`` call of the bundles counts."""
    from scwres_helpers import bundles
    from scwres_helpers.indicators.counts import count_returns

    calls: list[list[str]] = []
    monkeypatch.setattr(bundles, "count_returns",
                        lambda returns: calls.append([r.authority_code for r in returns]) or count_returns(returns))
    return calls


def _edit_leavers(folder, add: int) -> None:
    leavers = folder / "leavers.csv"
    lines = leavers.read_text().splitlines()
    cells = lines[1].rsplit(",", 1)
    lines[1] = f"{cells[0]},{int(cells[1]) + add}"
    leavers.write_text("\n".join(lines) + "\n")


def test_after_a_correction_only_the_corrected_return_is_counted_again(tmp_path, monkeypatch):
    """The other returns' counts are reused (sealed in ``counts``); the table is the one
    counting every return gives, withdrawn and new returns included."""
    from scwres_helpers.indicators import compute_indicators

    root, cache = _copy(tmp_path), tmp_path / "cache" / "intake"
    load_tables(root, 2024, 5, cache_dir=cache)
    counted = _counted(monkeypatch)
    _edit_leavers(root / "2024" / "X07853579", 3)
    after = load_tables(root, 2024, 5, cache_dir=cache)
    assert counted == [["X07853579"]]
    fresh = compute_indicators(list(after.current.returns.values()), 2024, threshold=5)
    pd.testing.assert_frame_equal(after.indicators[2024], fresh)

    withdrawn = sorted(after.current.returns)[-1]
    shutil.move(root / "2024" / withdrawn, tmp_path / withdrawn)
    counted.clear()
    without = load_tables(root, 2024, 5, cache_dir=cache)
    assert counted == [[]] and withdrawn not in set(without.indicators[2024]["authority_code"])
    pd.testing.assert_frame_equal(without.indicators[2024], compute_indicators(
        list(without.current.returns.values()), 2024, threshold=5))

    shutil.move(tmp_path / withdrawn, root / "2024" / withdrawn)
    counted.clear()
    back = load_tables(root, 2024, 5, cache_dir=cache)
    assert counted == [[withdrawn]]  # a return sent again is counted like a new one
    pd.testing.assert_frame_equal(back.indicators[2024], fresh)


def test_counts_are_reused_only_from_a_sealed_entry_of_this_code(tmp_path, monkeypatch):
    root, cache = _copy(tmp_path), tmp_path / "cache" / "intake"
    load_tables(root, 2024, 5, cache_dir=cache)
    entries = sorted((cache.parent / "counts").glob("2024-*"))
    assert len(entries) == 1
    entries[0].write_bytes(b"planted")  # not sealed by this user: every return counted, never unpickled
    counted = _counted(monkeypatch)
    _edit_leavers(root / "2024" / "X07853579", 1)
    after = load_tables(root, 2024, 5, cache_dir=cache)
    assert counted == [sorted(after.current.returns)]


def test_shared_bundle_files_are_parsed_once_per_content(tmp_path):
    from scwres_helpers.bundles import authority_inputs, write_shared_inputs, AuthorityInputs

    tables = load_tables(FIXTURE, 2024, 5)
    shared = tmp_path / "shared"
    write_shared_inputs(tables.national_rows, tables.peers, tables.participation(), shared)
    codes = sorted(tables.current.returns)[:2]
    for code in codes:
        authority_inputs(tables, code).write(tmp_path / code, shared=shared)
    first, second = (AuthorityInputs.read(tmp_path / code) for code in codes)
    pd.testing.assert_frame_equal(first.peers, second.peers)
    first.peers.loc[0, "value"] = -1.0  # each reader has its own copy
    assert AuthorityInputs.read(tmp_path / codes[1]).peers.loc[0, "value"] != -1.0

    national = shared / "national.csv"  # a changed file is read afresh, not from memory
    lines = national.read_text().splitlines()
    national.write_text("\n".join(lines[:2]) + "\n")
    assert len(AuthorityInputs.read(tmp_path / codes[0]).national) == 1


def test_an_unchanged_shared_file_is_not_read_again(tmp_path, monkeypatch):
    """A kernel reads the shared peers file for every report (26 MB at 2,000 organisations):
    unchanged since it was read, it is neither read nor hashed again; replaced, or written
    over in place, it is read afresh; and a file changed in the last 2 s is always read."""
    import hashlib
    import time

    import scwres_helpers.bundles as inputs_module
    from scwres_helpers.atomic import write_text_atomic

    shared = tmp_path / "peers.csv"
    shared.write_text("value\n1\n")
    hashed = []
    real_sha256 = hashlib.sha256
    monkeypatch.setattr(inputs_module.hashlib, "sha256", lambda data: hashed.append(data) or real_sha256(data))
    monkeypatch.setattr(inputs_module, "_SHARED_DIGESTS", {})
    monkeypatch.setattr(inputs_module, "_SHARED_PARSED", {})

    def read(seconds_later: float) -> list:
        monkeypatch.setattr(inputs_module, "_clock_ns", lambda: time.time_ns() + int(seconds_later * 1e9))
        return inputs_module._shared_read(shared, lambda data: pd.read_csv(io.BytesIO(data)))[0]["value"].tolist()

    assert read(0) == read(0) == [1] and len(hashed) == 2  # just written: read each time
    assert read(10) == read(10) == [1] and len(hashed) == 3  # settled: the second read looked at its identity only

    write_text_atomic(shared, "value\n2\n")  # replaced, as the build replaces a changed file
    assert read(10) == [2] and len(hashed) == 4
    with open(shared, "r+") as file:  # written over in place, the same size, within the clock's tick
        file.write("value\n3\n")
    assert read(0) == [3] and len(hashed) == 5
    with open(shared, "r+") as file:  # and again, dated later: the same file and size, new times
        file.write("value\n4\n")
    later = shared.stat().st_mtime_ns + 5_000_000_000
    os.utime(shared, ns=(later, later))
    assert read(20) == [4] and len(hashed) == 6


def test_national_indicators_are_parsed_once_per_content(tmp_path, monkeypatch):
    import scwres_helpers.bundles as inputs_module
    from scwres_helpers.bundles import NationalInputs, national_inputs

    folder = tmp_path / "national"
    national_inputs(load_tables(FIXTURE, 2024, 5)).write(folder)
    parses = []
    parse = inputs_module.parse_indicators_csv
    monkeypatch.setattr(inputs_module, "parse_indicators_csv", lambda text: parses.append(1) or parse(text))
    inputs_module._SHARED_PARSED.clear()

    first, second = NationalInputs.read(folder), NationalInputs.read(folder)
    assert len(parses) == 1  # a kernel running 13 chapters parses the 170,000 rows once
    pd.testing.assert_frame_equal(first.indicators, second.indicators)
    first.indicators.loc[0, "value"] = -1.0  # each chapter has its own copy
    assert NationalInputs.read(folder).indicators.loc[0, "value"] != -1.0

    indicators = folder / "indicators.csv"  # a changed file is parsed afresh
    indicators.write_text("\n".join(indicators.read_text().splitlines()[:3]) + "\n")
    assert len(NationalInputs.read(folder).indicators) == 2
    assert len(parses) == 2


def test_a_planted_tables_cache_entry_is_ignored_never_run(tmp_path):
    """Issue 18, case 11: a crafted pickle in outputs/.cache/tables ran a command at the next build."""
    import pickle

    root, cache = _copy(tmp_path), tmp_path / "cache" / "intake"
    first = load_tables(root, 2024, 5, cache_dir=cache)
    expected = dict(first.rows_csv_by_authority)
    first.save_derived()
    marker = tmp_path / "ran"

    class RunsCode:
        def __reduce__(self):
            return (exec, (f"open({str(marker)!r}, 'w').close()",))

    entries = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    assert any(p.parent.name == "tables" for p in entries) and any(p.parent.parent.name == "intake" for p in entries)
    for entry in entries:
        entry.write_bytes(pickle.dumps(RunsCode()))
    again = load_tables(root, 2024, 5, cache_dir=cache)
    assert again.cached_names == frozenset()  # recomputed
    assert dict(again.rows_csv_by_authority) == expected
    assert not marker.exists()


def test_rows_and_text_cut_per_authority_are_each_authoritys_table(tmp_path, monkeypatch):
    """Each authority's rows taken by position are its rows split by groupby; rows.csv and
    the national table, sliced from ``reported_csv`` (formatted in chunks of 7 rows here),
    have the bytes of each table formatted on its own."""
    import scwres_helpers.indicators.io as io_module
    from scwres_helpers.bundles import national_inputs
    from scwres_helpers.indicators.io import HEADER, format_indicator_lines

    def format_indicators_csv(rows):  # all lines at once, then joined
        return "\n".join([HEADER, *format_indicator_lines(rows)]) + "\n"

    monkeypatch.setattr(io_module, "_FORMAT_CHUNK_ROWS", 7)
    tables = load_tables(_copy(tmp_path), 2024, 5)
    text, starts = tables.reported_csv
    assert len(starts) == len(tables.reported) + 1 and starts[-1] == len(text)
    rows = tables.reported
    split = {code: frame.reset_index(drop=True)
             for code, frame in rows[rows["scope"] == "authority"].groupby("authority_code", sort=True)}
    assert sorted(tables.rows_csv_by_authority) == sorted(tables.rows_by_authority) == sorted(split)
    for code, frame in split.items():
        pd.testing.assert_frame_equal(tables.rows_by_authority[code], frame, check_exact=True)
        assert tables.rows_csv_by_authority[code] == format_indicators_csv(frame)
    assert national_inputs(tables).indicators_csv == format_indicators_csv(tables.reported)
    alone = load_tables(tmp_path / "returns", 2024, 5)  # an --authority run formats only its rows
    code = sorted(split)[0]
    assert alone.rows_csv_by_authority[code] == format_indicators_csv(split[code])
    assert "reported_csv" not in alone.__dict__


# --- what the bundles may carry (issue 20, item 4) -------------------------------------

COUNTS = ["numerator_group", "denominator_group", "numerator_white", "denominator_white"]


def test_shared_national_rows_carry_no_small_count_or_complement():
    """inputs/shared/national.csv: no count of 1 to 4, and no pair whose difference (the
    people without the outcome) is 1 to 4, on any row; a withheld row keeps no figure.
    The sample's 2024 adult 'other' disciplinary row (4 entered a formal process) is one."""
    tables = load_tables(FIXTURE, 2024, 5)
    rows = tables.national_rows
    for column in COUNTS:
        counts = pd.to_numeric(rows[column], errors="coerce")
        assert not counts.between(1, 4).any(), rows.loc[counts.between(1, 4), ["year", "indicator", "group"]]
    for side in ("group", "white"):
        without = pd.to_numeric(rows[f"denominator_{side}"], errors="coerce") - pd.to_numeric(
            rows[f"numerator_{side}"], errors="coerce")
        assert not without.between(1, 4).any()
    withheld = rows[rows["suppressed"]]
    assert withheld["value"].isna().all() and withheld["ci_lower"].isna().all()
    disciplinary = rows[(rows["year"] == 2024) & (rows["indicator"] == "3") & (rows["service"] == "adult")
                        & (rows["group"] == "other") & (rows["measure"] == "relative_likelihood")]
    assert len(disciplinary) == 1
    assert bool(disciplinary["suppressed"].iloc[0]) and pd.isna(disciplinary["numerator_group"].iloc[0])


def test_peers_carry_published_values_only():
    """peers.csv: no counts (national minus peers would give a withheld authority's), and each
    value rounded as published, so an authority meets its own value as the same number."""
    peers = load_tables(FIXTURE, 2024, 5).peers
    assert not set(COUNTS) & set(peers.columns)
    rl = peers.loc[peers["measure"] == "relative_likelihood", "value"]
    assert len(rl) and ((rl * 100).round(9) % 1 == 0).all()


def _area_by_hand(code: str) -> tuple[int, int]:
    """(minoritised, white) residents of CODE's area, summed from population.csv here."""
    import csv

    from scwres_helpers import codes

    minoritised = white = 0
    with open(FIXTURE / "2024" / "population.csv", newline="", encoding="utf-8") as handle:
        for record in csv.DictReader(line for line in handle if not line.startswith("#")):
            if record["authority_code"] != code:
                continue
            group = codes.ETHNICITY_GROUP[record["ethnicity"]]
            if group == codes.REFERENCE_GROUP:
                white += int(record["population"])
            elif group in codes.MINORITISED_GROUPS:
                minoritised += int(record["population"])
    return minoritised, white


def test_an_authority_bundle_carries_its_own_area_only(tmp_path):
    from scwres_helpers.bundles import AREA_FILE, AuthorityInputs, authority_inputs

    tables = load_tables(FIXTURE, 2024, 5)
    code = "X07853579"
    inputs = authority_inputs(tables, code)
    assert set(inputs.area["authority_code"]) == {code}
    minoritised, white = _area_by_hand(code)
    row = inputs.area.set_index("group").loc["minoritised"]
    assert (row["residents_group"], row["residents_white"]) == (minoritised, white)
    assert abs(row["area_share"] - minoritised / (minoritised + white)) < 1e-12
    files = inputs.write(tmp_path / "bundle")
    assert tmp_path / "bundle" / AREA_FILE in files
    others = set(tables.area_shares["authority_code"]) - {code}
    text = (tmp_path / "bundle" / AREA_FILE).read_text()
    assert others and not any(other in text for other in others)
    pd.testing.assert_frame_equal(AuthorityInputs.read(tmp_path / "bundle").area, inputs.area, check_dtype=False)


def test_without_a_population_file_the_bundles_are_as_before(tmp_path):
    from scwres_helpers.bundles import AREA_FILE, authority_inputs, national_inputs

    root = _copy(tmp_path)
    with_file = load_tables(root, 2024, 5)
    (root / "2024" / "population.csv").unlink()
    without = load_tables(root, 2024, 5)
    assert without.population is None and without.area_shares is None
    code = "X07853579"
    folder = tmp_path / "bundle"
    authority_inputs(with_file, code).write(folder)
    assert (folder / AREA_FILE).exists()
    files = authority_inputs(without, code).write(folder)  # the same folder: the area goes
    assert not (folder / AREA_FILE).exists() and folder / AREA_FILE not in files
    assert sorted(p.name for p in folder.iterdir()) == ["about.json", "action_plan.csv", "action_plan_last_year.csv",
                                                        "national.csv", "participation.csv", "peers.csv", "rows.csv"]
    national = national_inputs(without).write(tmp_path / "national")
    assert AREA_FILE not in {p.name for p in national} and "places.csv" in {p.name for p in national}


def _decision(year: int, hidden: set[int]):
    from scwres_helpers.disclosure.national_tables import PRIMARY, NationalDisclosure

    table = pd.DataFrame({"white": [10]}, index=["total"])
    return NationalDisclosure(year=year, hidden_rows=frozenset(hidden), headcount=table,
                              headcount_hidden=table < 0, row_reasons=dict.fromkeys(hidden, PRIMARY))


def test_sealed_decisions_are_read_back_by_the_next_build(tmp_path):
    from scwres_helpers.bundles import SealedDecisions

    SealedDecisions(tmp_path).put(("rows-a", 2024, 5), _decision(2024, {3, 8}))
    again = SealedDecisions(tmp_path).get(("rows-a", 2024, 5))  # a new store: as the next process
    assert again.hidden_rows == {3, 8} and again.row_reasons == {3: "primary", 8: "primary"}
    assert SealedDecisions(tmp_path).get(("rows-b", 2024, 5)) is None  # other rows: decided again
    assert SealedDecisions(tmp_path).get(("rows-a", 2024, 10)) is None  # another threshold


def test_sealed_decisions_keep_one_entry_per_year_and_threshold(tmp_path):
    from scwres_helpers.bundles import SealedDecisions

    store = SealedDecisions(tmp_path)
    store.put(("rows-a", 2023, 5), _decision(2023, {1}))
    store.put(("rows-a", 2024, 5), _decision(2024, {1}))
    store.put(("rows-b", 2024, 5), _decision(2024, {2}))  # 2024 corrected: its old entry goes
    assert sorted(p.name.split("-")[0] for p in tmp_path.iterdir()) == ["2023", "2024"]
    assert store.get(("rows-a", 2024, 5)) is None and store.get(("rows-b", 2024, 5)).hidden_rows == {2}
    assert store.get(("rows-a", 2023, 5)).hidden_rows == {1}


def test_a_planted_or_foreign_decision_is_never_used(tmp_path):
    from scwres_helpers.bundles import SealedDecisions
    from scwres_helpers.sealed import seal

    store = SealedDecisions(tmp_path)
    store.put(("rows-a", 2024, 5), _decision(2024, {3}))
    (entry,) = tmp_path.iterdir()
    entry.write_bytes(b"planted bytes")
    assert store.get(("rows-a", 2024, 5)) is None
    entry.write_bytes(seal({"not": "a decision"}))
    assert store.get(("rows-a", 2024, 5)) is None
