"""From validated returns to the counts the indicators divide: one row per authority, service, group.

Ethnicity categories roll up to high-level groups; ``minoritised`` pools the four
minoritised groups, ``all`` pools the adult and children services, and ``pool`` sums
authorities into the national figure. Everything is summed before anything is divided,
so a pooled rate is a rate of pooled counts, never an average of rates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from scwres_helpers import codes
from scwres_helpers.returns import AuthorityReturn, empty_table

KEYS = ("authority_code", "service", "group")
# Groups with a row in ``Counts.groups``: the reference, the four groups and their pool.
COUNTED_GROUPS = (codes.REFERENCE_GROUP, *codes.MINORITISED_GROUPS, codes.MINORITISED)
_KNOWN_GROUPS = (codes.REFERENCE_GROUP, *codes.MINORITISED_GROUPS)


def band_column(band: str) -> str:
    """Name of the count column holding the headcount in a pay band or reporting band."""
    return f"headcount_{band}"


def respondents_column(source: str) -> str:
    return f"respondents_{source}"


def experienced_column(source: str) -> str:
    return f"experienced_{source}"


WORKFORCE_FIELDS = (
    "headcount",
    "regulated_headcount",
    "senior_headcount",
    *(band_column(b) for b in codes.PAY_BANDS),
    *(band_column(b) for b in codes.REPORTING_BANDS),
)
EVENT_FIELDS = tuple(c for t in codes.EVENT_TABLES for c in codes.TABLE_COUNTS[t])
SURVEY_FIELDS = tuple(
    f(s) for s in codes.SURVEY_SOURCES for f in (respondents_column, experienced_column)
)
COUNT_FIELDS = WORKFORCE_FIELDS + EVENT_FIELDS + SURVEY_FIELDS
DATA_QUALITY_FIELDS = ("unknown_headcount", "total_headcount")


@dataclass(frozen=True)
class Counts:
    """Summed counts of one or more authorities.

    groups: KEYS + COUNT_FIELDS, one row per (authority, service, group in
        COUNTED_GROUPS); services are those the authority returned plus ``all``.
        Unknown ethnicity is in no row.
    data_quality: authority_code, service + DATA_QUALITY_FIELDS.
    survey: authority_code, service where the return has survey rows for that
        service (``all`` where it has any), the rows that get indicators 6, 7a, 7b.
    """

    groups: pd.DataFrame
    data_quality: pd.DataFrame
    survey: pd.DataFrame


def _stack(returns: Sequence[AuthorityReturn], table: str) -> pd.DataFrame:
    """One table of every return, one under the other, with an authority_code column."""
    frames = [r.tables.get(table) for r in returns]
    present = [(r.authority_code, f) for r, f in zip(returns, frames) if f is not None and len(f)]
    if not present:
        frame = empty_table(table)
        frame.insert(0, "authority_code", pd.Series(dtype="str"))
        return frame
    stacked = pd.concat([f for _, f in present], ignore_index=True)
    stacked.insert(0, "authority_code", np.repeat([c for c, _ in present], [len(f) for _, f in present]))
    stacked["group"] = stacked["ethnicity"].map(codes.ETHNICITY_GROUP)
    if stacked["group"].isna().any():
        bad = sorted(set(stacked.loc[stacked["group"].isna(), "ethnicity"]))
        raise ValueError(f"{table}: ethnicity codes not in the census list: {bad}")
    return stacked


def _grid(workforce: pd.DataFrame) -> pd.MultiIndex:
    """Every (authority, service, group) to count: the services each authority returned
    (those in its workforce table, as ``AuthorityReturn.services``) times every group."""
    returned = workforce[["authority_code", "service"]].drop_duplicates()
    returned = returned[returned["service"].isin(codes.SERVICES)]
    groups = (*_KNOWN_GROUPS, codes.UNKNOWN_GROUP)
    return pd.MultiIndex.from_arrays(
        [
            np.repeat(returned["authority_code"].to_numpy(dtype=object), len(groups)),
            np.repeat(returned["service"].to_numpy(dtype=object), len(groups)),
            np.tile(np.array(groups, dtype=object), len(returned)),
        ],
        names=list(KEYS),
    )


def _summed(frame: pd.DataFrame, fields: dict[str, pd.Series], grid: pd.MultiIndex) -> pd.DataFrame:
    """Sum the given count series by authority, service, group, laid on the full grid (0 if absent)."""
    if frame.empty or "group" not in frame:
        return pd.DataFrame(0, index=grid, columns=list(fields), dtype="int64")
    data = pd.DataFrame({name: series.astype("int64") for name, series in fields.items()})
    keys = [frame["authority_code"], frame["service"], frame["group"]]
    summed = data.groupby(keys, sort=False).sum()
    return summed.reindex(grid, fill_value=0).astype("int64")


def _workforce_fields(workforce: pd.DataFrame) -> dict[str, pd.Series]:
    headcount = workforce["headcount"]
    fields = {
        "headcount": headcount,
        "regulated_headcount": headcount.where(workforce["regulated"] == "yes", 0),
        "senior_headcount": headcount.where(workforce["senior_manager"] == "yes", 0),
    }
    for band in codes.PAY_BANDS:
        fields[band_column(band)] = headcount.where(workforce["pay_band"] == band, 0)
    for band, members in codes.REPORTING_BANDS.items():
        fields[band_column(band)] = headcount.where(workforce["pay_band"].isin(members), 0)
    return fields


def _survey_fields(survey: pd.DataFrame) -> dict[str, pd.Series]:
    fields = {}
    for source in codes.SURVEY_SOURCES:
        is_source = survey["source"] == source
        fields[respondents_column(source)] = survey["respondents"].where(is_source, 0)
        fields[experienced_column(source)] = survey["experienced"].where(is_source, 0)
    return fields


def count_returns(returns: Sequence[AuthorityReturn]) -> Counts:
    """Counts of each return on its own (not pooled across authorities)."""
    workforce = _stack(returns, "workforce")
    grid = _grid(workforce)
    parts = [_summed(workforce, _workforce_fields(workforce), grid)]
    for table in codes.EVENT_TABLES:
        events = _stack(returns, table)
        parts.append(_summed(events, {c: events[c] for c in codes.TABLE_COUNTS[table]}, grid))
    survey = _stack(returns, "survey")
    parts.append(_summed(survey, _survey_fields(survey), grid))
    by_group = pd.concat(parts, axis=1).reset_index()

    data_quality = _data_quality(by_group)
    known = by_group[by_group["group"] != codes.UNKNOWN_GROUP]
    minoritised = (
        known[known["group"].isin(codes.MINORITISED_GROUPS)]
        .groupby(["authority_code", "service"], sort=False)[list(COUNT_FIELDS)]
        .sum()
        .reset_index()
        .assign(group=codes.MINORITISED)
    )
    groups = pd.concat([known, minoritised[list(KEYS + COUNT_FIELDS)]], ignore_index=True)
    groups = _with_all_services(groups, ["authority_code", "group"], COUNT_FIELDS)

    survey_services = _survey_coverage(survey[["authority_code", "service"]], grid)
    return Counts(groups=_typed(groups, KEYS, COUNT_FIELDS), data_quality=data_quality, survey=survey_services)


def _with_all_services(frame: pd.DataFrame, by: list[str], fields: Sequence[str]) -> pd.DataFrame:
    """Append service ``all`` = the sum of the adult and children rows."""
    pooled = frame.groupby(by, sort=False)[list(fields)].sum().reset_index().assign(service=codes.ALL_SERVICES)
    return pd.concat([frame, pooled[list(frame.columns)]], ignore_index=True)


def _data_quality(by_group: pd.DataFrame) -> pd.DataFrame:
    is_unknown = by_group["group"] == codes.UNKNOWN_GROUP
    frame = pd.DataFrame(
        {
            "authority_code": by_group["authority_code"],
            "service": by_group["service"],
            "unknown_headcount": by_group["headcount"].where(is_unknown, 0),
            "total_headcount": by_group["headcount"],
        }
    )
    keys = ["authority_code", "service"]
    frame = frame.groupby(keys, sort=False)[list(DATA_QUALITY_FIELDS)].sum().reset_index()
    frame = _with_all_services(frame, ["authority_code"], DATA_QUALITY_FIELDS)
    return _typed(frame, tuple(keys), DATA_QUALITY_FIELDS)


def _survey_coverage(surveyed: pd.DataFrame, grid: pd.MultiIndex) -> pd.DataFrame:
    """(authority, service) pairs with survey rows, restricted to returned services, plus ``all``."""
    returned = set(zip(grid.get_level_values(0), grid.get_level_values(1)))
    pairs = sorted({(a, s) for a, s in zip(surveyed["authority_code"], surveyed["service"]) if (a, s) in returned})
    authorities = sorted({a for a, _ in pairs})
    pairs += [(a, codes.ALL_SERVICES) for a in authorities]
    return pd.DataFrame(
        {
            "authority_code": pd.array([a for a, _ in pairs], dtype="str"),
            "service": pd.array([s for _, s in pairs], dtype="str"),
        }
    )


def _typed(frame: pd.DataFrame, keys: Sequence[str], fields: Sequence[str]) -> pd.DataFrame:
    out = pd.DataFrame({k: frame[k].astype("str") for k in keys})
    for f in fields:
        out[f] = frame[f].astype("int64")
    return out.reset_index(drop=True)


def pool(counts: Counts, authority_code: str = codes.NATIONAL) -> Counts:
    """Sum the counts of every authority in ``counts`` by service (and group) into one.

    A service's pooled row sums the authorities that returned that service; a pooled
    survey service exists when any authority's survey covered it.
    """
    groups = counts.groups.groupby(["service", "group"], sort=False)[list(COUNT_FIELDS)].sum().reset_index()
    groups.insert(0, "authority_code", authority_code)
    data_quality = (
        counts.data_quality.groupby("service", sort=False)[list(DATA_QUALITY_FIELDS)].sum().reset_index()
    )
    data_quality.insert(0, "authority_code", authority_code)
    services = sorted(set(counts.survey["service"]))
    survey = pd.DataFrame(
        {
            "authority_code": pd.array([authority_code] * len(services), dtype="str"),
            "service": pd.array(services, dtype="str"),
        }
    )
    return Counts(
        groups=_typed(groups, KEYS, COUNT_FIELDS),
        data_quality=_typed(data_quality, ("authority_code", "service"), DATA_QUALITY_FIELDS),
        survey=survey,
    )


def replaced(counts: Counts, codes_replaced: set[str], fresh: Counts) -> Counts:
    """COUNTS without the authorities in CODES_REPLACED, plus FRESH (their counts now, or
    none for a return withdrawn). Rows are in no meaningful order: the indicators table is
    sorted on its keys, and pooling sums integers, so a table computed from these counts is
    the table computed from counting every return again."""
    def kept(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[~frame["authority_code"].isin(codes_replaced)]

    return Counts(*(pd.concat([kept(old), new], ignore_index=True)
                    for old, new in ((counts.groups, fresh.groups), (counts.data_quality, fresh.data_quality),
                                     (counts.survey, fresh.survey))))


def group_counts(authority_return: AuthorityReturn) -> pd.DataFrame:
    """One return's counts: a row per (service, group), services returned plus ``all``."""
    return count_returns([authority_return]).groups.drop(columns="authority_code")
