"""The methodology chapter of the national report: how every figure is made, in words.

It follows the order of the calculation (data, groups, indicators, intervals, zeros,
assessment, pooling, disclosure control, comparison between authorities, trends,
rounding) and ends with the decisions taken where the specification
(``shared/spec/indicators.md``) was silent, gathered from the modules that implement
them (intake, indicators, disclosure, report, sample_data) so a reader can check each.
The few numbers in it (threshold, z, the limits) come from the code's own constants.
"""

from __future__ import annotations

import pandas as pd

from scwres_helpers import codes, registry
from scwres_helpers.disclosure.shorthand import GSS_NOTES
from scwres_helpers.inputs import NationalInputs
from scwres_helpers.intake.rules import TENFOLD, UNKNOWN_SHARE_WARNING
from scwres_helpers.report.funnel import Z_998
from scwres_helpers.report.layout import FOUR_FIFTHS
from scwres_helpers.report.national_blocks import (
    Block,
    NationalSettings,
    TableBlock,
    authorities_word,
    chapter_opening,
    heading,
    is_synthetic,
    pooled_counts,
)

GROUP_ORDER = ("white", "mixed", "asian", "black", "other", "unknown")
GROUP_NAMES = {
    "white": "White (the reference group)",
    "mixed": "Mixed or multiple ethnic groups",
    "asian": "Asian or Asian British",
    "black": "Black, Black British, Caribbean or African",
    "other": "Other ethnic group",
    "unknown": "Not known (left out of every indicator)",
}
COMPARISON = {"white": "Reference", "unknown": "Excluded"}

# (outcome a, people at risk n, measures) per indicator, in plain words.
DEFINITIONS: dict[str, tuple[str, str, str]] = {
    "1": ("Staff in the pay band", "All staff of the group", "Share of minoritised staff; relative likelihood"),
    "2": ("Appointed", "Shortlisted (last 12 months)", "Relative likelihood"),
    "3": ("Entered the formal disciplinary process", "All staff", "Relative likelihood"),
    "4": ("Referred to fitness-to-practise", "Staff registered with a regulator", "Relative likelihood"),
    "5": ("Accessed funded non-mandatory CPD", "All staff", "Relative likelihood"),
    "6": ("Reported harassment, bullying or abuse from people who use services, relatives or the public",
          "Survey respondents", "Relative likelihood; percentage who reported it"),
    "7a": ("Reported harassment, bullying or abuse from colleagues", "Survey respondents",
           "Relative likelihood; percentage who reported it"),
    "7b": ("Reported harassment, bullying or abuse from managers", "Survey respondents",
           "Relative likelihood; percentage who reported it"),
    "8": ("Left the organisation (last 12 months)", "All staff", "Relative likelihood"),
    "9": ("Senior managers", "All staff", "Share of minoritised staff; relative likelihood; gap in percentage points"),
}
ADVERSE_WORDS = {"more_likely": "More likely", "less_likely": "Less likely"}


ACTION_PLANS_METHOD = (
    "Each authority report lists **areas for action** from the figures for all services combined "
    "(indicator 1 for each reporting band, the others as a whole). A figure is an area for action "
    "when it points the adverse way (above 1 where being more likely is adverse, below 1 where "
    "being less likely is; for pay bands, more likely to be paid under £30,000 or less likely to be "
    "paid £70,000 or more) and either its 95% interval excludes 1, or it is worse than the national "
    "pooled figure, or worse than the authority's own figure a year earlier. It is *clearly* worse "
    "when the other figure lies outside the authority's interval. Areas are ranked by strength of "
    "evidence (interval first, then clearly worse than nationally, then the rest), then by the gap "
    "in people: the number of minoritised staff who would have had the outcome at the white rate, "
    "n_g x a_w / n_w, minus those who did (or the reverse where being more likely is adverse), "
    "rounded to whole people. A figure that is suppressed, has no interval, or whose interval "
    "reaches both below 0.80 and above 1.25 around an adverse estimate is listed as too small to "
    "conclude and not ranked.\n\n"
    "An authority may send an **action plan** with its return (the action_plan sheet or CSV): for "
    "each action the indicator, a measure that exists for that indicator, a target (at least or "
    "at most a value) and the collection year by which it should be met. The next year's report "
    "judges each target against that year's figure for all services combined: *met* when the "
    "estimate is on the target's side (the report also says whether the whole interval is), "
    "*not met* when the target year has come and it is not, *on track* or *not on track* while "
    "the target year is ahead, according to whether the figure moved toward the target since the "
    "year before, and *cannot be assessed* when the figure is suppressed or undefined. "
    "Next year's collection workbook can be pre-filled with the actions still open (a target "
    "year already past is moved to the new collection year) and one suggestion per area for "
    "action.\n\n"
    "The national report counts, per indicator, the authorities that set actions in the previous "
    "year's plans and how their targets went; no authority is named. These are counts of "
    "organisations, so they follow the threshold rule used for business statistics: a count "
    "resting on fewer than 3 authorities is shown as [c], and further counts are hidden where "
    "a hidden one could be worked out from a total."
)


