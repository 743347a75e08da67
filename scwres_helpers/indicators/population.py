"""The area's minoritised share from the local population, and the workforce's share against it.

The area's share is ``x / (x + w)``: the residents of the compared group over those
of the group and white residents, as the workforce's ``share_minoritised`` is (people
whose ethnicity is not known are left out of both). It is taken as exact, with no
interval: a census counts everyone (the 2021 Census imputed its few non-responses),
so it has no sampling error, and the errors it does have (imputation, people moving
since census day) are not of a kind a binomial interval describes; a Wilson interval
over some 300,000 residents would be a fraction of a point wide and claim a precision
the figure does not have. The comparison's uncertainty is the workforce's: its share
has its Wilson interval (``measures.share_minoritised``), and the workforce is judged
above or below its area only when that interval lies wholly above or below the
area's share.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scwres_helpers import codes, registry
from scwres_helpers.indicators import measures

ABOVE_AREA = "above_area"
BELOW_AREA = "below_area"


def area_shares(counts: pd.DataFrame) -> pd.DataFrame:
    """Per authority and compared group: residents of the group, white residents, and the share.

    COUNTS: ``authority_code, ethnicity, population`` (``intake.population``). An
    authority with no group and no white residents has no share (NaN).
    """
    groups = counts["ethnicity"].map(codes.ETHNICITY_GROUP)
    frame = counts.assign(group=groups)
    by_group = frame.pivot_table(index="authority_code", columns="group", values="population",
                                 aggfunc="sum", fill_value=0)
    for group in (codes.REFERENCE_GROUP, *codes.MINORITISED_GROUPS):
        if group not in by_group:
            by_group[group] = 0
    by_group[codes.MINORITISED] = by_group[list(codes.MINORITISED_GROUPS)].sum(axis=1)
    rows = []
    for code in sorted(by_group.index):
        white = int(by_group.at[code, codes.REFERENCE_GROUP])
        for group in codes.COMPARED_GROUPS:
            residents = int(by_group.at[code, group])
            total = residents + white
            rows.append({"authority_code": code, "group": group, "residents_group": residents,
                         "residents_white": white, "area_share": residents / total if total else np.nan})
    return pd.DataFrame(rows, columns=["authority_code", "group", "residents_group", "residents_white",
                                       "area_share"])


def compare_with_area(staff_group, staff_white, area_share) -> pd.DataFrame:
    """The workforce's share with its Wilson interval against the area's share (element-wise).

    ``difference_pp`` is 100 x (workforce share - area share); ``comparison`` is
    ``above_area`` or ``below_area`` when the interval lies wholly above or below the
    area's share, ``no_clear_difference`` otherwise, ``not_assessed`` when either
    share is missing.
    """
    staff = measures.share_minoritised(staff_group, staff_white)
    area = np.atleast_1d(np.asarray(area_share, dtype="float64"))
    lower, upper = staff["ci_lower"].to_numpy(), staff["ci_upper"].to_numpy()
    missing = np.isnan(staff["value"].to_numpy()) | np.isnan(area)
    comparison = np.select([missing, lower > area, upper < area], [measures.NOT_ASSESSED, ABOVE_AREA, BELOW_AREA],
                           default=measures.NO_CLEAR_DIFFERENCE).astype(object)
    return pd.DataFrame({
        "staff_group": staff["numerator_group"], "staff_total": staff["denominator_group"],
        "staff_share": staff["value"], "ci_lower": lower, "ci_upper": upper, "area_share": area,
        "difference_pp": 100.0 * (staff["value"].to_numpy() - area) + 0.0, "comparison": comparison,
    })


def headcount_indicator() -> str:
    """The first indicator whose people at risk are the whole workforce (``headcount``): its
    relative-likelihood row carries the group's and white staff's headcounts."""
    return next(i.id for i in registry.indicators() if i.at_risk == "headcount" and i.has_headline_rl)


def workforce_headcounts(rows: pd.DataFrame, group: str) -> tuple[int, int] | None:
    """(staff of GROUP, white staff) in all services from one authority's rows of one year;
    None when the row is missing or its counts are blank (the area is then not compared)."""
    found = rows[(rows["indicator"] == headcount_indicator()) & (rows["measure"] == "relative_likelihood")
                 & (rows["service"] == codes.ALL_SERVICES) & (rows["group"] == group)
                 & (rows["breakdown"].fillna("") == "")]
    if len(found) != 1:
        return None
    staff, white = found["denominator_group"].iloc[0], found["denominator_white"].iloc[0]
    if pd.isna(staff) or pd.isna(white):
        return None
    return int(staff), int(white)
