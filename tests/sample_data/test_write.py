import datetime as dt
import io
import zipfile

import openpyxl

from scwres_helpers import codes
from scwres_helpers.sample_data.write import collection_period, workbook_bytes

TABLES = {
    "about": [["field", "value"], ["authority_code", "X00000001"], ["period_start", dt.date(2023, 4, 1)]],
    "workforce": [list(codes.table_columns("workforce"))],
}


def test_collection_period_is_april_to_march_before_the_collection():
    assert collection_period(2024) == (dt.date(2023, 4, 1), dt.date(2024, 3, 31))


def test_workbook_bytes_are_deterministic_with_fixed_metadata():
    stamp = dt.datetime(2024, 3, 31)
    first = workbook_bytes(TABLES, stamp)
    assert first == workbook_bytes(TABLES, stamp)
    archive = zipfile.ZipFile(io.BytesIO(first))
    assert archive.namelist()[0] == "[Content_Types].xml"
    assert all(info.date_time == (2024, 3, 31, 0, 0, 0) for info in archive.infolist())
    core = archive.read("docProps/core.xml").decode()
    assert "<dcterms:created" in core and "<dcterms:modified" in core
    assert core.count(">2024-03-31T00:00:00Z<") == 2


def test_workbook_has_one_sheet_per_table_header_first():
    workbook = openpyxl.load_workbook(io.BytesIO(workbook_bytes(TABLES, dt.datetime(2024, 3, 31))))
    assert workbook.sheetnames == ["about", "workforce"]
    assert [c.value for c in workbook["workforce"][1]] == list(codes.table_columns("workforce"))
    assert workbook["workforce"].max_row == 1
    assert workbook["about"]["B3"].value.date() == dt.date(2023, 4, 1)
