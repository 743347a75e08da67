"""Hand-made returns for the collection tests: a valid return per authority, broken one thing at a time.

The numbers are worked by hand so every cross-table rule holds:
workforce headcount by (service, ethnicity): adult white_british 60 (regulated 50),
adult asian_indian 20 (regulated 20), adult black_african 15, children white_british 30
(regulated 30), children black_caribbean 10 (regulated 10).
"""

from __future__ import annotations

import copy
import hashlib
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from scwres_helpers import codes
from scwres_helpers.collection.template import template_version

YEAR = 2024
CODE_A = "E90000001"
CODE_B = "E90000002"

TABLES = {
    "about": [
        ["field", "value"],
        ["authority_code", CODE_A],
        ["authority_name", "Testshire County Council"],
        ["year", YEAR],
        ["period_start", "2023-04-01"],
        ["period_end", "2024-03-31"],
        ["snapshot_date", "2024-03-31"],
        ["template_version", template_version(YEAR)],
    ],
    "workforce": [
        ["service", "ethnicity", "pay_band", "senior_manager", "regulated", "headcount"],
        ["adult", "White: English, Welsh, Scottish, Northern Irish or British", "20k_to_29k", "no", "yes", 50],
        ["adult", "White: English, Welsh, Scottish, Northern Irish or British", "40k_to_49k", "yes", "no", 10],
        ["adult", "Asian or Asian British: Indian", "20k_to_29k", "no", "yes", 20],
        ["adult", "Black, Black British, Caribbean or African: African", "30k_to_39k", "no", "no", 15],
        ["children", "White: English, Welsh, Scottish, Northern Irish or British", "30k_to_39k", "no", "yes", 30],
        ["children", "Black, Black British, Caribbean or African: Caribbean", "30k_to_39k", "no", "yes", 10],
    ],
    "recruitment": [
        ["service", "ethnicity", "shortlisted", "appointed"],
        ["adult", "White: English, Welsh, Scottish, Northern Irish or British", 40, 8],
        ["adult", "Asian or Asian British: Indian", 30, 3],
        ["children", "White: English, Welsh, Scottish, Northern Irish or British", 12, 4],
    ],
    "disciplinary": [
        ["service", "ethnicity", "entered_formal_process"],
        ["adult", "White: English, Welsh, Scottish, Northern Irish or British", 2],
        ["adult", "Black, Black British, Caribbean or African: African", 3],
    ],
    "fitness_to_practise": [
        ["service", "ethnicity", "referred"],
        ["adult", "White: English, Welsh, Scottish, Northern Irish or British", 1],
    ],
    "cpd": [
        ["service", "ethnicity", "accessed_funded_cpd"],
        ["adult", "White: English, Welsh, Scottish, Northern Irish or British", 30],
        ["children", "White: English, Welsh, Scottish, Northern Irish or British", 20],
    ],
    "leavers": [
        ["service", "ethnicity", "leavers"],
        ["adult", "Asian or Asian British: Indian", 4],
    ],
    "survey": [
        ["service", "ethnicity", "source", "respondents", "experienced"],
        ["adult", "white_british", "public", 40, 10],
        ["adult", "asian_indian", "public", 15, 6],
    ],
}


def tables_for(code: str = CODE_A, name: str | None = None) -> dict[str, list[list]]:
    """A fresh, valid set of tables for authority ``code`` (safe to break)."""
    tables = copy.deepcopy(TABLES)
    tables["about"][1][1] = code
    tables["about"][2][1] = name or f"Council {code}"
    return tables


def set_about(tables: dict, field: str, value) -> None:
    for row in tables["about"][1:]:
        if row[0] == field:
            row[1] = value
            return
    tables["about"].append([field, value])


def xlsx_bytes(tables: dict, merge: dict[str, str] | None = None) -> bytes:
    """A workbook with one sheet per table (``merge``: sheet -> range to merge)."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in tables.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
        if merge and name in merge:
            sheet.merge_cells(merge[name])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def patch_cell(data: bytes, sheet_index: int, ref: str, new_cell_xml: str) -> bytes:
    """Replace the XML of one cell (as openpyxl wrote it) in sheet ``sheet_index`` (1-based)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    part = f"xl/worksheets/sheet{sheet_index}.xml"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == part:
                text, n = re.subn(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', new_cell_xml, body.decode())
                assert n == 1, f"cell {ref} not found in {part}"
                body = text.encode()
            target.writestr(info, body)
    return out.getvalue()


def sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def tree_hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): sha(p) for p in sorted(Path(root).rglob("*")) if p.is_file()}


def fill_template(path: Path, tables: dict[str, list[list]]) -> None:
    """Type a return's counts into a template as a person would: 0 where the return has no row.

    ``tables`` are rows with a header (codes or census labels for ethnicity); rows of
    the template that the return does not have get 0, and rows the template does not
    have (the workforce's, a long form) are typed into the empty rows below the
    pre-filled ones, keys as written in ``tables``. A return without survey rows has
    the survey's pre-filled rows deleted (the template's instruction).
    """
    workbook = openpyxl.load_workbook(path)
    for table in codes.DATA_TABLES:
        sheet = workbook[table]
        keys, counts = codes.TABLE_KEYS[table], codes.TABLE_COUNTS[table]
        header = [str(h).strip().lower() for h in tables[table][0]]
        given, written = {}, {}
        for row in tables[table][1:]:
            record = dict(zip(header, row))
            key = tuple(codes.canonical_ethnicity(str(record[k])) if k == "ethnicity" else str(record[k])
                        for k in keys)
            given[key] = [record[c] for c in counts]
            written[key] = [record[k] for k in keys]
        if table == "survey":  # the instruction: delete the rows of services the survey did not cover
            covered = {key[0] for key in given}
            dropped = [n for n in range(2, sheet.max_row + 1)
                       if sheet.cell(n, 1).value is not None and sheet.cell(n, 1).value not in covered]
            if dropped:
                assert dropped == list(range(dropped[0], dropped[-1] + 1))  # one block per service
                sheet.delete_rows(dropped[0], len(dropped))
        last_filled = 1
        for number in range(2, sheet.max_row + 1):
            cells = [sheet.cell(number, i + 1).value for i in range(len(keys))]
            if cells[0] is None:
                continue
            last_filled = number
            key = tuple(codes.canonical_ethnicity(v) if k == "ethnicity" else v for k, v in zip(keys, cells))
            for offset, value in enumerate(given.pop(key, [0] * len(counts))):
                sheet.cell(number, len(keys) + 1 + offset, value)
        assert table == "workforce" or not given, f"rows not in the template: {given}"
        for number, (key, values) in enumerate(given.items(), start=last_filled + 1):
            for position, value in enumerate(written[key] + values, start=1):
                sheet.cell(number, position, value)
    workbook.save(path)


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


@pytest.fixture
def returns_root(tmp_path: Path) -> Path:
    return tmp_path / "returns"
