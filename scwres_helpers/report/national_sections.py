"""The national annual report's chapters, each composed as a list of blocks.

One function per chapter: ``overview_blocks`` (key findings), ``indicator_blocks`` (one
per indicator chapter), ``participation_blocks`` (who took part, data quality),
``trend_blocks`` (pooled national values over the years); the methodology chapter is
markdown in its notebook, with its figures from ``report.methodology``.
The notebooks in ``notebooks/national/`` call them and ``show_blocks`` the result, so
every figure a chapter shows comes from here and is tested here.

The national report is public: authority rows are used only as counts (how many
authorities, how many figures suppressed) or through the anonymous selectors, never
with a code or a name, and suppressed figures only as "[c]".
"""

from __future__ import annotations

import pandas as pd

from scwres_helpers import codes, registry
from scwres_helpers.bundles import NationalInputs
from scwres_helpers.indicators.judgement import is_adverse
from scwres_helpers.indicators.select import (
    COMPLETE,
    GAP,
    RL,
    SHARE,
    SHARE_UNKNOWN,
    SUPPRESSED,
    row_state,
    row_states,
    select,
    single_row,
)
from scwres_helpers.report.chart import NATIONAL_LABEL
from scwres_helpers.report.charts import summary_dot_interval, trend_chart
from scwres_helpers.report.formatting import format_count, format_percent
from scwres_helpers.report.narrative import (
    gap_sentence,
    rl_paragraph,
    share_sentence,
    trend_sentence,
    unknown_sentence,
)
from scwres_helpers.report.national_blocks import (
    CHAPTER_TITLES,
    SYNTHETIC_BANNER,
    SYNTHETIC_BANNER_TEXT,
    Block,
    NationalSettings,
    TableBlock,
    authorities_word,
    chapter_opening,
    heading,
    headings,
    load_national,
    national_rows,
    pooled_counts,
    public_text,
    show_blocks,
    split_opening,
    year_rows,
)
from scwres_helpers.report.national_indicator import indicator_blocks
from scwres_helpers.report.phrases import join_words
from scwres_helpers.report.tables import data_quality_table, flag_table, summary_table, trend_table
from scwres_helpers.report.trend_change import change_sentence, national_change
from scwres_helpers.report.wording import white_noun

PARTICIPATION_CAPTION = "Authorities whose returns each year's national figures pool"


def _headline_rl(nat: pd.DataFrame, indicator: str) -> pd.Series | None:
    return single_row(nat, indicator=indicator, measure=RL, group=codes.MINORITISED,
                      service=codes.ALL_SERVICES, breakdown="")


def _headline_span() -> str:
    """'2 to 9': the indicators with one relative likelihood each."""
    headline = registry.headline_ids()
    return f"{headline[0]} to {headline[-1]}"


def _indicator_title(indicator: str) -> str:
    return f"{indicator}. {codes.INDICATOR_NAMES[indicator]}"


# --- overview -------------------------------------------------------------------------


def findings_sentence(nat: pd.DataFrame, year: int, pooled: int) -> str:
    """How many of the measures 2 to 9 show a clear adverse difference nationally, and which."""
    present = [(i, r) for i in registry.headline_ids() if (r := _headline_rl(nat, i)) is not None]
    adverse = [registry.words(i).topic for i, r in present if is_adverse(r)]
    other = [registry.words(i).topic for i, r in present
             if not is_adverse(r) and row_state(r) == COMPLETE
             and str(r["assessment"]) in ("more_likely", "less_likely")]
    rest = len(present) - len(adverse) - len(other)
    n = len(present)
    sentence = (f"Pooling the returns of {authorities_word(pooled)}, the national figures for {year} "
                f"show a clear adverse difference for minoritised staff on {len(adverse)} of the {n} "
                f"measures of indicators {_headline_span()}")
    sentence += f": {join_words(adverse)}." if adverse else "."
    if other:
        sentence += (f" On {len(other)} measure{'s' if len(other) != 1 else ''} the difference is clear "
                     f"but not adverse ({join_words(other)}).")
    if rest:
        sentence += f" On the other {rest}, the data do not show a clear difference."
    return sentence


