"""Read a return, in either form, into raw text tables that remember where each cell was.

Reading never judges the data (that is ``validate``); it only turns files into
tables of stripped text and reports what could not be read at all (unreadable or
empty files, missing tables, files refused by ``files`` or too large for ``limits``).
The files are read once (``read_files``) and the tables parsed from those bytes.
Every cell keeps its location as the user sees it (a CSV line, an Excel cell
reference) so validation can point back to it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd

from scwres_helpers import codes
from scwres_helpers.intake.discover import ReturnSource, is_ignored_entry
from scwres_helpers.intake.files import RefusedFile, ReturnFiles, entry_kind, listing, outside_root, read_file
from scwres_helpers.intake.limits import (
    MAX_SHEET_CELLS,
    MAX_TABLE_ROWS,
    too_many_cells,
    too_many_rows,
    workbook_too_large,
)
from scwres_helpers.intake.problems import ERROR, WARNING, Problem
from scwres_helpers.safe_text import shown_value

EXCEL_ERROR_VALUES = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
     "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"}
)


def normalise_name(text: str) -> str:
    """Header, table and code spelling rule: case-insensitive, surrounding spaces ignored."""
    return text.strip().lower()


@dataclass
class RawTable:
    """One table as read: text cells (``None`` when blank) plus where each came from.

    ``cells`` has one list per named header cell (normalised names, first
    occurrence kept), one entry per non-blank data row, all values ``str`` or
    ``None``. ``row_numbers[i]`` is the CSV line or sheet row of data row ``i``.
    Plain lists, not a DataFrame: the tables are small and every rule walks them
    cell by cell, where pandas' per-call overhead would dominate.
    """

    name: str
    form: str
    file: str
    sheet: str | None
    header_row: int
    column_positions: dict[str, int]
    row_numbers: list[int]
    cells: dict[str, list[str | None]]
    header_cells: list[tuple[int, str]] = field(default_factory=list)

    @property
    def n_rows(self) -> int:
        return len(self.row_numbers)

    def cell(self, row: int, column: str) -> str | None:
        """The text of data row ``row`` in ``column`` (``None`` when blank)."""
        return self.cells[column][row]

    @cached_property
    def frame(self) -> pd.DataFrame:
        """The cells as an all-object DataFrame, for looking at a table (not used by the checks)."""
        return pd.DataFrame({c: pd.Series(v, dtype=object) for c, v in self.cells.items()},
                            columns=list(self.cells), index=pd.RangeIndex(self.n_rows))

    def cell_location(self, row: int, column: str) -> str:
        """``line 7`` (CSV) or ``recruitment!C7`` (Excel) for data row ``row``."""
        number = self.row_numbers[row]
        if self.form == "csv":
            return f"line {number}"
        return f"{_sheet_ref(self.sheet)}!{_column_letter(self.column_positions[column])}{number}"

    def row_location(self, row: int) -> str:
        return self._row_text(self.row_numbers[row])

    def header_location(self, column: str | None = None) -> str:
        if column is not None and self.form == "xlsx" and column in self.column_positions:
            return f"{_sheet_ref(self.sheet)}!{_column_letter(self.column_positions[column])}{self.header_row}"
        return self._row_text(self.header_row)

    def position_location(self, position: int) -> str:
        """Header cell at a 1-based column position (for unnamed or repeated headers)."""
        if self.form == "csv":
            return f"line {self.header_row}"
        return f"{_sheet_ref(self.sheet)}!{_column_letter(position)}{self.header_row}"

    def table_location(self) -> str | None:
        """The whole table: the file already says it for CSV; a workbook needs the sheet."""
        return None if self.form == "csv" else f"sheet {self.sheet}"

    def _row_text(self, number: int) -> str:
        return f"line {number}" if self.form == "csv" else f"{self.sheet} row {number}"


@dataclass
class RawReturn:
    """Everything read from one return: its tables by name and what could not be read."""

    source: ReturnSource
    tables: dict[str, RawTable]
    problems: list[Problem]


def read_return(source: ReturnSource, files: ReturnFiles | None = None) -> RawReturn:
    """Read a CSV folder or an Excel workbook; problems instead of exceptions.

    FILES: the return as already read from disk (``read_files``), so that what was
    hashed is what is judged; read here when not given.
    """
    reader = _read_csv_folder if source.form == "csv" else _read_workbook
    try:
        return reader(source, read_files(source) if files is None else files)
    except Exception as exc:  # a surprise in one return must not stop the others
        return RawReturn(source, {}, [Problem(
            ERROR, f"the return could not be read ({type(exc).__name__}: {shown_value(str(exc))}); check "
            "that its files open normally", file=source.display_name, authority=source.name_code)])


# ---------------------------------------------------------------- shared helpers

def _sheet_ref(sheet: str | None) -> str:
    """Sheet name as Excel writes it in a reference (quoted when not a plain word)."""
    sheet = sheet or ""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", sheet):
        return sheet
    return "'" + sheet.replace("'", "''") + "'"


def _column_letter(position: int) -> str:
    """openpyxl's column letter (1 -> A), imported when a problem is described."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(position)


