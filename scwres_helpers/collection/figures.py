"""The workbook's own figures: a sheet that works out the council's indicators as it types, with charts.

Three sheets, all named ``readme...`` so the return reader never reads them
(docs/data-return.md): ``README figures`` (the council picks a service and a group;
the table of ``figure_rows`` and a chart per indicator follow), and two hidden ones:
``readme_counts``, the counts by service and ethnicity summed from the data sheets
(every accepted spelling of an ethnicity: code, census label, NHS letter), and
``readme_charts``, what the charts draw (``#N/A``, a gap, where a figure is withheld
or cannot be worked out, so a chart never shows what the table withholds).
The words are in ``templates/workbook_figures.yml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import NumDataSource, NumRef
from openpyxl.chart.error_bar import ErrorBars
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties, RegularTextRun
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from scwres_helpers import codes, config
from scwres_helpers.collection.figure_rows import (
    COUNTS_SHEET,
    GRID_KEYS,
    GROUP_NAME,
    HIDDEN,
    SERVICE_NAME,
    SHOWN,
    SURVEYED_NAME,
    THRESHOLD_NAME,
    Z_NAME,
    FigureRow,
    column,
    figure_rows,
    grid_column,
    grid_key_column,
    row_formulas,
)
from scwres_helpers.indicators.counts import COUNT_FIELDS, band_column, experienced_column, respondents_column
from scwres_helpers.registry import BAND_LABELS
from scwres_helpers.report.wording import GROUP_LABELS

FIGURES_SHEET = "README figures"
CHARTS_SHEET = "readme_charts"
WORDS_FILE = config.TEMPLATES_DIR / "workbook_figures.yml"
# Where things sit on the figures sheet.
SERVICE_CELL, GROUP_CELL, THRESHOLD_CELL, UNCOUNTED_CELL = "C6", "C7", "C8", "C9"
HEADING_ROW = 11
HEADER_ROW = 12
FIRST_ROW = 13

_CHOICE_FILL = PatternFill("solid", fgColor="FFF2CC")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_UNLOCKED = Protection(locked=False)
_WIDTHS = {"indicator": 9, "what": 46, "figure": 34, "assessment": 24, "note": 70}
_LETTERS = {code: letter for letter, code in codes.NHS_LETTER_CODES.items()}


@lru_cache(maxsize=1)
def sheet_words() -> dict:
    """The sheet's wording, read once."""
    with open(WORDS_FILE, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def add_figure_sheets(workbook: Workbook, service_list: str, group_list: str) -> Worksheet:
    """Add the three sheets (the visible one after the data and plan sheets) and their names.

    SERVICE_LIST, GROUP_LIST: references to the drop-down values of the two choices.
    """
    words = sheet_words()
    figures = workbook.create_sheet(FIGURES_SHEET)
    counts = _counts_sheet(workbook)
    _define(workbook, SERVICE_NAME, f"{_sheet(FIGURES_SHEET)}!${SERVICE_CELL[0]}${SERVICE_CELL[1:]}")
    _define(workbook, GROUP_NAME, f"{_sheet(FIGURES_SHEET)}!${GROUP_CELL[0]}${GROUP_CELL[1:]}")
    _define(workbook, THRESHOLD_NAME, f"{_sheet(FIGURES_SHEET)}!${THRESHOLD_CELL[0]}${THRESHOLD_CELL[1:]}")
    rows = figure_rows()
    _figures_table(figures, rows, words, service_list, group_list)
    _charts(workbook, figures, rows, words)
    counts.sheet_state = "hidden"
    return figures


def _define(workbook: Workbook, name: str, target: str) -> None:
    workbook.defined_names[name] = DefinedName(name, attr_text=target)


# ---------------------------------------------------------------- the counts grid

@dataclass(frozen=True)
class _Source:
    """Where a grid field comes from: a count column of a data sheet (with extra criteria),
    or, for a reporting band, the grid fields it adds up."""

    table: str = ""
    count: str = ""
    criteria: tuple[tuple[str, str], ...] = ()
    adds: tuple[str, ...] = ()


def _field_source(field: str) -> _Source:
    """What the grid sums into FIELD (the same definitions as ``indicators.counts``)."""
    if field == "headcount":
        return _Source("workforce", "headcount")
    if field == "regulated_headcount":
        return _Source("workforce", "headcount", (("regulated", "yes"),))
    if field == "senior_headcount":
        return _Source("workforce", "headcount", (("senior_manager", "yes"),))
    for band in codes.PAY_BANDS:
        if field == band_column(band):
            return _Source("workforce", "headcount", (("pay_band", band),))
    for band, members in codes.REPORTING_BANDS.items():
        if field == band_column(band):
            return _Source(adds=tuple(band_column(m) for m in members))
    for source in codes.SURVEY_SOURCES:
        if field == respondents_column(source):
            return _Source("survey", "respondents", (("source", source),))
        if field == experienced_column(source):
            return _Source("survey", "experienced", (("source", source),))
    for table in codes.EVENT_TABLES:
        if field in codes.TABLE_COUNTS[table]:
            return _Source(table, field)
    raise KeyError(field)


def _whole(table: str, name: str) -> str:
    letter = column_of(table, name)
    return f"{table}!${letter}:${letter}"


def column_of(table: str, name: str) -> str:
    """Letter of a column of a data sheet."""
    return get_column_letter(codes.table_columns(table).index(name) + 1)


def _grid_formula(field: str, r: int) -> str:
    """Sum of FIELD for grid row R's service and ethnicity, over every accepted spelling."""
    source = _field_source(field)
    if source.adds:
        return "=" + "+".join(f"{grid_column(f)}{r}" for f in source.adds)
    table, count = source.table, source.count
    criteria = "".join(f',{_whole(table, name)},"{value}"' for name, value in source.criteria)
    key = grid_key_column

    def sumifs(spelling: str) -> str:
        return (f"SUMIFS({_whole(table, count)},{_whole(table, 'service')},${key('service')}{r},"
                f"{_whole(table, 'ethnicity')},{spelling}{criteria})")

    code, label, letter = (f"${key(name)}{r}" for name in ("ethnicity", "label", "letter"))
    return f'={sumifs(code)}+{sumifs(label)}+IF({letter}="",0,{sumifs(letter)})'


def _counts_sheet(workbook: Workbook) -> Worksheet:
    """One row per service and ethnicity: spellings, role for the current choice, summed counts."""
    sheet = workbook.create_sheet(COUNTS_SHEET)
    for position, name in enumerate(GRID_KEYS + COUNT_FIELDS, start=1):
        sheet.cell(1, position, name)
    r = 1
    for service in codes.SERVICES:
        for code in codes.ETHNICITIES:
            r += 1
            group = codes.ETHNICITY_GROUP[code]
            comparison = group if group in (codes.REFERENCE_GROUP, codes.UNKNOWN_GROUP) else codes.MINORITISED
            chosen = f'OR({SERVICE_NAME}="{codes.ALL_SERVICES}",$A{r}={SERVICE_NAME})'
            role = (f'=IF({chosen},IF($F{r}="white","white",IF($F{r}="unknown","unknown",'
                    f'IF(OR({GROUP_NAME}="{codes.MINORITISED}",{GROUP_NAME}=$E{r}),"group","other"))),"")')
            values = {"service": service, "ethnicity": code, "label": codes.CENSUS_LABELS[code],
                      "letter": _LETTERS.get(code, ""), "group": group, "comparison": comparison,
                      "role": role, "in_service": f"=IF({chosen},1,0)"}
            for position, key in enumerate(GRID_KEYS, start=1):
                cell = sheet.cell(r, position, values[key])
                if key in ("label", "letter"):
                    cell.data_type = "s"
            for field in COUNT_FIELDS:
                sheet[f"{grid_column(field)}{r}"] = _grid_formula(field, r)
    constants = r + 2
    sheet.cell(constants, 1, "z")
    sheet.cell(constants, 2, codes.Z_95)
    sheet.cell(constants + 1, 1, "surveyed")
    survey_services = _whole("survey", "service")
    sheet.cell(constants + 1, 2,
               f'=IF({SERVICE_NAME}="{codes.ALL_SERVICES}",'
               + "+".join(f'COUNTIFS({survey_services},"{s}")' for s in codes.SERVICES)
               + f",COUNTIFS({survey_services},{SERVICE_NAME}))>0")
    _define(workbook, Z_NAME, f"{COUNTS_SHEET}!$B${constants}")
    _define(workbook, SURVEYED_NAME, f"{COUNTS_SHEET}!$B${constants + 1}")
    sheet.protection.sheet = True
    return sheet


# ---------------------------------------------------------------- the figures table

_COUNT_FORMAT = "#,##0"
_FORMATS = {  # measure -> (rate format, value and interval format)
    "relative_likelihood": ("0.0%", "[=0]0;0.00"),
    "share_minoritised": ("0.0%", "0.0%"),
    "percent_experienced": ('0.0"%"', '0.0"%"'),
    "gap_pp": ("General", "0.0"),
    "share_unknown": ("General", "0.0%"),
}


def _what(row: FigureRow, words: dict) -> str:
    name = codes.INDICATOR_NAMES[row.indicator]
    return words["band_row"].format(name=name, band=BAND_LABELS[row.breakdown]) if row.breakdown else name


def _group_label_formula() -> str:
    """The chosen group's label (as the reports name it), from the choice cell."""
    labels = [(g, GROUP_LABELS[g]) for g in codes.COMPARED_GROUPS]
    return "".join(f'IF({GROUP_NAME}="{g}","{label}",' for g, label in labels) + f"{GROUP_NAME}" + ")" * len(labels)


def _figures_table(sheet: Worksheet, rows: list[FigureRow], words: dict, service_list: str, group_list: str) -> None:
    sheet["A1"] = words["sheet_title"]
    sheet["A1"].font = Font(bold=True, size=16)
    for offset, text in enumerate(words["intro"], start=2):
        sheet.cell(offset, 1, text).alignment = Alignment(wrap_text=False)
    selectors = words["selectors"]
    for cell, text, value in ((SERVICE_CELL, selectors["service"], codes.ALL_SERVICES),
                              (GROUP_CELL, selectors["group"], codes.MINORITISED),
                              (THRESHOLD_CELL, selectors["threshold"], codes.DEFAULT_SUPPRESSION_THRESHOLD)):
        sheet[f"B{cell[1:]}"] = text
        sheet[cell] = value
    for cell, source in ((SERVICE_CELL, service_list), (GROUP_CELL, group_list)):
        sheet[cell].fill = _CHOICE_FILL
        sheet[cell].protection = _UNLOCKED
        sheet[cell].font = Font(bold=True)
        choice = DataValidation(type="list", formula1=source, allow_blank=False, showErrorMessage=True,
                                errorTitle="Choose from the list", error="Choose a value from the list.")
        choice.add(cell)
        sheet.add_data_validation(choice)
    sheet[f"B{UNCOUNTED_CELL[1:]}"] = selectors["uncounted"]
    headcount = grid_column("headcount")
    sheet[UNCOUNTED_CELL] = (f"=SUM({_whole('workforce', 'headcount')})"
                             f"-SUM({COUNTS_SHEET}!${headcount}$2:${headcount}${1 + 2 * len(codes.ETHNICITIES)})")
    heading = selectors["heading"].replace('"', '""')
    heading = ('="' + heading.replace("{group}", '"&' + _group_label_formula() + '&"')
               .replace("{service}", f'"&{SERVICE_NAME}&"') + '"')
    sheet.cell(HEADING_ROW, 1, heading).font = Font(bold=True, size=13)
    for name in SHOWN + HIDDEN:
        cell = sheet[f"{column(name)}{HEADER_ROW}"]
        cell.value = words["columns"].get(name, name)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[column(name)].width = _WIDTHS.get(name, 11)
    for offset, row in enumerate(rows):
        r = FIRST_ROW + offset
        cells = row_formulas(row, r, words)
        cells.update(indicator=row.indicator, what=_what(row, words), figure=words["measures"][row.measure])
        rate_format, value_format = _FORMATS[row.measure]
        for name, value in cells.items():
            cell = sheet[f"{column(name)}{r}"]
            cell.value = value
            if name.startswith(("numerator", "denominator")):
                cell.number_format = _COUNT_FORMAT
            elif name.startswith("rate"):
                cell.number_format = rate_format
            elif name in ("value", "ci_lower", "ci_upper"):
                cell.number_format = value_format
            if name in ("value", "ci_lower", "ci_upper", "rate_group", "rate_white", "assessment"):
                cell.alignment = Alignment(horizontal="right")
    sheet.column_dimensions.group(column(HIDDEN[0]), column(HIDDEN[-1]), hidden=True)
    sheet.freeze_panes = f"D{FIRST_ROW}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_area = f"A1:{column(SHOWN[-1])}{_chart_rows_end(len(rows))}"
    sheet.protection.sheet = True


# ---------------------------------------------------------------- charts

_CHART_ROWS = 18  # sheet rows per band of charts
_CHART_COLUMNS = ("B", "F")  # two charts side by side


def _chart_rows_end(n_rows: int) -> int:
    return _charts_start(n_rows) + _CHART_ROWS * 6


def _charts_start(n_rows: int) -> int:
    return FIRST_ROW + n_rows + 2


def _find(rows: list[FigureRow], indicator: str, measure: str, breakdown: str = "") -> int:
    """The sheet row of a figure."""
    for offset, row in enumerate(rows):
        if (row.indicator, row.measure, row.breakdown) == (indicator, measure, breakdown):
            return FIRST_ROW + offset
    raise KeyError((indicator, measure, breakdown))


def _ref(name: str, r: int) -> str:
    return f"{_sheet(FIGURES_SHEET)}!{column(name)}{r}"


class _ChartData:
    """Blocks of rows on the hidden charts sheet: label, value, minus and plus error."""

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.next_row = 1

    def block(self, points: list[tuple[str, str, str, str]]) -> tuple[int, int]:
        """Write POINTS (label, value, minus, plus formulas or values); the rows used."""
        first = self.next_row
        for label, value, minus, plus in points:
            for position, content in enumerate((label, value, minus, plus), start=1):
                self.sheet.cell(self.next_row, position, content)
            self.next_row += 1
        self.next_row += 1
        return first, self.next_row - 2


def _number_or_gap(expression: str, scale: str = "") -> str:
    return f"=IF(ISNUMBER({expression}),{scale}{expression},NA())"


def _errors(value_cell: str, lower: str, upper: str, scale: str) -> tuple[str, str]:
    """Minus and plus error of a point whose interval is LOWER..UPPER (gap where either is missing)."""
    ok = f"AND(ISNUMBER({value_cell}),ISNUMBER({lower}),ISNUMBER({upper}))"
    return (f"=IF({ok},{value_cell}-{scale}{lower},NA())", f"=IF({ok},{scale}{upper}-{value_cell},NA())")


def _title(text: str) -> Title:
    """A chart title in 11-point bold (the default is too large for a half-page chart)."""
    run = RegularTextRun(rPr=CharacterProperties(sz=1100, b=True), t=text)
    paragraph = Paragraph(pPr=ParagraphProperties(defRPr=CharacterProperties(sz=1100, b=True)), r=[run])
    return Title(tx=Text(rich=RichText(p=[paragraph])), overlay=False)


def _bar_chart(data: _ChartData, rows: tuple[int, int], title: str, axis: str, errors: bool,
               log: bool = False) -> BarChart:
    sheet = data.sheet
    first, last = rows
    chart = BarChart()
    chart.type = "col"
    chart.title = _title(title)
    chart.legend = None
    chart.y_axis.title = axis
    chart.y_axis.majorGridlines = None if log else chart.y_axis.majorGridlines
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.visible_cells_only = False  # the data sit on a hidden sheet
    chart.display_blanks = "gap"
    chart.add_data(Reference(sheet, min_col=2, min_row=first, max_row=last), titles_from_data=False)
    chart.set_categories(Reference(sheet, min_col=1, min_row=first, max_row=last))
    series = chart.series[0]
    series.graphicalProperties.solidFill = "12436D"
    series.graphicalProperties.line.solidFill = "12436D"
    if errors:
        series.errBars = ErrorBars(
            errDir="y", errBarType="both", errValType="cust", noEndCap=False,
            minus=NumDataSource(numRef=NumRef(f=f"{CHARTS_SHEET}!$C${first}:$C${last}")),
            plus=NumDataSource(numRef=NumRef(f=f"{CHARTS_SHEET}!$D${first}:$D${last}")))
    if log:
        chart.y_axis.scaling.logBase = 10
        chart.x_axis.crossesAt = 1  # bars rise above 1 (more likely) and fall below it
        chart.x_axis.tickLblPos = "low"  # labels below the chart, not on the line at 1
    else:
        chart.y_axis.scaling.min = 0
    chart.width, chart.height = 15.5, 8.5
    return chart


def _charts(workbook: Workbook, figures: Worksheet, rows: list[FigureRow], words: dict) -> None:
    """A chart per indicator and one of every relative likelihood, below the table."""
    data = _ChartData(workbook.create_sheet(CHARTS_SHEET))
    data.sheet.sheet_state = "hidden"
    chart_words = words["charts"]
    group_label = "=" + _group_label_formula()
    charts: list[BarChart] = []

    def name(indicator: str) -> str:
        return codes.INDICATOR_NAMES[indicator]

    # Indicator 1: the group's share of each pay band, with its Wilson interval.
    points = []
    for band in codes.PAY_BANDS:
        r = _find(rows, "1", "share_minoritised", band)
        value = _number_or_gap(_ref("value", r), "100*")
        minus, plus = _errors(f"B{data.next_row + len(points)}", _ref("ci_lower", r), _ref("ci_upper", r), "100*")
        points.append((BAND_LABELS[band], value, minus, plus))
    charts.append(_bar_chart(data, data.block(points), chart_words["band_title"].format(id="1", name=name("1")),
                             chart_words["share_axis"], errors=True))
    for indicator in codes.INDICATORS[1:-1]:
        if indicator in codes.SURVEY_INDICATOR_SOURCE:
            r = _find(rows, indicator, "percent_experienced")
            first = data.next_row
            minus, plus = _errors(f"B{first}", _ref("ci_lower", r), _ref("ci_upper", r), "")
            points = [(group_label, _number_or_gap(_ref("rate_group", r)), minus, plus),
                      (chart_words["white"], _number_or_gap(_ref("rate_white", r)), "=NA()", "=NA()")]
            title = chart_words["survey_title"].format(id=indicator, name=name(indicator))
            charts.append(_bar_chart(data, data.block(points), title, chart_words["rate_axis"], errors=True))
        else:
            r = _find(rows, indicator, "relative_likelihood")
            points = [(group_label, _number_or_gap(_ref("rate_group", r), "100*"), "", ""),
                      (chart_words["white"], _number_or_gap(_ref("rate_white", r), "100*"), "", "")]
            title = chart_words["rate_title"].format(id=indicator, name=name(indicator))
            charts.append(_bar_chart(data, data.block(points), title, chart_words["rate_axis"], errors=False))
    # Indicator 9: the group's share among senior managers against its share of all staff.
    senior, gap = _find(rows, "9", "share_minoritised"), _find(rows, "9", "gap_pp")
    first = data.next_row
    minus, plus = _errors(f"B{first}", _ref("ci_lower", senior), _ref("ci_upper", senior), "100*")
    x, w = _ref("total_group", gap), _ref("total_white", gap)
    small = f"OR(AND({x}>0,{x}<{THRESHOLD_NAME}),AND({w}>0,{w}<{THRESHOLD_NAME}),{x}+{w}=0)"
    points = [(chart_words["senior"], _number_or_gap(_ref("value", senior), "100*"), minus, plus),
              (chart_words["everyone"], f"=IF({small},NA(),100*{x}/({x}+{w}))", "=NA()", "=NA()")]
    charts.append(_bar_chart(data, data.block(points), chart_words["senior_title"].format(id="9", name=name("9")),
                             chart_words["share_axis"], errors=True))
    # Every relative likelihood but indicator 1's, on a log scale around 1.
    points = []
    for indicator in codes.INDICATORS[1:]:
        r = _find(rows, indicator, "relative_likelihood")
        point = f"B{data.next_row + len(points)}"
        value = f"=IF(AND(ISNUMBER({_ref('value', r)}),N({_ref('value', r)})>0),{_ref('value', r)},NA())"
        minus, plus = _errors(point, _ref("ci_lower", r), _ref("ci_upper", r), "")
        points.append((indicator, value, minus, plus))
    charts.append(_bar_chart(data, data.block(points), chart_words["summary_title"], chart_words["summary_axis"],
                             errors=True, log=True))
    data.sheet.protection.sheet = True
    start = _charts_start(len(rows))
    for position, chart in enumerate([charts[-1]] + charts[:-1]):
        band, side = divmod(position, 2)
        figures.add_chart(chart, f"{_CHART_COLUMNS[side]}{start + band * _CHART_ROWS}")
