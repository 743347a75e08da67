"""Every registry indicator has a sample-data profile the generator can use."""

import pytest

from scwres_helpers import codes, registry
from scwres_helpers.sample_data.indicator_profiles import IndicatorProfile, drawn_as_events, profile, register


@pytest.mark.parametrize("indicator", registry.ids())
def test_every_indicator_has_a_usable_profile(indicator):
    found = profile(indicator)
    assert found.actions and found.owners
    kind = registry.indicator(indicator).kind
    if kind != registry.BANDS:  # indicator 1 is calibrated on band shares instead
        assert set(found.group_factor) == set(codes.MINORITISED_GROUPS)
        assert set(found.national) == {2022, 2023, 2024}
    assert (found.white_rate is not None) == (indicator in drawn_as_events())


def test_events_are_drawn_for_event_and_survey_indicators_only():
    assert drawn_as_events() == ("2", "3", "4", "5", "6", "7a", "7b", "8")


def test_a_missing_profile_is_named():
    with pytest.raises(ValueError, match="indicator '99' has no sample-data profile"):
        profile("99")


def test_a_profile_is_registered_once():
    with pytest.raises(ValueError, match="already has a sample-data profile"):
        register("2", IndicatorProfile(national={2024: 1.0}, group_factor={}))