def _cell_text(value: Any) -> str | None:
    """A cell as text, as the analyst sees it; whole Excel numbers lose their ``.0``."""
    if value is None:
        return None
    if type(value) is str:  # every CSV cell, most workbook cells: the fast path
        return value.strip() or None
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, float):
        text = str(int(value)) if value.is_integer() else repr(value)
    elif isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    elif isinstance(value, (dt.date, dt.time)):
        text = value.isoformat()
    else:
        text = str(value)
    text = text.strip()
    return text or None


def _build_table(
    name: str,
    form: str,
    file: str,
    sheet: str | None,
    rows: list[tuple[int, list[Any]]],
    problems: list[Problem],
    authority: str,
) -> RawTable | None:
    """Turn (row number, cells) pairs into a RawTable; the first non-blank row is the header."""
    if form == "csv":  # the csv module gives str cells only
        texts = [(number, [c.strip() or None for c in cells]) for number, cells in rows]
    else:
        texts = [(number, [_cell_text(v) for v in cells]) for number, cells in rows]
    texts = [(number, cells) for number, cells in texts if any(c is not None for c in cells)]
    where = dict(file=file, table=name, authority=authority)
    if not texts:
        if sheet is not None:
            where["location"] = f"sheet {sheet}"
        if name in codes.OPTIONAL_TABLES:
            problems.append(Problem(
                WARNING,
                f"the {name} table is empty (not even a header row), so it is read as "
                + _EMPTY_OPTIONAL_MEANS[name],
                **where))
        else:
            columns = ", ".join(_expected_columns(name))
            problems.append(Problem(
                ERROR,
                f"the {name} table is empty; it needs its header row ({columns}) even "
                "when there are no data rows",
                **where))
        return None
    header_row, header = texts[0]
    positions: dict[str, int] = {}
    header_cells: list[tuple[int, str]] = []
    for index, cell in enumerate(header, start=1):
        if cell is None:
            continue
        column = normalise_name(cell)
        header_cells.append((index, column))
        if column not in positions:
            positions[column] = index
    body = texts[1:]
    row_numbers = [number for number, _ in body]
    columns = {column: [cells[pos - 1] if pos <= len(cells) else None for _, cells in body]
               for column, pos in positions.items()}
    if form == "csv":
        for number, cells in body:
            if len(cells) > len(header) and any(c is not None for c in cells[len(header):]):
                problems.append(Problem(
                    ERROR,
                    f"this line has {len(cells)} values but the header has {len(header)} columns; "
                    "a value may contain an unquoted comma — quote it or remove the extra values",
                    location=f"line {number}", **where))
    table = RawTable(name, form, file, sheet, header_row, positions, row_numbers, columns, header_cells)
    _note_unnamed_columns(table, texts, header, problems, where)
    return table


def _note_unnamed_columns(table: RawTable, texts: list[tuple[int, list[str | None]]],
                          header: list[str | None], problems: list[Problem], where: dict) -> None:
    """Values under a blank header cell cannot be read; say so instead of dropping them."""
    width = max(len(cells) for _, cells in texts)
    for position in range(1, width + 1):
        named = position <= len(header) and header[position - 1] is not None
        if named or (table.form == "csv" and position > len(header)):
            continue
        if any(position <= len(cells) and cells[position - 1] is not None for _, cells in texts[1:]):
            problems.append(Problem(
                WARNING,
                "this column has values but no name in the header row, so it was ignored",
                location=table.position_location(position), **where))


# What an optional table that is empty (not even a header) is read as, and what to do.
_EMPTY_OPTIONAL_MEANS = {
    "survey": "'no survey this year'; if a survey ran, fill in its rows",
    codes.ACTION_PLAN_TABLE: "'no action plan'; if you have one, add its header row and actions",
}


def _expected_columns(name: str) -> tuple[str, ...]:
    if name == codes.ABOUT_TABLE:
        return ("field", "value")
    if name == codes.ACTION_PLAN_TABLE:
        return codes.ACTION_PLAN_COLUMNS
    return codes.table_columns(name)


def _missing_table_problem(name: str, file: str, authority: str, what: str) -> Problem:
    columns = ", ".join(_expected_columns(name))
    return Problem(
        ERROR,
        f"the return has no {name} table: add {what} with its header row ({columns}), "
        "even if it has no data rows",
        file=file, table=name, authority=authority)


