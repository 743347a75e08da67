"""The national page on places: indicators by region and by type of authority, how many
authorities had a clear adverse difference (with the year before), and the workforce
against the local population.

Each table pools the authorities of a region (or a type) as the national figure pools
them all: the counts of their relative-likelihood rows for minoritised staff in all
services are summed and the relative likelihood and its interval are worked out from the
sums. Disclosure control is the public one (``disclosure.place_tables``): small counts,
cells of fewer than three authorities and measures withheld nationally show ``[c]``,
with the further cells that protect them. Authorities are only counted, never named.
"""

from __future__ import annotations

import pandas as pd

from scwres_helpers import codes, registry
from scwres_helpers.actions.priorities import CANDIDATES
from scwres_helpers.bundles import NationalInputs
from scwres_helpers.disclosure.place_tables import COUNTS, MIN_AUTHORITIES, place_cells_withheld
from scwres_helpers.indicators import measures
from scwres_helpers.indicators.judgement import authority_assessment_counts
from scwres_helpers.indicators.population import compare_with_area, workforce_headcounts
from scwres_helpers.indicators.select import RL, select, single_row
from scwres_helpers.report.action_words import area_title
from scwres_helpers.report.blocks import Block, TableBlock
from scwres_helpers.report.formatting import (
    CONFIDENTIAL,
    NOT_AVAILABLE,
    format_count,
    format_interval,
    format_percent,
    format_rl,
)
from scwres_helpers.report.national_blocks import (
    NationalSettings,
    authorities_word,
    chapter_opening,
    heading,
    national_rows,
)
from scwres_helpers.report.phrases import say
from scwres_helpers.report.wording import group_noun

PAGE = "regions"
# The measures of the page: each indicator's relative likelihood for minoritised staff in
# all services that has an adverse direction (indicator 1: under £30,000 and £70,000 or more).
MEASURES: tuple[tuple[str, str], ...] = tuple(
    (indicator, band) for indicator, band in CANDIDATES if registry.adverse_direction(indicator, band))
BY_REGION = "region_name"
BY_TYPE = "authority_type_name"
PLACE_COLUMNS = {BY_REGION: "region", BY_TYPE: "type"}


def measure_label(indicator: str, breakdown: str) -> str:
    return f"{indicator}|{breakdown}"


def _quantities(indicator: str, breakdown: str) -> tuple[str, str]:
    """(people at risk, outcome): the names of the counts, shared by measures that share them."""
    found = registry.indicator(indicator)
    outcome = f"{found.outcome}_{breakdown}" if found.kind == registry.BANDS else found.outcome
    return found.at_risk, outcome


def place_rows(indicators: pd.DataFrame, places: pd.DataFrame, year: int) -> pd.DataFrame:
    """YEAR's authority rows of ``MEASURES`` with complete counts, each with its region and type
    (``Region not known`` / ``Type not known`` where the lookup has none)."""
    rows = select(indicators, year=year, scope="authority", measure=RL, group=codes.MINORITISED,
                  service=codes.ALL_SERVICES)
    wanted = {measure_label(i, b) for i, b in MEASURES}
    rows = rows.assign(measure_label=[measure_label(i, b) for i, b in zip(rows["indicator"], rows["breakdown"])])
    rows = rows[rows["measure_label"].isin(wanted)].dropna(subset=list(COUNTS))
    located = rows.merge(places[["authority_code", BY_REGION, BY_TYPE]], on="authority_code", how="left")
    located[BY_REGION] = located[BY_REGION].fillna("").replace("", say("national.places.region_unknown"))
    located[BY_TYPE] = located[BY_TYPE].fillna("").replace("", say("national.places.type_unknown"))
    return located


