"""The in-memory form of one authority's validated annual return.

Reading and validation (``scwres_helpers.intake``) produce these; the indicator
arithmetic (``scwres_helpers.indicators``) consumes them. Tables hold canonical
codes only (lower-case service, census category codes, pay band codes, yes/no)
and whole-number counts, so downstream code never re-checks input.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from scwres_helpers import codes


def collection_period(year: int) -> tuple[dt.date, dt.date]:
    """The 12 months a collection year's events cover: April to March ending in that year."""
    return dt.date(year - 1, 4, 1), dt.date(year, 3, 31)

@dataclass(frozen=True)
class Governance:
    """Who leads the programme in the authority (optional ``about`` fields).

    Roles are published in the authority's public summary; names only when the
    council opts in (``names_public``), so a name given without that stays private.
    """

    executive_sponsor_role: str | None = None
    programme_lead_role: str | None = None
    staff_voice_lead_role: str | None = None
    names_public: bool = False
    executive_sponsor_name: str | None = None
    programme_lead_name: str | None = None
    staff_voice_lead_name: str | None = None

    def published(self) -> list[tuple[str, str | None, str | None]]:
        """(role key, role, name or None) for each of ``codes.GOVERNANCE_ROLES`` with a role or a
        publishable name; a name only when the council opted in."""
        people = []
        for key in codes.GOVERNANCE_ROLES:
            role = getattr(self, f"{key}_role")
            name = getattr(self, f"{key}_name") if self.names_public else None
            if role or name:
                people.append((key, role, name))
        return people


@dataclass(frozen=True)
class About:
    """The ``about`` table: who sent the return and what period it covers."""

    authority_code: str
    authority_name: str
    year: int
    period_start: dt.date
    period_end: dt.date
    snapshot_date: dt.date
    template_version: str | None = None
    governance: Governance = field(default_factory=Governance)


@dataclass
class AuthorityReturn:
    """One authority's return for one year, validated and in canonical codes.

    ``tables`` maps every name in ``codes.DATA_TABLES`` to a DataFrame whose
    columns are ``codes.table_columns(name)`` (keys as str, counts as int64).
    ``tables["survey"]`` is ``None`` when no survey ran (table absent, or
    present with no rows): indicators 6, 7a and 7b are then absent.

    ``action_plan`` is the optional ``codes.ACTION_PLAN_TABLE``: one row per action,
    columns ``codes.ACTION_PLAN_COLUMNS`` (text as str, ``start_date``/``due_date`` as
    ``datetime.date`` objects, ``target_value`` float, ``target_year`` int), sorted by
    ``action_id``; ``None`` when the return has no plan (table absent or no rows).
    """

    about: About
    tables: dict[str, pd.DataFrame | None]
    source: Path
    warnings: list = field(default_factory=list)
    action_plan: pd.DataFrame | None = None

    @property
    def authority_code(self) -> str:
        return self.about.authority_code

    @property
    def year(self) -> int:
        return self.about.year

    @property
    def services(self) -> tuple[str, ...]:
        """Services present in the workforce table, in the spec's order."""
        present = set(self.tables["workforce"]["service"])
        return tuple(s for s in codes.SERVICES if s in present)

    @property
    def has_action_plan(self) -> bool:
        return self.action_plan is not None and len(self.action_plan) > 0

    @property
    def has_survey(self) -> bool:
        survey = self.tables.get("survey")
        return survey is not None and len(survey) > 0


def empty_table(table: str) -> pd.DataFrame:
    """A correctly typed table with no rows."""
    frame = pd.DataFrame({c: pd.Series(dtype="str") for c in codes.TABLE_KEYS[table]})
    for c in codes.TABLE_COUNTS[table]:
        frame[c] = pd.Series(dtype="int64")
    return frame
