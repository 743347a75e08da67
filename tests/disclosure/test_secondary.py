"""Secondary suppression, the one engine: single tables worked out by hand, a property test, and
linked items, keys and equations."""

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scwres_helpers.disclosure import is_recoverable, primary_mask, secondary_mask
from scwres_helpers.disclosure.secondary import Equation, Item, _by_subtraction, _System, suppress, whole_number_range

from .builders import cells_mask, frame, true_cells

COLS = ["a", "b", "c", "T"]


def three_by_three():
    return frame(
        {
            "r1": [10, 20, 30, 60],
            "r2": [3, 12, 8, 23],
            "r3": [15, 9, 40, 64],
            "T": [28, 41, 78, 147],
        },
        COLS,
    )


def test_single_small_cell_in_three_by_three():
    # r2a = 3 is primary. Sweep, rows first: row r2 has one suppressed term, its
    # smallest non-zero other cell is r2c = 8. Column a: r2a alone, smallest other is
    # r1a = 10. Column c: r2c alone now, smallest other is r1c = 30 (r3c = 40).
    # Next sweep: r1 has r1a and r1c; every equation has 0 or 2 -> a 2x2 rectangle.
    table = three_by_three()
    primary = cells_mask(table, {("r2", "a")})
    mask = secondary_mask(table, primary, "T", "T")
    assert true_cells(mask) == {("r2", "a"), ("r2", "c"), ("r1", "a"), ("r1", "c")}
    assert is_recoverable(table, mask, "T", "T") == []


def test_totals_row_only_prefers_smallest_non_zero():
    # Column equations only. Column a: r1a = 4 primary; r2a = 0 is skipped for the
    # smallest non-zero, r3a = 6. Column b: r3b = 2 primary; r2b = 7 < r1b = 10.
    table = frame({"r1": [4, 10], "r2": [0, 7], "r3": [6, 2], "T": [10, 19]}, ["a", "b"])
    primary = cells_mask(table, {("r1", "a"), ("r3", "b")})
    mask = secondary_mask(table, primary, "T", None)
    assert true_cells(mask) == {("r1", "a"), ("r3", "a"), ("r3", "b"), ("r2", "b")}


def test_row_whose_only_non_zero_cell_is_suppressed():
    # Totals column only. Row r1 = 3, 0, 0 | 3: no non-zero complement, so the first
    # zero (r1b) goes; row r2 has nothing suppressed and is left alone.
    table = frame({"r1": [3, 0, 0, 3], "r2": [6, 7, 9, 22]}, COLS)
    primary = cells_mask(table, {("r1", "a")})
    mask = secondary_mask(table, primary, None, "T")
    assert true_cells(mask) == {("r1", "a"), ("r1", "b")}


def test_ties_are_broken_by_position():
    table = frame({"r1": [2, 7, 7, 16]}, COLS)
    mask = secondary_mask(table, cells_mask(table, {("r1", "a")}), None, "T")
    assert true_cells(mask) == {("r1", "a"), ("r1", "b")}


def test_total_is_suppressed_when_no_other_inner_cell():
    # One inner column n. Row r1: n is its only inner cell, so its total r1T goes.
    # Column n: r1n alone -> r2n. Column T: r1T alone -> r2T. Totals row stays.
    table = frame({"r1": [3, 3], "r2": [10, 10], "T": [13, 13]}, ["n", "T"])
    mask = secondary_mask(table, cells_mask(table, {("r1", "n")}), "T", "T")
    assert true_cells(mask) == {("r1", "n"), ("r1", "T"), ("r2", "n"), ("r2", "T")}


def test_primary_total_counts_as_a_suppressed_term():
    # r1 = 3, 0, 0 | 3 with the small total also primary: the row already has two
    # suppressed terms, so nothing else is needed.
    table = frame({"r1": [3, 0, 0, 3], "r2": [6, 7, 9, 22]}, COLS)
    primary = cells_mask(table, {("r1", "a"), ("r1", "T")})
    assert true_cells(secondary_mask(table, primary, None, "T")) == {("r1", "a"), ("r1", "T")}


