"""Counts for one collection year of sample returns, calibrated to national targets.

Each year is drawn in three steps: expected counts from the authority profiles
with group-specific rates scaled jointly so that the pooled expectation equals the
national target; random counts around those expectations (so small authorities
get zeros and counts of 1-4 and every authority differs); then the smallest
integer adjustment of the pooled counts that lands on the target
(``calibrate.py``). Every cap of the data-return spec is kept at every step.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from scwres_helpers import codes, registry
from scwres_helpers.sample_data.calibrate import closest_counts, shift_total, take_units
from scwres_helpers.sample_data.indicator_profiles import SHORTLISTED_RATE, profile
from scwres_helpers.sample_data.profiles import EVENT_RATES, RELATIVE_LIKELIHOODS, AuthorityProfile
from scwres_helpers.sample_data.targets import NationalTargets, targets_for

GROUP_OF = np.array([codes.ETHNICITY_GROUP[e] for e in codes.ETHNICITIES])
WHITE = GROUP_OF == codes.REFERENCE_GROUP
MINORITISED = np.isin(GROUP_OF, codes.MINORITISED_GROUPS)
N_ETHNICITIES = len(codes.ETHNICITIES)
N_BANDS = len(codes.PAY_BANDS)
NO, YES = 0, 1  # index on the senior_manager and regulated axes
FLAG_VALUES = ("no", "yes")
REPORTING_BAND_INDEX = {
    name: tuple(codes.PAY_BANDS.index(b) for b in bands)
    for name, bands in {**codes.REPORTING_BANDS, "70k_plus": ("70k_plus",)}.items()
}

# Probability that a white member of staff in each pay band is a senior manager.
SENIOR_BASE = np.array([0.0, 0.0, 0.0, 0.0, 0.12, 0.4, 0.8])
SENIOR_BANDS = np.flatnonzero(SENIOR_BASE > 0)
# Probability of being registered with a regulator, by service and pay band.
REGULATED_BASE = {
    "adult": np.array([0.0, 0.0, 0.35, 0.45, 0.4, 0.3, 0.15]),
    "children": np.array([0.0, 0.0, 0.6, 0.75, 0.6, 0.4, 0.2]),
}
# Minoritised candidates are shortlisted out of proportion to the workforce.
APPLICANT_FACTOR = {"white": 1.0, "unknown": 0.8, "asian": 1.6, "black": 1.7, "mixed": 1.4, "other": 1.5}
# The count behind each indicator's at-risk field (indicators.counts) that the generator draws.
SHORTLISTED = "shortlisted"
MAX_RATE = 0.95


@dataclass
class YearCounts:
    """All counts of one year's returns, as dense arrays over present authorities.

    Axes: authority (``profiles`` order), service (``codes.SERVICES``), ethnicity
    (``codes.ETHNICITIES``), pay band (``codes.PAY_BANDS``), senior manager and
    regulated (index 0 = no, 1 = yes); survey arrays end in ``codes.SURVEY_SOURCES``.
    """

    year: int
    profiles: list[AuthorityProfile]
    services: np.ndarray  # (A, 2) bool
    workforce: np.ndarray  # (A, 2, E, B, 2, 2)
    events: dict[str, np.ndarray]  # count column -> (A, 2, E); includes "shortlisted"
    respondents: np.ndarray  # (A, 2, E, 3)
    experienced: np.ndarray  # (A, 2, E, 3)

    @property
    def headcount(self) -> np.ndarray:
        return self.workforce.sum(axis=(3, 4, 5))

    @property
    def regulated_headcount(self) -> np.ndarray:
        return self.workforce[..., YES].sum(axis=(3, 4))


def _solve_increasing(f: Callable[[float], float], goal: float, lo: float, hi: float) -> float:
    """x in [lo, hi] with f(x) = goal for an increasing f, by bisection."""
    for _ in range(80):
        mid = (lo + hi) / 2
        if f(mid) < goal:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def _senior_indicator() -> str:
    """The indicator of senior manager roles (drawn with the workforce)."""
    return registry.ids_of_kind(registry.SENIOR)[0]


def _survey_indicators() -> tuple[str, ...]:
    """The survey indicators in the order of ``codes.SURVEY_SOURCES`` (the survey arrays' last axis)."""
    by_source = {registry.indicator(i).survey_source: i for i in registry.survey_ids()}
    return tuple(by_source[source] for source in codes.SURVEY_SOURCES)


def _group_factor(indicator: str) -> np.ndarray:
    """Per ethnicity, the group's factor on the minoritised rate (1 for white, unknown)."""
    factors = profile(indicator).group_factor
    return np.array([factors.get(g, 1.0) for g in GROUP_OF])


def _pooled_rl(a: np.ndarray, n: np.ndarray) -> float:
    """Minoritised vs white relative likelihood of arrays over the ethnicity axis 2."""
    a_g, n_g = a[:, :, MINORITISED].sum(), n[:, :, MINORITISED].sum()
    a_w, n_w = a[:, :, WHITE].sum(), n[:, :, WHITE].sum()
    return float((a_g / n_g) / (a_w / n_w))


@dataclass
class _Traits:
    """An authority's figures for one year: its profile plus this year's drift."""

    size: np.ndarray  # (A,)
    minoritised_logit: np.ndarray
    unknown_share: np.ndarray
    white_rate: dict[str, np.ndarray]
    rl_multiplier: dict[str, np.ndarray]
    response_rate: np.ndarray


def _year_traits(
    profiles: Sequence[AuthorityProfile], years_in: np.ndarray, rng: np.random.Generator
) -> _Traits:
    count = len(profiles)
    noise = rng.normal(0, 1, size=(count, 4))
    size = np.array([p.base_size * np.exp(p.growth * t) for p, t in zip(profiles, years_in)])
    size = np.maximum(20.0, size * np.exp(0.03 * noise[:, 0]))
    logit = np.array([p.minoritised_logit for p in profiles]) + 0.04 * years_in + 0.05 * noise[:, 1]
    unknown = np.array([p.unknown_share for p in profiles]) * np.exp(0.1 * noise[:, 2])
    white_rate = {
        k: np.array([p.white_rate[k] for p in profiles]) * np.exp(0.08 * rng.normal(size=count))
        for k in EVENT_RATES
    }
    rl = {
        k: np.array([p.rl_multiplier[k] for p in profiles]) * np.exp(0.1 * rng.normal(size=count))
        for k in RELATIVE_LIKELIHOODS
    }
    response = np.clip(
        np.array([p.response_rate for p in profiles]) * np.exp(0.1 * noise[:, 3]), 0.05, 0.9
    )
    return _Traits(size, logit, np.clip(unknown, 0.0, 0.4), white_rate, rl, response)


def _service_sizes(profiles: Sequence[AuthorityProfile], size: np.ndarray) -> np.ndarray:
    """(A, 2) expected staff per service; 0 for a service the authority does not return."""
    sizes = np.zeros((len(profiles), len(codes.SERVICES)))
    for a, p in enumerate(profiles):
        if p.services == tuple(codes.SERVICES):
            sizes[a] = size[a] * np.array([p.adult_share, 1 - p.adult_share])
        else:
            sizes[a, codes.SERVICES.index(p.services[0])] = size[a]
    return sizes


def _expected_workforce(
    profiles: Sequence[AuthorityProfile], traits: _Traits, targets: NationalTargets
) -> np.ndarray:
    """(A, 2, E, B, 2, 2) expected headcounts, calibrated on band shares and seniority."""
    sizes = _service_sizes(profiles, traits.size)
    band = np.stack([np.stack([p.band_mix[s] for s in codes.SERVICES]) for p in profiles])
    staff_in_band = sizes[:, :, None] * band  # (A, 2, B)
    mix = {g: np.stack([p.ethnicity_mix[g] for p in profiles]) for g in ("white", "minoritised", "unknown")}
    known = 1 - traits.unknown_share

    band_shift = np.zeros(N_BANDS)
    known_in_band = (staff_in_band * known[:, None, None]).sum(axis=1)  # (A, B)
    for name, index in REPORTING_BAND_INDEX.items():
        cols = list(index)

        def share(shift: float, cols: list[int] = cols) -> float:
            p = 1 / (1 + np.exp(-(traits.minoritised_logit[:, None] + shift)))
            return float((known_in_band[:, cols] * p).sum() / known_in_band[:, cols].sum())

        band_shift[cols] = _solve_increasing(share, targets.band_share(name), -10, 10)
    p_min = 1 / (1 + np.exp(-(traits.minoritised_logit[:, None] + band_shift[None, :])))  # (A, B)
    ethnicity = (
        known[:, None, None]
        * ((1 - p_min)[:, :, None] * mix["white"][:, None, :] + p_min[:, :, None] * mix["minoritised"][:, None, :])
        + traits.unknown_share[:, None, None] * mix["unknown"][:, None, :]
    )  # (A, B, E)
    staff = staff_in_band[:, :, None, :] * ethnicity.transpose(0, 2, 1)[:, None, :, :]  # (A, 2, E, B)

    regulated = np.stack([REGULATED_BASE[s] for s in codes.SERVICES])  # (2, B)
    reg = np.stack([1 - regulated, regulated], axis=-1)  # (2, B, 2)
    senior_id = _senior_indicator()
    minoritised_factor = traits.rl_multiplier[senior_id][:, None] * _group_factor(senior_id)[None, :]  # (A, E)

    def senior_probability(scale: float) -> np.ndarray:
        factor = np.where(MINORITISED[None, :], scale * minoritised_factor, 1.0)
        return np.minimum(MAX_RATE, SENIOR_BASE[None, None, :] * factor[:, :, None])  # (A, E, B)

    def senior_rl(log_scale: float) -> float:
        senior = staff * senior_probability(np.exp(log_scale))[:, None, :, :]
        return _pooled_rl(senior.sum(axis=3), staff.sum(axis=3))

    log_scale = _solve_increasing(senior_rl, targets.relative_likelihood(senior_id), -6, 6)
    p_senior = senior_probability(np.exp(log_scale))
    senior = np.stack([1 - p_senior, p_senior], axis=-1)  # (A, E, B, 2)
    return (
        staff[:, :, :, :, None, None]
        * senior[:, None, :, :, :, None]
        * reg[None, :, None, :, None, :]
    )


def _sample_workforce(expected: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    workforce = np.zeros(expected.shape, dtype=np.int64)
    for a in range(expected.shape[0]):
        for s in range(expected.shape[1]):
            cells = expected[a, s]
            total = cells.sum()
            if total <= 0:
                continue
            draw = rng.multinomial(max(1, int(round(total))), (cells / total).ravel())
            workforce[a, s] = draw.reshape(cells.shape)
    return workforce


def _relabel(
    workforce: np.ndarray,
    bands: tuple[int, ...],
    from_mask: np.ndarray,
    to_mix: np.ndarray,
    k: int,
    rng: np.random.Generator,
) -> None:
    """Move k staff of a band from categories in from_mask to categories drawn from to_mix."""
    count = workforce.shape[0]
    source = np.ix_(range(count), range(2), np.flatnonzero(from_mask), bands, range(2), range(2))
    moved = take_units(workforce[source], k, rng)
    workforce[source] -= moved
    per_cell = moved.sum(axis=2)  # (A, 2, bands, 2, 2)
    for a, s, b, sm, r in np.argwhere(per_cell > 0):
        workforce[a, s, :, bands[b], sm, r] += rng.multinomial(per_cell[a, s, b, sm, r], to_mix[a])


def _calibrate_band_shares(
    workforce: np.ndarray, profiles: Sequence[AuthorityProfile], targets: NationalTargets, rng: np.random.Generator
) -> None:
    white_mix = np.stack([p.ethnicity_mix["white"] for p in profiles])
    minoritised_mix = np.stack([p.ethnicity_mix["minoritised"] for p in profiles])
    for name, bands in REPORTING_BAND_INDEX.items():
        in_band = workforce[:, :, :, list(bands)]
        x = int(in_band[:, :, MINORITISED].sum())
        w = int(in_band[:, :, WHITE].sum())
        goal = int(round(targets.band_share(name) * (x + w)))
        if goal > x:
            _relabel(workforce, bands, WHITE, minoritised_mix, goal - x, rng)
        elif goal < x:
            _relabel(workforce, bands, MINORITISED, white_mix, x - goal, rng)


def _set_senior_total(workforce: np.ndarray, mask: np.ndarray, total: int, rng: np.random.Generator) -> None:
    """Make the senior managers of categories in mask number total, moving staff within bands."""
    count = workforce.shape[0]
    cells = (range(count), range(2), np.flatnonzero(mask), SENIOR_BANDS)
    yes = np.ix_(*cells, [YES], range(2))
    no = np.ix_(*cells, [NO], range(2))
    current = int(workforce[yes].sum())
    if total > current:
        moved = take_units(workforce[no], total - current, rng)
        workforce[no] -= moved
        workforce[yes] += moved
    elif total < current:
        moved = take_units(workforce[yes], current - total, rng)
        workforce[yes] -= moved
        workforce[no] += moved


def _calibrate_senior(workforce: np.ndarray, target: float, rng: np.random.Generator) -> None:
    senior = workforce[:, :, :, :, YES].sum(axis=(3, 4))
    staff = workforce.sum(axis=(3, 4, 5))
    eligible = workforce[:, :, :, SENIOR_BANDS].sum(axis=(3, 4, 5))
    a_g, a_w = int(senior[:, :, MINORITISED].sum()), int(senior[:, :, WHITE].sum())
    new_g, new_w = closest_counts(
        a_g,
        int(staff[:, :, MINORITISED].sum()),
        a_w,
        int(staff[:, :, WHITE].sum()),
        target,
        int(eligible[:, :, MINORITISED].sum()),
        int(eligible[:, :, WHITE].sum()),
    )
    _set_senior_total(workforce, MINORITISED, new_g, rng)
    _set_senior_total(workforce, WHITE, new_w, rng)


def _events(
    at_risk: np.ndarray,
    white_rate: np.ndarray,
    multiplier: np.ndarray,
    indicator: str,
    target: float,
    rng: np.random.Generator,
) -> np.ndarray:
    """(A, 2, E) outcomes among at_risk, landing the pooled RL on target."""
    white_p = np.minimum(MAX_RATE, white_rate)[:, None, None]  # (A, 1, 1)
    n_g = at_risk[:, :, MINORITISED].sum()
    n_w = at_risk[:, :, WHITE].sum()
    relative = multiplier[:, None, None] * _group_factor(indicator)[None, None, :]

    def probability(scale: float) -> np.ndarray:
        minoritised = np.minimum(MAX_RATE, white_p * scale * relative)
        return np.where(MINORITISED[None, None, :], minoritised, np.broadcast_to(white_p, minoritised.shape))

    scale = target
    if n_g > 0 and n_w > 0:
        expected_white = (at_risk[:, :, WHITE] * white_p).sum()
        goal = target * n_g * expected_white / n_w

        def expected_minoritised(log_scale: float) -> float:
            return float((at_risk * probability(np.exp(log_scale)))[:, :, MINORITISED].sum())

        scale = np.exp(_solve_increasing(expected_minoritised, goal, -8, 8))
    p = probability(scale)
    outcome = rng.binomial(at_risk, p)
    a_g, a_w = int(outcome[:, :, MINORITISED].sum()), int(outcome[:, :, WHITE].sum())
    new_g, new_w = closest_counts(a_g, int(n_g), a_w, int(n_w), target, int(n_g), int(n_w))
    for mask, total in ((MINORITISED, new_g), (WHITE, new_w)):
        outcome[:, :, mask] = shift_total(
            outcome[:, :, mask], at_risk[:, :, mask], (at_risk * p)[:, :, mask] + 1e-9, total, rng
        )
    return outcome


def generate_year(
    profiles: Sequence[AuthorityProfile], year: int, first_year: int, seed: int
) -> YearCounts:
    """All counts of one year for the authorities that return that year."""
    present = [p for p in profiles if p.join_year <= year]
    rng = np.random.default_rng([seed, year])
    targets = targets_for(year)
    traits = _year_traits(present, np.full(len(present), year - first_year, dtype=float), rng)

    workforce = _sample_workforce(_expected_workforce(present, traits, targets), rng)
    _calibrate_band_shares(workforce, present, targets, rng)
    _calibrate_senior(workforce, targets.relative_likelihood(_senior_indicator()), rng)
    headcount = workforce.sum(axis=(3, 4, 5))
    regulated = workforce[..., YES].sum(axis=(3, 4))

    applicants = np.array([APPLICANT_FACTOR[g] for g in GROUP_OF])
    shortlisted = rng.poisson(
        headcount * (SHORTLISTED_RATE * traits.white_rate[SHORTLISTED])[:, None, None] * applicants
    )
    events = {SHORTLISTED: shortlisted}
    at_risk = {SHORTLISTED: shortlisted, "regulated_headcount": regulated, "headcount": headcount}
    for indicator in registry.event_indicators():
        events[indicator.outcome] = _events(
            at_risk[indicator.at_risk],
            profile(indicator.id).white_rate * traits.white_rate[indicator.id],
            traits.rl_multiplier[indicator.id],
            indicator.id,
            targets.relative_likelihood(indicator.id),
            rng,
        )

    surveyed = np.array([p.has_survey for p in present])
    base = rng.binomial(headcount * surveyed[:, None, None], traits.response_rate[:, None, None])
    respondents = np.stack([rng.binomial(base, 0.97) for _ in codes.SURVEY_SOURCES], axis=-1)
    survey = _survey_indicators()
    experienced = np.stack(
        [
            _events(
                respondents[..., k],
                profile(indicator).white_rate * traits.white_rate[indicator],
                traits.rl_multiplier[indicator],
                indicator,
                targets.relative_likelihood(indicator),
                rng,
            )
            for k, indicator in enumerate(survey)
        ],
        axis=-1,
    )
    services = np.array([[s in p.services for s in codes.SERVICES] for p in present])
    return YearCounts(year, present, services, workforce, events, respondents, experienced)
