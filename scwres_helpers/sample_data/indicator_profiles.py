"""How the generator draws each indicator: its sample-data profile, one per registry indicator.

A profile says how often white staff at risk have the outcome each year, how each
minoritised group departs from the pooled figure (the story underneath it), the
national relative likelihood the pooled counts are calibrated to in each year
(``shared/spec/published-figures.md``: the 2023 report for 2023, the 2024 report for
2024 with 2023's value where 2024 publishes none, harassment a little below 1 in 2024
because the 2024 report says minoritised staff were less likely to report it, and
2022 a little worse than 2023; other years use the nearest), and the words of the
actions an authority might plan for it.

Adding an indicator to the registry means adding its profile here (``register``
for an extension), so the sample returns carry its counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from scwres_helpers import registry


@dataclass(frozen=True)
class IndicatorProfile:
    """The generator's parameters for one indicator."""

    national: dict[int, float]  # calibrated national relative likelihood, per year
    group_factor: dict[str, float]  # each minoritised group's factor on the minoritised rate
    white_rate: float | None = None  # yearly outcomes per white person at risk (EVENT, SURVEY)
    actions: tuple[str, ...] = ()  # what a sample plan may do about it
    owners: tuple[str, ...] = ()  # who owns such an action

    def national_for(self, year: int) -> float:
        """The target of the nearest calibrated year."""
        nearest = min(self.national, key=lambda y: (abs(y - year), y))
        return self.national[nearest]


# Shortlisted candidates per member of staff in a year: the at-risk count of indicator 2,
# drawn before its outcome.
SHORTLISTED_RATE = 0.12

_PROFILES: dict[str, IndicatorProfile] = {
    "1": IndicatorProfile(
        national={},  # calibrated on the minoritised share of each reporting band (targets.py)
        group_factor={},
        actions=("Offer a sponsorship programme for minoritised staff moving into higher pay bands",
                 "Review pay progression decisions for consistency across ethnic groups",
                 "Set representation goals for each pay band and report progress to the leadership team"),
        owners=("Head of HR", "Equality, Diversity and Inclusion Lead"),
    ),
    "2": IndicatorProfile(
        national={2022: 0.45, 2023: 0.5, 2024: 0.52},
        group_factor={"asian": 1.05, "black": 0.85, "mixed": 1.2, "other": 1.0},
        white_rate=0.3,  # appointed per shortlisted
        actions=("Anonymise shortlisting and use diverse interview panels",
                 "Train every recruiting manager in fair selection and unconscious bias",
                 "Review appointment decisions by ethnicity every quarter"),
        owners=("Head of HR", "Recruitment and Retention Manager"),
    ),
    "3": IndicatorProfile(
        national={2022: 1.5, 2023: 1.4, 2024: 1.37},
        group_factor={"asian": 0.8, "black": 1.35, "mixed": 1.0, "other": 0.9},
        white_rate=0.012,
        actions=("Require a second review before a case enters the formal disciplinary process",
                 "Train managers to resolve concerns informally where appropriate",
                 "Audit disciplinary cases by ethnicity with the staff network"),
        owners=("Head of HR", "Employee Relations Manager"),
    ),
    "4": IndicatorProfile(
        national={2022: 2.3, 2023: 2.1, 2024: 1.08},
        group_factor={"asian": 0.85, "black": 1.35, "mixed": 0.9, "other": 0.9},
        white_rate=0.02,  # per regulated member of staff
        actions=("Review every fitness-to-practise referral with the Principal Social Worker before it is made",
                 "Offer supervision and practice support before a referral is considered",
                 "Audit referrals by ethnicity and act on the findings"),
        owners=("Principal Social Worker", "Principal Occupational Therapist"),
    ),
    "5": IndicatorProfile(
        national={2022: 0.95, 2023: 1.0, 2024: 1.0},
        group_factor={"asian": 1.05, "black": 0.95, "mixed": 1.0, "other": 1.0},
        white_rate=0.3,
        actions=("Ring-fence part of the CPD budget for minoritised staff",
                 "Advertise funded CPD openly with a clear application process",
                 "Monitor CPD approvals by ethnicity every quarter"),
        owners=("Workforce Development Manager", "Principal Social Worker"),
    ),
    "6": IndicatorProfile(
        national={2022: 1.3, 2023: 1.2, 2024: 0.85},
        group_factor={"asian": 0.9, "black": 1.2, "mixed": 1.0, "other": 0.9},
        white_rate=0.3,
        actions=("Adopt a zero-tolerance policy on racist abuse from people who use services and the public",
                 "Give staff a simple way to report abuse from the public and follow up every report",
                 "Offer debriefs and support after every incident of abuse from the public"),
        owners=("Director of Adult Social Care", "Head of Service"),
    ),
    "7a": IndicatorProfile(
        national={2022: 1.4, 2023: 1.3, 2024: 0.9},
        group_factor={"asian": 1.0, "black": 1.1, "mixed": 1.0, "other": 0.9},
        white_rate=0.16,
        actions=("Run anti-racism training for all staff",
                 "Set up a staff network with a senior sponsor and hold listening sessions",
                 "Introduce a confidential route to report bullying by colleagues"),
        owners=("Equality, Diversity and Inclusion Lead", "Head of HR"),
    ),
    "7b": IndicatorProfile(
        national={2022: 2.0, 2023: 1.9, 2024: 0.95},
        group_factor={"asian": 0.95, "black": 1.2, "mixed": 0.9, "other": 0.9},
        white_rate=0.1,
        actions=("Train managers in inclusive management and respectful supervision",
                 "Include staff survey results on bullying in managers' appraisals",
                 "Offer an independent route to raise concerns about a manager"),
        owners=("Assistant Director, Workforce", "Head of HR"),
    ),
    "8": IndicatorProfile(
        national={2022: 1.2, 2023: 1.1, 2024: 1.21},
        group_factor={"asian": 0.95, "black": 1.05, "mixed": 1.1, "other": 1.0},
        white_rate=0.13,
        actions=("Hold exit interviews with every leaver and analyse the reasons by ethnicity",
                 "Introduce stay conversations and mentoring for minoritised staff",
                 "Review flexible working and career development with the staff network"),
        owners=("Head of HR", "Recruitment and Retention Manager"),
    ),
    "9": IndicatorProfile(
        national={2022: 0.5, 2023: 0.53, 2024: 0.55},
        group_factor={"asian": 1.1, "black": 0.85, "mixed": 1.1, "other": 1.0},
        actions=("Run a leadership development programme for minoritised staff",
                 "Include a minoritised panel member in every senior appointment",
                 "Set up reverse mentoring between senior leaders and minoritised staff"),
        owners=("Chief Executive", "Director of Adult Social Care"),
    ),
}


def register(indicator_id: str, profile: IndicatorProfile) -> None:
    """The profile of an indicator registered with ``registry.register`` (an extension, or a test)."""
    if indicator_id in _PROFILES:
        raise ValueError(f"indicator {indicator_id!r} already has a sample-data profile")
    _PROFILES[indicator_id] = profile


def profile(indicator_id: str) -> IndicatorProfile:
    """The profile of a registry indicator; a clear error when it has none."""
    if indicator_id not in _PROFILES:
        raise ValueError(f"indicator {indicator_id!r} has no sample-data profile: add one to "
                         "sample_data/indicator_profiles.py")
    return _PROFILES[indicator_id]


def drawn_as_events() -> tuple[str, ...]:
    """Indicators whose outcomes are drawn per (service, ethnicity) with a white rate."""
    return registry.ids_of_kind(registry.EVENT, registry.SURVEY)
