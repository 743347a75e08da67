"""Blocks, settings, loading and the chapter opening of the national report."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from scwres_helpers.config import QUARTO_CONFIG, SAMPLE_RETURNS_DIR
from scwres_helpers.report.charts import distribution_chart
from scwres_helpers.report.national_blocks import (
    CHAPTER_TITLES,
    SYNTHETIC_BANNER_TEXT,
    NationalSettings,
    TableBlock,
    chapter_opening,
    figure_texts,
    headings,
    is_synthetic,
    load_national,
    pooled_counts,
    public_text,
    split_opening,
)
from .national_support import assert_public, sample_inputs

BANNER = ("Synthetic data: this report is built from invented returns for fictional authorities; "
          "no figure describes a real council.")


@pytest.fixture(scope="module")
def inputs():
    return sample_inputs()


def test_banner_text_is_the_agreed_sentence():
    assert SYNTHETIC_BANNER_TEXT == BANNER


def test_settings_defaults_and_given_values():
    default = NationalSettings.from_params({})
    assert (default.suppression_threshold, default.programme_name, default.publisher, default.synthetic_data) == (
        5, "Social Care Workforce Race Equality Standard (SC-WRES)", "Skills for Care", None)
    given = NationalSettings.from_params({"suppression_threshold": 7, "programme_name": "P", "publisher": "Q",
                                          "synthetic_data": False, "authorities_named": False})
    assert (given.suppression_threshold, given.programme_name, given.publisher, given.synthetic_data) == (
        7, "P", "Q", False)
    assert NationalSettings.from_params(None) == default


def test_chapter_titles_match_the_quarto_sidebar():
    config = yaml.safe_load(QUARTO_CONFIG.read_text(encoding="utf-8"))

    def entries(items):
        for item in items:
            if "contents" in item:
                yield from entries(item["contents"])
            else:
                yield item["href"].removesuffix(".ipynb").removesuffix(".qmd"), item["text"]

    sidebar = dict(entries(config["website"]["sidebar"]["contents"]))
    sidebar.pop("downloads")  # the pages the build writes, not chapters
    sidebar.pop("revisions")
    assert sidebar == CHAPTER_TITLES


def test_load_national_computes_when_no_bundle(inputs):
    loaded = load_national(2024, SAMPLE_RETURNS_DIR, "", {"suppression_threshold": 5})
    assert loaded.year == 2024
    pd.testing.assert_frame_equal(loaded.participation, inputs.participation)
    assert len(loaded.indicators) == len(inputs.indicators)


def test_load_national_threshold_comes_from_params(inputs):
    higher = load_national(2024, SAMPLE_RETURNS_DIR, "", {"suppression_threshold": 12})
    assert higher.indicators["suppressed"].sum() > inputs.indicators["suppressed"].sum()


def test_load_national_reads_a_bundle_and_refuses_another_year(inputs, tmp_path):
    inputs.write(tmp_path / "bundle")
    read = load_national(2024, "/nonexistent", str(tmp_path / "bundle"), {})
    assert read.year == 2024 and len(read.indicators) == len(inputs.indicators)
    with pytest.raises(ValueError, match="2024, not 2023"):
        load_national(2023, "/nonexistent", str(tmp_path / "bundle"), {})


def test_synthetic_from_codes_unless_the_settings_say(inputs):
    assert is_synthetic(inputs, NationalSettings())
    assert not is_synthetic(inputs, NationalSettings(synthetic_data=False))
    real = sample_inputs()
    real.indicators["authority_code"] = real.indicators["authority_code"].str.replace("X", "E", regex=False)
    assert not is_synthetic(real, NationalSettings())
    assert is_synthetic(real, NationalSettings(synthetic_data=True))


def test_opening_is_title_then_banner_then_what_the_report_is(inputs):
    blocks = chapter_opening("trends", inputs, NationalSettings(publisher="Pub", programme_name="Prog"))
    assert blocks[0] == "# Trends over years"
    assert BANNER in blocks[1] and blocks[1].startswith(">")
    assert blocks[2].startswith("Prog: national report for 2024, published by Pub.")
    assert "pool the returns of 12 authorities" in blocks[2]


def test_opening_without_banner_when_not_synthetic(inputs):
    blocks = chapter_opening("index", inputs, NationalSettings(synthetic_data=False))
    assert blocks[0] == "# Overview and key findings"
    assert not any(BANNER in b for b in blocks)


def test_pooled_counts_per_year(inputs):
    assert pooled_counts(inputs) == {2022: 10, 2023: 12, 2024: 12}


def test_split_opening_cuts_before_the_first_section():
    blocks = ["# T", "> banner", "lead", "## A", "text", "## B"]
    assert split_opening(blocks) == (["# T", "> banner", "lead"], ["## A", "text", "## B"])
    assert split_opening(["# T", "x"]) == (["# T", "x"], [])


def test_headings_reads_levels_in_order():
    assert headings(["# A", "text\n## B\nmore", "### C"]) == [(1, "A"), (2, "B"), (3, "C")]
    assert headings(["not # a heading", "#no space"]) == []


def test_public_text_of_a_table_has_caption_note_and_cells():
    table = TableBlock(pd.DataFrame({"Year": ["2024"], "N": ["[c]"]}), "Caption here", "A note")
    text = public_text(table)
    assert "Caption here" in text and "A note" in text and "[c]" in text


def test_public_text_of_a_chart_includes_what_is_drawn_and_its_data():
    chart = distribution_chart(pd.Series([0.5, 1.0, 2.0]), None, "2", year=2024)
    text = public_text(chart)
    assert "◀ Less likely" in figure_texts(chart)  # drawn in the figure only
    assert "◀ Less likely" in text and chart.alt_text in text and "Lower quartile" in text


def test_the_leak_check_itself_catches_a_suppressed_value(inputs):
    """assert_public must fail on a chart drawn from every authority value, suppressed ones too."""
    t = inputs.indicators
    rows = t[(t["year"] == 2024) & (t["scope"] == "authority") & (t["indicator"] == "2")
             & (t["measure"] == "relative_likelihood") & (t["group"] == "minoritised") & (t["service"] == "all")]
    assert rows["suppressed"].any()
    leaky = distribution_chart(rows["value"].dropna(), None, "2", year=2024)
    with pytest.raises(AssertionError):
        assert_public([leaky], inputs)
    with pytest.raises(AssertionError):
        assert_public([f"Authority {rows['authority_code'].iloc[0]}"], inputs)
