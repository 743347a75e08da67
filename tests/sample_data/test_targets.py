from scwres_helpers.sample_data.indicator_profiles import profile
from scwres_helpers.sample_data.targets import TARGETS, targets_for


def test_published_values_for_2023_and_2024():
    # published-figures.md, typed in by hand.
    t23, t24 = TARGETS[2023], TARGETS[2024]
    assert [t23.relative_likelihood(i) for i in ("2", "3", "4", "5")] == [0.5, 1.4, 2.1, 1.0]
    assert [t23.relative_likelihood(i) for i in ("6", "7a", "7b", "8")] == [1.2, 1.3, 1.9, 1.1]
    assert [t24.relative_likelihood(i) for i in ("2", "3", "4", "8")] == [0.52, 1.37, 1.08, 1.21]
    assert t24.relative_likelihood("9") == 0.55
    assert (t24.share_below_30k, t24.share_30k_to_69k, t24.share_70k_plus) == (0.18, 0.22, 0.14)
    # 2024 publishes no CPD figure: 2023's is used. Harassment: a little below 1.
    assert t24.relative_likelihood("5") == t23.relative_likelihood("5")
    assert all(0.8 <= t24.relative_likelihood(i) < 1 for i in ("6", "7a", "7b"))


def test_2022_is_a_little_worse_than_2023():
    t22, t23 = TARGETS[2022], TARGETS[2023]
    for better in ("2", "5", "9"):  # less likely is adverse
        assert t22.relative_likelihood(better) < t23.relative_likelihood(better)
    for indicator in ("3", "4", "7b", "8"):  # more likely is adverse
        worse, better = t22.relative_likelihood(indicator), t23.relative_likelihood(indicator)
        assert better < worse <= better + 0.25


def test_years_outside_use_the_nearest():
    assert targets_for(2019) is TARGETS[2022]
    assert targets_for(2031) is TARGETS[2024]
    assert targets_for(2023).relative_likelihood("7b") == 1.9
    assert targets_for(2031).relative_likelihood("7b") == profile("7b").national[2024] == 0.95
    assert targets_for(2024).band_share("70k_plus") == 0.14
