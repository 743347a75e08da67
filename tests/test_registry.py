"""The registry: one record per indicator and chapter, the lists derived from it, _quarto.yml
checked against it, and a tenth indicator registered end to end."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from scwres_helpers import codes, registry
from scwres_helpers.config import PROJ_ROOT, QUARTO_CONFIG
from scwres_helpers.indicators.counts import COUNT_FIELDS, band_column

# The spec's indicators (indicators.md), typed in by hand.
SPEC_IDS = ("1", "2", "3", "4", "5", "6", "7a", "7b", "8", "9")
SPEC_ADVERSE = {"2": "less_likely", "3": "more_likely", "4": "more_likely", "5": "less_likely",
                "6": "more_likely", "7a": "more_likely", "7b": "more_likely", "8": "more_likely",
                "9": "less_likely"}


def test_the_nine_indicators_of_the_spec():
    assert registry.ids() == codes.INDICATORS == SPEC_IDS
    assert registry.headline_ids() == SPEC_IDS[1:]
    assert registry.survey_ids() == ("6", "7a", "7b")
    assert {i: registry.adverse_direction(i) for i in SPEC_IDS[1:]} == SPEC_ADVERSE
    assert [c.page for c in registry.indicator_chapters()] == [f"indicator-{n}" for n in range(1, 10)]
    assert registry.chapter("indicator-7").indicators == ("7a", "7b")


def test_indicator_1_is_judged_per_band():
    assert registry.adverse_direction("1", "under_20k") == "more_likely"
    assert registry.adverse_direction("1", "70k_plus") == "less_likely"
    assert registry.adverse_direction("1", "30k_to_69k") is None
    assert registry.words("1", "70k_plus").to_outcome == "to be paid £70,000 or more"
    with pytest.raises(ValueError, match="indicator 1 needs a pay band"):
        registry.words("1")
    for band in (*codes.PAY_BANDS, *codes.REPORTING_BANDS):
        assert band in registry.BAND_PHRASES and band in registry.BAND_LABELS and band in registry.BAND_ADVERSE


def test_counts_named_by_the_registry_exist():
    for indicator in registry.indicators():
        outcome = band_column("70k_plus") if indicator.kind == registry.BANDS else indicator.outcome
        assert outcome in COUNT_FIELDS and indicator.at_risk in COUNT_FIELDS
        if indicator.kind == registry.EVENT:
            assert codes.TABLE_COUNTS[indicator.table] == indicator.table_counts


def test_the_return_tables_derive_from_the_event_indicators():
    # data-return.md, typed in by hand
    assert codes.DATA_TABLES == ("workforce", "recruitment", "disciplinary", "fitness_to_practise", "cpd",
                                 "leavers", "survey")
    assert codes.TABLE_COUNTS["recruitment"] == ("shortlisted", "appointed")
    assert codes.TABLE_KEYS["leavers"] == ("service", "ethnicity")


def test_unknown_ids_are_refused_with_the_known_ones():
    with pytest.raises(ValueError, match="unknown indicator '11'; expected one of 1, 2"):
        registry.indicator("11")
    with pytest.raises(ValueError, match="no national chapter 'indicator-11'"):
        registry.chapter("indicator-11")


def test_registering_late_is_refused():
    extra = registry.Indicator(
        id="late", name="Late", theme="x", kind=registry.EVENT, adverse=registry.LESS_LIKELY, outcome="late",
        at_risk="headcount", count_headers=("Staff", "Late"), definition=registry.Definition("a", "n", "m"),
        chapter="late", words=registry.band_words("70k_plus"), table="late", table_counts=("late",))
    with pytest.raises(registry.RegistryError, match="before importing the rest of scwres_helpers"):
        registry.register(extra)
    assert "late" not in registry.ids()


def _sidebar(items: list) -> dict[str, str]:
    pages = {}
    for item in items:
        if "section" in item:
            pages.update(_sidebar(item["contents"]))
        else:
            pages[Path(item["href"]).stem] = item["text"]
    return pages


def test_quarto_pages_and_titles_match_the_registry():
    site = yaml.safe_load(QUARTO_CONFIG.read_text(encoding="utf-8"))
    sidebar = _sidebar(site["website"]["sidebar"]["contents"])
    indicator_pages = {page: title for page, title in sidebar.items() if page.startswith("indicator-")}
    assert indicator_pages == {c.page: c.title for c in registry.indicator_chapters()}
    for chapter in registry.chapters():
        assert sidebar[chapter.page] == chapter.title
        assert f"{chapter.page}.ipynb" in site["project"]["render"]


@pytest.mark.slow
def test_a_tenth_indicator_registered_end_to_end(tmp_path):
    """tests/tenth_indicator.py registers indicator 10 (a new return table, its arithmetic
    by kind, a sample-data profile), generates returns with it, computes and reports."""
    from sample_data.plain_returns import canonical_tables, read_raw_tables, return_paths

    out = tmp_path / "returns"
    run = subprocess.run([sys.executable, str(Path(__file__).with_name("tenth_indicator.py")), str(out)],
                         capture_output=True, text=True, cwd=PROJ_ROOT, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout)
    assert result["data_tables"][-2:] == ["promotion", "survey"]
    assert len(result["valid"]) == 6  # every return, with its promotion table, passes validation

    # The national RL of promotion, worked out from the files themselves (not through intake).
    a = {"white": 0, "minoritised": 0}
    n = {"white": 0, "minoritised": 0}
    for path in return_paths(out, 2024):
        tables = canonical_tables(read_raw_tables(path))
        for table, counter, column in ((tables["promotion"], a, "promoted"), (tables["workforce"], n, "headcount")):
            for ethnicity, count in zip(table["ethnicity"], table[column]):
                group = codes.ETHNICITY_GROUP[ethnicity]
                side = "white" if group == "white" else "minoritised" if group in codes.MINORITISED_GROUPS else None
                if side:
                    counter[side] += int(count)
    row = result["national_row"]
    assert row["measure"] == "relative_likelihood"
    assert (row["numerator_group"], row["denominator_group"]) == (a["minoritised"], n["minoritised"])
    assert (row["numerator_white"], row["denominator_white"]) == (a["white"], n["white"])
    expected = (a["minoritised"] / n["minoritised"]) / (a["white"] / n["white"])
    assert row["value"] == pytest.approx(expected, rel=1e-12)
    assert 0.7 < row["value"] < 0.8  # calibrated to the profile's 0.75

    assert result["summary_indicators"][-1] == "10: Promotion"
    assert result["authority_heading"] == "## Indicator 10: Promotion"
    assert result["national_heading"] == "# 10. Promotion"
    assert list(result["chapter_titles"])[-5:] == ["indicator-10", "regions", "participation", "trends", "methodology"]
    assert "of the 10 relative likelihoods" in result["headline_words"]


def test_every_indicator_has_one_of_the_programmes_themes():
    # The programme's themes (issue 21), typed in by hand: leadership is metrics 1 and 9.
    assert [t.name for t in registry.THEMES] == ["Leadership", "Recruitment and progression",
                                                 "Discipline and regulation", "Development", "Harassment",
                                                 "Retention"]
    assert registry.theme_indicators() == {
        "leadership": ("1", "9"), "recruitment_progression": ("2",), "discipline_regulation": ("3", "4"),
        "development": ("5",), "harassment": ("6", "7a", "7b"), "retention": ("8",)}
    assert registry.theme_of("7b").name == "Harassment"
    with pytest.raises(ValueError, match="unknown theme 'x'; expected one of leadership"):
        registry.theme("x")


def test_an_indicator_with_an_unknown_theme_is_refused(monkeypatch):
    monkeypatch.setattr(registry, "_read", False)  # as before anything read the registry
    extra = registry.Indicator(
        id="odd", name="Odd", theme="progression", kind=registry.EVENT, adverse=registry.LESS_LIKELY,
        outcome="odd", at_risk="headcount", count_headers=("Staff", "Odd"),
        definition=registry.Definition("a", "n", "m"), chapter="odd", words=registry.band_words("70k_plus"),
        table="odd", table_counts=("odd",))
    with pytest.raises(registry.RegistryError, match="unknown theme 'progression'"):
        registry.register(extra)
    assert "odd" not in registry.ids()
