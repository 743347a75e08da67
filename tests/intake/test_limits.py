"""Limits checked before parsing: a zip bomb, a million rows, a cell far to the right (issue 18, cases 1-2).

Each hostile return is quarantined with one line naming the file and the limit, the
others beside it are still read, and (measured in a child process) memory stays
far under 1 GB.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from scwres_helpers.intake import format_text, load_year
from scwres_helpers.intake.limits import (
    MAX_COMPRESSION_RATIO,
    MAX_PART_BYTES,
    MAX_PARTS,
    MAX_TABLE_ROWS,
    MAX_UNPACKED_BYTES,
    RATIO_FROM_BYTES,
    workbook_too_large,
)
from scwres_helpers.intake.problems import MAX_PROBLEMS_PER_RETURN

from .conftest import CODE, YEAR, set_cell, valid_tables, write_return

OTHER = "E90000002"
MIB = 1024 * 1024
WORKFORCE_HEADER = ["service", "ethnicity", "pay_band", "senior_manager", "regulated", "headcount"]


def _tables(code: str) -> dict:
    tables = valid_tables()
    set_cell(tables, "about", 1, "value", code)
    return tables


def _replace_member(path: Path, name: str, chunks) -> None:
    """Rewrite the workbook at PATH with member NAME streamed from CHUNKS (bytes)."""
    with zipfile.ZipFile(path) as source:
        members = {info.filename: source.read(info.filename) for info in source.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for member, data in members.items():
            if member != name:
                target.writestr(member, data)
        with target.open(name, "w", force_zip64=True) as handle:
            for chunk in chunks:
                handle.write(chunk)


def zip_bomb(root: Path, unpacked: int) -> Path:
    """A valid workbook whose about!B3 (the name) is UNPACKED bytes of text: a small file, a huge part."""
    tables = _tables(CODE)
    set_cell(tables, "about", 2, "value", "BOMB")
    path = write_return(root, tables, form="xlsx")
    with zipfile.ZipFile(path) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")  # the about sheet (cells written inline)
    head, tail = sheet.split(b"BOMB")
    block = b"A" * MIB

    def chunks():
        yield head
        for _ in range(unpacked // MIB):
            yield block
        yield tail

    _replace_member(path, "xl/worksheets/sheet1.xml", chunks())
    return path


def _cell(value) -> str:
    if isinstance(value, int):
        return f"<c><v>{value}</v></c>"
    return f'<c t="inlineStr"><is><t>{value}</t></is></c>'


def workforce_rows_workbook(root: Path, rows: int) -> Path:
    """A valid workbook whose workforce sheet has ROWS copies of one row (sheet XML streamed).

    Rows and cells without ``r`` references (allowed: each follows the one before),
    the headcount counting up, so a million rows take seconds to write.
    """
    path = write_return(root, _tables(CODE), form="xlsx")
    keys = "<row>" + "".join(map(_cell, ["adult", "white_british", "20k_to_29k", "no", "yes"]))

    def chunks():
        yield (b'<?xml version="1.0" encoding="UTF-8"?>'
               b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               + f'<dimension ref="A1:F{rows + 1}"/><sheetData>'.encode())
        yield ("<row>" + "".join(map(_cell, WORKFORCE_HEADER)) + "</row>").encode()
        for start in range(0, rows, 10_000):
            yield "".join(f"{keys}<c><v>{n}</v></c></row>" for n in range(start, min(rows, start + 10_000))).encode()
        yield b"</sheetData></worksheet>"

    _replace_member(path, "xl/worksheets/sheet2.xml", chunks())  # sheet2: workforce (written second)
    return path


def _with_good_neighbour(root: Path) -> None:
    write_return(root, _tables(OTHER), code=OTHER)


def _the_problem(loaded, key: str):
    [problem] = loaded.quarantined[key]
    return problem


# ---------------------------------------------------------------- case 1: zip bomb

def test_a_zip_bomb_is_refused_from_its_directory_before_it_is_unpacked(root):
    path = zip_bomb(root, 128 * MIB)
    assert path.stat().st_size < 1 * MIB  # small on disk
    _with_good_neighbour(root)
    loaded = load_year(root, YEAR)
    assert list(loaded.returns) == [OTHER]
    problem = _the_problem(loaded, f"{YEAR}/{CODE}.xlsx")
    line = problem.describe()
    assert "\n" not in line
    assert f"{CODE}.xlsx" in line and "xl/worksheets/sheet1.xml" in line
    assert f"{MAX_PART_BYTES // MIB} MB a part may be" in line and "zip bomb" in line


def _measure_in_child(root: Path) -> dict:
    """Validate ROOT's year in a fresh process; its problems, seconds and peak memory (MB)."""
    script = (
        "import json, resource, sys, time\n"
        "from scwres_helpers.intake import load_year\n"
        "started = time.perf_counter()\n"
        f"loaded = load_year({str(root)!r}, {YEAR})\n"
        "print(json.dumps({'seconds': time.perf_counter() - started,\n"
        "  'peak_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,\n"
        "  'valid': sorted(loaded.returns),\n"
        "  'quarantined': {k: [p.describe() for p in v] for k, v in loaded.quarantined.items()}}))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.slow
def test_a_zip_bomb_stays_far_under_a_gigabyte(root):
    zip_bomb(root, 256 * MIB)
    measured = _measure_in_child(root)
    assert measured["peak_mb"] < 1024, measured
    assert measured["seconds"] < 30, measured
    assert "zip bomb" in measured["quarantined"][f"{YEAR}/{CODE}.xlsx"][0]


def test_the_directory_rules_each_name_their_limit():
    def archive(*sizes: tuple[int, int]):
        infos = []
        for number, (unpacked, packed) in enumerate(sizes):
            info = zipfile.ZipInfo(f"xl/part{number}.xml")
            info.file_size, info.compress_size = unpacked, packed
            infos.append(info)
        return type("Directory", (), {"infolist": lambda self: infos})()

    assert workbook_too_large(archive((10 * MIB, 1 * MIB), (RATIO_FROM_BYTES - 1, 1))) is None
    assert "a part may be" in workbook_too_large(archive((MAX_PART_BYTES + 1, MAX_PART_BYTES)))
    ratio = workbook_too_large(archive((RATIO_FROM_BYTES * 4, RATIO_FROM_BYTES * 4 // (MAX_COMPRESSION_RATIO + 1))))
    assert f"more than the {MAX_COMPRESSION_RATIO} times" in ratio
    parts = 1 + MAX_UNPACKED_BYTES // (MAX_PART_BYTES - 1)
    assert "a return may" in workbook_too_large(archive(*[(MAX_PART_BYTES - 1, MAX_PART_BYTES // 10)] * parts))
    assert f"more than the {MAX_PARTS:,} a return may have" in workbook_too_large(archive(*[(1, 1)] * (MAX_PARTS + 1)))


# ---------------------------------------------------------------- case 2: a million rows

@pytest.mark.slow
def test_a_million_row_workbook_is_refused_quickly_in_little_memory(root):
    path = workforce_rows_workbook(root, 1_000_000)
    assert path.stat().st_size < 20 * MIB  # as in the issue: 19 MB
    measured = _measure_in_child(root)
    assert measured["peak_mb"] < 1024, measured
    assert measured["seconds"] < 30, measured
    [line] = measured["quarantined"][f"{YEAR}/{CODE}.xlsx"]
    assert "xl/worksheets/sheet2.xml" in line and "a part may be" in line


def test_a_sheet_with_too_many_rows_stops_at_the_row_limit(root):
    workforce_rows_workbook(root, MAX_TABLE_ROWS + 10)
    _with_good_neighbour(root)
    loaded = load_year(root, YEAR)
    assert list(loaded.returns) == [OTHER]
    [problem] = loaded.quarantined[f"{YEAR}/{CODE}.xlsx"]
    assert problem.table == "workforce" and problem.location == "sheet workforce"
    assert f"more than {MAX_TABLE_ROWS:,} rows, the most a table may have" in problem.rule


def test_a_csv_table_with_too_many_rows_stops_at_the_row_limit(root):
    tables = _tables(CODE)
    tables["workforce"] += [["adult", "white_british", "20k_to_29k", "no", "yes", 1]] * MAX_TABLE_ROWS
    write_return(root, tables)
    [problem] = load_year(root, YEAR).quarantined[f"{YEAR}/{CODE}"]
    assert problem.file == f"{CODE}/workforce.csv"
    assert problem.location == f"line {MAX_TABLE_ROWS + 2}"  # the first row over the limit
    assert f"more than {MAX_TABLE_ROWS:,} rows" in problem.rule


def test_blank_lines_do_not_count_but_cannot_fill_memory(root):
    folder = write_return(root, _tables(CODE))
    with open(folder / "leavers.csv", "a", encoding="utf-8") as handle:
        handle.write("\n" * 200_000)
    assert list(load_year(root, YEAR).returns) == [CODE]


def test_a_cell_far_to_the_right_is_refused_at_the_cell_limit(root):
    path = write_return(root, _tables(CODE), form="xlsx")
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet3.xml")  # recruitment
    # A value in the last column of 200 rows pads each of them to 16,384 cells.
    far = "".join(f'<row r="{n}"><c r="XFD{n}"><v>1</v></c></row>' for n in range(10, 210)).encode()
    _replace_member(path, "xl/worksheets/sheet3.xml", [xml.replace(b"</sheetData>", far + b"</sheetData>")])
    [problem] = load_year(root, YEAR).quarantined[f"{YEAR}/{CODE}.xlsx"]
    assert problem.table == "recruitment" and "cells, the most a sheet may have" in problem.rule


def test_repeated_rows_print_the_first_problems_and_a_count_of_the_rest(root):
    tables = _tables(CODE)
    repeats = 5_000
    tables["workforce"] += [["adult", "white_british", "20k_to_29k", "no", "yes", 1]] * repeats
    write_return(root, tables)
    _with_good_neighbour(root)
    loaded = load_year(root, YEAR)
    problems = loaded.quarantined[f"{YEAR}/{CODE}"]
    assert len(problems) == MAX_PROBLEMS_PER_RETURN + 1
    last = problems[-1]
    assert last.is_error
    # One duplicate-key error per repeated row; the first 100 are listed.
    assert f"and {repeats - MAX_PROBLEMS_PER_RETURN:,} more problems ({repeats - MAX_PROBLEMS_PER_RETURN:,} errors, 0 warnings)" \
        in last.rule
    text = format_text(loaded)
    assert len(text.splitlines()) < MAX_PROBLEMS_PER_RETURN + 20
    assert list(loaded.returns) == [OTHER]


def test_a_return_file_over_the_size_limit_is_not_read(root):
    folder = write_return(root, _tables(CODE))
    with open(folder / "workforce.csv", "ab") as handle:
        handle.truncate(21 * MIB)
    problems = load_year(root, YEAR).quarantined[f"{YEAR}/{CODE}"]
    [workforce] = [p for p in problems if p.file == f"{CODE}/workforce.csv"]
    assert "the file is 21.0 MB, more than the 20 MB a return file may be" in workforce.rule


def test_the_workbook_is_read_from_the_bytes_that_were_checked(root):
    """openpyxl gets the bytes read once, not the path (which could change after the check)."""
    path = write_return(root, _tables(CODE), form="xlsx")
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert workbook_too_large(archive) is None
    assert list(load_year(root, YEAR).returns) == [CODE]
