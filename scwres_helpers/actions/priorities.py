"""Areas for action: which of an authority's figures most need acting on, and why.

Candidates are the authority's own relative likelihoods for service ``all`` and group
``minoritised``: indicator 1 per reporting band (``below_30k``, ``70k_plus``; see
below for ``30k_to_69k``) and indicators 2 to 9. A point estimate on the adverse side
is not evidence on its own (with small numbers it lands there by chance, and figures
picked because they looked bad tend to look better next year with no action:
regression to the mean), so a candidate on the adverse side of 1 is an area for
action only on clear evidence, at least one of:

(a) its 95% interval shows an adverse difference (assessment = adverse direction);
(b) it is clearly worse than the national pooled figure: the national value lies
    outside the authority's interval on the side better for the group;
(c) it is clearly worse than the authority's own figure for the year before, by the
    change test of ``inference.change`` (both years' uncertainty, on the log scale).

A candidate on the adverse side that is merely worse than nationally or than last
year, with none of these clear, is listed to "watch" (``WATCH``, with the other
figures it was compared with), never ranked and never given a suggested action.

Ranking is by strength of evidence (a, then b, then c), then by the size of the
difference, |ln RL| (a relative likelihood of 0.5 is as far from equality as one of
2), largest first, then indicator order. Not by the gap in people: it grows with the
number at risk, which differs between indicators (all staff, applicants, survey
respondents), so it would rank the larger populations first, not the larger
differences; it is reported beside each area for its own sake. The adverse
direction of indicator 1 depends on the band (``registry.adverse_direction``):
being more likely to be paid under £30,000 or less likely to be paid £70,000 or more
is adverse; ``30k_to_69k`` has no adverse direction and is never an area. A row
that cannot support a conclusion (suppressed, no interval, or an interval reaching
below 0.80 and above 1.25 around an adverse point estimate) is listed as "too small
to conclude" and never ranked; a suppressed row contributes no figure at all.

Areas are facts (which figure, why, how far from the white rate); the report says
them in words (``report.action_words``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from scwres_helpers import codes, registry
from scwres_helpers.actions.plan import AT_LEAST, AT_MOST, PLAN_COLUMNS
from scwres_helpers.indicators.select import COMPLETE, RL, SUPPRESSED, number_or_none, row_state, single_row
from scwres_helpers.indicators.measures import COUNT_COLUMNS
from scwres_helpers.inference.change import change_between_years, row_counts
from scwres_helpers.inference.gap import PeopleGap, people_gap
from scwres_helpers.inference.judgement import CLEARLY_WORSE, change_judgement
from scwres_helpers.returns import collection_period

LESS = "less_likely"
MORE = "more_likely"
CANDIDATES: tuple[tuple[str, str], ...] = tuple(
    (indicator.id, band)
    for indicator in registry.indicators()
    for band in (registry.SHOWN_BANDS if indicator.kind == registry.BANDS else ("",))
)
FOUR_FIFTHS = registry.FOUR_FIFTHS

# Why an area qualified (reasons) or could not be judged (too small).
INTERVAL_ADVERSE = "interval_adverse"
CLEARLY_WORSE_THAN_NATIONAL = "clearly_worse_than_national"
WORSE_THAN_NATIONAL = "worse_than_national"
CLEARLY_WORSE_THAN_LAST_YEAR = "clearly_worse_than_last_year"
WORSE_THAN_LAST_YEAR = "worse_than_last_year"
TOO_SMALL_SUPPRESSED = "suppressed"
TOO_SMALL_NO_INTERVAL = "no_interval"
TOO_SMALL_WIDE_INTERVAL = "wide_interval"
WATCH = "watch"  # adverse point estimate, worse than nationally or last year, nothing clear
CLEAR_REASONS = (INTERVAL_ADVERSE, CLEARLY_WORSE_THAN_NATIONAL, CLEARLY_WORSE_THAN_LAST_YEAR)

# Strength of evidence, strongest first.
STRENGTH_INTERVAL = 1
STRENGTH_CLEARLY_NATIONAL = 2
STRENGTH_OTHER = 3
STRENGTH_WORDS = {
    STRENGTH_INTERVAL: "The interval shows an adverse difference",
    STRENGTH_CLEARLY_NATIONAL: "Clearly worse than nationally",
    STRENGTH_OTHER: "Clearly worse than last year",
}

SUGGESTED_OWNER = "To be agreed"
SUGGESTED_TARGET = {LESS: (AT_LEAST, FOUR_FIFTHS[0]), MORE: (AT_MOST, FOUR_FIFTHS[1])}
SUGGESTED_TARGET_YEARS_AHEAD = 2


@dataclass(frozen=True)
class Area:
    """One candidate figure, either ranked for action or too small to conclude on.

    Figures are None whenever the row may not be shown (suppressed) or has none.
    """

    indicator: str
    breakdown: str
    direction: str  # the adverse direction: "less_likely" or "more_likely"
    row: pd.Series = field(compare=False, repr=False)  # the authority's RL row judged
    reasons: tuple[str, ...] = ()  # why it is listed, or (one) why it is too small
    strength: int | None = None  # None for "too small to conclude"
    value: float | None = None
    ci_lower: float | None = None
    ci_upper: float | None = None
    national_value: float | None = None
    previous_value: float | None = None
    gap_people: float | None = None  # > 0: people short of (or over) the white rate
    gap_lower: float | None = None  # its 95% interval, same orientation
    gap_upper: float | None = None


@dataclass(frozen=True)
class AreasForAction:
    """Ranked areas (strongest evidence first) and those too small to conclude on or to
    watch (``too_small``: reason ``WATCH`` first when only the point estimates are worse)."""

    year: int
    ranked: list[Area] = field(default_factory=list)
    too_small: list[Area] = field(default_factory=list)


def _criteria(indicator: str, breakdown: str) -> dict[str, str]:
    return dict(indicator=indicator, breakdown=breakdown, measure=RL, group=codes.MINORITISED,
                service=codes.ALL_SERVICES)


def _year_rows(rows: pd.DataFrame, year: int) -> pd.DataFrame:
    return rows.loc[rows["year"] == year]


def _shown_value(row: pd.Series | None) -> float | None:
    """A row's value if a report may print it (not suppressed, not empty)."""
    if row is None or row_state(row) == SUPPRESSED:
        return None
    return number_or_none(row["value"])


