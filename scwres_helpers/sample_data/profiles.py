"""Authority profiles: the persistent traits of each fictional authority.

A profile is drawn once per authority and reused for every year, so the same
authority keeps its size, services, ethnic make-up and habits (how it spells
ethnicity, whether it runs the survey) while the yearly figures drift around it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from scwres_helpers import codes, registry
from scwres_helpers.sample_data.indicator_profiles import drawn_as_events
from scwres_helpers.sample_data.places import invent_authority_names

ETHNICITY_STYLES = ("code", "census", "nhs")
# Indicators whose events are generated per (service, ethnicity); "shortlisted" is
# the denominator of appointment and has its own rate.
EVENT_RATES = ("shortlisted", *drawn_as_events())
RELATIVE_LIKELIHOODS = registry.headline_ids()

# Mix of categories within each high-level group, before an authority's own variation.
_WITHIN_GROUP = {
    "white": {"white_british": 0.82, "white_irish": 0.03, "white_gypsy_traveller": 0.004,
              "white_roma": 0.004, "white_other": 0.142},
    "asian": {"asian_indian": 0.35, "asian_pakistani": 0.25, "asian_bangladeshi": 0.1,
              "asian_chinese": 0.08, "asian_other": 0.22},
    "black": {"black_african": 0.6, "black_caribbean": 0.3, "black_other": 0.1},
    "mixed": {"mixed_white_black_caribbean": 0.3, "mixed_white_black_african": 0.15,
              "mixed_white_asian": 0.3, "mixed_other": 0.25},
    "other": {"other_arab": 0.3, "other_any": 0.7},
    "unknown": {"not_known": 0.7, "prefer_not_to_say": 0.3},
}
_MINORITISED_GROUP_MIX = {"asian": 0.35, "black": 0.4, "mixed": 0.15, "other": 0.1}
# Share of each service's staff in each pay band (FTE salary), before variation.
_BAND_MIX = {
    "adult": (0.06, 0.50, 0.22, 0.12, 0.05, 0.025, 0.025),
    "children": (0.04, 0.28, 0.26, 0.25, 0.09, 0.04, 0.03),
}
# Guaranteed traits, each given to a different authority when there are enough.
ROLES = ("small", "adult_only", "children_only", "no_survey", "high_unknown",
         "census", "nhs", "styled", "late_joiner")


@dataclass(frozen=True)
class AuthorityProfile:
    """Everything about an authority that persists from year to year."""

    position: int
    code: str
    name: str
    join_year: int
    base_size: float  # staff in the first year
    growth: float  # yearly drift of log size
    services: tuple[str, ...]
    adult_share: float  # of staff, when both services are returned
    has_survey: bool
    unknown_share: float
    minoritised_logit: float
    ethnicity_mix: dict[str, np.ndarray]  # per high-level group, over codes.ETHNICITIES
    band_mix: dict[str, np.ndarray]  # per service, over codes.PAY_BANDS
    white_rate: dict[str, float]  # multipliers of the white base rates, per EVENT_RATES
    rl_multiplier: dict[str, float]  # this authority's departure from the national RL
    response_rate: float
    ethnicity_style: str  # "code", "census" or "nhs"
    styled_headers: bool  # capitalised, space-padded headers and codes
    omit_zero_event_rows: bool
    writes_template_version: bool
    excel: bool

    def nhs_codable(self) -> np.ndarray:
        """Which categories this authority's system can record."""
        if self.ethnicity_style != "nhs":
            return np.ones(len(codes.ETHNICITIES), dtype=bool)
        nhs = set(codes.NHS_LETTER_CODES.values())
        return np.array([e in nhs for e in codes.ETHNICITIES])


def _authority_codes(rng: np.random.Generator, n: int) -> list[str]:
    """n distinct fictional GSS-shaped codes: 'X' and eight digits."""
    seen: list[int] = []
    while len(seen) < n:
        value = int(rng.integers(0, 10**8))
        if value not in seen:
            seen.append(value)
    return [f"X{v:08d}" for v in seen]


