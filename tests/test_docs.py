"""The documents users read: the data-return contract names what the validator knows.

The tables, columns and codes are taken from the validator itself (its schemas, the
about and action-plan checks, the vocabulary they read), so a column added to the
validator and not to ``docs/data-return.md`` fails here.
"""

from __future__ import annotations

import re

import pytest

from scwres_helpers import codes, config
from scwres_helpers.collection.screen import MAX_FILE_BYTES
from scwres_helpers.intake import about, action_plan, rules
from scwres_helpers.intake.schemas import SCHEMAS

DOC = config.PROJ_ROOT / "docs" / "data-return.md"
TEXT = DOC.read_text(encoding="utf-8")


def _sections() -> dict[str, str]:
    """Heading line -> the text up to the next heading of any level."""
    parts = re.split(r"^(#{2,3} .*)$", TEXT, flags=re.MULTILINE)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def _section_of(table: str) -> str:
    found = [body for heading, body in _sections().items()
             if heading.startswith("### ") and f"`{table}`" in heading]
    assert len(found) == 1, f"docs/data-return.md needs one '### ' section whose heading names `{table}`"
    return found[0]


VALIDATED_COLUMNS = {
    **{table: tuple(columns) for table, columns in SCHEMAS.items()},
    codes.ABOUT_TABLE: ("field", "value", *codes.ABOUT_FIELDS),
    action_plan.TABLE: tuple(action_plan.PARSERS),
}


def test_every_table_the_validator_reads_is_listed_and_has_its_section():
    assert set(VALIDATED_COLUMNS) == set(codes.ALL_TABLES)  # nothing the validator reads is left out here
    overview = _sections()["## What a return is"]
    for table in codes.ALL_TABLES:
        assert f"| `{table}` |" in overview, f"{table} is missing from the list of tables"
        _section_of(table)


@pytest.mark.parametrize("table", sorted(VALIDATED_COLUMNS))
def test_every_column_is_named_in_its_tables_section(table):
    section = _section_of(table)
    missing = [c for c in VALIDATED_COLUMNS[table] if f"`{c}`" not in section]
    assert not missing, f"docs/data-return.md, section on {table}: columns not described: {missing}"


def test_every_key_is_stated():
    for table, keys in codes.TABLE_KEYS.items():
        section = _section_of(table)
        assert "key" in section.lower() and all(f"`{k}`" in section for k in keys), table


def test_every_accepted_code_is_listed():
    values = {
        "service, pay band, yes/no, survey source": [v for vs in codes.KEY_VALUES.values() for v in vs],
        "action plan": [*codes.ACTION_STATUSES, *codes.TARGET_MEASURE_CODES, *codes.TARGET_BREAKDOWNS,
                        *codes.TARGET_COMPARISONS],
    }
    for what, listed in values.items():
        missing = sorted({v for v in listed if f"`{v}`" not in TEXT})
        assert not missing, f"{what} codes not in docs/data-return.md: {missing}"
    plan = _section_of(action_plan.TABLE)
    for indicator in codes.INDICATORS:
        assert f"`{indicator}`" in plan, indicator


def test_the_ethnicity_table_gives_each_code_its_label_letter_and_group():
    rows = {}
    for line in _sections()["## Ethnicity"].splitlines():
        match = re.fullmatch(r"\| `(\w+)` \| (.+?) \|\s*([A-Z]?)\s*\| (\w+) \|", line.strip())
        if match:
            rows[match[1]] = match.groups()[1:]
    letters = {code: letter for letter, code in codes.NHS_LETTER_CODES.items()}
    assert list(rows) == list(codes.ETHNICITIES)
    for code, (label, letter, group) in rows.items():
        assert (label, letter, group) == (codes.CENSUS_LABELS[code], letters.get(code, ""),
                                          codes.ETHNICITY_GROUP[code]), code


def test_the_limits_are_the_validators():
    assert f"1 to {about.NAME_MAX_LENGTH} characters" in _section_of("about")
    assert f"{about.PERIOD_DAYS_MIN} to {about.PERIOD_DAYS_MAX} days" in _section_of("about")
    plan = _section_of(action_plan.TABLE)
    assert f"at most {action_plan.ACTION_MAX_LENGTH} characters" in plan
    assert f"at most {action_plan.OWNER_ROLE_MAX_LENGTH} characters" in plan
    assert f"over {MAX_FILE_BYTES // (1024 * 1024)} MB" in TEXT
    assert f"more than {rules.UNKNOWN_SHARE_WARNING:.0%} of the workforce with unknown ethnicity" in TEXT
    assert "more than ten times" in TEXT and rules.TENFOLD == 10


def test_the_readme_links_the_contract_and_cites_nothing_outside_the_repository():
    readme = (config.PROJ_ROOT / "README.md").read_text(encoding="utf-8")
    assert "(docs/data-return.md)" in readme
    assert "shared/spec" not in readme


def test_the_population_file_is_documented_with_its_columns_and_limits():
    from scwres_helpers.intake import population

    section = _sections()["## The local population (optional)"]
    assert f"<returns root>/<year>/{population.POPULATION_FILE}" in section
    assert all(f"`{c}`" in section for c in population.COLUMNS)
    assert f"{population.MAX_BYTES // (1024 * 1024)} MB" in section and f"{population.MAX_ROWS:,} rows" in section


def test_the_action_plan_section_names_every_theme_and_its_indicators():
    from scwres_helpers import registry

    section = _section_of(action_plan.TABLE)
    for theme in registry.THEMES:
        assert theme.name.lower() in section
    assert "leadership (1 and 9)" in section  # the programme's grouping, typed in by hand
