"""The authority report's sections, read as a reader would: words, figures, no leaks."""

from __future__ import annotations

import dataclasses
import re

import pytest

from scwres_helpers import codes, registry
from scwres_helpers.bundles import authority_inputs, load_tables
from scwres_helpers.config import SAMPLE_RETURNS_DIR
from scwres_helpers.disclosure.indicator_rows import published_value
from scwres_helpers.indicators.select import RL
from scwres_helpers.report import authority_sections as sections
from scwres_helpers.report.blocks import block_text
from scwres_helpers.report.chart import Chart
from scwres_helpers.report.national_blocks import figure_texts

YEAR = 2024
CODE_PATTERN = re.compile(r"\b[A-Z][0-9]{8}\b")


@pytest.fixture(scope="module")
def tables():
    return load_tables(SAMPLE_RETURNS_DIR, YEAR, codes.DEFAULT_SUPPRESSION_THRESHOLD)


@pytest.fixture(scope="module")
def codes_2024(tables):
    return sorted(tables.current.returns)


def all_blocks(inputs, params=None):
    params = params or {}
    blocks = sections.title_blocks(inputs, params) + sections.summary_blocks(inputs)
    for indicator in registry.ids():
        blocks += sections.indicator_blocks(inputs, indicator)
    blocks += sections.trend_blocks(inputs) + sections.data_quality_blocks(inputs)
    return blocks + sections.methodology_blocks(params)


def report_text(inputs) -> str:
    return "\n".join(block_text(b) for b in all_blocks(inputs))


def test_bundle_holds_only_this_authority(tables, codes_2024):
    code = codes_2024[0]
    inputs = authority_inputs(tables, code)
    assert set(inputs.rows["authority_code"]) == {code}
    assert set(inputs.national["authority_code"]) == {codes.NATIONAL}
    assert "authority_code" not in inputs.peers.columns
    assert not inputs.peers["suppressed"].any()


def test_no_other_authority_code_or_name_in_report(tables, codes_2024):
    names = {c: r.about.authority_name for c, r in tables.current.returns.items()}
    for code in codes_2024[:3]:
        text = report_text(authority_inputs(tables, code))
        assert set(CODE_PATTERN.findall(text)) == {code}
        for other, name in names.items():
            if other != code:
                assert name not in text, f"{other}'s name appears in {code}'s report"


def test_title_names_authority_and_synthetic_banner(tables, codes_2024):
    inputs = authority_inputs(tables, codes_2024[0])
    blocks = sections.title_blocks(inputs, {})
    assert blocks[0].startswith("# ") and str(YEAR) in blocks[0]
    assert sections.SYNTHETIC_BANNER in blocks
    real = dataclasses.replace(inputs, authority_code="E06000001")
    assert sections.SYNTHETIC_BANNER not in sections.title_blocks(real, {})


def test_hostile_name_is_escaped(tables, codes_2024):
    inputs = dataclasses.replace(
        authority_inputs(tables, codes_2024[0]),
        authority_name='<script>alert(1)</script> [click](javascript:x) =HYPERLINK("u")',
    )
    text = "\n".join(sections.title_blocks(inputs, {}))
    assert "<script>" not in text
    assert "&lt;script&gt;" in text
    assert "](javascript" not in text


def test_headline_sentence_uses_the_rows_figures(tables, codes_2024):
    code = codes_2024[0]
    inputs = authority_inputs(tables, code)
    rows = inputs.rows
    row = rows[(rows["year"] == YEAR) & (rows["indicator"] == "2") & (rows["service"] == "all")
               & (rows["group"] == "minoritised") & (rows["measure"] == "relative_likelihood")].iloc[0]
    text = "\n".join(block_text(b) for b in sections.indicator_blocks(inputs, "2"))
    if row["suppressed"]:
        assert "too small" in text
    else:
        assert f"{row['value']:.2f}" in text
        assert f"{row['ci_lower']:.2f} to {row['ci_upper']:.2f}" in text


