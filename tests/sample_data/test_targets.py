from scwres_helpers.sample_data.targets import TARGETS, targets_for


def test_published_values_for_2023_and_2024():
    # published-figures.md, typed in by hand.
    t23, t24 = TARGETS[2023], TARGETS[2024]
    assert (t23.appointment, t23.disciplinary, t23.fitness_to_practise, t23.cpd) == (0.5, 1.4, 2.1, 1.0)
    assert (t23.harassment_public, t23.harassment_colleagues, t23.harassment_managers, t23.leaving) == (
        1.2, 1.3, 1.9, 1.1)
    assert (t24.appointment, t24.disciplinary, t24.fitness_to_practise, t24.leaving) == (0.52, 1.37, 1.08, 1.21)
    assert t24.senior_manager == 0.55
    assert (t24.share_below_30k, t24.share_30k_to_69k, t24.share_70k_plus) == (0.18, 0.22, 0.14)
    # 2024 publishes no CPD figure: 2023's is used. Harassment: a little below 1.
    assert t24.cpd == t23.cpd
    assert all(0.8 <= v < 1 for v in (t24.harassment_public, t24.harassment_colleagues, t24.harassment_managers))


def test_2022_is_a_little_worse_than_2023():
    t22, t23 = TARGETS[2022], TARGETS[2023]
    assert t22.appointment < t23.appointment and t22.cpd < t23.cpd
    assert t22.senior_manager < t23.senior_manager
    for worse, better in [(t22.disciplinary, t23.disciplinary), (t22.fitness_to_practise, t23.fitness_to_practise),
                          (t22.harassment_managers, t23.harassment_managers), (t22.leaving, t23.leaving)]:
        assert better < worse <= better + 0.25


def test_years_outside_use_the_nearest():
    assert targets_for(2019) is TARGETS[2022]
    assert targets_for(2031) is TARGETS[2024]
    assert targets_for(2023).relative_likelihood("7b") == 1.9
    assert targets_for(2024).band_share("70k_plus") == 0.14