def bridged_blocks():
    # Two 2x2 blocks of small counts (r1-r2 x a-b, r3-r4 x c-d) joined by r1c = 4.
    return frame(
        {
            "r1": [2, 3, 4, 20, 29],
            "r2": [1, 2, 30, 40, 73],
            "r3": [50, 60, 3, 2, 115],
            "r4": [70, 11, 1, 4, 86],
            "T": [123, 76, 38, 66, 303],
        },
        ["a", "b", "c", "d", "T"],
    )


def test_cell_recoverable_only_by_combining_rows_and_columns_is_protected():
    # Every row and column has 0 or >= 2 suppressed cells, yet
    # r1c = (R1 - 20) + (R2 - 30 - 40) - (Ca - 50 - 70) - (Cb - 60 - 11) = 9 + 3 - 3 - 5 = 4.
    # The cells joining the two sides are r1d 20, r2c 30, r2d 40, r3a 50, r3b 60,
    # r4a 70, r4b 11: the smallest, r4b, closes a cycle r1c-r4c-r4b-r1b.
    table = bridged_blocks()
    primary = primary_mask(table)
    assert is_recoverable(table, primary, "T", "T") == [("r1", "c")]
    mask = secondary_mask(table, primary, "T", "T")
    assert true_cells(mask) == true_cells(primary) | {("r4", "b")}
    assert is_recoverable(table, mask, "T", "T") == []


def test_without_totals_nothing_is_added():
    table = frame({"r1": [3, 9], "r2": [8, 1]}, ["a", "b"])
    primary = primary_mask(table)
    pd.testing.assert_frame_equal(secondary_mask(table, primary, None, None), primary)


def test_nothing_small_means_nothing_suppressed():
    table = three_by_three()
    mask = secondary_mask(table, cells_mask(table, set()), "T", "T")
    assert not mask.to_numpy().any()


def test_primary_is_not_modified_and_result_is_repeatable():
    table = three_by_three()
    primary = cells_mask(table, {("r2", "a")})
    before = primary.copy()
    first = secondary_mask(table, primary, "T", "T")
    pd.testing.assert_frame_equal(primary, before)
    pd.testing.assert_frame_equal(first, secondary_mask(table, primary, "T", "T"))


def test_totals_that_do_not_add_up_are_refused():
    table = frame({"r1": [3, 4, 8]}, ["a", "b", "T"])
    with pytest.raises(ValueError, match="add up"):
        secondary_mask(table, primary_mask(table), None, "T")


def test_unknown_total_label_is_refused():
    table = three_by_three()
    with pytest.raises(KeyError):
        secondary_mask(table, primary_mask(table), "Total", "T")


@pytest.mark.parametrize("bad", [-1, 2.5, float("nan")])
def test_non_counts_are_refused(bad):
    table = frame({"r1": [3, 4, 7]}, ["a", "b", "T"]).astype(float)
    table.loc["r1", "a"] = bad
    with pytest.raises(ValueError):
        secondary_mask(table, cells_mask(table, set()), None, None)


def test_primary_with_other_labels_is_refused():
    table = three_by_three()
    with pytest.raises(ValueError):
        secondary_mask(table, primary_mask(table).iloc[::-1], "T", "T")


# --- property test -------------------------------------------------------------------

cell_value = st.one_of(st.just(0), st.integers(1, 4), st.integers(5, 50))


@st.composite
def tables_with_totals(draw, totals=st.sampled_from(["both", "row", "col", "none"]), max_side=4):
    n_rows, n_cols = draw(st.integers(1, max_side)), draw(st.integers(1, max_side))
    inner = [[draw(cell_value) for _ in range(n_cols)] for _ in range(n_rows)]
    cols = [f"c{j}" for j in range(n_cols)]
    table = pd.DataFrame(inner, index=[f"r{i}" for i in range(n_rows)], columns=cols)
    totals = draw(totals)
    row_total = "Total" if totals in ("both", "row") else None
    col_total = "Total" if totals in ("both", "col") else None
    if col_total:
        table[col_total] = table[cols].sum(axis=1)
    if row_total:
        table.loc[row_total] = table.sum(axis=0)
    return table, row_total, col_total, draw(st.booleans())


