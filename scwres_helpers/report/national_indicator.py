"""One national chapter per indicator: the pooled figure, the story underneath, the spread.

Each chapter says the national relative likelihood in words, splits it by ethnic group
and by service (chart and table each), then shows how authorities compare: the
distribution of their values and a funnel plot against the pooled rate, both without
labels, and how many authorities had a clear adverse difference (counts only). Authority
rows reach the chapter only through the anonymous selectors (``publishable_values``,
``publishable_points``) or as counts of publishable rows, so no code, name or
suppressed figure can appear.

Chapter "7" covers indicators 7a and 7b; chapter "1" covers the pay bands (shares and
the three reporting bands); chapter "9" adds the senior-manager share and gap.
"""

from __future__ import annotations

import pandas as pd

from scwres_helpers import codes
from scwres_helpers.indicators.select import (
    COMPLETE,
    GAP,
    PERCENT,
    RL,
    SHARE,
    SUPPRESSED,
    funnel_reference,
    publishable_points,
    publishable_values,
    row_state,
    select,
    single_row,
)
from scwres_helpers.inputs import NationalInputs
from scwres_helpers.report.charts import (
    distribution_chart,
    funnel_plot,
    indicator_groups_chart,
    representation_chart,
    service_comparison_chart,
)
from scwres_helpers.report.national_blocks import (
    Block,
    NationalSettings,
    TableBlock,
    authorities_word,
    chapter_opening,
    heading,
    national_rows,
    pooled_counts,
    year_rows,
)
from scwres_helpers.report.narrative import (
    gap_sentence,
    is_adverse,
    percent_sentence,
    rl_paragraph,
    rl_sentence,
    share_sentence,
)
from scwres_helpers.report.tables import group_table, service_table
from scwres_helpers.report.wording import (
    BAND_PHRASES,
    SERVICE_LABELS,
    adverse_direction,
    indicator_words,
    white_noun,
)

CHAPTERS: dict[str, tuple[str, ...]] = {
    "1": ("1",), "2": ("2",), "3": ("3",), "4": ("4",), "5": ("5",),
    "6": ("6",), "7": ("7a", "7b"), "8": ("8",), "9": ("9",),
}
REPORTING_BANDS = ("below_30k", "30k_to_69k", "70k_plus")
SURVEY_INDICATORS = ("6", "7a", "7b")

# What each indicator compares, in plain words, for the top of its section.
DEFINITIONS: dict[str, str] = {
    "1": (
        "This chapter looks at where minoritised staff sit in the pay structure: their share of "
        "the staff of known ethnicity in each pay band (full-time-equivalent salary), and how "
        "likely they were to be paid in each band compared with white staff. Being more likely "
        "than white staff to be paid under £30,000, or less likely to be paid £70,000 or more, "
        "is adverse; for the bands in between the direction alone says nothing either way."
    ),
    "2": (
        "This indicator compares how likely shortlisted minoritised applicants were to be "
        "appointed with how likely shortlisted white applicants were, over the last 12 months. "
        "Being less likely to be appointed is adverse."
    ),
    "3": (
        "This indicator compares how likely minoritised staff were to enter the formal "
        "disciplinary process with how likely white staff were. Being more likely is adverse."
    ),
    "4": (
        "This indicator compares how likely minoritised staff registered with a professional "
        "regulator (such as social workers) were to be referred to a fitness-to-practise "
        "process with how likely white registered staff were. Being more likely is adverse."
    ),
    "5": (
        "This indicator compares how likely minoritised staff were to access funded "
        "non-mandatory continuing professional development (CPD) with how likely white staff "
        "were. Being less likely is adverse."
    ),
    "6": (
        "This indicator comes from the staff survey. It compares how likely minoritised "
        "respondents were to report harassment, bullying or abuse from people who use "
        "services, their relatives or the public in the last 12 months with how likely white "
        "respondents were. Being more likely is adverse."
    ),
    "7": (
        "This chapter comes from the staff survey. It compares how likely minoritised "
        "respondents were to report harassment, bullying or abuse from colleagues (7a) and "
        "from managers (7b) in the last 12 months with how likely white respondents were. "
        "Being more likely is adverse."
    ),
    "8": (
        "This indicator compares how likely minoritised staff were to leave the organisation "
        "in the last 12 months with how likely white staff were. Being more likely is adverse."
    ),
    "9": (
        "This indicator compares how likely minoritised staff were to be in a senior manager "
        "role with how likely white staff were, and shows the minoritised share of senior "
        "managers beside their share of the whole workforce. Being less likely is adverse."
    ),
}

