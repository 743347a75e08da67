"""variables.yml: every published national figure under a readable key, as the tables publish it.

Hand-worked figures come from the hand-made national return of ``test_data_tables``
(recruitment: 40 minoritised shortlisted, 10 appointed; 100 white, 50 appointed); the
sample fixture is checked cell by cell against the CSV files the site publishes, read
back through the tables' own words, and each relative likelihood against its counts.
"""

from __future__ import annotations

import csv
import io
from decimal import ROUND_HALF_UP, Decimal

import pytest
import yaml

from scwres_helpers.publish.data_csv import csv_text
from scwres_helpers.publish.data_tables import data_tables
from scwres_helpers.publish.variables import (
    VariablesError,
    flattened,
    nested,
    percent_text,
    read_variables,
    update_variables,
    variables_yaml,
    write_variables,
    year_variables,
)

from .test_data_tables import hand_made_inputs, sample_inputs, sample_tables  # noqa: F401 - fixtures

KEY = "indicator_2.all_services.minoritised"


@pytest.fixture(scope="module")
def hand() -> dict[str, str]:
    return year_variables(hand_made_inputs(), 5)


@pytest.fixture(scope="module")
def sample(sample_inputs) -> dict[str, str]:  # noqa: F811 - the fixture above
    return year_variables(sample_inputs, 5)


def test_the_hand_worked_relative_likelihood_and_its_counts(hand):
    # RL = (10/40) / (50/100) = 0.50; Katz: SE = sqrt(1/10 - 1/40 + 1/50 - 1/100) = 0.2915,
    # so 0.50 x exp(-/+ 1.96 x 0.2915) = 0.28 to 0.89.
    assert {k.removeprefix(KEY + "."): v for k, v in hand.items() if k.startswith(KEY + ".")} == {
        "relative_likelihood": "0.50", "relative_likelihood_lower": "0.28", "relative_likelihood_upper": "0.89",
        "group_rate": "0.2500", "white_rate": "0.5000", "group_counted": "40", "group_with_outcome": "10",
        "white_counted": "100", "white_with_outcome": "50",
    }
    assert hand["year"] == "2024" and hand["authorities_pooled"] == "2"


def test_shares_have_a_percentage_twin_and_withheld_cells_say_c(hand):
    # £30k-£69k: minoritised 75 Asian + 65 Black + 10 Mixed + 3 Other = 153, white 350: 153/503 = 0.304.
    band = "indicator_1.all_services.minoritised.30k_to_69k"
    assert (hand[f"{band}.group_staff"], hand[f"{band}.white_staff"]) == ("153", "350")
    assert (hand[f"{band}.share"], hand[f"{band}.share_percent"]) == ("0.304", "30.4")
    # 3 staff of another ethnic group earn £30k-£39k: withheld, and so is Mixed, which would give it away.
    assert hand["headcount.30k_to_39k.other"] == "[c]" and hand["headcount.30k_to_39k.mixed"] == "[c]"
    assert hand["headcount.30k_to_39k.known"] == "503"
    assert hand["indicator_2.all_services.mixed.relative_likelihood"] == "[x]"  # nobody shortlisted


@pytest.mark.parametrize(("published", "percent"), [
    ("0.215", "21.5"), ("0.200", "20.0"), ("1.000", "100.0"), ("0.005", "0.5"), ("[c]", "[c]"), ("[x]", "[x]"),
])
def test_percent_text_moves_the_decimal_point_and_rounds_nothing(published, percent):
    assert percent_text(published) == percent


