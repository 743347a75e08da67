"""The national page by region and type: pooled figures, [c], adverse counts and the local
population summary, on hand-made rows with hand-worked figures."""

from __future__ import annotations

import pandas as pd
import pytest

from scwres_helpers.bundles import NationalInputs
from scwres_helpers.report.national_places import (
    BY_REGION,
    adverse_sentence,
    adverse_table,
    place_table,
    places_blocks,
    population_counts,
)
from scwres_helpers.report.blocks import TableBlock

from .conftest import frame, row

Y = 2024
REGIONS = {"A1": "R1", "A2": "R1", "A3": "R1", "B1": "R2", "B2": "R2", "B3": "R2", "C1": "R3", "C2": "R3",
           "D1": "R4"}
COUNTS = {"A": (10, 100, 20, 100), "B": (20, 100, 20, 100), "C": (15, 100, 20, 100), "D": (12, 100, 20, 100)}


def _inputs(rows, area=None):
    places = pd.DataFrame({"authority_code": list(REGIONS), "authority_type": "unitary",
                           "authority_type_name": "Unitary authority", "region_code": "",
                           "region_name": list(REGIONS.values()), "fictional": "false"})
    return NationalInputs(year=Y, indicators=frame(rows), participation=pd.DataFrame({"year": [Y], "authorities_pooled": [9], "returns_quarantined": [0]}),
                          warnings_by_rule=pd.DataFrame(columns=["year", "warning", "returns"]), places=places,
                          area_shares=area)


def _region_rows():
    rows = [row("2", value=0.8, lower=0.7, upper=0.9, counts=(57, 300 * 3, 80, 900), scope="national")]
    for code in REGIONS:
        rows.append(row("2", value=1.0, lower=0.5, upper=2.0, counts=COUNTS[code[0]], authority_code=code))
    return rows


def test_the_region_table_pools_counts_and_withholds_small_places():
    table = place_table(_inputs(_region_rows()), BY_REGION)
    assert list(table.columns) == ["Region", "R1", "R2", "R3", "R4"]
    assert table.iloc[0].tolist() == ["Authorities taking part", "3", "3", "2", "1"]
    appointment = table[table["Region"] == "Appointment from shortlisting"].iloc[0]
    # R1: 30 of 300 vs 60 of 300: RL 0.5; Katz se = sqrt(1/30 - 1/300 + 1/60 - 1/300) = 0.20817,
    # x 1.96 = 0.40800, exp = 1.50386: 0.33 to 0.75. R2: 60/300 vs 60/300: RL 1, se 0.16330,
    # exp(0.32006) = 1.37722: 0.73 to 1.38. R3 (2 authorities) and R4 (1) are withheld, and
    # together only their sum can be worked out from the national total.
    assert appointment.tolist() == ["Appointment from shortlisting", "0.50 (0.33 to 0.75)",
                                    "1.00 (0.73 to 1.38)", "[c]", "[c]"]
    # No other measure has rows here: not available, and withheld nationally (no national row).
    leaving = table[table["Region"] == "Leaving the organisation"].iloc[0]
    assert leaving.tolist()[1:] == ["[x]"] * 4


def test_a_measure_withheld_nationally_shows_no_place():
    rows = _region_rows()
    rows[0] = row("2", value=0.8, lower=0.7, upper=0.9, counts=(57, 900, 80, 900), scope="national",
                  suppressed=True)
    table = place_table(_inputs(rows), BY_REGION)
    assert table[table["Region"] == "Appointment from shortlisting"].iloc[0].tolist()[1:] == ["[c]"] * 4


def _judged(code, year, lower, upper, suppressed=False):
    return row("2", value=(lower + upper) / 2, lower=lower, upper=upper, counts=(10, 100, 20, 100),
               authority_code=code, year=year, suppressed=suppressed)


def test_authorities_with_a_clear_adverse_difference_with_the_year_before():
    rows = [
        # 2024: A1 and A2 wholly below 1 (adverse for appointment), A3 includes 1, B1 withheld.
        _judged("A1", Y, 0.5, 0.9), _judged("A2", Y, 0.4, 0.8), _judged("A3", Y, 0.8, 1.2),
        _judged("B1", Y, 0.1, 0.5, suppressed=True),
        # 2023: A1 adverse, A2 not clear: 1 of 2.
        _judged("A1", Y - 1, 0.5, 0.9), _judged("A2", Y - 1, 0.9, 1.1),
    ]
    inputs = _inputs(rows)
    assert adverse_sentence(inputs, "2", "") == (
        "Appointment from shortlisting: 2 of 3 authorities (66.7%) found minoritised applicants clearly "
        "less likely than white applicants to be appointed from shortlisting; 1 of 2 (50.0%) in 2023.")
    table = adverse_table(inputs)
    assert table[table["Indicator"] == "Appointment from shortlisting"].iloc[0].tolist() == [
        "Appointment from shortlisting", "2 of 3 (66.7%)", "1 of 2 (50.0%)"]
    assert table[table["Indicator"] == "Leaving the organisation"].iloc[0].tolist()[1:] == ["[x]", "[x]"]


