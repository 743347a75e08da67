"""An authority report's section on its workforce against its area's population.

Only when the year has a population file with this authority's area (its bundle's
``area.csv``, its own area and nobody else's): without one the section is empty and the
report is exactly as before. The workforce's share for each compared group is of that
group and white staff (people of unknown ethnicity left out), with its Wilson interval;
the area's share is taken as exact (``indicators.population``), and the two are called
different only when the interval lies wholly above or below the area's share. A share
resting on a count of 1 to threshold - 1 staff is withheld, as every figure is.
"""

from __future__ import annotations

import pandas as pd

from scwres_helpers import codes
from scwres_helpers.bundles import AuthorityInputs
from scwres_helpers.disclosure.primary import is_disclosive
from scwres_helpers.indicators.population import compare_with_area, workforce_headcounts
from scwres_helpers.report.blocks import Block, TableBlock
from scwres_helpers.report.formatting import (
    CONFIDENTIAL,
    NOT_AVAILABLE,
    format_interval,
    format_percent,
    format_pp,
)
from scwres_helpers.report.phrases import labels, say
from scwres_helpers.report.wording import GROUP_LABELS


def area_comparison(inputs: AuthorityInputs) -> pd.DataFrame | None:
    """One row per compared group: the workforce's counts and share against the area's,
    ``withheld`` where the workforce's counts are small; None without an area."""
    if inputs.area is None or inputs.area.empty:
        return None
    rows = inputs.rows_this_year
    records = []
    for group in codes.COMPARED_GROUPS:
        area = inputs.area[inputs.area["group"] == group]
        staff = workforce_headcounts(rows, group)
        if area.empty or staff is None:
            continue
        compared = compare_with_area(staff[0], staff[1], float(area["area_share"].iloc[0])).iloc[0].to_dict()
        records.append({"group": group, **compared,
                        "withheld": is_disclosive(staff, inputs.threshold)})
    return pd.DataFrame(records) if records else None


def _percent(share: float) -> str:
    return NOT_AVAILABLE if pd.isna(share) else format_percent(100.0 * share)


def _table(compared: pd.DataFrame) -> pd.DataFrame:
    columns = list(labels("authority.population.columns").values())
    cells = []
    for _, row in compared.iterrows():
        if row["withheld"]:
            staff = difference = comparison = CONFIDENTIAL
        else:
            staff = NOT_AVAILABLE if pd.isna(row["staff_share"]) else (
                f"{_percent(row['staff_share'])} ({format_interval(100 * row['ci_lower'], 100 * row['ci_upper'], format_percent)})")
            difference = NOT_AVAILABLE if pd.isna(row["difference_pp"]) else format_pp(row["difference_pp"])
            comparison = say(f"authority.population.comparison.{row['comparison']}")
        cells.append([GROUP_LABELS[row["group"]], staff, _percent(row["area_share"]), difference, comparison])
    return pd.DataFrame(cells, columns=columns)


def population_blocks(inputs: AuthorityInputs) -> list[Block]:
    """'The workforce and the local population': a paragraph on the minoritised share and a
    table by group; [] when the year has no population figures for this authority."""
    compared = area_comparison(inputs)
    if compared is None:
        return []
    blocks: list[Block] = [f"## {say('authority.population.heading')}"]
    minoritised = compared[compared["group"] == codes.MINORITISED]
    if not minoritised.empty:
        row = minoritised.iloc[0]
        if row["withheld"]:
            blocks.append(say("authority.population.withheld", threshold=inputs.threshold))
        elif not pd.isna(row["staff_share"]):
            blocks.append(say(
                "authority.population.intro", staff_share=_percent(row["staff_share"]),
                interval=format_interval(100 * row["ci_lower"], 100 * row["ci_upper"], format_percent),
                area_share=_percent(row["area_share"]),
                judgement=say(f"authority.population.{row['comparison']}")))
    blocks.append(TableBlock(_table(compared), say("authority.population.caption", year=inputs.year),
                             note=say("authority.population.note")))
    return blocks
