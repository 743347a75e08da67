"""A tiny builder for hand-made returns: a valid return that tests break one thing at a time.

``valid_tables()`` is a complete, valid return (the numbers are worked by hand below
so every cross-table rule holds with room to spare); ``write_return`` writes it as a
CSV folder or an Excel workbook under ``<root>/<year>/``.
"""

from __future__ import annotations

import copy
import csv
import hashlib
from pathlib import Path

import pytest
from openpyxl import Workbook

CODE = "E90000001"
YEAR = 2024

# Workforce headcount by (service, ethnicity), worked by hand from the rows below:
#   adult white_british 50 + 10 = 60 (regulated: 50), adult asian_indian 20 (regulated 20),
#   adult black_african 15 (regulated 0), adult not_known 5,
#   children white_british 30 (regulated 30), children black_caribbean 10 (regulated 10).
#   Total 140; unknown 5 (3.6%).
VALID = {
    "about": [
        ["field", "value"],
        ["authority_code", CODE],
        ["authority_name", "Testshire County Council"],
        ["year", "2024"],
        ["period_start", "2023-04-01"],
        ["period_end", "2024-03-31"],
        ["snapshot_date", "2024-03-31"],
        ["template_version", "1.0"],
    ],
    "workforce": [
        ["service", "ethnicity", "pay_band", "senior_manager", "regulated", "headcount"],
        ["adult", "white_british", "20k_to_29k", "no", "yes", 50],
        ["adult", "white_british", "40k_to_49k", "yes", "no", 10],
        ["adult", "asian_indian", "20k_to_29k", "no", "yes", 20],
        ["adult", "black_african", "30k_to_39k", "no", "no", 15],
        ["adult", "not_known", "under_20k", "no", "no", 5],
        ["children", "white_british", "30k_to_39k", "no", "yes", 30],
        ["children", "black_caribbean", "30k_to_39k", "no", "yes", 10],
    ],
    "recruitment": [
        ["service", "ethnicity", "shortlisted", "appointed"],
        ["adult", "white_british", 40, 8],
        ["adult", "asian_indian", 30, 3],
        ["children", "white_british", 12, 4],
        ["children", "black_caribbean", 9, 2],
    ],
    "disciplinary": [
        ["service", "ethnicity", "entered_formal_process"],
        ["adult", "white_british", 2],
        ["adult", "black_african", 3],
        ["children", "black_caribbean", 1],
    ],
    "fitness_to_practise": [
        ["service", "ethnicity", "referred"],
        ["adult", "white_british", 1],
        ["children", "black_caribbean", 1],
    ],
    "cpd": [
        ["service", "ethnicity", "accessed_funded_cpd"],
        ["adult", "white_british", 30],
        ["adult", "asian_indian", 10],
        ["children", "white_british", 20],
    ],
    "leavers": [
        ["service", "ethnicity", "leavers"],
        ["adult", "white_british", 6],
        ["adult", "asian_indian", 4],
        ["children", "black_caribbean", 2],
    ],
    "survey": [
        ["service", "ethnicity", "source", "respondents", "experienced"],
        ["adult", "white_british", "public", 40, 10],
        ["adult", "white_british", "colleagues", 40, 5],
        ["adult", "asian_indian", "public", 15, 6],
        ["children", "white_british", "managers", 20, 2],
    ],
}


def valid_tables() -> dict[str, list[list]]:
    """A fresh deep copy of the valid return, safe to break."""
    return copy.deepcopy(VALID)


def set_cell(tables: dict, table: str, data_row: int, column: str, value) -> None:
    """Set a cell by data row (1 = first row after the header) and column name."""
    header = [str(h).strip().lower() for h in tables[table][0]]
    tables[table][data_row][header.index(column)] = value


def write_return(root: Path, tables: dict | None = None, form: str = "csv", code: str = CODE,
                 year: int = YEAR, name: str | None = None) -> Path:
    """Write a return under ``root/year``; ``name`` overrides the folder/file name."""
    tables = valid_tables() if tables is None else tables
    year_dir = Path(root) / str(year)
    year_dir.mkdir(parents=True, exist_ok=True)
    if form == "csv":
        folder = year_dir / (name or code)
        folder.mkdir()
        for table, rows in tables.items():
            with open(folder / f"{table}.csv", "w", newline="", encoding="utf-8") as handle:
                csv.writer(handle).writerows(["" if v is None else v for v in row] for row in rows)
        return folder
    path = year_dir / (name or f"{code}.xlsx")
    write_workbook(path, tables)
    return path


def write_workbook(path: Path, tables: dict) -> None:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table, rows in tables.items():
        sheet = workbook.create_sheet(table)
        for row in rows:
            sheet.append(list(row))
    workbook.save(path)


def tree_hashes(root: Path) -> dict[str, str]:
    """sha256 of every file under root (to prove intake changes nothing)."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(Path(root).rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "returns"


def add_row(tables: dict, table: str, row: list) -> None:
    tables[table].append(list(row))


def only_source(root: Path, year: int = YEAR):
    """The single return discovered under root/year."""
    from scwres_helpers.intake import discover_returns

    sources, _ = discover_returns(root, year)
    assert len(sources) == 1, sources
    return sources[0]


def check(root: Path, tables: dict | None = None, form: str = "csv", previous=None):
    """Write a return (valid unless ``tables`` is broken) and validate it."""
    from scwres_helpers.intake import read_return, validate_return

    write_return(root, tables, form=form)
    return validate_return(read_return(only_source(root)), previous)


def errors_of(result) -> list:
    return [p for p in result.problems if p.severity == "error"]


def warnings_of(result) -> list:
    return [p for p in result.problems if p.severity == "warning"]


def set_cached_formula_value(path: Path, cell: str, value: str, sheet_file: str) -> None:
    """Give a formula cell written by openpyxl the cached value Excel would have saved."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as archive:
        contents = {name: archive.read(name) for name in archive.namelist()}
    xml = contents[sheet_file].decode()
    xml, count = re.subn(rf'(<c r="{cell}"[^>]*><f>[^<]*</f>)<v\s*/>', rf"\1<v>{value}</v>", xml)
    assert count == 1
    contents[sheet_file] = xml.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in contents.items():
            archive.writestr(name, data)
