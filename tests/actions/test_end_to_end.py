"""Action plans over two hand-made years: returns -> areas for action, progress, report words.

One authority, 2023 and 2024, the intake fixture's valid return with every count x10
(so nothing but the rows chosen below is small). Worked by hand (minoritised = asian,
black; all services pooled):

- headcount: minoritised 200 + 150 + 100 = 450; white 600 + 300 = 900.
- 5 CPD: 100/450 vs 500/900 -> RL 0.40 (0.33 to 0.48); at the white rate 450 x 5/9 = 250
  would have accessed it: gap 150 more.
- 2 appointment, 2024: 50/390 vs 120/520 -> RL 0.556 (0.41 to 0.75); 390 x 120/520 = 90:
  gap 40 more. 2023 (asian appointed 20 not 30): 40/390 -> RL 0.444.
- 3 disciplinary: 40/450 vs 20/900 -> RL 4.0 (2.37 to 6.76); 40 - 450 x 20/900 = 30 fewer.
- 8 leaving: 60/450 vs 60/900 -> RL 2.0 (1.42 to 2.81); 60 - 30 = 30 fewer.
- 6 harassment from the public: 60/150 vs 100/400 -> RL 1.6 (1.23 to 2.07);
  60 - 150 x 0.25 = 22.5 fewer.
- 4 fitness to practise: minoritised referred 3 -> suppressed: too small to conclude.
- 9 senior managers: no minoritised senior manager, 0/450 vs 100/900 -> RL 0 with the
  adjusted-log interval (0.0006 to 0.16: RL* = (0.5/450.5)/(100.5/900.5) = 0.00994,
  SE* = 1.4166), a clear adverse difference; 450 x 100/900 = 50: gap 50 more.
"""

from __future__ import annotations

import copy

import pytest
from intake.conftest import CODE, VALID, set_cell, write_return  # tests/ is on sys.path (rootdir import)

from scwres_helpers.actions import areas_for_action, plan_progress
from scwres_helpers.bundles import authority_inputs_from_returns
from scwres_helpers.report.authority_sections import action_blocks
from scwres_helpers.report.blocks import block_text

PLAN_HEADER = ["action_id", "indicator", "action", "owner_role", "start_date", "due_date", "target_measure",
               "target_breakdown", "target_comparison", "target_value", "target_year", "status"]
PLAN_2023 = [
    PLAN_HEADER,
    ["A1", "3", "Audit disciplinary cases", "Head of HR", "2023-04-01", "2024-03-31",
     "relative_likelihood", "", "at_most", "1.25", "2024", "in_progress"],
    ["A2", "2", "Diverse interview panels", "Head of HR", "2023-04-01", "2024-03-31",
     "relative_likelihood", "", "at_least", "0.8", "2025", "in_progress"],
    ["A3", "4", "Review referrals", "Principal Social Worker", "2023-04-01", "2024-03-31",
     "relative_likelihood", "", "at_most", "1.25", "2024", "not_started"],
    ["A4", "5", "Ring-fence CPD funding", "Workforce lead", "2023-04-01", "2024-03-31",
     "relative_likelihood", "", "at_least", "0.3", "2024", "complete"],
    ["A5", "9", "=HYPERLINK(\"x\") <script>alert(1)</script>", "Head of HR", "2023-04-01", "2024-03-31",
     "share_minoritised", "", "at_least", "0.2", "2025", "dropped"],
    ["A6", "8", "Exit interviews", "Head of HR", "2023-04-01", "2024-03-31",
     "relative_likelihood", "", "at_most", "1.25", "2025", "in_progress"],
]


def _times_ten(tables: dict) -> dict:
    scaled = copy.deepcopy(tables)
    for table, rows in scaled.items():
        if table == "about":
            continue
        for row in rows[1:]:
            row[:] = [v * 10 if isinstance(v, int) else v for v in row]
    return scaled


