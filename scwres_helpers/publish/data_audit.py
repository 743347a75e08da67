"""The disclosure audit of a year's published data tables, read as a reader reads them.

Suppression (``disclosure.national_tables``) decides what to withhold; this module checks
what was actually written, sharing none of its logic. It reads every count cell of the
national tables back from their text (a number, or ``[c]``), names the count it shows
with a key ``(quantity, service, band, group)`` from the registry's count fields, takes
each count's true value from the year's national rows, states every sum a reader knows
(the four groups make up ``minoritised``; adult and children make up all services; pay
bands make up the reporting bands and the headcount; known ethnicity is white plus
minoritised; all staff are the unknown plus the known; the people without an outcome are
the people at risk minus those with it), and hands the lot to ``disclosure.audit``, which
bounds every withheld count by linear and integer programming.

Two further rules, which the linear audit cannot see:

- a figure computed from counts (a rate, relative likelihood, interval, share, percentage
  or gap) may be shown only where every count it is computed from is known to the reader
  (shown somewhere, or worked out exactly from what is shown): otherwise the figure
  would give the withheld count away;
- a count shown in two places shows the same number.

``audit_data_tables`` returns the findings; ``check_data_tables`` raises when there is
any, so the build stops before a disclosive table is published.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from scwres_helpers import codes, registry
from scwres_helpers.disclosure.audit import AuditResult, DisclosureAuditError, PublishedSet, audit
from scwres_helpers.disclosure.shorthand import CONFIDENTIAL, is_missing
from scwres_helpers.publish.data_sheets import DataTable
from scwres_helpers.report.wording import GROUP_LABELS, SERVICE_LABELS

Key = tuple[str, str, str, str]  # (quantity, service, band, group)

WHITE = codes.REFERENCE_GROUP
KNOWN = "known"
UNKNOWN_STAFF = "unknown_headcount"
ALL_STAFF = "total_headcount"
HEADCOUNT = "headcount"
BAND_HEADCOUNT = "band_headcount"

_SERVICE = {label: code for code, label in SERVICE_LABELS.items()}
_GROUP = {label: code for code, label in GROUP_LABELS.items()}
_BAND = {label: code for code, label in registry.BAND_LABELS.items()}
_HEADCOUNT_COLUMNS = {"White": WHITE, "Mixed": "mixed", "Asian": "asian", "Black": "black",
                      "Other ethnic group": "other", "Total (known ethnicity)": KNOWN}


@dataclass(frozen=True)
class DataAudit:
    """The linear audit, and the rules it cannot see, over one year's tables."""

    year: int
    linear: AuditResult
    derived_without_counts: tuple[str, ...]  # "table: row: figure needs withheld key"
    disagreements: tuple[str, ...]  # a count shown with different numbers

    @property
    def passed(self) -> bool:
        return self.linear.passed and not self.derived_without_counts and not self.disagreements

    def describe(self) -> list[str]:
        lines = [f"{f.rule}: {f.key} is {f.value}, a reader can narrow it to {f.lower:g} to {f.upper:g}"
                 for f in self.linear.findings]
        return lines + list(self.derived_without_counts) + list(self.disagreements)


def true_counts(rows: pd.DataFrame, year: int) -> dict[Key, int]:
    """Every count behind the year's national figures, under the audit's keys."""
    national = rows[(rows["scope"] == codes.NATIONAL) & (rows["year"] == year)]
    values: dict[Key, int] = {}

    def put(key: Key, value: object) -> None:
        if not is_missing(value):
            values[key] = int(value)

    for row in national.to_dict("records"):
        indicator, measure = str(row["indicator"]), str(row["measure"])
        service, group, band = str(row["service"]), str(row["group"]), str(row["breakdown"])
        if indicator == codes.DATA_QUALITY_INDICATOR:
            put((UNKNOWN_STAFF, service, "", ""), row["numerator_group"])
            put((ALL_STAFF, service, "", ""), row["denominator_group"])
            continue
        record = registry.indicator(indicator)
        put((record.outcome, service, band, group), row["numerator_group"])
        put((record.outcome, service, band, WHITE), row["numerator_white"])
        if measure in (registry.RL, "percent_experienced"):
            put((record.at_risk, service, "", group), row["denominator_group"])
            put((record.at_risk, service, "", WHITE), row["denominator_white"])
    for (quantity, service, band, group), value in list(values.items()):
        if quantity in (HEADCOUNT, BAND_HEADCOUNT) and group == WHITE:
            minoritised = values.get((quantity, service, band, codes.MINORITISED))
            if minoritised is not None:
                values[(quantity, service, band, KNOWN)] = value + minoritised
    return values


