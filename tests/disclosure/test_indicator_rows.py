"""publishable_indicators on hand-written rows of the indicators table."""

import math

import pandas as pd
import pytest

from scwres_helpers.codes import INDICATOR_TABLE_COLUMNS
from scwres_helpers.disclosure import codes_used, publishable_indicators

NAN = math.nan
COUNTS = ["numerator_group", "denominator_group", "numerator_white", "denominator_white"]
DERIVED = ["rate_group", "rate_white", "value", "ci_lower", "ci_upper", "assessment", "flag"]


def row(measure="relative_likelihood", indicator="3", group="minoritised", breakdown="", **cells):
    base = {
        "year": 2024,
        "scope": "national",
        "authority_code": "national",
        "service": "all",
        "group": group,
        "indicator": indicator,
        "breakdown": breakdown,
        "measure": measure,
        "numerator_group": NAN,
        "denominator_group": NAN,
        "numerator_white": NAN,
        "denominator_white": NAN,
        "rate_group": NAN,
        "rate_white": NAN,
        "value": NAN,
        "ci_lower": NAN,
        "ci_upper": NAN,
        "assessment": "",
        "flag": "",
        "suppressed": False,
    }
    return base | cells


def counts(a_g, n_g, a_w, n_w):
    return dict(numerator_group=a_g, denominator_group=n_g, numerator_white=a_w, denominator_white=n_w)


def publish_one(r, **kwargs):
    return publishable_indicators(pd.DataFrame([r]), **kwargs).iloc[0].to_dict()


def test_suppressed_rl_row_hides_counts_and_everything_derived():
    r = row(
        **counts(3, 120, 40, 800),
        rate_group=0.025, rate_white=0.05, value=0.5, ci_lower=0.16, ci_upper=1.6,
        assessment="no_clear_difference", suppressed=True,
    )
    out = publish_one(r)
    assert {c: out[c] for c in COUNTS + DERIVED} == dict.fromkeys(COUNTS + DERIVED, "[c]")
    assert (out["indicator"], out["group"], out["suppressed"]) == ("3", "minoritised", "true")


def test_zero_denominator_rl_row_is_not_available():
    r = row(**counts(0, 0, 40, 800), rate_white=0.05, assessment="not_assessed", flag="no_denominator")
    out = publish_one(r)
    assert [out[c] for c in COUNTS] == ["0", "0", "40", "800"]
    assert [out[c] for c in ("rate_group", "rate_white", "value", "ci_lower", "ci_upper")] == [
        "[x]", "0.0500", "[x]", "[x]", "[x]",
    ]
    assert (out["assessment"], out["flag"]) == ("not_assessed", "no_denominator")


def test_reference_zero_and_zero_events():
    ref = publish_one(
        row(**counts(12, 300, 0, 900), rate_group=0.04, rate_white=0.0,
            assessment="not_assessed", flag="reference_zero")
    )
    assert [ref[c] for c in ("rate_group", "rate_white", "value", "ci_lower", "ci_upper")] == [
        "0.0400", "0.0000", "[x]", "[x]", "[x]",
    ]
    zero = publish_one(
        row(**counts(0, 300, 20, 900), rate_group=0.0, rate_white=20 / 900, value=0.0,
            assessment="not_assessed", flag="zero_events")
    )
    assert [zero[c] for c in ("rate_group", "rate_white", "value", "ci_lower", "ci_upper")] == [
        "0.0000", "0.0222", "0.00", "[x]", "[x]",
    ]


def test_rl_row_rounding():
    out = publish_one(
        row(**counts(30, 150, 200, 1600), rate_group=0.2, rate_white=0.125, value=1.6,
            ci_lower=1.125, ci_upper=2.275, assessment="more_likely")
    )
    assert [out[c] for c in COUNTS + DERIVED] == [
        "30", "150", "200", "1600", "0.2000", "0.1250", "1.60", "1.13", "2.28", "more_likely", "[z]",
    ]


def test_gap_pp_row_has_no_interval_or_rates():
    out = publish_one(row("gap_pp", indicator="9", **counts(12, 60, 48, 60), value=-4.44))
    assert [out[c] for c in COUNTS] == ["12", "60", "48", "60"]
    assert [out[c] for c in DERIVED] == ["[z]", "[z]", "-4.4", "[z]", "[z]", "[z]", "[z]"]


