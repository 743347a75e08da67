"""Plain-English sentences about rows of the indicators table.

Reports read as sentences, not codes: every sentence is built from one row (or a few)
so the words always match the numbers. The words themselves are phrases of
``templates/phrases.yml``; this module picks the phrase for a row and fills in its
figures. Relative likelihoods have 2 decimals and percentages 1. A withheld row never
yields a number, only why it is withheld: too few people, or so that a small number
elsewhere cannot be worked out (``disclosure.withheld_reason``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence

import pandas as pd

from scwres_helpers import registry
from scwres_helpers.codes import REPORTING_SERVICES
from scwres_helpers.disclosure import withheld_reason
from scwres_helpers.disclosure.indicator_rows import published_value
from scwres_helpers.indicators.judgement import judgement, row_judgement
from scwres_helpers.indicators.select import (
    COMPLETE,
    GAP,
    NO_INTERVAL,
    NO_VALUE,
    PERCENT,
    RL,
    SHARE,
    SHARE_UNKNOWN,
    SUPPRESSED,
    number_or_none,
    row_state,
)
from scwres_helpers.report.formatting import (
    format_interval,
    format_percent,
    format_pp,
    format_rl,
)
from scwres_helpers.report.phrases import join_words, labels, say
from scwres_helpers.report.wording import (
    group_member,
    group_noun,
    group_population,
    service_suffix,
    white_noun,
)

MEASURE_NAMES = labels("measures")


# --- helpers --------------------------------------------------------------------------


def _words(row: pd.Series) -> registry.Words:
    return registry.words(str(row["indicator"]), str(row["breakdown"]))


def _value(row: pd.Series) -> float:
    value = number_or_none(row["value"])
    if value is None:
        raise ValueError("row has no value")
    return value


def _count(x: object) -> int | None:
    value = number_or_none(x)
    return None if value is None else int(value)


def _share_scope(row: pd.Series) -> tuple[str, str]:
    """(noun, suffix) of the people a share is taken of: band staff or senior managers."""
    if registry.indicator(str(row["indicator"])).kind == registry.SENIOR:
        return "senior managers", ""
    return "staff", " " + _words(row).had_outcome.removeprefix("were ")


def format_value(value: float, measure: str) -> str:
    """A value of ``measure`` as printed: RL 0.52, share 18.0%, percentage 23.4%, gap 4.2."""
    if measure == RL:
        return format_rl(value)
    if measure in (SHARE, SHARE_UNKNOWN):
        return format_percent(100 * value)
    if measure == PERCENT:
        return format_percent(value)
    if measure == GAP:
        return say("figures.gap", value=format_pp(value))
    raise ValueError(f"unknown measure {measure!r}")


def _interval_text(row: pd.Series) -> str:
    measure = str(row["measure"])
    lower, upper = number_or_none(row["ci_lower"]), number_or_none(row["ci_upper"])
    if measure == RL:
        return format_interval(lower, upper)
    scale = 100 if measure in (SHARE, SHARE_UNKNOWN) else 1
    return format_interval(scale * lower, scale * upper, format_percent)


def _interval_if_complete(row: pd.Series) -> str:
    return _interval_text(row) if row_state(row) == COMPLETE else ""


# --- suppressed rows and flags --------------------------------------------------------


def _reason(row: pd.Series) -> str:
    reason = withheld_reason(row)
    if reason is None:
        raise ValueError("the row is not withheld")
    return reason


def suppressed_sentence(row: pd.Series) -> str:
    """What to say instead of a withheld figure, and why it is withheld."""
    reason = _reason(row)
    if str(row["measure"]) == SHARE_UNKNOWN:
        return say(f"withheld.plain.{reason}")
    words = _words(row)
    return say(f"withheld.sentence.{reason}", who=group_noun(str(row["group"]), words.noun), topic=words.topic)


def withheld_label(row: pd.Series) -> str:
    """'too few people' or 'withheld to protect a small number': beside a chart's row, after [c]."""
    return say(f"withheld.label.{_reason(row)}")