def test_every_sample_figure_is_the_published_csv_cell(sample, sample_inputs):  # noqa: F811
    services = {"All services": "all_services", "Adult services": "adult_services",
                "Children's services": "childrens_services"}
    groups = {"Minoritised": "minoritised", "Asian": "asian", "Black": "black", "Mixed": "mixed",
              "Other ethnic group": "other"}
    tables = {t.name: list(csv.DictReader(io.StringIO(csv_text(t)))) for t in data_tables(sample_inputs)}
    checked = 0
    for row in tables["national_indicators"]:
        node = f"indicator_{row['Indicator'].lower()}.{services[row['Service']]}.{groups[row['Ethnic group']]}"
        assert sample[f"{node}.relative_likelihood"] == row["Relative likelihood"]
        assert sample[f"{node}.relative_likelihood_upper"] == row["Upper 95% limit"]
        assert sample[f"{node}.group_counted"].replace(",", "") == row["Group: number counted"]
        checked += 1
    for row in tables["survey"]:
        node = f"indicator_{row['Indicator'].lower()}.{services[row['Service']]}.{groups[row['Ethnic group']]}"
        assert sample[f"{node}.percent"] == row["Group: percentage"]
        checked += 1
    for row in tables["data_quality"]:
        assert sample[f"data_quality.{services[row['Service']]}.share_unknown"] == \
            row["Share whose ethnicity is not known"]
        checked += 1
    assert checked == len(tables["national_indicators"]) + len(tables["survey"]) + len(tables["data_quality"]) > 150


def _rl(a_g: int, n_g: int, a_w: int, n_w: int) -> str:
    value = (Decimal(a_g) / Decimal(n_g)) / (Decimal(a_w) / Decimal(n_w))
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def test_each_published_sample_likelihood_is_what_its_published_counts_give(sample):
    nodes = {k.rsplit(".", 1)[0] for k in sample if k.startswith("indicator_") and k.endswith(".group_with_outcome")}
    shown = 0
    for node in sorted(nodes):
        cells = [sample[f"{node}.{c}"].replace(",", "") for c in
                 ("group_with_outcome", "group_counted", "white_with_outcome", "white_counted")]
        if "[c]" in cells or sample[f"{node}.relative_likelihood"] in ("[c]", "[x]") or "0" in cells[2:]:
            continue
        assert sample[f"{node}.relative_likelihood"] == _rl(*map(int, cells)), node
        shown += 1
    assert shown > 50


def test_counts_are_written_for_prose_and_trend_years_are_kept(sample):
    assert any("," in v for k, v in sample.items() if k.endswith("_counted"))
    assert sample["trend.year_2024.authorities_pooled"] == sample["authorities_pooled"] == "12"
    assert sample["trend.year_2023.indicator_2.relative_likelihood"] != ""
    assert sample["trend.year_2024.indicator_2.relative_likelihood"] == sample[f"{KEY}.relative_likelihood"]


def test_the_file_reads_back_as_written_and_is_quarto_shaped(sample, tmp_path):
    path = write_variables(sample, tmp_path / "variables.yml")
    assert read_variables(path) == sample
    tree = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert tree["indicator_2"]["all_services"]["minoritised"]["relative_likelihood"] == sample[f"{KEY}.relative_likelihood"]
    assert variables_yaml(sample) == path.read_text(encoding="utf-8")  # the same figures, the same bytes


def test_nested_keys_must_not_collide():
    assert flattened(nested({"a.b": "1", "a.c": "2"})) == {"a.b": "1", "a.c": "2"}
    with pytest.raises(VariablesError, match="both a figure and a group"):
        nested({"a.b.c": "1", "a.b": "2"})


def test_the_file_is_written_again_only_when_its_inputs_change(hand, tmp_path):
    bundle = tmp_path / "bundle.csv"
    bundle.write_text("one", encoding="utf-8")
    calls = []

    def inputs():
        calls.append(1)
        return hand_made_inputs()

    path = tmp_path / "variables.yml"
    first = update_variables(path, [bundle], 5, inputs)
    assert update_variables(path, [bundle], 5, inputs) == first and len(calls) == 1
    bundle.write_text("two", encoding="utf-8")
    assert update_variables(path, [bundle], 5, inputs) == first and len(calls) == 2
    update_variables(path, [bundle], 10, inputs)
    assert len(calls) == 3
