"""The national tables: indicators, pay bands, survey, senior managers, data quality,
trend and the headcount by pay band and group.

Which national figures are withheld is decided once per year across all of these by
``disclosure.national_tables.national_disclosure``, so no table gives away what another withholds.
"""

from __future__ import annotations

import pandas as pd

from scwres_helpers import codes, registry
from scwres_helpers.disclosure import render_gss
from scwres_helpers.disclosure.national_tables import (
    HEADCOUNT_TOTAL,
    KNOWN,
    NationalDisclosure,
    national_disclosure,
)
from scwres_helpers.disclosure.shorthand import NOT_AVAILABLE
from scwres_helpers.publish.data_sheets import (
    BAND_ROWS,
    COUNT,
    REPORTING_BANDS,
    RL,
    RL_INDICATORS,
    SURVEY_INDICATORS,
    DataTable,
    indicator_name,
    ordered,
    published_text,
    rl_band_cells,
    text_frame,
)
from scwres_helpers.report.narrative import assessment_cell
from scwres_helpers.report.wording import GROUP_LABELS, SERVICE_LABELS

# --- (a) national relative likelihoods ------------------------------------------------

def national_indicators_table(year_rows: pd.DataFrame, disclosure: NationalDisclosure, threshold: int) -> DataTable:
    """Indicators 2-9: counts, rates, relative likelihood, interval and assessment."""
    chosen = year_rows[(year_rows["scope"] == codes.NATIONAL) & (year_rows["measure"] == RL)
                       & year_rows["indicator"].isin(RL_INDICATORS)]
    chosen = ordered(chosen, indicator=RL_INDICATORS, service=codes.REPORTING_SERVICES,
                      group=codes.COMPARED_GROUPS)
    text = published_text(chosen, disclosure, threshold)
    columns = ["Indicator", "Indicator name", "Service", "Ethnic group", "Who is counted", "Outcome",
               "Group: number counted", "Group: number with the outcome", "White: number counted",
               "White: number with the outcome", "Group: rate", "White: rate",
               "Relative likelihood", "Lower 95% limit", "Upper 95% limit", "Assessment"]
    records = []
    for _, row in text.iterrows():
        indicator = row["indicator"]
        at_risk, outcome = registry.indicator(indicator).count_headers
        records.append({
            "Indicator": indicator,
            "Indicator name": indicator_name(indicator),
            "Service": SERVICE_LABELS[row["service"]],
            "Ethnic group": GROUP_LABELS[row["group"]],
            "Who is counted": at_risk,
            "Outcome": outcome,
            "Group: number counted": row["denominator_group"],
            "Group: number with the outcome": row["numerator_group"],
            "White: number counted": row["denominator_white"],
            "White: number with the outcome": row["numerator_white"],
            "Group: rate": row["rate_group"],
            "White: rate": row["rate_white"],
            "Relative likelihood": row["value"],
            "Lower 95% limit": row["ci_lower"],
            "Upper 95% limit": row["ci_upper"],
            "Assessment": assessment_cell(row["assessment"], indicator, ""),
        })
    decimals = {c: COUNT for c in columns[6:10]} | {"Group: rate": 4, "White: rate": 4} | {
        c: 2 for c in ("Relative likelihood", "Lower 95% limit", "Upper 95% limit")}
    return DataTable(
        name="national_indicators",
        sheet="Indicators",
        title=f"National relative likelihoods for indicators 2 to 9, England, {year_label(year_rows)}",
        subtitles=(
            "Minoritised staff and each minoritised ethnic group compared with white staff, "
            "by service. Relative likelihood: the group's rate divided by white staff's rate "
            "$$relative_likelihood$$$$assessment$$",
            "Counts pooled across every participating authority $$pooled$$$$groups$$",
        ),
        frame=text_frame(records, columns),
        decimals=decimals,
        notes=("relative_likelihood", "assessment", "pooled", "groups"),
    )


def year_label(rows: pd.DataFrame) -> str:
    years = sorted(set(rows["year"].tolist()))
    return str(years[-1]) if years else ""


# --- (b) indicator 1 by pay band ------------------------------------------------------

