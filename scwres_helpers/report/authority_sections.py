"""The sections of an authority's report, composed from its input bundle.

Every function takes an ``AuthorityInputs`` (its own rows, national rows and an
anonymous distribution of other authorities' values) and returns blocks. Nothing
here can reach another authority's code, name or figures: the bundle holds none.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from scwres_helpers import codes
from scwres_helpers.indicators.select import (
    NO_VALUE,
    RL,
    SHARE,
    SUPPRESSED,
    publishable_values,
    row_state,
    select,
    single_row,
)
from scwres_helpers.inputs import AuthorityInputs, authority_inputs_from_returns
from scwres_helpers.report import narrative, tables
from scwres_helpers.report.blocks import Block, TableBlock, escape_text
from scwres_helpers.report.charts import (
    indicator_groups_chart,
    representation_chart,
    summary_dot_interval,
    trend_chart,
)

SYNTHETIC_BANNER = (
    "> **Synthetic data.** This report is built from invented returns for fictional "
    "authorities; no figure in it describes a real council."
)
HEADLINE_INDICATORS = ("2", "3", "4", "5", "6", "7a", "7b", "8", "9")
# Trends drawn as charts (the rest as tables): appointment and disciplinary are the
# programme's headline measures; a chart each keeps the report quick to build and read.
TREND_CHART_INDICATORS = ("2", "3")
DEFAULT_PROGRAMME = "Social Care Workforce Race Equality Standard"
# A by-group chart needs at least two groups with a figure to show: with one or none it
# would be a picture of "[c]" labels (about 4 in 10 group charts at 153 authorities),
# so the table alone says it, and the report is shorter and quicker to build.
MIN_GROUPS_TO_CHART = 2
FEW_GROUPS_SENTENCE = (
    "Too few ethnic groups have a figure that can be shown to make a chart worthwhile; "
    "the table gives every figure that can be published."
)


def load_authority(
    authority_code: str, year: int, returns_root: str, inputs_dir: str, params: dict
) -> AuthorityInputs:
    """The bundle the build wrote, or (run by hand) one computed from the returns.

    Run by hand with no AUTHORITY_CODE, the first authority with a valid return is
    used, so the notebook itself names no authority.
    """
    if not inputs_dir and not authority_code:
        authority_code = _first_valid_code(Path(returns_root), int(year))
    if not codes.AUTHORITY_CODE_PATTERN.match(authority_code):
        raise ValueError(f"not an authority code: {authority_code!r}")
    if inputs_dir:
        inputs = AuthorityInputs.read(Path(inputs_dir))
        if inputs.authority_code != authority_code or inputs.year != int(year):
            raise ValueError(f"bundle in {inputs_dir} is not {authority_code} {year}")
        return inputs
    threshold = int(params.get("suppression_threshold", codes.DEFAULT_SUPPRESSION_THRESHOLD))
    return authority_inputs_from_returns(Path(returns_root), int(year), authority_code, threshold)


def _first_valid_code(returns_root: Path, year: int) -> str:
    from scwres_helpers.intake import load_year

    valid = sorted(load_year(returns_root, year).returns)
    if not valid:
        raise ValueError(f"no valid return for {year} under {returns_root}")
    return valid[0]


def own_rows(inputs: AuthorityInputs) -> pd.DataFrame:
    """This authority's rows for the report year (filtered once per report; not to be modified)."""
    return inputs.rows_this_year


def national_rows(inputs: AuthorityInputs) -> pd.DataFrame:
    """The national pooled rows for the report year (filtered once per report; not to be modified)."""
    return inputs.national_this_year


def has_both_services(inputs: AuthorityInputs) -> bool:
    present = set(own_rows(inputs)["service"])
    return all(s in present for s in codes.SERVICES)


def title_blocks(inputs: AuthorityInputs, params: dict) -> list[Block]:
    """Title, who the report is for, and the synthetic-data banner where it applies."""
    programme = escape_text(params.get("programme_name") or DEFAULT_PROGRAMME)
    name = escape_text(inputs.authority_name)
    blocks: list[Block] = [f"# {programme}: {name}, {inputs.year}"]
    synthetic = params.get("synthetic_data")
    if inputs.synthetic if synthetic is None else synthetic:
        blocks.append(SYNTHETIC_BANNER)
    pooled = _pooled_count(inputs)
    blocks.append(
        f"This report is for **{name}** (authority code {inputs.authority_code}) only. It compares "
        f"the experience of Black, Asian and minoritised ethnic staff with that of white staff on "
        f"the nine SC-WRES indicators, using the return for {inputs.year}, and sets each figure "
        f"beside the national figure pooled over {pooled} participating authorities. Other "
        f"authorities appear only as anonymous comparisons."
    )
    return blocks


def _pooled_count(inputs: AuthorityInputs) -> int:
    part = inputs.participation
    return int(part.loc[part["year"] == inputs.year, "authorities_pooled"].iloc[0])


