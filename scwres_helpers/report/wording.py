"""The words for groups, services, pay bands and indicators, in one place.

Sentences, chart labels and table headers all take their phrasing from here so the
same thing is always called the same name.
"""

from __future__ import annotations

from dataclasses import dataclass

from scwres_helpers.codes import ADVERSE_DIRECTION, MINORITISED

GROUP_LABELS: dict[str, str] = {
    "minoritised": "Minoritised",
    "asian": "Asian",
    "black": "Black",
    "mixed": "Mixed",
    "other": "Other ethnic group",
    "white": "White",
}
SERVICE_LABELS: dict[str, str] = {
    "all": "All services",
    "adult": "Adult services",
    "children": "Children's services",
}
BAND_PHRASES: dict[str, str] = {
    "under_20k": "under £20,000",
    "20k_to_29k": "£20,000 to £29,999",
    "30k_to_39k": "£30,000 to £39,999",
    "40k_to_49k": "£40,000 to £49,999",
    "50k_to_59k": "£50,000 to £59,999",
    "60k_to_69k": "£60,000 to £69,999",
    "70k_plus": "£70,000 or more",
    "below_30k": "under £30,000",
    "30k_to_69k": "£30,000 to £69,999",
}
BAND_LABELS: dict[str, str] = {
    "under_20k": "Under £20k",
    "20k_to_29k": "£20k to £29k",
    "30k_to_39k": "£30k to £39k",
    "40k_to_49k": "£40k to £49k",
    "50k_to_59k": "£50k to £59k",
    "60k_to_69k": "£60k to £69k",
    "70k_plus": "£70k or more",
    "below_30k": "Under £30k",
    "30k_to_69k": "£30k to £69k",
}
# Indicator 1: being over-represented in a low band or under-represented in the top
# band is adverse; for the middle bands the direction alone says nothing either way.
BAND_ADVERSE_DIRECTION: dict[str, str | None] = {
    "under_20k": "more_likely",
    "20k_to_29k": "more_likely",
    "below_30k": "more_likely",
    "30k_to_39k": None,
    "40k_to_49k": None,
    "50k_to_59k": None,
    "60k_to_69k": None,
    "30k_to_69k": None,
    "70k_plus": "less_likely",
}


@dataclass(frozen=True)
class IndicatorWords:
    """How to talk about one indicator (for indicator 1, one pay band)."""

    short: str  # chart label, sentence case
    topic: str  # noun phrase inside a sentence: "appointment from shortlisting"
    noun: str  # who is at risk: "applicants"
    to_outcome: str  # "to be appointed from shortlisting"
    had_outcome: str  # "were appointed from shortlisting"
    of_outcome: str  # "of appointment from shortlisting" (after "relative likelihood")


_HARASSMENT = "harassment, bullying or abuse from "
_SOURCES = {
    "6": "people who use services, their relatives or the public",
    "7a": "colleagues",
    "7b": "managers",
}
_SHORT_SOURCES = {"6": "the public", "7a": "colleagues", "7b": "managers"}

INDICATOR_WORDS: dict[str, IndicatorWords] = {
    "2": IndicatorWords(
        "Appointment from shortlisting",
        "appointment from shortlisting",
        "applicants",
        "to be appointed from shortlisting",
        "were appointed from shortlisting",
        "of appointment from shortlisting",
    ),
    "3": IndicatorWords(
        "Formal disciplinary process",
        "entry to the formal disciplinary process",
        "staff",
        "to enter the formal disciplinary process",
        "entered the formal disciplinary process",
        "of entering the formal disciplinary process",
    ),
    "4": IndicatorWords(
        "Fitness-to-practise referral",
        "referral to fitness-to-practise",
        "regulated staff",
        "to be referred to a fitness-to-practise process",
        "were referred to a fitness-to-practise process",
        "of referral to a fitness-to-practise process",
    ),
    "5": IndicatorWords(
        "Funded non-mandatory CPD",
        "access to funded non-mandatory CPD",
        "staff",
        "to access funded non-mandatory continuing professional development",
        "accessed funded non-mandatory continuing professional development",
        "of accessing funded non-mandatory CPD",
    ),
    **{
        ind: IndicatorWords(
            f"Harassment from {_SHORT_SOURCES[ind]}",
            _HARASSMENT + source,
            "survey respondents",
            "to report " + _HARASSMENT + source,
            "reported " + _HARASSMENT + source,
            "of reporting " + _HARASSMENT + source,
        )
        for ind, source in _SOURCES.items()
    },
    "8": IndicatorWords(
        "Leaving the organisation",
        "leaving the organisation",
        "staff",
        "to leave the organisation",
        "left the organisation",
        "of leaving the organisation",
    ),
    "9": IndicatorWords(
        "Senior manager roles",
        "senior manager roles",
        "staff",
        "to be in a senior manager role",
        "were in a senior manager role",
        "of being in a senior manager role",
    ),
}


