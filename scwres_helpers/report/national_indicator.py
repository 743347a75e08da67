"""One national chapter per indicator: the pooled figure, the story underneath, the spread.

Each chapter says the national relative likelihood in words, splits it by ethnic group
and by service (chart and table each), then shows how authorities compare: the
distribution of their values and a funnel plot against the pooled rate, both without
labels, and how many authorities had a clear adverse difference (counts only). Authority
rows reach the chapter only through the anonymous selectors (``publishable_values``,
``publishable_counts``, whose counts are judged by ``inference.funnel`` and never shown)
or as counts of publishable rows, so no code, name or
suppressed figure can appear.

Chapter "7" covers indicators 7a and 7b; chapter "1" covers the pay bands (shares and
the three reporting bands); chapter "9" adds the senior-manager share and gap.
"""

from __future__ import annotations

import pandas as pd

from scwres_helpers import codes, registry
from scwres_helpers.bundles import NationalInputs
from scwres_helpers.indicators.judgement import authority_assessment_counts
from scwres_helpers.inference.funnel import LEVEL_998, judge_funnel
from scwres_helpers.indicators.select import (
    COMPLETE,
    GAP,
    PERCENT,
    RL,
    SHARE,
    publishable_counts,
    publishable_values,
    row_state,
    select,
    single_row,
)
from scwres_helpers.report.charts import (
    distribution_chart,
    funnel_plot,
    indicator_groups_chart,
    representation_chart,
    service_comparison_chart,
)
from scwres_helpers.report.narrative import (
    gap_sentence,
    percent_sentence,
    rl_paragraph,
    rl_sentence,
    share_sentence,
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
from scwres_helpers.report.phrases import capitalise, say
from scwres_helpers.report.tables import group_table, service_table
from scwres_helpers.report.trend_change import change_sentence, national_change
from scwres_helpers.report.within_authorities import within_authorities, within_sentence
from scwres_helpers.report.wording import SERVICE_LABELS, white_noun


def _national_rl(rows: pd.DataFrame, indicator: str, breakdown: str = "", group: str = codes.MINORITISED,
                 service: str = codes.ALL_SERVICES) -> pd.Series | None:
    return single_row(rows, indicator=indicator, measure=RL, group=group, service=service,
                      breakdown=breakdown)


def authority_assessment_sentence(counts: dict[str, int], indicator: str, breakdown: str = "") -> str:
    """The counts of ``authority_assessment_counts`` in words; names no authority."""
    total = counts["total"]
    if not total:
        return say("national.indicator.counts.none")
    direction = registry.adverse_direction(indicator, breakdown)
    if direction is not None:
        where = "below" if direction == registry.LESS_LIKELY else "above"
        parts = [say("national.indicator.counts.adverse", n=counts["adverse"], where=where)]
        if counts["other_clear"]:
            parts.append(say("national.indicator.counts.other_direction", n=counts["other_clear"]))
    else:
        parts = [say("national.indicator.counts.clear", n=counts["other_clear"])]
    parts.append(say("national.indicator.counts.no_clear", n=counts["no_clear"]))
    sentences = [say("national.indicator.counts.sentence", authorities=authorities_word(total), parts=parts)]
    extra = [say(f"national.indicator.counts.{key}", n=counts[key])
             for key in ("not_assessed", "suppressed") if counts[key]]
    if extra:
        sentences.append(capitalise(" and ".join(extra)) + ".")
    if direction is None:
        sentences.append(say("national.indicator.counts.not_judged"))
    return " ".join(sentences)


def _spread_blocks(rows: pd.DataFrame, nat: pd.DataFrame, indicator: str, breakdown: str,
                   year: int) -> list[Block]:
    """Distribution and funnel plot of authorities' values (no labels), or why they are missing."""
    blocks: list[Block] = []
    values = publishable_values(rows, indicator, breakdown=breakdown)
    if values.empty:
        blocks.append(say("national.indicator.no_values"))
        return blocks
    blocks.append(say("national.indicator.spread", noun=registry.words(indicator, breakdown).noun))
    blocks.append(distribution_chart(values, None, indicator, breakdown=breakdown, year=year))
    national = _national_rl(nat, indicator, breakdown)
    if national is None or row_state(national) != COMPLETE:
        blocks.append(say("national.indicator.no_funnel_centre"))
        return blocks
    pooled = [national[c] for c in ("numerator_group", "denominator_group", "numerator_white", "denominator_white")]
    if any(pd.isna(c) for c in pooled):
        blocks.append(say("national.indicator.no_funnel_centre"))
        return blocks
    a_g, n_g, a_w, n_w = (int(c) for c in pooled)
    if not (0 < a_g < n_g and 0 < a_w < n_w):
        blocks.append(say("national.indicator.no_funnel_room"))
        return blocks
    counts = publishable_counts(rows, indicator, breakdown=breakdown)
    funnel = judge_funnel(counts, LEVEL_998, national=(a_g, n_g, a_w, n_w))
    blocks.append(funnel_plot(funnel, indicator=indicator, breakdown=breakdown, year=year))
    return blocks


def _caption(indicator: str, breakdown: str, by: str, year: int) -> str:
    return say("national.indicator.caption", of_outcome=registry.words(indicator, breakdown).of_outcome,
               by=say(f"national.indicator.by_{by}_caption"), year=year)


def _survey_coverage_sentence(rows: pd.DataFrame, indicator: str, pooled: int) -> str:
    """How many authorities' surveys feed the indicator (a count, never which ones)."""
    chosen = select(rows, scope="authority", indicator=indicator, measure=RL, group=codes.MINORITISED,
                    service=codes.ALL_SERVICES)
    n = int(chosen["authority_code"].nunique())
    return say("national.indicator.survey_coverage", n=n, authorities=authorities_word(pooled))


def _percent_blocks(nat: pd.DataFrame, indicator: str) -> list[Block]:
    """The percentage of each group reporting harassment (survey indicators)."""
    items = []
    for group in codes.COMPARED_GROUPS:
        row = single_row(nat, indicator=indicator, measure=PERCENT, group=group, service=codes.ALL_SERVICES)
        if row is not None:
            items.append(f"- {percent_sentence(row)}")
    if not items:
        return []
    return [say("national.indicator.percent_intro") + "\n\n" + "\n".join(items)]


def _change_text(inputs: NationalInputs, indicator: str, breakdown: str = "") -> str:
    """The headline against last year, tested (``report.trend_change``); '' without last year."""
    history = select(national_rows(inputs, year=0), indicator=indicator, measure=RL, group=codes.MINORITISED,
                     service=codes.ALL_SERVICES, breakdown=breakdown)
    authorities = inputs.indicators.loc[inputs.indicators["scope"] == "authority"]
    return change_sentence(national_change(history, authorities))


def _rl_section(rows: pd.DataFrame, nat: pd.DataFrame, indicator: str, year: int, pooled: int,
                level: int, breakdown: str = "", four_fifths: bool = True, tested: str = "") -> list[Block]:
    """The national figure, by ethnic group, by service, and across authorities, at heading ``level``.

    ``tested`` is the headline's tested change since last year, in words.
    """
    blocks: list[Block] = []
    headline = _national_rl(nat, indicator, breakdown)
    if headline is None:
        return [say("national.indicator.no_figure")]
    blocks.append(rl_paragraph(headline))
    if tested:
        blocks.append(tested)
    within = within_sentence(within_authorities(rows, headline, indicator, breakdown), headline)
    if within:
        blocks.append(within)
    if registry.indicator(indicator).is_survey:
        blocks.append(_survey_coverage_sentence(rows, indicator, pooled))
        blocks += _percent_blocks(nat, indicator)
    words = registry.words(indicator, breakdown)

    blocks.append(heading(level, say("national.indicator.by_group_heading")))
    blocks.append(say("national.indicator.by_group", white=white_noun(words.noun)))
    group_items = [f"- {rl_sentence(r)}" for r in
                   (_national_rl(nat, indicator, breakdown, group=g) for g in codes.MINORITISED_GROUPS)
                   if r is not None]
    if group_items:
        blocks.append("\n".join(group_items))
    blocks.append(indicator_groups_chart(nat, indicator, breakdown=breakdown, band=four_fifths))
    blocks.append(TableBlock(group_table(nat, indicator, breakdown=breakdown),
                             _caption(indicator, breakdown, "group", year)))

    blocks.append(heading(level, say("national.indicator.by_service_heading")))
    service_items = []
    for service in codes.SERVICES:
        row = _national_rl(nat, indicator, breakdown, service=service)
        if row is not None:
            item = say("national.indicator.service_item", service=SERVICE_LABELS[service], sentence=rl_sentence(row))
            service_items.append(f"- {item}")
    blocks.append(say("national.indicator.by_service"))
    if service_items:
        blocks.append("\n".join(service_items))
    blocks.append(service_comparison_chart(nat, indicator, breakdown=breakdown, band=four_fifths))
    blocks.append(TableBlock(service_table(nat, indicator, breakdown=breakdown),
                             _caption(indicator, breakdown, "service", year)))

    blocks.append(heading(level, say("national.indicator.compare_heading")))
    blocks.append(authority_assessment_sentence(authority_assessment_counts(rows, indicator, breakdown),
                                                indicator, breakdown))
    blocks += _spread_blocks(rows, nat, indicator, breakdown, year)
    return blocks


def _representation_blocks(inputs: NationalInputs, rows: pd.DataFrame, nat: pd.DataFrame, year: int,
                           pooled: int, four_fifths: bool) -> list[Block]:
    """Chapter 1: the minoritised share by band, then each reporting band as an RL section."""
    blocks: list[Block] = [heading(2, say("national.indicator.shares_heading"))]
    shares = [single_row(nat, indicator="1", measure=SHARE, group=codes.MINORITISED,
                         service=codes.ALL_SERVICES, breakdown=b) for b in registry.SHOWN_BANDS]
    blocks.append("\n".join(f"- {share_sentence(r)}" for r in shares if r is not None))
    blocks.append(representation_chart(nat))
    for band in registry.SHOWN_BANDS:
        if _national_rl(nat, "1", band) is None:
            continue
        blocks.append(heading(2, say("national.indicator.band_heading", band=registry.BAND_PHRASES[band])))
        blocks += _rl_section(rows, nat, "1", year, pooled, 3, band, four_fifths,
                              tested=_change_text(inputs, "1", band))
    return blocks


def _senior_manager_blocks(nat: pd.DataFrame, indicator: str) -> list[Block]:
    """Chapter 9: the minoritised share of senior managers and its gap with the workforce."""
    share = single_row(nat, indicator=indicator, measure=SHARE, group=codes.MINORITISED, service=codes.ALL_SERVICES)
    gap = single_row(nat, indicator=indicator, measure=GAP, group=codes.MINORITISED, service=codes.ALL_SERVICES)
    items = [f(r) for f, r in ((share_sentence, share), (gap_sentence, gap)) if r is not None]
    return [" ".join(items)] if items else []


def _chapter(chapter_id: str) -> registry.Chapter:
    chapters = {c.id: c for c in registry.indicator_chapters()}
    if chapter_id not in chapters:
        raise ValueError(f"no national chapter for indicator {chapter_id!r}; "
                         f"expected one of {', '.join(chapters)}")
    return chapters[chapter_id]


def indicator_blocks(inputs: NationalInputs, indicator: str, params: dict | None = None) -> list[Block]:
    """The chapter of ``registry.indicator_chapters`` with id ``indicator`` ("7" covers 7a and 7b)."""
    chapter = _chapter(indicator)
    settings = NationalSettings.from_params(params)
    rows, nat, year = year_rows(inputs), national_rows(inputs), inputs.year
    pooled = pooled_counts(inputs).get(year, 0)
    blocks = chapter_opening(chapter.page, inputs, settings)
    blocks.append(chapter.introduction)
    parts = chapter.indicators
    if registry.indicator(parts[0]).kind == registry.BANDS:
        return blocks + _representation_blocks(inputs, rows, nat, year, pooled, settings.show_four_fifths_band)
    for part in parts:
        level = 2
        if len(parts) > 1:
            blocks.append(heading(2, f"{part}. {codes.INDICATOR_NAMES[part]}"))
            level = 3
        else:
            blocks.append(heading(2, say("national.indicator.national_heading")))
        if registry.indicator(part).kind == registry.SENIOR:
            blocks += _senior_manager_blocks(nat, part)
        blocks += _rl_section(rows, nat, part, year, pooled, level, four_fifths=settings.show_four_fifths_band,
                              tested=_change_text(inputs, part))
    return blocks


__all__ = [
    "authority_assessment_counts",
    "authority_assessment_sentence",
    "indicator_blocks",
]
