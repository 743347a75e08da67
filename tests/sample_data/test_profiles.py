import re

import numpy as np

from scwres_helpers.sample_data.profiles import make_profiles

YEARS = [2022, 2023, 2024]


def test_codes_are_x_and_eight_digits_and_unique():
    profiles = make_profiles(np.random.default_rng(3), 153, YEARS, 6)
    found = [p.code for p in profiles]
    assert all(re.fullmatch(r"X[0-9]{8}", c) for c in found)
    assert len(set(found)) == 153


def test_every_authority_returns_in_the_last_year_and_some_join_later():
    profiles = make_profiles(np.random.default_rng(3), 12, YEARS, 6)
    assert all(p.join_year in YEARS for p in profiles)
    assert sum(p.join_year == 2022 for p in profiles) >= 6
    assert any(p.join_year > 2022 for p in profiles)


def test_guaranteed_variety_with_twelve_authorities():
    for seed in range(5):
        profiles = make_profiles(np.random.default_rng(seed), 12, YEARS, 6)
        assert any(p.services == ("adult",) for p in profiles)
        assert any(p.services == ("children",) for p in profiles)
        assert any(not p.has_survey for p in profiles)
        assert any(p.unknown_share > 0.11 for p in profiles)
        assert any(p.base_size < 100 for p in profiles)
        assert {"census", "nhs"} <= {p.ethnicity_style for p in profiles}
        assert any(p.styled_headers for p in profiles)


def test_every_sixth_authority_sends_excel():
    profiles = make_profiles(np.random.default_rng(0), 13, YEARS, 6)
    assert [p.position for p in profiles if p.excel] == [5, 11]
    assert not any(p.excel for p in make_profiles(np.random.default_rng(0), 13, YEARS, 0))


def test_nhs_style_authorities_only_use_categories_with_a_letter():
    profiles = make_profiles(np.random.default_rng(0), 40, YEARS, 6)
    nhs = [p for p in profiles if p.ethnicity_style == "nhs"]
    assert nhs
    for p in nhs:
        codable = p.nhs_codable()
        for mix in p.ethnicity_mix.values():
            assert mix[~codable].sum() == 0