def ethnic_groups_table() -> pd.DataFrame:
    """The high-level groups, their census categories and their role in the comparison."""
    records = []
    for group in GROUP_ORDER:
        members = [label.split(": ", 1)[-1] for code, label in codes.CENSUS_LABELS.items()
                   if codes.ETHNICITY_GROUP[code] == group]
        records.append({
            "Group": GROUP_NAMES[group],
            "2021 census categories": "; ".join(members),
            "Compared as": COMPARISON.get(group, "Minoritised"),
        })
    return pd.DataFrame(records, dtype="str")


def definitions_table() -> pd.DataFrame:
    """What each indicator counts, among whom, which measures, and which direction is adverse."""
    records = []
    for indicator in codes.INDICATORS:
        outcome, at_risk, measures = DEFINITIONS[indicator]
        direction = ADVERSE_WORDS[codes.ADVERSE_DIRECTION[indicator]]
        if indicator == "1":
            direction = "Depends on the pay band (see below)"
        records.append({
            "Indicator": f"{indicator}: {codes.INDICATOR_NAMES[indicator]}",
            "Outcome (a)": outcome,
            "People at risk (n)": at_risk,
            "Measures": measures,
            "Adverse for minoritised staff": direction,
        })
    return pd.DataFrame(records, dtype="str")


def gss_table() -> pd.DataFrame:
    """The GSS shorthand codes used in the report's tables, with their meaning."""
    return pd.DataFrame(
        [{"Code": code, "Meaning": note.split(" ", 1)[1]} for code, note in GSS_NOTES.items()],
        dtype="str",
    )


def _band_direction_sentence() -> str:
    parts = []
    for band in ("below_30k", "30k_to_69k", "70k_plus"):
        direction = registry.adverse_direction("1", band)
        phrase = registry.BAND_PHRASES[band]
        if direction is None:
            parts.append(f"for pay of {phrase} neither direction is judged adverse")
        else:
            parts.append(f"for pay {phrase}, being {direction.replace('_', ' ')} than white staff is adverse")
    return ("Indicator 1 has no single adverse direction: " + "; ".join(parts) + ". Being "
            "over-represented among the lowest paid, or under-represented among the highest paid, "
            "is the pattern the standard looks for; in the middle bands a difference is reported "
            "without a judgement.")


