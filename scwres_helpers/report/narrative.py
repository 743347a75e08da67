"""Plain-English sentences about rows of the indicators table.

Reports read as sentences, not codes: every sentence is built from one row (or a few)
so the words always match the numbers. Relative likelihoods have 2 decimals and
percentages 1. A suppressed row never yields a number, only "too small to publish".
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

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
from scwres_helpers.report.wording import (
    IndicatorWords,
    adverse_direction,
    capitalise,
    group_member,
    group_noun,
    group_population,
    indicator_words,
    white_noun,
)

SUPPRESSED_SENTENCE = "Numbers are too small to publish."
MEASURE_NAMES = {
    RL: "relative likelihood",
    SHARE: "share",
    PERCENT: "percentage",
    GAP: "gap",
    SHARE_UNKNOWN: "share of unknown ethnicity",
}
SERVICE_SUFFIX = {"all": "", "adult": " in adult services", "children": " in children's services"}


# --- helpers --------------------------------------------------------------------------


def _words(row: pd.Series) -> IndicatorWords:
    return indicator_words(str(row["indicator"]), str(row["breakdown"]))


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
    if str(row["indicator"]) == "9":
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
        return f"{format_pp(value)} percentage points"
    raise ValueError(f"unknown measure {measure!r}")


def _interval_text(row: pd.Series) -> str:
    measure = str(row["measure"])
    lower, upper = number_or_none(row["ci_lower"]), number_or_none(row["ci_upper"])
    if measure == RL:
        return format_interval(lower, upper)
    scale = 100 if measure in (SHARE, SHARE_UNKNOWN) else 1
    return format_interval(scale * lower, scale * upper, format_percent)


def join_words(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# --- suppressed rows and flags --------------------------------------------------------


def suppressed_sentence(row: pd.Series) -> str:
    """What to say instead of a suppressed figure."""
    if str(row["measure"]) == SHARE_UNKNOWN:
        return SUPPRESSED_SENTENCE
    words = _words(row)
    who = group_noun(str(row["group"]), words.noun)
    return f"For {who}, numbers for {words.topic} are too small to publish."


def flag_sentence(row: pd.Series) -> str:
    """Why a row has no value or no interval, in words; '' for a row without a flag."""
    flag = str(row["flag"])
    measure = str(row["measure"])
    if not flag:
        return ""
    if measure == SHARE_UNKNOWN:
        return "There were no staff, so no share of unknown ethnicity can be calculated."
    words = _words(row)
    group = str(row["group"])
    who, white = group_noun(group, words.noun), white_noun(words.noun)
    if measure == SHARE and flag == "no_denominator":
        noun, suffix = _share_scope(row)
        return f"There were no {group_population(group, noun)}{suffix}, so no share can be calculated."
    if measure == GAP:
        return "The gap cannot be calculated from these data."
    if measure == PERCENT and flag == "no_denominator":
        return f"There were no {who}, so no percentage can be calculated."
    if flag == "zero_events":
        return (
            f"No {who} {words.had_outcome}, so the relative likelihood is 0 "
            "and no interval can be calculated."
        )
    if flag == "reference_zero":
        return f"No {white} {words.had_outcome}, so the relative likelihood cannot be calculated."
    if flag == "no_denominator":
        missing = []
        if _count(row["denominator_group"]) == 0:
            missing.append(who)
        if _count(row["denominator_white"]) == 0:
            missing.append(white)
        if not missing:  # the flag says so even if counts were blanked
            missing = [who]
        return (
            f"There were no {' and no '.join(missing)}, "
            "so the relative likelihood cannot be calculated."
        )
    raise ValueError(f"unknown flag {flag!r}")


def short_flag_note(row: pd.Series) -> str:
    """A short reason for a missing value or interval, for chart data and alt text."""
    state = row_state(row)
    if state == SUPPRESSED:
        return "numbers too small to publish"
    flag = str(row["flag"])
    if flag == "zero_events":
        return "no events in the compared group, so no interval"
    if flag == "reference_zero":
        return "no events among white staff, so no value"
    if flag == "no_denominator":
        return "no one at risk in one of the groups, so no value"
    if state == NO_VALUE:
        return "no value"
    if state == NO_INTERVAL and str(row["measure"]) != GAP:
        return "no interval"
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
    who = capitalise(group_noun(str(row["group"]), words.noun))
    sentence = (
        f"{who} were {format_rl(_value(row))} times as likely as "
        f"{white_noun(words.noun)} {words.to_outcome}"
    )
    if state == COMPLETE:
        sentence += f" (95% interval {_interval_text(row)})"
    return sentence + "."


def is_adverse(row: pd.Series) -> bool:
    """True when the interval shows a clear difference in the adverse direction."""
    if row_state(row) != COMPLETE:
        return False
    direction = adverse_direction(str(row["indicator"]), str(row["breakdown"]))
    return direction is not None and str(row["assessment"]) == direction


def assessment_words(row: pd.Series) -> str:
    """The assessment as a table cell: 'Less likely: adverse', 'No clear difference', ..."""
    state = row_state(row)
    if state == SUPPRESSED:
        return ""
    assessment = str(row["assessment"])
    if state != COMPLETE or assessment in ("", "not_assessed"):
        return "Not assessed"
    if assessment == "no_clear_difference":
        return "No clear difference"
    label = "More likely" if assessment == "more_likely" else "Less likely"
    direction = adverse_direction(str(row["indicator"]), str(row["breakdown"]))
    if direction is None:
        return label
    return f"{label}: {'adverse' if assessment == direction else 'not adverse'}"


def assessment_sentence(row: pd.Series) -> str:
    """Whether the difference is clear and whether it is adverse; '' for a suppressed row."""
    state = row_state(row)
    if state == SUPPRESSED:
        return ""
    assessment = str(row["assessment"])
    if state != COMPLETE or assessment in ("", "not_assessed"):
        return "No interval could be calculated, so the difference is not assessed."
    if assessment == "no_clear_difference":
        return "The interval includes 1, so the data do not show a clear difference."
    where = "above" if assessment == "more_likely" else "below"
    reason = f"the interval lies wholly {where} 1."
    direction = adverse_direction(str(row["indicator"]), str(row["breakdown"]))
    if direction is None:
        return f"This is a clear difference: {reason}"
    if assessment == direction:
        return f"This is an adverse difference: {reason}"
    return f"This is a clear difference, but not an adverse one: {reason}"


def rl_paragraph(row: pd.Series) -> str:
    """The relative likelihood sentence followed by its assessment.

    A flagged or suppressed row gets only its first sentence, which already says why
    there is no assessment.
    """
    if row_state(row) == SUPPRESSED or str(row["flag"]) or row_state(row) == NO_VALUE:
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
    who = group_noun(str(row["group"]), words.noun)
    sentence = f"Of {who}, {format_percent(_value(row))} {words.had_outcome}"
    if state == COMPLETE:
        sentence += f" (95% interval {_interval_text(row)})"
    white_rate = number_or_none(row["rate_white"])
    if white_rate is None:
        return sentence + f", and there were no {white_noun(words.noun)} to compare with."
    return sentence + f", compared with {format_percent(white_rate)} of {white_noun(words.noun)}."


def share_sentence(row: pd.Series) -> str:
    """'Among staff of known ethnicity paid under £20,000, 18.0% were minoritised (95% ...).'"""
    state = row_state(row)
    if state == SUPPRESSED:
        return suppressed_sentence(row)
    if state == NO_VALUE:
        return flag_sentence(row)
    group = str(row["group"])
    noun, suffix = _share_scope(row)
    sentence = (
        f"Among {group_population(group, noun)}{suffix}, "
        f"{format_percent(100 * _value(row))} were {group_member(group)}"
    )
    if state == COMPLETE:
        sentence += f" (95% interval {_interval_text(row)})"
    return sentence + "."


def gap_sentence(row: pd.Series) -> str:
    """'Among senior managers, the share of minoritised staff was 4.2 percentage points lower ...'."""
    state = row_state(row)
    if state == SUPPRESSED:
        return suppressed_sentence(row)
    if state == NO_VALUE:
        return flag_sentence(row) or "The gap cannot be calculated from these data."
    value = _value(row)
    who = group_noun(str(row["group"]), "staff")
    size = format_pp(abs(value))
    if float(size) == 0:
        return (
            f"Among senior managers, the share of {who} was the same as in the workforce "
            "as a whole (to one decimal place)."
        )
    direction = "higher" if value > 0 else "lower"
    return (
        f"Among senior managers, the share of {who} was {size} percentage points "
        f"{direction} than in the workforce as a whole."
    )


def unknown_sentence(row: pd.Series) -> str:
    """'Ethnicity was not known for 4.2% of staff (12 of 285).' (data-quality row)."""
    suffix = SERVICE_SUFFIX.get(str(row["service"]), "")
    if row_state(row) == SUPPRESSED:
        return f"The number of staff{suffix} whose ethnicity was not known is too small to publish."
    if row_state(row) == NO_VALUE:
        return f"There were no staff{suffix}, so no share of unknown ethnicity can be calculated."
    unknown, total = _count(row["numerator_group"]), _count(row["denominator_group"])
    return (
        f"Ethnicity was not known for {format_percent(100 * _value(row))} of staff{suffix} "
        f"({unknown:,} of {total:,})."
    )


# --- comparisons ----------------------------------------------------------------------


def describe_value(row: pd.Series) -> str:
    """A row's figure in a few words for alt text: '0.52 (95% interval 0.41 to 0.66)'."""
    state = row_state(row)
    if state == SUPPRESSED:
        return "numbers too small to publish"
    if state == NO_VALUE:
        return short_flag_note(row)
    text = format_value(_value(row), str(row["measure"]))
    if state == COMPLETE:
        return f"{text} (95% interval {_interval_text(row)})"
    note = short_flag_note(row)
    return f"{text} ({note})" if note else text