# ---------------------------------------------------------------- the files

def read_files(source: ReturnSource) -> ReturnFiles:
    """Everything reading needs from disk, read once and safely (``files``); never raises."""
    try:
        return _read_files(source)
    except Exception as exc:  # noqa: BLE001 - a surprise in one return must not stop the others
        files = ReturnFiles(source.relative_key())
        reason = f"the return could not be read ({type(exc).__name__}: {shown_value(str(exc))})"
        if source.form == "xlsx":
            files.refused[""] = reason
        else:
            files.folder_problem = reason
        return files


def _read_files(source: ReturnSource) -> ReturnFiles:
    root = source.returns_root()
    files = ReturnFiles(source.relative_key())
    if source.form == "xlsx":
        try:
            files.add("", read_file(source.path, root))
        except RefusedFile as refused:
            files.refused[""] = str(refused)
        return files
    refused = outside_root(source.path, root)
    if refused is not None:
        files.folder_problem = f"the folder was not read: {refused}"
        return files
    try:
        entries = listing(source.path)
    except OSError as exc:
        files.folder_problem = f"the folder could not be listed ({exc.strerror or exc}); check its permissions"
        return files
    for entry in entries:
        if is_ignored_entry(entry.name):
            continue
        kind, refused = entry_kind(entry, root)
        files.listing.append((entry.name, kind))
        if _table_of(entry.name) is None:
            continue  # reading only names it
        if kind == "file":
            try:
                files.add(entry.name, read_file(entry.path, root))
            except RefusedFile as error:
                files.refused[entry.name] = str(error)
        elif kind == "other":
            files.refused[entry.name] = refused
    return files


def _table_of(file_name: str) -> str | None:
    """The table a CSV file of a folder holds, by its name, or None."""
    stem, dot, suffix = file_name.rpartition(".")
    if not dot or suffix.lower() != "csv":
        return None
    table = normalise_name(stem)
    return table if table in codes.ALL_TABLES else None


# ---------------------------------------------------------------- CSV folder

def _read_csv_folder(source: ReturnSource, files: ReturnFiles) -> RawReturn:
    folder = source.display_name
    authority = source.name_code
    problems: list[Problem] = []
    tables: dict[str, RawTable] = {}
    if files.folder_problem is not None:
        problems.append(Problem(ERROR, files.folder_problem, file=folder, authority=authority))
        return RawReturn(source, tables, problems)
    found: dict[str, list[str]] = {}
    for name, kind in files.listing:
        table = _table_of(name)
        if table is not None and kind != "folder":
            found.setdefault(table, []).append(name)
        else:
            problems.append(Problem(
                WARNING,
                "this is not one of the return's tables (" + ", ".join(f"{t}.csv" for t in codes.ALL_TABLES)
                + ") and was not read",
                file=f"{folder}/{name}", authority=authority))
    for name in codes.ALL_TABLES:
        names = found.get(name, [])
        if len(names) > 1:
            problems.append(Problem(
                ERROR, f"there are two files for the {name} table ({' and '.join(names)}); keep only one",
                file=f"{folder}/{names[0]}", table=name, authority=authority))
            continue
        if not names:
            if name not in codes.OPTIONAL_TABLES:
                problems.append(_missing_table_problem(name, f"{folder}/{name}.csv", authority,
                                                       f"{name}.csv"))
            continue
        file = f"{folder}/{names[0]}"
        if names[0] in files.refused:
            problems.append(Problem(ERROR, f"the file was not read: {files.refused[names[0]]}",
                                    file=file, table=name, authority=authority))
            continue
        table = _read_csv_file(files.contents[names[0]], name, file, problems, authority)
        if table is not None:
            tables[name] = table
    return RawReturn(source, tables, problems)


def _read_csv_file(data: bytes, name: str, file: str, problems: list[Problem], authority: str) -> RawTable | None:
    where = dict(file=file, table=name, authority=authority)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(Problem(
            ERROR,
            "the file is not UTF-8 text; save it as 'CSV UTF-8 (comma delimited)'",
            location=f"line {line}", **where))
        return None
    rows: list[tuple[int, list[Any]]] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    counter = _SizeCounter(name, name)
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(ERROR, f"this line could not be read as CSV ({exc}); "
                                    "check its quotes", location=f"line {start}", **where))
            return None
        has_value = any(cells)  # the csv module gives str cells: "" is blank
        too_big = counter.add(cells, has_value)
        if too_big is not None:
            problems.append(Problem(ERROR, too_big, location=f"line {start}", **where))
            return None
        if has_value:  # blank lines are not kept (a file of them would otherwise fill memory)
            rows.append((start, cells))
    table = _build_table(name, "csv", file, None, rows, problems, authority)
    if table is not None and len(table.column_positions) == 1:
        only = next(iter(table.column_positions))
        if ";" in only or "\t" in only:
            problems.append(Problem(
                ERROR,
                "the header is one column containing ';' or tabs: the file must be "
                "comma-separated; save it as 'CSV UTF-8 (comma delimited)'",
                location=table.header_location(), **where))
    return table


