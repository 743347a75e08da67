"""Report sections about action plans (issue 7), as blocks.

Authority report: "Areas for action" from this year's figures, "Progress on last
year's plan" and the plan sent with this year's return. National report: counts of
plans and targets under disclosure control. Plan text (action, owner role, action id)
comes from returns and is untrusted: every such cell goes through ``untrusted_cell``.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from scwres_helpers.actions.national_summary import ORGANISATION_THRESHOLD, TOTAL
from scwres_helpers.actions.plan import has_actions
from scwres_helpers import registry
from scwres_helpers.actions.priorities import LESS, STRENGTH_WORDS, Area, areas_by_theme, areas_for_action
from scwres_helpers.actions.progress import (
    CANNOT_ASSESS,
    NO_CLEAR_PROGRESS,
    ROW_SUPPRESSED,
    STATE_WORDS,
    STATES,
    plan_progress,
)
from scwres_helpers.report.action_words import (
    area_evidence,
    area_gap_text,
    area_title,
    describe_target,
    gap_bounds_text,
    indicator_label,
    progress_detail,
)
from scwres_helpers.report.blocks import Block, TableBlock, escape_text
from scwres_helpers.report.formatting import (
    CONFIDENTIAL,
    NOT_AVAILABLE,
    format_count,
    format_decimal,
    format_interval,
    format_rl,
)
from scwres_helpers.report.narrative import format_value
from scwres_helpers.report.phrases import join_words, say

STATUS_WORDS = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "complete": "Complete",
    "dropped": "Dropped",
}
AREAS_INTRO = (
    "These are the figures where minoritised staff fare worse than white staff and the "
    "evidence is clear: the 95% interval shows an adverse difference, or the figure is "
    "clearly worse than the national figure, or clearly worse than this authority's figure "
    "last year once both years' uncertainty is allowed for. A figure that is only a little "
    "worse is listed to watch, not acted on: figures picked because they look bad tend to "
    "look better the next year with no action at all (regression to the mean). Areas are "
    "ranked by strength of evidence (an adverse interval first, then figures clearly worse "
    "than nationally, then than last year) and then by how far the figure is from equality "
    "(a relative likelihood of 0.5 counts as far from 1 as one of 2). Each area also gives the "
    "gap in people: how many more or fewer minoritised people at risk (staff, applicants or "
    "survey respondents) would have had the outcome at the rate for white people, with its 95% "
    "interval."
)


def untrusted_cell(text: object) -> str:
    """Free text from a plan made inert for a Markdown table cell.

    ``escape_text`` makes HTML and Markdown inert; a leading '=' or '@' is escaped too
    so no cell starts like a spreadsheet formula, and a pipe becomes an entity so it
    cannot split the table's cells.
    """
    escaped = escape_text(str(text))
    if escaped[:1] in ("=", "@"):
        escaped = "\\" + escaped
    return escaped.replace("\\|", "&#124;")


# --- areas for action -----------------------------------------------------------------


def _gap_cell(area: Area) -> str:
    if area.gap_people is None:
        return NOT_AVAILABLE
    if area.gap_people < 0.5:
        return "Fewer than 1"
    more_or_fewer = "more" if area.direction == LESS else "fewer"
    text = f"About {format_count(int(format_decimal(area.gap_people, 0)))} {more_or_fewer}"
    if area.gap_lower is None or area.gap_upper is None:
        return text
    return f"{text} ({gap_bounds_text(area.gap_lower, area.gap_upper)})"


def _areas_table(ranked: list[Area]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Rank": [str(n) for n in range(1, len(ranked) + 1)],
            "Area": [area_title(a.indicator, a.breakdown) for a in ranked],
            "Theme": [registry.theme_of(a.indicator).name for a in ranked],
            "Relative likelihood (95% interval)": [
                f"{format_rl(a.value)} ({format_interval(a.ci_lower, a.ci_upper)})" for a in ranked
            ],
            "Evidence": [STRENGTH_WORDS[a.strength] for a in ranked],
            "Gap in people at the white rate": [_gap_cell(a) for a in ranked],
        }
    )


def themes_sentence(ranked: list[Area]) -> str:
    """The ranked areas counted by theme, in the themes' order, each with its ranks
    ("Leadership: 2 areas (ranks 1 and 3); retention: 1 area (rank 2)")."""
    rank = {id(area): number for number, area in enumerate(ranked, start=1)}
    parts = [say("actions.themes.part", theme=registry.theme(theme).name, n=len(members),
                 ranks=join_words([str(rank[id(a)]) for a in members]))
             for theme, members in areas_by_theme(ranked).items()]
    return say("actions.themes.sentence", parts=parts)


def areas_for_action_blocks(rows: pd.DataFrame, national: pd.DataFrame, year: int) -> list[Block]:
    """'Areas for action': ranked areas with their evidence, then those too small to judge.

    ``rows``: this authority's rows (YEAR and YEAR - 1 used); ``national``: national
    rows as reports show them.
    """
    areas = areas_for_action(rows, national, year)
    blocks: list[Block] = ["## Areas for action", AREAS_INTRO]
    if areas.ranked:
        blocks.append(TableBlock(
            _areas_table(areas.ranked),
            f"Areas for action, strongest evidence first, {year}",
            note="Gap in people: how many more (or fewer) of the minoritised people at risk (staff, "
                 "applicants or survey respondents, as the indicator counts them) would have had the "
                 "outcome at the rate for white people, with its 95% interval in brackets (below 0: the "
                 "gap could run the other way). For senior roles and pay bands the number of posts is "
                 "fixed: the gap is in who holds them, not posts missing.",
        ))
        blocks.append(themes_sentence(areas.ranked))
        for number, area in enumerate(areas.ranked, start=1):
            blocks.append(f"### {number}. {area_title(area.indicator, area.breakdown)}")
            blocks.append(" ".join(t for t in (area_evidence(area, year), area_gap_text(area)) if t))
    else:
        blocks.append(
            f"No figure for {year} meets these criteria: no relative likelihood shows an adverse "
            "difference, and none on the adverse side of 1 is clearly worse than nationally or than last year."
        )
    if areas.too_small:
        blocks.append("### To watch: too small or too uncertain to conclude")
        items = "\n".join(f"- **{area_title(a.indicator, a.breakdown)}.** {area_evidence(a, year)}"
                          for a in areas.too_small)
        blocks.append(
            "These figures cannot show whether there is an adverse difference, so they are not "
            f"ranked. Watch them as numbers grow and next year's figures come in:\n\n{items}"
        )
    return blocks


# --- progress on last year's plan -----------------------------------------------------


def _figure_text(value: float, measure: str) -> str:
    return format_value(value, measure)


def _value_cell(item: pd.Series) -> str:
    if item["reason"] == ROW_SUPPRESSED:
        return CONFIDENTIAL
    if pd.isna(item["value"]):
        return NOT_AVAILABLE
    measure = str(item["target_measure"])
    text = _figure_text(float(item["value"]), measure)
    if pd.isna(item["ci_lower"]) or pd.isna(item["ci_upper"]):
        return text
    interval = format_interval(float(item["ci_lower"]), float(item["ci_upper"]),
                               lambda x: _figure_text(x, measure))
    return f"{text} ({interval})"


def _state_counts_sentence(progress: pd.DataFrame, year: int) -> str:
    counts = progress["state"].value_counts()
    words = {**{s: STATE_WORDS[s].lower() for s in STATES}, CANNOT_ASSESS: "could not be assessed"}
    parts = [f"{int(counts[s])} {words[s]}" for s in STATES if s in counts.index]
    n = len(progress)
    actions = "action" if n == 1 else "actions"
    return (
        f"Last year's plan (sent with the {year - 1} return) had {n} {actions}. Judged against the "
        f"{year} figures: {join_words(parts)}."
    )


PROGRESS_NOTE = (
    "Met: the whole 95% interval of this year's figure is on the target's side. Not yet clear: "
    "the figure is on the target's side but its interval is not, so chance alone could have put "
    "it there. Not met: the target year has come and the figure is not on the target's side. On "
    "track or no clear progress: the target year is still ahead, and the figure has or has not "
    "moved toward the target since last year by more than chance allows, given both years' "
    "numbers. Cannot assess: there is no figure, or its numbers are too small to publish. A "
    "figure picked because it looked bad tends to look better the next year with no action at "
    "all (regression to the mean), so an improvement alone does not show that an action worked."
)


def plan_progress_blocks(plan_last_year: pd.DataFrame | None, rows: pd.DataFrame, year: int) -> list[Block]:
    """'Progress on last year's plan': each target against this year's figure, in a table."""
    blocks: list[Block] = ["## Progress on last year's plan"]
    if not has_actions(plan_last_year):
        return blocks + [f"No plan was returned last year (with the {year - 1} return), so there is "
                         "no progress to report."]
    progress = plan_progress(plan_last_year, rows, year)
    blocks.append(_state_counts_sentence(progress, year))
    table = pd.DataFrame(
        {
            "Action": [untrusted_cell(x) for x in progress["action_id"]],
            "Indicator": [indicator_label(i, b) for i, b in zip(progress["indicator"], progress["target_breakdown"])],
            "What will be done": [untrusted_cell(x) for x in progress["action"]],
            "Target": [describe_target(p) for _, p in progress.iterrows()],
            f"Value in {year} (95% interval)": [_value_cell(p) for _, p in progress.iterrows()],
            "State": [progress_detail(p, year) for _, p in progress.iterrows()],
        }
    )
    blocks.append(TableBlock(table, f"Progress on the actions of the {year - 1} plan, judged against "
                                    f"the {year} figures", note=PROGRESS_NOTE))
    stuck = progress["state"].isin([CANNOT_ASSESS, NO_CLEAR_PROGRESS]).any()
    if stuck:
        blocks.append("Where a target cannot be assessed or shows no clear progress, consider whether the "
                      "action or its target needs to change in this year's plan.")
    return blocks


# --- the plan sent with this year's return --------------------------------------------


def _date_text(value: object) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.isoformat() if isinstance(value, dt.date) else untrusted_cell(value)


def current_plan_blocks(plan: pd.DataFrame | None, year: int) -> list[Block]:
    """The plan sent with this year's return, or a sentence saying none was sent."""
    blocks: list[Block] = [f"## Action plan sent with the {year} return"]
    if not has_actions(plan):
        return blocks + [
            f"No action plan was sent with the {year} return. The collection template for "
            f"{year + 1} suggests actions for the areas for action above; replace them with your own."
        ]
    n = len(plan)
    blocks.append(
        f"The plan has {n} action{'s' if n != 1 else ''}. Next year's report will judge each target "
        f"against the {year + 1} figures."
    )
    blocks.append(TableBlock(plan_table(plan), f"Actions in the plan sent with the {year} return"))
    return blocks


