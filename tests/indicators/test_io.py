"""The indicators CSV: exact text, atomic writes and round trips."""

import math
import os

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scwres_helpers import codes
from scwres_helpers.indicators import compute_indicators, read_indicators_csv, write_indicators_csv
from scwres_helpers.indicators.io import format_indicators_csv, parse_indicators_csv

from .conftest import YEAR, authority_a, authority_b

HEADER = ",".join(codes.INDICATOR_TABLE_COLUMNS)


def one_row(**overrides) -> pd.DataFrame:
    values = {
        "year": 2024, "scope": "authority", "authority_code": "E06000001", "service": "adult",
        "group": "minoritised", "indicator": "8", "breakdown": "", "measure": "relative_likelihood",
        "numerator_group": 11, "denominator_group": 70, "numerator_white": 15, "denominator_white": 150,
        "rate_group": 11 / 70, "rate_white": 0.1, "value": 1.5714285714285714, "ci_lower": float("nan"),
        "ci_upper": 3.242805235349259, "assessment": "no_clear_difference", "flag": "", "suppressed": False,
    }
    values.update(overrides)
    return pd.DataFrame({
        c: pd.array([values[c]], dtype=dtype_of(c)) for c in codes.INDICATOR_TABLE_COLUMNS
    })


def dtype_of(column: str) -> str:
    if column == "year":
        return "int64"
    if column.startswith(("numerator", "denominator")):
        return "Int64"
    if column in ("rate_group", "rate_white", "value", "ci_lower", "ci_upper"):
        return "float64"
    if column == "suppressed":
        return "bool"
    return "str"


def test_exact_text_of_a_row():
    text = format_indicators_csv(one_row(numerator_white=None, suppressed=True))
    assert text == (
        HEADER + "\n"
        "2024,authority,E06000001,adult,minoritised,8,,relative_likelihood,11,70,,150,"
        "0.157142857142857,0.1,1.57142857142857,,3.24280523534926,no_clear_difference,,true\n"
    )


def test_floats_keep_fifteen_significant_digits_and_no_negative_zero():
    text = format_indicators_csv(one_row(value=-0.0, rate_group=1 / 3, rate_white=-11.904761904761905))
    cells = text.splitlines()[1].split(",")
    columns = list(codes.INDICATOR_TABLE_COLUMNS)
    assert cells[columns.index("value")] == "0"
    assert cells[columns.index("rate_group")] == "0.333333333333333"
    assert cells[columns.index("rate_white")] == "-11.9047619047619"


def test_write_and_read_back(tmp_path):
    table = compute_indicators([authority_a(), authority_b()], YEAR)
    path = write_indicators_csv(table, tmp_path / "indicators.csv")
    raw = path.read_bytes()
    assert raw.startswith(HEADER.encode() + b"\n") and b"\r" not in raw and raw.endswith(b"\n")
    assert b"true" in raw and b"false" in raw and b"nan" not in raw.lower().replace(b"national", b"")
    back = read_indicators_csv(path)
    assert list(back.dtypes.astype(str)) == list(table.dtypes.astype(str))
    non_float = [c for c in table.columns if table[c].dtype != "float64"]
    pd.testing.assert_frame_equal(back[non_float], table[non_float])
    for c in ("rate_group", "rate_white", "value", "ci_lower", "ci_upper"):
        np.testing.assert_allclose(back[c], table[c], rtol=1e-14, equal_nan=True)


def test_two_writes_are_byte_identical(tmp_path):
    table = compute_indicators([authority_a(), authority_b()], YEAR)
    first = write_indicators_csv(table, tmp_path / "one.csv").read_bytes()
    second = write_indicators_csv(compute_indicators([authority_a(), authority_b()], YEAR),
                                  tmp_path / "two.csv").read_bytes()
    assert first == second


def test_atomic_write_replaces_and_leaves_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "indicators.csv"
    target.write_text("old\n")
    write_indicators_csv(one_row(), target)
    assert target.read_text().startswith(HEADER)
    assert os.listdir(tmp_path) == ["indicators.csv"]

    def failing_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", failing_replace)
    before = target.read_bytes()
    with pytest.raises(OSError, match="disk full"):
        write_indicators_csv(one_row(value=2.0), target)
    assert target.read_bytes() == before
    assert os.listdir(tmp_path) == ["indicators.csv"]


def test_missing_column_is_refused():
    with pytest.raises(ValueError, match="suppressed"):
        format_indicators_csv(one_row().drop(columns="suppressed"))


def test_reader_refuses_other_files():
    with pytest.raises(ValueError, match="header"):
        parse_indicators_csv("a,b\n1,2\n")
    with pytest.raises(ValueError, match="line 2"):
        parse_indicators_csv(HEADER + "\n2024,authority\n")
    with pytest.raises(ValueError, match="true or false"):
        parse_indicators_csv(format_indicators_csv(one_row()).replace(",false\n", ",no\n"))


def test_empty_table_round_trips():
    table = compute_indicators([], YEAR)
    assert format_indicators_csv(table) == HEADER + "\n"
    back = parse_indicators_csv(HEADER + "\n")
    assert len(back) == 0 and list(back.dtypes.astype(str)) == list(table.dtypes.astype(str))


def test_text_needing_quotes_is_quoted():
    text = format_indicators_csv(one_row(breakdown='a,"b"'))
    assert ',"a,""b""",' in text
    assert parse_indicators_csv(text)["breakdown"].iloc[0] == 'a,"b"'


