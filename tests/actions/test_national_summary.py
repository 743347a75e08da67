"""National summary of action plans: hand-worked counts and organisation-count suppression."""

from __future__ import annotations

import pytest

from scwres_helpers.actions.national_summary import SUMMARY_COLUMNS, national_plan_summary

from .support import action, frame, plan, row

Y = 2025
A, B, C, D, E, F, G, H = (f"E0600000{n}" for n in range(1, 9))
INDICATORS = ("1", "2", "3", "4", "5", "6", "7a", "7b", "8", "9")


def year_rows():
    return frame([
        row("2", 0.90, 0.8, 1.0, code=A, year=Y), row("3", 1.10, 0.9, 1.25, code=A, year=Y),
        row("2", 0.85, 0.8, 0.9, code=B, year=Y), row("3", 1.00, 0.9, 1.1, code=B, year=Y),
        row("2", 0.60, 0.5, 0.7, code=C, year=Y), row("3", 1.20, 1.15, 1.25, code=C, year=Y),
        row("3", 0.90, 0.8, 1.0, code=E, year=Y),
        row("5", 0.85, 0.8, 0.9, code=F, year=Y),
        # D sent no indicator 2 figure this year; a national row is ignored.
        row("2", 0.5, 0.4, 0.6, scope="national", year=Y),
    ])


def plans():
    return {
        A: plan([action("a1", "2", 0.8, Y), action("a2", "3", 1.25, Y, comparison="at_most"),
                 action("a3", "9", 0.8, Y + 1)]),
        B: plan([action("b1", "2", 0.8, Y), action("b2", "3", 1.25, Y, comparison="at_most")]),
        C: plan([action("c1", "2", 0.8, Y), action("c2", "3", 1.25, Y, comparison="at_most")]),
        D: plan([action("d1", "2", 0.8, Y)]),
        E: plan([action("e1", "3", 1.25, Y, comparison="at_most"),
                 action("e2", "8", 1.25, Y, comparison="at_most", status="dropped")]),
        F: plan([action("f1", "5", 0.8, Y), action("f2", "5", 0.9, Y)]),
        G: None,
        H: plan([]),
    }


@pytest.fixture
def summary():
    return national_plan_summary(plans(), year_rows(), Y)


def cells(summary, column):
    return dict(zip(summary["indicator"], summary[column]))


def test_shape_and_no_codes(summary):
    assert tuple(summary.columns) == SUMMARY_COLUMNS
    assert list(summary["indicator"]) == [*INDICATORS, "total"]
    text = summary.to_string()
    for code in (A, B, C, D, E, F, G, H):
        assert code not in text


def test_counts_worked_by_hand(summary):
    # Authorities: indicator 2 A, B, C, D; 3 A, B, C, E; 5 F; 8 E (dropped); 9 A (due 2026).
    # Any plan: A to F (G sent none, H an empty table).
    assert cells(summary, "authorities") == {
        "1": "0", "2": "4", "3": "4", "4": "0", "5": "[c]", "6": "0", "7a": "0", "7b": "0",
        "8": "[c]", "9": "[c]", "total": "6",
    }
    # Actions: 4 + 4 + 2 + 1 + 1 = 12; the three rows with one authority are hidden,
    # so 12 - 8 = 4 gives only their sum.
    assert cells(summary, "actions") == {
        "1": "0", "2": "4", "3": "4", "4": "0", "5": "[c]", "6": "0", "7a": "0", "7b": "0",
        "8": "[c]", "9": "[c]", "total": "12",
    }
    met, not_met, cannot = (cells(summary, c) for c in ("met", "not_met", "cannot_assess"))
    due = cells(summary, "targets_due")
    # Indicator 3: A 1.10, B 1.00, C 1.20, E 0.90, whole intervals at most 1.25: 4 met, from 4
    # authorities.
    assert (due["3"], met["3"], not_met["3"], cannot["3"]) == ("4", "4", "0", "0")
    # Indicator 2: A and B met, C not met, D no figure: each from fewer than 3 authorities.
    assert (met["2"], not_met["2"], cannot["2"]) == ("[c]", "[c]", "[c]")
    # Indicator 5: F met 0.80 but not 0.90; one authority only.
    assert (due["5"], met["5"], not_met["5"], cannot["5"]) == ("[c]", "[c]", "[c]", "0")
    # Dropped (E, indicator 8) and not yet due (A, indicator 9) targets are not due.
    assert (due["8"], due["9"]) == ("0", "0")
    # Totals: 10 due, 7 met (5 authorities); not met from C and F, cannot from D: hidden.
    assert (due["total"], met["total"], not_met["total"], cannot["total"]) == ("10", "7", "[c]", "[c]")
    # With indicator 2 and 3 due shown, 10 - 4 - 4 would give indicator 5's 2 away:
    # one more due cell (indicator 2's, the first of the smallest) must be hidden.
    assert due["2"] == "[c]"
    assert set(cells(summary, "not_clear").values()) == {"0"}  # every interval is on one side


