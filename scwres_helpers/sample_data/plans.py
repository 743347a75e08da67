"""Action plans for the sample returns: a few actions where last year's figures were adverse.

From its second year on, an authority's return carries a plan written after it saw
last year's figures: new actions on the indicators where its minoritised staff fared
worse than white staff beyond the four-fifths band (relative likelihood below 0.8
where less likely is adverse, above 1.25 where more likely is), plus last year's
open actions with their status moved on. Wording and owners come from each
indicator's profile (``indicator_profiles``); targets are the four-fifths bound, or a
step towards it.

Plans draw from their own random generator (``[seed, year, 7]``), never from the
one the counts use, so adding plans left every count of every year as it was.
Some authorities never send a plan: they leave the table out, or send its header only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from scwres_helpers import codes, registry
from scwres_helpers.sample_data.generate import MINORITISED, REPORTING_BAND_INDEX, SHORTLISTED, WHITE, YES, YearCounts
from scwres_helpers.sample_data.indicator_profiles import profile

PLAN_STREAM = 7
LOWER, UPPER = registry.FOUR_FIFTHS
MAX_ACTIONS = 4
PUBLIC_EVERY = 2  # odd-numbered new actions are marked public (for the public summary)
# Authorities at these positions (mod 8) never send a plan: 3 leaves the table out, 7 sends its header only.
NO_PLAN_TABLE, HEADER_ONLY = 3, 7
PLAN_HABIT_CYCLE = 8

NEW_STATUS = (("not_started", "in_progress", "complete", "dropped"), (0.3, 0.55, 0.1, 0.05))
NEXT_STATUS = {
    "not_started": (("in_progress", "not_started", "dropped"), (0.65, 0.2, 0.15)),
    "in_progress": (("complete", "in_progress", "dropped"), (0.45, 0.45, 0.1)),
}
_PLAN_BANDS = ("30k_to_69k", "70k_plus")  # where fewer minoritised staff than white is adverse


@dataclass(frozen=True)
class Figure:
    """One of an authority's minoritised-vs-white figures (service all) that a target can name."""

    indicator: str
    breakdown: str
    relative_likelihood: float
    other_measure: str | None = None  # a second measure worth targeting, and its value
    other_value: float | None = None

    @property
    def adverse(self) -> bool:
        if codes.ADVERSE_DIRECTION[self.indicator] == "less_likely":
            return self.relative_likelihood < LOWER
        return self.relative_likelihood > UPPER

    @property
    def severity(self) -> float:
        return abs(float(np.log(self.relative_likelihood))) if self.relative_likelihood > 0 else np.inf


def _rl(a_g: float, n_g: float, a_w: float, n_w: float) -> float | None:
    """The relative likelihood, or None where indicators.md gives no value."""
    if n_g == 0 or n_w == 0 or a_w == 0:
        return None
    return (a_g / n_g) / (a_w / n_w)


def _pooled(outcome: np.ndarray, at_risk: np.ndarray) -> tuple[float, float, float, float]:
    """(a_g, n_g, a_w, n_w) over services; arrays are (service, ethnicity)."""
    return (float(outcome[:, MINORITISED].sum()), float(at_risk[:, MINORITISED].sum()),
            float(outcome[:, WHITE].sum()), float(at_risk[:, WHITE].sum()))


def authority_figures(counts: YearCounts, a: int) -> list[Figure]:
    """Authority ``a``'s figures that have a relative likelihood, in the registry's order."""
    headcount = counts.headcount[a]
    at_risk = {SHORTLISTED: counts.events[SHORTLISTED][a], "regulated_headcount": counts.regulated_headcount[a],
               "headcount": headcount}
    figures: list[Figure] = []
    workforce = counts.workforce[a]  # (service, ethnicity, band, senior, regulated)
    for band in _PLAN_BANDS:
        in_band = workforce[:, :, list(REPORTING_BAND_INDEX[band])].sum(axis=(2, 3, 4))
        a_g, n_g, a_w, n_w = _pooled(in_band, headcount)
        rl = _rl(a_g, n_g, a_w, n_w)
        if rl is not None:
            figures.append(Figure("1", band, rl, "share_minoritised", a_g / (a_g + a_w)))
    for about in registry.indicators():
        indicator = about.id
        if about.kind == registry.BANDS:
            continue
        if about.kind == registry.EVENT:
            pooled = _pooled(counts.events[about.outcome][a], at_risk[about.at_risk])
            other = (None, None)
        elif about.kind == registry.SURVEY:
            k = codes.SURVEY_SOURCES.index(about.survey_source)
            pooled = _pooled(counts.experienced[a, ..., k], counts.respondents[a, ..., k])
            other = ("percent_experienced", 100 * pooled[0] / pooled[1] if pooled[1] else None)
        else:  # SENIOR (9): senior managers
            senior = workforce[:, :, :, YES].sum(axis=(2, 3))
            pooled = _pooled(senior, headcount)
            x_s, x, w_s, w = pooled
            gap = 100 * (x_s / (x_s + w_s) - x / (x + w)) if (x_s + w_s) and (x + w) else None
            other = ("gap_pp", gap)
        rl = _rl(*pooled)
        if rl is not None:
            figures.append(Figure(indicator, "", rl, *other) if other[1] is not None else Figure(indicator, "", rl))
    return figures


