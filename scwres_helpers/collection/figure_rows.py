"""The council's own figures as spreadsheet formulas: one row of the indicators table per sheet row.

The workbook's ``README figures`` sheet recomputes, as the council types, the rows of
the indicators table (``indicators-table.md``) for one service and one compared group
that the council picks. Each row's four counts are sums over a hidden grid of counts
by service and ethnicity (the hidden ``COUNTS_SHEET``, laid out by ``figures``); its value, interval, assessment,
flag and suppression are formulas written here, by the published method
(``indicators.md``): the relative likelihood with its Katz interval, the adjusted-log
interval when the group had no events, Wilson intervals for shares and percentages,
and the primary suppression rule with its complements. The rows mirror
``indicators.table`` (the same breakdowns, event counts and survey sources), so a
filled workbook, recalculated by a spreadsheet program, gives the numbers
``scwres indicators`` gives (tests/collection/test_figures.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from scwres_helpers import codes, registry
from scwres_helpers.indicators.counts import COUNT_FIELDS, band_column
from scwres_helpers.indicators.table import INDICATOR_1_BREAKDOWNS

COUNTS_SHEET = "readme_counts"
# The grid's columns: its keys and spellings, then a row's role for the current choice,
# then one column per count field (``indicators.counts.COUNT_FIELDS``).
GRID_KEYS = ("service", "ethnicity", "label", "letter", "group", "comparison", "role", "in_service")
ROLE_GROUP, ROLE_WHITE, ROLE_UNKNOWN, ROLE_OTHER = "group", "white", "unknown", "other"

# Defined names of the workbook (selection cells and constants).
SERVICE_NAME = "sel_service"
GROUP_NAME = "sel_group"
THRESHOLD_NAME = "threshold"
Z_NAME = "z_value"
SURVEYED_NAME = "surveyed"  # TRUE where the staff survey covered the chosen service(s)

# The figures sheet's columns: shown ones, then hidden ones holding the codes and raw
# numbers (the charts and the tests read those).
SHOWN = ("indicator", "what", "figure", "numerator_group", "denominator_group", "numerator_white",
         "denominator_white", "rate_group", "rate_white", "value", "ci_lower", "ci_upper",
         "assessment", "note")
HIDDEN = ("indicator_code", "breakdown_code", "measure_code", "flag", "suppressed", "value_raw",
          "ci_lower_raw", "ci_upper_raw", "assessment_code", "total_group", "total_white", "applies")
COLUMNS = SHOWN + HIDDEN
NO_SURVEY = "no_survey"  # a flag of the workbook only: the indicators table has no such row


def column(name: str) -> str:
    """Letter of a figures-sheet column."""
    return get_column_letter(COLUMNS.index(name) + 1)


def grid_column(field: str) -> str:
    """Letter of a count field's column on the counts grid."""
    return get_column_letter(len(GRID_KEYS) + COUNT_FIELDS.index(field) + 1)


def grid_key_column(key: str) -> str:
    return get_column_letter(GRID_KEYS.index(key) + 1)


def grid_sum(field: str, role: str) -> str:
    """The sum of FIELD over the grid rows playing ROLE for the current choice."""
    letter, role_letter = grid_column(field), grid_key_column("role")
    return (f'SUMIFS({COUNTS_SHEET}!${letter}:${letter},'
            f'{COUNTS_SHEET}!${role_letter}:${role_letter},"{role}")')


def service_total(field: str) -> str:
    """The sum of FIELD over every ethnicity of the chosen service(s), unknown included."""
    letter, in_service = grid_column(field), grid_key_column("in_service")
    return f"SUMIFS({COUNTS_SHEET}!${letter}:${letter},{COUNTS_SHEET}!${in_service}:${in_service},1)"


@dataclass(frozen=True)
class FigureRow:
    """One indicators-table row: its labels and the formulas (without '=') of its counts.

    A count formula may refer to the row's own count cells as ``{numerator_group}``
    and so on (a share's denominator is group + white). ``totals`` are the whole
    workforce's group and white headcounts (``gap_pp`` only); ``survey`` rows are
    produced only where the staff survey covered the chosen service.
    """

    indicator: str
    breakdown: str
    measure: str
    counts: tuple[str, str, str | None, str | None]
    survey: bool = False
    totals: tuple[str, str] | None = None


_SHARE_TOTAL = "{numerator_group}+{numerator_white}"


def _rl(indicator: str, a: str, n: str, breakdown: str = "", survey: bool = False) -> FigureRow:
    counts = (grid_sum(a, ROLE_GROUP), grid_sum(n, ROLE_GROUP), grid_sum(a, ROLE_WHITE), grid_sum(n, ROLE_WHITE))
    return FigureRow(indicator, breakdown, "relative_likelihood", counts, survey)


def _share(indicator: str, field: str, breakdown: str = "") -> FigureRow:
    counts = (grid_sum(field, ROLE_GROUP), _SHARE_TOTAL, grid_sum(field, ROLE_WHITE), _SHARE_TOTAL)
    return FigureRow(indicator, breakdown, "share_minoritised", counts)


