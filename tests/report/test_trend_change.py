"""This year's relative likelihood against last year's, tested: hand-worked z values."""

from __future__ import annotations

import math

import pytest

from scwres_helpers.report.trend_change import (
    CLEARLY_HIGHER,
    CLEARLY_LOWER,
    NO_CLEAR_CHANGE,
    change_sentence,
    latest_change,
    national_change,
    verdict_words,
)

from .conftest import frame, row


def _rl_row(counts, year, *, scope="authority", code="E09000001", suppressed=False):
    a_g, n_g, a_w, n_w = counts
    value = (a_g / n_g) / (a_w / n_w)
    return row("2", value=value, lower=value * 0.5, upper=value * 2, counts=counts, year=year,
               scope=scope, authority_code=code if scope == "authority" else "", suppressed=suppressed)


def test_a_doubling_on_small_numbers_is_no_clear_change():
    # 2023: 10/100 vs 20/100, RL 0.5, SE^2 = 1/10 - 1/100 + 1/20 - 1/100 = 0.13
    # 2024: 20/100 vs 20/100, RL 1,   SE^2 = 1/20 - 1/100 + 1/20 - 1/100 = 0.08
    # z = ln 2 / sqrt(0.21) = 0.693147 / 0.458258 = 1.5126 < 1.96
    found = latest_change(frame([_rl_row((10, 100, 20, 100), 2023), _rl_row((20, 100, 20, 100), 2024)]))
    assert found.change.z == pytest.approx(1.5125711536, rel=1e-8)
    assert found.verdict == NO_CLEAR_CHANGE
    assert (found.previous_year, found.year) == (2023, 2024)
    assert verdict_words(found) == "no clear change"
    assert change_sentence(found) == ("The change from 0.50 in 2023 to 1.00 in 2024 is within what chance "
                                      "allows, given both years' numbers: no clear change.")


def test_a_fourfold_rise_is_clearly_higher():
    # 2023: 10/100 vs 40/100, RL 0.25, SE^2 = 0.1 - 0.01 + 0.025 - 0.01 = 0.105
    # 2024: 40/100 vs 40/100, RL 1,    SE^2 = 0.025 - 0.01 + 0.025 - 0.01 = 0.03
    # z = ln 4 / sqrt(0.135) = 1.386294 / 0.367423 = 3.7730
    found = latest_change(frame([_rl_row((10, 100, 40, 100), 2023), _rl_row((40, 100, 40, 100), 2024)]))
    assert found.change.z == pytest.approx(3.7730153534, rel=1e-8)
    assert found.verdict == CLEARLY_HIGHER
    assert verdict_words(found) == "clearly higher than last year"
    assert change_sentence(found).startswith("At 1.00, the 2024 figure is clearly higher than the 2023 "
                                             "figure of 0.25")


def test_the_same_fall_is_clearly_lower():
    # the years swapped: z = -3.7730
    found = latest_change(frame([_rl_row((40, 100, 40, 100), 2023), _rl_row((10, 100, 40, 100), 2024)]))
    assert found.change.z == pytest.approx(-3.7730153534, rel=1e-8)
    assert found.verdict == CLEARLY_LOWER


def test_no_verdict_across_a_gap_or_with_a_withheld_year():
    gap = frame([_rl_row((10, 100, 40, 100), 2022), _rl_row((40, 100, 40, 100), 2024)])
    assert latest_change(gap) is None  # 2022 is not last year
    withheld = frame([_rl_row((10, 100, 40, 100), 2023, suppressed=True), _rl_row((40, 100, 40, 100), 2024)])
    assert latest_change(withheld) is None
    assert change_sentence(None) == ""
    assert latest_change(frame([_rl_row((10, 100, 40, 100), 2024)])) is None


def test_a_change_of_membership_gets_the_same_authorities_comparison():
    # A1 and A2 take part both years; B only in 2023, C only in 2024.
    # 2023: A1 = A2 = 5/50 vs 20/50; B = 50/100 vs 10/100. National 60/200 vs 50/200 = 1.2
    # 2024: A1 = A2 = 20/50 vs 20/50; C = 10/100 vs 50/100. National 50/200 vs 90/200 = 0.5556
    # National: SE^2 = (1/60 - 1/200 + 1/50 - 1/200) + (1/50 - 1/200 + 1/90 - 1/200)
    #   = 0.026667 + 0.021111 = 0.047778; z = ln(0.5556 / 1.2) / 0.218581 = -0.770108 / 0.218581 = -3.5232
    # Same authorities (A1 + A2): 10/100 vs 40/100 (0.25) -> 40/100 vs 40/100 (1): z = +3.7730 (above)
    national = frame([_rl_row((60, 200, 50, 200), 2023, scope="national"),
                      _rl_row((50, 200, 90, 200), 2024, scope="national")])
    authorities = frame([
        _rl_row((5, 50, 20, 50), 2023, code="A1"), _rl_row((5, 50, 20, 50), 2023, code="A2"),
        _rl_row((50, 100, 10, 100), 2023, code="B"),
        _rl_row((20, 50, 20, 50), 2024, code="A1"), _rl_row((20, 50, 20, 50), 2024, code="A2"),
        _rl_row((10, 100, 50, 100), 2024, code="C"),
    ])
    found = national_change(national, authorities)
    assert found.change.z == pytest.approx(math.log((50 / 90) / 1.2) / math.sqrt(0.047777777777), rel=1e-8)
    assert found.change.z == pytest.approx(-3.5232, abs=1e-4)
    assert found.verdict == CLEARLY_LOWER
    assert found.same.authorities == 2 and found.same.left_out == 2
    assert found.same.change.z == pytest.approx(3.7730153534, rel=1e-8)
    assert (found.same.previous_value, found.same.value) == pytest.approx((0.25, 1.0))
    assert change_sentence(found).endswith(
        "Comparing only the 2 authorities that took part in both years (2 took part in only one), "
        "the figure went from 0.25 to 1.00: clearly higher than last year.")


def test_the_same_authorities_give_no_second_comparison():
    national = frame([_rl_row((10, 100, 40, 100), 2023, scope="national"),
                      _rl_row((40, 100, 40, 100), 2024, scope="national")])
    authorities = frame([_rl_row((5, 50, 20, 50), 2023, code="A1"), _rl_row((5, 50, 20, 50), 2023, code="A2"),
                         _rl_row((20, 50, 20, 50), 2024, code="A1"), _rl_row((20, 50, 20, 50), 2024, code="A2")])
    found = national_change(national, authorities)
    assert found.same is None and found.verdict == CLEARLY_HIGHER
