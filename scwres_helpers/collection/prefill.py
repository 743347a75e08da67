"""Next year's action plan sheet, pre-filled: last year's open actions and a suggestion per area.

So that the plan and the data return travel together, ``scwres template --year Y
--returns-root R --authority CODE`` starts the authority's Y workbook from its Y-1
return: every action not yet complete or dropped (target years already past are
moved to Y, the first year the return can still meet them, since the sheet refuses
a target year before the return's year), then one suggested row per ranked area
for action in its Y-1 report, for the authority to replace with its own words.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from scwres_helpers import codes
from scwres_helpers.action_plan import open_actions, plan_frame
from scwres_helpers.returns import AuthorityReturn


@dataclass(frozen=True)
class Prefill:
    """What a pre-filled workbook starts from."""

    previous: AuthorityReturn  # last year's valid return (code, name, services)
    plan: pd.DataFrame  # canonical plan: open actions, then suggestions
    carried: int  # how many of the rows are last year's open actions
    suggested: int


def prefill_from_returns(returns_root: Path, year: int, authority_code: str,
                         threshold: int = codes.DEFAULT_SUPPRESSION_THRESHOLD) -> Prefill:
    """The YEAR workbook's starting point from AUTHORITY_CODE's YEAR - 1 return."""
    from scwres_helpers.actions import areas_for_action, suggested_actions
    from scwres_helpers.bundles import authority_inputs, load_tables
    from scwres_helpers.report.action_words import suggested_action_text

    prior = year - 1
    tables = load_tables(Path(returns_root), prior, threshold)
    code = authority_code.strip().upper()
    if code not in tables.current.returns:
        raise ValueError(f"{code} has no valid {prior} return under {returns_root} to pre-fill from")
    inputs = authority_inputs(tables, code)
    carried = open_actions(inputs.plan).copy()
    carried["target_year"] = carried["target_year"].clip(lower=year)
    suggestions = suggested_actions(areas_for_action(inputs.rows, inputs.national, prior), prior,
                                    suggested_action_text)
    taken = {str(i).lower() for i in carried["action_id"]}
    suggestions = suggestions[[str(i).lower() not in taken for i in suggestions["action_id"]]]
    records = [*carried.to_dict("records"), *suggestions.to_dict("records")]
    return Prefill(tables.current.returns[code], plan_frame(records), len(carried), len(suggestions))