def coverage_counts(rows: pd.DataFrame) -> dict[str, int]:
    """How many authorities returned each service and ran the survey (counts only)."""
    authority = rows.loc[rows["scope"] == "authority"]
    dq = authority.loc[authority["indicator"] == codes.DATA_QUALITY_INDICATOR]
    surveyed = authority.loc[authority["indicator"].isin(registry.survey_ids())]
    return {
        "authorities": int(dq["authority_code"].nunique()),
        "adult": int(dq.loc[dq["service"] == "adult", "authority_code"].nunique()),
        "children": int(dq.loc[dq["service"] == "children", "authority_code"].nunique()),
        "survey": int(surveyed["authority_code"].nunique()),
    }


def participation_sentence(inputs: NationalInputs, year: int | None = None) -> str:
    """Who a year's national figures pool, who was left out, and what they returned."""
    year = inputs.year if year is None else year
    frame = inputs.participation.loc[inputs.participation["year"] == year]
    if frame.empty:
        return f"There were no valid returns for {year}."
    pooled = int(frame["authorities_pooled"].iloc[0])
    quarantined = int(frame["returns_quarantined"].iloc[0])
    left_out = ("no return was left out" if quarantined == 0 else
                f"{quarantined} return{'s were' if quarantined != 1 else ' was'} left out because "
                f"{'they' if quarantined != 1 else 'it'} had errors")
    cover = coverage_counts(year_rows(inputs, year))
    return (f"The national figures for {year} pool the returns of {authorities_word(pooled)}; "
            f"{left_out}. Of the {authorities_word(pooled)}, {cover['adult']} returned figures for "
            f"adult services, {cover['children']} for children's services, and {cover['survey']} ran "
            "the staff survey.")


def overview_blocks(inputs: NationalInputs, params: dict | None = None) -> list[Block]:
    """The overview chapter: key findings in plain words, who took part, every indicator at a glance."""
    settings = NationalSettings.from_params(params)
    nat, year = national_rows(inputs), inputs.year
    pooled = pooled_counts(inputs).get(year, 0)
    blocks = chapter_opening("index", inputs, settings)

    blocks.append(heading(2, "Key findings"))
    blocks.append(findings_sentence(nat, year, pooled))
    items = []
    for indicator in registry.headline_ids():
        row = _headline_rl(nat, indicator)
        if row is not None:
            items.append(f"- **{_indicator_title(indicator)}.** {rl_paragraph(row)}")
    blocks.append("\n".join(items))

    blocks.append(heading(2, "Representation"))
    shares = [single_row(nat, indicator="1", measure=SHARE, group=codes.MINORITISED,
                         service=codes.ALL_SERVICES, breakdown=b) for b in registry.SHOWN_BANDS]
    senior = [single_row(nat, indicator="9", measure=m, group=codes.MINORITISED,
                         service=codes.ALL_SERVICES) for m in (SHARE, GAP)]
    lines = [f"- {share_sentence(r)}" for r in shares if r is not None]
    lines += [f"- {f(r)}" for f, r in zip((share_sentence, gap_sentence), senior) if r is not None]
    blocks.append("\n".join(lines))

    blocks.append(heading(2, "Who took part"))
    blocks.append(participation_sentence(inputs))

    blocks.append(heading(2, "All indicators at a glance"))
    blocks.append(
        "The chart shows each indicator's national relative likelihood with its 95% interval. "
        "A dot to the left of the line at 1 means minoritised staff were less likely than white "
        "staff to have that outcome, to the right more likely. Diamonds mark a clear adverse "
        "difference. The shaded band from 0.8 to 1.25 is the \"four-fifths\" range that many "
        "workforce race equality reports treat as no adverse impact; it is shown beside the "
        "interval, never instead of it."
    )
    blocks.append(summary_dot_interval(nat, NATIONAL_LABEL, band=settings.show_four_fifths_band))
    blocks.append(TableBlock(summary_table(nat),
                             f"Relative likelihood of minoritised compared with white staff, indicators 2 "
                             f"to 9, all participating authorities (pooled), {year}"))
    return blocks


