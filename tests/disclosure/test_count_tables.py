import pandas as pd

from scwres_helpers.disclosure import suppress_count_table

from .builders import frame

COLS = ["a", "b", "c", "T"]


def table_3x3():
    return frame(
        {"r1": [10, 20, 30, 60], "r2": [3, 12, 8, 23], "r3": [15, 9, 40, 64], "T": [28, 41, 78, 147]},
        COLS,
    )


def rendered(rows):
    return frame(rows, COLS).astype("str")


def test_three_by_three_at_threshold_5():
    expected = rendered(
        {
            "r1": ["[c]", "20", "[c]", "60"],
            "r2": ["[c]", "12", "[c]", "23"],
            "r3": ["15", "9", "40", "64"],
            "T": ["28", "41", "78", "147"],
        }
    )
    pd.testing.assert_frame_equal(suppress_count_table(table_3x3(), 5, "T", "T"), expected)


def test_threshold_is_configurable():
    # threshold 3: the 3 is no longer small, nothing goes
    assert "[c]" not in suppress_count_table(table_3x3(), 3, "T", "T").to_numpy()
    # threshold 10: primary r2a 3, r2c 8, r3b 9. Column b gives r3b away: of r1b 20 and r2b 12,
    # the smaller, r2b, goes. Column a gives r2a away: r1a 10 would itself be given away by
    # row r1 (60 - 20 - 30), so r3a 15 goes. Column c gives r2c away: r1c 30 would be given
    # away by row r1, so r3c 40 goes. Rows r2 and r3 are hidden, and their six cells obey
    # only five equations (four independent): none can be worked out.
    expected = rendered(
        {
            "r1": ["10", "20", "30", "60"],
            "r2": ["[c]", "[c]", "[c]", "23"],
            "r3": ["[c]", "[c]", "[c]", "64"],
            "T": ["28", "41", "78", "147"],
        }
    )
    pd.testing.assert_frame_equal(suppress_count_table(table_3x3(), 10, "T", "T"), expected)


def test_small_total_is_suppressed_and_zeros_stay():
    # r1 = 3, 0, 0 | 3: the total is a small count too, so the row has two [c] terms
    # and its zeros are published.
    table = frame({"r1": [3, 0, 0, 3], "r2": [6, 7, 9, 22]}, COLS)
    expected = rendered({"r1": ["[c]", "0", "0", "[c]"], "r2": ["6", "7", "9", "22"]})
    pd.testing.assert_frame_equal(suppress_count_table(table, 5, None, "T"), expected)


def test_labels_and_names_are_kept():
    table = table_3x3()
    table.index.name = "band"
    table.columns.name = "group"
    out = suppress_count_table(table, 5, "T", "T")
    assert out.index.equals(table.index) and out.columns.equals(table.columns)
    assert (out.index.name, out.columns.name) == ("band", "group")
    assert all(str(dtype) == "str" for dtype in out.dtypes)