def comparison_sentence(authority_row: pd.Series, national_row: pd.Series | None) -> str:
    """How this authority's figure compares with the national one, judged by its interval."""
    measure = str(authority_row["measure"])
    name = MEASURE_NAMES[measure]
    if national_row is None or row_state(national_row) in (SUPPRESSED, NO_VALUE):
        return f"There is no national {name} to compare with."
    national = format_value(_value(national_row), measure)
    state = row_state(authority_row)
    if state == SUPPRESSED:
        return (
            f"The national {name} was {national}; this authority's figure cannot be compared "
            "with it because its numbers are too small to publish."
        )
    if state == NO_VALUE:
        return f"The national {name} was {national}; this authority has no figure to compare with it."
    if state == NO_INTERVAL:
        own = format_value(_value(authority_row), measure)
        return (
            f"The national {name} was {national}; this authority's figure ({own}) has no "
            "interval, so the two are not compared."
        )
    lower, upper = number_or_none(authority_row["ci_lower"]), number_or_none(authority_row["ci_upper"])
    national_value = _value(national_row)
    interval = _interval_text(authority_row)
    if national_value < lower:
        return (
            f"The national {name} was {national}, below this authority's 95% interval "
            f"({interval}), so this authority's figure is clearly higher than the national one."
        )
    if national_value > upper:
        return (
            f"The national {name} was {national}, above this authority's 95% interval "
            f"({interval}), so this authority's figure is clearly lower than the national one."
        )
    return (
        f"The national {name} was {national}, which lies within this authority's 95% interval "
        f"({interval}), so the data do not show a clear difference from the national figure."
    )


