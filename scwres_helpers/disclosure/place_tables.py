"""Disclosure control of the tables that pool authorities by region or by type of authority.

A cell of such a table pools the counts of the authorities in one place (a region, a
type) for one measure: people at risk and with the outcome, minoritised and white. The
public rules are those of the national tables, applied to the cells:

- a cell with a count, or a complement (at risk minus outcome), of 1 to threshold - 1
  is withheld (primary suppression);
- a cell pooling fewer than ``MIN_AUTHORITIES`` authorities is withheld: it would be
  one or two named councils' own figures (the rule of the national plan summary);
- a measure whose national row the year's one suppression pattern withholds is
  withheld in every place: the places add up to it;
- the places of a table add up to the national counts, and the same count (a
  headcount) is the denominator of several measures, so withheld cells are worked out
  by subtraction unless more are hidden. ``secondary.suppress``, the engine of every
  published table, hides further cells until no withheld cell's counts can be worked out
  and no small count can be narrowed to a range narrower than the threshold.

Regions and types are two partitions of the same national total whose crossing is never
published, so each table is protected on its own.
"""

from __future__ import annotations

from collections.abc import Hashable

import pandas as pd

from scwres_helpers.disclosure.secondary import Equation, Item, suppress

COUNTS = ("numerator_group", "denominator_group", "numerator_white", "denominator_white")
MIN_AUTHORITIES = 3  # fewer authorities in a cell: their own figures, named by the place
NATIONAL = "__national__"  # the cell of every measure that the places add up to (published elsewhere)
_SIDES = (("numerator_group", "denominator_group", "group"), ("numerator_white", "denominator_white", "white"))


def _keys(row: pd.Series, place: Hashable) -> list[tuple[tuple[str, str], Hashable, int]]:
    """The counts a cell shows, as ((role, side), key, value), under keys shared wherever the
    same count appears: (quantity, side, place) for the outcome and the people at risk, and
    (without, outcome, at risk, side, place) for the complement."""
    keys = []
    for outcome_column, at_risk_column, side in _SIDES:
        outcome, at_risk = int(row[outcome_column]), int(row[at_risk_column])
        keys.append((("at_risk", side), (row["at_risk"], side, place), at_risk))
        keys.append((("outcome", side), (row["outcome"], side, place), outcome))
        keys.append((("without", side), ("without", row["outcome"], row["at_risk"], side, place), at_risk - outcome))
    return keys


def place_cells_withheld(
    pooled: pd.DataFrame, withheld_nationally: set[Hashable], threshold: int,
    min_authorities: int = MIN_AUTHORITIES,
) -> set[tuple[Hashable, Hashable]]:
    """The (measure, place) cells of one table to show as ``[c]``.

    POOLED: one row per measure and place with ``measure`` (any label), ``place``,
    ``authorities`` (how many it pools), ``at_risk`` and ``outcome`` (the names of the
    counts, so that a count shared by measures is one key) and the four ``COUNTS``.
    WITHHELD_NATIONALLY: the measures whose national row is withheld.
    """
    rows = pooled.reset_index(drop=True)
    national = rows.groupby("measure", sort=True)[list(COUNTS)].sum()
    firsts = rows.drop_duplicates("measure").set_index("measure")
    values: dict[Hashable, int] = {}
    items: list[Item] = []
    cells: list[tuple[pd.Series, Hashable, Hashable]] = [
        (row, row["measure"], row["place"]) for _, row in rows.iterrows()
    ]
    for measure in national.index:
        row = pd.concat([national.loc[measure], firsts.loc[measure, ["at_risk", "outcome"]]])
        cells.append((row, measure, NATIONAL))
    equations: dict[tuple, Equation] = {}
    parts: dict[tuple[Hashable, tuple[str, str]], list[Hashable]] = {}  # (measure, role) -> place keys
    totals: dict[tuple[Hashable, tuple[str, str]], Hashable] = {}  # (measure, role) -> national key
    for row, measure, place in cells:
        shown = {}
        for role, key, value in _keys(row, place):
            if key in values and values[key] != value:  # not in fact the same count: keep it apart
                key = (measure, *key)
            values.setdefault(key, value)
            shown[role] = key
            if place == NATIONAL:
                totals[(measure, role)] = key
            else:
                parts.setdefault((measure, role), []).append(key)
        items.append(Item((measure, place), tuple(shown.values())))
        for side in ("group", "white"):  # at risk = outcome + without
            equation = Equation(shown[("at_risk", side)], (shown[("outcome", side)], shown[("without", side)]))
            equations.setdefault((equation.total, equation.parts), equation)
    for measure_role, total in totals.items():  # the places add up to the national count
        equation = Equation(total, tuple(parts.get(measure_role, ())))
        equations.setdefault((equation.total, tuple(sorted(equation.parts, key=repr))), equation)
    authorities = {(r["measure"], r["place"]): int(r["authorities"]) for _, r in rows.iterrows()}
    small = {k for k, v in values.items() if 0 < v < threshold}
    hidden = {
        item.label for item in items
        if item.label[0] in withheld_nationally
        or any(k in small for k in item.keys)
        or authorities.get(item.label, min_authorities) < min_authorities
    }
    national_keys = frozenset(k for item in items if item.label[1] == NATIONAL for k in item.keys)
    place_keys = frozenset(k for item in items if item.label[1] != NATIONAL for k in item.keys)
    protected = {k for item in items if item.label in hidden for k in item.keys if k in small}
    chosen = suppress(items, values, list(equations.values()), protected=protected, hidden=hidden,
                      protect_when_hidden=place_keys, last_resort=national_keys, min_range=threshold)
    # A national cell is published on the national pages whatever happens here: if the
    # search had to count it as hidden, no place of that measure is shown.
    gave_up = {label[0] for label in chosen if label[1] == NATIONAL}
    return {(m, p) for m, p in chosen if p != NATIONAL} | {
        (m, p) for m, p in authorities if m in gave_up}

