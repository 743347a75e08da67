"""Every published national figure of a year under a readable key, for content to quote.

A foreword or a commentary quotes a figure by key, ``{{< var
indicator_2.all_services.minoritised.relative_likelihood >}}``, never by typing it, so
it cannot drift from the tables (issue 16: one WRES report printed 1.7 and 1.8 for a
figure whose counts give 1.83). The values are read off the published national data
tables themselves (``data_tables.data_tables``: the same disclosure control, rounding
and ``[c]``, ``[x]``, ``[z]`` as the workbook and the CSV files); only the keys are
made here. Each year's build writes them to ``<out>/<year>/variables.yml`` (Quarto's
``_variables.yml`` format: nested keys, read with dots).

A key is ``<what>.<service>.<group>[.<pay band>].<figure>``, from codes, never from the
tables' words (which analysts may edit): ``indicator_7a``, ``all_services``,
``adult_services``, ``childrens_services``, ``minoritised``, ``asian``..., the pay band
codes (``below_30k``), and the figure (``relative_likelihood``, ``..._lower``,
``group_counted``...; ``TABLE_KEYS`` below lists each table's). Counts are written
with thousands separators (12,345), as prose shows them; a share (0.215) also has a
``_percent`` twin (21.5), the same figure with the decimal point moved.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from scwres_helpers import codes, config, registry
from scwres_helpers.atomic import write_text_atomic
from scwres_helpers.bundles import NationalInputs
from scwres_helpers.cache import Cache, canonical_json, code_fingerprint, file_sha256
from scwres_helpers.disclosure.national_tables import HEADCOUNT_TOTAL
from scwres_helpers.publish.data_national import HEADCOUNT_HEADERS
from scwres_helpers.publish.data_sheets import COUNT, DataTable
from scwres_helpers.report.wording import GROUP_LABELS, SERVICE_LABELS
from scwres_helpers.yaml_files import read_yaml

VARIABLES_FILE = "variables.yml"
SERVICE_KEYS = {codes.ALL_SERVICES: "all_services", "adult": "adult_services", "children": "childrens_services"}
ALL_PAY_BANDS = "all_pay_bands"
PERCENT_SUFFIX = "_percent"

# Published column -> figure name, for each kind of row.
RL_FIGURES = {
    "Relative likelihood": "relative_likelihood",
    "Lower 95% limit": "relative_likelihood_lower",
    "Upper 95% limit": "relative_likelihood_upper",
    "Group: rate": "group_rate",
    "White: rate": "white_rate",
    "Group: number counted": "group_counted",
    "Group: number with the outcome": "group_with_outcome",
    "White: number counted": "white_counted",
    "White: number with the outcome": "white_with_outcome",
}
BAND_FIGURES = {
    "Group: staff in the band": "group_staff",
    "White: staff in the band": "white_staff",
    "Group's share of the band": "share",
    "Share: lower 95% limit": "share_lower",
    "Share: upper 95% limit": "share_upper",
    "Relative likelihood of being in the band": "relative_likelihood",
    "Lower 95% limit": "relative_likelihood_lower",
    "Upper 95% limit": "relative_likelihood_upper",
}
SURVEY_FIGURES = {
    "Group: respondents": "group_respondents",
    "Group: reported harassment, bullying or abuse": "group_reported",
    "Group: percentage": "percent",
    "Lower 95% limit": "percent_lower",
    "Upper 95% limit": "percent_upper",
    "White: respondents": "white_respondents",
    "White: reported harassment, bullying or abuse": "white_reported",
    "White: percentage": "white_percent",
}
SENIOR_FIGURES = {
    "Group: senior managers": "group_senior_managers",
    "White: senior managers": "white_senior_managers",
    "Group's share of senior managers": "share",
    "Lower 95% limit": "share_lower",
    "Upper 95% limit": "share_upper",
    "Gap with the group's share of all staff (percentage points)": "gap_pp",
}
QUALITY_FIGURES = {
    "Staff whose ethnicity is not known": "unknown_staff",
    "All staff": "all_staff",
    "Share whose ethnicity is not known": "share_unknown",
}
TREND_FIGURES = {
    "Relative likelihood": "relative_likelihood",
    "Lower 95% limit": "relative_likelihood_lower",
    "Upper 95% limit": "relative_likelihood_upper",
}
SPREAD_FIGURES = {
    "Authorities with a published value": "with_published_value",
    "Lowest": "lowest",
    "Lower quartile": "lower_quartile",
    "Median": "median",
    "Upper quartile": "upper_quartile",
    "Highest": "highest",
    "Authorities with a clear adverse difference": "clear_adverse",
    "Authorities whose figure is withheld": "withheld",
}
# Figures that are proportions (0-1): each also gets a percentage twin.
SHARES = frozenset({"share", "share_lower", "share_upper", "share_unknown"})


class VariablesError(ValueError):
    """A published table cannot be keyed (an unknown label, or two figures under one key)."""


def _inverse(labels: Mapping[str, str], what: str) -> Callable[[str], str]:
    by_label = {label: code for code, label in labels.items()}

    def code(label: str) -> str:
        if label not in by_label:
            raise VariablesError(f"no {what} is labelled {label!r} (known: {', '.join(by_label)})")
        return by_label[label]

    return code


_service_code = _inverse(SERVICE_LABELS, "service")
_group_code = _inverse(GROUP_LABELS, "group")
_band_code = _inverse({**registry.BAND_LABELS, HEADCOUNT_TOTAL: "All pay bands"}, "pay band")
_headcount_group = _inverse(HEADCOUNT_HEADERS, "headcount column")


def indicator_key(indicator: str) -> str:
    """``indicator_2``, ``indicator_7a``: a key segment for an indicator id."""
    return f"indicator_{indicator.lower()}"


def _service(row: Mapping[str, str]) -> str:
    return SERVICE_KEYS[_service_code(row["Service"])]


def _group(row: Mapping[str, str]) -> str:
    return _group_code(row["Ethnic group"])


def _with_band(node: str, row: Mapping[str, str]) -> str:
    return f"{node}.{_band_code(row['Pay band'])}" if row["Indicator"] == "1" else node


# Each published table: the key of a row's node, and its columns' figure names.
@dataclass(frozen=True)
class TableKeys:
    node: Callable[[Mapping[str, str]], str]
    figures: Callable[[Mapping[str, str]], Mapping[str, str]]


def _fixed(figures: Mapping[str, str]) -> Callable[[Mapping[str, str]], Mapping[str, str]]:
    return lambda row: figures


TABLE_KEYS: dict[str, TableKeys] = {
    "national_indicators": TableKeys(
        lambda r: f"{indicator_key(r['Indicator'])}.{_service(r)}.{_group(r)}", _fixed(RL_FIGURES)),
    "pay_bands": TableKeys(
        lambda r: f"{indicator_key('1')}.{SERVICE_KEYS[codes.ALL_SERVICES]}.{_group(r)}.{_band_code(r['Pay band'])}",
        _fixed(BAND_FIGURES)),
    "survey": TableKeys(
        lambda r: f"{indicator_key(r['Indicator'])}.{_service(r)}.{_group(r)}", _fixed(SURVEY_FIGURES)),
    "senior_managers": TableKeys(
        lambda r: f"{indicator_key('9')}.{_service(r)}.{_group(r)}", _fixed(SENIOR_FIGURES)),
    "data_quality": TableKeys(lambda r: f"data_quality.{_service(r)}", _fixed(QUALITY_FIGURES)),
    "headcount": TableKeys(
        lambda r: f"headcount.{ALL_PAY_BANDS if _band_code(r['Pay band']) == HEADCOUNT_TOTAL else _band_code(r['Pay band'])}",
        lambda r: {header: _headcount_group(header) for header in HEADCOUNT_HEADERS.values()}),
    "trend": TableKeys(
        lambda r: _with_band(f"trend.year_{r['Year']}.{indicator_key(r['Indicator'])}", r), _fixed(TREND_FIGURES)),
    "distribution": TableKeys(
        lambda r: _with_band(f"authorities.{indicator_key(r['Indicator'])}", r), _fixed(SPREAD_FIGURES)),
}


def _grouped(cell: str) -> str:
    """A published whole number with thousands separators (12345 -> 12,345); codes stay."""
    try:
        return f"{int(cell):,}"
    except ValueError:
        return cell


def percent_text(cell: str) -> str:
    """A published proportion as a percentage with the same digits: '0.215' -> '21.5'.

    The decimal point moves two places; nothing is rounded again. Codes stay as they are.
    """
    try:
        number = Decimal(cell)
    except InvalidOperation:
        return cell
    places = max(0, -number.as_tuple().exponent - 2)
    return f"{number.scaleb(2):.{places}f}"


def _cell_text(table: DataTable, column: str, cell: str) -> str:
    whole = column in table.decimals and table.decimals[column] is COUNT
    return _grouped(cell) if whole and column not in table.no_separators else cell


def table_figures(table: DataTable) -> Iterator[tuple[str, str]]:
    """(key, published text) for every figure of one published TABLE it knows how to key."""
    keys = TABLE_KEYS.get(table.name)
    if keys is None:
        return
    for row in table.frame.to_dict("records"):
        node = keys.node(row)
        for column, figure in keys.figures(row).items():
            if column not in row:
                raise VariablesError(f"the {table.name} table has no column {column!r}")
            text = _cell_text(table, column, str(row[column]))
            yield f"{node}.{figure}", text
            if figure in SHARES:
                yield f"{node}.{figure}{PERCENT_SUFFIX}", percent_text(text)
        if table.name == "trend":
            yield f"trend.year_{row['Year']}.authorities_pooled", row["Authorities pooled"]


def national_variables(tables: list[DataTable], year: int) -> dict[str, str]:
    """Every figure of the published national TABLES of YEAR, flat: dotted key -> text.

    ``year`` and ``authorities_pooled`` (this year's, from the trend table) come first.
    """
    flat: dict[str, str] = {"year": str(int(year))}
    for table in tables:
        for key, text in table_figures(table):
            if flat.get(key, text) != text:
                raise VariablesError(f"two published figures under one key {key!r}: {flat[key]!r} and {text!r}")
            flat[key] = text
    pooled = flat.get(f"trend.year_{int(year)}.authorities_pooled")
    if pooled is not None:
        flat = {"year": flat["year"], "authorities_pooled": pooled, **flat}
    return flat


def nested(flat: Mapping[str, str]) -> dict:
    """Dotted keys as nested mappings (how Quarto's ``_variables.yml`` holds them)."""
    tree: dict = {}
    for key, value in flat.items():
        *parents, leaf = key.split(".")
        node = tree
        for part in parents:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise VariablesError(f"key {key!r} runs through a figure")
        if leaf in node:
            raise VariablesError(f"key {key!r} is both a figure and a group of figures")
        node[leaf] = value
    return tree


def flattened(tree: Mapping, prefix: str = "") -> dict[str, str]:
    """Nested mappings back to dotted keys (the leaves, as text)."""
    flat: dict[str, str] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flattened(value, name + "."))
        else:
            flat[name] = str(value)
    return flat


HEADER = (
    "# Every published national figure of {year}, as the data tables publish it ([c]: withheld,\n"
    "# [x]: not available, [z]: not applicable). Quote one in content/{year}/ with\n"
    "# {{{{< var KEY >}}}}, e.g. {{{{< var {example} >}}}}. Written by the build: do not edit.\n"
)


def variables_yaml(flat: Mapping[str, str]) -> str:
    """The text of ``variables.yml``: a short header, then the nested keys in table order."""
    example = next((k for k in flat if k.endswith(".relative_likelihood")), next(iter(flat), "year"))
    body = yaml.safe_dump(nested(flat), sort_keys=False, allow_unicode=True, default_flow_style=False, width=1000)
    return HEADER.format(year=flat.get("year", ""), example=example) + body


def write_variables(flat: Mapping[str, str], path: Path) -> Path:
    return write_text_atomic(Path(path), variables_yaml(flat))


def read_variables(path: Path) -> dict[str, str]:
    """A ``variables.yml`` as flat dotted keys."""
    tree = read_yaml(path) or {}
    if not isinstance(tree, Mapping):
        raise VariablesError(f"{path}: not a mapping of keys")
    return flattened(tree)


def year_variables(inputs: NationalInputs, threshold: int) -> dict[str, str]:
    """The year's figures from its published national tables (as ``write_data_tables`` makes them)."""
    from scwres_helpers.publish.data_tables import data_tables

    return national_variables(data_tables(inputs, threshold=threshold), inputs.year)


def update_variables(path: Path, bundle_files: Iterable[Path], threshold: int,
                     inputs: Callable[[], NationalInputs]) -> dict[str, str]:
    """``variables.yml`` at PATH, written again only when what it is made from changed: the
    national bundle (BUNDLE_FILES), the threshold, the code or the words of the tables'
    labels. INPUTS gives the national inputs when they are needed (they take a moment)."""
    key = hashlib.sha256(canonical_json({
        "bundle": sorted([Path(p).name, file_sha256(p)] for p in bundle_files),
        "threshold": int(threshold),
        "code": code_fingerprint(config.PACKAGE_DIR, exclude=()),
        "labels": file_sha256(config.PHRASEBOOK),
    }).encode("utf-8")).hexdigest()
    cache = Cache()
    if cache.is_fresh(path, key):
        return read_variables(path)
    flat = year_variables(inputs(), threshold)
    write_variables(flat, path)
    cache.record(path, key)
    return flat