@dataclass
class _Reading:
    """What the tables show: each count's shown numbers, and the figures that need counts."""

    shown: dict[Key, set[int]]
    cells: set[Key]  # every count with a cell, shown or [c]
    needs: list[tuple[str, tuple[Key, ...]]]  # (where, the counts a shown figure is computed from)

    def count(self, key: Key, text: str) -> None:
        self.cells.add(key)
        if text != CONFIDENTIAL and not text.startswith("["):
            self.shown.setdefault(key, set()).add(int(text.replace(",", "")))

    def figure(self, where: str, text: str, keys: Iterable[Key]) -> None:
        if not text.startswith("["):
            self.needs.append((where, tuple(keys)))


def _read_indicators(table: pd.DataFrame, reading: _Reading) -> None:
    for position, row in table.iterrows():
        record = registry.indicator(str(row["Indicator"]))
        service, group = _SERVICE[row["Service"]], _GROUP[row["Ethnic group"]]
        keys = {
            "Group: number counted": (record.at_risk, service, "", group),
            "Group: number with the outcome": (record.outcome, service, "", group),
            "White: number counted": (record.at_risk, service, "", WHITE),
            "White: number with the outcome": (record.outcome, service, "", WHITE),
        }
        for column, key in keys.items():
            reading.count(key, row[column])
        for column in ("Group: rate", "Relative likelihood", "Lower 95% limit", "Upper 95% limit"):
            reading.figure(f"national_indicators row {position + 1} {column}", row[column], keys.values())
        white = [keys["White: number counted"], keys["White: number with the outcome"]]
        reading.figure(f"national_indicators row {position + 1} White: rate", row["White: rate"], white)


def _read_pay_bands(table: pd.DataFrame, reading: _Reading) -> None:
    for position, row in table.iterrows():
        band, group = _BAND[row["Pay band"]], _GROUP[row["Ethnic group"]]
        group_key = (BAND_HEADCOUNT, codes.ALL_SERVICES, band, group)
        white_key = (BAND_HEADCOUNT, codes.ALL_SERVICES, band, WHITE)
        reading.count(group_key, row["Group: staff in the band"])
        reading.count(white_key, row["White: staff in the band"])
        where = f"pay_bands row {position + 1}"
        for column in ("Group's share of the band", "Share: lower 95% limit", "Share: upper 95% limit"):
            reading.figure(f"{where} {column}", row[column], (group_key, white_key))
        rl_keys = (group_key, white_key, (HEADCOUNT, codes.ALL_SERVICES, "", group),
                   (HEADCOUNT, codes.ALL_SERVICES, "", WHITE))
        for column in ("Relative likelihood of being in the band", "Lower 95% limit", "Upper 95% limit"):
            reading.figure(f"{where} {column}", row[column], rl_keys)


