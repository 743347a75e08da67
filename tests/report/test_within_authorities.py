"""The national RL within authorities (Mantel-Haenszel) beside the pooled headline, worked by hand."""

from __future__ import annotations

import pytest

from scwres_helpers.report.within_authorities import within_authorities, within_sentence

from .conftest import frame, row

# A: 40/200 vs 10/50 (RL 1); B: 5/50 vs 20/200 (RL 1); C: 15/100 vs 10/100 (RL 1.5).
STRATA = [("A", (40, 200, 10, 50)), ("B", (5, 50, 20, 200)), ("C", (15, 100, 10, 100))]


def _rows(strata=STRATA, headline_suppressed=False):
    # pooled: 60/350 vs 40/350 = 1.5
    rows = [row("5", value=1.5, lower=1.03, upper=2.19, counts=(60, 350, 40, 350), scope="national",
                authority_code="", suppressed=headline_suppressed)]
    rows += [row("5", value=(a / n) / (b / m), lower=0.5, upper=3, counts=(a, n, b, m), authority_code=code)
             for code, (a, n, b, m) in strata]
    table = frame(rows)
    return table, table.iloc[0]


def test_the_within_authorities_figure_and_its_robust_interval():
    # R_k = a n0 / T: 40x50/250 = 8, 5x200/250 = 4, 15x100/200 = 7.5 -> R = 19.5
    # S_k = b n1 / T: 10x200/250 = 8, 20x50/250 = 4, 10x100/200 = 5 -> S = 17; RL_MH = 1.147059
    # robust: 3/2 x [(8 - 1.147059x8)^2 + (4 - 1.147059x4)^2 + (7.5 - 1.147059x5)^2] / 19.5^2
    #   = 1.5 x (1.384083 + 0.346021 + 3.114187) / 380.25 = 0.0191096 -> SE 0.138238
    # t(0.975, 2) = 4.302653: 1.147059 x exp(-/+ 0.594787) = 0.632809 to 2.079213
    table, headline = _rows()
    result = within_authorities(table, headline, "5")
    assert result.relative_likelihood == pytest.approx(19.5 / 17, rel=1e-12)
    assert result.robust_ci_lower == pytest.approx(0.632809, abs=1e-6)
    assert result.robust_ci_upper == pytest.approx(2.079213, abs=1e-6)
    text = within_sentence(result, headline)
    assert text.startswith("Within authorities, the relative likelihood was 1.15 (95% interval 0.63 to 2.08).")
    assert "headline figure of 1.50 pools everyone" in text
    assert "times as much as chance" not in text  # phi = 0.38: nothing beyond chance to say


def test_nothing_beside_a_withheld_headline():
    table, headline = _rows(headline_suppressed=True)
    assert within_authorities(table, headline, "5") is None
    assert within_sentence(None, headline) == ""


def test_too_few_authorities_give_no_figure():
    table, headline = _rows(STRATA[:2])
    assert within_authorities(table, headline, "5") is None


def test_large_dispersion_is_said():
    # C becomes 60/100 vs 10/100 (RL 6): far from the others, so phi is well above 1.5
    strata = STRATA[:2] + [("C", (60, 100, 10, 100))]
    table, headline = _rows(strata)
    result = within_authorities(table, headline, "5")
    assert result.phi > 1.5
    assert "times as much as chance alone would make them" in within_sentence(result, headline)