def test_share_and_percent_rows():
    share = publish_one(
        row("share_minoritised", indicator="1", breakdown="below_30k", **counts(365, 2000, 1635, 2000),
            rate_group=0.1825, rate_white=0.8175, value=0.1825, ci_lower=0.1661, ci_upper=0.2001)
    )
    assert [share[c] for c in DERIVED] == ["0.183", "0.818", "0.183", "0.166", "0.200", "[z]", "[z]"]
    assert share["breakdown"] == "below_30k"
    pct = publish_one(
        row("percent_experienced", indicator="7a", **counts(469, 2000, 300, 1000),
            rate_group=23.45, rate_white=30.0, value=23.45, ci_lower=21.65, ci_upper=25.35)
    )
    assert [pct[c] for c in DERIVED] == ["23.5", "30.0", "23.5", "21.7", "25.4", "[z]", "[z]"]


def test_share_with_no_denominator_is_not_available():
    out = publish_one(
        row("share_minoritised", indicator="1", breakdown="70k_plus", **counts(0, 0, 0, 0), flag="no_denominator")
    )
    assert [out[c] for c in DERIVED] == ["[x]", "[x]", "[x]", "[x]", "[x]", "[z]", "no_denominator"]


def test_data_quality_rows():
    dq = row("share_unknown", indicator="DQ", group="", numerator_group=105, denominator_group=2000, value=0.0525)
    out = publish_one(dq)
    assert (out["group"], out["breakdown"]) == ("[z]", "[z]")
    assert [out[c] for c in COUNTS] == ["105", "2000", "[z]", "[z]"]
    assert [out[c] for c in DERIVED] == ["[z]", "[z]", "0.053", "[z]", "[z]", "[z]", "[z]"]
    hidden = publish_one(dq | {"numerator_group": 3, "value": 0.0015, "suppressed": True})
    assert [hidden[c] for c in COUNTS] == ["[c]", "[c]", "[z]", "[z]"]
    assert [hidden[c] for c in DERIVED] == ["[z]", "[z]", "[c]", "[z]", "[z]", "[z]", "[c]"]


def test_suppressed_share_row_keeps_z_for_assessment():
    out = publish_one(
        row("share_minoritised", indicator="9", **counts(2, 40, 38, 40),
            rate_group=0.05, rate_white=0.95, value=0.05, ci_lower=0.01, ci_upper=0.17, suppressed=True)
    )
    assert [out[c] for c in COUNTS + DERIVED] == ["[c]"] * 9 + ["[z]", "[c]"]


def test_table_shape_and_no_blank_cells():
    frame = pd.DataFrame(
        [
            row(**counts(30, 150, 200, 1600), rate_group=0.2, rate_white=0.125, value=1.6,
                ci_lower=1.1, ci_upper=2.3, assessment="more_likely"),
            row(**counts(0, 0, 40, 800), rate_white=0.05, assessment="not_assessed", flag="no_denominator"),
            row(**counts(3, 120, 40, 800), value=0.5, suppressed=True),
        ],
        index=[10, 11, 12],
    )
    frame["extra"] = "dropped"
    out = publishable_indicators(frame)
    assert list(out.columns) == list(INDICATOR_TABLE_COLUMNS)
    assert list(out.index) == [10, 11, 12]
    assert all(str(dtype) == "str" for dtype in out.dtypes)
    assert not out.isna().to_numpy().any() and not (out == "").to_numpy().any()
    assert out["suppressed"].tolist() == ["false", "false", "true"]
    assert codes_used(out) == ["[c]", "[x]", "[z]"]


def test_plain_integers_without_separators():
    out = publish_one(row(**counts(12345, 98000, 23456, 87000), value=1.0))
    assert out["denominator_group"] == "98000"


def test_unsuppressed_small_count_is_refused():
    r = row(**counts(3, 120, 40, 800), value=0.5)
    with pytest.raises(ValueError, match="not suppressed"):
        publish_one(r)
    assert publish_one(r, threshold=3)["numerator_group"] == "3"
    assert publish_one(r, threshold=None)["numerator_group"] == "3"


def test_unsuppressed_small_complement_is_refused():
    # 7 of 8: every count is 5 or more, but the one person without the outcome is not
    r = row(**counts(7, 8, 400, 800), value=1.75)
    with pytest.raises(ValueError, match="complement below 5"):
        publish_one(r)
    # DQ: unknown 6 of 10 leaves 4 known
    with pytest.raises(ValueError, match="not suppressed"):
        publish_one(row("share_unknown", "DQ", "", numerator_group=6, denominator_group=10, value=0.6))


def test_bad_rows_are_refused():
    with pytest.raises(ValueError, match="suppressed"):
        publish_one(row(suppressed="yes"))
    with pytest.raises(ValueError, match="measure"):
        publish_one(row("mean"))
    with pytest.raises(ValueError, match="lacks columns"):
        publishable_indicators(pd.DataFrame([row()]).drop(columns="flag"))