def test_summary_lists_exactly_the_adverse_indicators(tables, codes_2024):
    for code in codes_2024:
        inputs = authority_inputs(tables, code)
        rows = inputs.rows
        headline = rows[(rows["year"] == YEAR) & (rows["service"] == "all") & (rows["group"] == "minoritised")
                        & (rows["measure"] == "relative_likelihood") & (rows["breakdown"] == "")
                        & ~rows["suppressed"]]
        adverse = [r.indicator for r in headline.itertuples()
                   if r.indicator in registry.headline_ids()
                   and r.assessment == codes.ADVERSE_DIRECTION[r.indicator]]
        finding = sections.summary_blocks(inputs)[1]
        if adverse:
            assert f"on {len(adverse)} of the 9" in finding
            for indicator in adverse:
                assert codes.INDICATOR_NAMES[indicator].lower() in finding
        else:
            assert finding.startswith("No relative likelihood shows a clear adverse difference")


def test_missing_survey_is_said_not_zero(tables, codes_2024):
    without = [c for c in codes_2024 if not tables.current.returns[c].has_survey]
    assert without, "the fixture should hold an authority without a survey"
    inputs = authority_inputs(tables, without[0])
    blocks = sections.indicator_blocks(inputs, "6")
    assert blocks[1] == "This indicator is not reported: no staff survey ran."


def test_trend_needs_two_years(tables, codes_2024):
    earlier = load_tables(SAMPLE_RETURNS_DIR, YEAR - 1, codes.DEFAULT_SUPPRESSION_THRESHOLD)
    joiners = [c for c in earlier.current.returns if c not in earlier.loaded[YEAR - 2].returns]
    assert joiners, "the fixture should hold an authority that joined after its first year"
    blocks = sections.trend_blocks(authority_inputs(earlier, joiners[0]))
    assert "first year with a valid return" in blocks[-1]
    veteran = next(c for c in codes_2024 if c in tables.loaded[YEAR - 2].returns)
    text = "\n".join(block_text(b) for b in sections.trend_blocks(authority_inputs(tables, veteran)))
    assert f"{YEAR - 2}, {YEAR - 1} and {YEAR}" in text


def test_load_authority_refuses_a_code_that_is_not_one():
    with pytest.raises(ValueError):
        sections.load_authority("../../etc", YEAR, str(SAMPLE_RETURNS_DIR), "", {})


def _rl_rows(inputs, indicator):
    rows = inputs.rows
    return ((rows["year"] == YEAR) & (rows["indicator"] == indicator) & (rows["measure"] == "relative_likelihood")
            & (rows["service"] == codes.ALL_SERVICES) & (rows["breakdown"].fillna("") == ""))


@pytest.mark.parametrize(("shown", "charted"), [(0, False), (1, False), (2, True), (5, True)])
def test_a_group_chart_needs_two_groups_with_a_figure(tables, codes_2024, shown, charted):

    inputs = authority_inputs(tables, codes_2024[0])
    rows = inputs.rows.copy()
    pick = rows.index[_rl_rows(inputs, "3")]
    assert len(pick) == 5  # minoritised and the four groups
    rows.loc[pick, "suppressed"] = True
    rows.loc[pick[:shown], "suppressed"] = False
    rows.loc[pick[:shown], ["value", "ci_lower", "ci_upper"]] = [1.5, 1.1, 2.0]
    blocks = sections.indicator_blocks(dataclasses.replace(inputs, rows=rows), "3")
    assert any(isinstance(b, Chart) for b in blocks) is charted
    assert any(isinstance(b, str) and b.startswith("Too few ethnic groups have a figure") for b in blocks) is not charted


