"""Tables by region or type: which cells are withheld, worked out by hand."""

from __future__ import annotations

import pandas as pd

from scwres_helpers.disclosure.place_tables import place_cells_withheld
from scwres_helpers.disclosure.secondary import Equation, Item, recoverable_keys

THRESHOLD = 5


def cell(measure, place, counts, authorities=3, at_risk="shortlisted", outcome="appointed"):
    a_g, n_g, a_w, n_w = counts
    return {"measure": measure, "place": place, "authorities": authorities, "at_risk": at_risk, "outcome": outcome,
            "numerator_group": a_g, "denominator_group": n_g, "numerator_white": a_w, "denominator_white": n_w}


def table(*cells):
    return pd.DataFrame(list(cells))


def test_nothing_small_nothing_withheld():
    pooled = table(cell("2", "A", (10, 100, 20, 200)), cell("2", "B", (30, 90, 40, 300)),
                   cell("2", "C", (20, 80, 40, 400)))
    assert place_cells_withheld(pooled, set(), THRESHOLD) == set()


def test_a_small_cell_and_a_cell_of_one_authority_protect_each_other():
    # B has 3 minoritised appointed (small); D pools one authority. Hidden together, only their
    # sum is known (national minus A and C: 33 appointed, 140 shortlisted...), so nothing more.
    pooled = table(cell("2", "A", (10, 100, 20, 200)), cell("2", "B", (3, 50, 30, 300)),
                   cell("2", "C", (20, 80, 40, 400)), cell("2", "D", (30, 90, 50, 500), authorities=1))
    assert place_cells_withheld(pooled, set(), THRESHOLD) == {("2", "B"), ("2", "D")}


def test_a_lone_withheld_cell_gets_a_partner_so_it_cannot_be_subtracted():
    # B alone hidden: national - A - C - D would give its 3. One more cell must go.
    pooled = table(cell("2", "A", (10, 100, 20, 200)), cell("2", "B", (3, 50, 30, 300)),
                   cell("2", "C", (20, 80, 40, 400)), cell("2", "D", (30, 90, 50, 500)))
    hidden = place_cells_withheld(pooled, set(), THRESHOLD)
    assert ("2", "B") in hidden and len(hidden) == 2


def test_a_headcount_shown_by_another_measure_is_linked():
    # Indicators 3 and 5 share the headcount. B has 2 minoritised staff entering the
    # disciplinary process: (3, B) is hidden, and another cell of indicator 3 with it. B's
    # headcount stays shown by indicator 5, so a reader knows it: B's 2 must still not be
    # recoverable from the entered counts alone.
    headcounts = {"A": (300, 1000), "B": (200, 800), "C": (250, 900)}
    cells = []
    for place, (n_g, n_w) in headcounts.items():
        entered = 2 if place == "B" else 10
        cells.append(cell("3", place, (entered, n_g, 20, n_w), at_risk="headcount", outcome="entered"))
        cells.append(cell("5", place, (50, n_g, 200, n_w), at_risk="headcount", outcome="cpd"))
    hidden = place_cells_withheld(table(*cells), set(), THRESHOLD)
    assert ("3", "B") in hidden
    assert len([c for c in hidden if c[0] == "3"]) >= 2
    assert not [c for c in hidden if c[0] == "5"]  # nothing of CPD is small or needed
    # What a reader knows of the entered counts: the national total (10 + 2 + 10 = 22) and the
    # shown cells. With A (or C) hidden too, B's 2 is one of two unknowns summing to 12.
    entered = {p: (2 if p == "B" else 10) for p in headcounts}
    keys = {p: ("entered", p) for p in headcounts}
    items = [Item(p, (keys[p],)) for p in headcounts] + [Item("national", (("entered", "N"),))]
    values = {**{keys[p]: entered[p] for p in headcounts}, ("entered", "N"): 22}
    equation = Equation(("entered", "N"), tuple(keys.values()))
    shown_hidden = {place for measure, place in hidden if measure == "3"}
    assert keys["B"] not in recoverable_keys(items, values, [equation], shown_hidden)


def test_a_measure_withheld_nationally_is_withheld_everywhere():
    pooled = table(cell("9", "A", (10, 100, 20, 200)), cell("9", "B", (30, 90, 40, 300)),
                   cell("2", "A", (10, 100, 20, 200)), cell("2", "B", (30, 90, 40, 300)))
    assert place_cells_withheld(pooled, {"9"}, THRESHOLD) == {("9", "A"), ("9", "B")}
