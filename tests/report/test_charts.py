"""Chart builders on hand-made rows: plotted numbers, words, suppression, no names."""

import matplotlib.text
import numpy as np
import pandas as pd
import pytest

from scwres_helpers.report import charts
from scwres_helpers.inference.funnel import LEVEL_998, judge_funnel

from .conftest import OWN_CODE, SECRET, SECRET_TEXTS, frame, row, summary_rows

OTHER_CODE = "E06000099"


def lines(chart, gid):
    """The (x, y) data of every line in the chart's axes with this gid."""
    return [line.get_xydata() for line in chart.figure.axes[0].lines if line.get_gid() == gid]


def all_plotted(chart) -> np.ndarray:
    """Every data coordinate drawn as a line or marker."""
    arrays = [line.get_xydata().ravel() for line in chart.figure.axes[0].lines]
    return np.concatenate(arrays) if arrays else np.array([])


def drawn_text(chart) -> str:
    return "\n".join(t.get_text() for t in chart.figure.findobj(matplotlib.text.Text))


def every_word(chart) -> str:
    """Title, subtitle, alt text, data and every piece of text drawn in the figure."""
    return "\n".join([chart.title, chart.subtitle, chart.alt_text, chart.data.to_string(), drawn_text(chart)])


def assert_nothing_secret(chart):
    words = every_word(chart)
    for text in SECRET_TEXTS:
        assert text not in words
    plotted = all_plotted(chart)
    for value in SECRET.values():
        assert not np.any(np.isclose(plotted, value))


def assert_no_codes(chart):
    words = every_word(chart)
    assert OWN_CODE not in words and OTHER_CODE not in words


def numeric(series: pd.Series) -> list[float]:
    return [float(v) for v in series if not isinstance(v, str)]


# --- summary --------------------------------------------------------------------------


@pytest.fixture
def summary():
    return charts.summary_dot_interval(frame(summary_rows()), "Testshire")


def test_summary_data_holds_the_plotted_numbers(summary):
    data = summary.data
    assert list(data["Indicator"]) == [
        "Appointment from shortlisting", "Formal disciplinary process", "Fitness-to-practise referral",
        "Funded non-mandatory CPD", "Harassment from the public", "Harassment from colleagues",
        "Harassment from managers", "Leaving the organisation", "Senior manager roles",
    ]
    assert list(data["Relative likelihood"]) == [0.52, 1.37, "[c]", 1.02, 0.0, "[x]", 1.91, 0.71, 0.55]
    assert list(data["Lower 95% limit"]) == [0.41, 1.05, "[c]", 0.91, "[x]", "[x]", 1.22, 0.55, 0.33]
    assert list(data["Upper 95% limit"]) == [0.66, 1.79, "[c]", 1.15, "[x]", "[x]", 2.99, 0.92, 0.92]
    estimates = sorted(float(xy[0, 0]) for xy in lines(summary, "estimate"))
    assert estimates == sorted([0.52, 1.37, 1.02, 1.91, 0.71, 0.55])
    intervals = sorted((float(xy[0, 0]), float(xy[1, 0])) for xy in lines(summary, "interval"))
    assert intervals == sorted([(0.41, 0.66), (1.05, 1.79), (0.91, 1.15), (1.22, 2.99), (0.55, 0.92),
                                (0.33, 0.92)])
    # The zero-events row is a hollow marker at the left edge of the log axis.
    (hollow,) = lines(summary, "estimate-no-interval")
    assert hollow[0, 0] == pytest.approx(summary.figure.axes[0].get_xlim()[0])
    assert data.loc[4, "Note"] == "no events in the compared group, so no interval"
    assert data.loc[5, "Note"] == "no events among white staff, so no value"


def test_summary_marks_adverse_differences_by_shape(summary):
    markers = {line.get_marker() for line in summary.figure.axes[0].lines if line.get_gid() == "estimate"}
    assert markers == {"o", "D"}
    adverse_x = sorted(float(line.get_xdata()[0]) for line in summary.figure.axes[0].lines
                       if line.get_gid() == "estimate" and line.get_marker() == "D")
    assert adverse_x == [0.52, 0.55, 1.37, 1.91]


