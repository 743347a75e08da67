"""An independent calculation of the indicators table, from the return files and the words of the spec.

The back test (``test_pipeline.py``) compares the pipeline's table with the checked-in
tables in ``tests/expected/``; those tables are written by this module, never by the
code under test. It shares nothing with ``scwres_helpers.indicators`` or
``scwres_helpers.disclosure``: returns are read with the plain reader of the sample-data
tests (pandas and openpyxl), the ethnic groups, bands and survey sources are typed in
from indicators.md, and every row is worked one at a time with the ``math`` module,
following indicators.md and indicators-table.md line by line (Katz, adjusted-log for
zero events, Wilson, flags, assessment, and the complement rule of disclosure control).

Regenerate the expected tables (after a deliberate change to the contract) with

    .venv/bin/python tests/independent_indicators.py

and review the diff before committing it.
"""

from __future__ import annotations

import math
import sys
from collections import defaultdict
from pathlib import Path

TESTS = Path(__file__).resolve().parent
if str(TESTS) not in sys.path:  # run as a script: make the sibling test packages importable
    sys.path.insert(0, str(TESTS))

from sample_data.plain_returns import canonical_tables, read_raw_tables, return_paths  # noqa: E402

PROJ_ROOT = TESTS.parent
SAMPLE_RETURNS = PROJ_ROOT / "data" / "sample_returns"
EXPECTED = TESTS / "expected"
YEARS = (2022, 2023, 2024)

# indicators.md, "Ethnic groups" (category -> high-level group); unknown is left out.
GROUP_OF = {
    **dict.fromkeys(("white_british", "white_irish", "white_gypsy_traveller", "white_roma", "white_other"), "white"),
    **dict.fromkeys(("mixed_white_black_caribbean", "mixed_white_black_african", "mixed_white_asian",
                     "mixed_other"), "mixed"),
    **dict.fromkeys(("asian_indian", "asian_pakistani", "asian_bangladeshi", "asian_chinese", "asian_other"),
                    "asian"),
    **dict.fromkeys(("black_african", "black_caribbean", "black_other"), "black"),
    **dict.fromkeys(("other_arab", "other_any"), "other"),
    **dict.fromkeys(("not_known", "prefer_not_to_say"), "unknown"),
}
COMPARED = ("minoritised", "asian", "black", "mixed", "other")
MINORITISED = ("asian", "black", "mixed", "other")
SERVICES = ("adult", "children")
BANDS = ("under_20k", "20k_to_29k", "30k_to_39k", "40k_to_49k", "50k_to_59k", "60k_to_69k", "70k_plus")
WIDER_BANDS = {"below_30k": BANDS[:2], "30k_to_69k": BANDS[2:6]}
# indicator -> (table, outcome column, at-risk count): indicators 2, 3, 4, 5, 8
EVENTS = {
    "2": ("recruitment", "appointed", "shortlisted"),
    "3": ("disciplinary", "entered_formal_process", "headcount"),
    "4": ("fitness_to_practise", "referred", "regulated"),
    "5": ("cpd", "accessed_funded_cpd", "headcount"),
    "8": ("leavers", "leavers", "headcount"),
}
SURVEY = {"6": "public", "7a": "colleagues", "7b": "managers"}
Z = 1.959964
THRESHOLD = 5
COLUMNS = ("year", "scope", "authority_code", "service", "group", "indicator", "breakdown", "measure",
           "numerator_group", "denominator_group", "numerator_white", "denominator_white", "rate_group",
           "rate_white", "value", "ci_lower", "ci_upper", "assessment", "flag", "suppressed")

Tally = dict[tuple[str, str, str], int]  # (service, high-level group, count name) -> count


# --- reading: one tally of counts per return ------------------------------------------------

def tally_return(path: Path) -> tuple[str, set[str], set[str], Tally]:
    """(authority code, services returned, services the survey covered, counts)."""
    tables = canonical_tables(read_raw_tables(path))
    about = {f.strip(): v.strip() for f, v in zip(tables["about"]["field"], tables["about"]["value"])}
    counts: Tally = defaultdict(int)
    workforce = tables["workforce"]
    services = set(workforce["service"])
    for r in workforce.itertuples(index=False):
        group, n = GROUP_OF[r.ethnicity], int(r.headcount)
        counts[r.service, group, "headcount"] += n
        counts[r.service, group, f"band {r.pay_band}"] += n
        if r.senior_manager == "yes":
            counts[r.service, group, "senior"] += n
        if r.regulated == "yes":
            counts[r.service, group, "regulated"] += n
    for table, outcome, at_risk in EVENTS.values():
        frame = tables.get(table)
        if frame is None:
            continue
        for r in frame.to_dict("records"):
            group = GROUP_OF[r["ethnicity"]]
            counts[r["service"], group, outcome] += int(r[outcome])
            if table == "recruitment":
                counts[r["service"], group, at_risk] += int(r[at_risk])
    surveyed: set[str] = set()
    survey = tables.get("survey")
    if survey is not None:
        for r in survey.itertuples(index=False):
            group = GROUP_OF[r.ethnicity]
            counts[r.service, group, f"respondents {r.source}"] += int(r.respondents)
            counts[r.service, group, f"experienced {r.source}"] += int(r.experienced)
            surveyed.add(r.service)
    return about["authority_code"], services, surveyed & services, counts