def _is_worse(value: float, other: float, direction: str) -> bool:
    return value < other if direction == LESS else value > other


def _outside_favourable_side(other: float, lower: float, upper: float, direction: str) -> bool:
    """True when ``other`` lies beyond the interval on the side that is better for the group."""
    return other > upper if direction == LESS else other < lower


def _point_adverse(value: float, direction: str) -> bool:
    return value < 1 if direction == LESS else value > 1


def gap_in_people(row: pd.Series, direction: str) -> PeopleGap | None:
    """How many more (less_likely adverse) or fewer (more_likely adverse) people of the
    group would have had the outcome at the white rate: ``n_g a_w / n_w - a_g`` or
    ``a_g - n_g a_w / n_w``, with its 95% interval (``inference.gap``: Newcombe), on the
    same orientation (positive: short of the white rate on the adverse side). None when
    a count is missing or a group has no one at risk."""
    counts = [number_or_none(row[c]) for c in COUNT_COLUMNS]
    if None in counts or not counts[1] or not counts[3]:
        return None
    gap = people_gap(*(int(c) for c in counts))  # type: ignore[arg-type]
    if direction == LESS:
        return PeopleGap(-gap.people, -gap.upper, -gap.lower)
    return gap


def _comparison_reasons(row: pd.Series, direction: str, national: float | None,
                        previous: pd.Series | None) -> list[str]:
    """Reason codes for the national and last-year comparisons (clear or merely worse)."""
    value = float(row["value"])
    lower, upper = float(row["ci_lower"]), float(row["ci_upper"])
    reasons: list[str] = []
    if national is not None and _is_worse(value, national, direction):
        clearly = _outside_favourable_side(national, lower, upper, direction)
        reasons.append(CLEARLY_WORSE_THAN_NATIONAL if clearly else WORSE_THAN_NATIONAL)
    before = _shown_value(previous)
    if before is not None and _is_worse(value, before, direction):
        clearly = False
        if all(number_or_none(r[c]) is not None for r in (previous, row) for c in COUNT_COLUMNS):
            change = change_between_years(row_counts(previous), row_counts(row))
            clearly = change_judgement(change, direction) == CLEARLY_WORSE
        reasons.append(CLEARLY_WORSE_THAN_LAST_YEAR if clearly else WORSE_THAN_LAST_YEAR)
    return reasons