def flag_sentence(row: pd.Series) -> str:
    """Why a row has no value or no interval, in words; '' for a row without a flag."""
    flag = str(row["flag"])
    measure = str(row["measure"])
    if not flag:
        return ""
    if measure == SHARE_UNKNOWN:
        return say("narrative.flag.unknown_no_staff")
    words = _words(row)
    group = str(row["group"])
    who, white = group_noun(group, words.noun), white_noun(words.noun)
    if measure == SHARE and flag == "no_denominator":
        noun, scope = _share_scope(row)
        return say("narrative.flag.share_no_denominator", population=group_population(group, noun), scope=scope)
    if measure == GAP:
        return say("narrative.gap_undefined")
    if measure == PERCENT and flag == "no_denominator":
        return say("narrative.flag.percent_no_denominator", who=who)
    if flag == "zero_events":
        return say("narrative.flag.zero_events", who=who, had_outcome=words.had_outcome,
                   interval=_interval_if_complete(row))
    if flag == "reference_zero":
        return say("narrative.flag.reference_zero", white=white, had_outcome=words.had_outcome)
    if flag == "no_denominator":
        missing = []
        if _count(row["denominator_group"]) == 0:
            missing.append(who)
        if _count(row["denominator_white"]) == 0:
            missing.append(white)
        if not missing:  # the flag says so even if counts were blanked
            missing = [who]
        return say("narrative.flag.no_denominator", missing=missing)
    raise ValueError(f"unknown flag {flag!r}")


def short_flag_note(row: pd.Series) -> str:
    """A short reason for a missing value or interval, for chart data and alt text."""
    state = row_state(row)
    if state == SUPPRESSED:
        return say(f"withheld.short.{_reason(row)}")
    flag = str(row["flag"])
    if flag == "zero_events" and state == COMPLETE:
        return say("narrative.short_flag.zero_events_interval")
    if flag in ("zero_events", "reference_zero", "no_denominator"):
        return say(f"narrative.short_flag.{flag}")
    if state == NO_VALUE:
        return say("narrative.short_flag.no_value")
    if state == NO_INTERVAL and str(row["measure"]) != GAP:
        return say("narrative.short_flag.no_interval")
    return ""


# --- relative likelihoods -------------------------------------------------------------


def rl_sentence(row: pd.Series) -> str:
    """'Minoritised applicants were 0.52 times as likely as white applicants to be ...'."""
    state = row_state(row)
    if state == SUPPRESSED:
        return suppressed_sentence(row)
    if str(row["flag"]) or state == NO_VALUE:
        return flag_sentence(row)
    words = _words(row)
    return say(
        "narrative.rl",
        who=group_noun(str(row["group"]), words.noun),
        value=format_rl(_value(row)),
        white=white_noun(words.noun),
        to_outcome=words.to_outcome,
        interval=_interval_if_complete(row),
    )


def _likely_and_where(row: pd.Series) -> dict[str, str]:
    assessment = str(row["assessment"])
    if assessment not in (registry.MORE_LIKELY, registry.LESS_LIKELY):
        return {"likely": "", "where": ""}
    return {
        "likely": say(f"assessment.likely.{assessment}"),
        "where": "above" if assessment == registry.MORE_LIKELY else "below",
    }


def assessment_cell(assessment: str, indicator: str, breakdown: str = "") -> str:
    """An ``assessment`` code of the indicators table as a table cell: 'Less likely: adverse',
    'No clear difference', 'Not assessed'. GSS shorthand ('[c]') passes through."""
    if assessment.startswith("["):
        return assessment
    likely = _likely_and_where(pd.Series({"assessment": assessment}))["likely"]
    return say(f"assessment.cell.{judgement(assessment, indicator, breakdown)}", likely=likely)


def assessment_words(row: pd.Series) -> str:
    """The assessment of a row as a table cell; '' for a suppressed row."""
    found = row_judgement(row)
    if found is None:
        return ""
    return say(f"assessment.cell.{found}", **_likely_and_where(row))


def assessment_sentence(row: pd.Series) -> str:
    """Whether the difference is clear and whether it is adverse; '' for a suppressed row."""
    found = row_judgement(row)
    if found is None:
        return ""
    return say(f"assessment.sentence.{found}", **_likely_and_where(row))


def rl_paragraph(row: pd.Series) -> str:
    """The relative likelihood sentence followed by its assessment.

    A flagged or suppressed row without an interval gets only its first sentence, which
    already says why there is no assessment; a zero with its interval is assessed.
    """
    if row_state(row) != COMPLETE:
        return rl_sentence(row)
    return f"{rl_sentence(row)} {assessment_sentence(row)}"


# --- shares, percentages and gaps -----------------------------------------------------


