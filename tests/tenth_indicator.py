"""Run as a script: register a tenth indicator, then build sample returns, the indicators
table and report blocks with it; print what came out as JSON (tests/test_registry.py).

It runs in a process of its own because the package derives its lists of indicators
and tables when it is imported: an extension registers before that, as here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from scwres_helpers import registry  # first: nothing has read the registry yet

TENTH = registry.Indicator(
    id="10",
    name="Promotion",
    theme="recruitment_progression",
    kind=registry.EVENT,
    adverse=registry.LESS_LIKELY,
    outcome="promoted",
    at_risk="headcount",
    count_headers=("Staff", "Promoted"),
    definition=registry.Definition("Promoted (last 12 months)", "All staff", "Relative likelihood"),
    chapter="10",
    words=registry.Words("Promotion", "promotion", "staff", "to be promoted", "were promoted", "of promotion"),
    table="promotion",
    table_counts=("promoted",),
)
registry.register(TENTH, chapter_introduction=(
    "This indicator compares how likely minoritised staff were to be promoted in the last 12 "
    "months with how likely white staff were. Being less likely is adverse."))

from scwres_helpers.sample_data.indicator_profiles import IndicatorProfile, register  # noqa: E402

register("10", IndicatorProfile(
    national={2023: 0.7, 2024: 0.75},
    group_factor={"asian": 1.0, "black": 0.8, "mixed": 1.1, "other": 1.0},
    white_rate=0.06,
    actions=("Publish every promotion opportunity and its criteria",),
    owners=("Head of HR",),
))


def main(out: Path) -> dict:
    from scwres_helpers import codes
    from scwres_helpers.bundles import authority_inputs, load_tables, national_inputs
    from scwres_helpers.indicators import compute_indicators
    from scwres_helpers.intake import load_year
    from scwres_helpers.report import authority_sections, national_indicator
    from scwres_helpers.report.blocks import TableBlock
    from scwres_helpers.report.national_blocks import CHAPTER_TITLES
    from scwres_helpers.sample_data import generate_sample_returns

    generate_sample_returns(out, n_authorities=6, years=[2023, 2024], seed=10, excel_every=3)
    loaded = load_year(out, 2024)
    table = compute_indicators(list(loaded.returns.values()), 2024)
    tenth = table[(table["indicator"] == "10") & (table["scope"] == "national") & (table["service"] == "all")
                  & (table["group"] == "minoritised")]
    tables = load_tables(out, 2024, 5)
    code = sorted(tables.current.returns)[0]
    inputs = authority_inputs(tables, code)
    summary = authority_sections.summary_blocks(inputs, {})
    summary_table = next(b for b in summary if isinstance(b, TableBlock)).frame
    chapter = authority_sections.indicator_blocks(inputs, "10", {})
    national = national_indicator.indicator_blocks(national_inputs(tables), "10", {})
    return {
        "data_tables": list(codes.DATA_TABLES),
        "quarantined": sorted(loaded.quarantined) if hasattr(loaded, "quarantined") else [],
        "valid": sorted(loaded.returns),
        "national_row": {k: (None if str(v) in ("<NA>", "nan") else (v if isinstance(v, str) else float(v)))
                         for k, v in tenth.iloc[0][["measure", "numerator_group", "denominator_group",
                                                     "numerator_white", "denominator_white", "value"]].items()},
        "summary_indicators": list(summary_table["Indicator"]),
        "authority_heading": chapter[0],
        "national_heading": national[0],
        "chapter_titles": CHAPTER_TITLES,
        "headline_words": [b for b in summary if isinstance(b, str)][1],
    }


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1])), default=str))
