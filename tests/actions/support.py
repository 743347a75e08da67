"""Hand-made indicator rows and plans for the action-plan tests.

Values, intervals and counts are written out by hand (checked against the Katz
formula where a test depends on it); nothing here is computed by the package.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from indicator_frames import frame  # noqa: F401 (re-exported for the tests here)

PLAN_COLUMNS = ("action_id", "indicator", "action", "owner_role", "start_date", "due_date",
                "target_measure", "target_breakdown", "target_comparison", "target_value",
                "target_year", "status", "public")
OWN = "E09000001"
# A suppressed row still carries real figures; none of these may ever be shown.
SECRET = {"value": 3.217, "lower": 1.234, "upper": 8.765, "counts": (3, 57, 2, 113)}
SECRET_TEXTS = ("3.22", "3.217", "1.23", "1.234", "8.77", "8.765", "57", "113")


def row(indicator: str, value: float | None = None, lower: float | None = None,
        upper: float | None = None, *, counts=(None, None, None, None), measure="relative_likelihood",
        breakdown: str = "", year: int = 2024, scope: str = "authority", code: str = OWN,
        flag: str = "", suppressed: bool = False, group: str = "minoritised",
        service: str = "all") -> dict:
    """One indicators-table row; RL assessment from the interval as the spec says."""
    if measure != "relative_likelihood":
        assessment = ""
    elif lower is None or upper is None:
        assessment = "not_assessed"
    else:
        assessment = "more_likely" if lower > 1 else "less_likely" if upper < 1 else "no_clear_difference"
    a_g, n_g, a_w, n_w = counts
    return {
        "year": year, "scope": scope, "authority_code": "national" if scope == "national" else code,
        "service": service, "group": group, "indicator": indicator, "breakdown": breakdown,
        "measure": measure, "numerator_group": a_g, "denominator_group": n_g,
        "numerator_white": a_w, "denominator_white": n_w,
        "rate_group": None if not n_g else a_g / n_g, "rate_white": None if not n_w else a_w / n_w,
        "value": value, "ci_lower": lower, "ci_upper": upper, "assessment": assessment,
        "flag": flag, "suppressed": suppressed,
    }


def secret_row(indicator: str, **kwargs) -> dict:
    return row(indicator, SECRET["value"], SECRET["lower"], SECRET["upper"], counts=SECRET["counts"],
               suppressed=True, **kwargs)


def action(action_id: str, indicator: str, target_value: float, target_year: int, *,
           comparison: str = "at_least", measure: str = "relative_likelihood", breakdown: str = "",
           status: str = "in_progress", text: str | None = None, owner: str = "Head of HR") -> dict:
    return {
        "action_id": action_id, "indicator": indicator,
        "action": text if text is not None else f"Work on indicator {indicator}",
        "owner_role": owner, "start_date": dt.date(2024, 4, 1), "due_date": dt.date(2025, 3, 31),
        "target_measure": measure, "target_breakdown": breakdown, "target_comparison": comparison,
        "target_value": target_value, "target_year": target_year, "status": status, "public": False,
    }


def plan(actions: list[dict]) -> pd.DataFrame:
    """A plan in the contract's canonical form."""
    df = pd.DataFrame(actions, columns=list(PLAN_COLUMNS))
    for column in ("action_id", "indicator", "action", "owner_role", "target_measure",
                   "target_breakdown", "target_comparison", "status"):
        df[column] = df[column].astype("str")
    df["start_date"] = df["start_date"].astype(object)
    df["due_date"] = df["due_date"].astype(object)
    df["target_value"] = df["target_value"].astype(float)
    df["target_year"] = df["target_year"].astype("int64")
    df["public"] = df["public"].astype(bool)
    return df