def _staff(code, minoritised, white):
    return row("3", value=1.0, lower=0.5, upper=2.0, counts=(5, minoritised, 10, white), authority_code=code)


def test_the_local_population_is_summarised_as_counts():
    area = pd.DataFrame({"authority_code": ["A1", "A2", "A3"], "group": "minoritised",
                         "residents_group": 100, "residents_white": 900, "area_share": 0.1})
    # Workforces: 30 of 200 (15%, Wilson 10.7% to 20.6%: above 10%), 20 of 200 (10%: inside),
    # 2 of 200 (1%, 0.3% to 3.6%: below).
    inputs = _inputs([_staff("A1", 30, 170), _staff("A2", 20, 180), _staff("A3", 2, 198)], area)
    assert population_counts(inputs) == {"above_area": 1, "below_area": 1, "no_clear_difference": 1,
                                         "not_assessed": 0}
    blocks = places_blocks(inputs)
    assert "## The workforce and the local population" in blocks
    assert blocks[-1] == (
        "Of the 3 authorities whose local population is known, 1 had a workforce whose minoritised share "
        "in 2024 was clearly above their area's, 1 clearly below it and 1 not clearly different (the "
        "area's share lay inside the workforce's 95% interval).")


def test_without_population_figures_the_page_has_no_population_section():
    blocks = places_blocks(_inputs(_region_rows()))
    assert "## The workforce and the local population" not in blocks
    assert blocks[0] == "# Regions and types of authority"
    text = "\n".join(b if isinstance(b, str) else b.frame.to_string() for b in blocks)
    for code in REGIONS:  # authorities are counted, never named
        assert code not in text
    assert sum(isinstance(b, TableBlock) for b in blocks) == 3


@pytest.mark.parametrize("year", [2023, 2024])
def test_the_sample_tables_pass_the_disclosure_audit_together(year):
    """The sample's tables by region and by type, checked together by the audit that checks
    the published data tables (linear and integer programming, no code shared with the
    suppression): every count of every cell of both tables, the national totals both add
    up to (published elsewhere), and the complements; no withheld small count may be
    narrowed, even by setting one table's cells against the other's."""
    from scwres_helpers.bundles import national_inputs_from_returns
    from scwres_helpers.config import SAMPLE_RETURNS_DIR
    from scwres_helpers.disclosure.audit import PublishedSet, audit
    from scwres_helpers.disclosure.place_tables import place_cells_withheld
    from scwres_helpers.report.national_blocks import national_rows
    from scwres_helpers.report.national_places import place_rows, pooled_by_place, withheld_nationally

    inputs = national_inputs_from_returns(SAMPLE_RETURNS_DIR, year, 5)
    nationally = withheld_nationally(national_rows(inputs))
    published = PublishedSet()
    sides = (("numerator_group", "denominator_group", "g"), ("numerator_white", "denominator_white", "w"))
    hidden_anywhere = False
    for by in ("region_name", "authority_type_name"):
        pooled = pooled_by_place(place_rows(inputs.indicators, inputs.places, year), by)
        hidden = place_cells_withheld(pooled, nationally, 5)
        hidden_anywhere |= bool(hidden)
        for measure, cells in pooled.groupby("measure"):
            at_risk, outcome = (cells[r].iloc[0] for r in ("at_risk", "outcome"))
            for outcome_column, at_risk_column, side in sides:
                for name, column in ((at_risk, at_risk_column), (outcome, outcome_column)):
                    parts = []
                    for _, cell in cells.iterrows():
                        key = (name, side, by, cell["place"])
                        published.quantity(key, int(cell[column]), published=(measure, cell["place"]) not in hidden)
                        parts.append(key)
                    total = (name, side, "national")
                    published.quantity(total, int(cells[column].sum()), published=measure not in nationally)
                    if not any(r.total == total and r.parts[0][2] == by for r in published.relations):
                        published.relation(total, parts)
                for place in cells["place"]:
                    published.complement(("without", outcome, side, by, place), (at_risk, side, by, place),
                                         (outcome, side, by, place))
                if ("without", outcome, side, "national") not in published.values:
                    published.complement(("without", outcome, side, "national"), (at_risk, side, "national"),
                                         (outcome, side, "national"))
    result = audit(published, 5)
    assert result.passed, result.findings[:3]
    assert hidden_anywhere  # the sample's small places are withheld


def test_the_tables_note_names_the_threshold_and_the_fewest_authorities():
    inputs = _inputs(_region_rows())
    inputs.threshold = 7
    [note] = {b.note for b in places_blocks(inputs) if isinstance(b, TableBlock) and b.caption.startswith("Relative")}
    assert note.startswith("A figure is withheld ([c]) when it rests on a count of 1 to 6 people, on fewer than 3 "
                           "authorities, or on a national figure that is withheld")
