"""The words for groups and services, from the phrasebook (``templates/phrases.yml``).

Sentences, chart labels and table headers all name a group or a service through here,
so the same thing is always called the same name. The words for indicators and pay
bands are facts of the indicators, in ``registry``.
"""

from __future__ import annotations

from scwres_helpers.codes import MINORITISED, REFERENCE_GROUP
from scwres_helpers.report.phrases import labels, say

GROUP_LABELS: dict[str, str] = labels("groups.label")
SERVICE_LABELS: dict[str, str] = labels("services.label")
_COMPARED = tuple(g for g in GROUP_LABELS if g != REFERENCE_GROUP)


def _compared(group: str) -> str:
    if group not in _COMPARED:
        raise ValueError(f"unknown group {group!r}")
    return group


def group_adjective(group: str) -> str:
    """The group inside a sentence: 'minoritised', 'Asian', 'Other ethnic group'."""
    return say("groups.member.minoritised") if group == MINORITISED else GROUP_LABELS[group]


def white_noun(noun: str) -> str:
    """The reference group: 'white applicants'; survey respondents are 'white respondents'."""
    return say("groups.white", noun=noun)


def group_noun(group: str, noun: str) -> str:
    """'minoritised applicants', 'Asian staff', 'staff from mixed or multiple ethnic groups'."""
    if group == REFERENCE_GROUP:
        return white_noun(noun)
    return say(f"groups.noun.{_compared(group)}", noun=noun)


def group_population(group: str, noun: str) -> str:
    """The people a share is taken of: the compared group plus white staff."""
    return say(f"groups.population.{_compared(group)}", noun=noun)


def group_member(group: str) -> str:
    """What a person of the group 'was': 'minoritised', 'Asian', 'from other ethnic groups'."""
    return say(f"groups.member.{_compared(group)}")


def service_suffix(service: str) -> str:
    """' in adult services' after 'staff'; '' for all services."""
    return say(f"services.suffix.{service}")
