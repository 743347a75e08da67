"""Secondary suppression over items, keys and equations, on hand-worked tables."""

from __future__ import annotations

import pytest

from scwres_helpers.publish.data_secondary import Equation, Item, suppress


def _table_system(cells: dict[tuple[str, str], int]):
    """A 2 x 2 table with row, column and grand totals; one item per cell."""
    rows = sorted({r for r, _ in cells})
    cols = sorted({c for _, c in cells})
    values = dict(cells)
    for r in rows:
        values[(r, "total")] = sum(cells[(r, c)] for c in cols)
    for c in cols:
        values[("total", c)] = sum(cells[(r, c)] for r in rows)
    values[("total", "total")] = sum(cells.values())
    equations = [Equation((r, "total"), tuple((r, c) for c in cols)) for r in rows]
    equations += [Equation(("total", c), tuple((r, c) for r in rows)) for c in cols]
    equations += [Equation(("total", "total"), tuple(("total", c) for c in cols)),
                  Equation(("total", "total"), tuple((r, "total") for r in rows))]
    items = [Item(key, (key,)) for key in sorted(values)]
    totals = frozenset(k for k in values if "total" in k)
    return items, values, equations, totals


def test_one_small_cell_needs_the_other_three_inner_cells():
    #        a    b   total
    # r1     3   10     13
    # r2     8   12     20
    # total 11   22     33
    items, values, equations, totals = _table_system({("r1", "a"): 3, ("r1", "b"): 10,
                                                      ("r2", "a"): 8, ("r2", "b"): 12})
    hidden = suppress(items, values, equations, {("r1", "a")}, {("r1", "a")},
                      protect_when_hidden=frozenset(values), last_resort=totals)
    # Every equation through a hidden cell then holds two hidden cells, and the totals stay.
    assert hidden == {("r1", "a"), ("r1", "b"), ("r2", "a"), ("r2", "b")}


def test_a_lone_hidden_cell_in_a_sum_gets_a_partner():
    # total 10 = k1 3 + k2 7. Item X shows k1, Y shows k1 and k2, Z shows k2, W the total.
    values = {"k1": 3, "k2": 7, "total": 10}
    items = [Item("X", ("k1",)), Item("Y", ("k1", "k2")), Item("Z", ("k2",)), Item("W", ("total",))]
    hidden = suppress(items, values, [Equation("total", ("k1", "k2"))], {"k1"}, {"X", "Y"})
    # k2 (7) is cheaper than the total (10) at equal cost, and hiding it means hiding Z too.
    assert hidden == {"X", "Y", "Z"}


def test_nothing_more_is_hidden_when_nothing_can_be_worked_out():
    values = {"k1": 3, "k2": 7, "k3": 5, "total": 15}
    items = [Item(k, (k,)) for k in values]
    equations = [Equation("total", ("k1", "k2", "k3"))]
    assert suppress(items, values, equations, {"k1"}, {"k1", "k2"}) == {"k1", "k2"}


def test_a_combination_of_equations_is_caught():
    # a + b = 10 and a - b = 4 (written b + 4 = a, with 4 a published key): a and b are
    # pinned together although neither equation has a lone unknown.
    values = {"a": 7, "b": 3, "c": 4, "ab": 10}
    items = [Item(k, (k,)) for k in values]
    equations = [Equation("ab", ("a", "b")), Equation("a", ("b", "c"))]
    hidden = suppress(items, values, equations, {"b"}, {"a", "b"})
    assert {"a", "b"} <= hidden and ({"c", "ab"} & hidden)


def test_a_protected_key_still_shown_is_refused():
    values = {"k1": 3, "k2": 7, "total": 10}
    items = [Item("X", ("k1",)), Item("Y", ("k1", "k2"))]
    with pytest.raises(ValueError, match="shown"):
        suppress(items, values, [Equation("total", ("k1", "k2"))], {"k1"}, {"X"})
