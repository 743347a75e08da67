"""Disclosure control across the national tables of one year."""

from __future__ import annotations

import pandas as pd
import pytest

from scwres_helpers import codes
from scwres_helpers.bundles import national_inputs_from_returns
from scwres_helpers.config import SAMPLE_RETURNS_DIR
from scwres_helpers.disclosure import is_recoverable
from scwres_helpers.disclosure.national_tables import (
    PRIMARY,
    WithheldShare,
    national_disclosure,
    published_rows,
    row_keys,
    withheld_share,
)

YEAR = 2024


@pytest.fixture(scope="module")
def rows() -> pd.DataFrame:
    return national_inputs_from_returns(SAMPLE_RETURNS_DIR, YEAR).indicators


@pytest.fixture(scope="module")
def disclosure(rows):
    return national_disclosure(rows, YEAR, codes.DEFAULT_SUPPRESSION_THRESHOLD)


def _row(**fields) -> dict:
    base = {"indicator": "3", "measure": "relative_likelihood", "service": "all", "group": "asian",
            "breakdown": "", "numerator_group": 7, "denominator_group": 500,
            "numerator_white": 50, "denominator_white": 4000}
    return base | fields


def test_a_relative_likelihood_row_shows_its_four_counts():
    assert row_keys(_row()) == {
        ("entered_formal_process", "all", "", "asian"): 7,
        ("entered_formal_process", "all", "", "white"): 50,
        ("headcount", "all", "", "asian"): 500,
        ("headcount", "all", "", "white"): 4000,
    }


def test_a_share_row_shows_the_band_counts_only():
    shown = row_keys(_row(indicator="1", measure="share_minoritised", breakdown="70k_plus",
                          numerator_group=4, denominator_group=274, numerator_white=270,
                          denominator_white=274))
    assert shown == {("band_headcount", "all", "70k_plus", "asian"): 4,
                     ("band_headcount", "all", "70k_plus", "white"): 270}


def test_a_gap_row_also_reveals_the_headcounts():
    shown = row_keys(_row(indicator="9", measure="gap_pp", numerator_group=9, denominator_group=489,
                          numerator_white=480, denominator_white=489))
    assert shown[("headcount", "all", "", "asian")] is None
    assert shown[("senior_headcount", "all", "", "asian")] == 9


def test_pay_bands_are_published_for_all_services_only(rows):
    chosen = published_rows(rows, YEAR)
    assert set(chosen.loc[chosen["indicator"] == "1", "service"]) == {"all"}
    assert set(chosen["scope"]) == {"national"} and set(chosen["year"]) == {YEAR}


def test_every_flagged_row_is_hidden(rows, disclosure):
    flagged = published_rows(rows, YEAR)
    flagged = set(flagged.index[flagged["suppressed"]])
    assert flagged and flagged <= disclosure.hidden_rows


def test_no_hidden_count_is_alone_in_a_group_or_service_sum(rows, disclosure):
    """Independent of the solver: in every sum a reader can form from the relative
    likelihood rows (minoritised = the four groups; all = adult + children), a count
    that is hidden everywhere it appears never stands alone."""
    chosen = published_rows(rows, YEAR)
    chosen = chosen[chosen["measure"] == "relative_likelihood"]
    shown: dict[tuple, bool] = {}
    for label, row in chosen.iterrows():
        for key in row_keys(row):
            shown[key] = shown.get(key, False) or label not in disclosure.hidden_rows
    for (quantity, service, band, group), visible in shown.items():
        if visible:
            continue
        if group in codes.COMPARED_GROUPS:
            terms = [(quantity, service, band, g) for g in codes.COMPARED_GROUPS]
            terms = [t for t in terms if t in shown]
            assert sum(not shown[t] for t in terms) >= 2, (quantity, service, band, group)
        terms = [(quantity, s, band, group) for s in codes.REPORTING_SERVICES if (quantity, s, band, group) in shown]
        if len(terms) == 3:
            assert sum(not shown[t] for t in terms) >= 2, (quantity, service, band, group)


def test_headcount_table_adds_up_and_nothing_hidden_is_recoverable(rows, disclosure):
    counts = disclosure.headcount
    inner = counts.drop(index="total").drop(columns="known")
    assert (inner.sum(axis=1) == counts.drop(index="total")["known"]).all()
    assert (counts.drop(index="total").sum(axis=0) == counts.loc["total"]).all()
    share = rows[(rows["year"] == YEAR) & (rows["scope"] == "national") & (rows["indicator"] == "1")
                 & (rows["service"] == "all") & (rows["measure"] == "share_minoritised")
                 & (rows["group"] == "asian") & (rows["breakdown"] == "40k_to_49k")].iloc[0]
    assert counts.loc["40k_to_49k", "asian"] == share["numerator_group"]
    assert counts.loc["40k_to_49k", "white"] == share["numerator_white"]
    assert disclosure.headcount_hidden.to_numpy().sum() >= 2
    assert is_recoverable(counts, disclosure.headcount_hidden, "total", "known") == []