def count(tally: Tally, services: tuple[str, ...], group: str, name: str) -> int:
    """A count summed over services (``all`` pools both) and, for minoritised, the four groups."""
    groups = MINORITISED if group == "minoritised" else (group,)
    if name in WIDER_BANDS:
        return sum(count(tally, services, group, f"band {b}") for b in WIDER_BANDS[name])
    return sum(tally.get((s, g, name), 0) for s in services for g in groups)


# --- the arithmetic of one row ----------------------------------------------------------------

def katz(a_g: float, n_g: float, a_w: float, n_w: float) -> tuple[float, float]:
    rl = (a_g / n_g) / (a_w / n_w)
    se = math.sqrt(1 / a_g - 1 / n_g + 1 / a_w - 1 / n_w)
    return math.exp(math.log(rl) - Z * se), math.exp(math.log(rl) + Z * se)


def wilson(x: int, n: int) -> tuple[float, float]:
    p = x / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n)
    # the exact bounds at the ends are 0 and 1; elsewhere keep within [0, 1]
    lower = 0.0 if x == 0 else min(max(centre - half, 0.0), 1.0)
    upper = 1.0 if x == n else min(max(centre + half, 0.0), 1.0)
    return lower, upper


def suppressed(a_g: int | None, n_g: int | None, a_w: int | None, n_w: int | None) -> bool:
    """indicators.md: any count, or n_g - a_g or n_w - a_w, from 1 to THRESHOLD - 1."""
    judged = [a_g, n_g, a_w, n_w]
    if a_g is not None and n_g is not None:
        judged.append(n_g - a_g)
    if a_w is not None and n_w is not None:
        judged.append(n_w - a_w)
    return any(c is not None and 1 <= c <= THRESHOLD - 1 for c in judged)


def rl_row(a_g: int, n_g: int, a_w: int, n_w: int) -> dict:
    row = dict(numerator_group=a_g, denominator_group=n_g, numerator_white=a_w, denominator_white=n_w,
               rate_group=a_g / n_g if n_g else None, rate_white=a_w / n_w if n_w else None,
               value=None, ci_lower=None, ci_upper=None, flag="")
    if n_g == 0 or n_w == 0:
        row["flag"] = "no_denominator"
    elif a_w == 0:
        row["flag"] = "reference_zero"
    elif a_g == 0:
        row["flag"] = "zero_events"
        row["value"] = 0.0
        row["ci_lower"], row["ci_upper"] = katz(a_g + 0.5, n_g + 0.5, a_w + 0.5, n_w + 0.5)
    else:
        row["value"] = (a_g / n_g) / (a_w / n_w)
        row["ci_lower"], row["ci_upper"] = katz(a_g, n_g, a_w, n_w)
    if row["ci_lower"] is None:
        row["assessment"] = "not_assessed"
    elif row["ci_lower"] > 1:
        row["assessment"] = "more_likely"
    elif row["ci_upper"] < 1:
        row["assessment"] = "less_likely"
    else:
        row["assessment"] = "no_clear_difference"
    return row


def share_row(x: int, w: int) -> dict:
    total = x + w
    row = dict(numerator_group=x, denominator_group=total, numerator_white=w, denominator_white=total,
               assessment="", flag="" if total else "no_denominator")
    if total:
        row.update(rate_group=x / total, rate_white=w / total, value=x / total)
        row["ci_lower"], row["ci_upper"] = wilson(x, total)
    return row


def percent_row(a_g: int, n_g: int, a_w: int, n_w: int) -> dict:
    row = dict(numerator_group=a_g, denominator_group=n_g, numerator_white=a_w, denominator_white=n_w,
               rate_white=100 * a_w / n_w if n_w else None, assessment="", flag="" if n_g else "no_denominator")
    if n_g:
        lower, upper = wilson(a_g, n_g)
        row.update(rate_group=100 * a_g / n_g, value=100 * a_g / n_g, ci_lower=100 * lower, ci_upper=100 * upper)
    return row


