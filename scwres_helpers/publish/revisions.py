"""What a change of the national figures changed, in words: for the end of a correction
run, the revisions page of the site, and the release record.

The national figures are the national rows of a year's shared bundle
(``national.csv``); two versions are compared figure by figure (the same indicator,
measure, service, group and breakdown). The page's words are in
``templates/revisions.md.j2``.
"""

from __future__ import annotations

import io
import math
from datetime import date

import pandas as pd

from scwres_helpers import codes
from scwres_helpers.dates import long_date
from scwres_helpers.publish.html_page import render_template

KEY = ("indicator", "measure", "service", "group", "breakdown")
REVISIONS_PAGE = "revisions"
REVISIONS_TEMPLATE = "revisions.md.j2"
# The figures a revision lists by name (the rest are counted): each indicator's headline.
HEADLINE = {"service": codes.ALL_SERVICES, "group": codes.MINORITISED}


def _national_figures(csv_text: str, year: int) -> dict[tuple, str]:
    frame = pd.read_csv(io.StringIO(csv_text), dtype=str, keep_default_na=False)
    if frame.empty:
        return {}
    frame = frame[(frame["scope"] == codes.NATIONAL) & (frame["year"] == str(int(year)))]
    return {tuple(row[k] for k in KEY): _shown(row["value"], row["suppressed"]) for _, row in frame.iterrows()}


def _shown(value: str, suppressed: str) -> str:
    """A figure as the reports show it: two decimals, [c] when withheld, [x] when undefined."""
    if suppressed.strip().lower() == "true":
        return "[c]"
    if value == "" or math.isnan(float(value)):
        return "[x]"
    return f"{float(value):.2f}"


def national_changes(before_csv: str, after_csv: str, year: int) -> list[dict]:
    """Every national figure of YEAR that differs (as shown, to two decimals) between the
    two national tables: indicator, measure, service, group, breakdown, before, after."""
    before, after = _national_figures(before_csv, year), _national_figures(after_csv, year)
    changes = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key, "–"), after.get(key, "–")
        if old != new:
            changes.append({**dict(zip(KEY, key)), "before": old, "after": new})
    return changes


def headline_changes(changes: list[dict]) -> list[dict]:
    """The changes to each indicator's headline figure (all services, minoritised staff)."""
    return [c for c in changes if all(c[k] == v for k, v in HEADLINE.items()) and c["breakdown"] in ("", "all")]


def describe_change(change: dict) -> str:
    """'indicator 2 (Appointment from shortlisting), relative_likelihood: 0.52 -> 0.51'."""
    name = codes.INDICATOR_NAMES.get(change["indicator"], "")
    where = "" if change["breakdown"] in ("", "all") else f", {change['breakdown']}"
    return (f"indicator {change['indicator']} ({name}), {change['measure'].replace('_', ' ')}{where}: "
            f"{change['before']} -> {change['after']}")


def revisions_markdown(year: int, published: date | str, revisions: list[dict]) -> str:
    """The site's revisions page: the policy, then every national revision (newest first)."""
    shown = []
    for revision in reversed(revisions):
        changes = revision.get("changes", [])
        headline = headline_changes(changes)
        shown.append({
            "date": long_date(revision["date"]), "reason": revision["reason"],
            "headline": [{**c, "name": codes.INDICATOR_NAMES.get(c["indicator"], c["indicator"]),
                          "measure_words": c["measure"].replace("_", " ")} for c in headline],
            "others": len(changes) - len(headline),
        })
    return render_template(REVISIONS_TEMPLATE, year=int(year), published=long_date(published), revisions=shown)