def percent_sentence(row: pd.Series) -> str:
    """'Of minoritised survey respondents, 23.4% reported ... (95% interval ...), compared with ...'."""
    state = row_state(row)
    if state == SUPPRESSED:
        return suppressed_sentence(row)
    if state == NO_VALUE:
        return flag_sentence(row)
    words = _words(row)
    white_rate = number_or_none(row["rate_white"])
    return say(
        "narrative.percent",
        who=group_noun(str(row["group"]), words.noun),
        value=format_percent(_value(row)),
        had_outcome=words.had_outcome,
        interval=_interval_if_complete(row),
        white=white_noun(words.noun),
        white_value="" if white_rate is None else format_percent(white_rate),
    )


def share_sentence(row: pd.Series) -> str:
    """'Among staff of known ethnicity paid under £20,000, 18.0% were minoritised (95% ...).'"""
    state = row_state(row)
    if state == SUPPRESSED:
        return suppressed_sentence(row)
    if state == NO_VALUE:
        return flag_sentence(row)
    group = str(row["group"])
    noun, scope = _share_scope(row)
    return say(
        "narrative.share",
        population=group_population(group, noun),
        scope=scope,
        value=format_percent(100 * _value(row)),
        member=group_member(group),
        interval=_interval_if_complete(row),
    )


def gap_sentence(row: pd.Series) -> str:
    """'Among senior managers, the share of minoritised staff was 4.2 percentage points lower ...'."""
    state = row_state(row)
    if state == SUPPRESSED:
        return suppressed_sentence(row)
    if state == NO_VALUE:
        return flag_sentence(row) or say("narrative.gap_undefined")
    value = _value(row)
    who = group_noun(str(row["group"]), "staff")
    size = format_pp(abs(value))
    if float(size) == 0:
        return say("narrative.gap_none", who=who)
    return say("narrative.gap", who=who, size=size, higher=value > 0)


def unknown_sentence(row: pd.Series) -> str:
    """'Ethnicity was not known for 4.2% of staff (12 of 285).' (data-quality row)."""
    service = str(row["service"])
    suffix = service_suffix(service) if service in REPORTING_SERVICES else ""
    if row_state(row) == SUPPRESSED:
        return say(f"withheld.unknown.{_reason(row)}", service=suffix)
    if row_state(row) == NO_VALUE:
        return say("narrative.unknown_no_staff", service=suffix)
    unknown, total = _count(row["numerator_group"]), _count(row["denominator_group"])
    return say("narrative.unknown", value=format_percent(100 * _value(row)), service=suffix,
               unknown=f"{unknown:,}", total=f"{total:,}")


# --- comparisons ----------------------------------------------------------------------


def describe_value(row: pd.Series) -> str:
    """A row's figure in a few words for alt text: '0.52 (95% interval 0.41 to 0.66)'."""
    state = row_state(row)
    if state in (SUPPRESSED, NO_VALUE):
        return short_flag_note(row)
    text = format_value(_value(row), str(row["measure"]))
    if state == COMPLETE:
        return say("narrative.described", value=text, note=f"95% interval {_interval_text(row)}")
    return say("narrative.described", value=text, note=short_flag_note(row))


def comparison_sentence(authority_row: pd.Series, national_row: pd.Series | None) -> str:
    """How this authority's figure compares with the national one, judged by its interval."""
    measure = str(authority_row["measure"])
    name = MEASURE_NAMES[measure]
    if national_row is not None and row_state(national_row) == SUPPRESSED:
        return say(f"narrative.comparison.national_withheld.{_reason(national_row)}", name=name)
    if national_row is None or row_state(national_row) == NO_VALUE:
        return say("narrative.comparison.no_national", name=name)
    national = format_value(_value(national_row), measure)
    state = row_state(authority_row)
    if state == SUPPRESSED:
        return say("narrative.comparison.suppressed", name=name, national=national)
    if state == NO_VALUE:
        return say("narrative.comparison.no_value", name=name, national=national)
    if state == NO_INTERVAL:
        own = format_value(_value(authority_row), measure)
        return say("narrative.comparison.no_interval", name=name, national=national, own=own)
    lower, upper = number_or_none(authority_row["ci_lower"]), number_or_none(authority_row["ci_upper"])
    national_value = _value(national_row)
    where = "below" if national_value < lower else "above" if national_value > upper else "within"
    return say(f"narrative.comparison.{where}", name=name, national=national,
               interval=_interval_text(authority_row))


