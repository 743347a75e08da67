"""The sections of an authority's report, composed from its input bundle.

Every function takes an ``AuthorityInputs`` (its own rows, national rows and an
anonymous distribution of other authorities' values) and returns blocks. Nothing
here can reach another authority's code, name or figures: the bundle holds none.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from scwres_helpers import codes, registry
from scwres_helpers.bundles import AuthorityInputs, authority_inputs_from_returns
from scwres_helpers.dates import long_date
from scwres_helpers.indicators.judgement import is_adverse
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
from scwres_helpers.report import narrative, tables
from scwres_helpers.report.blocks import Block, TableBlock, escape_text
from scwres_helpers.report.charts import (
    indicator_groups_chart,
    representation_chart,
    summary_dot_interval,
    trend_chart,
)
from scwres_helpers.report.phrases import number_word, say
from scwres_helpers.report.settings import ReportSettings
from scwres_helpers.report.trend_change import change_sentence, latest_change

SYNTHETIC_BANNER = say("authority.synthetic_banner")
# Trends drawn as charts (the rest as tables): appointment and disciplinary are the
# programme's headline measures; a chart each keeps the report quick to build and read.
TREND_CHART_INDICATORS = ("2", "3")
# A by-group chart needs at least two groups with a figure to show: with one or none it
# would be a picture of "[c]" labels (about 4 in 10 group charts at 153 authorities),
# so the table alone says it, and the report is shorter and quicker to build.
MIN_GROUPS_TO_CHART = 2


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


def _band(params: dict | None) -> bool:
    """Whether charts shade the four-fifths band (``show_four_fifths_band``)."""
    return ReportSettings.from_params(params).show_four_fifths_band


def has_both_services(inputs: AuthorityInputs) -> bool:
    present = set(own_rows(inputs)["service"])
    return all(s in present for s in codes.SERVICES)


def title_blocks(inputs: AuthorityInputs, params: dict) -> list[Block]:
    """Title (``report_title`` of the settings), who the report is for, and the
    synthetic-data banner where it applies."""
    title = escape_text(ReportSettings.from_params(params).report_title)
    name = escape_text(inputs.authority_name)
    blocks: list[Block] = [f"# {say('authority.title', title=title, name=name, year=inputs.year)}"]
    blocks += dating_blocks(inputs, ReportSettings.from_params(params))
    synthetic = params.get("synthetic_data")
    if inputs.synthetic if synthetic is None else synthetic:
        blocks.append(SYNTHETIC_BANNER)
    blocks.append(say(
        "authority.introduction", name=name, code=inputs.authority_code, year=inputs.year,
        indicators=number_word(len(registry.indicator_chapters())), pooled=_pooled_count(inputs),
    ))
    return blocks


def dating_blocks(inputs: AuthorityInputs, settings: ReportSettings) -> list[Block]:
    """When the report was published and, for a revised one, when and why it was revised."""
    blocks: list[Block] = []
    if settings.publication_date:
        blocks.append(say("authority.published", date=long_date(settings.publication_date)))
    revision = inputs.revision
    if revision:
        blocks.append(say(
            "authority.revised", revised=long_date(revision["revised"]), published=long_date(revision["published"]),
            reason=escape_text(str(revision["reason"]).strip().rstrip(".")),
            national_as_of=long_date(revision.get("national_as_of") or revision["published"]),
        ))
    return blocks


def _pooled_count(inputs: AuthorityInputs) -> int:
    part = inputs.participation
    return int(part.loc[part["year"] == inputs.year, "authorities_pooled"].iloc[0])


def _headline(inputs: AuthorityInputs, indicator: str) -> pd.Series | None:
    return single_row(own_rows(inputs), indicator=indicator, measure=RL, group=codes.MINORITISED,
                      service=codes.ALL_SERVICES, breakdown="")


def summary_blocks(inputs: AuthorityInputs, params: dict | None = None) -> list[Block]:
    """Key findings in words, the dot-and-interval chart and the summary table."""
    own, national = own_rows(inputs), national_rows(inputs)
    headline = registry.headline_ids()
    adverse = [
        codes.INDICATOR_NAMES[i].lower()
        for i in headline
        if (row := _headline(inputs, i)) is not None and is_adverse(row)
    ]
    if adverse:
        finding = say("authority.finding", adverse=adverse, total=len(headline))
    else:
        finding = say("authority.finding_none")
    blocks: list[Block] = [f"## {say('authority.summary_heading')}", finding]
    blocks.append(summary_dot_interval(own, "this authority", band=_band(params)))
    blocks.append(TableBlock(tables.summary_table(own, national),
                             say("authority.summary_caption", year=inputs.year)))
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


# The peers' publishable values of each figure as published, in order, by (peers file's
# sha256, indicator, breakdown). Every report of the year asks the same questions of the
# same peers, and at 2,000 organisations each answer scanned a 400,000-row table (together
# 0.3 s of each report); a kernel that runs many reports works each out once.
_PEER_VALUES: dict[tuple[str, str, str], tuple[float, ...]] = {}
_PEER_VALUES_KEPT = 512  # 9 indicators by their breakdowns, for a few years' peers


def _peers_published(inputs: AuthorityInputs, indicator: str, breakdown: str = "") -> tuple[float, ...]:
    if inputs.peers_key is None:
        return narrative.published_positions(publishable_values(inputs.peers, indicator, breakdown=breakdown))
    key = (inputs.peers_key, indicator, breakdown)
    if key not in _PEER_VALUES:
        if len(_PEER_VALUES) >= _PEER_VALUES_KEPT:
            _PEER_VALUES.clear()
        _PEER_VALUES[key] = narrative.published_positions(
            publishable_values(inputs.peers, indicator, breakdown=breakdown))
    return _PEER_VALUES[key]


def _rl_comparison_blocks(inputs: AuthorityInputs, indicator: str, breakdown: str = "") -> list[Block]:
    """Sentence, national comparison and position among authorities for one RL."""
    own, national = own_rows(inputs), national_rows(inputs)
    criteria = dict(indicator=indicator, measure=RL, group=codes.MINORITISED,
                    service=codes.ALL_SERVICES, breakdown=breakdown)
    row = single_row(own, **criteria)
    if row is None:
        return [say("authority.no_figures", id=indicator)]
    national_row = single_row(national, **criteria)
    blocks: list[Block] = [narrative.rl_paragraph(row)]
    if national_row is not None:
        blocks.append(narrative.comparison_sentence(row, national_row))
    values = _peers_published(inputs, indicator, breakdown)
    publishable = row_state(row) not in ("suppressed", "no_value")
    own_value = float(row["value"]) if publishable else None
    if own_value is not None and len(values) >= 2:
        blocks.append(narrative.position_among(own_value, values, indicator, breakdown=breakdown))
    return blocks


def indicator_blocks(inputs: AuthorityInputs, indicator: str, params: dict | None = None) -> list[Block]:
    """One indicator's section: words, charts by group and service, comparisons."""
    own, national = own_rows(inputs), national_rows(inputs)
    about = registry.indicator(indicator)
    title = f"## {say('authority.indicator_heading', id=indicator, name=about.name)}"
    if select(own, indicator=indicator).empty:
        return [title, say("authority.not_reported", survey=about.is_survey)]
    if about.kind == registry.BANDS:
        return [title, *_representation_blocks(inputs, indicator)]
    blocks: list[Block] = [title, *_rl_comparison_blocks(inputs, indicator)]
    if about.is_survey:
        row = single_row(own, indicator=indicator, measure="percent_experienced",
                         group=codes.MINORITISED, service=codes.ALL_SERVICES)
        if row is not None:
            blocks.append(narrative.percent_sentence(row))
    if about.kind == registry.SENIOR:
        gap = single_row(own, indicator=indicator, measure=registry.GAP, group=codes.MINORITISED,
                         service=codes.ALL_SERVICES)
        if gap is not None:
            blocks.append(narrative.gap_sentence(gap))
    blocks.append(f"### {say('authority.by_group_heading')}")
    blocks.append(say("authority.split_exploratory"))
    if _groups_with_a_figure(own, indicator) >= MIN_GROUPS_TO_CHART:
        blocks.append(indicator_groups_chart(own, indicator, national, label="this authority",
                                             band=_band(params)))
    else:
        blocks.append(say("authority.few_groups"))
    blocks.append(TableBlock(tables.group_table(own, indicator),
                             say("authority.group_caption", id=indicator, year=inputs.year)))
    if has_both_services(inputs):
        blocks.append(f"### {say('authority.services_heading')}")
        blocks.append(TableBlock(tables.service_table(own, indicator),
                                 say("authority.service_caption", id=indicator, year=inputs.year)))
    return blocks


