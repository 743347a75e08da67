"""Action plans in words: areas for action, targets and progress (phrases: ``actions``).

``actions`` decides (which figures are areas for action and why, how each target
went) and returns facts; this module says them, so the reports, the national summary
and next year's pre-filled workbook use the same sentences.
"""

from __future__ import annotations

import pandas as pd

from scwres_helpers import codes, registry
from scwres_helpers.actions.plan import AT_LEAST
from scwres_helpers.actions.priorities import (
    LESS,
    TOO_SMALL_NO_INTERVAL,
    TOO_SMALL_SUPPRESSED,
    TOO_SMALL_WIDE_INTERVAL,
    WATCH,
    Area,
)
from scwres_helpers.actions.progress import (
    CANNOT_ASSESS,
    DROPPED_STATE,
    MET,
    NO_PREVIOUS,
    NO_ROW,
    NO_VALUE,
    NOT_CLEAR,
    NOT_MET,
    ON_TRACK,
    PREVIOUS_SUPPRESSED,
    ROW_SUPPRESSED,
)
from scwres_helpers.indicators.select import GAP, PERCENT, SHARE, number_or_none
from scwres_helpers.report.formatting import format_count, format_decimal, format_pp, format_rl
from scwres_helpers.report.narrative import flag_sentence, format_value, rl_sentence, suppressed_sentence
from scwres_helpers.report.phrases import labels, say
from scwres_helpers.report.wording import group_noun, group_population, white_noun

# --- areas for action -----------------------------------------------------------------


def area_title(indicator: str, breakdown: str = "") -> str:
    """'Appointment from shortlisting'; indicator 1 names its band."""
    name = codes.INDICATOR_NAMES[indicator]
    if registry.indicator(indicator).kind == registry.BANDS:
        return say("actions.area_title_band", name=name, band=registry.BAND_PHRASES[breakdown])
    return name


def _without_period(sentence: str) -> str:
    return sentence[:-1] if sentence.endswith(".") else sentence


def _reason_clause(reason: str, area: Area, year: int) -> str:
    if reason.endswith("national"):
        value, when = area.national_value, year
    elif reason.endswith("last_year"):
        value, when = area.previous_value, year - 1
    else:  # the interval: it lies on the adverse side of 1
        return say(f"actions.reason.{reason}", side="below" if area.direction == LESS else "above")
    # the other figure lies on the side that is better for the group
    side = "above" if area.direction == LESS else "below"
    return say(f"actions.reason.{reason}", value=format_rl(float(value)), side=side, year=when)


def area_evidence(area: Area, year: int) -> str:
    """One plain-English sentence: the figure and why it is listed (or why it is too small)."""
    row = area.row
    if area.strength is not None:
        clauses = [_reason_clause(reason, area, year) for reason in area.reasons]
        return say("actions.evidence", figure=_without_period(rl_sentence(row)), clauses=clauses)
    reason = area.reasons[0]
    if reason == WATCH:
        clauses = [_reason_clause(r, area, year) for r in area.reasons[1:]]
        return say("actions.watch", figure=_without_period(rl_sentence(row)), clauses=clauses)
    if reason == TOO_SMALL_SUPPRESSED:
        return suppressed_sentence(row)
    if reason == TOO_SMALL_NO_INTERVAL:
        if str(row["flag"]):
            return flag_sentence(row)
        if area.value is None:
            return say("actions.too_small.no_value")
        return say("actions.too_small.no_interval", figure=_without_period(rl_sentence(row)))
    if reason == TOO_SMALL_WIDE_INTERVAL:
        low, high = registry.FOUR_FIFTHS
        return say("actions.too_small.wide_interval", figure=_without_period(rl_sentence(row)),
                   low=f"{low:.2f}", high=f"{high:.2f}")
    raise ValueError(f"unknown reason {reason!r}")


def _would_have(had_outcome: str) -> str:
    """'were appointed ...' -> 'would have been appointed ...'; 'left ...' -> 'would have left ...'."""
    if had_outcome.startswith("were "):
        return "would have been " + had_outcome.removeprefix("were ")
    return "would have " + had_outcome


def _whole_people(x: float) -> str:
    """Signed whole people as the reports print counts ('-3', '1,235')."""
    people = int(format_decimal(abs(x), 0))
    return ("-" if x < 0 and people else "") + format_count(people)


def gap_bounds_text(lower: float, upper: float) -> str:
    """'20 to 59' (a table cell's bracket): the interval's ends in whole people."""
    return f"{_whole_people(lower)} to {_whole_people(upper)}"


def gap_interval_text(lower: float | None, upper: float | None) -> str:
    """'95% interval 20 to 59' in whole people; '' without an interval."""
    if lower is None or upper is None:
        return ""
    return say("actions.gap.interval", low=_whole_people(lower), high=_whole_people(upper),
               crosses=lower < 0 <= upper)


def is_fixed_number(indicator: str) -> bool:
    """Outcomes whose number is fixed (senior roles, pay bands): more of one group means
    fewer of another, never extra posts."""
    return registry.indicator(indicator).kind in (registry.SENIOR, registry.BANDS)


def gap_sentence(indicator: str, breakdown: str, direction: str, gap: float,
                 lower: float | None = None, upper: float | None = None) -> str:
    """'At the rate for white applicants, about 10 more minoritised applicants would have
    been appointed from shortlisting (95% interval 4 to 16).' Whole people; under half a
    person is 'fewer than 1'. Survey indicators count respondents, not staff (the registry's
    noun); fixed-number outcomes say that no posts are missing."""
    words = registry.words(indicator, breakdown)
    white = white_noun(words.noun)
    interval = gap_interval_text(lower, upper)
    if gap < 0.5:
        return say("actions.gap.under_one", white=white, interval=interval)
    people = int(format_decimal(gap, 0))
    noun = labels("actions.singular").get(words.noun, words.noun) if people == 1 else words.noun
    return say("actions.gap.people", white=white, people=format_count(people), more=direction == LESS,
               who=group_noun(codes.MINORITISED, noun), would_have=_would_have(words.had_outcome),
               interval=interval, fixed=is_fixed_number(indicator))