def decisions(threshold: int) -> list[str]:
    """The decisions taken where the specification was silent, one sentence or two each."""
    return [
        "**Unknown ethnicity.** Staff recorded as not known or prefer not to say are left out of "
        "every numerator and denominator; their share of all staff is published as a data-quality "
        "measure without an interval, because it describes the records rather than estimating "
        "anything.",
        "**Order of the flags.** When more than one applies, the first in this order is used: no "
        "denominator (nobody at risk in one of the groups), then reference zero (no white staff "
        "had the outcome), then zero events (nobody in the compared group had it).",
        "**Strict inequalities in the assessment.** A difference is clear only when the interval "
        "lies wholly above 1 (lower limit greater than 1) or wholly below it (upper limit less "
        "than 1); an interval that touches 1 shows no clear difference.",
        "**Wilson interval at the edges.** When nobody in the group had the outcome the lower "
        "limit is exactly 0, and when everybody had it the upper limit is exactly 1; other limits "
        "are kept within 0 and 1.",
        "**Survey coverage per service.** The survey indicators (6, 7a and 7b) exist only for the "
        "services an authority's survey covered; an authority without a survey is left out of "
        "them, not counted as zero. The national figure for a service pools every authority "
        "whose survey covered that service.",
        "**Rounding.** Figures are rounded half away from zero on their shortest decimal form "
        "(2.675 becomes 2.68), as a reader rounding the published number would expect. Relative "
        "likelihoods have 2 decimal places, percentages and percentage points 1; in the "
        "published data tables, rates have 4 and shares 3.",
        f"**What [c] hides.** A suppressed row (a count from 1 to {threshold - 1}) hides its four "
        "counts and every figure derived from them: rates, the value, the interval, the "
        "assessment, and the flag too, because 'nobody had the outcome' would reveal a count. "
        "Zeros are published: 'nobody' identifies no one.",
        "**Indicator 1 adverse direction is band-aware.** Being more likely than white staff to "
        "be paid under £30,000 is adverse; being less likely to be paid £70,000 or more is "
        "adverse; for the bands in between no direction is judged adverse.",
        "**Share of the compared group.** Shares (indicators 1 and 9) are taken of the compared "
        "group plus white staff, so staff of other minoritised groups and of unknown ethnicity "
        "are not in the denominator of a single group's share.",
        "**A period of about 12 months.** A return whose event period is between 358 and 373 "
        "days long is accepted without comment (1 April to 31 March, and ends written as the "
        "next period's first day, both pass); a longer or shorter period gives a warning.",
        f"**Warnings.** A return is flagged, but still used, when more than "
        f"{UNKNOWN_SHARE_WARNING:.0%} of its staff have unknown ethnicity, or when a table's "
        f"total changed more than {TENFOLD}-fold since the same authority's return for the year "
        "before (a likely typing error).",
        "**Funnel plot limits.** The limits use the Katz standard error with each count replaced "
        "by the count an authority of that size would have at the national rates (formula "
        "above); they show where chance alone would put an authority, not a target.",
        "**Distribution.** Quartiles and the median are computed by linear interpolation between "
        "authorities' values. A relative likelihood of 0 cannot be drawn on a log scale: it is "
        "counted in the chart's text and data but not drawn.",
        "**Counting authorities with a clear difference.** The count uses publishable figures "
        "only; an authority whose figure is too small to publish is counted as such, never by "
        "its assessment.",
    ]


def formula(text: str) -> str:
    """A formula as plain text in a code span: read the same by every renderer and screen
    reader (TeX maths would need a maths engine, and the bundled renderer shows TeX as typed)."""
    return f"`{text}`"