def test_summary_words(summary):
    assert summary.title == "Clear adverse difference for minoritised staff on 4 of 9 indicators"
    assert summary.subtitle.startswith(
        "Relative likelihood of minoritised compared with white staff, Testshire, 2024, all services combined."
    )
    assert "95% interval" in summary.subtitle
    assert summary.alt_text.startswith(
        "Relative likelihood of minoritised compared with white staff for 9 indicators, Testshire, 2024. "
        "Appointment from shortlisting 0.52 (95% interval 0.41 to 0.66); Formal disciplinary process 1.37 "
        "(95% interval 1.05 to 1.79); Fitness-to-practise referral: too few people to publish;"
    )
    assert "Harassment from the public 0 (no events in the compared group, so no interval)" in summary.alt_text
    assert summary.alt_text.endswith(
        "The difference is clear and adverse for appointment from shortlisting, formal disciplinary "
        "process, harassment from managers and senior manager roles."
    )


def test_summary_shows_reference_line_band_and_log_scale(summary):
    ax = summary.figure.axes[0]
    assert ax.get_xscale() == "log"
    assert [p.get_gid() for p in ax.patches if p.get_gid()] == ["four-fifths"]
    assert "Four-fifths band (0.8 to 1.25)" in drawn_text(summary)
    reference = [line for line in ax.lines if line.get_gid() == "reference"]
    assert reference and set(reference[0].get_xdata()) == {1}


def test_summary_hides_suppressed_and_names_only_the_label(summary):
    assert_nothing_secret(summary)
    assert_no_codes(summary)
    assert "[c] too few people" in drawn_text(summary)


def test_summary_without_adverse_differences():
    rows = frame([row("5", value=1.02, lower=0.91, upper=1.15), row("8", value=0.71, lower=0.55, upper=0.92)])
    chart = charts.summary_dot_interval(rows, "Testshire")
    assert chart.title == "No clear adverse difference for minoritised staff on any of 2 indicators"
    assert chart.alt_text.endswith("No indicator shows a clear adverse difference.")


def test_summary_refuses_two_authorities():
    rows = frame(summary_rows() + [row("2", value=0.6, lower=0.5, upper=0.7, authority_code=OTHER_CODE)])
    with pytest.raises(ValueError):
        charts.summary_dot_interval(rows, "Testshire")


# --- groups and services --------------------------------------------------------------


def group_rows():
    return frame([
        row("3", group="minoritised", value=1.37, lower=1.05, upper=1.79),
        row("3", group="asian", value=0.92, lower=0.60, upper=1.40),
        row("3", group="black", value=2.10, lower=1.40, upper=3.20),
        row("3", group="mixed", suppressed=True, **SECRET),
        row("3", group="other", value=0.0, flag="zero_events"),
    ])


def national_group_rows():
    return frame([row("3", group=g, value=v, lower=v - 0.05, upper=v + 0.05, scope="national")
                  for g, v in [("minoritised", 1.40), ("asian", 1.10), ("black", 1.80), ("mixed", 1.30),
                               ("other", 1.20)]])


def test_groups_chart_data_and_markers():
    chart = charts.indicator_groups_chart(group_rows(), "3", national_group_rows())
    data = chart.data
    assert list(data["Ethnic group"]) == ["Minoritised", "Asian", "Black", "Mixed", "Other ethnic group"]
    assert list(data["Relative likelihood"]) == [1.37, 0.92, 2.10, "[c]", 0.0]
    assert list(data["National relative likelihood"]) == [1.40, 1.10, 1.80, 1.30, 1.20]
    assert sorted(float(xy[0, 0]) for xy in lines(chart, "estimate")) == [0.92, 1.37, 2.10]
    national = lines(chart, "national")
    assert sorted(float(xy[0, 0]) for xy in national) == [1.10, 1.20, 1.30, 1.40, 1.80]
    marker_shapes = {line.get_marker() for line in chart.figure.axes[0].lines if line.get_gid() == "national"}
    assert marker_shapes == {"s"}  # a second marker shape, not only a second colour
    assert chart.title == ("Formal disciplinary process: clear adverse difference for minoritised staff "
                           "and Black staff")
    assert "Mixed: too few people to publish" in chart.alt_text
    assert "National pooled values: Minoritised 1.40; Asian 1.10" in chart.alt_text
    assert_nothing_secret(chart)
    assert_no_codes(chart)


