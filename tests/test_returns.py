"""The return's in-memory form: what a council's governance lets its public summary say."""

from scwres_helpers.returns import Governance


def test_roles_are_published_and_names_only_when_the_council_opts_in():
    governance = Governance(executive_sponsor_role="Chief Executive", programme_lead_role="Head of HR",
                            executive_sponsor_name="Sam Example", programme_lead_name="Alex Example")
    assert governance.published() == [("executive_sponsor", "Chief Executive", None),
                                      ("programme_lead", "Head of HR", None)]
    opted_in = Governance(executive_sponsor_role="Chief Executive", names_public=True,
                          executive_sponsor_name="Sam Example", staff_voice_lead_name="Jo Example")
    # The staff-voice lead has a name but no role: named, as the council chose.
    assert opted_in.published() == [("executive_sponsor", "Chief Executive", "Sam Example"),
                                    ("staff_voice_lead", None, "Jo Example")]


def test_nobody_given_publishes_nobody():
    assert Governance().published() == []
    assert Governance(names_public=True).published() == []
