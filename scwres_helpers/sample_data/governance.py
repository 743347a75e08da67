"""Governance for the sample returns: who leads the programme in each fictional authority.

Chosen from the authority's position alone (no random draw), so adding it left every
count and plan as it was. Most authorities give the three roles; every third also
publishes invented names (``governance_names_public`` yes); every fifth leaves the
optional fields out, as a council on an older template would.
"""

from __future__ import annotations

from scwres_helpers import codes

SPONSOR_ROLES = ("Director of Adult Social Services", "Chief Executive", "Director of Children's Services",
                 "Corporate Director, People")
LEAD_ROLES = ("Head of Workforce Development", "Assistant Director, HR and Organisational Development",
              "Principal Social Worker", "Equality, Diversity and Inclusion Manager")
STAFF_VOICE_ROLES = ("Chair, Black and Minoritised Staff Network", "Co-chair, Race Equality Network",
                     "Chair, Staff Equality Forum")
# Invented people (first name, surname), never real office holders.
FIRST_NAMES = ("Alex", "Sam", "Jordan", "Priya", "Tunde", "Morgan", "Aisha", "Chris", "Mei")
SURNAMES = ("Okafor", "Hughes", "Patel", "Lindqvist", "Mensah", "Byrne", "Khan", "Daley", "Wong")
NAMES_PUBLIC_EVERY = 3  # positions 0, 3, 6, ... publish names
NO_GOVERNANCE_EVERY = 5  # positions 4, 9, ... leave the fields out


def governance_fields(position: int) -> list[tuple[str, str]]:
    """(about field, value) rows of the authority at POSITION, in ``codes.ABOUT_FIELDS`` order."""
    if position % NO_GOVERNANCE_EVERY == NO_GOVERNANCE_EVERY - 1:
        return []
    roles = (SPONSOR_ROLES[position % len(SPONSOR_ROLES)], LEAD_ROLES[position % len(LEAD_ROLES)],
             STAFF_VOICE_ROLES[position % len(STAFF_VOICE_ROLES)])
    rows = list(zip(codes.ABOUT_ROLE_FIELDS, roles))
    names_public = position % NAMES_PUBLIC_EVERY == 0
    rows.append((codes.ABOUT_NAMES_PUBLIC_FIELD, "yes" if names_public else "no"))
    if names_public:
        rows += [(field, f"{FIRST_NAMES[(position + k) % len(FIRST_NAMES)]} "
                         f"{SURNAMES[(2 * position + k) % len(SURNAMES)]}")
                 for k, field in enumerate(codes.ABOUT_NAME_FIELDS)]
    return rows