def pooled_by_place(rows: pd.DataFrame, by: str) -> pd.DataFrame:
    """One row per measure and place: how many authorities, the summed counts, and the names
    of the counts (``place_tables``'s input) with the pooled relative likelihood."""
    grouped = rows.groupby(["measure_label", "indicator", "breakdown", by], sort=True)
    pooled = grouped[list(COUNTS)].sum().astype("int64")
    pooled["authorities"] = grouped["authority_code"].nunique()
    pooled = pooled.reset_index().rename(columns={"measure_label": "measure", by: "place"})
    quantities = [_quantities(i, b) for i, b in zip(pooled["indicator"], pooled["breakdown"])]
    pooled["at_risk"] = [q[0] for q in quantities]
    pooled["outcome"] = [q[1] for q in quantities]
    rl = measures.relative_likelihood(*(pooled[c] for c in COUNTS))
    for column in ("value", "ci_lower", "ci_upper", "assessment"):
        pooled[column] = rl[column].to_numpy()
    return pooled


def withheld_nationally(national: pd.DataFrame) -> set[str]:
    """The measures whose national row (as the public tables show it) is withheld."""
    found = set()
    for indicator, breakdown in MEASURES:
        row = single_row(national, indicator=indicator, measure=RL, group=codes.MINORITISED,
                         service=codes.ALL_SERVICES, breakdown=breakdown)
        if row is None or bool(row["suppressed"]):
            found.add(measure_label(indicator, breakdown))
    return found


def _cell(row: pd.Series, withheld: bool) -> str:
    if withheld:
        return CONFIDENTIAL
    if pd.isna(row["value"]):
        return NOT_AVAILABLE
    if pd.isna(row["ci_lower"]):
        return format_rl(row["value"])
    return f"{format_rl(row['value'])} ({format_interval(row['ci_lower'], row['ci_upper'])})"


def place_table(inputs: NationalInputs, by: str) -> pd.DataFrame:
    """The table by region (BY_REGION) or type (BY_TYPE): a row per measure, a column per
    place, each cell the pooled relative likelihood (95% interval) or ``[c]``; the first row
    counts the authorities of each place."""
    rows = place_rows(inputs.indicators, inputs.places, inputs.year)
    pooled = pooled_by_place(rows, by)
    hidden = place_cells_withheld(pooled, withheld_nationally(national_rows(inputs)), inputs.threshold)
    places = sorted(rows[by].unique())
    counted = rows.drop_duplicates("authority_code").groupby(by)["authority_code"].count()
    first = say(f"national.places.{PLACE_COLUMNS[by]}_column")
    table = {first: [say("national.places.authorities_row")]
             + [area_title(i, b) for i, b in MEASURES]}
    cells = pooled.set_index(["measure", "place"])
    for place in places:
        column = [format_count(int(counted.get(place, 0)))]
        for indicator, breakdown in MEASURES:
            key = (measure_label(indicator, breakdown), place)
            column.append(_cell(cells.loc[key], key in hidden) if key in cells.index else NOT_AVAILABLE)
        table[place] = column
    return pd.DataFrame(table)


# --- clear adverse differences, this year and last ------------------------------------


def adverse_counts(inputs: NationalInputs, indicator: str, breakdown: str, year: int) -> tuple[int, int]:
    """(authorities with a clear adverse difference, authorities whose figure could be judged)
    for one measure and YEAR; a withheld or unassessed figure is not judged."""
    counts = authority_assessment_counts(inputs.indicators[inputs.indicators["year"] == year], indicator, breakdown)
    return counts["adverse"], counts["adverse"] + counts["other_clear"] + counts["no_clear"]


def _share(n: int, of: int) -> str:
    return format_percent(100.0 * n / of) if of else NOT_AVAILABLE


def adverse_sentence(inputs: NationalInputs, indicator: str, breakdown: str) -> str:
    """'Appointment from shortlisting: 8 of 12 authorities (66.7%) ...; 6 of 10 (60.0%) in 2023.'"""
    year = inputs.year
    n, of = adverse_counts(inputs, indicator, breakdown, year)
    before, before_of = adverse_counts(inputs, indicator, breakdown, year - 1)
    words = registry.words(indicator, breakdown)
    less = registry.adverse_direction(indicator, breakdown) == registry.LESS_LIKELY
    return say("national.places.adverse", title=area_title(indicator, breakdown), n=n,
               authorities=authorities_word(of), share=_share(n, of), less=less,
               who=group_noun(codes.MINORITISED, words.noun), white=say("groups.white", noun=words.noun),
               to_outcome=words.to_outcome, before=before, before_of=before_of,
               before_share=_share(before, before_of), last_year=year - 1)