def pay_bands_table(year_rows: pd.DataFrame, disclosure: NationalDisclosure, threshold: int) -> DataTable:
    """Indicator 1, all services: each group's share of a band and its relative likelihood."""
    national = year_rows[(year_rows["scope"] == codes.NATIONAL) & (year_rows["indicator"] == "1")
                         & (year_rows["service"] == codes.ALL_SERVICES)]
    text = published_text(national, disclosure, threshold)
    text = text.assign(_measure=national["measure"].to_numpy())
    columns = ["Pay band", "Kind of band", "Ethnic group", "Group: staff in the band",
               "White: staff in the band", "Group's share of the band", "Share: lower 95% limit",
               "Share: upper 95% limit", "Relative likelihood of being in the band",
               "Lower 95% limit", "Upper 95% limit", "Assessment"]
    records = []
    for band in BAND_ROWS:
        for group in codes.COMPARED_GROUPS:
            share = _one(text, breakdown=band, group=group, measure="share_minoritised")
            rl = _one(text, breakdown=band, group=group, measure=RL)
            if share is None and rl is None:
                continue
            records.append({
                "Pay band": registry.BAND_LABELS[band],
                "Kind of band": "Reporting band (sum of pay bands)" if band in codes.REPORTING_BANDS else "Pay band",
                "Ethnic group": GROUP_LABELS[group],
                "Group: staff in the band": _cell(share, "numerator_group"),
                "White: staff in the band": _cell(share, "numerator_white"),
                "Group's share of the band": _cell(share, "value"),
                "Share: lower 95% limit": _cell(share, "ci_lower"),
                "Share: upper 95% limit": _cell(share, "ci_upper"),
                "Relative likelihood of being in the band": _cell(rl, "value"),
                "Lower 95% limit": _cell(rl, "ci_lower"),
                "Upper 95% limit": _cell(rl, "ci_upper"),
                "Assessment": NOT_AVAILABLE if rl is None else assessment_cell(rl["assessment"], "1", band),
            })
    decimals = {"Group: staff in the band": COUNT, "White: staff in the band": COUNT} | {
        c: 3 for c in columns[5:8]} | {c: 2 for c in columns[8:11]}
    return DataTable(
        name="pay_bands",
        sheet="Pay_bands",
        title=f"Representation by pay band (indicator 1), all services, England, {year_label(year_rows)}",
        subtitles=(
            "Share: the group's staff in the band divided by the group's and white staff in the band. "
            "Relative likelihood: the share of the group's staff who are in the band divided by the same "
            "share for white staff $$relative_likelihood$$$$pay_bands$$",
            "Full-time-equivalent annual salary; staff of unknown ethnicity left out $$groups$$",
        ),
        frame=text_frame(records, columns),
        decimals=decimals,
        notes=("relative_likelihood", "pay_bands", "groups"),
    )


def _one(text: pd.DataFrame, **criteria: str) -> pd.Series | None:
    mask = pd.Series(True, index=text.index)
    for column, value in criteria.items():
        source = "_measure" if column == "measure" else column
        mask &= text[source] == value
    found = text[mask]
    if len(found) > 1:
        raise ValueError(f"several rows for {criteria}")
    return None if found.empty else found.iloc[0]


def _cell(row: pd.Series | None, column: str) -> str:
    return NOT_AVAILABLE if row is None else str(row[column])


# --- (c) survey percentages -----------------------------------------------------------

def survey_table(year_rows: pd.DataFrame, disclosure: NationalDisclosure, threshold: int) -> DataTable:
    """Indicators 6, 7a, 7b: the percentage of respondents reporting harassment, by group."""
    chosen = year_rows[(year_rows["scope"] == codes.NATIONAL) & (year_rows["measure"] == "percent_experienced")]
    chosen = ordered(chosen, indicator=SURVEY_INDICATORS, service=codes.REPORTING_SERVICES,
                      group=codes.COMPARED_GROUPS)
    text = published_text(chosen, disclosure, threshold)
    columns = ["Indicator", "Indicator name", "Service", "Ethnic group", "Group: respondents",
               "Group: reported harassment, bullying or abuse", "Group: percentage",
               "Lower 95% limit", "Upper 95% limit", "White: respondents",
               "White: reported harassment, bullying or abuse", "White: percentage"]
    records = [{
        "Indicator": row["indicator"],
        "Indicator name": indicator_name(row["indicator"]),
        "Service": SERVICE_LABELS[row["service"]],
        "Ethnic group": GROUP_LABELS[row["group"]],
        "Group: respondents": row["denominator_group"],
        "Group: reported harassment, bullying or abuse": row["numerator_group"],
        "Group: percentage": row["value"],
        "Lower 95% limit": row["ci_lower"],
        "Upper 95% limit": row["ci_upper"],
        "White: respondents": row["denominator_white"],
        "White: reported harassment, bullying or abuse": row["numerator_white"],
        "White: percentage": row["rate_white"],
    } for _, row in text.iterrows()]
    decimals = {c: COUNT for c in ("Group: respondents", "Group: reported harassment, bullying or abuse",
                                   "White: respondents", "White: reported harassment, bullying or abuse")}
    decimals |= {c: 1 for c in ("Group: percentage", "Lower 95% limit", "Upper 95% limit", "White: percentage")}
    return DataTable(
        name="survey",
        sheet="Survey",
        title=f"Staff survey: harassment, bullying or abuse in the last 12 months, England, {year_label(year_rows)}",
        subtitles=(
            "Percentage of survey respondents who reported at least one incident, by source, "
            "service and ethnic group, with a 95% interval $$survey$$",
            "Only authorities that ran the survey are included $$pooled$$",
        ),
        frame=text_frame(records, columns),
        decimals=decimals,
        notes=("survey", "pooled"),
    )