def suppressed_terms_per_equation(mask, row_total, col_total):
    """Counted directly from the mask, not through the library's equations."""
    counts = []
    if col_total is not None:
        counts += mask.sum(axis=1).tolist()  # each row: its cells and its total
    if row_total is not None:
        counts += mask.sum(axis=0).tolist()  # each column: its cells and its total
    return counts


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        tables_with_totals(),
        # both totals and more rows and columns: where combining equations can give
        # a cell away even though every single equation has two suppressed terms
        tables_with_totals(totals=st.just("both"), max_side=6),
    )
)
def test_secondary_suppression_leaves_nothing_recoverable(case):
    table, row_total, col_total, include_totals = case
    primary = primary_mask(table)
    if not include_totals:  # primary on inner cells only
        if row_total is not None:
            primary.loc[row_total] = False
        if col_total is not None:
            primary[col_total] = False
    mask = secondary_mask(table, primary, row_total, col_total)
    assert not (primary & ~mask).to_numpy().any(), "a primary cell was published"
    assert all(n != 1 for n in suppressed_terms_per_equation(mask, row_total, col_total))
    assert is_recoverable(table, mask, row_total, col_total) == []


# --- the engine itself: items, keys and equations (linked tables) ----------------------


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


# The system's memos (``unknown``, ``component``) and the equation index of plain subtraction
# only save time: the same pattern as the plain search, checked on hand-made cases and on the
# national tables at a threshold that makes many small counts.

def _chain_system():
    # t1 = a + b, t2 = b + c, t3 = d + e; items show one key each, except P, which shows a and d.
    values = {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "t1": 3, "t2": 5, "t3": 9}
    items = [Item(k, (k,)) for k in values if k not in ("a", "d")] + [Item("P", ("a", "d"))]
    equations = [Equation("t1", ("a", "b")), Equation("t2", ("b", "c")), Equation("t3", ("d", "e"))]
    return _System(items, values, equations, frozenset())


def test_unknown_keys_follow_each_pattern_not_the_last_one_asked():
    system = _chain_system()
    assert system.unknown({"b"}) == {"b"}
    # a and d are shown by P only: hiding P hides both; hiding b as well adds b.
    assert system.unknown({"P"}) == {"a", "d"}
    assert system.unknown({"P", "b"}) == {"a", "b", "d"}
    assert system.unknown({"b"}) == {"b"}  # asked again after other patterns
    assert system.unknown(["b"]) is system.unknown({"b"})  # the same set, so component memos hit


def test_a_component_is_the_same_for_each_of_its_keys_and_per_pattern():
    system = _chain_system()
    unknown = system.unknown({"P", "b", "c"})  # a, b, c, d unknown
    # a - t1 - b - t2 - c are linked (t1 and t2 visible); d stands alone in t3.
    expected = (["a", "b", "c"], [system.equations[0], system.equations[1]])
    assert system.component("a", unknown) == expected
    assert system.component("c", unknown) == expected
    assert system.component("d", unknown) == (["d"], [system.equations[2]])
    # With c shown, b's component loses c (and keeps both equations through b).
    fewer = system.unknown({"P", "b"})
    assert system.component("b", fewer) == (["a", "b"], [system.equations[0], system.equations[1]])
    # A shown key's component is itself and its unknown neighbours; theirs is not changed by it.
    assert system.component("t1", fewer) == (["a", "b", "t1"], [system.equations[0], system.equations[1]])
    assert system.component("a", fewer) == (["a", "b"], [system.equations[0], system.equations[1]])


