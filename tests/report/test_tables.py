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


def test_public_figures_table_labels_bands_and_withholds():
    rows = frame([
        row("1", value=0.77, lower=0.63, upper=0.95, breakdown="below_30k"),
        row("1", value=3.217, lower=1.234, upper=8.765, breakdown="70k_plus", suppressed=True),
        row("2", value=0.52, lower=0.41, upper=0.66),
    ])
    table = tables.public_figures_table(rows, (("1", "below_30k"), ("1", "70k_plus"), ("2", ""), ("3", "")))
    assert table.to_dict("records") == [
        {"Indicator": "1: Representation by pay band (Under £30k)", "Relative likelihood": "0.77",
         "95% interval": "0.63 to 0.95", "Assessment": "Less likely: not adverse"},
        {"Indicator": "1: Representation by pay band (£70k or more)", "Relative likelihood": "[c]",
         "95% interval": "[c]", "Assessment": "[c]"},
        {"Indicator": "2: Appointment from shortlisting", "Relative likelihood": "0.52",
         "95% interval": "0.41 to 0.66", "Assessment": "Less likely: adverse"},
        {"Indicator": "3: Entering the formal disciplinary process", "Relative likelihood": "[x]",
         "95% interval": "[x]", "Assessment": "[x]"},  # no row: not returned
    ]
    assert not any(text in table.to_string() for text in SECRET_TEXTS)
    assert table.attrs["withheld"] == (("1: Representation by pay band (£70k or more)", "too_few"),)


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
    # Asian staff are withheld, but their white rate is the 19.7% printed in the row above.
    assert list(records[1].values()) == ["Asian", "[c]", "[c]", "[c]", "19.7%", "[c]", "[c]", "[c]"]
    assert list(records[2].values()) == ["Black", "1,500", "0", "0.0%", "19.7%", "0", "[x]", "Not assessed"]
    assert list(records[3].values()) == ["Mixed", "0", "0", "[x]", "19.7%", "[x]", "[x]", "Not assessed"]
    assert list(records[4].values()) == ["Other ethnic group"] + ["[x]"] * 7
    assert gss_note(table).startswith("[c] too few people: the figure rests on so few people")
    assert "[x] not available" in gss_note(table)
    assert "[z]" not in gss_note(table)


def test_a_white_rate_stays_withheld_where_no_shown_row_prints_it():
    """Every row withheld (here because 2 white staff were appointed, which every row
    shares): the white rate is printed nowhere, so it stays [c] in every row."""
    rows = frame([
        row("2", group=g, suppressed=True, counts=(c, 400, 2, 1000), rate_group=c / 400, rate_white=0.002)
        for g, c in (("minoritised", 41), ("asian", 3))
    ])
    table = tables.group_table(rows, "2")
    assert list(table["White rate (%)"][:2]) == ["[c]", "[c]"]


def test_a_white_rate_is_only_repeated_from_the_same_white_counts():
    """Service rows are compared with different white staff: a withheld service keeps its [c]."""
    rows = frame([
        row("8", service="all", value=1.25, lower=1.1, upper=1.4, counts=(50, 1000, 40, 1000),
            rate_group=0.05, rate_white=0.04),
        row("8", service="adult", suppressed=True, counts=(3, 600, 30, 700), rate_group=0.005,
            rate_white=30 / 700),
    ])
    table = tables.service_table(rows, "8")
    assert list(table["White rate (%)"][:2]) == ["4.0%", "[c]"]