def test_groups_chart_without_national():
    chart = charts.indicator_groups_chart(group_rows(), "3")
    assert "National relative likelihood" not in chart.data.columns
    assert lines(chart, "national") == []
    assert "this authority, 2024" in chart.subtitle


def test_groups_chart_middle_pay_band_has_no_adverse_wording():
    rows = frame([row("1", breakdown="40k_to_49k", group=g, value=0.6, lower=0.4, upper=0.9)
                  for g in ("minoritised", "asian", "black", "mixed", "other")])
    chart = charts.indicator_groups_chart(rows, "1", breakdown="40k_to_49k")
    assert chart.title.startswith("Paid £40,000 to £49,999: clear difference for minoritised staff")
    assert lines(chart, "estimate") and all(
        line.get_marker() == "o" for line in chart.figure.axes[0].lines if line.get_gid() == "estimate")


def test_service_chart():
    rows = frame([
        row("2", service="all", value=0.52, lower=0.41, upper=0.66),
        row("2", service="adult", value=0.61, lower=0.45, upper=0.83),
    ])
    chart = charts.service_comparison_chart(rows, "2")
    assert list(chart.data["Service"]) == ["All services", "Adult services", "Children's services"]
    assert list(chart.data["Relative likelihood"]) == [0.52, 0.61, "[x]"]
    assert list(chart.data["Note"]) == ["", "", "not returned"]
    assert sorted(float(xy[0, 0]) for xy in lines(chart, "estimate")) == [0.52, 0.61]
    assert chart.title == ("Appointment from shortlisting: clear adverse difference in all services "
                           "combined and adult services")
    assert chart.alt_text.endswith("Children's services: not returned.")


# --- trend ----------------------------------------------------------------------------


def test_trend_chart():
    rows = frame([
        row("2", year=2024, value=0.52, lower=0.41, upper=0.66),
        row("2", year=2022, value=0.70, lower=0.50, upper=0.95),
        row("2", year=2023, suppressed=True, **SECRET),
    ])
    chart = charts.trend_chart(rows, "2", "Testshire")
    assert list(chart.data["Year"]) == [2022, 2023, 2024]
    assert list(chart.data["Relative likelihood"]) == [0.70, "[c]", 0.52]
    estimates = sorted((float(xy[0, 0]), float(xy[0, 1])) for xy in lines(chart, "estimate"))
    assert estimates == [(0.0, 0.70), (2.0, 0.52)]
    (joining,) = lines(chart, "trend-line")
    assert joining[0, 1] == 0.70 and np.isnan(joining[1, 1]) and joining[2, 1] == 0.52
    assert chart.title == "Appointment from shortlisting: relative likelihood 0.52 in 2024, compared with 0.70 in 2022"
    assert "2022 to 2024" in chart.subtitle
    assert "2023: too few people to publish" in chart.alt_text
    assert_nothing_secret(chart)
    assert_no_codes(chart)


def test_trend_chart_title_says_whether_the_change_from_last_year_is_clear():
    # 10/100 vs 40/100 (0.25) -> 40/100 vs 40/100 (1.00): z = ln 4 / sqrt(0.105 + 0.03) = 3.77
    rows = frame([row("2", year=2023, value=0.25, lower=0.13, upper=0.48, counts=(10, 100, 40, 100)),
                  row("2", year=2024, value=1.0, lower=0.71, upper=1.41, counts=(40, 100, 40, 100))])
    chart = charts.trend_chart(rows, "2", "Testshire")
    assert chart.title == ("Appointment from shortlisting: relative likelihood 1.00 in 2024, compared with "
                           "0.25 in 2023: clearly higher than last year")
    # 10/100 vs 20/100 (0.50) -> 20/100 vs 20/100 (1.00): z = ln 2 / sqrt(0.13 + 0.08) = 1.51
    rows = frame([row("2", year=2023, value=0.5, lower=0.25, upper=1.01, counts=(10, 100, 20, 100)),
                  row("2", year=2024, value=1.0, lower=0.58, upper=1.72, counts=(20, 100, 20, 100))])
    assert charts.trend_chart(rows, "2", "Testshire").title.endswith("compared with 0.50 in 2023: no clear change")


