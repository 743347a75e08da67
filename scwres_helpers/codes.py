"""The vocabulary of the data return: categories, groups, bands, tables and columns.

Everything here is transcribed from ``shared/spec/data-return.md`` and
``shared/spec/indicators.md`` so that no other module invents its own list. The
indicators, and the return tables their events are counted in, come from
``registry``: the lists below are derived from it.
"""

from __future__ import annotations

import re

from scwres_helpers import registry

AUTHORITY_CODE_PATTERN = re.compile(r"^[A-Z][0-9]{8}$")

SERVICES = ("adult", "children")
ALL_SERVICES = "all"
REPORTING_SERVICES = (ALL_SERVICES, *SERVICES)

# ONS 2021 census categories, in the spec's order, with their high-level group.
ETHNICITY_GROUP: dict[str, str] = {
    "white_british": "white",
    "white_irish": "white",
    "white_gypsy_traveller": "white",
    "white_roma": "white",
    "white_other": "white",
    "mixed_white_black_caribbean": "mixed",
    "mixed_white_black_african": "mixed",
    "mixed_white_asian": "mixed",
    "mixed_other": "mixed",
    "asian_indian": "asian",
    "asian_pakistani": "asian",
    "asian_bangladeshi": "asian",
    "asian_chinese": "asian",
    "asian_other": "asian",
    "black_african": "black",
    "black_caribbean": "black",
    "black_other": "black",
    "other_arab": "other",
    "other_any": "other",
    "not_known": "unknown",
    "prefer_not_to_say": "unknown",
}
ETHNICITIES = tuple(ETHNICITY_GROUP)

REFERENCE_GROUP = "white"
UNKNOWN_GROUP = "unknown"
MINORITISED_GROUPS = ("asian", "black", "mixed", "other")
MINORITISED = "minoritised"
# Compared groups in the order of the indicators table.
COMPARED_GROUPS = (MINORITISED, *MINORITISED_GROUPS)

# The 2021 census form labels, "<heading>: <category>".
CENSUS_LABELS: dict[str, str] = {
    "white_british": "White: English, Welsh, Scottish, Northern Irish or British",
    "white_irish": "White: Irish",
    "white_gypsy_traveller": "White: Gypsy or Irish Traveller",
    "white_roma": "White: Roma",
    "white_other": "White: Any other White background",
    "mixed_white_black_caribbean": "Mixed or Multiple ethnic groups: White and Black Caribbean",
    "mixed_white_black_african": "Mixed or Multiple ethnic groups: White and Black African",
    "mixed_white_asian": "Mixed or Multiple ethnic groups: White and Asian",
    "mixed_other": "Mixed or Multiple ethnic groups: Any other Mixed or Multiple background",
    "asian_indian": "Asian or Asian British: Indian",
    "asian_pakistani": "Asian or Asian British: Pakistani",
    "asian_bangladeshi": "Asian or Asian British: Bangladeshi",
    "asian_chinese": "Asian or Asian British: Chinese",
    "asian_other": "Asian or Asian British: Any other Asian background",
    "black_african": "Black, Black British, Caribbean or African: African",
    "black_caribbean": "Black, Black British, Caribbean or African: Caribbean",
    "black_other": (
        "Black, Black British, Caribbean or African: "
        "Any other Black, Black British, or Caribbean background"
    ),
    "other_arab": "Other ethnic group: Arab",
    "other_any": "Other ethnic group: Any other ethnic group",
    "not_known": "Not known",
    "prefer_not_to_say": "Prefer not to say",
}

# NHS data dictionary ethnic category letter codes.
NHS_LETTER_CODES: dict[str, str] = {
    "A": "white_british",
    "B": "white_irish",
    "C": "white_other",
    "D": "mixed_white_black_caribbean",
    "E": "mixed_white_black_african",
    "F": "mixed_white_asian",
    "G": "mixed_other",
    "H": "asian_indian",
    "J": "asian_pakistani",
    "K": "asian_bangladeshi",
    "L": "asian_other",
    "M": "black_caribbean",
    "N": "black_african",
    "P": "black_other",
    "R": "asian_chinese",
    "S": "other_any",
    "Z": "not_known",
}