def indicator_words(indicator: str, breakdown: str = "") -> IndicatorWords:
    """The words for an indicator; indicator 1 needs its pay band (``breakdown``)."""
    if indicator == "1":
        if breakdown not in BAND_PHRASES:
            raise ValueError(f"indicator 1 needs a pay band, got {breakdown!r}")
        band = BAND_PHRASES[breakdown]
        return IndicatorWords(
            f"Paid {band}",
            f"pay {band}",
            "staff",
            f"to be paid {band}",
            f"were paid {band}",
            f"of being paid {band}",
        )
    if indicator not in INDICATOR_WORDS:
        raise ValueError(f"no relative likelihood wording for indicator {indicator!r}")
    return INDICATOR_WORDS[indicator]


def group_adjective(group: str) -> str:
    """The group inside a sentence: 'minoritised', 'Asian', 'Other ethnic group'."""
    return "minoritised" if group == MINORITISED else GROUP_LABELS[group]


def group_noun(group: str, noun: str) -> str:
    """'minoritised applicants', 'Asian staff', 'staff from mixed or multiple ethnic groups'."""
    if group == MINORITISED:
        return f"minoritised {noun}"
    if group in ("asian", "black"):
        return f"{GROUP_LABELS[group]} {noun}"
    if group == "white":
        return white_noun(noun)
    if group == "mixed":
        return f"{noun} from mixed or multiple ethnic groups"
    if group == "other":
        return f"{noun} from other ethnic groups"
    raise ValueError(f"unknown group {group!r}")


def white_noun(noun: str) -> str:
    """The reference group: 'white applicants'; survey respondents are 'white respondents'."""
    return "white respondents" if noun == "survey respondents" else f"white {noun}"


def group_population(group: str, noun: str) -> str:
    """The people a share is taken of: the compared group plus white staff."""
    if group == MINORITISED:
        return f"{noun} of known ethnicity"
    if group in ("asian", "black"):
        return f"{GROUP_LABELS[group]} and white {noun}"
    if group in ("mixed", "other"):
        return f"white {noun} and {group_noun(group, noun)}"
    raise ValueError(f"unknown group {group!r}")


def group_member(group: str) -> str:
    """What a person of the group 'was': 'minoritised', 'Asian', 'from other ethnic groups'."""
    return {
        "minoritised": "minoritised",
        "asian": "Asian",
        "black": "Black",
        "mixed": "from mixed or multiple ethnic groups",
        "other": "from other ethnic groups",
    }[group]


def adverse_direction(indicator: str, breakdown: str = "") -> str | None:
    """'more_likely' or 'less_likely' when that direction is adverse; None when neither is.

    For indicator 1 the direction depends on the pay band (see BAND_ADVERSE_DIRECTION);
    every other indicator follows ``codes.ADVERSE_DIRECTION``.
    """
    if indicator == "1":
        return BAND_ADVERSE_DIRECTION.get(breakdown)
    return ADVERSE_DIRECTION.get(indicator)


def capitalise(text: str) -> str:
    """First letter upper case, the rest untouched (keeps 'CPD', 'Asian')."""
    return text[:1].upper() + text[1:]