def area_gap_text(area: Area) -> str:
    """The gap in people as a sentence; '' when there is none."""
    if area.gap_people is None:
        return ""
    return gap_sentence(area.indicator, area.breakdown, area.direction, area.gap_people,
                        area.gap_lower, area.gap_upper)


def suggested_action_text(area: Area) -> str:
    """The suggested action of a pre-filled plan row, for the authority to replace."""
    words = registry.words(area.indicator, area.breakdown)
    return say("actions.suggested", who=group_noun(codes.MINORITISED, words.noun), less=area.direction == LESS,
               white=white_noun(words.noun), to_outcome=words.to_outcome)


# --- targets --------------------------------------------------------------------------


def indicator_label(indicator: str, breakdown: str = "") -> str:
    """'2: Appointment from shortlisting'; indicator 1 names its band."""
    band = ""
    if indicator in registry.ids() and registry.indicator(indicator).kind == registry.BANDS and breakdown:
        band = registry.BAND_PHRASES.get(breakdown, breakdown)
    return say("actions.indicator_label", id=indicator, name=codes.INDICATOR_NAMES[indicator], band=band)


def target_value_text(value: float, measure: str) -> str:
    """A target value as the reports print that measure (RL 0.80, share 20.0%, ...)."""
    return format_value(float(value), measure)


def describe_target(action: pd.Series | dict) -> str:
    """A target in plain words: 'By 2026, minoritised applicants at least 0.80 times as likely
    as white applicants to be appointed from shortlisting'. Targets are set for minoritised
    staff against white staff, all services (the data-return contract)."""
    measure, indicator = str(action["target_measure"]), str(action["indicator"])
    breakdown = str(action.get("target_breakdown") or "")
    words = registry.words(indicator, breakdown)
    value, year = float(action["target_value"]), int(action["target_year"])
    comparison = say(f"actions.comparison.{action['target_comparison']}")
    who, white = group_noun(codes.MINORITISED, words.noun), white_noun(words.noun)
    if measure == GAP:
        side = "level" if float(format_pp(value)) == 0 else "above" if value > 0 else "below"
        bound = say(f"actions.target.gap_bound.{action['target_comparison']}.{side}", size=format_pp(abs(value)))
        return say("actions.target.gap_pp", year=year, bound=bound)
    if measure == SHARE:
        senior = registry.indicator(indicator).kind == registry.SENIOR
        population = "senior managers" if senior else \
            f"{group_population(codes.MINORITISED, 'staff')} {words.had_outcome.removeprefix('were ')}"
        return say("actions.target.share_minoritised", year=year, comparison=comparison,
                   value=target_value_text(value, measure), population=population)
    if measure == PERCENT:
        return say("actions.target.percent_experienced", year=year, comparison=comparison,
                   value=target_value_text(value, measure), who=who,
                   reporting=words.of_outcome.removeprefix("of "))
    return say("actions.target.relative_likelihood", year=year, who=who, comparison=comparison,
               value=target_value_text(value, measure), white=white, to_outcome=words.to_outcome)


# --- progress -------------------------------------------------------------------------

_SHORT_FLAGS = ("zero_events", "reference_zero", "no_denominator")


def progress_detail(item: pd.Series, year: int) -> str:
    """How one target of last year's plan went, in words (a row of ``plan_progress``)."""
    state, reason = str(item["state"]), str(item["reason"])
    measure = str(item["target_measure"])
    at_least = str(item["target_comparison"]) == AT_LEAST
    target = target_value_text(float(item["target_value"]), measure)
    lower, upper = number_or_none(item["ci_lower"]), number_or_none(item["ci_upper"])
    if state == DROPPED_STATE:
        return say("actions.progress.dropped")
    if state == CANNOT_ASSESS:
        if reason == NO_ROW:
            return say("actions.progress.no_row", year=year)
        if reason == ROW_SUPPRESSED:
            return say("actions.progress.suppressed")
        if reason == NO_VALUE:
            flag = str(item["flag"])
            note = say(f"narrative.short_flag.{flag}") if flag in _SHORT_FLAGS else ""
            return say("actions.progress.no_value", note=note)
        if reason == PREVIOUS_SUPPRESSED:
            return say("actions.progress.previous_suppressed", year=year - 1)
        if reason == NO_PREVIOUS:
            return say("actions.progress.no_previous", year=year - 1)
        raise ValueError(f"unknown reason {reason!r}")
    if state == MET:
        return say("actions.progress.met", at_least=at_least, target=target)
    if state == NOT_CLEAR:
        if pd.isna(item["interval_on_target_side"]):
            return say("actions.progress.not_clear_no_interval")
        return say("actions.progress.not_clear", at_least=at_least, target=target)
    if state == NOT_MET:
        if lower is None or upper is None:
            return say("actions.progress.not_met_no_interval")
        value = float(item["target_value"])
        reaches = upper >= value if at_least else lower <= value
        return say("actions.progress.not_met_includes" if reaches else "actions.progress.not_met", target=target)
    before = target_value_text(float(item["previous_value"]), measure)
    if state == ON_TRACK:
        return say("actions.progress.on_track", year=year - 1, before=before)
    return say("actions.progress.no_clear_progress", year=year - 1, before=before, tested=measure != GAP)