def test_notes_say_why_each_row_is_withheld():
    from scwres_helpers.disclosure import with_withheld_reasons

    rows = with_withheld_reasons(frame([
        row("4", group="minoritised", value=1.08, lower=0.65, upper=1.78, counts=(19, 862, 63, 3173),
            rate_white=63 / 3173, scope="national"),
        row("4", group="asian", suppressed=True, counts=(7, 210, 63, 3173), scope="national"),
        row("4", group="other", suppressed=True, counts=(1, 90, 63, 3173), scope="national"),
    ]), 5)
    note = gss_note(tables.group_table(rows, "4"))
    assert note.startswith(
        "[c] too few people: the figure rests on so few people (or leaves so few of a group without "
        "the outcome) that someone could be identified: Other ethnic group. [c] withheld to protect "
        "another figure: its own numbers are not small, but with it a small number withheld elsewhere "
        "could be worked out by subtraction: Asian.")
    only_protecting = tables.group_table(rows[rows["group"] != "other"], "4")
    assert gss_note(only_protecting).startswith("[c] withheld to protect another figure: its own numbers "
                                                "are not small, but with it a small number withheld "
                                                "elsewhere could be worked out by subtraction. ")
    assert "too few" not in gss_note(only_protecting)


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


def test_flag_table_is_a_short_account_by_reason_then_indicator():
    rows = frame([
        row("2", value=0.52, lower=0.41, upper=0.66),
        row("3", value=0.0, flag="zero_events", group="black"),  # no interval
        row("3", value=0.0, lower=0.01, upper=3.2, flag="zero_events", group="mixed"),  # given in full
        row("3", value=0.0, flag="zero_events", group="asian", suppressed=True),
        *[row("3", group=g, service=s, suppressed=True) for g in ("black", "other")
          for s in ("all", "adult", "children")],
        row("3", group="minoritised", service="adult", suppressed=True),
        row("3", group="minoritised", service="children", suppressed=True),
        row("1", breakdown="70k_plus", flag="reference_zero", service="adult"),
        row("1", breakdown="70k_plus", group="asian", suppressed=True),
        row("1", breakdown="under_20k", group="asian", suppressed=True),
        row("1", breakdown="below_30k", group="black", suppressed=True),
        row("1", breakdown="20k_to_29k", group="black", suppressed=True),
    ])
    table = tables.flag_table(rows)
    assert list(table.columns) == ["Why", "Indicator", "Which figures"]
    assert table.to_dict("records") == [
        {"Why": "[c] Too few people", "Indicator": "1: Representation by pay band",
         # pay bands from the lowest: under £20,000 before under £30,000 before £70,000 or more
         "Which figures": "Paid under £20,000: Asian (overall). Paid under £30,000: Black (overall). "
                          "Paid £20,000 to £29,999: Black (overall). Paid £70,000 or more: Asian (overall)"},
        {"Why": "[c] Too few people", "Indicator": "3: Entering the formal disciplinary process",
         "Which figures": "Minoritised (in adult and in children's services); Asian (overall); "
                          "Black and Other ethnic group (overall and in each service)"},
        {"Why": "[x] No white staff had the outcome, so there is no relative likelihood",
         "Indicator": "1: Representation by pay band",
         "Which figures": "Paid £70,000 or more: Minoritised (in adult services)"},
        {"Why": "No interval: no one in the group had the outcome",
         "Indicator": "3: Entering the formal disciplinary process", "Which figures": "Black (overall)"},
    ]
    assert gss_note(table) == ""  # each row says why itself


def test_flag_table_says_which_figures_protect_another():
    from scwres_helpers.disclosure import with_withheld_reasons

    rows = with_withheld_reasons(frame([
        row("4", group="asian", suppressed=True, counts=(7, 210, 63, 3173), scope="national"),
        row("4", group="other", suppressed=True, counts=(1, 90, 63, 3173), scope="national"),
    ]), 5)
    table = tables.flag_table(rows)
    assert list(table["Why"]) == ["[c] Too few people",
                                  "[c] Withheld so that a small number elsewhere cannot be worked out"]
    assert list(table["Which figures"]) == ["Other ethnic group (overall)", "Asian (overall)"]


def test_tables_refuse_mixed_authorities():
    rows = frame([row("2", value=0.5, lower=0.4, upper=0.6),
                  row("2", value=0.6, lower=0.5, upper=0.7, authority_code="E06000099", group="asian")])
    with pytest.raises(ValueError):
        tables.group_table(rows, "2")


def test_unknown_indicator_is_refused():
    with pytest.raises(ValueError):
        tables.group_table(frame([row("2", value=0.5, lower=0.4, upper=0.6)]), "DQ")