SPREAD_TEXT = (
    "The charts below show each authority's figure without its name; figures too small to "
    "publish are left out. The first shows the spread: the box covers the middle half of "
    "authorities and the line inside it is the median. The funnel plot places each authority "
    "by its number of minoritised {noun} at risk: small authorities scatter more by chance, "
    "so the limits widen to the left. A point outside the dotted 99.8% limits is unlikely to "
    "differ from the national figure by chance alone."
)


def _national_rl(rows: pd.DataFrame, indicator: str, breakdown: str = "", group: str = codes.MINORITISED,
                 service: str = codes.ALL_SERVICES) -> pd.Series | None:
    return single_row(rows, indicator=indicator, measure=RL, group=group, service=service,
                      breakdown=breakdown)


def authority_assessment_counts(rows: pd.DataFrame, indicator: str, breakdown: str = "") -> dict[str, int]:
    """How many authorities' minoritised RLs (all services) fall in each publishable state.

    Keys: total, adverse, other_clear (clear, not adverse; or clear where no direction is
    adverse), no_clear, not_assessed (a value without an interval, or no value), suppressed.
    A suppressed row counts only as suppressed: its assessment is a derived figure that
    disclosure control hides.
    """
    chosen = select(rows, scope="authority", indicator=indicator, measure=RL,
                    group=codes.MINORITISED, service=codes.ALL_SERVICES, breakdown=breakdown)
    counts = dict.fromkeys(("total", "adverse", "other_clear", "no_clear", "not_assessed", "suppressed"), 0)
    for _, row in chosen.iterrows():
        counts["total"] += 1
        state = row_state(row)
        if state == SUPPRESSED:
            counts["suppressed"] += 1
        elif state != COMPLETE:
            counts["not_assessed"] += 1
        elif is_adverse(row):
            counts["adverse"] += 1
        elif str(row["assessment"]) in ("more_likely", "less_likely"):
            counts["other_clear"] += 1
        else:
            counts["no_clear"] += 1
    return counts


def _how_many(k: int) -> str:
    return "none" if k == 0 else str(k)


def authority_assessment_sentence(counts: dict[str, int], indicator: str, breakdown: str = "") -> str:
    """The counts of ``authority_assessment_counts`` in words; names no authority."""
    total = counts["total"]
    if not total:
        return "No authority returned figures for this measure."
    direction = adverse_direction(indicator, breakdown)
    if direction is not None:
        where = "below" if direction == "less_likely" else "above"
        parts = [f"{_how_many(counts['adverse'])} had a clear adverse difference for minoritised "
                 f"staff (a 95% interval wholly {where} 1)"]
        if counts["other_clear"]:
            parts.append(f"{counts['other_clear']} a clear difference in the other direction")
        parts.append(f"{counts['no_clear']} no clear difference")
        tail = ""
    else:
        parts = [f"{_how_many(counts['other_clear'])} had a clear difference (a 95% interval "
                 "excluding 1)", f"{counts['no_clear']} no clear difference"]
        tail = " For this pay band a difference is not judged adverse or favourable."
    sentence = (f"Of the {authorities_word(total)} with figures for this measure, "
                + ", ".join(parts[:-1]) + f" and {parts[-1]}.")
    extra = []
    if counts["not_assessed"]:
        extra.append(f"for {counts['not_assessed']} no interval could be calculated")
    if counts["suppressed"]:
        extra.append(f"for {counts['suppressed']} the numbers were too small to publish")
    if extra:
        joined = " and ".join(extra)
        sentence += " " + joined[0].upper() + joined[1:] + "."
    return sentence + tail


