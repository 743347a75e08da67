"""National summary of action plans: how many authorities set actions, and how targets went.

For the national report of YEAR, from the plans sent with the YEAR - 1 returns and
every authority's YEAR rows. One row per indicator (in ``codes.INDICATORS`` order)
and a total row:

- ``authorities``: authorities with at least one action on the indicator (total row:
  authorities with any plan, each counted once, so it is not the sum of the rows);
- ``actions``: actions set (any status, dropped included);
- ``targets_due``: targets whose target_year is YEAR or earlier, dropped actions left
  out; ``met`` + ``not_clear`` + ``not_met`` + ``cannot_assess`` = ``targets_due`` (states as in
  ``actions.progress``; an authority without a YEAR return cannot be assessed).

Disclosure control (the threshold rule for organisation counts). A cell is based on
"fewer than THRESHOLD contributors" when 1 to THRESHOLD - 1 authorities contribute to
it; such cells are shown as ``[c]``. For the authority column the cell is itself that
number; for actions and targets the cell counts actions, but its contributors are the
authorities those actions belong to, so a count of actions from one or two
authorities is hidden too (it would describe those authorities). Zero is shown.
Secondary suppression reuses ``scwres_helpers.disclosure.secondary_mask`` on two
tables: (1) authorities and actions with the total row, where the authorities total
is treated as if it were the sum of the rows (conservative: a reader may assume each
authority works on one indicator), and a row hidden in one column is hidden in both;
(2) met, not yet clear, not met and cannot assess with ``targets_due`` as their row total and the
total row as column totals. ``disclosure.is_recoverable`` then checks both tables
and an error is raised if any ``[c]`` could be worked out. The output holds no
authority code or name.
"""

from __future__ import annotations

import pandas as pd

from scwres_helpers import codes
from scwres_helpers.actions.plan import DROPPED, has_actions
from scwres_helpers.actions.progress import CANNOT_ASSESS, MET, NOT_CLEAR, NOT_MET, plan_progress
from scwres_helpers.disclosure import CONFIDENTIAL, is_recoverable, secondary_mask

TOTAL = "total"
ORGANISATION_THRESHOLD = 3
ACTION_COLUMNS = ("authorities", "actions")
TARGET_PARTS = ("met", "not_clear", "not_met", "cannot_assess")
TARGETS_DUE = "targets_due"
SUMMARY_COLUMNS = ("indicator", *ACTION_COLUMNS, TARGETS_DUE, *TARGET_PARTS)
_STATE_COLUMN = {MET: "met", NOT_CLEAR: "not_clear", NOT_MET: "not_met", CANNOT_ASSESS: "cannot_assess"}


def _action_records(plans: dict[str, pd.DataFrame | None], rows: pd.DataFrame, year: int) -> pd.DataFrame:
    """One record per action: authority, indicator, whether due, and its state."""
    authority_rows = rows.loc[(rows["scope"] == "authority") & (rows["year"] == year)]
    by_code = dict(tuple(authority_rows.groupby("authority_code", sort=True)))
    records = []
    for code in sorted(plans):
        plan = plans[code]
        if not has_actions(plan):
            continue
        progress = plan_progress(plan, by_code.get(code, authority_rows.iloc[0:0]), year)
        for _, action in progress.iterrows():
            due = action["status"] != DROPPED and int(action["target_year"]) <= year
            records.append({"authority": code, "indicator": action["indicator"], "due": due,
                            "state": action["state"] if due else ""})
    return pd.DataFrame(records, columns=["authority", "indicator", "due", "state"]).astype({"due": bool})


def _counts(records: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(cell values, contributing authorities) for every indicator row and the total row."""
    index = [*codes.INDICATORS, TOTAL]
    columns = [*ACTION_COLUMNS, TARGETS_DUE, *TARGET_PARTS]
    values = pd.DataFrame(0, index=index, columns=columns, dtype="int64")
    contributors = values.copy()
    selections = {"actions": records, TARGETS_DUE: records[records["due"]]}
    selections |= {column: records[records["state"] == state] for state, column in _STATE_COLUMN.items()}
    for column, chosen in selections.items():
        for indicator, part in chosen.groupby("indicator", sort=False):
            values.loc[indicator, column] = len(part)
            contributors.loc[indicator, column] = part["authority"].nunique()
        values.loc[TOTAL, column] = len(chosen)
        contributors.loc[TOTAL, column] = chosen["authority"].nunique()
    values["authorities"] = contributors["actions"]
    contributors["authorities"] = contributors["actions"]
    return values, contributors


def _hidden_actions(values: pd.DataFrame, primary: pd.DataFrame) -> pd.DataFrame:
    """Secondary suppression of the authorities and actions columns (one equation each)."""
    table = values.loc[:, list(ACTION_COLUMNS)].copy()
    inner = table.index != TOTAL
    table.loc[TOTAL, "authorities"] = int(table.loc[inner, "authorities"].sum())  # as if additive
    mask = secondary_mask(table, primary.loc[:, list(ACTION_COLUMNS)], TOTAL, None)
    either = mask.any(axis=1)
    mask = pd.DataFrame({c: either for c in ACTION_COLUMNS}, index=table.index)
    for column in ACTION_COLUMNS:
        if is_recoverable(table[[column]], mask[[column]], TOTAL, None):
            raise RuntimeError(f"a hidden {column} count could be worked out")
    return mask


def _hidden_targets(values: pd.DataFrame, primary: pd.DataFrame) -> pd.DataFrame:
    """Secondary suppression of the targets table (rows add to targets_due, columns to total)."""
    columns = [*TARGET_PARTS, TARGETS_DUE]
    table = values.loc[:, columns]
    mask = secondary_mask(table, primary.loc[:, columns], TOTAL, TARGETS_DUE)
    if is_recoverable(table, mask, TOTAL, TARGETS_DUE):
        raise RuntimeError("a hidden target count could be worked out")
    return mask


def national_plan_summary(
    plans: dict[str, pd.DataFrame | None],
    rows: pd.DataFrame,
    year: int,
    threshold: int = ORGANISATION_THRESHOLD,
) -> pd.DataFrame:
    """Counts per indicator plus a total row, as text cells with ``[c]`` where hidden.

    ``plans``: the YEAR - 1 plans by authority code (None or empty: no plan); the
    codes are used only to count distinct authorities. ``rows``: every authority's
    indicator rows (scope ``authority``) for YEAR; other rows are ignored. Columns
    are ``SUMMARY_COLUMNS``; ``indicator`` is an indicator code or ``"total"``.
    """
    values, contributors = _counts(_action_records(plans, rows, year))
    primary = (contributors > 0) & (contributors < threshold)
    hidden = pd.concat([_hidden_actions(values, primary), _hidden_targets(values, primary)], axis=1)
    hidden = hidden.loc[:, list(SUMMARY_COLUMNS[1:])]
    cells = values.loc[:, list(SUMMARY_COLUMNS[1:])].astype("int64").astype("str")
    cells = cells.mask(hidden, CONFIDENTIAL)
    out = cells.reset_index(names="indicator")
    return out.astype("str").loc[:, list(SUMMARY_COLUMNS)]
