import pytest

from scwres_helpers.sample_data import parse_years


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("2022-2024", [2022, 2023, 2024]),
        ("2022,2024", [2022, 2024]),
        ("2024", [2024]),
        (" 2024 , 2021-2022 ", [2021, 2022, 2024]),
        ("2023,2023-2024", [2023, 2024]),
    ],
)
def test_parse_years(text, years):
    assert parse_years(text) == years


@pytest.mark.parametrize("text", ["", "2024-2022", "twenty", "2022,,2023", "2022-", "99"])
def test_parse_years_rejects(text):
    with pytest.raises(ValueError):
        parse_years(text)