def _spread_blocks(rows: pd.DataFrame, nat: pd.DataFrame, indicator: str, breakdown: str,
                   year: int) -> list[Block]:
    """Distribution and funnel plot of authorities' values (no labels), or why they are missing."""
    blocks: list[Block] = []
    values = publishable_values(rows, indicator, breakdown=breakdown)
    if values.empty:
        blocks.append("No authority had a relative likelihood that can be published for this measure.")
        return blocks
    blocks.append(SPREAD_TEXT.format(noun=indicator_words(indicator, breakdown).noun))
    blocks.append(distribution_chart(values, None, indicator, breakdown=breakdown, year=year))
    national = _national_rl(nat, indicator, breakdown)
    points = publishable_points(rows, indicator, breakdown=breakdown)
    if national is None or row_state(national) != COMPLETE:
        blocks.append("There is no national relative likelihood to centre a funnel plot on.")
        return blocks
    reference = funnel_reference(rows, indicator, breakdown=breakdown)
    if not (0 < reference["p_group"] < 1 and 0 < reference["p_white"] < 1):
        blocks.append("The national rates leave no room for chance variation, so no funnel plot is drawn.")
        return blocks
    blocks.append(funnel_plot(points, **reference, indicator=indicator, breakdown=breakdown, year=year))
    return blocks


def _caption(indicator: str, breakdown: str, by: str, year: int) -> str:
    words = indicator_words(indicator, breakdown)
    return f"Relative likelihood {words.of_outcome} by {by}, all participating authorities (pooled), {year}"


def _survey_coverage_sentence(rows: pd.DataFrame, indicator: str, pooled: int) -> str:
    """How many authorities' surveys feed the indicator (a count, never which ones)."""
    chosen = select(rows, scope="authority", indicator=indicator, measure=RL, group=codes.MINORITISED,
                    service=codes.ALL_SERVICES)
    n = int(chosen["authority_code"].nunique())
    return (f"{n} of the {authorities_word(pooled)} ran the staff survey; the national figure pools "
            "their respondents. Authorities without a survey are left out, not counted as zero.")


def _percent_blocks(nat: pd.DataFrame, indicator: str) -> list[Block]:
    """The percentage of each group reporting harassment (survey indicators)."""
    items = []
    for group in codes.COMPARED_GROUPS:
        row = single_row(nat, indicator=indicator, measure=PERCENT, group=group, service=codes.ALL_SERVICES)
        if row is not None:
            items.append(f"- {percent_sentence(row)}")
    if not items:
        return []
    return ["The percentage of respondents in each group who reported it:\n\n" + "\n".join(items)]


def _rl_section(rows: pd.DataFrame, nat: pd.DataFrame, indicator: str, year: int, pooled: int,
                level: int, breakdown: str = "") -> list[Block]:
    """The national figure, by ethnic group, by service, and across authorities, at heading ``level``."""
    blocks: list[Block] = []
    headline = _national_rl(nat, indicator, breakdown)
    if headline is None:
        return ["No national figure is available for this measure."]
    blocks.append(rl_paragraph(headline))
    if indicator in SURVEY_INDICATORS:
        blocks.append(_survey_coverage_sentence(rows, indicator, pooled))
        blocks += _percent_blocks(nat, indicator)
    words = indicator_words(indicator, breakdown)

    blocks.append(heading(level, "By ethnic group"))
    blocks.append(
        f"\"Minoritised\" pools the four groups below. Each group is compared with "
        f"{white_noun(words.noun)}; the split shows whether the pooled figure hides different "
        "experiences."
    )
    group_items = [f"- {rl_sentence(r)}" for r in
                   (_national_rl(nat, indicator, breakdown, group=g) for g in codes.MINORITISED_GROUPS)
                   if r is not None]
    if group_items:
        blocks.append("\n".join(group_items))
    blocks.append(indicator_groups_chart(nat, indicator, breakdown=breakdown))
    blocks.append(TableBlock(group_table(nat, indicator, breakdown=breakdown),
                             _caption(indicator, breakdown, "ethnic group", year)))

    blocks.append(heading(level, "By service"))
    service_items = []
    for service in codes.SERVICES:
        row = _national_rl(nat, indicator, breakdown, service=service)
        if row is not None:
            service_items.append(f"- {SERVICE_LABELS[service]}: {rl_sentence(row)}")
    blocks.append("Adult and children's services are shown separately and together (both services' "
                  "counts pooled, not an average).")
    if service_items:
        blocks.append("\n".join(service_items))
    blocks.append(service_comparison_chart(nat, indicator, breakdown=breakdown))
    blocks.append(TableBlock(service_table(nat, indicator, breakdown=breakdown),
                             _caption(indicator, breakdown, "service", year)))

    blocks.append(heading(level, "How authorities compare"))
    blocks.append(authority_assessment_sentence(authority_assessment_counts(rows, indicator, breakdown),
                                                indicator, breakdown))
    blocks += _spread_blocks(rows, nat, indicator, breakdown, year)
    return blocks