def test_trend_chart_latest_year_suppressed():
    rows = frame([row("8", year=2023, value=1.1, lower=0.9, upper=1.3),
                  row("8", year=2024, suppressed=True, **SECRET)])
    chart = charts.trend_chart(rows, "8", "England")
    assert chart.title == "Leaving the organisation: the 2024 figure is withheld (too few people)"
    assert_nothing_secret(chart)


# --- distribution ---------------------------------------------------------------------


def test_distribution_chart():
    # Authority codes in the index must never reach the chart.
    values = pd.Series([1.2, 0.2, 0.6, 0.4, 0.5], index=[OTHER_CODE, OWN_CODE, "E1", "E2", "E3"])
    chart = charts.distribution_chart(values, 0.5, "2", year=2024)
    data = chart.data
    # Sorted values, then the box statistics worked by hand (linear interpolation:
    # positions 1, 2, 3 of 0..4 fall on data points 0.4, 0.5, 0.6), then the highlight.
    assert list(data["Point"]) == ["Authority"] * 5 + ["Lower quartile", "Median", "Upper quartile", "This authority"]
    assert list(data["Relative likelihood"]) == pytest.approx([0.2, 0.4, 0.5, 0.6, 1.2, 0.4, 0.5, 0.6, 0.5])
    (dots,) = lines(chart, "authorities")
    assert sorted(dots[:, 0]) == pytest.approx([0.2, 0.4, 0.5, 0.6, 1.2])
    (highlight,) = lines(chart, "highlight")
    assert highlight[0, 0] == 0.5
    assert chart.title == "Appointment from shortlisting: relative likelihood below 1 at 4 of 5 authorities"
    assert chart.alt_text.startswith(
        "Relative likelihood of appointment from shortlisting across 5 authorities, 2024: median 0.50, "
        "quartiles 0.40 and 0.60, range 0.20 to 1.20. 4 authorities were below 1 and 1 above 1. "
        "This authority's value was 0.50. Of the 5 authorities with a value, 2 had a lower"
    )
    assert_no_codes(chart)
    # No labels other than the axis words, the direction hints and "This authority".
    assert set(t.get_text() for t in chart.figure.axes[0].texts) == {
        "◀ Less likely", "More likely ▶", "This authority"}


def test_distribution_direction_follows_the_indicator():
    chart = charts.distribution_chart(pd.Series([0.9, 1.3, 1.5]), None, "3")
    assert chart.title == "Formal disciplinary process: relative likelihood above 1 at 2 of 3 authorities"
    assert "This authority" not in chart.data["Point"].tolist()
    assert lines(chart, "highlight") == []


def test_distribution_zero_is_listed_not_drawn():
    chart = charts.distribution_chart(pd.Series([0.0, 0.5, 0.8]), None, "2")
    (dots,) = lines(chart, "authorities")
    assert sorted(dots[:, 0]) == [0.5, 0.8]
    assert chart.data.loc[0, "Note"] == "not drawn: 0 cannot be shown on a log scale"
    assert "1 authority has a value of 0, not drawn on the log scale." in chart.alt_text


# --- funnel ---------------------------------------------------------------------------

NATIONAL = (100, 1000, 400, 2000)  # p_g = 0.1, p_w = 0.2, pooled RL 0.5
Z_998 = 3.090232


def _funnel(units: list[tuple[int, int, int, int]]):
    counts = pd.DataFrame(units, columns=["numerator_group", "denominator_group", "numerator_white",
                                          "denominator_white"])
    return judge_funnel(counts, LEVEL_998, national=NATIONAL, overdispersion_test_level=None)