def test_subtraction_takes_the_first_equation_giving_a_guarded_key_away():
    system = _chain_system()
    hidden = {"P"}  # a and d unknown, each alone in its equation (t1 = a + b, t3 = d + e)
    unknown = system.unknown(hidden)
    # Both are guarded: the first equation in order (t1 = a + b) decides. b (2) is cheaper than
    # t1 (3), but hidden it is given away by t2 = b + c (c shown), so t1 is hidden instead.
    assert _by_subtraction(system, {"a", "d"}, unknown, hidden) == "t1"
    # Only d guarded: t3's cheapest visible term, e (5) before t3 (9); e is in no other sum.
    assert _by_subtraction(system, {"d"}, unknown, hidden) == "e"
    assert _by_subtraction(system, set(), unknown, hidden) is None


class _PlainSystem(_System):
    """The search's questions answered afresh each time, as before the memos."""

    def unknown(self, hidden):
        hidden = set(hidden)
        found = set(self.never_shown)
        for label in hidden:
            for key in self.keys_of.get(label, ()):
                if key not in found and self.shown_by[key] <= hidden:
                    found.add(key)
        return frozenset(found)

    def component(self, key, unknown):
        seen, stack, rows = {key}, [key], set()
        while stack:
            current = stack.pop()
            for index in self.containing.get(current, ()):
                rows.add(index)
                for term in self.equations[index].terms:
                    if term in unknown and term not in seen:
                        seen.add(term)
                        stack.append(term)
        return sorted(seen), [self.equations[i] for i in sorted(rows)]


def test_the_memos_give_the_plain_search_s_national_pattern(monkeypatch):
    """The 2024 sample's national tables at a threshold of 8: many small counts, every step of
    the search (subtraction, combinations, whole-number ranges, offering back, local search)."""
    from scwres_helpers import codes
    from scwres_helpers.bundles import national_inputs_from_returns
    from scwres_helpers.config import SAMPLE_RETURNS_DIR
    from scwres_helpers.disclosure import national_tables, secondary

    rows = national_inputs_from_returns(SAMPLE_RETURNS_DIR, 2024).indicators
    monkeypatch.setattr(national_tables, "_DECIDED", {})
    fast = national_tables.national_disclosure(rows, 2024, 8)
    monkeypatch.setattr(national_tables, "_DECIDED", {})
    monkeypatch.setattr(secondary, "_System", _PlainSystem)
    plain = national_tables.national_disclosure(rows, 2024, 8)
    assert fast.hidden_rows == plain.hidden_rows
    assert fast.row_reasons == plain.row_reasons and fast.withheld == plain.withheld
    assert fast.headcount_hidden.equals(plain.headcount_hidden)
    assert len(fast.hidden_rows) > len(national_tables.national_disclosure(
        rows, 2024, codes.DEFAULT_SUPPRESSION_THRESHOLD).hidden_rows)  # more small counts than at 5


def test_whole_number_range_by_hand():
    # t = a + b with t = 10 shown, a and b hidden: a can be anything from 0 to 10, a range of 10.
    values = {"a": 4, "b": 6, "t": 10, "c": 1, "u": 5}
    items = [Item(k, (k,)) for k in values]
    system = _System(items, values, [Equation("t", ("a", "b"))], frozenset())
    assert whole_number_range(system, "a", system.unknown({"a", "b"})) == 10
    # Add u = a + c with u = 5 shown and c hidden: a is at most 5, so 0 to 5, a range of 5.
    system = _System(items, values, [Equation("t", ("a", "b")), Equation("u", ("a", "c"))], frozenset())
    assert whole_number_range(system, "a", system.unknown({"a", "b", "c"})) == 5
    # a = b + c with a and b hidden and c = 1 shown: a - b = 1, so a can be 1, 2, 3, ... without end.
    system = _System(items, values, [Equation("a", ("b", "c"))], frozenset())
    assert whole_number_range(system, "a", system.unknown({"a", "b"})) == math.inf