# --- participation and data quality ---------------------------------------------------


def participation_table(inputs: NationalInputs) -> pd.DataFrame:
    """Year, authorities pooled and returns quarantined, as text cells."""
    frame = inputs.participation.sort_values("year", kind="mergesort")
    return pd.DataFrame({
        "Year": [str(int(y)) for y in frame["year"]],
        "Authorities pooled": [format_count(n) for n in frame["authorities_pooled"]],
        "Returns left out (errors)": [format_count(n) for n in frame["returns_quarantined"]],
    }, dtype="str")


def warnings_table(inputs: NationalInputs) -> pd.DataFrame:
    """Warnings by kind and year: how many pooled returns had each (never which)."""
    frame = inputs.warnings_by_rule.sort_values(["year", "warning"], kind="mergesort")
    return pd.DataFrame({
        "Year": [str(int(y)) for y in frame["year"]],
        "Warning": [str(w) for w in frame["warning"]],
        "Returns": [format_count(n) for n in frame["returns"]],
    }, columns=["Year", "Warning", "Returns"], dtype="str")


def suppression_counts(rows: pd.DataFrame) -> dict[str, int]:
    """Authority-level relative likelihoods of a year: how many, suppressed, without a value or interval."""
    authority = select(rows, scope="authority", measure=RL)
    states = row_states(authority)
    return {
        "total": len(states),
        "suppressed": int((states == SUPPRESSED).sum()),
        "incomplete": int(((states != SUPPRESSED) & (states != COMPLETE)).sum()),
    }


def _suppression_sentence(counts: dict[str, int], year: int, threshold: int) -> str:
    total = counts["total"]
    if not total:
        return f"There are no authority-level relative likelihoods for {year}."
    share = format_percent(100 * counts["suppressed"] / total)
    return (f"Of the {format_count(total)} relative likelihoods calculated for single authorities "
            f"in {year} (every indicator, group and service), {format_count(counts['suppressed'])} "
            f"({share}) rest on a count from 1 to {threshold - 1} and are too small to publish, and "
            f"{format_count(counts['incomplete'])} have no value or no interval because of a zero. "
            "Pooling authorities is what makes most national figures publishable.")


def participation_blocks(inputs: NationalInputs, params: dict | None = None) -> list[Block]:
    """Who took part each year, unknown ethnicity, warnings and what could not be published."""
    settings = NationalSettings.from_params(params)
    nat, year = national_rows(inputs), inputs.year
    blocks = chapter_opening("participation", inputs, settings)

    blocks.append(heading(2, "Authorities taking part"))
    blocks.append(participation_sentence(inputs))
    blocks.append(
        "A return with errors is quarantined: it is left out of that year's figures until it is "
        "corrected, and never altered. The number of authorities taking part changes from year "
        "to year, so each year's national figures pool a different set of authorities."
    )
    blocks.append(TableBlock(participation_table(inputs), PARTICIPATION_CAPTION))

    blocks.append(heading(2, "Unknown ethnicity"))
    blocks.append(
        "Staff whose ethnicity was not known, or who preferred not to say, are left out of every "
        "indicator. Their share of the workforce is a measure of data quality: the higher it is, "
        "the less certain the comparisons are."
    )
    dq = [single_row(nat, indicator=codes.DATA_QUALITY_INDICATOR, measure=SHARE_UNKNOWN, service=s)
          for s in codes.REPORTING_SERVICES]
    blocks.append("\n".join(f"- {unknown_sentence(r)}" for r in dq if r is not None))
    blocks.append(TableBlock(data_quality_table(nat),
                             f"Staff whose ethnicity is not known, all participating authorities (pooled), {year}"))

    blocks.append(heading(2, "Warnings"))
    warnings = warnings_table(inputs)
    blocks.append(
        "Warnings do not stop a return from being used; they point at figures worth checking. "
        "The table counts the pooled returns with each kind of warning."
    )
    if warnings.empty:
        blocks.append("No pooled return had a warning.")
    else:
        blocks.append(TableBlock(warnings, "Pooled returns with a warning, by kind of warning and year"))

    blocks.append(heading(2, "Figures that could not be published"))
    blocks.append(_suppression_sentence(suppression_counts(year_rows(inputs)), year,
                                        settings.suppression_threshold))
    flags = flag_table(nat)
    if flags.empty:
        blocks.append(f"Every national relative likelihood for {year} could be given in full.")
    else:
        blocks.append("Some national figures for single groups or services still could not be given "
                      "in full; the table says why.")
        blocks.append(TableBlock(flags, f"National relative likelihoods that could not be given in full, {year}"))
    if inputs.plan_summary is not None:
        from scwres_helpers.report.action_sections import national_plan_blocks

        blocks += national_plan_blocks(inputs.plan_summary, year)
    return blocks


