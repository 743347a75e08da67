"""Next year's plan sheet pre-filled from last year's return and report."""

from __future__ import annotations

import shutil

import openpyxl
import pytest
from typer.testing import CliRunner

from scwres_helpers.cli import app
from scwres_helpers.collection.prefill import prefill_from_returns
from scwres_helpers.config import PROJ_ROOT

FIXTURE = PROJ_ROOT / "data" / "sample_returns"
CODE = "X07853579"  # its 2024 plan: 2023-01 and 2023-02 in progress (due by 2024), 2023-03 complete


@pytest.fixture
def returns(tmp_path):
    root = tmp_path / "returns"
    shutil.copytree(FIXTURE / "2023", root / "2023")
    shutil.copytree(FIXTURE / "2024", root / "2024")
    return root


def test_open_actions_are_carried_with_past_target_years_moved_on(returns):
    prefill = prefill_from_returns(returns, 2025, CODE)
    carried = prefill.plan.iloc[: prefill.carried]
    assert list(carried["action_id"]) == ["2023-01", "2023-02"]  # 2023-03 is complete
    assert list(carried["target_year"]) == [2025, 2025]  # were 2024: the 2025 sheet refuses a past year
    assert list(carried["status"]) == ["in_progress", "in_progress"]


def test_one_suggestion_per_ranked_area(returns):
    prefill = prefill_from_returns(returns, 2025, CODE)
    suggested = prefill.plan.iloc[prefill.carried:]
    # 2024: the only ranked area is indicator 3 (RL 3.88, interval 1.20 to 12.56).
    assert prefill.suggested == 1
    assert list(suggested["indicator"]) == ["3"]
    assert list(suggested["target_comparison"]) == ["at_most"]
    assert list(suggested["target_value"]) == [1.25]
    assert list(suggested["target_year"]) == [2026]


def test_no_valid_return_last_year_is_a_clear_error(returns):
    with pytest.raises(ValueError, match="X99999999 has no valid 2024 return"):
        prefill_from_returns(returns, 2025, "X99999999")


def test_the_cli_writes_the_prefilled_plan_sheet(returns, tmp_path):
    out = tmp_path / "2025.xlsx"
    result = CliRunner().invoke(app, ["template", "--year", "2025", "--out", str(out), "--authority", CODE,
                                      "--returns-root", str(returns)])
    assert result.exit_code == 0, result.output
    assert "2 open action(s) carried over from 2024, 1 suggested" in result.output
    sheet = openpyxl.load_workbook(out)["action_plan"]
    ids = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] is not None]
    assert ids == ["2023-01", "2023-02", "S1"]
    about = {row[0]: row[1] for row in openpyxl.load_workbook(out)["about"].iter_rows(values_only=True)}
    assert CODE in about.values()


def test_returns_root_needs_an_authority(returns, tmp_path):
    result = CliRunner().invoke(app, ["template", "--year", "2025", "--out", str(tmp_path / "x.xlsx"),
                                      "--returns-root", str(returns)])
    assert result.exit_code != 0
    assert "--returns-root needs --authority" in result.output


def test_carried_text_that_looks_like_a_formula_stays_inert(returns, tmp_path):
    """Issue 18, case 12: last year's action text copied without the quote prefix."""
    plan = returns / "2024" / CODE / "action_plan.csv"
    formula = '=HYPERLINK("http://example.org/x","click")'
    text = plan.read_text(encoding="utf-8")
    text = text.replace("Set up reverse mentoring between senior leaders and minoritised staff", f'"{formula.replace(chr(34), chr(34) * 2)}"')
    plan.write_text(text, encoding="utf-8")
    out = tmp_path / "2025.xlsx"
    result = CliRunner().invoke(app, ["template", "--year", "2025", "--out", str(out), "--authority", CODE,
                                      "--returns-root", str(returns)])
    assert result.exit_code == 0, result.output
    cell = openpyxl.load_workbook(out)["action_plan"]["C2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (formula, "s", True)


def test_a_name_given_on_the_command_line_follows_the_name_rule(returns, tmp_path):
    result = CliRunner().invoke(app, ["template", "--year", "2025", "--out", str(tmp_path / "t.xlsx"),
                                      "--authority", CODE, "--name", '=HYPERLINK("http://x","y")'])
    assert result.exit_code == 2 and "authority_name must be plain text" in result.output
    assert not (tmp_path / "t.xlsx").exists()
