"""Publishable text of national rows under the year's pattern: what a withheld row keeps."""

from __future__ import annotations

import pandas as pd

from indicator_frames import frame
from scwres_helpers.disclosure.national_tables import PRIMARY, NationalDisclosure, count_keys
from scwres_helpers.publish.data_sheets import published_text


def _national(indicator="2", measure="relative_likelihood", counts=(3, 40, 50, 100), breakdown=""):
    a_g, n_g, a_w, n_w = counts
    return {
        "year": 2024, "scope": "national", "authority_code": "national", "service": "adult",
        "group": "mixed", "indicator": indicator, "breakdown": breakdown, "measure": measure,
        "numerator_group": a_g, "denominator_group": n_g, "numerator_white": a_w, "denominator_white": n_w,
        "rate_group": a_g / n_g, "rate_white": a_w / n_w, "value": (a_g / n_g) / (a_w / n_w),
        "ci_lower": 0.1, "ci_upper": 0.9, "assessment": "less_likely", "flag": "", "suppressed": True,
    }


def _pattern(rows: pd.DataFrame, withheld_columns: tuple[str, ...]) -> NationalDisclosure:
    """Every row withheld in full (primary), with the counts in ``withheld_columns`` withheld."""
    withheld = {}
    for _, row in rows.iterrows():
        keys = count_keys(row)
        withheld |= {keys[c]: PRIMARY for c in withheld_columns if c in keys}
    empty = pd.DataFrame()
    return NationalDisclosure(year=2024, hidden_rows=frozenset(rows.index), headcount=empty,
                              headcount_hidden=empty, row_reasons=dict.fromkeys(rows.index, PRIMARY),
                              withheld=withheld)


def test_a_row_withheld_for_its_group_keeps_the_white_counts_and_rate():
    # 3 of 40 mixed applicants appointed (small): the group's cells are withheld; white
    # applicants 50 of 100, as every other row of the table shows them: rate 0.5000.
    rows = frame([_national()])
    text = published_text(rows, _pattern(rows, ("numerator_group", "denominator_group")), 5).iloc[0]
    assert (text["numerator_group"], text["denominator_group"], text["rate_group"], text["value"]) == (
        "[c]", "[c]", "[c]", "[c]")
    assert (text["numerator_white"], text["denominator_white"], text["rate_white"]) == ("50", "100", "0.5000")


def test_the_survey_white_percentage_stays_too():
    # 3 of 40 respondents vs 287 of 1546 white: 18.56...% -> 18.6
    row = _national("7a", "percent_experienced", (3, 40, 287, 1546)) | {"rate_white": 100 * 287 / 1546}
    rows = frame([row])
    text = published_text(rows, _pattern(rows, ("numerator_group", "denominator_group")), 5).iloc[0]
    assert text["rate_white"] == "18.6"


def test_a_withheld_white_count_keeps_the_white_rate_withheld():
    rows = frame([_national()])
    pattern = _pattern(rows, ("numerator_group", "denominator_group", "numerator_white"))
    text = published_text(rows, pattern, 5).iloc[0]
    assert (text["numerator_white"], text["rate_white"]) == ("[c]", "[c]")


def test_a_share_s_white_rate_is_one_minus_the_group_s_share_so_it_stays_withheld():
    # share rows: rate_white = 97 / 100 = 1 - the group's share
    rows = frame([_national("1", "share_minoritised", (3, 100, 97, 100), breakdown="70k_plus")
                  | {"rate_group": 0.03, "rate_white": 0.97, "value": 0.03}])
    text = published_text(rows, _pattern(rows, ("numerator_group",)), 5).iloc[0]
    assert text["numerator_white"] == "97" and text["rate_white"] == "[c]"