def position_sentence(
    value: float | None,
    all_values: Iterable[float],
    indicator: str,
    *,
    breakdown: str = "",
    measure: str = RL,
) -> str:
    """Where this authority's value sits among all authorities' values (which include it).

    Names no other authority: only counts of authorities above and below.
    """
    values = [v for v in (number_or_none(x) for x in all_values) if v is not None]
    own = number_or_none(value)
    if own is None:
        return "This authority has no published value, so its position among authorities is not shown."
    n = len(values)
    if n <= 1:
        return "This is the only authority with a value, so there is nothing to compare with."
    lower = sum(v < own for v in values)
    higher = sum(v > own for v in values)
    same = max(n - lower - higher - 1, 0)
    name = MEASURE_NAMES[measure]
    topic = indicator_words(indicator, breakdown).of_outcome if measure == RL else ""
    subject = f"{name} {topic}".strip()
    sentence = f"Of the {n} authorities with a value, {lower} had a lower {subject} than this authority"
    if same:
        return sentence + f", {higher} a higher one and {same} the same."
    return sentence + f" and {higher} a higher one."


def _trend_subject(row: pd.Series) -> str:
    measure = str(row["measure"])
    group = str(row["group"])
    if measure == SHARE_UNKNOWN:
        return "share of staff whose ethnicity was not known"
    words = _words(row)
    if measure == RL:
        return f"relative likelihood {words.of_outcome} for {group_noun(group, words.noun)}"
    if measure == PERCENT:
        return f"percentage of {group_noun(group, words.noun)} who {words.had_outcome}"
    if measure == SHARE:
        noun, suffix = _share_scope(row)
        return f"percentage of {group_population(group, noun)}{suffix} who were {group_member(group)}"
    return (
        f"gap between the share of {group_noun(group, 'staff')} among senior managers "
        "and in the workforce as a whole"
    )


def trend_sentence(rows_by_year: pd.DataFrame) -> str:
    """'The relative likelihood of ... was 0.70 in 2022, 0.65 in 2023 and 0.52 in 2024.'"""
    if rows_by_year.empty:
        return "No data are available for a trend."
    if rows_by_year["year"].duplicated().any():
        raise ValueError("trend rows must have one row per year")
    rows = rows_by_year.sort_values("year", kind="mergesort")
    if len(rows) == 1:
        year = int(rows["year"].iloc[0])
        return f"Only one year of data is available ({year}), so there is no trend yet."
    items = []
    for _, row in rows.iterrows():
        year = int(row["year"])
        state = row_state(row)
        if state == SUPPRESSED:
            items.append(f"not published in {year} (numbers too small)")
        elif state == NO_VALUE:
            items.append(f"not available in {year}")
        else:
            items.append(f"{format_value(_value(row), str(row['measure']))} in {year}")
    return f"The {_trend_subject(rows.iloc[-1])} was {join_words(items)}."
