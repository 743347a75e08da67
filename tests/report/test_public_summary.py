"""The public summary's sections: what it says, from what, and what it never shows."""

import datetime as dt

from scwres_helpers.action_plan import plan_frame
from scwres_helpers.indicators.public import withhold
from scwres_helpers.report.blocks import blocks_markdown
from scwres_helpers.report.public_summary import SummaryInputs, summary_blocks
from scwres_helpers.returns import Governance

from .conftest import OWN_CODE, SECRET, SECRET_TEXTS, frame, row


def _rows():
    """Indicators 2 and 3 shown (3 adverse: interval above 1), 8 withheld with an adverse-looking
    secret (it must neither show nor count as a finding)."""
    rows = frame([
        row("2", value=0.9, lower=0.7, upper=1.2, counts=(40, 400, 100, 900)),
        row("3", value=1.37, lower=1.05, upper=1.79, counts=(40, 1000, 29, 1000)),
        row("8", value=SECRET["value"], lower=SECRET["lower"], upper=SECRET["upper"], counts=(3, 50, 2, 100),
            suppressed=True),
    ])
    return withhold(rows, rows["suppressed"].to_numpy())


def _action(action_id, public, action="Audit disciplinary cases"):
    return {"action_id": action_id, "indicator": "3", "action": action, "owner_role": "Head of HR",
            "start_date": dt.date(2023, 6, 1), "due_date": dt.date(2024, 6, 1), "target_measure": "relative_likelihood",
            "target_breakdown": "", "target_comparison": "at_most", "target_value": 1.25, "target_year": 2025,
            "status": "in_progress", "public": public}


def _summary(**changes):
    inputs = dict(authority_code=OWN_CODE, authority_name="Testshire County Council", year=2024, rows=_rows(),
                  governance=Governance(), plan=None, synthetic=False, published=None)
    return blocks_markdown(summary_blocks(SummaryInputs(**{**inputs, **changes})))


def test_the_title_names_the_authority_and_year_and_escapes_the_name():
    text = _summary(authority_name="<script>alert(1)</script> & Sons")
    first = text.splitlines()[0]
    assert first.startswith("# &lt;script&gt;alert\\(1\\)&lt;/script&gt; &amp; Sons: public summary")
    assert first.endswith(", 2024")
    assert "<script>" not in text


def test_sample_data_says_so_near_the_top_and_the_publication_date_is_given():
    text = _summary(synthetic=True, published=dt.date(2025, 3, 13))
    paragraphs = text.split("\n\n")
    assert paragraphs[1] == "Published 13 March 2025."
    assert paragraphs[2].startswith("> **Synthetic data.**")
    assert "Synthetic data" not in _summary()


def test_a_revised_summary_says_when_after_the_publication_date_and_not_why():
    notice = {"published": "2025-03-13", "revised": "2025-05-02", "reason": "the council's private reason",
              "national_as_of": "2025-03-13"}
    paragraphs = _summary(published=dt.date(2025, 3, 13), revision=notice).split("\n\n")
    assert paragraphs[1] == "Published 13 March 2025."
    assert paragraphs[2].startswith(">") and " ".join(paragraphs[2].replace(">", " ").split()) == (
        "**Revised.** This summary was revised on 2 May 2025, replacing the one published on 13 March 2025.")
    assert "private reason" not in " ".join(paragraphs)
    assert "Revised" not in _summary(published=dt.date(2025, 3, 13))


def test_roles_are_given_and_names_only_when_the_council_opts_in():
    roles_only = _summary(governance=Governance(executive_sponsor_role="Chief Executive",
                                                 staff_voice_lead_role="Chair, Staff Network",
                                                 executive_sponsor_name="Sam Example"))
    assert "- **Executive sponsor:** Chief Executive\n- **Staff-voice lead:** Chair, Staff Network" in roles_only
    assert "Sam Example" not in roles_only and "Programme lead" not in roles_only
    named = _summary(governance=Governance(executive_sponsor_role="Chief Executive", names_public=True,
                                           executive_sponsor_name="Sam Example"))
    assert "- **Executive sponsor:** Chief Executive (Sam Example)" in named
    assert "The council has not said who leads its SC-WRES work this year." in _summary()


def test_the_figures_show_what_may_be_shown_with_the_finding_from_those_only():
    text = _summary()
    assert "| 3: Entering the formal disciplinary process | 1.37 | 1.05 to 1.79 | More likely: adverse |" in text
    assert "| 8: Leaving the organisation | [c] | [c] | [c] |" in text
    # Indicator 3 is the one adverse figure shown; 8's secret interval (above 1) is not counted.
    assert ("The 95% intervals show an adverse difference for minoritised staff on 1 of the 9 relative "
            "likelihoods: entering the formal disciplinary process.") in text
    assert not any(secret in text for secret in SECRET_TEXTS)
    for count in ("| 40 ", "| 400 ", "| 1000 ", "| 50 "):  # no counts at all
        assert count not in text


def test_only_actions_marked_public_are_shown_with_their_text_escaped():
    plan = plan_frame([_action("A1", True, "Audit cases with the *staff network*"), _action("A2", False, "Secret")])
    text = _summary(plan=plan)
    assert "| A1 | 3: Entering the formal disciplinary process | Audit cases with the \\*staff network\\* |" in text
    assert "Secret" not in text and "A2" not in text
    none_public = _summary(plan=plan_frame([_action("A2", False)]))
    assert "The council has not published actions from its action plan this year." in none_public
    assert "The council has not published actions" in _summary(plan=None)
