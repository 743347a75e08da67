"""The report settings a notebook reads from its ``params`` (validated by the build).

Notebooks receive the settings of ``params/national.yml`` as a plain dict; the
sections read them through ``ReportSettings`` so every default is written once.
Run by hand with ``params = {}``, a report gets the defaults below.
"""

from __future__ import annotations

from dataclasses import dataclass

from scwres_helpers import codes, registry

DEFAULT_PROGRAMME = "Social Care Workforce Race Equality Standard (SC-WRES)"
DEFAULT_PUBLISHER = "Skills for Care"
DEFAULT_TITLE = "Social Care Workforce Race Equality Standard"


@dataclass(frozen=True)
class ReportSettings:
    """What a report shows and how it names itself."""

    suppression_threshold: int = codes.DEFAULT_SUPPRESSION_THRESHOLD
    programme_name: str = DEFAULT_PROGRAMME
    publisher: str = DEFAULT_PUBLISHER
    report_title: str = DEFAULT_TITLE
    synthetic_data: bool | None = None
    show_four_fifths_band: bool = True
    publication_date: str | None = None  # ISO date; None when run by hand

    @classmethod
    def from_params(cls, params: dict | None) -> "ReportSettings":
        """Settings from the params dict; keys not given keep their defaults, others are ignored."""
        params = params or {}
        synthetic = params.get("synthetic_data")
        return cls(
            suppression_threshold=int(params.get("suppression_threshold", codes.DEFAULT_SUPPRESSION_THRESHOLD)),
            programme_name=str(params.get("programme_name") or DEFAULT_PROGRAMME),
            publisher=str(params.get("publisher") or DEFAULT_PUBLISHER),
            report_title=str(params.get("report_title") or DEFAULT_TITLE),
            synthetic_data=None if synthetic is None else bool(synthetic),
            show_four_fifths_band=bool(params.get("show_four_fifths_band", True)),
            publication_date=params.get("publication_date") or None,
        )

    @property
    def four_fifths_band(self) -> str:
        """'0.80 to 1.25' when charts shade the four-fifths band; '' when the settings hide it."""
        if not self.show_four_fifths_band:
            return ""
        low, high = registry.FOUR_FIFTHS
        return f"{low:.2f} to {high:.2f}"