# --- (g) senior managers (indicator 9 share and gap) -----------------------------------

def senior_managers_table(year_rows: pd.DataFrame, disclosure: NationalDisclosure, threshold: int) -> DataTable:
    """Indicator 9: the group's share of senior managers and the gap with its share of all staff."""
    national = year_rows[(year_rows["scope"] == codes.NATIONAL) & (year_rows["indicator"] == "9")
                         & year_rows["measure"].isin(["share_minoritised", "gap_pp"])]
    text = published_text(national, disclosure, threshold)
    text = text.assign(_measure=national["measure"].to_numpy())
    columns = ["Service", "Ethnic group", "Group: senior managers", "White: senior managers",
               "Group's share of senior managers", "Lower 95% limit", "Upper 95% limit",
               "Gap with the group's share of all staff (percentage points)"]
    records = []
    for service in codes.REPORTING_SERVICES:
        for group in codes.COMPARED_GROUPS:
            share = _one(text, service=service, group=group, measure="share_minoritised")
            gap = _one(text, service=service, group=group, measure="gap_pp")
            if share is None and gap is None:
                continue
            records.append({
                "Service": SERVICE_LABELS[service],
                "Ethnic group": GROUP_LABELS[group],
                "Group: senior managers": _cell(share, "numerator_group"),
                "White: senior managers": _cell(share, "numerator_white"),
                "Group's share of senior managers": _cell(share, "value"),
                "Lower 95% limit": _cell(share, "ci_lower"),
                "Upper 95% limit": _cell(share, "ci_upper"),
                "Gap with the group's share of all staff (percentage points)": _cell(gap, "value"),
            })
    decimals = {"Group: senior managers": COUNT, "White: senior managers": COUNT,
                "Group's share of senior managers": 3, "Lower 95% limit": 3, "Upper 95% limit": 3,
                "Gap with the group's share of all staff (percentage points)": 1}
    return DataTable(
        name="senior_managers",
        sheet="Senior_managers",
        title=f"Representation in senior manager roles (indicator 9), England, {year_label(year_rows)}",
        subtitles=(
            "Share: the group's senior managers divided by the group's and white senior managers. "
            "Gap: that share minus the same share among all staff, in percentage points $$groups$$",
        ),
        frame=text_frame(records, columns),
        decimals=decimals,
        notes=("groups",),
    )


# --- data quality ---------------------------------------------------------------------

def data_quality_table(year_rows: pd.DataFrame, disclosure: NationalDisclosure, threshold: int) -> DataTable:
    """Staff whose ethnicity is not known, by service."""
    chosen = year_rows[(year_rows["scope"] == codes.NATIONAL)
                       & (year_rows["indicator"] == codes.DATA_QUALITY_INDICATOR)]
    chosen = ordered(chosen, service=codes.REPORTING_SERVICES)
    text = published_text(chosen, disclosure, threshold)
    columns = ["Service", "Staff whose ethnicity is not known", "All staff", "Share whose ethnicity is not known"]
    records = [{
        "Service": SERVICE_LABELS[row["service"]],
        "Staff whose ethnicity is not known": row["numerator_group"],
        "All staff": row["denominator_group"],
        "Share whose ethnicity is not known": row["value"],
    } for _, row in text.iterrows()]
    return DataTable(
        name="data_quality",
        sheet="Data_quality",
        title=f"Staff whose ethnicity is not known, England, {year_label(year_rows)}",
        subtitles=("Headcount at the snapshot date, including staff who preferred not to say $$groups$$",),
        frame=text_frame(records, columns),
        decimals={"Staff whose ethnicity is not known": COUNT, "All staff": COUNT,
                  "Share whose ethnicity is not known": 3},
        notes=("groups",),
    )


