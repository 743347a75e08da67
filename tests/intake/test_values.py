import datetime as dt

import pytest

from scwres_helpers.intake.values import (
    canonical_code,
    explain_code,
    explain_count,
    has_control_characters,
    parse_count,
    parse_iso_date,
)


@pytest.mark.parametrize("text, expected", [("0", 0), ("12", 12), ("007", 7), ("3.0", 3),
                                            ("9223372036854775807", 2**63 - 1)])
def test_whole_numbers_are_counts(text, expected):
    assert parse_count(text) == expected


@pytest.mark.parametrize("text, reason", [
    (None, "blank; enter 0"),
    ("12 staff", "not a number"),
    ("n/a", "not a number"),
    ("<5", "suppressed"),
    ("1,200", "without commas, e.g. 1200"),
    ("3.5", "not a whole number"),
    ("-1", "negative"),
    ("#REF!", "Excel error #REF!"),
    ("#n/a", "Excel error #N/A"),
    ("9223372036854775808", "too large"),
])
def test_non_counts_are_refused_with_a_reason(text, reason):
    assert parse_count(text) is None
    assert reason in explain_count("headcount", text)


@pytest.mark.parametrize("column, text, expected", [
    ("service", "Adult", "adult"),
    ("service", "CHILDREN", "children"),
    ("pay_band", "70K_PLUS", "70k_plus"),
    ("senior_manager", "Yes", "yes"),
    ("source", "Managers", "managers"),
    ("ethnicity", "White: Irish", "white_irish"),
    ("ethnicity", "h", "asian_indian"),
    ("ethnicity", "Not Known", "not_known"),
    ("service", "adults", None),
    ("regulated", "y", None),
    ("pay_band", "70k+", None),
    ("ethnicity", "Indian", None),
    ("ethnicity", None, None),
])
def test_codes_accept_the_spec_spellings_only(column, text, expected):
    assert canonical_code(column, text) == expected


def test_code_explanations_list_the_choices_and_a_near_miss():
    assert explain_code("service", "adults") == (
        "service is not an allowed value (did you mean adult?); use one of: adult or children")
    assert "did you mean white_british?" in explain_code("ethnicity", "white_britsh")
    assert "blank" in explain_code("regulated", None)
    assert "Excel error #N/A" in explain_code("ethnicity", "#N/A")


@pytest.mark.parametrize("text, expected", [
    ("2024-03-31", dt.date(2024, 3, 31)),
    ("2024-02-30", None), ("31/03/2024", None), ("20240331", None), (None, None),
])
def test_dates_are_iso(text, expected):
    assert parse_iso_date(text) == expected


def test_control_characters_are_detected():
    assert has_control_characters("Leeds\nCity") and has_control_characters("a\x1b[31m")
    assert not has_control_characters("Ynys Môn – Isle of Anglesey")