def figure_rows() -> list[FigureRow]:
    """Every row the indicators table has for one authority, service and group, in the
    registry's order, each indicator's rows by its kind (as ``indicators.table`` makes them)."""
    rows: list[FigureRow] = []
    for indicator in registry.indicators():
        a, n = indicator.outcome, indicator.at_risk
        if indicator.kind == registry.BANDS:
            for band in INDICATOR_1_BREAKDOWNS:
                rows.append(_share(indicator.id, band_column(band), band))
                rows.append(_rl(indicator.id, band_column(band), n, band))
        elif indicator.kind == registry.EVENT:
            rows.append(_rl(indicator.id, a, n))
        elif indicator.kind == registry.SURVEY:
            counts = (grid_sum(a, ROLE_GROUP), grid_sum(n, ROLE_GROUP), grid_sum(a, ROLE_WHITE), grid_sum(n, ROLE_WHITE))
            rows += [_rl(indicator.id, a, n, survey=True),
                     FigureRow(indicator.id, "", registry.PERCENT, counts, survey=True)]
        elif indicator.kind == registry.SENIOR:
            share = _share(indicator.id, a)
            rows += [share, _rl(indicator.id, a, n),
                     FigureRow(indicator.id, "", registry.GAP, share.counts,
                               totals=(grid_sum(n, ROLE_GROUP), grid_sum(n, ROLE_WHITE)))]
    rows.append(FigureRow(codes.DATA_QUALITY_INDICATOR, "", "share_unknown",
                          (grid_sum("headcount", ROLE_UNKNOWN), service_total("headcount"), None, None)))
    return rows


# ---------------------------------------------------------------- formulas of one row

def _cells(r: int) -> dict[str, str]:
    return {name: f"{column(name)}{r}" for name in COLUMNS}


def _wilson(x: str, n: str, side: str) -> str:
    """Wilson score bound of x/n (spec: indicators.md), exactly 0 at x = 0 and 1 at x = n."""
    z = Z_NAME
    p = f"({x}/{n})"
    centre = f"(({p}+{z}^2/(2*{n}))/(1+{z}^2/{n}))"
    half = f"({z}*SQRT({p}*(1-{p})/{n}+{z}^2/(4*{n}^2))/(1+{z}^2/{n}))"
    if side == "lower":
        return f"IF({x}=0,0,MAX(0,{centre}-{half}))"
    return f"IF({x}={n},1,MIN(1,{centre}+{half}))"


def _katz(c: dict[str, str], sign: str) -> str:
    """Katz bound; with no events in the group, the adjusted-log bound (0.5 added to each count)."""
    a, n, aw, nw = (c[k] for k in ("numerator_group", "denominator_group", "numerator_white", "denominator_white"))
    adjusted = (f"EXP(LN((({a}+0.5)/({n}+0.5))/(({aw}+0.5)/({nw}+0.5))){sign}{Z_NAME}*"
                f"SQRT(1/({a}+0.5)-1/({n}+0.5)+1/({aw}+0.5)-1/({nw}+0.5)))")
    plain = f"EXP(LN({c['value_raw']}){sign}{Z_NAME}*SQRT(1/{a}-1/{n}+1/{aw}-1/{nw}))"
    return f'IF({c["flag"]}="zero_events",{adjusted},IF({c["flag"]}="",{plain},""))'


def _flag(row: FigureRow, c: dict[str, str]) -> str:
    n, nw = c["denominator_group"], c["denominator_white"]
    if row.measure == "relative_likelihood":
        core = (f'IF(OR({n}=0,{nw}=0),"no_denominator",IF({c["numerator_white"]}=0,"reference_zero",'
                f'IF({c["numerator_group"]}=0,"zero_events","")))')
    elif row.measure == "gap_pp":
        core = f'IF(OR({n}=0,{c["total_group"]}+{c["total_white"]}=0),"no_denominator","")'
    else:
        core = f'IF({n}=0,"no_denominator","")'
    return f'IF({c["applies"]}=0,"{NO_SURVEY}",{core})'


def _suppressed(c: dict[str, str]) -> str:
    """Any count, or either complement (n - a), from 1 to threshold - 1 (blank cells read as 0)."""
    a, n, aw, nw = (c[k] for k in ("numerator_group", "denominator_group", "numerator_white", "denominator_white"))
    terms = [a, n, aw, nw, f"({n}-{a})", f"({nw}-{aw})"]
    tests = ",".join(f"AND({t}>0,{t}<{THRESHOLD_NAME})" for t in terms)
    return f"AND({c['applies']}=1,OR({tests}))"


def _value(row: FigureRow, c: dict[str, str]) -> str:
    a, n, aw, nw, flag = (c[k] for k in ("numerator_group", "denominator_group", "numerator_white",
                                         "denominator_white", "flag"))
    if row.measure == "relative_likelihood":
        return f'IF(OR({flag}="no_denominator",{flag}="reference_zero",{flag}="{NO_SURVEY}"),"",({a}/{n})/({aw}/{nw}))'
    if row.measure == "percent_experienced":
        return f'IF({flag}<>"","",100*{a}/{n})'
    if row.measure == "gap_pp":
        share_all = f"{c['total_group']}/({c['total_group']}+{c['total_white']})"
        return f'IF({flag}<>"","",100*({a}/{n}-{share_all}))'
    return f'IF({flag}<>"","",{a}/{n})'  # share_minoritised, share_unknown


