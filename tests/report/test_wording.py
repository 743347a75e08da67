"""Words for groups and services, read from the phrasebook."""

import pytest

from scwres_helpers.report.wording import (
    GROUP_LABELS,
    SERVICE_LABELS,
    group_member,
    group_noun,
    group_population,
    service_suffix,
    white_noun,
)


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


def test_the_reference_group_and_survey_respondents():
    assert group_noun("white", "applicants") == white_noun("applicants") == "white applicants"
    assert white_noun("survey respondents") == "white respondents"


def test_every_compared_group_has_every_kind_of_word():
    for group in ("minoritised", "asian", "black", "mixed", "other"):
        assert GROUP_LABELS[group]
        assert "staff" in group_noun(group, "staff")
        assert group_member(group)


def test_an_unknown_group_is_refused():
    with pytest.raises(ValueError, match="unknown group 'purple'"):
        group_noun("purple", "staff")


def test_services():
    assert list(SERVICE_LABELS) == ["all", "adult", "children"]
    assert service_suffix("all") == ""
    assert service_suffix("children") == " in children's services"
