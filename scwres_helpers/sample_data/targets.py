"""National values the sample data are calibrated to, per collection year.

Taken from ``shared/spec/published-figures.md``: the 2023 report for 2023, the 2024
report for 2024 (with 2023's value where 2024 publishes none, and harassment a
little below 1 because the 2024 report says minoritised staff were less likely to
report it), and 2022 a little worse than 2023. Years outside 2022-2024 use the
nearest year's values.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NationalTargets:
    """Pooled minoritised-vs-white values for one year."""

    appointment: float  # indicator 2
    disciplinary: float  # indicator 3
    fitness_to_practise: float  # indicator 4
    cpd: float  # indicator 5
    harassment_public: float  # indicator 6
    harassment_colleagues: float  # indicator 7a
    harassment_managers: float  # indicator 7b
    leaving: float  # indicator 8
    senior_manager: float  # indicator 9, relative likelihood
    # Indicator 1: minoritised share of known-ethnicity staff per reporting band.
    share_below_30k: float
    share_30k_to_69k: float
    share_70k_plus: float

    def relative_likelihood(self, indicator: str) -> float:
        """The target relative likelihood for an indicator id of ``codes.INDICATORS``."""
        return {
            "2": self.appointment,
            "3": self.disciplinary,
            "4": self.fitness_to_practise,
            "5": self.cpd,
            "6": self.harassment_public,
            "7a": self.harassment_colleagues,
            "7b": self.harassment_managers,
            "8": self.leaving,
            "9": self.senior_manager,
        }[indicator]

    def band_share(self, reporting_band: str) -> float:
        """The target minoritised share for ``below_30k``, ``30k_to_69k`` or ``70k_plus``."""
        return {
            "below_30k": self.share_below_30k,
            "30k_to_69k": self.share_30k_to_69k,
            "70k_plus": self.share_70k_plus,
        }[reporting_band]


TARGETS: dict[int, NationalTargets] = {
    2022: NationalTargets(
        appointment=0.45,
        disciplinary=1.5,
        fitness_to_practise=2.3,
        cpd=0.95,
        harassment_public=1.3,
        harassment_colleagues=1.4,
        harassment_managers=2.0,
        leaving=1.2,
        senior_manager=0.5,
        share_below_30k=0.17,
        share_30k_to_69k=0.21,
        share_70k_plus=0.13,
    ),
    2023: NationalTargets(
        appointment=0.5,
        disciplinary=1.4,
        fitness_to_practise=2.1,
        cpd=1.0,
        harassment_public=1.2,
        harassment_colleagues=1.3,
        harassment_managers=1.9,
        leaving=1.1,
        senior_manager=0.53,
        share_below_30k=0.175,
        share_30k_to_69k=0.215,
        share_70k_plus=0.135,
    ),
    2024: NationalTargets(
        appointment=0.52,
        disciplinary=1.37,
        fitness_to_practise=1.08,
        cpd=1.0,
        harassment_public=0.85,
        harassment_colleagues=0.9,
        harassment_managers=0.95,
        leaving=1.21,
        senior_manager=0.55,
        share_below_30k=0.18,
        share_30k_to_69k=0.22,
        share_70k_plus=0.14,
    ),
}


def targets_for(year: int) -> NationalTargets:
    """The targets of the nearest calibrated year."""
    nearest = min(TARGETS, key=lambda y: (abs(y - year), y))
    return TARGETS[nearest]