def _read_survey(table: pd.DataFrame, reading: _Reading) -> None:
    for position, row in table.iterrows():
        record = registry.indicator(str(row["Indicator"]))
        service, group = _SERVICE[row["Service"]], _GROUP[row["Ethnic group"]]
        group_keys = ((record.at_risk, service, "", group), (record.outcome, service, "", group))
        white_keys = ((record.at_risk, service, "", WHITE), (record.outcome, service, "", WHITE))
        reading.count(group_keys[0], row["Group: respondents"])
        reading.count(group_keys[1], row["Group: reported harassment, bullying or abuse"])
        reading.count(white_keys[0], row["White: respondents"])
        reading.count(white_keys[1], row["White: reported harassment, bullying or abuse"])
        for column in ("Group: percentage", "Lower 95% limit", "Upper 95% limit"):
            reading.figure(f"survey row {position + 1} {column}", row[column], group_keys)
        reading.figure(f"survey row {position + 1} White: percentage", row["White: percentage"], white_keys)


def _read_headcount(table: pd.DataFrame, reading: _Reading) -> None:
    for _, row in table.iterrows():
        label = row["Pay band"]
        quantity, band = (HEADCOUNT, "") if label == "All pay bands" else (BAND_HEADCOUNT, _BAND[label])
        for column, group in _HEADCOUNT_COLUMNS.items():
            reading.count((quantity, codes.ALL_SERVICES, band, group), row[column])


def _read_senior(table: pd.DataFrame, reading: _Reading) -> None:
    senior = registry.indicator("9").outcome
    for position, row in table.iterrows():
        service, group = _SERVICE[row["Service"]], _GROUP[row["Ethnic group"]]
        keys = ((senior, service, "", group), (senior, service, "", WHITE))
        reading.count(keys[0], row["Group: senior managers"])
        reading.count(keys[1], row["White: senior managers"])
        where = f"senior_managers row {position + 1}"
        for column in ("Group's share of senior managers", "Lower 95% limit", "Upper 95% limit"):
            reading.figure(f"{where} {column}", row[column], keys)
        gap_keys = (*keys, (HEADCOUNT, service, "", group), (HEADCOUNT, service, "", WHITE))
        reading.figure(f"{where} gap", row["Gap with the group's share of all staff (percentage points)"], gap_keys)


def _read_data_quality(table: pd.DataFrame, reading: _Reading) -> None:
    for position, row in table.iterrows():
        service = _SERVICE[row["Service"]]
        keys = ((UNKNOWN_STAFF, service, "", ""), (ALL_STAFF, service, "", ""))
        reading.count(keys[0], row["Staff whose ethnicity is not known"])
        reading.count(keys[1], row["All staff"])
        reading.figure(f"data_quality row {position + 1}", row["Share whose ethnicity is not known"], keys)


def _read_trend(table: pd.DataFrame, year: int, reading: _Reading) -> None:
    """The report year's rows of the trend table repeat figures of the indicators and pay-band
    tables: each needs its counts like those do (earlier years are their own years' audits)."""
    for position, row in table.iterrows():
        if row["Year"] != str(year):
            continue
        indicator = str(row["Indicator"])
        record = registry.indicator(indicator)
        if indicator == "1":
            band = _BAND[row["Pay band"]]
            keys = [(BAND_HEADCOUNT, codes.ALL_SERVICES, band, g) for g in (codes.MINORITISED, WHITE)]
            keys += [(HEADCOUNT, codes.ALL_SERVICES, "", g) for g in (codes.MINORITISED, WHITE)]
        else:
            keys = [(q, codes.ALL_SERVICES, "", g) for q in (record.outcome, record.at_risk)
                    for g in (codes.MINORITISED, WHITE)]
        for column in ("Relative likelihood", "Lower 95% limit", "Upper 95% limit"):
            reading.figure(f"trend row {position + 1} {column}", row[column], keys)


def _read_tables(tables: Iterable[DataTable], year: int) -> _Reading:
    reading = _Reading({}, set(), [])
    readers = {"national_indicators": _read_indicators, "pay_bands": _read_pay_bands, "survey": _read_survey,
               "headcount": _read_headcount, "senior_managers": _read_senior, "data_quality": _read_data_quality}
    for table in tables:
        frame = table.frame.reset_index(drop=True)
        if table.name in readers:
            readers[table.name](frame, reading)
        elif table.name == "trend":
            _read_trend(frame, year, reading)
        # distribution and authority_values hold no national count
    return reading


