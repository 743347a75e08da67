"""The published data tables: workbook, CSV files and the downloads page.

Hand-checked figures come from a small hand-made national return (two authorities);
the sample fixture checks the real shape, determinism and that no authority leaks.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from scwres_helpers import codes
from scwres_helpers.config import SAMPLE_RETURNS_DIR
from scwres_helpers.disclosure import is_recoverable, render_gss
from scwres_helpers.indicators import compute_indicators
from scwres_helpers.bundles import NationalInputs, load_tables, national_inputs
from scwres_helpers.publish.data_tables import data_tables
from scwres_helpers.publish.data_tables import downloads_markdown, write_data_tables
from scwres_helpers.returns import About, AuthorityReturn, empty_table

YEAR = 2024
HOSTILE = '=HYPERLINK("http://x","y")'


# --- a hand-made national return -----------------------------------------------------

def _table(name: str, rows: list[tuple]) -> pd.DataFrame:
    if not rows:
        return empty_table(name)
    frame = pd.DataFrame(rows, columns=list(codes.table_columns(name)))
    for key in codes.TABLE_KEYS[name]:
        frame[key] = frame[key].astype("str")
    for count in codes.TABLE_COUNTS[name]:
        frame[count] = frame[count].astype("int64")
    return frame


def _return(code: str, name: str, workforce: list[tuple], recruitment: list[tuple]) -> AuthorityReturn:
    tables: dict[str, pd.DataFrame | None] = {"workforce": _table("workforce", workforce)}
    for table in codes.EVENT_TABLES:
        tables[table] = _table(table, recruitment if table == "recruitment" else [])
    tables["survey"] = None
    about = About(code, name, YEAR, dt.date(YEAR - 1, 4, 1), dt.date(YEAR, 3, 31), dt.date(YEAR, 3, 31))
    return AuthorityReturn(about=about, tables=tables, source=Path(f"/returns/{YEAR}/{code}"))


def hand_made_inputs(prefix: str = "X") -> NationalInputs:
    """Two authorities. Adult: 'other ethnic group' has 3 staff paid £30k-£39k (a small
    count). Recruitment: 40 minoritised shortlisted, 10 appointed; 100 white, 50 appointed."""
    one = _return(
        f"{prefix}00000001", "Authority One",
        workforce=[
            ("adult", "white_british", "20k_to_29k", "no", "no", 100),
            ("adult", "white_british", "30k_to_39k", "no", "yes", 200),
            ("adult", "white_british", "70k_plus", "yes", "no", 20),
            ("adult", "asian_indian", "20k_to_29k", "no", "no", 30),
            ("adult", "asian_indian", "30k_to_39k", "no", "yes", 50),
            ("adult", "black_african", "20k_to_29k", "no", "no", 20),
            ("adult", "black_african", "30k_to_39k", "no", "yes", 40),
            ("adult", "mixed_white_asian", "20k_to_29k", "no", "no", 8),
            ("adult", "mixed_white_asian", "30k_to_39k", "no", "no", 10),
            ("adult", "other_arab", "20k_to_29k", "no", "no", 12),
            ("adult", "other_arab", "30k_to_39k", "no", "no", 3),
            ("adult", "not_known", "30k_to_39k", "no", "no", 7),
        ],
        recruitment=[("adult", "white_british", 100, 50), ("adult", "asian_indian", 20, 5),
                     ("adult", "black_african", 20, 5)],
    )
    two = _return(
        f"{prefix}00000002", "Authority Two",
        workforce=[
            ("children", "white_british", "30k_to_39k", "no", "no", 150),
            ("children", "asian_indian", "30k_to_39k", "no", "no", 25),
            ("children", "black_african", "30k_to_39k", "no", "no", 25),
        ],
        recruitment=[],
    )
    return NationalInputs(
        year=YEAR,
        indicators=compute_indicators([one, two], YEAR),
        participation=pd.DataFrame([{"year": YEAR, "authorities_pooled": 2, "returns_quarantined": 0}]),
        warnings_by_rule=pd.DataFrame(columns=["year", "warning", "returns"]),
    )


# --- reading what was written --------------------------------------------------------

def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def sheet_records(workbook: openpyxl.Workbook, sheet: str) -> list[dict[str, object]]:
    """The rows of the one Excel table on SHEET, keyed by its header row."""
    ws = workbook[sheet]
    (table,) = ws.tables.values()
    rows = [[c.value for c in row] for row in ws[table.ref]]
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def find(records: list[dict], **wanted: object) -> dict:
    found = [r for r in records if all(r[k] == v for k, v in wanted.items())]
    assert len(found) == 1, (wanted, len(found))
    return found[0]


@pytest.fixture(scope="module")
def hand_files(tmp_path_factory) -> list[Path]:
    return write_data_tables(hand_made_inputs(), tmp_path_factory.mktemp("hand"))


@pytest.fixture(scope="module")
def hand_book(hand_files) -> openpyxl.Workbook:
    return openpyxl.load_workbook(hand_files[0])


@pytest.fixture(scope="module")
def sample_tables():
    return load_tables(SAMPLE_RETURNS_DIR, YEAR, codes.DEFAULT_SUPPRESSION_THRESHOLD)


@pytest.fixture(scope="module")
def sample_inputs(sample_tables) -> NationalInputs:
    return national_inputs(sample_tables)


@pytest.fixture(scope="module")
def sample_files(sample_inputs, tmp_path_factory) -> list[Path]:
    return write_data_tables(sample_inputs, tmp_path_factory.mktemp("sample"))


# --- files ------------------------------------------------------------------------------

def test_files_are_named_for_the_year_and_table(hand_files):
    names = [p.name for p in hand_files]
    assert names[0] == "scwres_2024_national_tables.xlsx"
    assert "scwres_2024_national_indicators.csv" in names
    assert "scwres_2024_headcount.csv" in names
    # no survey ran in the hand-made return, so there is no (empty) survey table
    assert "scwres_2024_survey.csv" not in names
    assert all(p.exists() for p in hand_files)


def test_csv_files_are_utf8_with_unix_newlines(sample_files):
    for path in sample_files[1:]:
        raw = path.read_bytes()
        assert b"\r" not in raw
        assert not raw.startswith(b"\xef\xbb\xbf")
        raw.decode("utf-8")


def test_workbook_has_cover_contents_notes_and_one_table_per_sheet(sample_files):
    book = openpyxl.load_workbook(sample_files[0])
    assert book.sheetnames[:3] == ["Cover", "Contents", "Notes"]
    cover_text = " ".join(str(c.value) for row in book["Cover"].iter_rows() for c in row if c.value)
    assert "Synthetic data" in cover_text  # every sample authority code starts with X
    assert "Contact" in cover_text and "Source" in cover_text
    contents = sheet_records(book, "Contents")
    table_sheets = book.sheetnames[3:]
    assert [r["Sheet name"] for r in contents] == table_sheets
    for sheet, path in zip(table_sheets, sample_files[1:]):
        ws = book[sheet]
        assert len(ws.tables) == 1
        (table,) = ws.tables.values()
        header = [c.value for c in ws[table.ref][0]]
        with path.open(encoding="utf-8") as handle:
            assert header == next(csv.reader(handle))
        assert ws["A1"].value  # the title is the first cell


def test_notes_sheet_explains_the_codes_used(hand_book):
    notes = " ".join(str(r["Note text"]) for r in sheet_records(hand_book, "Notes"))
    assert "[c] confidential" in notes
    assert "1 to 4 people" in notes
    assert "Relative likelihood" in notes and "Katz" in notes


# --- hand-checked figures --------------------------------------------------------------

def test_appointment_relative_likelihood_is_hand_checked(hand_files, hand_book):
    # (10/40) / (50/100) = 0.5; SE = sqrt(1/10 - 1/40 + 1/50 - 1/100) = 0.29155;
    # 0.5 * exp(-/+ 1.959964 * 0.29155) = 0.2824 and 0.8854
    csv_row = find(read_csv(hand_files[1]), Indicator="2", Service="All services", **{"Ethnic group": "Minoritised"})
    assert (csv_row["Group: number counted"], csv_row["Group: number with the outcome"]) == ("40", "10")
    assert (csv_row["White: number counted"], csv_row["White: number with the outcome"]) == ("100", "50")
    assert (csv_row["Relative likelihood"], csv_row["Lower 95% limit"], csv_row["Upper 95% limit"]) == (
        "0.50", "0.28", "0.89")
    assert csv_row["Assessment"] == "Less likely: adverse"
    cell = find(sheet_records(hand_book, "Indicators"), Indicator="2", Service="All services",
                **{"Ethnic group": "Minoritised"})
    assert cell["Relative likelihood"] == 0.5 and cell["Lower 95% limit"] == 0.28
    assert cell["Group: number counted"] == 40


def test_sample_national_indicator_2_matches_the_rounded_national_row(sample_inputs, sample_files):
    rows = sample_inputs.indicators
    national = rows[(rows["year"] == YEAR) & (rows["scope"] == "national") & (rows["indicator"] == "2")
                    & (rows["measure"] == "relative_likelihood") & (rows["service"] == "all")
                    & (rows["group"] == "minoritised")]
    expected = render_gss(float(national["value"].iloc[0]), decimals=2)
    book = openpyxl.load_workbook(sample_files[0])
    cell = find(sheet_records(book, "Indicators"), Indicator="2", Service="All services",
                **{"Ethnic group": "Minoritised"})
    assert cell["Relative likelihood"] == float(expected)
    csv_row = find(read_csv(sample_files[1]), Indicator="2", Service="All services",
                   **{"Ethnic group": "Minoritised"})
    assert csv_row["Relative likelihood"] == expected


def test_small_count_shows_c_in_workbook_and_csv(hand_files, hand_book):
    headcount_csv = next(p for p in hand_files if p.name.endswith("_headcount.csv"))
    row = find(read_csv(headcount_csv), **{"Pay band": "£30k to £39k"})
    assert row["Other ethnic group"] == "[c]"
    assert row["White"] == "350"  # 200 + 150, not small and not needed to protect anything
    sheet_row = find(sheet_records(hand_book, "Headcount"), **{"Pay band": "£30k to £39k"})
    assert sheet_row["Other ethnic group"] == "[c]"
    assert sheet_row["White"] == 350
    pay_csv = next(p for p in hand_files if p.name.endswith("_pay_bands.csv"))
    band = find(read_csv(pay_csv), **{"Pay band": "£30k to £39k", "Ethnic group": "Other ethnic group"})
    assert {band[c] for c in ("Group: staff in the band", "Group's share of the band",
                              "Relative likelihood of being in the band", "Assessment")} == {"[c]"}


def test_headcount_secondary_suppression_is_hand_checked_and_not_recoverable(hand_files):
    # other £30k-£39k = 3 is small; the cheapest cells closing every row and column
    # equation around it are mixed and other in the £20k-£29k and £30k-£39k bands.
    path = next(p for p in hand_files if p.name.endswith("_headcount.csv"))
    records = read_csv(path)
    hidden = {(r["Pay band"], col) for r in records for col, v in r.items() if v == "[c]"}
    assert hidden == {(band, group) for band in ("£20k to £29k", "£30k to £39k")
                      for group in ("Mixed", "Other ethnic group")}
    counts = pd.DataFrame.from_dict({
        "£20k to £29k": [100, 8, 30, 20, 12, 170],
        "£30k to £39k": [350, 10, 75, 65, 3, 503],
        "£70k or more": [20, 0, 0, 0, 0, 20],
        "All pay bands": [470, 18, 105, 85, 15, 693],
    }, orient="index", columns=["White", "Mixed", "Asian", "Black", "Other ethnic group", "Total (known ethnicity)"])
    mask = counts.copy().astype(bool)
    for label in counts.index:
        for col in counts.columns:
            mask.loc[label, col] = (label, col) in hidden
    assert is_recoverable(counts, mask, "All pay bands", "Total (known ethnicity)") == []


def test_sample_headcount_table_leaves_nothing_recoverable(sample_inputs, sample_files):
    tables = data_tables(sample_inputs)
    published = next(t for t in tables if t.name == "headcount").frame.set_index("Pay band")
    from scwres_helpers.disclosure.national_tables import national_disclosure
    counts = national_disclosure(sample_inputs.indicators, YEAR, 5).headcount.copy()  # remembered: never relabel it
    counts.index, counts.columns = published.index, published.columns
    mask = published == "[c]"
    assert mask.to_numpy().sum() >= 2
    assert is_recoverable(counts, mask, "All pay bands", "Total (known ethnicity)") == []
    # what is shown is the true count
    shown = published.where(~mask)
    for label in counts.index:
        for col in counts.columns:
            if not mask.loc[label, col]:
                assert int(shown.loc[label, col]) == int(counts.loc[label, col])


def test_no_lone_c_in_a_group_or_service_sum(sample_files):
    """Independent check: minoritised = the four groups, all = adult + children; a sum
    with exactly one [c] term would give that term away by subtraction."""
    records = read_csv(sample_files[1])
    count_columns = ["Group: number counted", "Group: number with the outcome"]
    by_sum: dict[tuple, list[str]] = {}
    for r in records:
        for column in count_columns:
            by_sum.setdefault(("group", r["Indicator"], r["Service"], column), []).append(r[column])
            by_sum.setdefault(("service", r["Indicator"], r["Ethnic group"], column), []).append(r[column])
    for key, cells in by_sum.items():
        assert cells.count("[c]") != 1, key
    assert any(cells.count("[c]") >= 2 for cells in by_sum.values())  # suppression did happen


def test_every_flagged_national_row_is_withheld(sample_inputs, sample_files):
    rows = sample_inputs.indicators
    flagged = rows[(rows["year"] == YEAR) & (rows["scope"] == "national") & rows["suppressed"]
                   & (rows["measure"] == "relative_likelihood") & (rows["indicator"] != "1")]
    records = read_csv(sample_files[1])
    labels = {"all": "All services", "adult": "Adult services", "children": "Children's services"}
    from scwres_helpers.report.wording import GROUP_LABELS
    assert len(flagged) > 0
    for _, row in flagged.iterrows():
        published = find(records, Indicator=row["indicator"], Service=labels[row["service"]],
                         **{"Ethnic group": GROUP_LABELS[row["group"]]})
        assert published["Relative likelihood"] == "[c]"
        assert published["Group: number with the outcome"] == "[c]"


def test_trend_has_every_year_with_authorities_pooled(sample_files):
    trend = read_csv(next(p for p in sample_files if p.name.endswith("_trend.csv")))
    pooled = {(r["Year"], r["Authorities pooled"]) for r in trend}
    assert pooled == {("2022", "10"), ("2023", "12"), ("2024", "12")}


def test_distribution_is_computed_from_publishable_authority_values(sample_inputs, sample_files):
    from scwres_helpers.indicators.select import publishable_values
    rows = sample_inputs.indicators
    values = publishable_values(rows[rows["year"] == YEAR], "5").to_numpy()
    dist = find(read_csv(next(p for p in sample_files if p.name.endswith("_distribution.csv"))), Indicator="5")
    assert dist["Authorities with a published value"] == str(len(values))
    ordered = sorted(values)
    assert dist["Lowest"] == render_gss(ordered[0], decimals=2)
    assert dist["Highest"] == render_gss(ordered[-1], decimals=2)
    n = len(ordered)  # linear interpolation: position (n - 1) / 2
    middle = (ordered[(n - 1) // 2] + ordered[n // 2]) / 2
    assert dist["Median"] == render_gss(middle, decimals=2)


# --- determinism -------------------------------------------------------------------------

def test_two_writes_are_byte_identical(hand_files, tmp_path):
    again = write_data_tables(hand_made_inputs(), tmp_path)
    assert [p.name for p in again] == [p.name for p in hand_files]
    for first, second in zip(hand_files, again):
        assert first.read_bytes() == second.read_bytes(), first.name


def test_workbook_dates_come_from_source_date_epoch(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    (book_path, *_) = write_data_tables(hand_made_inputs(), tmp_path)
    core = zipfile.ZipFile(book_path).read("docProps/core.xml").decode()
    assert "2023-11-14T22:13:20Z" in core
    # The zip's own entry dates too (zip keeps local time to 2 s, no zone): never 1980.
    assert all(info.date_time == (2023, 11, 14, 22, 13, 20) for info in zipfile.ZipFile(book_path).infolist())


# --- safety ----------------------------------------------------------------------------

def _all_text(paths: list[Path]) -> str:
    parts = []
    for path in paths:
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as archive:
                parts += [archive.read(n).decode("utf-8", "replace") for n in archive.namelist()]
        else:
            parts.append(path.read_text(encoding="utf-8"))
    return "\n".join(parts)


def test_no_authority_code_or_name_when_not_named(sample_tables, sample_files):
    text = _all_text(sample_files)
    returns = sample_tables.current.returns
    assert returns
    for code, ret in returns.items():
        assert code not in text
        assert ret.about.authority_name not in text
    assert not any(p.name.endswith("_authority_values.csv") for p in sample_files)


def test_named_authorities_are_listed_with_hostile_names_neutralised(tmp_path):
    names = {"X00000001": HOSTILE, "X00000002": "[click](http://evil.example)"}
    files = write_data_tables(hand_made_inputs(), tmp_path, authorities_named=True, authority_names=names)
    path = next(p for p in files if p.name.endswith("_authority_values.csv"))
    rows = read_csv(path)
    assert {r["Authority name"] for r in rows} == {"'" + HOSTILE, "[click](http://evil.example)"}
    book = openpyxl.load_workbook(files[0])
    ws = book["Authorities"]
    hostile = [c for row in ws.iter_rows() for c in row if c.value == HOSTILE]
    assert hostile and all(c.data_type == "s" and c.quotePrefix for c in hostile)
    assert not any(c.hyperlink for row in ws.iter_rows() for c in row)
    with zipfile.ZipFile(files[0]) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    assert not any("<f>" in s for s in sheets)  # no formula anywhere in the workbook


def test_named_table_shows_each_authoritys_figures(tmp_path):
    files = write_data_tables(hand_made_inputs(), tmp_path, authorities_named=True,
                              authority_names={"X00000001": "One", "X00000002": "Two"})
    rows = read_csv(next(p for p in files if p.name.endswith("_authority_values.csv")))
    # Authority Two has no recruitment rows: no denominator, so [x], not a number.
    two = find(rows, **{"Authority code": "X00000002", "Indicator": "2"})
    assert two["Relative likelihood"] == "[x]"
    one = find(rows, **{"Authority code": "X00000001", "Indicator": "2"})
    assert one["Relative likelihood"] == "0.50"


def test_synthetic_statement_only_for_sample_codes(tmp_path):
    (book_path, *_) = write_data_tables(hand_made_inputs(prefix="E"), tmp_path)
    book = openpyxl.load_workbook(book_path)
    cover = " ".join(str(c.value) for row in book["Cover"].iter_rows() for c in row if c.value)
    assert "Synthetic data" not in cover


# --- downloads page --------------------------------------------------------------------

def test_downloads_markdown_lists_files_with_type_and_size(tmp_path):
    book = tmp_path / "scwres_2024_national_tables.xlsx"
    book.write_bytes(b"x" * 2048)
    table = tmp_path / "scwres_2024_headcount.csv"
    table.write_bytes(b"y" * 300)
    page = downloads_markdown([book, table], 2024)
    assert page.startswith("# Downloads")
    assert "](scwres_2024_national_tables.xlsx) (XLSX spreadsheet, 2.0 KB)" in page
    assert "](scwres_2024_headcount.csv) (CSV, 300 bytes)" in page
    assert "](report.pdf) (PDF)" in page
    assert str(tmp_path) not in page  # links are relative
    for code in ("`[c]`", "`[x]`", "`[z]`"):
        assert code in page
    assert "How to cite" in page
    assert "report.pdf" not in downloads_markdown([table], 2024, report_pdf=None)


def test_downloads_markdown_refuses_odd_file_names(tmp_path):
    odd = tmp_path / "a file(1).csv"
    odd.write_text("x")
    with pytest.raises(ValueError):
        downloads_markdown([odd], 2024)