def _normalise_label(text: str) -> str:
    return " ".join(text.strip().lower().split())


# Every accepted spelling (normalised: lower case, single spaces) -> category code.
ETHNICITY_ALIASES: dict[str, str] = {
    **{code: code for code in ETHNICITIES},
    **{_normalise_label(label): code for code, label in CENSUS_LABELS.items()},
    **{letter.lower(): code for letter, code in NHS_LETTER_CODES.items()},
}


def canonical_ethnicity(value: str) -> str | None:
    """The category code for a code, census label or NHS letter; None if unknown."""
    return ETHNICITY_ALIASES.get(_normalise_label(value))


PAY_BANDS = (
    "under_20k",
    "20k_to_29k",
    "30k_to_39k",
    "40k_to_49k",
    "50k_to_59k",
    "60k_to_69k",
    "70k_plus",
)
# Wider reporting bands for indicator 1; 70k_plus is already a pay band.
REPORTING_BANDS: dict[str, tuple[str, ...]] = {
    "below_30k": ("under_20k", "20k_to_29k"),
    "30k_to_69k": ("30k_to_39k", "40k_to_49k", "50k_to_59k", "60k_to_69k"),
}
YES_NO = ("yes", "no")
SURVEY_SOURCES = ("public", "colleagues", "managers")

# Tables of a return: key columns and count columns, in the spec's column order.
# The event tables (one per event indicator: recruitment, disciplinary, ...) sit between
# the workforce and the survey, in indicator order.
EVENT_TABLES = tuple(registry.event_tables())
TABLE_KEYS: dict[str, tuple[str, ...]] = {
    "workforce": ("service", "ethnicity", "pay_band", "senior_manager", "regulated"),
    **{table: ("service", "ethnicity") for table in EVENT_TABLES},
    "survey": ("service", "ethnicity", "source"),
}
TABLE_COUNTS: dict[str, tuple[str, ...]] = {
    "workforce": ("headcount",),
    **registry.event_tables(),
    "survey": ("respondents", "experienced"),
}
DATA_TABLES = tuple(TABLE_KEYS)
ABOUT_TABLE = "about"
# The authority's action plan (issue 7): optional, and not a table of counts, so it is
# not in DATA_TABLES (which drives the indicator arithmetic) but is a table of the return.
ACTION_PLAN_TABLE = "action_plan"
OPTIONAL_TABLES = ("survey", ACTION_PLAN_TABLE)
ALL_TABLES = (ABOUT_TABLE, *DATA_TABLES, ACTION_PLAN_TABLE)


def table_columns(table: str) -> tuple[str, ...]:
    """The columns a data table must have, keys first."""
    return TABLE_KEYS[table] + TABLE_COUNTS[table]


ABOUT_REQUIRED_FIELDS = (
    "authority_code",
    "authority_name",
    "year",
    "period_start",
    "period_end",
    "snapshot_date",
)
# Who leads the programme in the authority (issue 21): roles, shown in its public summary;
# names are shown there only when governance_names_public is yes (the council opts in).
GOVERNANCE_ROLES = ("executive_sponsor", "programme_lead", "staff_voice_lead")
ABOUT_ROLE_FIELDS = tuple(f"{role}_role" for role in GOVERNANCE_ROLES)
ABOUT_NAME_FIELDS = tuple(f"{role}_name" for role in GOVERNANCE_ROLES)
ABOUT_NAMES_PUBLIC_FIELD = "governance_names_public"
ABOUT_GOVERNANCE_FIELDS = (*ABOUT_ROLE_FIELDS, ABOUT_NAMES_PUBLIC_FIELD, *ABOUT_NAME_FIELDS)
ABOUT_OPTIONAL_FIELDS = ("template_version", *ABOUT_GOVERNANCE_FIELDS)
ABOUT_FIELDS = ABOUT_REQUIRED_FIELDS + ABOUT_OPTIONAL_FIELDS

