"""Report tables: human headers, text cells, GSS codes."""

import pytest

from scwres_helpers.report import tables
from scwres_helpers.report.formatting import gss_note

from .conftest import SECRET, SECRET_TEXTS, frame, row, summary_rows


def test_summary_table():
    own = frame(summary_rows())
    national = frame([r for r in summary_rows(scope="national") if r["indicator"] != "9"])
    table = tables.summary_table(own, national)
    assert list(table.columns) == ["Indicator", "Relative likelihood", "95% interval", "Assessment",
                                   "National relative likelihood"]
    assert table.to_dict("records")[:2] == [
        {"Indicator": "2: Appointment from shortlisting", "Relative likelihood": "0.52",
         "95% interval": "0.41 to 0.66", "Assessment": "Less likely: adverse",
         "National relative likelihood": "0.52"},
        {"Indicator": "3: Entering the formal disciplinary process", "Relative likelihood": "1.37",
         "95% interval": "1.05 to 1.79", "Assessment": "More likely: adverse",
         "National relative likelihood": "1.37"},
    ]
    by_id = {r["Indicator"].split(":")[0]: r for r in table.to_dict("records")}
    assert [by_id["4"][c] for c in table.columns[1:]] == ["[c]", "[c]", "[c]", "[c]"]
    assert [by_id["6"][c] for c in table.columns[1:]] == ["0", "[x]", "Not assessed", "0"]
    assert [by_id["7a"][c] for c in table.columns[1:]] == ["[x]", "[x]", "Not assessed", "[x]"]
    assert by_id["8"]["Assessment"] == "Less likely: not adverse"
    assert by_id["5"]["Assessment"] == "No clear difference"
    assert by_id["9"]["National relative likelihood"] == "[x]"  # no national row
    assert not any(text in table.to_string() for text in SECRET_TEXTS)


def test_summary_table_without_national():
    table = tables.summary_table(frame(summary_rows()))
    assert list(table.columns) == ["Indicator", "Relative likelihood", "95% interval", "Assessment"]
    assert len(table) == 9


def test_group_table_counts_rates_and_codes():
    rows = frame([
        row("2", group="minoritised", value=0.52, lower=0.41, upper=0.66, counts=(41, 400, 197, 1000),
            rate_group=0.1025, rate_white=0.197),
        row("2", group="asian", suppressed=True, counts=(3, 40, 197, 1000), rate_group=0.075,
            rate_white=0.197, **SECRET),
        row("2", group="black", value=0.0, flag="zero_events", counts=(0, 1500, 197, 1000),
            rate_group=0.0, rate_white=0.197),
        row("2", group="mixed", flag="no_denominator", counts=(0, 0, 197, 1000), rate_white=0.197),
    ])
    table = tables.group_table(rows, "2")
    assert list(table.columns) == ["Ethnic group", "Shortlisted", "Appointed", "Rate (%)", "White rate (%)",
                                   "Relative likelihood", "95% interval", "Assessment"]
    records = table.to_dict("records")
    assert list(records[0].values()) == ["Minoritised", "400", "41", "10.3%", "19.7%", "0.52", "0.41 to 0.66",
                                         "Less likely: adverse"]
    assert list(records[1].values()) == ["Asian"] + ["[c]"] * 7
    assert list(records[2].values()) == ["Black", "1,500", "0", "0.0%", "19.7%", "0", "[x]", "Not assessed"]
    assert list(records[3].values()) == ["Mixed", "0", "0", "[x]", "19.7%", "[x]", "[x]", "Not assessed"]
    assert list(records[4].values()) == ["Other ethnic group"] + ["[x]"] * 7
    assert "[c] confidential" in gss_note(table) and "[x] not available" in gss_note(table)
    assert "[z]" not in gss_note(table)


def test_service_table():
    rows = frame([row("8", service=s, value=v, lower=v - 0.1, upper=v + 0.1, counts=(50, 1000, 40, 1000),
                      rate_group=0.05, rate_white=0.04)
                  for s, v in (("all", 1.25), ("children", 1.3))])
    table = tables.service_table(rows, "8")
    assert list(table["Service"]) == ["All services", "Adult services", "Children's services"]
    assert list(table["Relative likelihood"]) == ["1.25", "[x]", "1.30"]
    assert list(table["Left the organisation"]) == ["50", "[x]", "50"]
    assert list(table["95% interval"]) == ["1.15 to 1.35", "[x]", "1.20 to 1.40"]


def test_trend_table():
    rows = frame([row("3", year=2024, value=1.37, lower=1.05, upper=1.79),
                  row("3", year=2023, suppressed=True, **SECRET)])
    table = tables.trend_table(rows, "3")
    assert list(table["Year"]) == ["2023", "2024"]
    assert list(table["Relative likelihood"]) == ["[c]", "1.37"]
    assert list(table["Assessment"]) == ["[c]", "More likely: adverse"]
    assert not any(text in table.to_string() for text in SECRET_TEXTS)


def test_data_quality_table():
    rows = frame([
        row("DQ", measure="share_unknown", group="", service="all", value=0.042, counts=(12, 285, None, None)),
        row("DQ", measure="share_unknown", group="", service="adult", value=0.02, counts=(3, 150, None, None),
            suppressed=True),
    ])
    table = tables.data_quality_table(rows)
    assert table.to_dict("records") == [
        {"Service": "All services", "Staff whose ethnicity is not known": "12", "All staff": "285",
         "Ethnicity not known (%)": "4.2%"},
        {"Service": "Adult services", "Staff whose ethnicity is not known": "[c]", "All staff": "[c]",
         "Ethnicity not known (%)": "[c]"},
        {"Service": "Children's services", "Staff whose ethnicity is not known": "[x]", "All staff": "[x]",
         "Ethnicity not known (%)": "[x]"},
    ]


def test_flag_table():
    rows = frame([
        row("2", value=0.52, lower=0.41, upper=0.66),
        row("3", value=0.0, flag="zero_events", group="black"),
        row("3", value=0.0, flag="zero_events", group="asian", suppressed=True),
        row("1", breakdown="70k_plus", flag="reference_zero", service="adult"),
    ])
    table = tables.flag_table(rows)
    assert table.to_dict("records") == [
        {"Indicator": "3: Entering the formal disciplinary process", "Pay band": "", "Ethnic group": "Black",
         "Service": "All services",
         "Why": "No Black staff entered the formal disciplinary process, so the relative likelihood is 0 "
                "and no interval can be calculated."},
        {"Indicator": "3: Entering the formal disciplinary process", "Pay band": "", "Ethnic group": "Asian",
         "Service": "All services",
         "Why": "For Asian staff, numbers for entry to the formal disciplinary process are too small to publish."},
        {"Indicator": "1: Representation by pay band", "Pay band": "£70,000 or more", "Ethnic group": "Minoritised",
         "Service": "Adult services",
         "Why": "No white staff were paid £70,000 or more, so the relative likelihood cannot be calculated."},
    ]


def test_tables_refuse_mixed_authorities():
    rows = frame([row("2", value=0.5, lower=0.4, upper=0.6),
                  row("2", value=0.6, lower=0.5, upper=0.7, authority_code="E06000099", group="asian")])
    with pytest.raises(ValueError):
        tables.group_table(rows, "2")


def test_unknown_indicator_is_refused():
    with pytest.raises(ValueError):
        tables.group_table(frame([row("2", value=0.5, lower=0.4, upper=0.6)]), "DQ")
