import numpy as np
import pytest

from scwres_helpers import codes
from scwres_helpers.sample_data.generate import generate_year
from scwres_helpers.sample_data.profiles import make_profiles


@pytest.fixture(scope="module")
def year_counts():
    profiles = make_profiles(np.random.default_rng(11), 20, [2023, 2024], 6)
    return profiles, generate_year(profiles, 2023, 2023, seed=11), generate_year(profiles, 2024, 2023, seed=11)


def test_only_authorities_that_have_joined_return(year_counts):
    profiles, first, last = year_counts
    assert [p.code for p in first.profiles] == [p.code for p in profiles if p.join_year == 2023]
    assert len(last.profiles) == 20


def test_every_count_is_within_its_bound(year_counts):
    _, *years = year_counts
    for counts in years:
        headcount, regulated = counts.headcount, counts.regulated_headcount
        assert (counts.workforce >= 0).all()
        assert (counts.events["appointed"] <= counts.events["shortlisted"]).all()
        for column in ("entered_formal_process", "accessed_funded_cpd", "leavers"):
            assert (0 <= counts.events[column]).all() and (counts.events[column] <= headcount).all()
        assert (counts.events["referred"] <= regulated).all()
        assert (counts.experienced <= counts.respondents).all() and (counts.experienced >= 0).all()


def test_services_not_returned_and_surveys_not_run_are_empty(year_counts):
    _, _, counts = year_counts
    for a, profile in enumerate(counts.profiles):
        for s, service in enumerate(codes.SERVICES):
            if service not in profile.services:
                assert counts.workforce[a, s].sum() == 0
                assert all(v[a, s].sum() == 0 for v in counts.events.values())
                assert counts.respondents[a, s].sum() == 0
            else:
                assert counts.workforce[a, s].sum() > 0
        if not profile.has_survey:
            assert counts.respondents[a].sum() == 0


def test_senior_managers_and_regulated_staff_sit_in_plausible_bands(year_counts):
    _, _, counts = year_counts
    senior_by_band = counts.workforce[:, :, :, :, 1].sum(axis=(0, 1, 2, 4))
    assert senior_by_band[:4].sum() == 0  # nobody below 50k is a senior manager
    regulated_by_band = counts.workforce[..., 1].sum(axis=(0, 1, 2, 4))
    assert regulated_by_band[:2].sum() == 0  # no registered professional below 30k


def test_same_seed_same_counts():
    profiles = make_profiles(np.random.default_rng(4), 6, [2024], 6)
    a = generate_year(profiles, 2024, 2024, seed=4)
    b = generate_year(profiles, 2024, 2024, seed=4)
    assert np.array_equal(a.workforce, b.workforce)
    assert all(np.array_equal(a.events[k], b.events[k]) for k in a.events)
    assert np.array_equal(a.experienced, b.experienced)
