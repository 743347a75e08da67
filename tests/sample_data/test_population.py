"""The fictional population file of the sample data: every authority, invented, the same every time."""

from scwres_helpers.indicators.population import area_shares
from scwres_helpers.intake import load_year
from scwres_helpers.intake.population import load_population
from scwres_helpers.sample_data import generate_sample_returns


def test_every_year_has_a_population_for_every_sample_authority(tmp_path):
    generate_sample_returns(tmp_path, 4, [2023, 2024], seed=3)
    for year in (2023, 2024):
        text = (tmp_path / str(year) / "population.csv").read_text()
        assert text.startswith("# Fictional")
        population = load_population(tmp_path, year)
        assert population.problems == []
        returned = set(load_year(tmp_path, year).returns)
        assert returned <= set(population.authorities())
        assert len(population.counts) == 4 * 19  # every census category, no 'not known'
    assert (tmp_path / "2023" / "population.csv").read_bytes() == (tmp_path / "2024" / "population.csv").read_bytes()


def test_areas_differ_from_each_other(fixture_root):
    shares = area_shares(load_population(fixture_root, 2024).counts)
    minoritised = shares[shares["group"] == "minoritised"]["area_share"]
    assert minoritised.min() < 0.1 and minoritised.max() > 0.4