# Allowed values of the categorical key columns (ethnicity handled by aliases).
KEY_VALUES: dict[str, tuple[str, ...]] = {
    "service": SERVICES,
    "pay_band": PAY_BANDS,
    "senior_manager": YES_NO,
    "regulated": YES_NO,
    "source": SURVEY_SOURCES,
}

INDICATORS = registry.ids()
DATA_QUALITY_INDICATOR = "DQ"
INDICATOR_NAMES: dict[str, str] = {**registry.names(), DATA_QUALITY_INDICATOR: "Data quality: unknown ethnicity"}
# Which direction of the relative likelihood is adverse for minoritised staff (indicator 1:
# for the top band; ``registry.adverse_direction`` knows each band's).
ADVERSE_DIRECTION: dict[str, str] = {i.id: i.adverse for i in registry.indicators()}
SURVEY_INDICATOR_SOURCE: dict[str, str] = {
    i.id: i.survey_source for i in registry.indicators() if i.survey_source is not None
}

MEASURES = (
    "relative_likelihood",
    "share_minoritised",
    "percent_experienced",
    "gap_pp",
    "share_unknown",
)

# Columns of the tidy indicators table, in the contract's order.
INDICATOR_TABLE_COLUMNS = (
    "year",
    "scope",
    "authority_code",
    "service",
    "group",
    "indicator",
    "breakdown",
    "measure",
    "numerator_group",
    "denominator_group",
    "numerator_white",
    "denominator_white",
    "rate_group",
    "rate_white",
    "value",
    "ci_lower",
    "ci_upper",
    "assessment",
    "flag",
    "suppressed",
)
INDICATOR_TABLE_SORT = (
    "scope",
    "authority_code",
    "service",
    "group",
    "indicator",
    "breakdown",
    "measure",
)
NATIONAL = "national"
DEFAULT_SUPPRESSION_THRESHOLD = 5
Z_95 = 1.959964


# ---------------------------------------------------------------- action plans

ACTION_PLAN_COLUMNS = (
    "action_id",
    "indicator",
    "action",
    "owner_role",
    "start_date",
    "due_date",
    "target_measure",
    "target_breakdown",
    "target_comparison",
    "target_value",
    "target_year",
    "status",
    "public",
)
# Columns a plan may leave out: ``public`` (yes/no, blank or absent is no) says whether the
# action goes in the authority's public summary.
ACTION_PLAN_OPTIONAL_COLUMNS = ("public",)
ACTION_PLAN_TEXT_COLUMNS = (
    "action_id",
    "indicator",
    "action",
    "owner_role",
    "target_measure",
    "target_breakdown",
    "target_comparison",
    "status",
)
ACTION_PLAN_DATE_COLUMNS = ("start_date", "due_date")
ACTION_STATUSES = ("not_started", "in_progress", "complete", "dropped")
# An action with one of these statuses is finished with: not carried into next year's plan.
CLOSED_ACTION_STATUSES = ("complete", "dropped")
TARGET_COMPARISONS = ("at_least", "at_most")
# Every accepted spelling (after stripping spaces and lower-casing) -> comparison code.
TARGET_COMPARISON_ALIASES: dict[str, str] = {
    "at_least": "at_least",
    ">=": "at_least",
    "\u2265": "at_least",  # ≥
    "at_most": "at_most",
    "<=": "at_most",
    "\u2264": "at_most",  # ≤
}
# The measures a target may name, per indicator (those the indicators table has for it).
TARGET_MEASURES: dict[str, tuple[str, ...]] = {i.id: i.measures for i in registry.indicators()}
TARGET_MEASURE_CODES = tuple(m for m in MEASURES if any(m in ms for ms in TARGET_MEASURES.values()))
# Indicator 1 targets name a band: a pay band or a wider reporting band (as in the indicators table).
TARGET_BREAKDOWN_INDICATOR = "1"
TARGET_BREAKDOWNS = (*PAY_BANDS, *REPORTING_BANDS)