def adverse_table(inputs: NationalInputs) -> pd.DataFrame:
    """Per measure: 'n of N (share)' with a clear adverse difference, this year and last."""
    year = inputs.year
    table = {say("national.places.measure_column"): [area_title(i, b) for i, b in MEASURES]}
    for y in (year, year - 1):
        cells = []
        for indicator, breakdown in MEASURES:
            n, of = adverse_counts(inputs, indicator, breakdown, y)
            cells.append(say("national.places.n_of", n=n, of=of, share=_share(n, of)) if of else NOT_AVAILABLE)
        table[str(y)] = cells
    return pd.DataFrame(table)


# --- the workforce and the local population -------------------------------------------


def population_comparisons(inputs: NationalInputs) -> pd.DataFrame:
    """Per authority with an area share: its workforce's minoritised share against the area's
    (``indicators.population.compare_with_area``); never shown by authority, only counted."""
    area = inputs.area_shares
    area = area[area["group"] == codes.MINORITISED]
    rows = inputs.indicators[inputs.indicators["year"] == inputs.year]
    staff = [workforce_headcounts(rows[rows["authority_code"] == code], codes.MINORITISED)
             for code in area["authority_code"]]
    known = [s is not None for s in staff]
    area = area[known]
    staff = [s for s in staff if s is not None]
    compared = compare_with_area([s[0] for s in staff], [s[1] for s in staff], area["area_share"].to_numpy())
    compared.insert(0, "authority_code", area["authority_code"].to_numpy())
    return compared


def population_counts(inputs: NationalInputs) -> dict[str, int]:
    """How many authorities' workforces were above, below or not clearly different from their area."""
    comparisons = population_comparisons(inputs)["comparison"].value_counts()
    return {state: int(comparisons.get(state, 0)) for state in
            ("above_area", "below_area", measures.NO_CLEAR_DIFFERENCE, measures.NOT_ASSESSED)}


def population_blocks(inputs: NationalInputs) -> list[Block]:
    """The national summary of the local population comparison; nothing without population figures."""
    if inputs.area_shares is None:
        return []
    counts = population_counts(inputs)
    total = sum(counts.values())
    return [heading(2, say("national.places.population_heading")),
            say("national.places.population", authorities=authorities_word(total), year=inputs.year,
                above=counts["above_area"], below=counts["below_area"],
                similar=counts[measures.NO_CLEAR_DIFFERENCE], not_assessed=counts[measures.NOT_ASSESSED])]


# --- the page -------------------------------------------------------------------------


def places_blocks(inputs: NationalInputs, params: dict | None = None) -> list[Block]:
    """The whole page: opening, adverse differences, the two tables, the local population."""
    settings = NationalSettings.from_params(params)
    year = inputs.year
    blocks = chapter_opening(PAGE, inputs, settings)
    blocks.append(heading(2, say("national.places.adverse_heading")))
    blocks.append(say("national.places.adverse_intro", year=year, last_year=year - 1))
    blocks.append("\n".join(f"- {adverse_sentence(inputs, i, b)}" for i, b in MEASURES))
    blocks.append(TableBlock(adverse_table(inputs), say("national.places.adverse_caption", year=year,
                                                          last_year=year - 1)))
    if inputs.places is None:
        blocks.append(say("national.places.no_places"))
    else:
        for by in (BY_REGION, BY_TYPE):
            kind = PLACE_COLUMNS[by]
            table = place_table(inputs, by)
            blocks.append(heading(2, say(f"national.places.{kind}_heading")))
            blocks.append(say(f"national.places.{kind}_intro"))
            blocks.append(TableBlock(table, say("national.places.caption", by=say(f"national.places.by_{kind}"),
                                                year=year),
                                     note=say("national.places.note", threshold=inputs.threshold,
                                              min_authorities=MIN_AUTHORITIES)))
    return blocks + population_blocks(inputs)
