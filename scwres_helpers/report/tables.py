"""Report tables: rows of the indicators table as text cells with human headers.

Every cell is text, so a table shows exactly what the report says: relative
likelihoods to 2 decimals, percentages to 1, counts with separators, and GSS shorthand
where there is no number (``[c]`` suppressed, ``[x]`` cannot be calculated or not
returned, ``[z]`` does not exist for this kind of figure). ``formatting.gss_note``
gives the notes for the codes a table uses; each table records in ``frame.attrs``
why each of its ``[c]`` rows is withheld (``formatting.WITHHELD_ATTR``), so that its
note says the true reason: too few people, or so that a small number elsewhere
cannot be worked out.
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
    PAY_BANDS,
    REPORTING_BANDS,
    REPORTING_SERVICES,
    SERVICES,
)
from scwres_helpers.disclosure import withheld_reason
from scwres_helpers.indicators.select import (
    COMPLETE,
    NO_INTERVAL,
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
    mark_withheld,
)
from scwres_helpers.report.narrative import assessment_words
from scwres_helpers.report.phrases import say
from scwres_helpers.report.wording import GROUP_LABELS, SERVICE_LABELS

RL_HEADER = "Relative likelihood"
INTERVAL_HEADER = "95% interval"
ASSESSMENT_HEADER = "Assessment"
WHITE_RATE_HEADER = "White rate (%)"


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


def _white_key(row: pd.Series) -> tuple[int, int] | None:
    counts = (number_or_none(row["numerator_white"]), number_or_none(row["denominator_white"]))
    return None if None in counts else (int(counts[0]), int(counts[1]))  # type: ignore[arg-type]


def _white_rates_shown(rows: list[pd.Series | None]) -> dict[tuple[int, int], str]:
    """The white rate each shown row of a table prints, by its white counts.

    Every group of one indicator and service is compared with the same white staff, so a
    withheld row's white rate is often printed in the row above: hiding it there hides
    nothing, and a reader is left to wonder. A white rate is repeated in a withheld row
    only when a shown row of the same table prints it (same white counts); where every
    row is withheld (the white counts themselves may be small) it stays ``[c]``.
    """
    shown = {}
    for row in rows:
        if row is not None and row_state(row) != SUPPRESSED and (key := _white_key(row)) is not None:
            shown[key] = _rate_cell(row, "rate_white")
    return shown


def _detail_record(row: pd.Series | None, indicator: str,
                   white_shown: dict[tuple[int, int], str] | None = None) -> dict[str, str]:
    """Counts, rates, RL, interval and assessment of one RL row as table cells.

    WHITE_SHOWN: the white rates other rows of the table print (``_white_rates_shown``).
    """
    at_risk, outcome = registry.indicator(indicator).count_headers
    white = _rate_cell(row, "rate_white")
    if row is not None and row_state(row) == SUPPRESSED and white_shown:
        white = white_shown.get(_white_key(row) or (-1, -1), white)
    return {
        at_risk: _count_cell(row, "denominator_group"),
        outcome: _count_cell(row, "numerator_group"),
        "Rate (%)": _rate_cell(row, "rate_group"),
        WHITE_RATE_HEADER: white,
        RL_HEADER: _rl_value_cell(row),
        INTERVAL_HEADER: _interval_cell(row),
        ASSESSMENT_HEADER: _assessment_cell(row),
    }


def _detail_table(labelled: list[tuple[str, pd.Series | None]], first: str, indicator: str) -> pd.DataFrame:
    """One row per (label, RL row): the label under FIRST, then ``_detail_record``."""
    white_shown = _white_rates_shown([row for _, row in labelled])
    records = [{first: label, **_detail_record(row, indicator, white_shown)} for label, row in labelled]
    columns = [first, *_detail_record(None, indicator)]
    return mark_withheld(pd.DataFrame(records, columns=columns, dtype="str"), labelled)


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
    records, labelled = [], []
    for indicator in registry.headline_ids():
        row = single_row(chosen, indicator=indicator)
        label = _indicator_label(indicator)
        labelled.append((label, row))
        record = {
            "Indicator": label,
            RL_HEADER: _rl_value_cell(row),
            INTERVAL_HEADER: _interval_cell(row),
            ASSESSMENT_HEADER: _assessment_cell(row),
        }
        if national is not None:
            national_row = single_row(national, indicator=indicator)
            labelled.append((say("not_in_full.national", label=label), national_row))
            record[f"National {RL_HEADER.lower()}"] = _rl_value_cell(national_row)
        records.append(record)
    return mark_withheld(pd.DataFrame(records, dtype="str"), labelled)


def public_figures_table(rows: pd.DataFrame, figures: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    """An authority's public summary table: one row per (indicator, band) of FIGURES, its
    relative likelihood, interval and assessment in words (ROWS: ``indicators.public``'s,
    withheld ones already emptied)."""
    records, labelled = [], []
    for indicator, band in figures:
        row = single_row(rows, indicator=indicator, measure=RL, group=MINORITISED, service=ALL_SERVICES,
                         breakdown=band)
        label = _indicator_label(indicator) + (f" ({registry.BAND_LABELS[band]})" if band else "")
        labelled.append((label, row))
        records.append({
            "Indicator": label,
            RL_HEADER: _rl_value_cell(row),
            INTERVAL_HEADER: _interval_cell(row),
            ASSESSMENT_HEADER: _assessment_cell(row),
        })
    return mark_withheld(pd.DataFrame(records, dtype="str"), labelled)


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
    return _detail_table([(GROUP_LABELS[g], single_row(chosen, group=g)) for g in COMPARED_GROUPS],
                         "Ethnic group", indicator)


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
    return _detail_table([(SERVICE_LABELS[s], single_row(chosen, service=s)) for s in REPORTING_SERVICES],
                         "Service", indicator)


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
    return _detail_table([(str(int(row["year"])), row) for _, row in chosen.iterrows()], "Year", indicator)


def data_quality_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Staff whose ethnicity is not known, per service (the DQ / share_unknown rows)."""
    chosen = select(rows, indicator=DATA_QUALITY_INDICATOR, measure=SHARE_UNKNOWN)
    one_series(chosen)
    records, labelled = [], []
    for service in REPORTING_SERVICES:
        row = single_row(chosen, service=service)
        labelled.append((SERVICE_LABELS[service], row))
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
    return mark_withheld(pd.DataFrame(records, dtype="str"), labelled)