def gap_row(x_senior: int, w_senior: int, x_all: int, w_all: int) -> dict:
    senior, everyone = x_senior + w_senior, x_all + w_all
    row = dict(numerator_group=x_senior, denominator_group=senior, numerator_white=w_senior,
               denominator_white=senior, assessment="", flag="")
    if senior and everyone:
        row["value"] = 100 * (x_senior / senior - x_all / everyone)
    else:
        row["flag"] = "no_denominator"
    return row


# --- the table ----------------------------------------------------------------------------------

def rows_for(tally: Tally, service: str, surveyed: bool) -> list[dict]:
    """Every row of one (authority or national, service): indicators, groups, then DQ."""
    services = SERVICES if service == "all" else (service,)
    rows = []

    def c(group: str, name: str) -> int:
        return count(tally, services, group, name)

    for g in COMPARED:
        def add(indicator: str, measure: str, row: dict, breakdown: str = "") -> None:
            rows.append(dict(row, group=g, indicator=indicator, breakdown=breakdown, measure=measure))

        for band in (*BANDS, *WIDER_BANDS):
            name = band if band in WIDER_BANDS else f"band {band}"
            add("1", "share_minoritised", share_row(c(g, name), c("white", name)), band)
            add("1", "relative_likelihood",
                rl_row(c(g, name), c(g, "headcount"), c("white", name), c("white", "headcount")), band)
        for indicator, (_, outcome, at_risk) in EVENTS.items():
            add(indicator, "relative_likelihood",
                rl_row(c(g, outcome), c(g, at_risk), c("white", outcome), c("white", at_risk)))
        add("9", "share_minoritised", share_row(c(g, "senior"), c("white", "senior")))
        add("9", "relative_likelihood",
            rl_row(c(g, "senior"), c(g, "headcount"), c("white", "senior"), c("white", "headcount")))
        add("9", "gap_pp", gap_row(c(g, "senior"), c("white", "senior"), c(g, "headcount"),
                                    c("white", "headcount")))
        if surveyed:
            for indicator, source in SURVEY.items():
                counts = (c(g, f"experienced {source}"), c(g, f"respondents {source}"),
                          c("white", f"experienced {source}"), c("white", f"respondents {source}"))
                add(indicator, "relative_likelihood", rl_row(*counts))
                add(indicator, "percent_experienced", percent_row(*counts))
    unknown = sum(tally.get((s, "unknown", "headcount"), 0) for s in services)
    total = unknown + sum(c(g, "headcount") for g in ("white", *MINORITISED))
    rows.append(dict(group="", indicator="DQ", breakdown="", measure="share_unknown", numerator_group=unknown,
                     denominator_group=total, value=unknown / total if total else None, assessment="",
                     flag="" if total else "no_denominator"))
    return rows


def independent_table(year: int, root: Path = SAMPLE_RETURNS) -> list[dict]:
    """Every row of the year's indicators table, sorted as the contract says."""
    national: Tally = defaultdict(int)
    national_services: set[str] = set()
    national_surveyed: set[str] = set()
    rows = []
    for path in return_paths(root, year):
        code, services, surveyed, tally = tally_return(path)
        for key, n in tally.items():
            if key[0] in services:
                national[key] += n
        national_services |= services
        national_surveyed |= surveyed
        for service in (*sorted(services), "all"):
            scoped = dict(scope="authority", authority_code=code, service=service)
            rows += [dict(r, **scoped) for r in rows_for(tally, service, service in surveyed or
                                                        (service == "all" and bool(surveyed)))]
    for service in (*sorted(national_services), "all"):
        scoped = dict(scope="national", authority_code="national", service=service)
        rows += [dict(r, **scoped) for r in rows_for(national, service, service in national_surveyed or
                                                    (service == "all" and bool(national_surveyed)))]
    for r in rows:
        r["year"] = year
        r["suppressed"] = suppressed(*(r.get(k) for k in COLUMNS[8:12]))
    return sorted(rows, key=lambda r: tuple(r[k] for k in COLUMNS[1:8]))


def csv_text(rows: list[dict]) -> str:
    """indicators-table.md's CSV: floats with 15 significant digits, empty cells, true/false."""

    def cell(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, float):
            return format(value + 0.0, ".15g")
        return str(value)

    lines = [",".join(COLUMNS)] + [",".join(cell(r.get(k)) for k in COLUMNS) for r in rows]
    return "\n".join(lines) + "\n"


def main() -> None:
    for year in YEARS:
        path = EXPECTED / f"indicators_{year}.csv"
        path.write_text(csv_text(independent_table(year)), encoding="utf-8")
        print(f"wrote {path.relative_to(PROJ_ROOT)}")


if __name__ == "__main__":
    main()
