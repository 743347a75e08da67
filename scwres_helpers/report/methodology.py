"""What the methodology chapter computes: its figures and its tables.

The chapter itself is ``notebooks/national/methodology.ipynb``, markdown an analyst
edits. It follows the order of the calculation and ends with the decisions taken
where the specification was silent. Every number it states (threshold, z, the
limits, the warning thresholds) is looked up here from the module that uses it, and
its tables (ethnic groups, definitions of the indicators, GSS shorthand) are built
from the vocabulary and the registry.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from scwres_helpers import codes, registry
from scwres_helpers.actions.national_summary import ORGANISATION_THRESHOLD
from scwres_helpers.bundles import NationalInputs
from scwres_helpers.disclosure.national_tables import WithheldShare, withheld_share
from scwres_helpers.disclosure.shorthand import GSS_NOTES
from scwres_helpers.intake.about import PERIOD_DAYS_MAX, PERIOD_DAYS_MIN
from scwres_helpers.intake.rules import TENFOLD, UNKNOWN_SHARE_WARNING
from scwres_helpers.inference.funnel import LEVEL_998, z_limit
from scwres_helpers.report.national_blocks import authorities_word, is_synthetic, pooled_counts
from scwres_helpers.report.phrases import number_word
from scwres_helpers.report.settings import ReportSettings

GROUP_ORDER = ("white", "mixed", "asian", "black", "other", "unknown")
GROUP_NAMES = {
    "white": "White (the reference group)",
    "mixed": "Mixed or multiple ethnic groups",
    "asian": "Asian or Asian British",
    "black": "Black, Black British, Caribbean or African",
    "other": "Other ethnic group",
    "unknown": "Not known (left out of every indicator)",
}
COMPARISON = {"white": "Reference", "unknown": "Excluded"}

ADVERSE_WORDS = {"more_likely": "More likely", "less_likely": "Less likely"}


def ethnic_groups_table() -> pd.DataFrame:
    """The high-level groups, their census categories and their role in the comparison."""
    records = []
    for group in GROUP_ORDER:
        members = [label.split(": ", 1)[-1] for code, label in codes.CENSUS_LABELS.items()
                   if codes.ETHNICITY_GROUP[code] == group]
        records.append({
            "Group": GROUP_NAMES[group],
            "2021 census categories": "; ".join(members),
            "Compared as": COMPARISON.get(group, "Minoritised"),
        })
    return pd.DataFrame(records, dtype="str")


def definitions_table() -> pd.DataFrame:
    """What each indicator counts, among whom, which measures, and which direction is adverse."""
    records = []
    for indicator in registry.indicators():
        direction = ADVERSE_WORDS[indicator.adverse]
        if indicator.kind == registry.BANDS:
            direction = "Depends on the pay band (see below)"
        records.append({
            "Indicator": f"{indicator.id}: {indicator.name}",
            "Outcome (a)": indicator.definition.outcome,
            "People at risk (n)": indicator.definition.at_risk,
            "Measures": indicator.definition.measures,
            "Adverse for minoritised staff": direction,
        })
    return pd.DataFrame(records, dtype="str")


def gss_table() -> pd.DataFrame:
    """The GSS shorthand codes used in the report's tables, with their meaning."""
    return pd.DataFrame(
        [{"Code": code, "Meaning": note.split(" ", 1)[1]} for code, note in GSS_NOTES.items()],
        dtype="str",
    )


def band_direction_sentence() -> str:
    parts = []
    for band in registry.SHOWN_BANDS:
        direction = registry.adverse_direction("1", band)
        phrase = registry.BAND_PHRASES[band]
        if direction is None:
            parts.append(f"for pay of {phrase} neither direction is judged adverse")
        else:
            parts.append(f"for pay {phrase}, being {direction.replace('_', ' ')} than white staff is adverse")
    return ("Indicator 1 has no single adverse direction: " + "; ".join(parts) + ". Being "
            "over-represented among the lowest paid, or under-represented among the highest paid, "
            "is the pattern the standard looks for; in the middle bands a difference is reported "
            "without a judgement.")


def formula(text: str) -> str:
    """A formula as plain text in a code span: read the same by every renderer and screen
    reader (TeX maths would need a maths engine, and the bundled renderer shows TeX as typed)."""
    return f"`{text}`"


@dataclass(frozen=True)
class MethodologyFigures:
    """Every number the methodology chapter states, looked up where the code keeps it.

    The chapter's prose is the markdown of ``notebooks/national/methodology.ipynb``;
    where a sentence states a figure, the notebook takes it from here.
    """

    settings: ReportSettings
    threshold: int  # the suppression threshold used
    z: str  # the 95% z, as printed in the formulas
    z_998: str  # the 99.8% z of the funnel plot's outer limits
    four_fifths: tuple[str, str]  # the band's edges, "0.80" and "1.25"
    band: str  # "0.80 to 1.25", or "" when the settings hide the band
    years_pooled: str  # "10 authorities in 2022, 11 authorities in 2023 and ..."
    unknown_share_warning: str  # "10%"
    tenfold: int
    period_days: tuple[int, int]  # the event period accepted without comment
    organisation_threshold: int  # counts of authorities resting on fewer are [c]
    indicators_word: str  # "nine"
    synthetic: bool
    withheld: WithheldShare  # the report year's national relative likelihoods withheld

    @classmethod
    def from_inputs(cls, inputs: NationalInputs, params: dict | None = None) -> "MethodologyFigures":
        settings = ReportSettings.from_params(params)
        counts = pooled_counts(inputs)
        low, high = registry.FOUR_FIFTHS
        return cls(
            settings=settings,
            threshold=settings.suppression_threshold,
            z=f"{codes.Z_95}",
            z_998=f"{z_limit(LEVEL_998):.6f}",
            four_fifths=(f"{low:.2f}", f"{high:.2f}"),
            band=settings.four_fifths_band,
            years_pooled=", ".join(f"{authorities_word(n)} in {y}" for y, n in sorted(counts.items())),
            unknown_share_warning=f"{UNKNOWN_SHARE_WARNING:.0%}",
            tenfold=TENFOLD,
            period_days=(PERIOD_DAYS_MIN, PERIOD_DAYS_MAX),
            organisation_threshold=ORGANISATION_THRESHOLD,
            indicators_word=number_word(len(registry.indicator_chapters())),
            synthetic=is_synthetic(inputs, settings),
            withheld=withheld_share(inputs.indicators, int(inputs.year), settings.suppression_threshold),
        )


__all__ = [
    "MethodologyFigures",
    "band_direction_sentence",
    "definitions_table",
    "ethnic_groups_table",
    "formula",
    "gss_table",
]