# --- what is not given in full --------------------------------------------------------

# Why a relative likelihood is not given in full, in the order the account lists them.
NOT_IN_FULL_REASONS = ("too_few", "protects_another", "reference_zero", "no_denominator", "no_interval")


def _not_in_full_reason(row: pd.Series) -> str | None:
    """Why the row is not given in full (one of ``NOT_IN_FULL_REASONS``); None when it is."""
    state = row_state(row)
    if state == SUPPRESSED:
        return withheld_reason(row)
    if state == NO_VALUE:
        return "reference_zero" if str(row["flag"]) == "reference_zero" else "no_denominator"
    if state == NO_INTERVAL:
        return "no_interval"
    return None


def _band_order(breakdown: str) -> tuple[int, int]:
    """Pay bands from the lowest: under £20,000 first, a wider band after the first band it
    starts with (under £30,000 after under £20,000), £70,000 or more last."""
    if not breakdown:
        return (-1, 0)
    members = REPORTING_BANDS.get(breakdown, (breakdown,))
    return (PAY_BANDS.index(members[0]), len(members))


def _where(services: set[str], both_services: bool) -> str:
    """'overall', 'in adult services', 'overall and in each service' ..."""
    if not both_services:  # one service returned: its rows are the overall rows
        services = {ALL_SERVICES}
    return say(f"not_in_full.where.{'_'.join(s for s in REPORTING_SERVICES if s in services)}")


def _which_figures(found: list[tuple[str, str, str]], both_services: bool) -> str:
    """The (breakdown, service, group) of one indicator's rows, in few words: per band, the
    groups with the same services together ('Asian and Black (overall and in each service)')."""
    parts = []
    for breakdown in sorted({b for b, _, _ in found}, key=_band_order):
        services_of: dict[str, set[str]] = {}
        for b, service, group in found:
            if b == breakdown:
                services_of.setdefault(group, set()).add(service)
        clauses: dict[tuple[str, ...], list[str]] = {}
        for group in COMPARED_GROUPS:
            if group in services_of:
                key = tuple(s for s in REPORTING_SERVICES if s in services_of[group])
                clauses.setdefault(key, []).append(GROUP_LABELS[group])
        figures = "; ".join(say("not_in_full.figures", groups=groups, where=_where(set(key), both_services))
                            for key, groups in clauses.items())
        parts.append(say("not_in_full.band", band=registry.words("1", breakdown).short, figures=figures)
                     if breakdown else figures)
    return ". ".join(parts)


def flag_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The relative likelihoods not given in full, as a short account: one row per reason
    and indicator, saying which figures (by pay band, ethnic group and service).

    Reasons, in this order: withheld because of too few people, withheld so that a small
    number elsewhere cannot be worked out, no value (no white staff had the outcome; no
    one at risk), no interval. An itemised list said the same thing once per figure (188
    rows, ten pages of an authority's report).
    """
    chosen = select(rows, measure=RL)
    one_series(chosen)
    present = set(chosen["service"])
    both_services = all(s in present for s in SERVICES)
    found: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for position in range(len(chosen)):
        row = chosen.iloc[position]
        reason = _not_in_full_reason(row)
        if reason is not None:
            found.setdefault((reason, str(row["indicator"])), []).append(
                (str(row["breakdown"]), str(row["service"]), str(row["group"])))
    order = {indicator: i for i, indicator in enumerate(registry.ids())}
    headers = {key: say(f"not_in_full.headers.{key}") for key in ("why", "indicator", "figures")}
    records = [
        {headers["why"]: say(f"not_in_full.reason.{reason}"),
         headers["indicator"]: _indicator_label(indicator),
         headers["figures"]: _which_figures(items, both_services)}
        for (reason, indicator), items in sorted(
            found.items(), key=lambda kv: (NOT_IN_FULL_REASONS.index(kv[0][0]), order[kv[0][1]]))
    ]
    return pd.DataFrame(records, columns=list(headers.values()), dtype="str")
