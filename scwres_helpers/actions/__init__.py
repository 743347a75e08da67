"""Action plans, analysis side (issue 7): what to act on, and how last year's plan went.

- ``plan``: the plan table's columns and how a target is looked up;
- ``priorities``: "Areas for action" from one authority's figures, and suggested plan rows;
- ``progress``: each target of last year's plan judged against this year's figures;
- ``national_summary``: counts of authorities and targets for the national report,
  under disclosure control for organisation counts.

Every function is pure: indicator-table rows and plan DataFrames in, facts out (the
words are the report's: ``report.action_words``).
"""

from scwres_helpers.actions.national_summary import national_plan_summary
from scwres_helpers.actions.plan import PLAN_COLUMNS
from scwres_helpers.actions.priorities import Area, AreasForAction, areas_for_action, suggested_actions
from scwres_helpers.actions.progress import plan_progress

__all__ = [
    "PLAN_COLUMNS",
    "Area",
    "AreasForAction",
    "areas_for_action",
    "national_plan_summary",
    "plan_progress",
    "suggested_actions",
]