def _strength(reasons: list[str]) -> int:
    if INTERVAL_ADVERSE in reasons:
        return STRENGTH_INTERVAL
    if CLEARLY_WORSE_THAN_NATIONAL in reasons:
        return STRENGTH_CLEARLY_NATIONAL
    return STRENGTH_OTHER  # clearly worse than last year


def _too_small(row: pd.Series, indicator: str, breakdown: str, direction: str) -> Area | None:
    """The row as a 'too small to conclude' entry, or None when it can be judged."""
    base = dict(indicator=indicator, breakdown=breakdown, direction=direction, row=row)
    state = row_state(row)
    if state == SUPPRESSED:
        return Area(**base, reasons=(TOO_SMALL_SUPPRESSED,))
    value = number_or_none(row["value"])
    flag = str(row["flag"])
    if state != COMPLETE:
        # RL = 0 where the outcome is adverse, or no white events where it is favourable,
        # is not a worry that a bigger sample could settle: leave such rows out.
        if (flag == "zero_events" and direction == MORE) or (flag == "reference_zero" and direction == LESS):
            return None
        return Area(**base, reasons=(TOO_SMALL_NO_INTERVAL,), value=value)
    lower, upper = float(row["ci_lower"]), float(row["ci_upper"])
    if lower < FOUR_FIFTHS[0] and upper > FOUR_FIFTHS[1] and _point_adverse(float(value), direction):
        return Area(**base, reasons=(TOO_SMALL_WIDE_INTERVAL,), value=value, ci_lower=lower, ci_upper=upper)
    return None


def _judge(row: pd.Series, indicator: str, breakdown: str, direction: str,
           national: float | None, previous: pd.Series | None) -> Area | None:
    """The row as a ranked area (clear evidence), a ``WATCH`` entry (strength None: only
    the point estimates are worse), or None when it does not qualify."""
    value = float(row["value"])
    if not _point_adverse(value, direction):
        return None
    reasons = _comparison_reasons(row, direction, national, previous)
    if str(row["assessment"]) == direction:
        reasons.insert(0, INTERVAL_ADVERSE)
    if not reasons:
        return None
    clear = [r for r in reasons if r in CLEAR_REASONS]
    gap = gap_in_people(row, direction)
    return Area(
        indicator=indicator,
        breakdown=breakdown,
        direction=direction,
        row=row,
        reasons=tuple(clear) if clear else (WATCH, *reasons),
        strength=_strength(clear) if clear else None,
        value=value,
        ci_lower=float(row["ci_lower"]),
        ci_upper=float(row["ci_upper"]),
        national_value=national if any(r.endswith("national") for r in reasons) else None,
        previous_value=_shown_value(previous) if any(r.endswith("last_year") for r in reasons) else None,
        gap_people=None if gap is None else gap.people,
        gap_lower=None if gap is None else gap.lower,
        gap_upper=None if gap is None else gap.upper,
    )