def _bounds(row: FigureRow, c: dict[str, str]) -> tuple[str, str]:
    flag, a, n = c["flag"], c["numerator_group"], c["denominator_group"]
    if row.measure == "relative_likelihood":
        return _katz(c, "-"), _katz(c, "+")
    if row.measure == "share_minoritised":
        return tuple(f'IF({flag}<>"","",{_wilson(a, n, side)})' for side in ("lower", "upper"))
    if row.measure == "percent_experienced":
        return tuple(f'IF({flag}<>"","",100*{_wilson(a, n, side)})' for side in ("lower", "upper"))
    return '""', '""'


def _rates(row: FigureRow, c: dict[str, str]) -> tuple[str | None, str | None]:
    """Formulas of the two shown rates (None: the measure has none, shown [z])."""
    a, n, aw, nw = (c[k] for k in ("numerator_group", "denominator_group", "numerator_white", "denominator_white"))
    if row.measure in ("gap_pp", "share_unknown"):
        return None, None
    scale = "100*" if row.measure == "percent_experienced" else ""
    return f'IF({n}=0,"[x]",{scale}{a}/{n})', f'IF({nw}=0,"[x]",{scale}{aw}/{nw})'


def _text(value: str) -> str:
    """A text constant inside a formula."""
    return '"' + value.replace('"', '""') + '"'


def row_formulas(row: FigureRow, r: int, words: dict) -> dict[str, object]:
    """Every cell of sheet row R for ROW: formulas as '=...' strings, constants as values.

    WORDS: the sheet's wording (``templates/workbook_figures.yml``).
    """
    c = _cells(r)
    cells: dict[str, object] = {
        "indicator_code": row.indicator, "breakdown_code": row.breakdown, "measure_code": row.measure,
    }
    for name, formula in zip(("numerator_group", "denominator_group", "numerator_white", "denominator_white"),
                             row.counts):
        if formula is not None:
            cells[name] = "=" + formula.format(**c)
    if row.totals is not None:
        cells["total_group"], cells["total_white"] = ("=" + t for t in row.totals)
    cells["applies"] = f"=IF({SURVEYED_NAME},1,0)" if row.survey else 1
    cells["flag"] = "=" + _flag(row, c)
    cells["suppressed"] = "=" + _suppressed(c)
    cells["value_raw"] = "=" + _value(row, c)
    lower, upper = _bounds(row, c)
    cells["ci_lower_raw"], cells["ci_upper_raw"] = "=" + lower, "=" + upper
    rl = row.measure == "relative_likelihood"
    if rl:
        cells["assessment_code"] = (f'=IF({c["ci_lower_raw"]}="","not_assessed",IF({c["ci_lower_raw"]}>1,'
                                    f'"more_likely",IF({c["ci_upper_raw"]}<1,"less_likely","no_clear_difference")))')
    hidden = f'{c["flag"]}="{NO_SURVEY}"'
    withheld = f'IF({hidden},"[x]",IF({c["suppressed"]},"[c]",'
    cells["value"] = f'={withheld}IF({c["value_raw"]}="","[x]",{c["value_raw"]})))'
    if row.measure in ("gap_pp", "share_unknown"):
        cells["ci_lower"] = cells["ci_upper"] = "[z]"
    else:
        for shown, raw in (("ci_lower", "ci_lower_raw"), ("ci_upper", "ci_upper_raw")):
            cells[shown] = f'={withheld}IF({c[raw]}="","[x]",{c[raw]})))'
    for shown, formula in zip(("rate_group", "rate_white"), _rates(row, c)):
        cells[shown] = "[z]" if formula is None else f"={withheld}{formula}))"
    if rl:
        said = words["assessments"]
        adverse = codes.ADVERSE_DIRECTION.get(row.indicator) if row.indicator != "1" else None
        code = c["assessment_code"]
        phrase = "".join(f'IF({code}="{k}",{_text(v)},' for k, v in said.items()) + '""' + ")" * len(said)
        if adverse is not None:
            phrase += f'&IF({code}="{adverse}",{_text(words["adverse"])},"")'
        cells["assessment"] = f'=IF({hidden},"",IF({c["suppressed"]},"[c]",{phrase}))'
    else:
        cells["assessment"] = "[z]"
    notes = words["notes"]
    flags = [f for f in ("no_denominator", "reference_zero", "zero_events") if rl or f == "no_denominator"]
    note = "".join(f'IF({c["flag"]}="{f}",{_text(notes[f])},' for f in flags) + '""' + ")" * len(flags)
    cells["note"] = (f'=IF({hidden},{_text(notes[NO_SURVEY])},'
                     f'IF({c["suppressed"]},{_text(notes["suppressed"])},{note}))')
    return cells