def test_a_point_met_with_an_interval_across_the_target_is_not_yet_clear():
    rows = frame([row("3", 1.10, 0.9, 1.3, code=code, year=Y) for code in (A, B, C)])
    plans = {code: plan([action(code, "3", 1.25, Y, comparison="at_most")]) for code in (A, B, C)}
    summary = national_plan_summary(plans, rows, Y)
    assert (cells(summary, "not_clear")["3"], cells(summary, "met")["3"]) == ("3", "0")


def _solutions(published: list[list[str]], bound: int):
    """Every non-negative integer filling of the [c] cells of a table whose last row and
    last column are totals (sums of the others), found by brute force with pruning."""
    n_rows, n_cols = len(published), len(published[0])
    hidden = [(i, j) for i in range(n_rows) for j in range(n_cols) if published[i][j] == "[c]"]
    grid = [[None if v == "[c]" else int(v) for v in r] for r in published]
    equations = [[(i, j) for j in range(n_cols)] for i in range(n_rows)]
    equations += [[(i, j) for i in range(n_rows)] for j in range(n_cols)]

    def holds(eq):
        values = [grid[i][j] for i, j in eq]
        return None in values or sum(values[:-1]) == values[-1]

    found = []

    def fill(k):
        if k == len(hidden):
            found.append({cell: grid[cell[0]][cell[1]] for cell in hidden})
            return
        i, j = hidden[k]
        for value in range(bound + 1):
            grid[i][j] = value
            if holds(equations[i]) and holds(equations[n_rows + j]):
                fill(k + 1)
        grid[i][j] = None

    fill(0)
    return hidden, found


def _assert_nothing_recoverable(published: list[list[str]], bound: int):
    hidden, found = _solutions(published, bound)
    assert found, "the published table admits no filling at all"
    for cell in hidden:
        assert len({s[cell] for s in found}) >= 2, f"cell {cell} can be worked out"


def test_no_target_cell_recoverable(summary):
    columns = ["met", "not_clear", "not_met", "cannot_assess", "targets_due"]
    table = [list(r) for r in summary[columns].itertuples(index=False)]
    _assert_nothing_recoverable(table, bound=10)


def test_oracle_finds_a_recoverable_cell():
    # 2 + x = 5 with the total shown: x is 3, whatever else is hidden elsewhere.
    table = [["2", "[c]", "5"], ["[c]", "[c]", "4"], ["[c]", "4", "9"]]
    with pytest.raises(AssertionError, match="can be worked out"):
        _assert_nothing_recoverable(table, bound=9)


def test_no_action_count_recoverable(summary):
    # One equation (total = sum of the rows): safe when 0 or at least 2 of its terms are hidden.
    hidden = [v == "[c]" for v in summary["actions"]]
    assert sum(hidden) >= 2


def test_lone_hidden_authority_count_gets_a_complement():
    # Only F (indicator 5) is below 3; the authorities column must hide a second row.
    many = {f"E0800000{n}": plan([action(f"x{n}", "2", 0.8, Y + 1), action(f"y{n}", "3", 1.25, Y + 1,
                                                                          comparison="at_most")])
            for n in range(1, 5)}
    many["E08000009"] = plan([action("z", "5", 0.8, Y + 1)])
    summary = national_plan_summary(many, year_rows(), Y)
    authorities = cells(summary, "authorities")
    assert authorities["5"] == "[c]"
    assert [v for k, v in authorities.items() if k != "total"].count("[c]") == 2
    assert authorities["2"] == "[c]"  # first of the two smallest (4 and 4)
    assert authorities["total"] == "5"
    assert cells(summary, "actions")["2"] == "[c]"


def test_enough_authorities_nothing_hidden():
    rows = frame([row("2", 0.9, 0.8, 1.0, code=c, year=Y) for c in (A, B, C)])
    summary = national_plan_summary({c: plan([action("a", "2", 0.8, Y)]) for c in (A, B, C)}, rows, Y)
    by = summary.set_index("indicator")
    assert by.loc["2"].tolist() == ["3", "3", "3", "3", "0", "0", "0"]
    assert by.loc["total"].tolist() == ["3", "3", "3", "3", "0", "0", "0"]
    assert "[c]" not in summary.to_string()


def test_threshold_is_a_parameter():
    rows = frame([row("2", 0.9, 0.8, 1.0, code=c, year=Y) for c in (A, B, C)])
    summary = national_plan_summary({c: plan([action("a", "2", 0.8, Y)]) for c in (A, B, C)}, rows, Y,
                                    threshold=4)
    assert summary.set_index("indicator").loc["2", "authorities"] == "[c]"


def test_no_plans():
    summary = national_plan_summary({A: None}, year_rows(), Y)
    assert set(summary.drop(columns="indicator").to_numpy().ravel()) == {"0"}
