"""National values the sample data are calibrated to, per collection year.

The relative likelihoods are each indicator's (``indicator_profiles``); indicator 1
is calibrated on the minoritised share of each reporting band, here, taken from
``shared/spec/published-figures.md`` (2022 a little below 2023). Years outside
2022-2024 use the nearest year's values.
"""

from __future__ import annotations

from dataclasses import dataclass

from scwres_helpers.sample_data.indicator_profiles import profile


@dataclass(frozen=True)
class NationalTargets:
    """Pooled minoritised-vs-white values for one year."""

    year: int
    # Indicator 1: minoritised share of known-ethnicity staff per reporting band.
    share_below_30k: float
    share_30k_to_69k: float
    share_70k_plus: float

    def relative_likelihood(self, indicator: str) -> float:
        """The target relative likelihood of a registry indicator (its profile's, nearest year)."""
        return profile(indicator).national_for(self.year)

    def band_share(self, reporting_band: str) -> float:
        """The target minoritised share for ``below_30k``, ``30k_to_69k`` or ``70k_plus``."""
        return {
            "below_30k": self.share_below_30k,
            "30k_to_69k": self.share_30k_to_69k,
            "70k_plus": self.share_70k_plus,
        }[reporting_band]


TARGETS: dict[int, NationalTargets] = {
    2022: NationalTargets(2022, share_below_30k=0.17, share_30k_to_69k=0.21, share_70k_plus=0.13),
    2023: NationalTargets(2023, share_below_30k=0.175, share_30k_to_69k=0.215, share_70k_plus=0.135),
    2024: NationalTargets(2024, share_below_30k=0.18, share_30k_to_69k=0.22, share_70k_plus=0.14),
}


def targets_for(year: int) -> NationalTargets:
    """The targets of the nearest calibrated year."""
    nearest = min(TARGETS, key=lambda y: (abs(y - year), y))
    return TARGETS[nearest]
