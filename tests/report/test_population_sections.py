"""An authority report's local population section: present only with the area's figures,
hand-worked shares and Wilson intervals, small counts withheld."""

from __future__ import annotations

import pandas as pd

from scwres_helpers.bundles import PEER_COLUMNS, AuthorityInputs
from scwres_helpers.report.blocks import TableBlock
from scwres_helpers.report.population_sections import population_blocks

from .conftest import OWN_CODE, frame, row

Y = 2024


def _inputs(area, staff):
    rows = [row("3", value=1.0, lower=0.5, upper=2.0, counts=(5, n, 10, white), group=group)
            for group, (n, white) in staff.items()]
    return AuthorityInputs(authority_code=OWN_CODE, authority_name="Testshire", year=Y, rows=frame(rows),
                           national=frame([]), peers=pd.DataFrame(columns=list(PEER_COLUMNS)),
                           participation=pd.DataFrame({"year": [Y], "authorities_pooled": [1],
                                                       "returns_quarantined": [0]}),
                           area=area)


def _area(**shares):
    return pd.DataFrame({"authority_code": OWN_CODE, "group": list(shares), "residents_group": 0,
                         "residents_white": 0, "area_share": list(shares.values())})


def test_no_area_no_section():
    assert population_blocks(_inputs(None, {"minoritised": (30, 170)})) == []


def test_the_workforce_against_its_area():
    inputs = _inputs(_area(minoritised=0.1, asian=0.05, black=0.02),
                     {"minoritised": (30, 170), "asian": (10, 170), "black": (3, 170)})
    blocks = population_blocks(inputs)
    assert blocks[0] == "## The workforce and the local population"
    # 30 of 200 = 15.0%, Wilson 10.7% to 20.6%: wholly above the area's 10.0%.
    assert blocks[1] == (
        "Of the staff whose ethnicity was known, 15.0% were minoritised (95% interval 10.7% to 20.6%); of "
        "the area's residents whose ethnicity was known, 10.0% were. The workforce's share is clearly "
        "above the area's (the whole interval lies above it).")
    [table] = [b for b in blocks if isinstance(b, TableBlock)]
    cells = table.frame.set_index("Group")
    # Asian: 10 of 180 = 5.6%, Wilson 3.0% to 9.9%: the area's 5.0% is inside; +0.6 points.
    assert cells.loc["Asian"].tolist() == ["5.6% (3.0% to 9.9%)", "5.0%", "0.6", "No clear difference"]
    # Black: 3 staff, a count under 5: withheld, the area's share still shown.
    assert cells.loc["Black"].tolist() == ["[c]", "2.0%", "[c]", "[c]"]
    assert "Mixed" not in cells.index  # no area figure for the group: not compared


def test_a_small_minoritised_workforce_is_withheld():
    blocks = population_blocks(_inputs(_area(minoritised=0.1), {"minoritised": (4, 170)}))
    assert blocks[1] == ("The workforce's minoritised share is not shown ([c]): it rests on a count of "
                         "fewer than 5 people.")
