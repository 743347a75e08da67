"""Authority type from the GSS prefix and region from the shipped ONS lookup (hand-checked codes)."""

import csv

import pytest

from scwres_helpers import config
from scwres_helpers.places import AUTHORITY_TYPES, authorities_csv, authority_type, load_regions, place_of

ONS_REGIONS = {
    "E12000001": "North East", "E12000002": "North West", "E12000003": "Yorkshire and The Humber",
    "E12000004": "East Midlands", "E12000005": "West Midlands", "E12000006": "East of England",
    "E12000007": "London", "E12000008": "South East", "E12000009": "South West",
}


@pytest.mark.parametrize("code, kind, region", [
    ("E06000001", "unitary", "North East"),  # Hartlepool
    ("E06000053", "unitary", "South West"),  # Isles of Scilly
    ("E08000035", "metropolitan_district", "Yorkshire and The Humber"),  # Leeds
    ("E08000037", "metropolitan_district", "North East"),  # Gateshead (its code since 2013)
    ("E09000004", "london_borough", "London"),  # Bexley
    ("E09000001", "london_borough", "London"),  # City of London
    ("E10000020", "county", "East of England"),  # Norfolk
    ("e10000006", "county", "North West"),  # Cumbria, until 31 March 2023; codes in any case
])
def test_real_codes(code, kind, region):
    place = place_of(code)
    assert (place.authority_type, place.region_name, place.fictional) == (kind, region, False)
    assert ONS_REGIONS[place.region_code] == region


def test_the_type_is_the_prefix_alone():
    assert authority_type("E06999999") == ("unitary", "Unitary authority")  # not in the lookup: still typed
    assert place_of("E06999999").region_name == ""
    assert authority_type("E07000001") is None  # a district council: no social services
    assert authority_type("W06000001") is None  # Wales: not an English council type
    assert authority_type("../etc") is None


def test_sample_codes_get_fictional_type_and_region_from_their_digits():
    # 7853579 % 4 = 3 -> the fourth type (county); 7853579 // 4 = 1963394, % 5 = 4 -> the fifth region.
    place = place_of("X07853579")
    assert (place.authority_type, place.region_code, place.region_name, place.fictional) == (
        "county", "X12000005", "Yarrow Marches (fictional)", True)
    # 21432320 % 4 = 0 -> unitary; 21432320 // 4 = 5358080, % 5 = 0 -> the first region.
    assert (place_of("X21432320").authority_type, place_of("X21432320").region_code) == ("unitary", "X12000001")


def test_the_lookup_file_is_whole_and_says_its_source_and_date():
    text = config.AUTHORITY_REGIONS_CSV.read_text(encoding="utf-8")
    notes = [line for line in text.splitlines() if line.startswith("#")]
    assert any("Source: ONS" in line for line in notes) and any("April 2023" in line for line in notes)
    rows = list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))
    current = [r for r in rows if not r["ended"]]
    # 153 councils with social services: 63 unitary, 36 metropolitan, 33 London, 21 counties.
    by_prefix = {p: sum(1 for r in current if r["authority_code"].startswith(p)) for p in AUTHORITY_TYPES}
    assert by_prefix == {"E06": 63, "E08": 36, "E09": 33, "E10": 21}
    assert {r["region_code"]: r["region_name"] for r in rows} == ONS_REGIONS
    assert len({r["authority_code"] for r in rows}) == len(rows)
    assert {r["authority_name"] for r in rows if r["ended"]} == {"Cumbria", "North Yorkshire", "Somerset"}
    assert sum(1 for r in current if r["region_code"] == "E12000007") == 33  # London is its boroughs
    assert len(load_regions()) == len(rows)


def test_authorities_csv_is_sorted_and_the_same_every_time():
    text = authorities_csv(["X21432320", "E09000004", "X21432320"])
    assert text == authorities_csv(["E09000004", "X21432320"])
    assert text.splitlines() == [
        "authority_code,authority_type,authority_type_name,region_code,region_name,fictional",
        "E09000004,london_borough,London borough,E12000007,London,false",
        "X21432320,unitary,Unitary authority,X12000001,Brackle Vale (fictional),true",
    ]