def test_counts_that_do_not_add_up_are_refused(rows):
    broken = rows.copy()
    target = broken.index[(broken["year"] == YEAR) & (broken["scope"] == "national")
                          & (broken["indicator"] == "5") & (broken["service"] == "all")
                          & (broken["group"] == "minoritised")][0]
    broken.loc[target, "numerator_group"] = broken.loc[target, "numerator_group"] + 1
    with pytest.raises(ValueError, match="do not add up"):
        national_disclosure(broken, YEAR, codes.DEFAULT_SUPPRESSION_THRESHOLD)


def test_a_stricter_threshold_hides_more(rows, disclosure):
    """Every row withheld for its own small counts at 5 is withheld at 10, and more rows in
    all (the rows withheld to protect others may differ: each pattern is chosen to lose least)."""
    stricter = national_disclosure(rows, YEAR, 10)
    own = {label for label, reason in disclosure.row_reasons.items() if reason == "primary"}
    assert own <= stricter.hidden_rows
    assert len(disclosure.hidden_rows) < len(stricter.hidden_rows)


def test_withheld_share_reads_the_marks_the_pattern_left():
    # Three national relative likelihoods of 2024 (indicator 3, all services); the first two marked
    # withheld. Row 1 has a_g = 3 (below 5): its own counts. Row 2's counts are all 5 or more (and so
    # are its complements, 500 - 7 and 4000 - 50): withheld for another's sake. Row 3 is shown.
    # Indicator 1 and a share row are not relative likelihoods the figure counts.
    rows = pd.DataFrame([
        _row(group="asian", numerator_group=3) | {"suppressed": True},
        _row(group="black") | {"suppressed": True},
        _row(group="mixed") | {"suppressed": False},
        _row(indicator="1", group="other") | {"suppressed": True},
        _row(measure="share_minoritised", group="other") | {"suppressed": True},
    ]).assign(year=YEAR, scope=codes.NATIONAL)
    assert withheld_share(rows, YEAR, 5) == WithheldShare(withheld=2, own_counts=1, total=3)


def test_withheld_share_is_the_pattern_s_own_count(rows, disclosure):
    """The bundle's rows carry the year's pattern: the figure read off them is the one the pattern
    gives (the 2024 sample: 30 of 135 withheld, 18 for their own counts)."""
    share = withheld_share(rows, YEAR, codes.DEFAULT_SUPPRESSION_THRESHOLD)
    national = published_rows(rows, YEAR)
    chosen = national[(national["measure"] == "relative_likelihood") & (national["indicator"] != "1")
                      & national["service"].isin(codes.REPORTING_SERVICES)
                      & national["group"].isin(codes.COMPARED_GROUPS)].index
    hidden = [label for label in chosen if label in disclosure.hidden_rows]
    own = [label for label in hidden if disclosure.row_reasons[label] == PRIMARY]
    assert share == WithheldShare(len(hidden), len(own), len(chosen)) == WithheldShare(30, 18, 135)


class _DictStore:
    def __init__(self) -> None:
        self.kept: dict = {}

    def get(self, memo):
        return self.kept.get(memo)

    def put(self, memo, decided) -> None:
        self.kept[memo] = decided


def test_a_store_keeps_the_decision_for_the_next_process(rows, disclosure, monkeypatch):
    from scwres_helpers.disclosure import national_tables

    store = _DictStore()
    monkeypatch.setattr(national_tables, "_DECIDED", {})
    decided = national_disclosure(rows, YEAR, codes.DEFAULT_SUPPRESSION_THRESHOLD, store)
    ((memo, kept),) = store.kept.items()
    assert memo[1:] == (YEAR, codes.DEFAULT_SUPPRESSION_THRESHOLD) and kept.hidden_rows == decided.hidden_rows

    def no_deciding(*args):
        raise AssertionError("decided again although the store had it")

    monkeypatch.setattr(national_tables, "_DECIDED", {})  # a new process: nothing in memory
    monkeypatch.setattr(national_tables, "_decide", no_deciding)
    again = national_disclosure(rows, YEAR, codes.DEFAULT_SUPPRESSION_THRESHOLD, store)
    assert again.hidden_rows == disclosure.hidden_rows and again.withheld == disclosure.withheld
