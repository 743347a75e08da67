"""The canonical action plan and the open actions carried into next year's workbook."""

import datetime as dt

from scwres_helpers import codes
from scwres_helpers.action_plan import empty_plan, open_actions, plan_frame


def action(action_id: str, status: str, indicator: str = "3") -> dict:
    return {
        "action_id": action_id, "indicator": indicator, "action": f"Action {action_id}",
        "owner_role": "Head of HR", "start_date": dt.date(2024, 4, 1), "due_date": dt.date(2025, 3, 31),
        "target_measure": "relative_likelihood", "target_breakdown": "", "target_comparison": "at_most",
        "target_value": 1.25, "target_year": 2025, "status": status,
    }


def test_plan_frame_has_the_contract_columns_and_types():
    plan = plan_frame([action("B", "in_progress"), action("A", "complete")])
    assert tuple(plan.columns) == codes.ACTION_PLAN_COLUMNS
    assert plan["action_id"].tolist() == ["A", "B"]  # sorted by id
    assert {str(plan[c].dtype) for c in codes.ACTION_PLAN_TEXT_COLUMNS} == {"str"}
    assert plan["start_date"].dtype == object and plan["start_date"].tolist() == [dt.date(2024, 4, 1)] * 2
    assert str(plan["target_value"].dtype) == "float64" and str(plan["target_year"].dtype) == "int64"


def test_a_missing_breakdown_is_an_empty_string():
    record = action("A", "complete")
    record["target_breakdown"] = None
    assert plan_frame([record])["target_breakdown"].tolist() == [""]


def test_empty_plan_is_typed():
    plan = empty_plan()
    assert len(plan) == 0 and tuple(plan.columns) == codes.ACTION_PLAN_COLUMNS
    assert str(plan["target_year"].dtype) == "int64"


def test_open_actions_leave_out_complete_and_dropped_in_id_order():
    plan = plan_frame([action("C", "not_started"), action("A", "complete"), action("D", "dropped"),
                       action("B", "in_progress")])
    shuffled = plan.iloc[[3, 1, 0, 2]]
    result = open_actions(shuffled)
    assert result["action_id"].tolist() == ["B", "C"]
    assert result["status"].tolist() == ["in_progress", "not_started"]
    assert list(result.index) == [0, 1]


def test_no_plan_has_no_open_actions():
    result = open_actions(None)
    assert len(result) == 0 and tuple(result.columns) == codes.ACTION_PLAN_COLUMNS