def _groups_with_a_figure(own: pd.DataFrame, indicator: str) -> int:
    """How many compared groups have a relative likelihood this report may show."""
    chosen = select(own, indicator=indicator, measure=RL, service=codes.ALL_SERVICES, breakdown="")
    return sum(row_state(chosen.iloc[i]) not in (SUPPRESSED, NO_VALUE) for i in range(len(chosen)))


def _representation_blocks(inputs: AuthorityInputs, indicator: str) -> list[Block]:
    own = own_rows(inputs)
    blocks: list[Block] = []
    for band in registry.SHOWN_BANDS:
        row = single_row(own, indicator=indicator, measure=SHARE, group=codes.MINORITISED,
                         service=codes.ALL_SERVICES, breakdown=band)
        if row is not None:
            blocks.append(narrative.share_sentence(row))
    blocks.append(representation_chart(own, label="this authority"))
    for band in registry.SHOWN_BANDS:
        blocks.extend(_rl_comparison_blocks(inputs, indicator, breakdown=band)[:2])
    return blocks


def years_returned(inputs: AuthorityInputs) -> list[int]:
    return sorted(int(y) for y in inputs.rows["year"].unique())


def trend_blocks(inputs: AuthorityInputs, params: dict | None = None) -> list[Block]:
    """This authority's own figures over the years it has returned: a chart and a table."""
    years = years_returned(inputs)
    blocks: list[Block] = [f"## {say('authority.trends_heading')}"]
    if len(years) < 2:
        return blocks + [say("authority.first_year", year=inputs.year)]
    blocks.append(say("authority.trends_intro", years=[str(y) for y in years]))
    for indicator in registry.headline_ids():
        rows = select(inputs.rows, indicator=indicator, measure=RL, group=codes.MINORITISED,
                      service=codes.ALL_SERVICES, breakdown="")
        if rows["year"].nunique() < 2:
            continue
        blocks.append(f"### {codes.INDICATOR_NAMES[indicator]}")
        blocks.append(narrative.trend_sentence(rows))
        tested = change_sentence(latest_change(rows))
        if tested:
            blocks.append(tested)
        if indicator in TREND_CHART_INDICATORS:
            blocks.append(trend_chart(rows, indicator, "this authority", band=_band(params)))
        else:
            blocks.append(TableBlock(tables.trend_table(rows, indicator),
                                     say("authority.trend_caption", id=indicator)))
    return blocks