def _headline(inputs: AuthorityInputs, indicator: str) -> pd.Series | None:
    return single_row(own_rows(inputs), indicator=indicator, measure=RL, group=codes.MINORITISED,
                      service=codes.ALL_SERVICES, breakdown="")


def summary_blocks(inputs: AuthorityInputs) -> list[Block]:
    """Key findings in words, the dot-and-interval chart and the summary table."""
    own, national = own_rows(inputs), national_rows(inputs)
    adverse = [
        codes.INDICATOR_NAMES[i].lower()
        for i in HEADLINE_INDICATORS
        if (row := _headline(inputs, i)) is not None and narrative.is_adverse(row)
    ]
    if adverse:
        finding = (
            f"The 95% intervals show an adverse difference for minoritised staff on "
            f"{len(adverse)} of the {len(HEADLINE_INDICATORS)} relative likelihoods: "
            f"{narrative.join_words(adverse)}."
        )
    else:
        finding = (
            "No relative likelihood shows a clear adverse difference for minoritised staff "
            "(every 95% interval includes 1, points the other way, or the numbers are too small)."
        )
    blocks: list[Block] = ["## Summary", finding]
    blocks.append(summary_dot_interval(own, "this authority"))
    blocks.append(TableBlock(tables.summary_table(own, national),
                             f"The indicators for this authority and nationally, {inputs.year}"))
    return blocks


def action_blocks(inputs: AuthorityInputs) -> list[Block]:
    """Areas for action from this year's figures, last year's plan against them, this year's plan."""
    from scwres_helpers.report.action_sections import (
        areas_for_action_blocks,
        current_plan_blocks,
        plan_progress_blocks,
    )

    return [
        *areas_for_action_blocks(inputs.rows, inputs.national, inputs.year),
        *plan_progress_blocks(inputs.plan_last_year, inputs.rows, inputs.year),
        *current_plan_blocks(inputs.plan, inputs.year),
    ]


def _peers_values(inputs: AuthorityInputs, indicator: str, breakdown: str = "") -> pd.Series:
    return publishable_values(inputs.peers, indicator, breakdown=breakdown)


def _rl_comparison_blocks(inputs: AuthorityInputs, indicator: str, breakdown: str = "") -> list[Block]:
    """Sentence, national comparison and position among authorities for one RL."""
    own, national = own_rows(inputs), national_rows(inputs)
    criteria = dict(indicator=indicator, measure=RL, group=codes.MINORITISED,
                    service=codes.ALL_SERVICES, breakdown=breakdown)
    row = single_row(own, **criteria)
    if row is None:
        return [f"This return has no figures for indicator {indicator}."]
    national_row = single_row(national, **criteria)
    blocks: list[Block] = [narrative.rl_paragraph(row)]
    if national_row is not None:
        blocks.append(narrative.comparison_sentence(row, national_row))
    values = _peers_values(inputs, indicator, breakdown)
    publishable = row_state(row) not in ("suppressed", "no_value")
    own_value = float(row["value"]) if publishable else None
    if own_value is not None and len(values) >= 2:
        blocks.append(narrative.position_sentence(own_value, values, indicator, breakdown=breakdown))
    return blocks


def indicator_blocks(inputs: AuthorityInputs, indicator: str) -> list[Block]:
    """One indicator's section: words, charts by group and service, comparisons."""
    own, national = own_rows(inputs), national_rows(inputs)
    title = f"## Indicator {indicator}: {codes.INDICATOR_NAMES[indicator]}"
    if select(own, indicator=indicator).empty:
        reason = "no staff survey ran" if indicator in codes.SURVEY_INDICATOR_SOURCE else "no figures were returned"
        return [title, f"This indicator is not reported: {reason}."]
    if indicator == "1":
        return [title, *_representation_blocks(inputs)]
    blocks: list[Block] = [title, *_rl_comparison_blocks(inputs, indicator)]
    if indicator in codes.SURVEY_INDICATOR_SOURCE:
        row = single_row(own, indicator=indicator, measure="percent_experienced",
                         group=codes.MINORITISED, service=codes.ALL_SERVICES)
        if row is not None:
            blocks.append(narrative.percent_sentence(row))
    if indicator == "9":
        gap = single_row(own, indicator="9", measure="gap_pp", group=codes.MINORITISED,
                         service=codes.ALL_SERVICES)
        if gap is not None:
            blocks.append(narrative.gap_sentence(gap))
    blocks.append("### By ethnic group")
    if _groups_with_a_figure(own, indicator) >= MIN_GROUPS_TO_CHART:
        blocks.append(indicator_groups_chart(own, indicator, national, label="this authority"))
    else:
        blocks.append(FEW_GROUPS_SENTENCE)
    blocks.append(TableBlock(tables.group_table(own, indicator),
                             f"Indicator {indicator} by ethnic group, {inputs.year}"))
    if has_both_services(inputs):
        blocks.append("### Adult and children's services")
        blocks.append(TableBlock(tables.service_table(own, indicator),
                                 f"Indicator {indicator} by service, {inputs.year}"))
    return blocks


