"""Rules that compare counts across rows and tables, and the warnings that do not block.

They run on the cells that parsed. A rule that compares with the workforce runs only
when the workforce table was complete, so a bad workforce cell gives one error, not a
cascade of misleading "more than the headcount" errors elsewhere.
"""

from __future__ import annotations

from scwres_helpers import codes, registry
from scwres_helpers.intake.problems import ERROR, WARNING, Problem
from scwres_helpers.intake.tables import ParsedTable
from scwres_helpers.returns import AuthorityReturn

UNKNOWN_SHARE_WARNING = 0.10
TENFOLD = 10

# Event tables whose count is a number of people in the workforce of that service and
# ethnicity (the event indicators whose people at risk are the workforce); "regulated"
# means only workforce rows with regulated = yes count.
_WITHIN_HEADCOUNT = {
    i.table: (i.outcome, i.at_risk == "regulated_headcount")
    for i in registry.event_indicators() if i.at_risk in ("headcount", "regulated_headcount")
}
_UNKNOWN = tuple(e for e, g in codes.ETHNICITY_GROUP.items() if g == codes.UNKNOWN_GROUP)


def cross_table_problems(tables: dict[str, ParsedTable], authority: str | None) -> list[Problem]:
    """Every cross-row and cross-table error, table by table in the spec's order."""
    problems: list[Problem] = []
    workforce = tables.get("workforce")
    services = None
    heads: dict[bool, dict[tuple[str, str], int]] = {}
    if workforce is not None and workforce.complete:
        services = set(workforce.values["service"])
        heads = {regulated_only: headcount_by_service_ethnicity(workforce.values, regulated_only)
                 for regulated_only in (False, True)}
    for name in codes.DATA_TABLES:
        table = tables.get(name)
        if table is None or name == "workforce":
            continue
        if services is not None:
            problems.extend(_services_absent_from_workforce(table, services, authority))
        if name == "recruitment":
            problems.extend(_not_more_than(table, "appointed", "shortlisted", authority,
                                           "everyone appointed must have been shortlisted"))
        elif name == "survey":
            problems.extend(_not_more_than(table, "experienced", "respondents", authority,
                                           "only people who answered can have experienced it"))
        elif services is not None and name in _WITHIN_HEADCOUNT:
            column, regulated_only = _WITHIN_HEADCOUNT[name]
            problems.extend(_within_headcount(table, column, heads[regulated_only], services,
                                              regulated_only, authority))
    return problems


def _services_absent_from_workforce(table: ParsedTable, services: set[str], authority) -> list[Problem]:
    """One error per service that has rows here but no workforce, at its first row."""
    first_row: dict[str, int] = {}
    for row, service in enumerate(table.values["service"]):
        if service is not None and service not in first_row:
            first_row[service] = row
    return [
        table.problem(
            ERROR,
            f"the {table.name} table has {service} rows but the workforce table has no "
            f"{service} staff; add the {service} workforce, or leave {service} out of every "
            "table if you do not return that service",
            row=first_row[service], column="service", authority=authority)
        for service in codes.SERVICES
        if service not in services and service in first_row
    ]


def _not_more_than(table: ParsedTable, part: str, whole: str, authority, why: str) -> list[Problem]:
    parts, wholes = table.values[part], table.values[whole]
    return [
        table.problem(ERROR, f"{part} ({parts[row]}) is more than {whole} "
                      f"({wholes[row]}); {why}, so check both counts",
                      row=row, column=part, authority=authority)
        for row in table.rows_with(part, whole)
        if parts[row] > wholes[row]
    ]


def headcount_by_service_ethnicity(workforce, regulated_only: bool) -> dict[tuple[str, str], int]:
    """Headcount summed over bands and roles; ``workforce`` maps column names to values.

    A DataFrame or ``ParsedTable.values`` (a dict of lists) both work.
    """
    heads: dict[tuple[str, str], int] = {}
    rows = zip(workforce["service"], workforce["ethnicity"], workforce["regulated"],
               workforce["headcount"], strict=True)
    for service, ethnicity, regulated, headcount in rows:
        if regulated_only and regulated != "yes":
            continue
        key = (service, ethnicity)
        heads[key] = heads.get(key, 0) + int(headcount)
    return heads


def _within_headcount(table: ParsedTable, column: str, heads: dict[tuple[str, str], int],
                      services: set[str], regulated_only: bool, authority) -> list[Problem]:
    what = "regulated workforce headcount" if regulated_only else "workforce headcount"
    service_of, ethnicity_of, count_of = (table.values[c] for c in ("service", "ethnicity", column))
    problems = []
    for row in table.rows_with("service", "ethnicity", column):
        service, ethnicity, count = service_of[row], ethnicity_of[row], count_of[row]
        if service not in services:
            continue  # already reported: the service is absent from the workforce
        headcount = heads.get((service, ethnicity), 0)
        if count > headcount:
            problems.append(table.problem(
                ERROR,
                f"{column} ({count}) is more than the {what} for {service}, {ethnicity} "
                f"({headcount}); it counts people in that workforce, so check this count "
                "and the workforce table",
                row=row, column=column, authority=authority))
    return problems


# ---------------------------------------------------------------- warnings

def unknown_ethnicity_warning(workforce: ParsedTable, authority) -> list[Problem]:
    """More than 10% of the headcount with ethnicity not_known or prefer_not_to_say."""
    if not workforce.complete:
        return []
    values = workforce.values
    total = sum(values["headcount"])
    unknown = sum(h for e, h in zip(values["ethnicity"], values["headcount"], strict=True)
                  if e in _UNKNOWN)
    if total == 0 or unknown * 10 <= total:  # integer test: exactly 10% does not warn
        return []
    return [workforce.problem(
        WARNING,
        f"{unknown} of {total} staff ({unknown / total:.1%}) have ethnicity not_known or "
        "prefer_not_to_say, more than 10%; the comparisons leave them out, so check "
        "whether your records hold their ethnicity", authority=authority)]


def tenfold_warnings(tables: dict[str, ParsedTable], previous: AuthorityReturn | None, authority) -> list[Problem]:
    """A count column whose table total changed more than tenfold since last year's return."""
    if previous is None:
        return []
    problems = []
    for name in codes.DATA_TABLES:
        table, before = tables.get(name), previous.tables.get(name)
        if table is None or not table.complete or before is None:
            continue
        for column in codes.TABLE_COUNTS[name]:
            now, then = sum(table.values[column]), int(before[column].sum())
            if now > 0 and then > 0 and (now > TENFOLD * then or then > TENFOLD * now):
                problems.append(table.problem(
                    WARNING,
                    f"the total {column} in the {name} table changed more than tenfold since "
                    f"last year's return ({previous.year}: {then}; now: {now}); check for a "
                    "typing error or a change in what was counted",
                    column=column, authority=authority))
    return problems