def data_quality_blocks(inputs: AuthorityInputs) -> list[Block]:
    """Unknown ethnicity and the warnings validation raised for this return."""
    own = own_rows(inputs)
    blocks: list[Block] = [f"## {say('authority.data_quality_heading')}"]
    dq = select(own, indicator=codes.DATA_QUALITY_INDICATOR)
    row = single_row(dq, service=codes.ALL_SERVICES)
    if row is not None:
        blocks.append(narrative.unknown_sentence(row))
    blocks.append(TableBlock(tables.data_quality_table(dq), say("authority.unknown_caption", year=inputs.year)))
    if inputs.warnings:
        items = "\n".join(f"- {escape_text(w)}" for w in inputs.warnings)
        blocks.append(f"{say('authority.warnings')}\n\n{items}")
    else:
        blocks.append(say("authority.no_warnings"))
    flagged = tables.flag_table(shown_relative_likelihoods(own))
    if not flagged.empty:
        blocks.append(TableBlock(flagged, say("authority.flags_caption", year=inputs.year)))
    return blocks


def shown_relative_likelihoods(own: pd.DataFrame) -> pd.DataFrame:
    """The relative likelihoods this report shows: every group for all services and every
    service for minoritised staff (indicators 2 to 9), and minoritised staff in all services
    for each band of indicator 1 the report compares. The rest of the authority's rows
    (Asian staff in adult services, ...) are in its data, not in the report, so the account
    of what is not given in full leaves them out."""
    chosen = select(own, measure=RL)
    group, service, indicator, breakdown = (chosen[c].to_numpy() for c in
                                            ("group", "service", "indicator", "breakdown"))
    bands = registry.ids_of_kind(registry.BANDS)
    shown_elsewhere = ((service == codes.ALL_SERVICES) | (group == codes.MINORITISED)) & (breakdown == "")
    shown_bands = ((group == codes.MINORITISED) & (service == codes.ALL_SERVICES)
                   & pd.Series(breakdown).isin(registry.SHOWN_BANDS).to_numpy())
    is_bands = pd.Series(indicator).isin(bands).to_numpy()
    return chosen[(~is_bands & shown_elsewhere) | (is_bands & shown_bands)]


def methodology_blocks(params: dict) -> list[Block]:
    """A short appendix: how the figures are made (the national report has the full chapter)."""
    threshold = int(params.get("suppression_threshold", codes.DEFAULT_SUPPRESSION_THRESHOLD))
    return [
        f"## {say('authority.methodology_heading')}",
        say("authority.methodology.rl"),
        say("authority.methodology.intervals", band=ReportSettings.from_params(params).four_fifths_band),
        say("authority.methodology.small_numbers", threshold=threshold),
        say("authority.methodology.comparisons"),
        say("authority.methodology.many_comparisons"),
    ]