def areas_for_action(rows: pd.DataFrame, national: pd.DataFrame, year: int) -> AreasForAction:
    """Areas for action for one authority and YEAR.

    ``rows`` are the authority's own rows (any years; YEAR and YEAR - 1 are used),
    ``national`` the national rows as reports may show them (any years; YEAR is used).
    """
    own, before = _year_rows(rows, year), _year_rows(rows, year - 1)
    nat = _year_rows(national, year)
    ranked: list[tuple[tuple, Area]] = []
    too_small: list[Area] = []
    for position, (indicator, breakdown) in enumerate(CANDIDATES):
        direction = registry.adverse_direction(indicator, breakdown)
        row = single_row(own, **_criteria(indicator, breakdown))
        if direction is None or row is None:
            continue
        small = _too_small(row, indicator, breakdown, direction)
        if small is not None:
            too_small.append(small)
            continue
        if row_state(row) != COMPLETE:
            continue
        area = _judge(row, indicator, breakdown, direction,
                      _shown_value(single_row(nat, **_criteria(indicator, breakdown))),
                      single_row(before, **_criteria(indicator, breakdown)))
        if area is not None and area.strength is None:
            too_small.append(area)  # to watch: nothing clear
        elif area is not None:
            key = (area.strength, -_distance_from_equality(area.value), position)
            ranked.append((key, area))
    ranked.sort(key=lambda item: item[0])
    return AreasForAction(year=year, ranked=[a for _, a in ranked], too_small=too_small)


def _distance_from_equality(value: float) -> float:
    """|ln RL|; a zero (none of the group had a good outcome, an adjusted-log interval
    clear of 1) is as far as it gets."""
    return abs(math.log(value)) if value > 0 else math.inf


def areas_by_theme(areas: list[Area]) -> dict[str, list[Area]]:
    """AREAS grouped by the theme of their indicator (``registry.THEMES``), in the themes'
    order and, within a theme, in the order given (rank); themes with no area are left out.

    Action plans are written by theme (a leadership programme answers indicators 1 and
    9 together), so the report groups what needs acting on the same way.
    """
    grouped: dict[str, list[Area]] = {t.id: [] for t in registry.THEMES}
    for area in areas:
        grouped[registry.theme_of(area.indicator).id].append(area)
    return {theme: members for theme, members in grouped.items() if members}


def suggested_actions(areas: AreasForAction | list[Area], year: int, action_text: Callable[[Area], str]) -> pd.DataFrame:
    """One suggested plan row per ranked area, for the YEAR + 1 template.

    ACTION_TEXT says what to do about an area (``report.action_words.suggested_action_text``).

    Canonical plan form. Dates span the next collection year (the 12 months ending
    31 March YEAR + 1); the target is the edge of the four-fifths band (RL at least
    0.80 where being less likely is adverse, at most 1.25 where more likely is) by
    YEAR + 2, the first return whose figures can show the effect of a plan sent with
    the YEAR + 1 return.
    """
    ranked = areas.ranked if isinstance(areas, AreasForAction) else list(areas)
    start, due = collection_period(year + 1)
    records = []
    width = len(str(len(ranked)))  # S01..S11 when there are ten or more: ids sort in rank order
    for number, area in enumerate(ranked, start=1):
        comparison, target = SUGGESTED_TARGET[area.direction]
        records.append({
            "action_id": f"S{number:0{width}d}",
            "indicator": area.indicator,
            "action": action_text(area),
            "owner_role": SUGGESTED_OWNER,
            "start_date": start,
            "due_date": due,
            "target_measure": RL,
            "target_breakdown": area.breakdown,
            "target_comparison": comparison,
            "target_value": float(target),
            "target_year": year + SUGGESTED_TARGET_YEARS_AHEAD,
            "status": "not_started",
            "public": False,  # a suggestion is the council's to publish, not ours
        })
    frame = pd.DataFrame(records, columns=list(PLAN_COLUMNS))
    for column in codes.ACTION_PLAN_TEXT_COLUMNS:
        frame[column] = frame[column].astype("str")
    frame["start_date"] = frame["start_date"].astype(object)
    frame["due_date"] = frame["due_date"].astype(object)
    frame["target_value"] = frame["target_value"].astype(float)
    frame["target_year"] = frame["target_year"].astype("int64")
    frame["public"] = frame["public"].astype(bool)
    return frame