def _ethnicity_mix(rng: np.random.Generator, style: str) -> dict[str, np.ndarray]:
    """Per high-level group, this authority's distribution over all categories."""
    nhs = set(codes.NHS_LETTER_CODES.values())
    index = {e: i for i, e in enumerate(codes.ETHNICITIES)}
    mixes: dict[str, np.ndarray] = {}
    for group, within in _WITHIN_GROUP.items():
        names = [e for e in within if style != "nhs" or e in nhs]
        weights = rng.dirichlet([60 * within[e] + 0.5 for e in names])
        mix = np.zeros(len(codes.ETHNICITIES))
        for e, w in zip(names, weights):
            mix[index[e]] = w
        mixes[group] = mix
    groups = list(_MINORITISED_GROUP_MIX)
    shares = rng.dirichlet([12 * _MINORITISED_GROUP_MIX[g] for g in groups])
    mixes["minoritised"] = sum(s * mixes[g] for g, s in zip(groups, shares))
    return mixes


def _roles(rng: np.random.Generator, n: int) -> dict[int, str]:
    """Position -> guaranteed role, each role on a different authority."""
    order = rng.permutation(n)
    return {int(order[i]): role for i, role in enumerate(ROLES[:n])}


def make_profiles(
    rng: np.random.Generator, n: int, years: Sequence[int], excel_every: int
) -> list[AuthorityProfile]:
    """Draw n authority profiles; every one returns in the last year."""
    years = sorted(years)
    authority_codes = _authority_codes(rng, n)
    names = invent_authority_names(rng, n)
    roles = _roles(rng, n)
    profiles = []
    for i in range(n):
        role = roles.get(i)
        # Every trait is drawn for every authority; a guaranteed role then overrides one.
        join_year = years[0]
        late = len(years) > 1 and rng.random() < 0.2
        if len(years) > 1 and (role == "late_joiner" or (late and role is None)):
            join_year = int(rng.choice(years[1:]))
        size = float(np.clip(rng.lognormal(np.log(850), 0.85), 40, 9000))
        if role == "small":
            size = float(rng.uniform(35, 90))
        draw = rng.random()
        services = ("adult",) if draw < 0.1 else ("children",) if draw > 0.9 else codes.SERVICES
        if role in ("adult_only", "children_only"):
            services = (role.removesuffix("_only"),)
        has_survey = rng.random() >= 1 / 3 and role != "no_survey"
        unknown = float(rng.uniform(0.11, 0.3)) if rng.random() < 0.08 else float(rng.beta(1.5, 40))
        if role == "high_unknown":
            unknown = float(rng.uniform(0.12, 0.25))
        style = str(rng.choice(ETHNICITY_STYLES, p=(0.7, 0.15, 0.15)))
        if role in ETHNICITY_STYLES:
            style = role
        styled = rng.random() < 0.2 or role == "styled"
        profiles.append(
            AuthorityProfile(
                position=i,
                code=authority_codes[i],
                name=names[i],
                join_year=join_year,
                base_size=size,
                growth=float(rng.normal(0.01, 0.04)),
                services=services,
                adult_share=float(np.clip(rng.normal(0.6, 0.1), 0.3, 0.85)),
                has_survey=has_survey,
                unknown_share=unknown,
                minoritised_logit=float(rng.normal(np.log(0.17 / 0.83), 0.8)),
                ethnicity_mix=_ethnicity_mix(rng, style),
                band_mix={s: rng.dirichlet(np.array(_BAND_MIX[s]) * 150) for s in codes.SERVICES},
                white_rate={k: float(rng.lognormal(0, 0.25)) for k in EVENT_RATES},
                rl_multiplier={k: float(rng.lognormal(0, 0.35)) for k in RELATIVE_LIKELIHOODS},
                response_rate=float(rng.beta(7, 13)),
                ethnicity_style=style,
                styled_headers=bool(styled),
                omit_zero_event_rows=bool(rng.random() < 0.3),
                writes_template_version=bool(rng.random() < 0.8),
                excel=excel_every > 0 and (i + 1) % excel_every == 0,
            )
        )
    return profiles