def _target(figure: Figure, year: int, rng: np.random.Generator) -> dict[str, object]:
    """A target on ``figure``: the four-fifths bound in one or two years, or a step towards it."""
    less_likely = codes.ADVERSE_DIRECTION[figure.indicator] == "less_likely"
    bound = LOWER if less_likely else UPPER
    comparison = "at_least" if less_likely else "at_most"
    measure, value = "relative_likelihood", bound
    target_year = year + int(rng.integers(1, 3))
    draw = rng.random()
    if figure.other_measure is not None and draw < 0.35:
        measure = figure.other_measure
        current = float(figure.other_value)
        if measure == "share_minoritised":
            value = min(1.0, round(current + 0.03, 2))
        elif measure == "percent_experienced":
            value = round(current * 0.8, 1)
        elif current < -1:  # gap_pp: halve the gap
            value = round(current / 2, 1)
        else:
            measure = "relative_likelihood"
    elif draw > 0.7:  # an interim step halfway to the bound, next year
        value = round((figure.relative_likelihood + bound) / 2, 2)
        target_year = year + 1
    return {"target_measure": measure, "target_breakdown": figure.breakdown, "target_comparison": comparison,
            "target_value": float(value), "target_year": target_year}


def _new_action(figure: Figure, year: int, number: int, rng: np.random.Generator) -> dict[str, object]:
    wording, owners = profile(figure.indicator).actions, profile(figure.indicator).owners
    # Written after last year's report: started between July and February of the collection period.
    start = dt.date(year - 1, 7, 1) + dt.timedelta(days=int(rng.integers(0, 240)))
    due = start + dt.timedelta(days=int(rng.integers(180, 540)))
    record: dict[str, object] = {
        "action_id": f"{year}-{number:02d}",
        "indicator": figure.indicator,
        "action": wording[int(rng.integers(len(wording)))],
        "owner_role": owners[int(rng.integers(len(owners)))],
        "start_date": start,
        "due_date": due,
    }
    record.update(_target(figure, year, rng))
    record["status"] = str(rng.choice(NEW_STATUS[0], p=NEW_STATUS[1]))
    record["public"] = number % PUBLIC_EVERY == 1  # the 1st and 3rd new actions: no random draw
    return {c: record[c] for c in codes.ACTION_PLAN_COLUMNS}


def _carried(earlier: list[dict[str, object]], year: int, rng: np.random.Generator) -> list[dict[str, object]]:
    """Last year's open actions, a year on: most progress, some stall, a few are dropped.

    A target year that has passed moves to this year, as the template asks (a
    target year before the return's is an error).
    """
    carried = []
    for record in earlier:
        if record["status"] in codes.CLOSED_ACTION_STATUSES:
            continue
        statuses, weights = NEXT_STATUS[str(record["status"])]
        target_year = max(int(record["target_year"]), year)
        carried.append({**record, "status": str(rng.choice(statuses, p=weights)), "target_year": target_year})
    return carried


def writes_plans(position: int) -> bool:
    """Whether the authority at ``position`` ever fills in a plan (some never do)."""
    return position % PLAN_HABIT_CYCLE not in (NO_PLAN_TABLE, HEADER_ONLY)


def sends_empty_plan_table(position: int) -> bool:
    """Whether the authority sends the action_plan table with its header only when it has no actions."""
    return position % PLAN_HABIT_CYCLE == HEADER_ONLY


def make_plans(counts: YearCounts, previous: YearCounts | None, earlier: dict[str, list[dict[str, object]]],
               seed: int) -> dict[str, list[dict[str, object]]]:
    """Authority code -> this year's actions (canonical values, ``codes.ACTION_PLAN_COLUMNS``).

    ``previous`` is last year's counts (no plans without them: a first year, or a
    gap in the years); ``earlier`` last year's plans. An authority with nothing to
    act on, new to the collection, or in the habit of sending no plan gets none.
    """
    if previous is None or previous.year != counts.year - 1:
        return {}
    rng = np.random.default_rng([seed, counts.year, PLAN_STREAM])
    last_year = {p.code: a for a, p in enumerate(previous.profiles)}
    plans: dict[str, list[dict[str, object]]] = {}
    for authority in counts.profiles:
        if authority.code not in last_year or not writes_plans(authority.position):
            continue
        carried = _carried(earlier.get(authority.code, []), counts.year, rng)
        covered = {r["indicator"] for r in carried}
        figures = [f for f in authority_figures(previous, last_year[authority.code])
                   if f.adverse and f.indicator not in covered]
        # The most adverse first; one action per indicator (indicator 1: its worst band).
        figures.sort(key=lambda f: -f.severity)
        chosen: dict[str, Figure] = {}
        for figure in figures:
            chosen.setdefault(figure.indicator, figure)
        wanted = max(0, int(rng.integers(1, MAX_ACTIONS + 1)) - len(carried))
        new = [_new_action(figure, counts.year, number, rng)
               for number, figure in enumerate(list(chosen.values())[:wanted], start=1)]
        if carried or new:
            plans[authority.code] = carried + new
    return plans