# --- trends ---------------------------------------------------------------------------


def pooled_sentence(inputs: NationalInputs) -> str:
    """'The national figures pool 10 authorities in 2022, 12 in 2023 and 12 in 2024.'"""
    counts = pooled_counts(inputs)
    items = [f"{authorities_word(n) if i == 0 else n} in {y}" for i, (y, n) in enumerate(sorted(counts.items()))]
    return (f"The national figures pool {join_words(items)}. Because the authorities taking part "
            "change from year to year, a change in a national figure can reflect who took part as "
            "well as a real change.")


def trend_blocks(inputs: NationalInputs, params: dict | None = None) -> list[Block]:
    """Pooled national values over the years, saying how many authorities each year pools."""
    settings = NationalSettings.from_params(params)
    every_year = national_rows(inputs, year=0)
    counts = pooled_counts(inputs)
    authorities = inputs.indicators.loc[inputs.indicators["scope"] == "authority"]
    blocks = chapter_opening("trends", inputs, settings)
    blocks.append(pooled_sentence(inputs))
    blocks.append(TableBlock(participation_table(inputs), PARTICIPATION_CAPTION))

    blocks.append(heading(2, _indicator_title("1")))
    lines = []
    for band in registry.SHOWN_BANDS:
        rows = select(every_year, indicator="1", measure=SHARE, group=codes.MINORITISED,
                      service=codes.ALL_SERVICES, breakdown=band)
        if not rows.empty:
            lines.append(f"- {trend_sentence(rows)}")
    blocks.append("\n".join(lines))

    for indicator in registry.headline_ids():
        rows = select(every_year, indicator=indicator, measure=RL, group=codes.MINORITISED,
                      service=codes.ALL_SERVICES, breakdown="")
        if rows.empty:
            continue
        blocks.append(heading(2, _indicator_title(indicator)))
        blocks.append(trend_sentence(rows))
        tested = change_sentence(national_change(rows, authorities))
        if tested:
            blocks.append(tested)
        blocks.append(trend_chart(every_year, indicator, NATIONAL_LABEL, pooled_counts=counts,
                                  band=settings.show_four_fifths_band))
        words = registry.words(indicator)
        blocks.append(TableBlock(trend_table(every_year, indicator),
                                 f"Relative likelihood {words.of_outcome}, minoritised compared with "
                                 f"{white_noun(words.noun)}, all participating authorities (pooled), by year"))
    return blocks


__all__ = [
    "CHAPTER_TITLES",
    "SYNTHETIC_BANNER",
    "SYNTHETIC_BANNER_TEXT",
    "Block",
    "NationalSettings",
    "TableBlock",
    "coverage_counts",
    "findings_sentence",
    "headings",
    "indicator_blocks",
    "load_national",
    "overview_blocks",
    "participation_blocks",
    "participation_sentence",
    "participation_table",
    "pooled_sentence",
    "public_text",
    "show_blocks",
    "split_opening",
    "suppression_counts",
    "trend_blocks",
    "warnings_table",
]
