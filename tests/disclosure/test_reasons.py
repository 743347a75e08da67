"""Why a withheld figure is withheld: hand-made rows and a hand-worked count table."""

from __future__ import annotations

import pandas as pd
import pytest

from scwres_helpers import codes
from scwres_helpers.disclosure import (
    PROTECTS_ANOTHER,
    REASON_COLUMN,
    TOO_FEW,
    cell_reasons,
    primary_mask,
    secondary_mask,
    with_withheld_reasons,
    withheld_reason,
    withheld_reasons,
)


def _rows(*specs: tuple[tuple[int | None, ...], bool]) -> pd.DataFrame:
    counts = ["numerator_group", "denominator_group", "numerator_white", "denominator_white"]
    records = [dict(zip(counts, c)) | {"suppressed": s} for c, s in specs]
    frame = pd.DataFrame(records)
    for column in counts:
        frame[column] = frame[column].astype("Int64")
    return frame


def test_each_withheld_row_says_whether_its_own_numbers_are_small():
    rows = _rows(
        ((40, 500, 50, 4000), False),  # shown
        ((3, 500, 50, 4000), True),  # 3 people had the outcome: too few
        ((498, 500, 50, 4000), True),  # all but 2 had it: too few (the complement)
        ((40, 500, 50, 52), True),  # all but 2 white staff: too few
        ((7, 500, 50, 4000), True),  # nothing small: withheld for another figure's sake
        ((386, 5589, None, None), True),  # share of unknown ethnicity, no white counts
    )
    assert list(withheld_reasons(rows)) == ["", TOO_FEW, TOO_FEW, TOO_FEW, PROTECTS_ANOTHER, PROTECTS_ANOTHER]
    # With a threshold of 10, the 7 is a small count itself.
    assert withheld_reasons(rows, threshold=10)[4] == TOO_FEW


def test_marked_rows_keep_their_reason_and_the_original_is_unchanged():
    rows = _rows(((7, 500, 50, 4000), True), ((3, 500, 50, 4000), True), ((40, 500, 50, 4000), False))
    marked = with_withheld_reasons(rows, codes.DEFAULT_SUPPRESSION_THRESHOLD)
    assert REASON_COLUMN not in rows.columns
    assert [withheld_reason(marked.iloc[i]) for i in range(3)] == [PROTECTS_ANOTHER, TOO_FEW, None]


def test_an_unmarked_withheld_row_is_an_authority_row_withheld_for_its_own_small_numbers():
    rows = _rows(((7, 500, 50, 4000), True))
    assert withheld_reason(rows.iloc[0]) == TOO_FEW


def test_count_table_cells_withheld_by_the_secondary_engine_say_so():
    # Three groups and a total by two bands. The 3 is small; alone in its row and column
    # it could be worked out from the totals, so the engine hides complements, whose
    # counts (all 10 or more) are withheld only to protect it.
    table = pd.DataFrame({"a": [3, 20, 23], "b": [10, 30, 40], "c": [12, 14, 26], "total": [25, 64, 89]},
                         index=["low", "high", "total"])
    primary = primary_mask(table, 5)
    hidden = secondary_mask(table, primary, "total", "total")
    reasons = cell_reasons(table, hidden, 5)
    assert reasons.at["low", "a"] == TOO_FEW
    others = [(r, c) for r in table.index for c in table.columns if hidden.at[r, c] and (r, c) != ("low", "a")]
    assert others  # the engine hid something besides the 3
    assert all(reasons.at[r, c] == PROTECTS_ANOTHER for r, c in others)
    assert all(reasons.at[r, c] == "" for r in table.index for c in table.columns if not hidden.at[r, c])


def test_count_table_reasons_need_the_tables_own_mask():
    table = pd.DataFrame({"a": [3]})
    with pytest.raises(ValueError, match="labels"):
        cell_reasons(table, pd.DataFrame({"b": [True]}))


def test_the_national_engine_hides_a_group_to_protect_another_and_the_reason_says_so():
    """Sample 2024, indicator 4 (fitness-to-practise referrals), all services: 19 minoritised
    referrals = Asian 7 + Black 11 + Mixed 0 + Other 1. The 1 is withheld (too few); shown
    beside the total, Asian's 7 would give it away (19 - 7 - 11 - 0 = 1), so the engine
    withholds Asian too, whose own numbers are not small."""
    from scwres_helpers.bundles import national_inputs_from_returns
    from scwres_helpers.config import SAMPLE_RETURNS_DIR
    from scwres_helpers.disclosure.national_tables import national_disclosure

    rows = national_inputs_from_returns(SAMPLE_RETURNS_DIR, 2024).indicators
    hidden = national_disclosure(rows, 2024, codes.DEFAULT_SUPPRESSION_THRESHOLD).hidden_rows
    chosen = rows[(rows["scope"] == "national") & (rows["year"] == 2024) & (rows["indicator"] == "4")
                  & (rows["service"] == "all") & (rows["measure"] == "relative_likelihood")]
    by_group = {row["group"]: (label, row) for label, row in chosen.iterrows()}
    assert [int(by_group[g][1]["numerator_group"]) for g in ("minoritised", "asian", "black", "mixed", "other")] \
        == [19, 7, 11, 0, 1]
    assert {g for g, (label, _) in by_group.items() if label in hidden} == {"asian", "other"}
    marked = chosen.assign(suppressed=[label in hidden for label in chosen.index])
    reasons = dict(zip(marked["group"], withheld_reasons(marked)))
    assert reasons == {"minoritised": "", "asian": PROTECTS_ANOTHER, "black": "", "mixed": "", "other": TOO_FEW}


def test_reasons_are_three_shared_strings():
    rows = _rows(*[((7, 500, 50, 4000), True), ((3, 500, 50, 4000), True), ((40, 500, 50, 4000), False)] * 4)
    reasons = withheld_reasons(rows)
    assert reasons.dtype == object
    assert {id(r) for r in reasons} == {id(""), id(TOO_FEW), id(PROTECTS_ANOTHER)}