def _representation_blocks(rows: pd.DataFrame, nat: pd.DataFrame, year: int, pooled: int) -> list[Block]:
    """Chapter 1: the minoritised share by band, then each reporting band as an RL section."""
    blocks: list[Block] = [heading(2, "Share of minoritised staff by pay band")]
    shares = [single_row(nat, indicator="1", measure=SHARE, group=codes.MINORITISED,
                         service=codes.ALL_SERVICES, breakdown=b) for b in REPORTING_BANDS]
    blocks.append("\n".join(f"- {share_sentence(r)}" for r in shares if r is not None))
    blocks.append(representation_chart(nat))
    for band in REPORTING_BANDS:
        if _national_rl(nat, "1", band) is None:
            continue
        blocks.append(heading(2, f"Paid {BAND_PHRASES[band]}"))
        blocks += _rl_section(rows, nat, "1", year, pooled, 3, band)
    return blocks


def _senior_manager_blocks(nat: pd.DataFrame) -> list[Block]:
    """Chapter 9: the minoritised share of senior managers and its gap with the workforce."""
    share = single_row(nat, indicator="9", measure=SHARE, group=codes.MINORITISED, service=codes.ALL_SERVICES)
    gap = single_row(nat, indicator="9", measure=GAP, group=codes.MINORITISED, service=codes.ALL_SERVICES)
    items = [f(r) for f, r in ((share_sentence, share), (gap_sentence, gap)) if r is not None]
    return [" ".join(items)] if items else []


def indicator_blocks(inputs: NationalInputs, indicator: str, params: dict | None = None) -> list[Block]:
    """The chapter for ``indicator`` ("1" to "9"; "7" covers 7a and 7b)."""
    if indicator not in CHAPTERS:
        raise ValueError(f"no national chapter for indicator {indicator!r}; "
                         f"expected one of {', '.join(CHAPTERS)}")
    settings = NationalSettings.from_params(params)
    rows, nat, year = year_rows(inputs), national_rows(inputs), inputs.year
    pooled = pooled_counts(inputs).get(year, 0)
    blocks = chapter_opening(f"indicator-{indicator}", inputs, settings)
    blocks.append(DEFINITIONS[indicator])
    if indicator == "1":
        return blocks + _representation_blocks(rows, nat, year, pooled)
    parts = CHAPTERS[indicator]
    for part in parts:
        level = 2
        if len(parts) > 1:
            blocks.append(heading(2, f"{part}. {codes.INDICATOR_NAMES[part]}"))
            level = 3
        else:
            blocks.append(heading(2, "National figure"))
        if part == "9":
            blocks += _senior_manager_blocks(nat)
        blocks += _rl_section(rows, nat, part, year, pooled, level)
    return blocks


__all__ = [
    "CHAPTERS",
    "authority_assessment_counts",
    "authority_assessment_sentence",
    "indicator_blocks",
]
