"""The sections of an authority's public summary (issue 21), composed as blocks.

A council may put the summary on its website, so it is built only from what may be
public: its figures after the national report's disclosure rules
(``indicators.public``), the roles of its leads (their names only if it opted in,
``returns.Governance``) and the actions it marked public. Nothing here reads another
authority's rows, the private report or its notebook.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from scwres_helpers import codes, registry
from scwres_helpers.action_plan import public_actions
from scwres_helpers.dates import long_date
from scwres_helpers.indicators.judgement import is_adverse
from scwres_helpers.indicators.public import SUMMARY_FIGURES
from scwres_helpers.indicators.select import RL, single_row
from scwres_helpers.report import tables
from scwres_helpers.report.action_sections import plan_table
from scwres_helpers.report.blocks import Block, TableBlock, escape_text
from scwres_helpers.report.phrases import number_word, say
from scwres_helpers.returns import Governance


@dataclass(frozen=True)
class SummaryInputs:
    """What one authority's public summary is made of (all of it publishable)."""

    authority_code: str
    authority_name: str
    year: int
    rows: pd.DataFrame  # its SUMMARY_FIGURES rows, withheld ones emptied (``indicators.public``)
    governance: Governance
    plan: pd.DataFrame | None  # its action plan; only the actions marked public are shown
    synthetic: bool = False
    published: date | None = None
    revision: dict | None = None  # after release, a revised report's notice (``corrections.plan_revisions``)


def summary_blocks(inputs: SummaryInputs) -> list[Block]:
    """The whole summary: title, dating and synthetic-data notice, introduction, governance,
    figures with their assessments in words, and the published actions."""
    return [*title_blocks(inputs), *governance_blocks(inputs.governance), *figures_blocks(inputs),
            *actions_blocks(inputs.plan, inputs.year), say("public_summary.more", year=inputs.year)]


def title_blocks(inputs: SummaryInputs) -> list[Block]:
    name = escape_text(inputs.authority_name)
    blocks: list[Block] = [f"# {say('public_summary.title', name=name, year=inputs.year)}"]
    if inputs.published is not None:
        blocks.append(say("authority.published", date=long_date(inputs.published)))
    if inputs.revision:
        blocks.append(say("public_summary.revised", revised=long_date(inputs.revision["revised"]),
                          published=long_date(inputs.revision["published"])))
    if inputs.synthetic:
        blocks.append(say("authority.synthetic_banner"))
    blocks.append(say("public_summary.introduction", name=name, code=inputs.authority_code, year=inputs.year,
                      indicators=number_word(len(registry.indicator_chapters()))))
    return blocks


def governance_blocks(governance: Governance) -> list[Block]:
    """The leads' roles (and names where the council publishes them), one line each."""
    heading = f"## {say('public_summary.governance_heading')}"
    people = governance.published()
    if not people:
        return [heading, say("public_summary.governance_none")]
    lines = [say("public_summary.governance_line", title=say(f"public_summary.roles.{key}"),
                 role=escape_text(role) if role else "", name=escape_text(name) if name else "")
             for key, role, name in people]
    return [heading, say("public_summary.governance_intro") + "\n\n" + "\n".join(lines)]


def figures_blocks(inputs: SummaryInputs) -> list[Block]:
    """The key finding in words (from the figures shown only) and the table of figures."""
    name = escape_text(inputs.authority_name)
    headline = registry.headline_ids()
    adverse = [codes.INDICATOR_NAMES[i].lower() for i in headline
               if (row := _headline(inputs.rows, i)) is not None and not bool(row["suppressed"]) and is_adverse(row)]
    finding = (say("authority.finding", adverse=adverse, total=len(headline)) if adverse
               else say("authority.finding_none"))
    table = tables.public_figures_table(inputs.rows, SUMMARY_FIGURES)
    return [f"## {say('public_summary.figures_heading')}", say("public_summary.figures_intro"), finding,
            TableBlock(table, say("public_summary.figures_caption", name=name, year=inputs.year))]


def _headline(rows: pd.DataFrame, indicator: str) -> pd.Series | None:
    return single_row(rows, indicator=indicator, measure=RL, group=codes.MINORITISED,
                      service=codes.ALL_SERVICES, breakdown="")


def actions_blocks(plan: pd.DataFrame | None, year: int) -> list[Block]:
    """The actions the council marked public, or a sentence saying there are none."""
    heading = f"## {say('public_summary.actions_heading')}"
    shown = public_actions(plan)
    if shown.empty:
        return [heading, say("public_summary.actions_none")]
    return [heading, say("public_summary.actions_intro", year=year),
            TableBlock(plan_table(shown), say("public_summary.actions_caption", year=year), gss_notes=False)]

