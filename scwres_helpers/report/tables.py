"""Report tables: rows of the indicators table as text cells with human headers.

Every cell is text, so a table shows exactly what the report says: relative
likelihoods to 2 decimals, percentages to 1, counts with separators, and GSS shorthand
where there is no number (``[c]`` suppressed, ``[x]`` cannot be calculated or not
returned, ``[z]`` does not exist for this kind of figure). ``formatting.gss_note``
gives the notes for the codes a table uses.
"""

from __future__ import annotations

import pandas as pd

from scwres_helpers import registry
from scwres_helpers.codes import (
    ALL_SERVICES,
    COMPARED_GROUPS,
    DATA_QUALITY_INDICATOR,
    INDICATOR_NAMES,
    MINORITISED,
    REPORTING_SERVICES,
)
from scwres_helpers.indicators.select import (
    COMPLETE,
    NO_VALUE,
    RL,
    SHARE_UNKNOWN,
    SUPPRESSED,
    number_or_none,
    one_place,
    one_series,
    row_state,
    select,
    single_row,
)
from scwres_helpers.report.formatting import (
    CONFIDENTIAL,
    NOT_AVAILABLE,
    format_count,
    format_interval,
    format_percent,
    format_rl,
)
from scwres_helpers.report.narrative import assessment_words, flag_sentence, suppressed_sentence
from scwres_helpers.report.wording import GROUP_LABELS, SERVICE_LABELS

RL_HEADER = "Relative likelihood"
INTERVAL_HEADER = "95% interval"
ASSESSMENT_HEADER = "Assessment"



def _rl_value_cell(row: pd.Series | None) -> str:
    if row is None:
        return NOT_AVAILABLE
    state = row_state(row)
    if state == SUPPRESSED:
        return CONFIDENTIAL
    if state == NO_VALUE:
        return NOT_AVAILABLE
    return format_rl(float(row["value"]))


def _interval_cell(row: pd.Series | None) -> str:
    if row is None:
        return NOT_AVAILABLE
    state = row_state(row)
    if state == SUPPRESSED:
        return CONFIDENTIAL
    if state != COMPLETE:
        return NOT_AVAILABLE
    return format_interval(float(row["ci_lower"]), float(row["ci_upper"]))


def _assessment_cell(row: pd.Series | None) -> str:
    if row is None:
        return NOT_AVAILABLE
    if row_state(row) == SUPPRESSED:
        return CONFIDENTIAL
    return assessment_words(row)


def _count_cell(row: pd.Series | None, column: str) -> str:
    if row is None:
        return NOT_AVAILABLE
    if row_state(row) == SUPPRESSED:
        return CONFIDENTIAL
    value = number_or_none(row[column])
    return NOT_AVAILABLE if value is None else format_count(value)


def _rate_cell(row: pd.Series | None, column: str) -> str:
    """A proportion (RL rows store a_g / n_g) as a percentage."""
    if row is None:
        return NOT_AVAILABLE
    if row_state(row) == SUPPRESSED:
        return CONFIDENTIAL
    value = number_or_none(row[column])
    return NOT_AVAILABLE if value is None else format_percent(100 * value)


def _detail_record(row: pd.Series | None, indicator: str) -> dict[str, str]:
    """Counts, rates, RL, interval and assessment of one RL row as table cells."""
    at_risk, outcome = registry.indicator(indicator).count_headers
    return {
        at_risk: _count_cell(row, "denominator_group"),
        outcome: _count_cell(row, "numerator_group"),
        "Rate (%)": _rate_cell(row, "rate_group"),
        "White rate (%)": _rate_cell(row, "rate_white"),
        RL_HEADER: _rl_value_cell(row),
        INTERVAL_HEADER: _interval_cell(row),
        ASSESSMENT_HEADER: _assessment_cell(row),
    }


def _indicator_label(indicator: str) -> str:
    return f"{indicator}: {INDICATOR_NAMES[indicator]}"


def summary_table(
    authority_rows: pd.DataFrame,
    national_rows: pd.DataFrame | None = None,
    *,
    group: str = MINORITISED,
    service: str = ALL_SERVICES,
) -> pd.DataFrame:
    """One row per indicator (2 to 9): RL, interval, assessment in words, national RL."""
    chosen = select(authority_rows, measure=RL, group=group, service=service, breakdown="")
    one_series(chosen)
    national = None
    if national_rows is not None:
        national = select(national_rows, scope="national", measure=RL, group=group,
                          service=service, breakdown="")
        one_series(national)
    records = []
    for indicator in registry.headline_ids():
        row = single_row(chosen, indicator=indicator)
        record = {
            "Indicator": _indicator_label(indicator),
            RL_HEADER: _rl_value_cell(row),
            INTERVAL_HEADER: _interval_cell(row),
            ASSESSMENT_HEADER: _assessment_cell(row),
        }
        if national is not None:
            national_row = single_row(national, indicator=indicator)
            record[f"National {RL_HEADER.lower()}"] = _rl_value_cell(national_row)
        records.append(record)
    return pd.DataFrame(records, dtype="str")