def methodology_blocks(inputs: NationalInputs, threshold: int | None = None,
                       params: dict | None = None) -> list[Block]:
    """The methodology chapter; ``threshold`` is the suppression threshold used (default: params, else 5)."""
    settings = NationalSettings.from_params(params)
    threshold = settings.suppression_threshold if threshold is None else int(threshold)
    z = f"{codes.Z_95}"
    low, high = FOUR_FIFTHS
    counts = pooled_counts(inputs)
    blocks = chapter_opening("methodology", inputs, settings)
    blocks.append(
        "This chapter explains how every figure in the report is calculated and protected, and "
        "lists the decisions taken where the standard's specification did not say what to do."
    )

    blocks.append(heading(2, "Data"))
    years = ", ".join(f"{authorities_word(n)} in {y}" for y, n in sorted(counts.items()))
    blocks.append(
        "Each participating local authority sends one return a year, as a folder of CSV files or "
        "one Excel workbook: its workforce by ethnicity, pay band, seniority and registration with "
        "a regulator, and, for the last 12 months, shortlisting and appointments, formal "
        "disciplinary cases, fitness-to-practise referrals, funded continuing professional "
        "development and leavers, and the staff survey where one ran. Every return is checked "
        "against every rule of the data specification and every problem is reported at once. A "
        "return with an error is quarantined: left out of that year's figures, never altered. "
        f"The report's national figures pool the valid returns: {years}."
    )

    blocks.append(heading(2, "Ethnic groups"))
    blocks.append(
        "Returns record the 2021 census ethnic categories. They are grouped into five high-level "
        "groups; Mixed, Asian, Black and Other are compared with White staff one at a time and "
        "pooled as \"minoritised\", which is the headline comparison. The split by group shows "
        "whether the pooled figure hides different experiences."
    )
    blocks.append(TableBlock(ethnic_groups_table(), "Ethnic groups and the 2021 census categories they contain"))

    blocks.append(heading(2, "The indicators"))
    blocks.append(
        "For a group g, a_g is the number of people with the outcome and n_g the number at risk; "
        "w stands for white staff. Headcounts come from the workforce table (all pay bands, "
        "senior or not). Adult and children's services are reported separately and together; "
        "together means both services' counts added before dividing, not an average."
    )
    blocks.append(TableBlock(definitions_table(), "The nine indicators: outcome, people at risk and measures"))
    blocks.append(_band_direction_sentence())
    blocks.append(
        "The share of minoritised staff (indicators 1 and 9) is x / (x + w), where x is the "
        "group's headcount in the band (or among senior managers) and w white staff's. The gap "
        "(indicator 9) is 100 × (the group's share among senior managers − its share of the whole "
        "workforce), in percentage points. The percentage who reported harassment (indicators 6, "
        "7a and 7b) is 100 × a_g / n_g among survey respondents."
    )

    blocks.append(heading(2, "The relative likelihood and its interval"))
    blocks.append(
        "The relative likelihood compares the rate of the outcome in a group with white staff's "
        "rate. A value of 1 means equally likely; 0.5 means half as likely; 1.4 means 40% more "
        "likely.\n\n"
        f"{formula('RL = (a_g / n_g) / (a_w / n_w)')}\n\n"
        "Its 95% interval is the Katz log interval:\n\n"
        f"{formula('SE = √(1/a_g − 1/n_g + 1/a_w − 1/n_w)')}, with limits "
        f"{formula(f'exp(ln RL ± {z} × SE)')}\n\n"
        "The interval shows how far chance alone could move the figure: the narrower it is, the "
        "more certain the comparison."
    )

    blocks.append(heading(2, "Shares and percentages: the Wilson interval"))
    blocks.append(
        f"Shares and percentages carry a 95% Wilson score interval. For a proportion p = x / n "
        f"and z = {z}:\n\n"
        f"{formula('centre = (p + z²/2n) / (1 + z²/n)')} and "
        f"{formula('half-width = z √(p(1 − p)/n + z²/4n²) / (1 + z²/n)')}\n\n"
        "Unlike the simpler normal interval it stays between 0% and 100% and behaves well for "
        "small numbers and for shares near 0 or 100%."
    )

    blocks.append(heading(2, "Zeros and flags"))
    blocks.append(
        "- **No denominator**: nobody at risk in the group or among white staff; there is no "
        "value and no interval.\n"
        "- **Reference zero**: no white staff had the outcome; the relative likelihood would be "
        "infinite, so there is no value.\n"
        "- **Zero events**: nobody in the group had the outcome; the relative likelihood is 0 "
        "and has no interval.\n\n"
        "These flags apply to relative likelihoods. Shares and percentages are flagged only when "
        "their own denominator is 0; a zero numerator is a proper 0% with a Wilson interval. In "
        "tables, a figure that cannot be calculated shows [x]."
    )

    blocks.append(heading(2, "Assessment and the four-fifths band"))
    blocks.append(
        "A relative likelihood with an interval is assessed as more likely when the whole "
        "interval lies above 1, less likely when it lies below 1, and otherwise as showing no "
        "clear difference; without an interval it is not assessed. Whether a clear difference is "
        "adverse depends on the indicator: for appointment, CPD and senior manager roles being "
        "less likely is adverse; for disciplinary, fitness-to-practise, harassment and leaving "
        "being more likely is adverse. Charts also shade the \"four-fifths\" band "
        f"({low:.2f} to {high:.2f}) that many workforce race equality reports treat as no adverse "
        "impact; it is always shown beside the interval, never instead of it."
    )

    blocks.append(heading(2, "Pooling the national figures"))
    blocks.append(
        "National figures add up the counts of every authority with a valid return for the year, "
        "then divide: they are rates of pooled counts, never averages of authorities' rates, so "
        "large authorities weigh more, as their staff do. A service's national figure pools the "
        "authorities that returned that service."
    )

    blocks.append(heading(2, "Disclosure control"))
    blocks.append(
        f"The national report and its data tables are public, so they protect individuals. "
        f"Primary suppression: a figure is withheld when any of its four counts (a_g, n_g, a_w, "
        f"n_w) is between 1 and {threshold - 1} (threshold {threshold}); tables then show [c] for "
        "the counts and for every figure derived from them. Secondary suppression: in published "
        "count tables with totals, further cells are withheld so that no [c] can be worked out "
        "by subtracting from a row or column total, or from any combination of them; this is "
        "checked independently by solving the tables' equations exactly. No authority is named "
        "beside its own figures in the national outputs unless the authorities have agreed to "
        "it: the distribution and the funnel plot are drawn without labels, and counts of "
        "authorities never say which. Tables use the Government Statistical Service shorthand:"
    )
    blocks.append(TableBlock(gss_table(), "Shorthand used in the tables"))

    blocks.append(heading(2, "Comparing authorities"))
    blocks.append(
        "Authorities differ greatly in size, so their figures differ by chance as well as in "
        "substance. The funnel plot shows each authority's relative likelihood against its "
        "number of minoritised people at risk, with control limits around the national pooled "
        "value. For an authority with n minoritised people at risk whose rates equal the national "
        "rates p_g and p_w, with r the national ratio of white to minoritised people at risk:\n\n"
        f"{formula('SE(ln RL) = √((1 − p_g)/(n p_g) + (1 − p_w)/(n r p_w))')}, with limits "
        f"{formula('RL_national × exp(±z × SE)')}\n\n"
        f"with z = {z} for the 95% limits and z = {Z_998} for the 99.8% limits. A point outside "
        "the 99.8% limits is unlikely to be there by chance. The distribution chart shows every "
        "publishable authority value with the median and quartiles. In its own report each "
        "authority also sees where it sits among the others, as counts of authorities above and "
        "below it."
    )

    blocks.append(heading(2, "Trends"))
    blocks.append(
        "Earlier years' returns are validated and calculated in the same way. The national "
        "figure of each year pools the authorities that took part that year, and the report says "
        "how many, because a change in who takes part can move a national figure."
    )

    blocks.append(heading(2, "Action plans"))
    blocks.append(ACTION_PLANS_METHOD)

    blocks.append(heading(2, "Decisions where the specification was silent"))
    blocks.append(
        "Where the specification is silent it asks for the practice of the NHS Workforce Race "
        "Equality Standard technical guidance and for the choice to be written down. These are "
        "the choices made:\n\n"
        + "\n".join(f"- {d}" for d in decisions(threshold))
    )

    if is_synthetic(inputs, settings):
        blocks.append(heading(2, "Synthetic data"))
        blocks.append(
            "This edition is built from synthetic returns: every authority, name and figure is "
            "invented. The generator draws each fictional authority's persistent traits (size, "
            "services, ethnic make-up, whether it runs the survey) once, then each year's counts "
            "around them, so small authorities have zeros and counts of 1 to 4 and every "
            "authority differs. It then makes the smallest whole-number adjustment to the pooled "
            "counts that lands the national figures near those published by Skills for Care for "
            "the SC-WRES (within about 0.1 on each relative likelihood), without breaking any rule "
            "of the data specification. Codes start with X, which no real area code uses."
        )
    return blocks


__all__ = [
    "decisions",
    "definitions_table",
    "ethnic_groups_table",
    "gss_table",
    "methodology_blocks",
]
