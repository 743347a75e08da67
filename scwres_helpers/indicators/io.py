"""Writing and reading the indicators table as the contract's CSV, byte for byte reproducible.

The file is formatted column by column here rather than by ``DataFrame.to_csv`` so
that the bytes depend only on the values: floats as ``.15g`` (15 significant digits,
which also reads back and re-writes to the same text), empty cells for missing
values, ``true``/``false``, ``\\n`` line endings. Writes are atomic: a reader never
sees half a file.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from scwres_helpers import codes
from scwres_helpers.atomic import write_text_atomic
from scwres_helpers.indicators.table import COUNT_COLUMNS, FLOAT_COLUMNS

FLOAT_FORMAT = ".15g"
_NEEDS_QUOTES = (",", '"', "\n", "\r")
_NAN = float("nan")


def _format_floats(values: list[float]) -> list[str]:
    # v != v is NaN; + 0.0 turns -0.0 into 0.
    return ["" if v != v else format(v + 0.0, FLOAT_FORMAT) for v in values]


def _quote(text: str) -> str:
    if any(ch in text for ch in _NEEDS_QUOTES):
        return '"' + text.replace('"', '""') + '"'
    return text


def _format_column(series: pd.Series, column: str) -> list[str]:
    if column == "year":
        return [str(v) for v in series.to_numpy(dtype="int64").tolist()]
    if column in COUNT_COLUMNS:
        values = series.astype("Int64").to_numpy(dtype=object, na_value=None).tolist()
        return ["" if v is None else str(v) for v in values]
    if column in FLOAT_COLUMNS:
        return _format_floats(series.to_numpy(dtype="float64").tolist())
    if column == "suppressed":
        return ["true" if v else "false" for v in series.to_numpy(dtype=bool).tolist()]
    texts = series.astype(object).where(series.notna(), "").astype(str).tolist()
    if any(ch in text for text in set(texts) for ch in _NEEDS_QUOTES):
        return [_quote(text) for text in texts]
    return texts


HEADER = ",".join(codes.INDICATOR_TABLE_COLUMNS)


def format_indicator_lines(table: pd.DataFrame) -> list[str]:
    """One CSV line per row (no header, no line ends): format a big table once, split later."""
    columns = list(codes.INDICATOR_TABLE_COLUMNS)
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"indicators table lacks columns: {missing}")
    cells = [_format_column(table[c], c) for c in columns]
    return [",".join(row) for row in zip(*cells)]


def join_indicator_lines(lines: list[str]) -> str:
    """The CSV text from formatted lines: header, the lines, ``\\n``-terminated."""
    return "\n".join([HEADER, *lines]) + "\n"


def format_indicators_csv(table: pd.DataFrame) -> str:
    """The CSV text of an indicators table (header and one line per row, ``\\n``-terminated)."""
    return join_indicator_lines(format_indicator_lines(table))


def write_indicators_csv(table: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write the table to ``path`` atomically, so a reader never sees half of it."""
    return write_text_atomic(Path(path), format_indicators_csv(table))


def _parse_bool(text: str) -> bool:
    if text == "true":
        return True
    if text == "false":
        return False
    raise ValueError(f"suppressed must be true or false, not {text!r}")


def read_indicators_csv(path: str | os.PathLike) -> pd.DataFrame:
    """Read a file written by ``write_indicators_csv`` back into the table's dtypes."""
    with open(path, encoding="utf-8", newline="") as stream:
        return _parse_rows(csv.reader(stream), str(path))


def parse_indicators_csv(text: str) -> pd.DataFrame:
    """Parse the CSV text of an indicators table (see ``read_indicators_csv``)."""
    return _parse_rows(csv.reader(io.StringIO(text, newline="")), "<text>")


def _parse_rows(reader: Iterable[list[str]], source: str) -> pd.DataFrame:
    columns = list(codes.INDICATOR_TABLE_COLUMNS)
    rows = iter(reader)
    header = next(rows, None)
    if header != columns:
        raise ValueError(f"{source}: header is not the indicators table's columns {columns}")
    body = list(rows)
    for number, row in enumerate(body, start=2):
        if len(row) != len(columns):
            raise ValueError(f"{source}: line {number} has {len(row)} cells, expected {len(columns)}")
    cells = dict(zip(columns, zip(*body))) if body else {c: () for c in columns}
    out: dict[str, object] = {}
    for column in columns:
        values = cells[column]
        if column == "year":
            out[column] = np.array([int(v) for v in values], dtype="int64")
        elif column in COUNT_COLUMNS:
            out[column] = pd.array([None if v == "" else int(v) for v in values], dtype="Int64")
        elif column in FLOAT_COLUMNS:
            out[column] = np.array([_NAN if v == "" else float(v) for v in values], dtype="float64")
        elif column == "suppressed":
            out[column] = np.array([_parse_bool(v) for v in values], dtype=bool)
        else:
            out[column] = pd.array(list(values), dtype="str")
    return pd.DataFrame(out)
