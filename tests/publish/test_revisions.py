"""What a change of the national figures changed, in words (publish/revisions.py).

The two national tables are written here by hand; the expected changes are read off them."""

from __future__ import annotations

from scwres_helpers.publish.revisions import (
    describe_change,
    headline_changes,
    national_changes,
    revisions_markdown,
)

HEADER = "year,scope,authority_code,service,group,indicator,breakdown,measure,value,suppressed\n"
BEFORE = HEADER + (
    "2024,national,national,all,minoritised,2,,relative_likelihood,0.5214,false\n"  # shown 0.52
    "2024,national,national,adult,minoritised,2,,relative_likelihood,0.6049,false\n"  # shown 0.60
    "2024,national,national,all,minoritised,3,,relative_likelihood,1.8,false\n"
    "2024,national,national,all,asian,3,,relative_likelihood,2.0,true\n"
    "2024,authority,X12345678,all,minoritised,2,,relative_likelihood,0.9,false\n"
    "2023,national,national,all,minoritised,2,,relative_likelihood,0.7,false\n"
)
AFTER = HEADER + (
    "2024,national,national,all,minoritised,2,,relative_likelihood,0.5149,false\n"  # shown 0.51: changed
    "2024,national,national,adult,minoritised,2,,relative_likelihood,0.6001,false\n"  # shown 0.60: the same
    "2024,national,national,all,minoritised,3,,relative_likelihood,,false\n"  # now undefined
    "2024,national,national,all,asian,3,,relative_likelihood,2.5,true\n"  # withheld both times
    "2024,authority,X12345678,all,minoritised,2,,relative_likelihood,0.1,false\n"  # not a national figure
    "2023,national,national,all,minoritised,2,,relative_likelihood,0.1,false\n"  # another year
    "2024,national,national,children,minoritised,8,,relative_likelihood,1.25,false\n"  # new
)


def test_only_national_figures_of_the_year_that_differ_as_shown_are_changes():
    changes = national_changes(BEFORE, AFTER, 2024)
    assert [(c["indicator"], c["service"], c["before"], c["after"]) for c in changes] == [
        ("2", "all", "0.52", "0.51"),
        ("3", "all", "1.80", "[x]"),
        ("8", "children", "–", "1.25"),
    ]
    assert national_changes(BEFORE, BEFORE, 2024) == []


def test_headline_changes_are_all_services_minoritised_staff_and_are_described_in_words():
    headline = headline_changes(national_changes(BEFORE, AFTER, 2024))
    assert [describe_change(c) for c in headline] == [
        "indicator 2 (Appointment from shortlisting), relative likelihood: 0.52 -> 0.51",
        "indicator 3 (Entering the formal disciplinary process), relative likelihood: 1.80 -> [x]",
    ]


def test_revisions_page_states_the_policy_then_each_revision_newest_first():
    changes = national_changes(BEFORE, AFTER, 2024)
    page = revisions_markdown(2024, "2025-03-13", [
        {"date": "2025-04-01", "reason": "A council corrected its return.", "changes": changes},
        {"date": "2025-05-20", "reason": "A second correction.", "changes": []},
    ])
    assert "The national report for 2024 was published on 13 March 2025." in page
    assert "## Revisions policy" in page
    assert page.index("### 20 May 2025") < page.index("### 1 April 2025")
    assert "| 2. Appointment from shortlisting | relative likelihood | 0.52 | 0.51 |" in page
    assert "1 other national figure (by service" in page  # indicator 8 for children's services
    assert "no revisions since publication" not in page
    assert "There have been no revisions since publication." in revisions_markdown(2024, "2025-03-13", [])