def group_table(
    rows: pd.DataFrame,
    indicator: str,
    *,
    service: str = ALL_SERVICES,
    breakdown: str = "",
) -> pd.DataFrame:
    """One row per compared group: counts, rates, RL, interval and assessment."""
    registry.words(indicator, breakdown)  # refuses an unknown indicator or band
    chosen = select(rows, indicator=indicator, measure=RL, service=service, breakdown=breakdown)
    one_series(chosen)
    records = [
        {"Ethnic group": GROUP_LABELS[g], **_detail_record(single_row(chosen, group=g), indicator)}
        for g in COMPARED_GROUPS
    ]
    return pd.DataFrame(records, dtype="str")


def service_table(
    rows: pd.DataFrame,
    indicator: str,
    *,
    group: str = MINORITISED,
    breakdown: str = "",
) -> pd.DataFrame:
    """One row per service (all, adult, children): counts, rates, RL, interval, assessment."""
    registry.words(indicator, breakdown)
    chosen = select(rows, indicator=indicator, measure=RL, group=group, breakdown=breakdown)
    one_series(chosen)
    records = [
        {"Service": SERVICE_LABELS[s], **_detail_record(single_row(chosen, service=s), indicator)}
        for s in REPORTING_SERVICES
    ]
    return pd.DataFrame(records, dtype="str")


def trend_table(
    rows: pd.DataFrame,
    indicator: str,
    *,
    group: str = MINORITISED,
    service: str = ALL_SERVICES,
    breakdown: str = "",
) -> pd.DataFrame:
    """One row per year for one place: counts, rates, RL, interval, assessment."""
    registry.words(indicator, breakdown)
    chosen = select(rows, indicator=indicator, measure=RL, group=group, service=service,
                    breakdown=breakdown).sort_values("year", kind="mergesort")
    one_place(chosen)
    if chosen["year"].duplicated().any():
        raise ValueError("trend rows must have one row per year")
    records = [{"Year": str(int(row["year"])), **_detail_record(row, indicator)}
               for _, row in chosen.iterrows()]
    columns = ["Year", *_detail_record(None, indicator)]
    return pd.DataFrame(records, columns=columns, dtype="str")


def data_quality_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Staff whose ethnicity is not known, per service (the DQ / share_unknown rows)."""
    chosen = select(rows, indicator=DATA_QUALITY_INDICATOR, measure=SHARE_UNKNOWN)
    one_series(chosen)
    records = []
    for service in REPORTING_SERVICES:
        row = single_row(chosen, service=service)
        if row is None:
            unknown = total = share = NOT_AVAILABLE
        elif row_state(row) == SUPPRESSED:
            unknown = total = share = CONFIDENTIAL
        else:
            unknown = _count_cell(row, "numerator_group")
            total = _count_cell(row, "denominator_group")
            value = number_or_none(row["value"])
            share = NOT_AVAILABLE if value is None else format_percent(100 * value)
        records.append({
            "Service": SERVICE_LABELS[service],
            "Staff whose ethnicity is not known": unknown,
            "All staff": total,
            "Ethnicity not known (%)": share,
        })
    return pd.DataFrame(records, dtype="str")


def flag_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Relative likelihoods that could not be given in full, and why, in words.

    Lists suppressed rows and rows with a flag (no denominator, reference zero, zero
    events) in the table's order; a suppressed row's flag is never shown.
    """
    chosen = select(rows, measure=RL)
    one_series(chosen)
    records = []
    for _, row in chosen.iterrows():
        state = row_state(row)
        if state != SUPPRESSED and not str(row["flag"]):
            continue
        records.append({
            "Indicator": _indicator_label(str(row["indicator"])),
            "Pay band": registry.words("1", str(row["breakdown"])).short.removeprefix("Paid ")
            if str(row["indicator"]) == "1" else "",
            "Ethnic group": GROUP_LABELS[str(row["group"])],
            "Service": SERVICE_LABELS[str(row["service"])],
            "Why": suppressed_sentence(row) if state == SUPPRESSED else flag_sentence(row),
        })
    columns = ["Indicator", "Pay band", "Ethnic group", "Service", "Why"]
    return pd.DataFrame(records, columns=columns, dtype="str")