def plan_table(plan: pd.DataFrame) -> pd.DataFrame:
    """The actions of a plan as table cells (text from the return escaped)."""
    return pd.DataFrame(
        {
            "Action": [untrusted_cell(x) for x in plan["action_id"]],
            "Indicator": [indicator_label(str(i), str(b)) for i, b in zip(plan["indicator"], plan["target_breakdown"])],
            "What will be done": [untrusted_cell(x) for x in plan["action"]],
            "Owner (role)": [untrusted_cell(x) for x in plan["owner_role"]],
            "Start": [_date_text(x) for x in plan["start_date"]],
            "Due": [_date_text(x) for x in plan["due_date"]],
            "Target": [describe_target(a) for _, a in plan.iterrows()],
            "Status": [STATUS_WORDS.get(str(s), untrusted_cell(s)) for s in plan["status"]],
        }
    )


# --- national report ------------------------------------------------------------------

NATIONAL_HEADERS = {
    "indicator": "Indicator",
    "authorities": "Authorities with at least one action",
    "actions": "Actions set",
    "met": "Met",
    "not_clear": "Not yet clear",
    "not_met": "Not met",
    "cannot_assess": "Could not be assessed",
}


def national_plan_blocks(summary: pd.DataFrame, year: int,
                         threshold: int = ORGANISATION_THRESHOLD) -> list[Block]:
    """'Action plans' for the national report, from ``actions.national_plan_summary``."""
    blocks: list[Block] = [
        "## Action plans",
        f"Authorities may send an action plan with their return: actions on the indicators, each "
        f"with a target for a later year. This section counts the actions in the plans sent with "
        f"the {year - 1} returns and how the targets due by {year} went, judged against each "
        f"authority's {year} figures. No authority is named.",
    ]
    total = summary.loc[summary["indicator"] == TOTAL, "authorities"]
    if total.empty or total.iloc[0] == "0":
        return blocks + [f"No authority sent an action plan with its {year - 1} return, so there is "
                         "nothing to summarise."]
    headers = {**NATIONAL_HEADERS, "targets_due": f"Targets due by {year}"}
    table = summary.rename(columns=headers)
    table["Indicator"] = [
        "Any indicator (total)" if code == TOTAL else indicator_label(code) for code in summary["indicator"]
    ]
    note = (
        "An authority with actions on several indicators is counted once in the total. Targets of "
        "dropped actions are not counted as due. To protect authorities, a count based on fewer than "
        f"{threshold} authorities is shown as [c], as is any count that would let such a figure "
        "be worked out from a total."
    )
    blocks.append(TableBlock(table, f"Action plans sent with the {year - 1} returns and targets due by "
                                    f"{year}, by indicator", note=note, gss_notes=False))
    return blocks


__all__ = [
    "areas_for_action_blocks",
    "current_plan_blocks",
    "national_plan_blocks",
    "plan_progress_blocks",
    "untrusted_cell",
]
