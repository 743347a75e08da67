import datetime as dt
import io
import zipfile

import openpyxl

from scwres_helpers import codes
from scwres_helpers.returns import collection_period
from scwres_helpers.sample_data.write import plan_rows, workbook_bytes

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


PLAN = [{"action_id": "2024-01", "indicator": "7a", "action": "Run anti-racism training for all staff",
         "owner_role": "Head of HR", "start_date": dt.date(2023, 7, 1), "due_date": dt.date(2024, 6, 30),
         "target_measure": "percent_experienced", "target_breakdown": "", "target_comparison": "at_most",
         "target_value": 12.5, "target_year": 2025, "status": "in_progress", "public": True}]


def _profile(styled: bool):
    import dataclasses

    import numpy as np

    from scwres_helpers.sample_data.profiles import make_profiles

    return dataclasses.replace(make_profiles(np.random.default_rng(1), 1, [2024], 0)[0], styled_headers=styled)


def test_plan_rows_as_csv_text_and_workbook_cells():
    header, row = plan_rows(_profile(False), PLAN, excel=False)
    assert header == list(codes.ACTION_PLAN_COLUMNS)
    assert row == ["2024-01", "7a", "Run anti-racism training for all staff", "Head of HR", "2023-07-01",
                   "2024-06-30", "percent_experienced", "", "at_most", "12.5", "2025", "in_progress", "yes"]
    _, cells = plan_rows(_profile(False), PLAN, excel=True)
    assert cells[4:6] == [dt.date(2023, 7, 1), dt.date(2024, 6, 30)] and cells[9:11] == [12.5, 2025]


def test_a_styled_authority_writes_symbols_and_capitals():
    header, row = plan_rows(_profile(True), PLAN, excel=False)
    assert header[:2] == ["Action_Id", " INDICATOR "]
    assert (row[6], row[8], row[11], row[12]) == ("Percent_experienced", "<=", "In_progress", "Yes")