def _relations(published: PublishedSet) -> None:
    """Every sum a reader of the tables knows, over the counts registered."""
    values = published.values

    def add(total: Key, parts: list[Key]) -> None:
        if total in values and parts and all(p in values for p in parts):
            published.relation(total, parts)

    families = sorted({(k[0], k[2]) for k in values})
    for quantity, band in families:
        for service in codes.REPORTING_SERVICES:
            add((quantity, service, band, codes.MINORITISED),
                [(quantity, service, band, g) for g in codes.MINORITISED_GROUPS])
        for group in (*codes.COMPARED_GROUPS, WHITE, KNOWN, ""):
            add((quantity, codes.ALL_SERVICES, band, group),
                [(quantity, s, band, group) for s in codes.SERVICES])
    for service in codes.REPORTING_SERVICES:
        for group in (*codes.COMPARED_GROUPS, WHITE, KNOWN):
            for wide, bands in codes.REPORTING_BANDS.items():
                add((BAND_HEADCOUNT, service, wide, group), [(BAND_HEADCOUNT, service, b, group) for b in bands])
            add((HEADCOUNT, service, "", group), [(BAND_HEADCOUNT, service, b, group) for b in codes.PAY_BANDS])
        for quantity, band in [(HEADCOUNT, ""), *((BAND_HEADCOUNT, b) for b in codes.PAY_BANDS)]:
            add((quantity, service, band, KNOWN), [(quantity, service, band, g) for g in (codes.MINORITISED, WHITE)])
        add((ALL_STAFF, service, "", ""), [(UNKNOWN_STAFF, service, "", ""), (HEADCOUNT, service, "", KNOWN)])
    for record in registry.indicators():
        if record.at_risk == record.outcome:
            continue
        for (quantity, service, band, group) in list(values):
            at_risk = (record.at_risk, service, "", group)
            if quantity == record.outcome and at_risk in values:
                without = (f"not_{record.outcome}", service, band, group)
                if without not in values:
                    published.complement(without, at_risk, (quantity, service, band, group))


def audit_data_tables(tables: Iterable[DataTable], rows: pd.DataFrame, year: int, threshold: int) -> DataAudit:
    """Audit every published national table of YEAR together (ROWS: the indicators table)."""
    tables = list(tables)
    truth = true_counts(rows, year)
    reading = _read_tables(tables, year)
    disagreements = [f"{key} is shown as {sorted(numbers)} but is {truth.get(key)}"
                     for key, numbers in sorted(reading.shown.items())
                     if len(numbers) > 1 or truth.get(key) not in numbers]
    missing = sorted(k for k in reading.cells | {k for _, keys in reading.needs for k in keys} if k not in truth)
    if missing:
        raise ValueError(f"the tables show counts the national rows do not have: {missing[:3]}")
    published = PublishedSet()
    for key in sorted(truth):
        published.quantity(key, truth[key], published=key in reading.shown)
    _relations(published)
    linear = audit(published, threshold)
    known = set(published.published) | {k for k, (low, high) in linear.bounds.items() if low == high}
    derived = [f"{where} is shown but is computed from the withheld count {key}"
               for where, keys in reading.needs for key in keys if key not in known]
    return DataAudit(year, linear, tuple(dict.fromkeys(derived)), tuple(disagreements))


def check_data_tables(tables: Iterable[DataTable], rows: pd.DataFrame, year: int, threshold: int) -> DataAudit:
    """``audit_data_tables``, raising ``DisclosureAuditError`` (the first findings named) when it fails."""
    result = audit_data_tables(tables, rows, year, threshold)
    if not result.passed:
        lines = result.describe()
        more = f" (and {len(lines) - 5} more)" if len(lines) > 5 else ""
        raise DisclosureAuditError(
            f"the disclosure audit of the {year} data tables failed: " + "; ".join(lines[:5]) + more
        )
    return result
