"""An authority's type from its GSS code prefix and its region from the ONS lookup in data/lookups/.

The prefix of an English council's GSS code says what kind of council it is (E06
unitary authority, E08 metropolitan district, E09 London borough, E10 county), so
the type is worked out, never stored. Regions come from
``data/lookups/authority_regions.csv`` (its header says its source and date). The
sample data's codes start with X, which no real area has: they get a fictional type
and one of five fictional regions from their digits, so every sample authority has
both and none is mistaken for a real place.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from scwres_helpers import codes, config

# GSS prefix -> (type code, the type in words).
AUTHORITY_TYPES: dict[str, tuple[str, str]] = {
    "E06": ("unitary", "Unitary authority"),
    "E08": ("metropolitan_district", "Metropolitan district"),
    "E09": ("london_borough", "London borough"),
    "E10": ("county", "County council"),
}
# Fictional regions of the sample codes (X...): invented names, codes in the shape of ONS region codes.
FICTIONAL_REGIONS: tuple[tuple[str, str], ...] = (
    ("X12000001", "Brackle Vale (fictional)"),
    ("X12000002", "Mizzle Coast (fictional)"),
    ("X12000003", "Quill Uplands (fictional)"),
    ("X12000004", "Tansey Plain (fictional)"),
    ("X12000005", "Yarrow Marches (fictional)"),
)
FICTIONAL_PREFIX = "X"
TABLE_COLUMNS = ("authority_code", "authority_type", "authority_type_name", "region_code", "region_name",
                 "fictional")


@dataclass(frozen=True)
class Place:
    """An authority's type and region; empty strings where they are not known."""

    authority_code: str
    authority_type: str
    authority_type_name: str
    region_code: str
    region_name: str
    fictional: bool


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    ended: str  # the last day the authority existed, or ""


def authority_type(code: str) -> tuple[str, str] | None:
    """(type code, words) from the code's prefix; a sample code's fictional type; None otherwise."""
    code = code.strip().upper()
    if not codes.AUTHORITY_CODE_PATTERN.match(code):
        return None
    if code.startswith(FICTIONAL_PREFIX):
        return list(AUTHORITY_TYPES.values())[int(code[1:]) % len(AUTHORITY_TYPES)]
    return AUTHORITY_TYPES.get(code[:3])


@lru_cache(maxsize=4)
def load_regions(path: Path = config.AUTHORITY_REGIONS_CSV) -> dict[str, Region]:
    """The lookup: authority code -> its region (lines starting with '#' are its notes)."""
    with open(path, newline="", encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {row["authority_code"]: Region(row["region_code"], row["region_name"], row["ended"]) for row in rows}


def place_of(code: str, regions: dict[str, Region] | None = None) -> Place:
    """The type and region of the authority CODE (a real code missing from the lookup: region empty)."""
    code = code.strip().upper()
    kind = authority_type(code) or ("", "")
    fictional = code.startswith(FICTIONAL_PREFIX) and kind != ("", "")
    if fictional:
        region_code, region_name = FICTIONAL_REGIONS[int(code[1:]) // len(AUTHORITY_TYPES) % len(FICTIONAL_REGIONS)]
    else:
        region = (load_regions() if regions is None else regions).get(code)
        region_code, region_name = (region.code, region.name) if region else ("", "")
    return Place(code, kind[0], kind[1], region_code, region_name, fictional)


def authorities_table(authority_codes: list[str], regions: dict[str, Region] | None = None) -> pd.DataFrame:
    """One row per authority (sorted by code): the lookup the national report joins on authority_code."""
    places = [place_of(code, regions) for code in sorted(set(authority_codes))]
    return pd.DataFrame([vars(p) for p in places], columns=list(TABLE_COLUMNS))


def authorities_csv(authority_codes: list[str], regions: dict[str, Region] | None = None) -> str:
    """The authorities lookup as CSV text (``fictional`` as true/false, as in the indicators table)."""
    table = authorities_table(authority_codes, regions)
    table["fictional"] = table["fictional"].map({True: "true", False: "false"})
    return table.to_csv(index=False, lineterminator="\n")