def _year(year: int) -> dict:
    tables = _times_ten(VALID)
    set_cell(tables, "about", 3, "value", str(year))
    set_cell(tables, "about", 4, "value", f"{year - 1}-04-01")
    set_cell(tables, "about", 5, "value", f"{year}-03-31")
    set_cell(tables, "about", 6, "value", f"{year}-03-31")
    set_cell(tables, "fitness_to_practise", 2, "referred", 3)  # minoritised referrals: 3, suppressed
    if year == 2023:
        set_cell(tables, "recruitment", 2, "appointed", 20)  # asian appointed 20 (2024: 30)
        tables["action_plan"] = copy.deepcopy(PLAN_2023)
    return tables


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    root = tmp_path_factory.mktemp("returns")
    write_return(root, _year(2023), year=2023)
    write_return(root, _year(2024), year=2024)
    built = authority_inputs_from_returns(root, 2024, CODE)
    assert built.plan is None and built.plan_last_year is not None  # only 2023 sent a plan
    return built


def test_areas_are_ranked_by_evidence_then_distance_from_equality(inputs):
    # All adverse intervals (strength 1), so by |ln RL|: 9 (RL 0: as far as it gets),
    # 3 (ln 4.0 = 1.386), 5 (|ln 0.4| = 0.916), 8 (ln 2.0 = 0.693), 2 (|ln 0.556| = 0.588),
    # 6 (ln 1.6 = 0.470). The gaps in people would have put CPD (150) first.
    areas = areas_for_action(inputs.rows, inputs.national, 2024)
    assert [a.indicator for a in areas.ranked] == ["9", "3", "5", "8", "2", "6"]
    assert [a.gap_people for a in areas.ranked] == pytest.approx([50, 30, 150, 30, 40, 22.5])
    assert {a.strength for a in areas.ranked} == {1}  # every one has an adverse interval
    cpd = areas.ranked[2]
    assert cpd.value == pytest.approx(0.4)
    assert (cpd.ci_lower, cpd.ci_upper) == pytest.approx((0.3333, 0.4801), abs=5e-4)


def test_too_small_to_conclude_is_listed_not_ranked(inputs):
    areas = areas_for_action(inputs.rows, inputs.national, 2024)
    too_small = {a.indicator: a for a in areas.too_small}
    assert "4" in too_small and "9" not in too_small  # 9: a zero with strong evidence is assessed
    assert too_small["4"].value is None and too_small["4"].gap_people is None  # suppressed: no figure
    assert "4" not in {a.indicator for a in areas.ranked}


def test_last_year_s_targets_are_judged_on_this_year_s_figures(inputs):
    progress = plan_progress(inputs.plan_last_year, inputs.rows, 2024).set_index("action_id")
    assert progress["state"].to_dict() == {
        "A1": "not_met",  # RL 4.0 against at most 1.25 by 2024
        # 0.444 -> 0.556, toward at least 0.8 by 2025, but not clearly: SE^2 = (1/40 - 1/390 + 1/120
        # - 1/520) + (1/50 - 1/390 + 1/120 - 1/520) = 0.028846 + 0.023846; z = ln 1.25 / 0.229548 = 0.972
        "A2": "no_clear_progress",
        "A3": "cannot_assess",  # suppressed
        "A4": "met",  # 0.40 against at least 0.3
        "A5": "dropped",
        "A6": "no_clear_progress",  # 2.0 both years, target at most 1.25 by 2025
    }
    assert progress.loc["A4", "interval_on_target_side"]  # 0.33 to 0.48 is all above 0.3
    assert progress.loc["A2", "previous_value"] == pytest.approx(0.4444, abs=1e-4)


def test_the_report_says_it_in_words_with_plan_text_inert(inputs):
    text = "\n".join(block_text(b) for b in action_blocks(inputs))
    assert "## Areas for action" in text and "## Progress on last year's plan" in text
    assert "about 150 more" in text.lower()
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "\\=HYPERLINK" in text  # a leading = cannot start a formula
    assert "The collection template for 2025 suggests actions" in text  # no 2024 plan yet
