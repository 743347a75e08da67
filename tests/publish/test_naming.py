"""Codes and page names are checked before they become file names."""

from __future__ import annotations

import pytest

from scwres_helpers.publish.naming import UnsafeNameError, checked_authority_code, checked_page_name


def test_valid_codes_and_names_pass():
    assert checked_authority_code("X07853579") == "X07853579"
    assert checked_page_name("indicator-3") == "indicator-3"


@pytest.mark.parametrize(
    "code", ["../X07853579", "X0785357", "x07853579", "X07853579\n", "X07853579/..", "", None, 7853579]
)
def test_bad_codes_are_refused(code):
    with pytest.raises(UnsafeNameError):
        checked_authority_code(code)


@pytest.mark.parametrize("name", ["../index", "index.html", "Index", "a/b", "", "-x", "index\n"])
def test_bad_page_names_are_refused(name):
    with pytest.raises(UnsafeNameError):
        checked_page_name(name)
