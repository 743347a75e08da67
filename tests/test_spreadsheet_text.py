"""Text from the returns stays inert in CSV files and in the workbook."""

from __future__ import annotations

import pytest

from scwres_helpers.spreadsheet_text import csv_cell, starts_like_formula, workbook_text


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","y")', "+1+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_text_gets_an_apostrophe_in_csv(text):
    assert starts_like_formula(text)
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["-1.5", "-3", "12", "Authority One", "[c]", ""])
def test_numbers_and_plain_text_are_left_alone(text):
    assert csv_cell(text) == text


def test_markdown_links_do_not_become_workbook_links():
    assert workbook_text("[click](http://evil.example)") == "[click] (http://evil.example)"
    assert workbook_text("[c]") == "[c]"


def test_text_without_letters_or_digits_is_kept_but_labelled():
    assert workbook_text("+++") == "+++ (as returned)"
