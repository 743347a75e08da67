"""An authority's action plan in memory: its canonical form, and the actions still open.

The plan is the optional ``action_plan`` table of a return (issue 7). Intake builds
this form from a validated table, the collection template pre-fills next year's
workbook from it and the sample-data generator writes it, so the column types are
decided here once: text as ``str``, the two dates as ``datetime.date`` objects
(dtype object, as ``About`` holds dates), ``target_value`` float and
``target_year`` int, ``public`` bool (an action the council publishes in its public
summary; absent means not), rows in ``action_id`` order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from scwres_helpers import codes

COLUMNS = codes.ACTION_PLAN_COLUMNS


def plan_frame(records: Iterable[Mapping[str, object]]) -> pd.DataFrame:
    """The canonical plan from rows of canonical values (column -> value), sorted by action_id.

    ``target_breakdown`` is ``""`` for a target that is not for a band (every
    indicator but 1), never missing; a record without ``public`` is not public.
    """
    rows = sorted(({"public": False, **r} for r in records), key=lambda r: str(r["action_id"]))
    columns: dict[str, object] = {}
    for column in COLUMNS:
        values = [r[column] for r in rows]
        if column in codes.ACTION_PLAN_TEXT_COLUMNS:
            columns[column] = pd.array(["" if v is None else str(v) for v in values], dtype="str")
        elif column in codes.ACTION_PLAN_DATE_COLUMNS:
            columns[column] = pd.Series(values, dtype=object)
        elif column == "target_value":
            columns[column] = np.array(values, dtype=np.float64)
        elif column == "public":
            columns[column] = np.array([bool(v) for v in values], dtype=bool)
        else:  # target_year
            columns[column] = np.array(values, dtype=np.int64)
    return pd.DataFrame(columns, columns=list(COLUMNS))


def empty_plan() -> pd.DataFrame:
    """A correctly typed plan with no actions."""
    return plan_frame([])


def open_actions(plan: pd.DataFrame | None) -> pd.DataFrame:
    """The actions not yet complete or dropped, in action_id order (a fresh index).

    These are the rows to carry into next year's workbook; ``None`` (no plan) gives
    an empty plan.
    """
    if plan is None:
        return empty_plan()
    still_open = plan[~plan["status"].isin(codes.CLOSED_ACTION_STATUSES)]
    return still_open.sort_values("action_id", kind="stable").reset_index(drop=True)


def yes_no(flag: object) -> str:
    """A true/false cell as the return writes it."""
    return "yes" if flag else "no"


def public_actions(plan: pd.DataFrame | None) -> pd.DataFrame:
    """The actions the council marked public (for its public summary), in action_id order."""
    if plan is None:
        return empty_plan()
    return plan[plan["public"].astype(bool)].reset_index(drop=True)


def plan_csv_text(plan: pd.DataFrame) -> str:
    """The plan as CSV text (dates ISO, numbers as Python writes them): for input bundles."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for record in plan.loc[:, list(COLUMNS)].itertuples(index=False):
        writer.writerow(value.isoformat() if hasattr(value, "isoformat") else yes_no(value)
                        if isinstance(value, (bool, np.bool_)) else value for value in record)
    return buffer.getvalue()


def read_plan_csv(path) -> pd.DataFrame:
    """A plan written by ``plan_csv_text``, back in its canonical form."""
    import datetime as dt

    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    records = []
    for record in raw.to_dict("records"):
        for column in codes.ACTION_PLAN_DATE_COLUMNS:
            record[column] = dt.date.fromisoformat(record[column])
        record["target_value"] = float(record["target_value"])
        record["target_year"] = int(record["target_year"])
        record["public"] = record.get("public") == "yes"
        records.append(record)
    return plan_frame(records)
