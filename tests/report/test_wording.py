"""Wording shared by sentences, charts and tables."""

import pytest

from scwres_helpers.codes import ADVERSE_DIRECTION, INDICATORS, PAY_BANDS, REPORTING_BANDS
from scwres_helpers.report.wording import (
    BAND_PHRASES,
    adverse_direction,
    group_noun,
    group_population,
    indicator_words,
)


def test_every_indicator_and_band_has_words():
    for indicator in INDICATORS:
        if indicator == "1":
            for band in (*PAY_BANDS, *REPORTING_BANDS):
                assert indicator_words("1", band).to_outcome.startswith("to be paid ")
        else:
            assert indicator_words(indicator).short


def test_indicator_1_needs_a_band():
    with pytest.raises(ValueError):
        indicator_words("1")


def test_band_phrases():
    assert BAND_PHRASES["20k_to_29k"] == "£20,000 to £29,999"
    assert BAND_PHRASES["below_30k"] == "under £30,000"


def test_adverse_direction_follows_codes_except_pay_bands():
    for indicator in INDICATORS:
        if indicator != "1":
            assert adverse_direction(indicator) == ADVERSE_DIRECTION[indicator]
    assert adverse_direction("1", "under_20k") == "more_likely"
    assert adverse_direction("1", "70k_plus") == ADVERSE_DIRECTION["1"] == "less_likely"
    assert adverse_direction("1", "30k_to_69k") is None


@pytest.mark.parametrize(
    ("group", "noun", "population"),
    [
        ("minoritised", "minoritised staff", "staff of known ethnicity"),
        ("asian", "Asian staff", "Asian and white staff"),
        ("black", "Black staff", "Black and white staff"),
        ("mixed", "staff from mixed or multiple ethnic groups",
         "white staff and staff from mixed or multiple ethnic groups"),
        ("other", "staff from other ethnic groups", "white staff and staff from other ethnic groups"),
    ],
)
def test_group_words(group, noun, population):
    assert group_noun(group, "staff") == noun
    assert group_population(group, "staff") == population
