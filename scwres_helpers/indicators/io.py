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
import itertools
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


_FORMAT_CHUNK_ROWS = 65_536  # rows formatted at a time: their cells are a string each until joined


def format_indicator_lines(table: pd.DataFrame) -> list[str]:
    """One CSV line per row (no header, no line ends)."""
    columns = _checked_columns(table)
    cells = [_format_column(table[c], c) for c in columns]
    return [",".join(row) for row in zip(*cells)]


def _checked_columns(table: pd.DataFrame) -> list[str]:
    columns = list(codes.INDICATOR_TABLE_COLUMNS)
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"indicators table lacks columns: {missing}")
    return columns


def format_indicator_body(table: pd.DataFrame) -> tuple[str, np.ndarray]:
    """The table's lines as one text, each ``\\n``-terminated (no header), and where each
    starts: line ``i`` is ``text[starts[i]:starts[i + 1]]`` (``len(table) + 1`` offsets).

    Formatted a chunk of rows at a time, so that a big table's cells (a string each)
    and lines are never all held at once; the text is that of ``format_indicator_lines``.
    One text and an array of offsets also hold far less than a string per line.
    """
    _checked_columns(table)  # an empty table is checked too
    texts, lengths = [], [np.zeros(1, dtype=np.int64)]
    for start in range(0, len(table), _FORMAT_CHUNK_ROWS):
        lines = format_indicator_lines(table.iloc[start:start + _FORMAT_CHUNK_ROWS])
        lengths.append(np.fromiter((len(line) + 1 for line in lines), dtype=np.int64, count=len(lines)))
        texts.append("\n".join(lines) + "\n")
        del lines
    return "".join(texts), np.cumsum(np.concatenate(lengths))


def with_header(body: str) -> str:
    """The CSV text of BODY, lines of ``format_indicator_body`` (or a cut of them): the header first."""
    return HEADER + "\n" + body


def format_indicators_csv(table: pd.DataFrame) -> str:
    """The CSV text of an indicators table (header and one line per row, ``\\n``-terminated)."""
    return with_header(format_indicator_body(table)[0])


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


def parse_indicators_csv(text: str | bytes) -> pd.DataFrame:
    """Parse the CSV text of an indicators table, or its UTF-8 bytes (see ``read_indicators_csv``).

    Bytes are decoded a block at a time as they are read, never whole: the text and a
    ``StringIO`` of it (four bytes a character) would hold the national table at 2,000
    organisations five times over besides the bytes (1.8 GB) while it is parsed.
    """
    if isinstance(text, (bytes, bytearray, memoryview)):
        stream = io.TextIOWrapper(io.BytesIO(text), encoding="utf-8", newline="")
        return _parse_rows(csv.reader(stream), "<bytes>")
    return _parse_rows(csv.reader(io.StringIO(text, newline="")), "<text>")


_CHUNK_ROWS = 4_096  # rows converted at a time: what the parse holds besides its result


def _parse_rows(reader: Iterable[list[str]], source: str) -> pd.DataFrame:
    """The table from the CSV's rows, converted a chunk of rows at a time, column by column.

    Never holds every row as a list of cells (at 2,000 organisations the national table
    has 2.2 million rows: a list per row and a string per cell took gigabytes), and text
    cells repeat a few values (scope, service, measure, the authority codes...), so each
    distinct value is one string object that every cell holding it shares. Values and
    dtypes are those of a parse row by row.
    """
    columns = list(codes.INDICATOR_TABLE_COLUMNS)
    rows = iter(reader)
    header = next(rows, None)
    if header != columns:
        raise ValueError(f"{source}: header is not the indicators table's columns {columns}")
    width = len(columns)
    parts: dict[str, list] = {c: [] for c in columns}
    shared: dict[str, dict[str, str]] = {c: {} for c in columns}  # text column -> value -> one object
    number = 1  # the line of the last row read
    while True:
        chunk = list(itertools.islice(rows, _CHUNK_ROWS))
        if not chunk:
            break
        for offset, row in enumerate(chunk, start=number + 1):
            if len(row) != width:
                raise ValueError(f"{source}: line {offset} has {len(row)} cells, expected {width}")
        number += len(chunk)
        for column, values in zip(columns, zip(*chunk)):
            parts[column].append(_convert(column, values, shared[column]))
        del chunk
    out: dict[str, object] = {}
    for column in columns:
        out[column] = _joined(column, parts.pop(column))
    return pd.DataFrame(out, copy=False)  # the arrays are new: no need to copy them again


def _convert(column: str, values: tuple[str, ...], shared: dict[str, str]):
    """One chunk of one column's cells as the column's values (text: shared objects)."""
    if column == "year":
        return np.array([int(v) for v in values], dtype="int64")
    if column in COUNT_COLUMNS:
        missing = np.array([v == "" for v in values], dtype=bool)
        return np.array([0 if v == "" else int(v) for v in values], dtype="int64"), missing
    if column in FLOAT_COLUMNS:
        return np.array([_NAN if v == "" else float(v) for v in values], dtype="float64")
    if column == "suppressed":
        return np.array([_parse_bool(v) for v in values], dtype=bool)
    one = shared.setdefault
    return [one(v, v) for v in values]


def _joined(column: str, parts: list):
    """The column from its converted chunks (``_convert``), in the table's dtype."""
    if column == "year":
        return np.concatenate(parts) if parts else np.array([], dtype="int64")
    if column in COUNT_COLUMNS:
        if not parts:
            return pd.array([], dtype="Int64")
        values = np.concatenate([p[0] for p in parts])
        missing = np.concatenate([p[1] for p in parts])
        return pd.arrays.IntegerArray(values, missing)
    if column in FLOAT_COLUMNS:
        return np.concatenate(parts) if parts else np.array([], dtype="float64")
    if column == "suppressed":
        return np.concatenate(parts) if parts else np.array([], dtype=bool)
    return pd.array(list(itertools.chain.from_iterable(parts)), dtype="str")
