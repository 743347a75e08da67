"""Small builders of AuthorityReturn objects, so the tests do not depend on intake."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from scwres_helpers import codes
from scwres_helpers.returns import About, AuthorityReturn, empty_table

YEAR = 2024


def wf(service: str, ethnicity: str, headcount: int, band: str = "30k_to_39k", senior: str = "no",
       regulated: str = "no") -> tuple:
    """One workforce row, in the table's column order."""
    return (service, ethnicity, band, senior, regulated, headcount)


def table(name: str, rows: Iterable[tuple]) -> pd.DataFrame:
    rows = list(rows)
    if not rows:
        return empty_table(name)
    frame = pd.DataFrame(rows, columns=list(codes.table_columns(name)))
    for key in codes.TABLE_KEYS[name]:
        frame[key] = frame[key].astype("str")
    for count in codes.TABLE_COUNTS[name]:
        frame[count] = frame[count].astype("int64")
    return frame


def make_return(code: str = "E06000001", year: int = YEAR, *, workforce: Iterable[tuple] = (),
                survey: Iterable[tuple] | None = None, **events: Iterable[tuple]) -> AuthorityReturn:
    """A return built from row tuples; event tables not given are empty, survey None = no survey."""
    unknown = set(events) - set(codes.EVENT_TABLES)
    if unknown:
        raise TypeError(f"not event tables: {unknown}")
    tables: dict[str, pd.DataFrame | None] = {"workforce": table("workforce", workforce)}
    for name in codes.EVENT_TABLES:
        tables[name] = table(name, events.get(name, ()))
    tables["survey"] = None if survey is None else table("survey", survey)
    about = About(code, f"Authority {code}", year, dt.date(year - 1, 4, 1), dt.date(year, 3, 31),
                  dt.date(year, 3, 31))
    return AuthorityReturn(about=about, tables=tables, source=Path(f"/returns/{year}/{code}"))


# --- The hand-built two-authority example used by test_counts and test_table ----------
#
# Authority A (E06000001), adult and children, survey for adult only.
#   adult     white 100 (senior 10, regulated 30), asian 14 (senior 2), black 20, mixed 0,
#             other 6, unknown 5 -> minoritised 40, total 145
#   children  white 50, black 25, asian 5 (senior 5), unknown 15 -> minoritised 30, total 95
#   leavers   adult white 10, black 4, asian 2; children white 5, black 5
#   recruitment adult: white 10 of 20 appointed, asian 0 of 10; none in children
#   disciplinary: no rows at all
#   survey (adult, public): white 20 of 80, asian 5 of 10, black 0 of 10
# Authority B (E06000002), adult only, no survey.
#   adult     white 220 (senior 20), black 40, asian 5 (senior 5), unknown 0 -> total 265
#   leavers   white 22, black 8, asian 1

A = "E06000001"
B = "E06000002"


def authority_a() -> AuthorityReturn:
    return make_return(
        A,
        workforce=[
            wf("adult", "white_british", 60, "30k_to_39k"),
            wf("adult", "white_irish", 10, "70k_plus", senior="yes"),
            wf("adult", "white_british", 30, "under_20k", regulated="yes"),
            wf("adult", "asian_indian", 12, "30k_to_39k"),
            wf("adult", "asian_pakistani", 2, "70k_plus", senior="yes"),
            wf("adult", "black_african", 20, "20k_to_29k", regulated="yes"),
            wf("adult", "other_any", 6, "50k_to_59k"),
            wf("adult", "not_known", 5, "30k_to_39k"),
            wf("children", "white_british", 50, "30k_to_39k", regulated="yes"),
            wf("children", "black_caribbean", 25, "30k_to_39k", regulated="yes"),
            wf("children", "asian_bangladeshi", 5, "60k_to_69k", senior="yes"),
            wf("children", "prefer_not_to_say", 15, "20k_to_29k"),
        ],
        leavers=[
            ("adult", "white_british", 10),
            ("adult", "black_african", 4),
            ("adult", "asian_indian", 2),
            ("children", "white_british", 5),
            ("children", "black_caribbean", 5),
        ],
        recruitment=[
            ("adult", "white_british", 20, 10),
            ("adult", "asian_indian", 10, 0),
        ],
        survey=[
            ("adult", "white_british", "public", 80, 20),
            ("adult", "asian_indian", "public", 10, 5),
            ("adult", "black_african", "public", 10, 0),
        ],
    )


def authority_b() -> AuthorityReturn:
    return make_return(
        B,
        workforce=[
            wf("adult", "white_british", 200, "30k_to_39k"),
            wf("adult", "white_british", 20, "70k_plus", senior="yes"),
            wf("adult", "black_african", 40, "30k_to_39k"),
            wf("adult", "asian_chinese", 5, "70k_plus", senior="yes"),
        ],
        leavers=[
            ("adult", "white_british", 22),
            ("adult", "black_african", 8),
            ("adult", "asian_chinese", 1),
        ],
    )