def test_the_report_years_rows_are_filtered_once_per_report(tables, codes_2024):
    """own_rows and national_rows: the report year only, and the same frame each time."""
    inputs = authority_inputs(tables, codes_2024[0])
    assert set(inputs.rows["year"]) > {YEAR}  # the bundle holds earlier years too (for trends)
    own = sections.own_rows(inputs)
    assert set(own["year"]) == {YEAR} and set(own["authority_code"]) == {codes_2024[0]}
    assert len(own) == int((inputs.rows["year"] == YEAR).sum())
    assert sections.own_rows(inputs) is own
    national = sections.national_rows(inputs)
    assert set(national["year"]) == {YEAR} and set(national["scope"]) == {codes.NATIONAL}
    assert len(national) == int((inputs.national["year"] == YEAR).sum())
    assert sections.national_rows(inputs) is national
    # A changed copy of the inputs is filtered afresh, not answered from the original's memo.
    earlier = dataclasses.replace(inputs, year=YEAR - 1)
    assert set(sections.own_rows(earlier)["year"]) == {YEAR - 1}


def test_report_title_is_the_settings_title(tables, codes_2024):
    inputs = authority_inputs(tables, codes_2024[0])
    name = inputs.authority_name
    default = sections.title_blocks(inputs, {})[0]
    assert default == f"# Social Care Workforce Race Equality Standard: {name}, {YEAR}"
    chosen = sections.title_blocks(inputs, {"report_title": "Workforce race equality in Thistleshire"})[0]
    assert chosen == f"# Workforce race equality in Thistleshire: {name}, {YEAR}"


def _four_fifths_bands(chart: Chart) -> int:
    return len(chart.figure.findobj(lambda artist: artist.get_gid() == "four-fifths"))


@pytest.mark.parametrize("shown", [True, False])
def test_four_fifths_band_follows_the_setting(tables, codes_2024, shown):
    inputs = authority_inputs(tables, codes_2024[0])
    params = {"show_four_fifths_band": shown}
    charts = [b for b in sections.summary_blocks(inputs, params) + sections.indicator_blocks(inputs, "2", params)
              + sections.trend_blocks(inputs, params) if isinstance(b, Chart)]
    assert len(charts) >= 3
    assert all(_four_fifths_bands(c) == (1 if shown else 0) for c in charts)
    legends = [t for c in charts for t in figure_texts(c) if t.startswith("Four-fifths band")]
    assert bool(legends) is shown
    appendix = " ".join(sections.methodology_blocks(params))
    assert ("The shaded band from 0.80 to 1.25" in appendix) is shown


def test_trends_say_whether_each_change_is_clear(tables, codes_2024):
    veteran = next(c for c in codes_2024 if c in tables.loaded[YEAR - 1].returns)
    text = "\n".join(block_text(b) for b in sections.trend_blocks(authority_inputs(tables, veteran)))
    assert "given both years' numbers" in text
    assert "a change is called clear only when it is larger than chance allows" in text


def test_the_peers_values_are_worked_out_once_per_peers_file(tables, codes_2024, tmp_path, monkeypatch):
    from scwres_helpers.bundles import AuthorityInputs, write_shared_inputs

    shared = tmp_path / "shared"
    write_shared_inputs(tables.national_rows, tables.peers, tables.participation(), shared,
                        national_csv=tables.national_csv)
    for code in codes_2024[:2]:
        authority_inputs(tables, code).write(tmp_path / code, shared=shared)
    first, second = (AuthorityInputs.read(tmp_path / code) for code in codes_2024[:2])
    assert first.peers_key == second.peers_key is not None and first.peers is not second.peers

    real = sections.publishable_values
    indicator = next(i for i in registry.ids() if len(real(first.peers, i)) >= 2)
    expected = tuple(sorted(published_value(v, RL) for v in real(first.peers, indicator)))
    asked = []
    monkeypatch.setattr(sections, "publishable_values", lambda *a, **k: asked.append(a[1:]) or real(*a, **k))
    monkeypatch.setattr(sections, "_PEER_VALUES", {})
    answers = [sections._peers_published(inputs, indicator) for inputs in (first, second, first)]
    assert asked == [(indicator,)]  # the second report, and the first again, were answered from the first
    assert all(answer == expected for answer in answers)  # published (rounded), in order; a tuple

    changed = dataclasses.replace(second, peers=second.peers.iloc[1:], peers_key="another year's peers")
    sections._peers_published(changed, indicator)
    assert len(asked) == 2  # a different peers file is asked afresh