floats = st.one_of(st.just(float("nan")), st.floats(min_value=-1e300, max_value=1e300, allow_nan=False))
counts = st.one_of(st.none(), st.integers(0, 10**9))
words = st.sampled_from(["", "adult", "all", "minoritised", "relative_likelihood", "zero_events", "30k_to_69k"])


@st.composite
def tables(draw) -> pd.DataFrame:
    n = draw(st.integers(0, 6))
    data = {}
    for column in codes.INDICATOR_TABLE_COLUMNS:
        kind = dtype_of(column)
        if kind == "int64":
            data[column] = pd.array(draw(st.lists(st.integers(1990, 2100), min_size=n, max_size=n)), dtype="int64")
        elif kind == "Int64":
            data[column] = pd.array(draw(st.lists(counts, min_size=n, max_size=n)), dtype="Int64")
        elif kind == "float64":
            data[column] = np.array(draw(st.lists(floats, min_size=n, max_size=n)), dtype="float64")
        elif kind == "bool":
            data[column] = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool)
        else:
            data[column] = pd.array(draw(st.lists(words, min_size=n, max_size=n)), dtype="str")
    return pd.DataFrame(data)


@settings(max_examples=60, deadline=None)
@given(table=tables())
def test_csv_round_trip_property(table):
    text = format_indicators_csv(table)
    assert text == format_indicators_csv(table)  # deterministic
    back = parse_indicators_csv(text)
    assert format_indicators_csv(back) == text  # re-writing what was read gives the same bytes
    assert list(back.dtypes.astype(str)) == list(table.dtypes.astype(str))
    exact = [c for c in table.columns if dtype_of(c) != "float64"]
    pd.testing.assert_frame_equal(back[exact], table[exact])
    for c in ("rate_group", "rate_white", "value", "ci_lower", "ci_upper"):
        for original, read in zip(table[c], back[c]):
            if math.isnan(original):
                assert math.isnan(read)
            else:
                assert read == pytest.approx(original, rel=1e-14, abs=1e-300)


def row_by_row(text: str) -> pd.DataFrame:
    """The table as a plain parse gives it: every row read, each column converted whole."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text, newline="")))[1:]
    columns = list(codes.INDICATOR_TABLE_COLUMNS)
    data = {}
    for column, values in zip(columns, zip(*rows)):
        kind = dtype_of(column)
        if kind == "int64":
            data[column] = np.array([int(v) for v in values], dtype="int64")
        elif kind == "Int64":
            data[column] = pd.array([None if v == "" else int(v) for v in values], dtype="Int64")
        elif kind == "float64":
            data[column] = np.array([float("nan") if v == "" else float(v) for v in values], dtype="float64")
        elif kind == "bool":
            data[column] = np.array([v == "true" for v in values], dtype=bool)
        else:
            data[column] = pd.array(list(values), dtype="str")
    return pd.DataFrame(data)


def many_rows(n: int) -> pd.DataFrame:
    """N rows cycling through a few texts, counts with gaps and floats (several parse chunks)."""
    rows = pd.concat([one_row()] * n, ignore_index=True)
    rows["authority_code"] = pd.array([f"E0600{i % 37:04d}" for i in range(n)], dtype="str")
    rows["breakdown"] = pd.array([("", "1", "30k_to_69k", 'a,"b"')[i % 4] for i in range(n)], dtype="str")
    rows["numerator_white"] = pd.array([None if i % 5 == 0 else i for i in range(n)], dtype="Int64")
    rows["value"] = np.array([float("nan") if i % 7 == 0 else i / 3 for i in range(n)])
    rows["suppressed"] = np.array([i % 3 == 0 for i in range(n)])
    return rows


def test_parse_in_chunks_equals_a_parse_row_by_row(monkeypatch, tmp_path):
    import scwres_helpers.indicators.io as io_module

    monkeypatch.setattr(io_module, "_CHUNK_ROWS", 10)  # 95 rows: nine full chunks and part of one
    text = format_indicators_csv(many_rows(95))
    expected = row_by_row(text)
    (tmp_path / "indicators.csv").write_text(text, encoding="utf-8", newline="")
    for back in (parse_indicators_csv(text), parse_indicators_csv(text.encode()),
                 read_indicators_csv(tmp_path / "indicators.csv")):
        assert list(back.dtypes.astype(str)) == list(expected.dtypes.astype(str))
        pd.testing.assert_frame_equal(back, expected, check_exact=True)
        assert format_indicators_csv(back) == text


def test_repeated_text_is_one_object():
    back = parse_indicators_csv(format_indicators_csv(many_rows(200)).encode())
    for column in ("scope", "authority_code", "breakdown", "measure"):
        cells = back[column].to_numpy(dtype=object)
        assert len({id(cell) for cell in cells}) == len(set(cells)), column


def test_a_bad_line_is_named_in_any_chunk(monkeypatch):
    import scwres_helpers.indicators.io as io_module

    monkeypatch.setattr(io_module, "_CHUNK_ROWS", 10)
    lines = format_indicators_csv(many_rows(30)).splitlines()
    lines[25] = "2024,authority"
    with pytest.raises(ValueError, match="line 26 has 2 cells"):
        parse_indicators_csv("\n".join(lines) + "\n")
