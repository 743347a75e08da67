"""The disclosure audit on small hand-built tables whose answer is known."""

import math

import numpy as np
import pandas as pd
import pytest

from scwres_helpers.disclosure.audit import NARROWED, PUBLISHED_SMALL, PublishedSet, audit
from scwres_helpers.disclosure.recoverable import is_recoverable


def table(rows: dict[str, list[int]], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame.from_dict(rows, orient="index", columns=columns)


def mask(frame: pd.DataFrame, withheld: set[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [[(r, c) in withheld for c in frame.columns] for r in frame.index], index=frame.index, columns=frame.columns
    )


# Headcount by band (rows) and group, with totals:
#            white  black  asian  total
#   low        40      2     10     52
#   high       30     12      8     50
#   total      70     14     18    102
HEADCOUNT = table({"low": [40, 2, 10, 52], "high": [30, 12, 8, 50], "total": [70, 14, 18, 102]},
                  ["white", "black", "asian", "total"])


def one_table(withheld: set[tuple[str, str]], name: str = "headcount") -> PublishedSet:
    published = PublishedSet()
    published.count_table(HEADCOUNT, mask(HEADCOUNT, withheld), row_total="total", col_total="total",
                          key=lambda r, c: (name, r, c))
    return published


def test_a_lone_suppressed_cell_is_worked_out_by_subtraction():
    # only the 2 withheld: 52 - 40 - 10 = 2
    result = audit(one_table({("low", "black")}))
    assert not result.passed
    [finding] = result.findings
    assert (finding.key, finding.value, finding.rule) == (("headcount", "low", "black"), 2, NARROWED)
    assert (finding.lower, finding.upper) == (2, 2)


def test_a_rectangle_with_large_partners_protects():
    # withhold low/high x black/asian (x = black low, a = asian low, y = black high, b = asian high):
    # low: x + a = 12; high: y + b = 20; black: x + y = 14; asian: a + b = 18 -> a = 12 - x, y = 14 - x,
    # b = 6 + x; all >= 0 -> 0 <= x <= 12: the 2 lies somewhere in 0..12 (width 12 >= 5)
    result = audit(one_table({("low", "black"), ("low", "asian"), ("high", "black"), ("high", "asian")}))
    assert result.passed
    assert result.bounds[("headcount", "low", "black")] == (0, 12)
    assert ("headcount", "high", "asian") not in result.bounds  # 8, not small and not fixed: not reported
    assert result.withheld == 4 and result.published == 8


def test_non_negativity_can_narrow_what_subtraction_cannot():
    # Two small cells withheld together in a row, with a rectangle so that the columns are
    # covered too: no cell is fixed by the equations (the linear-algebra check passes it),
    # but the row says they add up to 12 - 9 = 3, and counts cannot be negative:
    #          a   b   c  total
    #   r1     9   2   1    12      r1b = x, r1c = 3 - x, r2b = 32 - x, r2c = 38 + x
    #   r2    20  30  40    90      -> 0 <= x <= 3: the 2 lies in 0..3, width 3 < 5: fail
    #   total 29  32  41   102      (and the 1 too). No published count is small.
    frame = table({"r1": [9, 2, 1, 12], "r2": [20, 30, 40, 90], "total": [29, 32, 41, 102]},
                  ["a", "b", "c", "total"])
    withheld = mask(frame, {("r1", "b"), ("r1", "c"), ("r2", "b"), ("r2", "c")})
    assert is_recoverable(frame, withheld, "total", "total") == []
    published = PublishedSet()
    published.count_table(frame, withheld, row_total="total", col_total="total", key=lambda r, c: (r, c))
    result = audit(published)
    assert {f.key for f in result.findings} == {("r1", "b"), ("r1", "c")}
    assert {f.rule for f in result.findings} == {NARROWED}
    assert result.bounds[("r1", "b")] == (0, 3)
    assert result.bounds[("r1", "c")] == (0, 3)


def test_a_second_table_showing_the_same_count_undoes_the_protection():
    # The rectangle above protects the 2 within the headcount table; a pay-band table that
    # shows black staff in the low band as a group's own total (black low = 2 published
    # elsewhere under the same key) gives it away: withheld here, published there.
    published = one_table({("low", "black"), ("low", "asian"), ("high", "black"), ("high", "asian")})
    published.quantity(("headcount", "low", "asian"), 10, published=True)  # another table shows it
    result = audit(published)
    assert not result.passed
    assert {f.key for f in result.findings} == {("headcount", "low", "black")}


def test_a_published_small_count_fails():
    published = one_table(set())
    result = audit(published)
    [finding] = result.findings
    assert (finding.key, finding.rule) == (("headcount", "low", "black"), PUBLISHED_SMALL)


def test_complements_are_protected_too():
    # 7 of 8 accessed CPD: a = 7 and n = 8 are not small, the 1 without is.
    published = PublishedSet()
    published.quantity("cpd", 7, published=True)
    published.quantity("at risk", 8, published=True)
    published.complement("without cpd", "at risk", "cpd")
    result = audit(published)
    [finding] = result.findings
    assert (finding.key, finding.value, finding.lower, finding.upper) == ("without cpd", 1, 1, 1)
    # withholding the 7 and its row's 8 protects the complement (nothing bounds it)
    hidden = PublishedSet()
    hidden.quantity("cpd", 7, published=False)
    hidden.quantity("at risk", 8, published=False)
    hidden.complement("without cpd", "at risk", "cpd")
    assert audit(hidden).passed
    assert audit(hidden).bounds["without cpd"] == (0, math.inf)


def test_groups_and_services_sum_across_tables():
    # minoritised = black + asian and all = adult + children, over two services:
    # withholding adult black (3) alone is undone by all-services black minus children black.
    published = PublishedSet()
    counts = {("adult", "black"): 3, ("adult", "asian"): 20, ("children", "black"): 9, ("children", "asian"): 11}
    for (service, group), value in counts.items():
        published.quantity((service, group), value, published=(service, group) != ("adult", "black"))
    for group in ("black", "asian"):
        total = sum(v for (s, g), v in counts.items() if g == group)
        published.quantity(("all", group), total, published=True)
        published.relation(("all", group), [("adult", group), ("children", group)])
    result = audit(published)
    assert [(f.key, f.lower, f.upper) for f in result.findings] == [(("adult", "black"), 3, 3)]


def test_integer_bounds_are_whole_numbers():
    # x + y = 5 and x + z = 7 with x, y, z withheld: x in [0, 5], width 5: protected
    published = PublishedSet()
    for key, value in {"x": 2, "y": 3, "z": 5, "s": 5, "t": 7}.items():
        published.quantity(key, value, published=key in ("s", "t"))
    published.relation("s", ["x", "y"])
    published.relation("t", ["x", "z"])
    result = audit(published)
    assert result.bounds["x"] == (0.0, 5.0) and result.bounds["y"] == (0.0, 5.0)
    assert all(float(v).is_integer() for v in result.bounds["x"] + result.bounds["y"])
    assert result.passed
    assert not audit(published, threshold=6).passed  # width 5 < 6


def test_withheld_large_counts_that_can_be_worked_out_are_listed():
    # a suppression of 40 that the row total gives straight back protects nothing
    frame = table({"low": [40, 20, 60], "high": [30, 12, 42]}, ["white", "black", "total"])
    published = PublishedSet()
    published.count_table(frame, mask(frame, {("low", "white")}), col_total="total", key=lambda r, c: (r, c))
    result = audit(published)
    assert result.passed
    assert result.recoverable_withheld == (("low", "white"),)


def test_many_small_counts_protected_by_a_full_pattern():
    # 6 x 6 table of small counts with every inner cell withheld and totals published:
    # each cell ranges over at least 0..min(row total, column total) - (the rest's minimum)
    rng = np.random.default_rng(7)
    inner = rng.integers(1, 5, size=(6, 6))
    frame = pd.DataFrame(inner, index=[f"r{i}" for i in range(6)], columns=[f"c{j}" for j in range(6)])
    frame["total"] = frame.sum(axis=1)
    frame.loc["total"] = frame.sum(axis=0)
    withheld = pd.DataFrame(False, index=frame.index, columns=frame.columns)
    withheld.iloc[:6, :6] = True
    published = PublishedSet()
    published.count_table(frame, withheld, row_total="total", col_total="total", key=lambda r, c: (r, c))
    result = audit(published)
    assert result.withheld == 36
    for (r, c), (lower, upper) in result.bounds.items():
        assert lower <= frame.at[r, c] <= upper  # the truth is always inside
    assert result.passed == all(u - lo >= 5 for lo, u in result.bounds.values())


def test_inconsistent_or_unknown_input_is_refused():
    published = PublishedSet()
    published.quantity("a", 3, published=True)
    with pytest.raises(ValueError, match="in one place and"):
        published.quantity("a", 4, published=False)
    with pytest.raises(ValueError, match="unregistered"):
        published.relation("a", ["b"])
    published.quantity("b", 2, published=True)
    with pytest.raises(ValueError, match="does not hold"):
        published.relation("a", ["b"])
    with pytest.raises(ValueError, match="whole number"):
        published.quantity("c", 2.5, published=True)
    with pytest.raises(ValueError, match="not a count"):
        published.quantity("d", float("nan"), published=True)
    with pytest.raises(ValueError, match="threshold"):
        audit(published, threshold=0)


def _brute_force_ranges(inner: np.ndarray, withheld: list[tuple[int, int]]) -> dict[tuple[int, int], tuple[int, int]]:
    """Every whole-number filling of the withheld cells that keeps the row and column totals."""
    import itertools

    rows, cols = inner.sum(axis=1), inner.sum(axis=0)
    ranges = [range(min(rows[i], cols[j]) + 1) for i, j in withheld]
    seen: dict[tuple[int, int], set[int]] = {cell: set() for cell in withheld}
    trial = inner.copy()
    for filling in itertools.product(*ranges):
        for (i, j), v in zip(withheld, filling):
            trial[i, j] = v
        if (trial.sum(axis=1) == rows).all() and (trial.sum(axis=0) == cols).all():
            for cell, v in zip(withheld, filling):
                seen[cell].add(v)
    return {cell: (min(v), max(v)) for cell, v in seen.items()}


@pytest.mark.parametrize("seed", range(12))
def test_bounds_of_small_counts_match_enumeration(seed):
    rng = np.random.default_rng(seed)
    inner = rng.integers(0, 7, size=(3, 3))
    frame = pd.DataFrame(inner, index=["r0", "r1", "r2"], columns=["c0", "c1", "c2"])
    frame["total"] = frame.sum(axis=1)
    frame.loc["total"] = frame.sum(axis=0)
    positions = [(i, j) for i in range(3) for j in range(3)]
    withheld = [positions[k] for k in sorted(rng.choice(9, size=4, replace=False))]
    labels = {(i, j): (f"r{i}", f"c{j}") for i, j in positions}
    published = PublishedSet()
    published.count_table(frame, mask(frame, {labels[p] for p in withheld}), row_total="total",
                          col_total="total", key=lambda r, c: (r, c))
    result = audit(published, threshold=5)
    truth = _brute_force_ranges(inner, withheld)
    small = [p for p in withheld if 0 < inner[p] < 5]
    for p in small:
        assert result.bounds[labels[p]] == truth[p], p
    narrowed = {f.key for f in result.findings if f.rule == NARROWED}
    assert narrowed == {labels[p] for p in small if truth[p][1] - truth[p][0] < 5}