def test_funnel_plot_judges_zeros_by_their_chance_and_counts_only_the_outside():
    # Worked by hand at the national rates, 99.8% two-sided (|z| > 3.090232):
    # (10, 100, 40, 200): RL 0.5, s^2 = 0.9/10 + 0.8/40 = 0.11: within, precision 9.09.
    # (0, 10, 40, 200): a zero, P(0 of 10) = 0.9^10 = 0.35: within, s^2 = 0.9 + 0.02, precision 1.09.
    # (0, 100, 40, 200): a zero, P(0 of 100) = 0.9^100 = 2.7e-5 < 0.001: below.
    # (30, 100, 40, 200): RL 1.5, z = ln 3 / sqrt(0.11) = 3.31: above.
    chart = charts.funnel_plot(_funnel([(10, 100, 40, 200), (0, 10, 40, 200), (0, 100, 40, 200),
                                        (30, 100, 40, 200)]), "2", year=2024)
    assert chart.title == "Appointment from shortlisting: 2 of 4 authorities outside the 99.8% limits"
    points = chart.data[chart.data["Point"] == "Authority"]
    assert list(points["Precision"]) == ["1 to 3", "3 to 10", "3 to 10", "3 to 10"]
    assert list(points["Relative likelihood"]) == pytest.approx([0.0, 0.0, 0.5, 1.5])
    assert list(points["Position"]) == ["within the 99.8% limits", "below the 99.8% limits",
                                        "within the 99.8% limits", "above the 99.8% limits"]
    assert "2 outside the 99.8% limits (1 above, 1 below)" in chart.alt_text
    assert "2 authorities have a value of 0" in chart.alt_text and "1 of them is outside" in chart.alt_text
    assert not {"Number at risk", "numerator_group", "denominator_group"} & set(chart.data.columns)
    limits = chart.data[chart.data["Point"] == "99.8% limits"]
    # 7 points from 1 (the smallest listed) to 9.09 x 1.5 = 13.6, ratio 1.546, rounded: 1 2 2 4 6 9 14
    assert list(limits["Precision"]) == [1, 2, 4, 6, 9, 14]
    for precision, lower, upper in zip(limits["Precision"], limits["Lower 99.8% limit"],
                                       limits["Upper 99.8% limit"]):
        assert lower == pytest.approx(0.5 * np.exp(-Z_998 / np.sqrt(precision)), rel=1e-6)
        assert upper == pytest.approx(0.5 * np.exp(Z_998 / np.sqrt(precision)), rel=1e-6)
    (dots,) = lines(chart, "authorities")
    assert np.sort(dots, axis=0).ravel() == pytest.approx([1 / 0.11, 0.5, 1 / 0.11, 1.5])
    lower, upper = lines(chart, "limit-998")
    assert lower[50, 1] == pytest.approx(0.5 * np.exp(-Z_998 / np.sqrt(lower[50, 0])))
    ax = chart.figure.axes[0]
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert_no_codes(chart)
    # no labels on points: the only text drawn is the note on the zeros
    assert [t.get_text() for t in ax.texts] == ["▼ 2 at 0 (off the log scale), 1 outside the limits"]


def test_funnel_plot_all_within():
    chart = charts.funnel_plot(_funnel([(10, 100, 40, 200), (0, 10, 40, 200)]), "8")
    assert chart.title.endswith("all 2 authorities within the 99.8% limits")


# --- representation -------------------------------------------------------------------