# --- (d) trend ------------------------------------------------------------------------

def trend_table(rows: pd.DataFrame, participation: pd.DataFrame, year: int, threshold: int) -> DataTable:
    """Minoritised staff, all services: each year's national relative likelihoods."""
    pooled = {int(y): int(n) for y, n in zip(participation["year"], participation["authorities_pooled"])}
    years = sorted(y for y in set(rows.loc[rows["scope"] == codes.NATIONAL, "year"].tolist()) if y <= year)
    columns = ["Year", "Authorities pooled", "Indicator", "Indicator name", "Pay band",
               "Relative likelihood", "Lower 95% limit", "Upper 95% limit", "Assessment"]
    records = []
    for y in years:
        disclosure = national_disclosure(rows, y, threshold)
        chosen = rows[(rows["year"] == y) & (rows["scope"] == codes.NATIONAL) & (rows["measure"] == RL)
                      & (rows["service"] == codes.ALL_SERVICES) & (rows["group"] == codes.MINORITISED)]
        chosen = chosen[(chosen["indicator"] != "1") | chosen["breakdown"].isin(REPORTING_BANDS)]
        chosen = ordered(chosen, indicator=("1", *RL_INDICATORS), breakdown=("", *REPORTING_BANDS))
        text = published_text(chosen, disclosure, threshold)
        for _, row in text.iterrows():
            records.append({
                "Year": str(y),
                "Authorities pooled": str(pooled[y]) if y in pooled else NOT_AVAILABLE,
                **rl_band_cells(row),
            })
    return DataTable(
        name="trend",
        sheet="Trend",
        title=f"National relative likelihoods for minoritised staff by year, England, {years[0]} to {year}"
        if years and years[0] != year else f"National relative likelihoods for minoritised staff, England, {year}",
        subtitles=(
            "All services. Each year pools the authorities that returned data that year, so the "
            "authorities behind the figures change from year to year $$trend$$$$relative_likelihood$$",
        ),
        frame=text_frame(records, columns),
        decimals={"Year": COUNT, "Authorities pooled": COUNT, "Relative likelihood": 2,
                  "Lower 95% limit": 2, "Upper 95% limit": 2},
        notes=("trend", "relative_likelihood"),
        no_separators=("Year",),
    )


# --- (e) headcount by pay band and group ------------------------------------------------

HEADCOUNT_HEADERS = {
    "white": "White", "mixed": "Mixed", "asian": "Asian", "black": "Black",
    "other": "Other ethnic group", KNOWN: "Total (known ethnicity)",
}


def headcount_table(disclosure: NationalDisclosure, year: int) -> DataTable:
    """Staff of known ethnicity by pay band and ethnic group, with totals, [c] where withheld."""
    counts, hidden = disclosure.headcount, disclosure.headcount_hidden
    records = []
    for band in counts.index:
        record = {"Pay band": "All pay bands" if band == HEADCOUNT_TOTAL else registry.BAND_LABELS[band]}
        for column in counts.columns:
            record[HEADCOUNT_HEADERS[column]] = render_gss(int(counts.loc[band, column]),
                                                           suppressed=bool(hidden.loc[band, column]))
        records.append(record)
    columns = ["Pay band", *(HEADCOUNT_HEADERS[c] for c in counts.columns)]
    return DataTable(
        name="headcount",
        sheet="Headcount",
        title=f"Staff of known ethnicity by pay band and ethnic group, all services, England, {year}",
        subtitles=(
            "Headcount at the snapshot date; staff whose ethnicity is not known are left out "
            "$$groups$$$$pay_bands$$",
            "Small counts are withheld, and so are enough other cells that none can be worked "
            "out from the totals $$suppression$$",
        ),
        frame=text_frame(records, columns),
        decimals={HEADCOUNT_HEADERS[c]: COUNT for c in counts.columns},
        notes=("groups", "pay_bands", "suppression"),
    )