def _groups_with_a_figure(own: pd.DataFrame, indicator: str) -> int:
    """How many compared groups have a relative likelihood this report may show."""
    chosen = select(own, indicator=indicator, measure=RL, service=codes.ALL_SERVICES, breakdown="")
    return sum(row_state(chosen.iloc[i]) not in (SUPPRESSED, NO_VALUE) for i in range(len(chosen)))


def _representation_blocks(inputs: AuthorityInputs) -> list[Block]:
    own = own_rows(inputs)
    blocks: list[Block] = []
    for band in ("below_30k", "30k_to_69k", "70k_plus"):
        row = single_row(own, indicator="1", measure=SHARE, group=codes.MINORITISED,
                         service=codes.ALL_SERVICES, breakdown=band)
        if row is not None:
            blocks.append(narrative.share_sentence(row))
    blocks.append(representation_chart(own, label="this authority"))
    for band in ("below_30k", "30k_to_69k", "70k_plus"):
        blocks.extend(_rl_comparison_blocks(inputs, "1", breakdown=band)[:2])
    return blocks


def years_returned(inputs: AuthorityInputs) -> list[int]:
    return sorted(int(y) for y in inputs.rows["year"].unique())


def trend_blocks(inputs: AuthorityInputs) -> list[Block]:
    """This authority's own figures over the years it has returned: a chart and a table."""
    years = years_returned(inputs)
    blocks: list[Block] = ["## Trends over the years you returned"]
    if len(years) < 2:
        return blocks + [f"This is the first year with a valid return ({inputs.year}), so there is no trend yet."]
    blocks.append(
        f"Valid returns from {narrative.join_words([str(y) for y in years])}. Intervals are wide "
        "where numbers are small: a change is clear only when the intervals do not overlap much."
    )
    for indicator in HEADLINE_INDICATORS:
        rows = select(inputs.rows, indicator=indicator, measure=RL, group=codes.MINORITISED,
                      service=codes.ALL_SERVICES, breakdown="")
        if rows["year"].nunique() < 2:
            continue
        blocks.append(f"### {codes.INDICATOR_NAMES[indicator]}")
        blocks.append(narrative.trend_sentence(rows))
        if indicator in TREND_CHART_INDICATORS:
            blocks.append(trend_chart(rows, indicator, "this authority"))
        else:
            blocks.append(TableBlock(tables.trend_table(rows, indicator), f"Indicator {indicator} by year"))
    return blocks


def data_quality_blocks(inputs: AuthorityInputs) -> list[Block]:
    """Unknown ethnicity and the warnings validation raised for this return."""
    own = own_rows(inputs)
    blocks: list[Block] = ["## Data quality"]
    dq = select(own, indicator=codes.DATA_QUALITY_INDICATOR)
    row = single_row(dq, service=codes.ALL_SERVICES)
    if row is not None:
        blocks.append(narrative.unknown_sentence(row))
    blocks.append(TableBlock(tables.data_quality_table(dq), f"Staff with unknown ethnicity, {inputs.year}"))
    if inputs.warnings:
        items = "\n".join(f"- {escape_text(w)}" for w in inputs.warnings)
        blocks.append(f"Validation raised these warnings for this return (they did not stop it):\n\n{items}")
    else:
        blocks.append("Validation raised no warnings for this return.")
    flagged = tables.flag_table(own)
    if not flagged.empty:
        blocks.append(TableBlock(flagged, "Figures that could not be given in full, and why"))
    return blocks


def methodology_blocks(params: dict) -> list[Block]:
    """A short appendix: how the figures are made (the national report has the full chapter)."""
    threshold = int(params.get("suppression_threshold", codes.DEFAULT_SUPPRESSION_THRESHOLD))
    return [
        "## Methodology",
        "**Relative likelihood (RL).** For each indicator, the rate among minoritised staff "
        "(or one ethnic group) divided by the rate among white staff. An RL of 1 means equal "
        "likelihood; 0.5 means half as likely; 1.4 means 40% more likely. Staff whose ethnicity "
        "is not known are left out of every figure.",
        "**Intervals.** 95% intervals use the Katz log method for relative likelihoods and the "
        "Wilson score method for shares and percentages. A difference is called clear only when "
        "the whole interval lies above or below 1. The shaded band from 0.80 to 1.25 (the "
        "'four-fifths' band many WRES reports use) is shown alongside the interval, never "
        "instead of it.",
        f"**Small numbers.** Any figure built from a count between 1 and {threshold - 1} is "
        "shown as [c] to protect individuals. [x] marks a figure that cannot be calculated (for "
        "example no staff at risk, or no white staff with the outcome).",
        "**Comparisons.** National figures pool the counts of every authority with a valid "
        "return before dividing. Your position among authorities uses their published values "
        "only, without names.",
    ]