def test_representation_chart():
    bands = ["under_20k", "20k_to_29k", "30k_to_39k", "40k_to_49k", "50k_to_59k", "60k_to_69k", "70k_plus"]
    shares = [0.20, 0.25, 0.22, 0.18, 0.15, 0.12, None]
    rows = [row("1", measure="share_minoritised", breakdown=b, value=s, lower=s - 0.03, upper=s + 0.035)
            for b, s in zip(bands[:-1], shares[:-1])]
    rows.append(row("1", measure="share_minoritised", breakdown="70k_plus", suppressed=True, **SECRET))
    rows.append(row("1", measure="share_minoritised", breakdown="below_30k", value=0.9, lower=0.8, upper=0.95))
    chart = charts.representation_chart(frame(rows))
    data = chart.data
    assert list(data["Pay band"]) == ["Under £20k", "£20k to £29k", "£30k to £39k", "£40k to £49k",
                                      "£50k to £59k", "£60k to £69k", "£70k or more"]
    assert numeric(data["Minoritised share (%)"]) == pytest.approx([20, 25, 22, 18, 15, 12])
    assert data["Minoritised share (%)"].iloc[-1] == "[c]"
    assert numeric(data["Lower 95% limit (%)"]) == pytest.approx([17, 22, 19, 15, 12, 9])
    assert sorted(float(xy[0, 0]) for xy in lines(chart, "estimate")) == pytest.approx([12, 15, 18, 20, 22, 25])
    assert chart.title == ("The minoritised share of staff was highest in the £20k to £29k band (25.0%) "
                           "and lowest in the £60k to £69k band (12.0%)")
    assert "Wilson" in chart.subtitle
    assert "£70k or more: too few people to publish" in chart.alt_text
    assert "90.0%" not in every_word(chart)  # reporting bands are not part of this chart
    words = every_word(chart)
    for text in ("321.7", "123.4", "876.5", "3.22"):
        assert text not in words
    assert_no_codes(chart)


def test_national_trend_says_how_many_authorities_each_year_pools():
    rows = frame([row("2", scope="national", year=2023, value=0.50, lower=0.45, upper=0.56),
                  row("2", scope="national", year=2024, value=0.52, lower=0.48, upper=0.57)])
    chart = charts.trend_chart(rows, "2", "all participating authorities (pooled)",
                               pooled_counts={2023: 23, 2024: 73})
    assert list(chart.data["Authorities pooled"]) == [23, 73]
    assert "2023 (23 authorities): 0.50 (95% interval 0.45 to 0.56)" in chart.alt_text
    assert "2024 (73 authorities): 0.52" in chart.alt_text
    ticks = [t.get_text() for t in chart.figure.axes[0].get_xticklabels()]
    assert ticks == ["2023\n23 authorities", "2024\n73 authorities"]


def test_distribution_says_on_the_chart_how_many_zeros_are_off_scale():
    chart = charts.distribution_chart(pd.Series([0.0, 0.0, 0.5, 0.8]), None, "2")
    assert "◀ 2 at 0 (off the log scale)" in drawn_text(chart)


def test_a_trend_with_no_number_in_any_year_has_a_picture_key():
    # Every year withheld: the picture is its ticks, the words in place of each number and
    # the band; who the authority is and its (secret) counts are not in it.
    def withheld(code: str, counts: tuple) -> pd.DataFrame:
        return frame([row("2", year=y, suppressed=True, counts=counts, authority_code=code) for y in (2022, 2023, 2024)])

    ours = charts.trend_chart(withheld(OWN_CODE, (1, 3, 2, 40)), "2", "Testshire")
    theirs = charts.trend_chart(withheld(OTHER_CODE, (2, 4, 3, 50)), "2", "Otherton")
    assert ours.picture_key == theirs.picture_key == (
        "trend without numbers", ("2022", "2023", "2024"), ("[c]\ntoo few people", "[c]\ntoo few people",
                                                              "[c]\ntoo few people"), True)
    two_years = charts.trend_chart(withheld(OWN_CODE, (1, 3, 2, 40)).iloc[1:], "2", "Testshire")
    assert two_years.picture_key[1] == ("2023", "2024")
    no_band = charts.trend_chart(withheld(OWN_CODE, (1, 3, 2, 40)), "2", "Testshire", band=False)
    assert no_band.picture_key[-1] is False


def test_a_trend_that_draws_a_number_has_no_picture_key():
    rows = frame([row("2", year=2023, suppressed=True, **SECRET), row("2", year=2024, value=0.52, lower=0.41, upper=0.66)])
    assert charts.trend_chart(rows, "2", "Testshire").picture_key is None
    no_interval = frame([row("2", year=2023, suppressed=True, **SECRET), row("2", year=2024, value=0.5)])
    assert charts.trend_chart(no_interval, "2", "Testshire").picture_key is None
