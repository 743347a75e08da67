"""The brand's words, filled in without interpreting the authority's name."""

from __future__ import annotations

from scwres_helpers.publish.branding import load_branding


def test_marking_names_the_authority():
    branding = load_branding()
    assert branding.fill(branding.authority_marking, year=2024, authority="Town  Council") == (
        "Official sensitive: for Town Council only"
    )


def test_placeholders_in_a_name_are_not_filled():
    branding = load_branding()
    assert branding.fill("{authority} {year}", year=2024, authority="{year} {0} {x!r}") == "{year} {0} {x!r} 2024"
