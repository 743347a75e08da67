"""The words around the published tables: method notes, shorthand codes, the cover.

Kept apart from the table builders so that the notes sheet, the CSV readers' page and
the methodology say the same thing in the same words.
"""

from __future__ import annotations

from collections.abc import Iterable

from scwres_helpers import codes
from scwres_helpers.disclosure.shorthand import CONFIDENTIAL, GSS_NOTES

SYNTHETIC_STATEMENT = (
    "Synthetic data: these tables are built from invented returns for fictional authorities; "
    "no figure describes a real council."
)
DEFAULT_PROGRAMME = "Social Care Workforce Race Equality Standard (SC-WRES)"
DEFAULT_PUBLISHER = "Skills for Care"


def gss_note(code: str, threshold: int) -> str:
    """The explanation of one shorthand code, with the threshold actually used."""
    text = GSS_NOTES[code]
    if code == CONFIDENTIAL:
        default = f"1 to {codes.DEFAULT_SUPPRESSION_THRESHOLD - 1} people"
        text = text.replace(default, f"1 to {threshold - 1} people")
    return text


def gss_note_id(code: str) -> str:
    """'[c]' -> 'shorthand_c' (a note reference gptables accepts)."""
    return "shorthand_" + code.strip("[]")


def method_notes(threshold: int) -> dict[str, str]:
    """Note id -> text, for every method note a table may refer to."""
    return {
        "relative_likelihood": (
            "Relative likelihood: the rate for the ethnic group divided by the rate for white "
            "staff, where a rate is the number with the outcome divided by the number counted. "
            "1 means equally likely; above 1, the group is more likely than white staff to have "
            "the outcome; below 1, less likely. The 95% interval uses the Katz log method; "
            "shares and percentages use the Wilson score interval."
        ),
        "assessment": (
            "Assessment: 'More likely' when the whole 95% interval is above 1, 'Less likely' when "
            "it is wholly below 1, otherwise 'No clear difference'; 'Not assessed' when there is no "
            "interval (for example when no one in the group had the outcome). 'Adverse' says that "
            "the difference is unfavourable to the group: being less likely to be appointed, to "
            "access CPD, to be paid £70,000 or more or to be a senior manager, or more likely to "
            "enter the disciplinary or fitness-to-practise process, to report harassment, to leave "
            "or to be paid under £30,000."
        ),
        "groups": (
            "Ethnic groups follow the 2021 Census categories. 'Minoritised' pools the Asian, "
            "Black, Mixed and Other ethnic groups; white staff (all White categories) are the "
            "reference. Staff whose ethnicity is not known or who preferred not to say are left "
            "out of every figure except the data-quality table."
        ),
        "pooled": (
            "National figures are calculated from the counts of every authority with a valid "
            "return added together; they are not averages of authorities' figures. Adult and "
            "children's services are added together for 'All services'."
        ),
        "pay_bands": (
            "Pay bands are full-time-equivalent annual salary. The reporting bands add pay bands "
            "together: under £30,000 (under £20,000 and £20,000 to £29,999) and £30,000 to "
            "£69,999 (the four bands from £30,000 to £69,999); £70,000 or more is already a band. "
            "Pay-band figures are published for all services together only."
        ),
        "survey": (
            "Staff survey: the percentage of respondents who reported at least one incident of "
            "harassment, bullying or abuse in the last 12 months from people who use services, "
            "their relatives or the public (indicator 6), colleagues (7a) or managers (7b). Only "
            "authorities that ran the survey are included; white staff's percentage is given for "
            "comparison and the relative likelihoods are in the indicators table."
        ),
        "trend": (
            "Participation changes from year to year, so a change in a national figure can "
            "reflect a change in which authorities took part as well as a change in their "
            "workforce."
        ),
        "distribution": (
            "Distribution across authorities: only figures that can be published for an authority "
            "are used; when exactly one authority's figure is withheld, the smallest other "
            "authority is left out too, so the withheld figure cannot be worked out from the "
            "national total. Quartiles and the median are calculated by linear interpolation "
            "between the ordered values. A clear adverse difference is an assessment of "
            "'adverse' (see the note on the assessment); for the middle pay bands neither "
            "direction is judged adverse."
        ),
        "suppression": (
            f"Disclosure control: a figure based on a count of 1 to {threshold - 1} people is "
            "withheld and shown as [c], together with every figure calculated from it. Further "
            "figures are withheld where a withheld count could otherwise be worked out by adding "
            "or subtracting published counts: from the minoritised group (the sum of the four "
            "groups), from all services (adult plus children), from the pay bands and their "
            "totals, or from another table in this release. Zeros are published."
        ),
        "rounding": (
            "Rounding: relative likelihoods and their intervals to 2 decimal places, rates "
            "(proportions between 0 and 1) to 4, shares to 3, percentages and percentage points "
            "to 1; halves are rounded away from zero. Counts are exact."
        ),
    }


def notes_for(note_ids: Iterable[str], gss_codes: Iterable[str], threshold: int) -> dict[str, str]:
    """The notes a workbook needs: the method notes its tables refer to, then each shorthand code used."""
    method = method_notes(threshold)
    chosen = {nid: method[nid] for nid in dict.fromkeys(note_ids)}
    for code in GSS_NOTES:
        if code in set(gss_codes):
            chosen[gss_note_id(code)] = gss_note(code, threshold)
    return chosen
