import math

import numpy as np
import pandas as pd
import pytest

from scwres_helpers.disclosure import GSS_NOTES, codes_used, render_gss


@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, pd.NA, ""])
def test_missing_is_not_available(missing):
    assert render_gss(missing) == "[x]"


def test_suppressed_and_not_applicable():
    assert render_gss(3, suppressed=True) == "[c]"
    assert render_gss(None, suppressed=True) == "[c]"
    assert render_gss(None, not_applicable=True) == "[z]"
    # [z] is known from the kind of row alone, so it wins over [c]
    assert render_gss(None, suppressed=True, not_applicable=True) == "[z]"


def test_counts_are_plain_integers():
    assert render_gss(12345) == "12345"
    assert render_gss(np.int64(7)) == "7"
    assert render_gss(12.0) == "12"
    assert render_gss(0) == "0"
    with pytest.raises(ValueError):
        render_gss(12.5)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1.125, 2, "1.13"),  # exact half: away from zero (Python's round gives 1.12)
        (2.675, 2, "2.68"),  # stored as 2.67499999...; the CSV shows 2.675
        (23.45, 1, "23.5"),
        (0.1825, 3, "0.183"),
        (1.6, 2, "1.60"),
        (0.0, 2, "0.00"),
        (-4.44, 1, "-4.4"),
        (-4.45, 1, "-4.5"),
        (-0.04, 1, "0.0"),  # no negative zero
        (np.float64(0.12345), 4, "0.1235"),
        (7, 1, "7.0"),
        (1e-7, 3, "0.000"),
    ],
)
def test_rounding_half_away_from_zero(value, decimals, expected):
    assert render_gss(value, decimals=decimals) == expected


def test_text_and_booleans():
    assert render_gss("more_likely") == "more_likely"
    assert render_gss(True) == "true"
    assert render_gss(np.bool_(False)) == "false"


def test_non_finite_numbers_are_refused():
    with pytest.raises(ValueError):
        render_gss(math.inf, decimals=2)


def test_notes_cover_the_four_codes():
    assert list(GSS_NOTES) == ["[c]", "[x]", "[z]", "[u]"]
    for code, note in GSS_NOTES.items():
        assert note.startswith(code + " ")
    assert "1 to 4" in GSS_NOTES["[c]"]


def test_codes_used_lists_whole_cells_in_notes_order():
    table = pd.DataFrame({"a": ["[z]", "12", "[c]"], "b": ["see [x]", "[c]", "0.5"]})
    assert codes_used(table) == ["[c]", "[z]"]
    assert codes_used(pd.DataFrame({"a": ["1", "2"]})) == []
    assert codes_used(pd.Series(["[u]", "[x]"])) == ["[x]", "[u]"]
