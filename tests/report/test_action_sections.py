"""Report blocks for action plans: headings, tables, empty cases and hostile plan text."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from scwres_helpers.report.action_sections import (
    areas_for_action_blocks,
    current_plan_blocks,
    national_plan_blocks,
    plan_progress_blocks,
    untrusted_cell,
)
from scwres_helpers.report.blocks import TableBlock, block_text
from scwres_helpers.report.markdown_tables import markdown_table

from .conftest import SECRET, SECRET_TEXTS, frame, row

Y = 2025
HOSTILE = '<script>alert(1)</script> | =HYPERLINK("http://x","y")'


def plan(*actions: dict) -> pd.DataFrame:
    columns = ["action_id", "indicator", "action", "owner_role", "start_date", "due_date",
               "target_measure", "target_breakdown", "target_comparison", "target_value",
               "target_year", "status"]
    df = pd.DataFrame(list(actions), columns=columns)
    df["target_value"] = df["target_value"].astype(float)
    df["target_year"] = df["target_year"].astype("int64")
    return df


def action(action_id="A1", indicator="2", text="Blind shortlisting", value=0.8, year=Y,
           comparison="at_least", measure="relative_likelihood", status="in_progress", owner="HR lead"):
    return {"action_id": action_id, "indicator": indicator, "action": text, "owner_role": owner,
            "start_date": dt.date(2024, 4, 1), "due_date": dt.date(2025, 3, 31),
            "target_measure": measure, "target_breakdown": "", "target_comparison": comparison,
            "target_value": value, "target_year": year, "status": status}


def own_rows():
    return frame([
        row("2", value=0.85, lower=0.81, upper=0.90, counts=(85, 100, 100, 100), year=Y),
        row("3", value=3.0, lower=1.7213, upper=5.2285, counts=(30, 500, 20, 1000), year=Y),
        row("4", value=SECRET["value"], lower=SECRET["lower"], upper=SECRET["upper"],
            counts=(3, 50, 2, 100), suppressed=True, year=Y),
        row("5", value=0.5, lower=0.4046, upper=0.6179, counts=(100, 1000, 300, 1500), year=Y),
    ])


def tables(blocks):
    return [b for b in blocks if isinstance(b, TableBlock)]


def text(blocks):
    return "\n".join(block_text(b) for b in blocks)


# --- areas for action -----------------------------------------------------------------


def test_areas_blocks_rank_and_too_small():
    blocks = areas_for_action_blocks(own_rows(), frame([]), Y)
    assert blocks[0] == "## Areas for action"
    [table] = tables(blocks)
    assert table.caption == "Areas for action, strongest evidence first, 2025"
    # All three intervals are adverse, so by |ln RL|: disciplinary 3.00 (1.099), CPD 0.50
    # (0.693), appointment 0.85 (0.163); gaps 20, 100 and 100 - 85 = 15.
    assert table.frame["Area"].tolist() == ["Entering the formal disciplinary process",
                                            "Accessing funded non-mandatory CPD",
                                            "Appointment from shortlisting"]
    # Intervals (Newcombe), in people: CPD 100/1000 vs 300/1500, d = -0.1, Wilson (0.08291, 0.12015)
    # and (0.18054, 0.22100): -0.1 - sqrt(0.01709^2 + 0.02100^2) = -0.12707, -0.1 + sqrt(0.02015^2
    # + 0.01946^2) = -0.07198; x 1000: 72 to 127 more. Disciplinary: 9.7 to 32.7 (test_action_words).
    # Appointment 85/100 vs 100/100: Wilson (0.76716, 0.90694) and (0.96301, 1): -0.15 -
    # sqrt(0.08284^2 + 0) = -0.23284, -0.15 + sqrt(0.05694^2 + 0.03699^2) = -0.08210: 8 to 23.
    assert table.frame["Gap in people at the white rate"].tolist() == [
        "About 20 fewer (10 to 33)", "About 100 more (72 to 127)", "About 15 more (8 to 23)"]
    assert table.frame["Relative likelihood (95% interval)"].tolist() == ["3.00 (1.72 to 5.23)",
                                                                          "0.50 (0.40 to 0.62)",
                                                                          "0.85 (0.81 to 0.90)"]
    # Themes (registry.THEMES): CPD is development, disciplinary is discipline and
    # regulation, appointment is recruitment and progression; the sentence lists them in
    # the themes' order, not the ranks'.
    assert table.frame["Theme"].tolist() == ["Discipline and regulation", "Development",
                                             "Recruitment and progression"]
    assert blocks[3] == ("By theme, for the action plan: Recruitment and progression, 1 area (rank 3); "
                         "Discipline and regulation, 1 area (rank 1); Development, 1 area (rank 2).")
    assert "### 1. Entering the formal disciplinary process" in blocks
    assert "### To watch: too small or too uncertain to conclude" in blocks
    assert "Referral to fitness-to-practise" in text(blocks)
    for secret in SECRET_TEXTS:
        assert secret not in text(blocks)


def test_a_figure_only_worse_by_its_point_is_watched_not_ranked():
    """Appointment 0.85 (0.70 to 1.03) against a national 0.95 that lies inside its interval:
    no clear evidence, so no area for action and no suggested action: listed to watch."""
    rows = frame([row("2", value=0.85, lower=0.70, upper=1.03, counts=(85, 100, 100, 100), year=Y)])
    national = frame([row("2", value=0.95, lower=0.9, upper=1.0, scope="national", year=Y)])
    blocks = areas_for_action_blocks(rows, national, Y)
    assert tables(blocks) == []
    assert "### To watch: too small or too uncertain to conclude" in blocks
    assert "This is not clear evidence, so it is not an area for action; watch it next year." in text(blocks)


def test_areas_blocks_nothing_to_act_on():
    rows = frame([row("2", value=1.0, lower=0.9, upper=1.1, counts=(100, 1000, 100, 1000), year=Y)])
    blocks = areas_for_action_blocks(rows, frame([]), Y)
    assert tables(blocks) == []
    assert blocks[-1].startswith("No figure for 2025 meets these criteria")


# --- progress on last year's plan -----------------------------------------------------


def test_first_year_has_no_progress():
    assert plan_progress_blocks(None, own_rows(), Y) == [
        "## Progress on last year's plan",
        "No plan was returned last year (with the 2024 return), so there is no progress to report.",
    ]


def test_progress_table():
    last = plan(action("A1", "2"), action("A2", "4", value=1.25, comparison="at_most"),
                action("A3", "5", status="dropped"))
    blocks = plan_progress_blocks(last, own_rows(), Y)
    assert blocks[1] == ("Last year's plan (sent with the 2024 return) had 3 actions. Judged against "
                         "the 2025 figures: 1 met, 1 could not be assessed and 1 dropped.")
    [table] = tables(blocks)
    assert table.frame.columns.tolist() == ["Action", "Indicator", "What will be done", "Target",
                                            "Value in 2025 (95% interval)", "State"]
    assert table.frame["Value in 2025 (95% interval)"].tolist() == ["0.85 (0.81 to 0.90)", "[c]",
                                                                     "0.50 (0.40 to 0.62)"]
    assert table.frame["Target"].tolist()[0] == ("By 2025, minoritised applicants at least 0.80 times as likely "
                                                 "as white applicants to be appointed from shortlisting")
    assert table.frame["Indicator"].tolist()[0] == "2: Appointment from shortlisting"
    assert table.frame["State"].tolist() == ["Met (interval entirely at or above 0.80)",
                                             "Cannot assess: numbers too small to publish",
                                             "Dropped by the authority"]
    assert table.caption == "Progress on the actions of the 2024 plan, judged against the 2025 figures"
    for secret in SECRET_TEXTS:
        assert secret not in text(blocks)


def test_hostile_plan_text_is_inert():
    last = plan(action("A1", "2", text=HOSTILE, owner="=HYPERLINK(\"x\")"))
    for blocks in (plan_progress_blocks(last, own_rows(), Y), current_plan_blocks(last, Y)):
        [table] = tables(blocks)
        cell = table.frame["What will be done"].iloc[0]
        assert "<script>" not in cell and "&lt;script&gt;" in cell
        rendered = markdown_table(table.frame)
        assert "<script>" not in rendered
        # The pipe in the text does not add a cell: every line has as many separators.
        assert len({line.count(" | ") for line in rendered.splitlines() if not line.startswith("|:")}) == 1
    owner = tables(current_plan_blocks(last, Y))[0].frame["Owner (role)"].iloc[0]
    assert not owner.startswith("=")


@pytest.mark.parametrize("hostile", ["=HYPERLINK(\"http://x\",\"y\")", "@SUM(A1)", "+1", "-1", "[x](javascript:alert(1))"])
def test_untrusted_cell_never_starts_a_formula_or_link(hostile):
    cell = untrusted_cell(hostile)
    assert cell[:1] not in ("=", "@", "+", "-")
    assert "](" not in cell


# --- the plan sent with this year's return --------------------------------------------


def test_current_plan_none_sent():
    assert current_plan_blocks(None, Y) == [
        "## Action plan sent with the 2025 return",
        "No action plan was sent with the 2025 return. The collection template for 2026 suggests "
        "actions for the areas for action above; replace them with your own.",
    ]
    assert current_plan_blocks(plan(), Y)[1].startswith("No action plan was sent")


def test_current_plan_table():
    blocks = current_plan_blocks(plan(action("A1", "3", value=1.25, comparison="at_most", year=2027,
                                             status="not_started")), Y)
    assert blocks[1] == ("The plan has 1 action. Next year's report will judge each target against "
                         "the 2026 figures.")
    [table] = tables(blocks)
    first = table.frame.iloc[0]
    assert (first["Start"], first["Due"], first["Status"]) == ("2024-04-01", "2025-03-31", "Not started")
    assert first["Target"] == ("By 2027, minoritised staff at most 1.25 times as likely as white staff to "
                               "enter the formal disciplinary process")
    assert table.caption == "Actions in the plan sent with the 2025 return"


# --- national report ------------------------------------------------------------------


def summary(total_authorities: str = "6") -> pd.DataFrame:
    indicators = ["1", "2", "3", "4", "5", "6", "7a", "7b", "8", "9", "total"]
    zeros = {i: ["0"] * 6 for i in indicators}
    zeros["2"] = ["4", "4", "[c]", "[c]", "[c]", "[c]"]
    zeros["total"] = [total_authorities, "12", "10", "7", "[c]", "[c]"]
    data = [[i, *zeros[i]] for i in indicators]
    return pd.DataFrame(data, columns=["indicator", "authorities", "actions", "targets_due", "met",
                                       "not_met", "cannot_assess"])


def test_national_blocks_table():
    blocks = national_plan_blocks(summary(), Y)
    assert blocks[0] == "## Action plans"
    [table] = tables(blocks)
    assert table.frame.columns.tolist() == ["Indicator", "Authorities with at least one action", "Actions set",
                                            "Targets due by 2025", "Met", "Not met", "Could not be assessed"]
    assert table.frame["Indicator"].tolist()[1] == "2: Appointment from shortlisting"
    assert table.frame["Indicator"].tolist()[-1] == "Any indicator (total)"
    assert "fewer than 3 authorities is shown as [c]" in table.note
    assert table.caption == "Action plans sent with the 2024 returns and targets due by 2025, by indicator"


def test_national_blocks_without_plans():
    blocks = national_plan_blocks(summary("0"), Y)
    assert tables(blocks) == []
    assert blocks[-1] == "No authority sent an action plan with its 2024 return, so there is nothing to summarise."


def test_a_gap_interval_reaching_below_0_shows_both_ends_in_the_cell():
    # Appointment 20/100 vs 60/200: gap 10 more, interval -0.7 to 19.4 (tests/report/test_action_words.py)
    from scwres_helpers.report.action_words import gap_bounds_text

    assert gap_bounds_text(-0.68, 19.43) == "-1 to 19"
    assert gap_bounds_text(-0.4, 3.2) == "0 to 3"  # under half a person rounds to 0, unsigned