def published_positions(all_values: Iterable[float], measure: str = RL) -> tuple[float, ...]:
    """ALL_VALUES as published (rounded as the tables round them), ascending, the missing
    ones left out: what ``position_sentence`` compares a value with."""
    return tuple(sorted(published_value(v, measure) for v in (number_or_none(x) for x in all_values)
                        if v is not None))


def position_sentence(
    value: float | None,
    all_values: Iterable[float],
    indicator: str,
    *,
    breakdown: str = "",
    measure: str = RL,
) -> str:
    """Where this authority's value sits among all authorities' values (which include it).

    Names no other authority: only counts of authorities above and below. Every value is
    compared as published (rounded as the tables round it), so the authority's own value
    meets itself as the same number and is never counted against itself.
    """
    return position_among(value, published_positions(all_values, measure), indicator, breakdown=breakdown,
                          measure=measure)


def position_among(
    value: float | None,
    published: Sequence[float],
    indicator: str,
    *,
    breakdown: str = "",
    measure: str = RL,
) -> str:
    """``position_sentence`` against values already published and in order
    (``published_positions``): an authority report's kernel keeps them for each figure of
    the year's peers, since rounding 2,000 of them for each of a report's figures took
    12 ms of every report."""
    own = number_or_none(value)
    if own is None:
        return say("narrative.position.no_value")
    own = published_value(own, measure)
    n = len(published)
    if n <= 1:
        return say("narrative.position.alone")
    lower = bisect_left(published, own)
    higher = n - bisect_right(published, own)
    same = max(n - lower - higher - 1, 0)
    topic = registry.words(indicator, breakdown).of_outcome if measure == RL else ""
    subject = f"{MEASURE_NAMES[measure]} {topic}".strip()
    return say("narrative.position.counts", n=n, lower=lower, higher=higher, same=same, subject=subject)


def _trend_subject(row: pd.Series) -> str:
    measure = str(row["measure"])
    if measure == SHARE_UNKNOWN:
        return say("narrative.trend.subject.share_unknown")
    words = _words(row)
    group = str(row["group"])
    values: dict[str, str] = {}
    if measure == SHARE:
        noun, scope = _share_scope(row)
        values = {"population": group_population(group, noun), "scope": scope, "member": group_member(group)}
    elif measure == GAP:
        values = {"who": group_noun(group, "staff")}
    else:
        values = {"who": group_noun(group, words.noun), "of_outcome": words.of_outcome,
                  "had_outcome": words.had_outcome}
    key = measure if measure in (RL, PERCENT, SHARE) else GAP
    return say(f"narrative.trend.subject.{key}", **values)


def trend_sentence(rows_by_year: pd.DataFrame) -> str:
    """'The relative likelihood of ... was 0.70 in 2022, 0.65 in 2023 and 0.52 in 2024.'"""
    if rows_by_year.empty:
        return say("narrative.trend.none")
    if rows_by_year["year"].duplicated().any():
        raise ValueError("trend rows must have one row per year")
    rows = rows_by_year.sort_values("year", kind="mergesort")
    if len(rows) == 1:
        return say("narrative.trend.one_year", year=int(rows["year"].iloc[0]))
    items = []
    for _, row in rows.iterrows():
        year = int(row["year"])
        state = row_state(row)
        if state == SUPPRESSED:
            items.append(say(f"withheld.trend.{_reason(row)}", year=year))
        elif state == NO_VALUE:
            items.append(say("narrative.trend.missing", year=year))
        else:
            items.append(say("narrative.trend.value", value=format_value(_value(row), str(row["measure"])), year=year))
    return say("narrative.trend.sentence", subject=_trend_subject(rows.iloc[-1]), items=items)


__all__ = [
    "MEASURE_NAMES",
    "assessment_cell",
    "assessment_sentence",
    "assessment_words",
    "comparison_sentence",
    "describe_value",
    "flag_sentence",
    "format_value",
    "gap_sentence",
    "join_words",
    "percent_sentence",
    "position_among",
    "position_sentence",
    "published_positions",
    "rl_paragraph",
    "rl_sentence",
    "share_sentence",
    "short_flag_note",
    "suppressed_sentence",
    "trend_sentence",
    "unknown_sentence",
    "withheld_label",
]