class _SizeCounter:
    """Counts a table's rows with a value and all its cells as they stream in; says when too many."""

    def __init__(self, table: str, sheet: str) -> None:
        self.table, self.sheet = table, sheet
        self.rows = 0
        self.cells = 0

    def add(self, cells, has_value: bool) -> str | None:
        """Count one row (HAS_VALUE: any cell not blank); the reason to stop, or None."""
        self.cells += len(cells) or 1
        if self.cells > MAX_SHEET_CELLS:
            return too_many_cells(self.sheet)
        if has_value:
            self.rows += 1
            if self.rows > MAX_TABLE_ROWS + 1:  # the header row is not a table row
                return too_many_rows(self.table, self.rows)
        return None


# ---------------------------------------------------------------- Excel workbook

def _read_workbook(source: ReturnSource, files: ReturnFiles) -> RawReturn:
    file = source.display_name
    authority = source.name_code
    problems: list[Problem] = []
    tables: dict[str, RawTable] = {}
    if "" in files.refused:
        problems.append(Problem(ERROR, f"the workbook was not read: {files.refused['']}", file=file,
                                authority=authority))
        return RawReturn(source, tables, problems)
    data = files.contents[""]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            too_large = workbook_too_large(archive)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        too_large = None  # not a zip at all: openpyxl's refusal below says so
    if too_large is not None:
        problems.append(Problem(ERROR, too_large, file=file, authority=authority))
        return RawReturn(source, tables, problems)
    from openpyxl import load_workbook  # here: the report kernels import this module and read no workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on damaged or foreign files
        problems.append(Problem(
            ERROR,
            "the file could not be opened as an Excel workbook (.xlsx); save it from "
            f"Excel as 'Excel Workbook (*.xlsx)' without a password ({type(exc).__name__})",
            file=file, authority=authority))
        return RawReturn(source, tables, problems)
    try:
        sheets: dict[str, list[str]] = {}
        for title in workbook.sheetnames:
            sheets.setdefault(normalise_name(title), []).append(title)
        for key, titles in sheets.items():
            if key not in codes.ALL_TABLES and not key.startswith("readme"):
                problems.append(Problem(
                    WARNING,
                    f"the sheet '{shown_value(titles[0])}' is not one of the return's tables "
                    f"({', '.join(codes.ALL_TABLES)}) and was not read",
                    file=file, authority=authority))
        for name in codes.ALL_TABLES:
            titles = sheets.get(name, [])
            if len(titles) > 1:
                problems.append(Problem(
                    ERROR,
                    f"there are {len(titles)} sheets for the {name} table "
                    f"({', '.join(repr(shown_value(t)) for t in titles)}); keep only one",
                    file=file, table=name, authority=authority))
                continue
            if not titles:
                if name not in codes.OPTIONAL_TABLES:
                    problems.append(_missing_table_problem(name, file, authority, f"a sheet named {name}"))
                continue
            try:
                table = _read_sheet(workbook[titles[0]], name, file, problems, authority)
            except Exception as exc:  # a damaged sheet spoils this table, not the run
                problems.append(Problem(
                    ERROR, f"the sheet could not be read ({type(exc).__name__}: {shown_value(str(exc))}); "
                    "re-save the workbook from Excel", file=file, table=name,
                    location=f"sheet {titles[0]}", authority=authority))
                continue
            if table is not None:
                tables[name] = table
    finally:
        workbook.close()
    return RawReturn(source, tables, problems)


def _read_sheet(sheet, name: str, file: str, problems: list[Problem], authority: str) -> RawTable | None:
    # Read-only sheets trust the file's stored dimensions, which some tools get wrong.
    sheet.reset_dimensions()
    counter = _SizeCounter(name, sheet.title)
    rows = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        has_value = values.count(None) != len(values)
        too_big = counter.add(values, has_value)
        if too_big is not None:
            problems.append(Problem(ERROR, too_big, file=file, table=name, location=f"sheet {sheet.title}",
                                    authority=authority))
            return None
        if has_value:
            rows.append((number, list(values)))
    return _build_table(name, "xlsx", file, sheet.title, rows, problems, authority)
