"""Disclosure control across every national table published for one year.

Suppressing each published row on its own (``suppressed`` in the indicators table) is
not enough once several tables are public, because the counts they show add up:

- ``minoritised`` is the sum of the asian, black, mixed and other groups;
- ``all`` services is the sum of adult and children;
- the reporting bands are sums of pay bands, and a group's headcount is the sum of its
  pay bands (the headcount table states this with its totals);
- the same headcount is the denominator of indicators 1, 3, 5, 8 and 9, and the
  senior-manager gap (indicator 9) also reveals the headcounts.

So a hidden count could be worked out by subtraction from the other rows or tables.
Here every count that a published national figure reveals is a *key*
``(quantity, service, band, group)``, every published row or headcount-table cell is an
*item* showing some keys, and the sums above are equations between keys.
``secondary.suppress`` then hides items until no small count (1 to threshold - 1),
and no ``[c]`` cell of the headcount table, can be worked out. A hidden row shows
``[c]`` for all of its counts and everything derived from them; a count it shows that
another published row also shows is not secret, only the small ones and the headcount
table's ``[c]`` cells are.

The tables publish indicator 1 (pay bands) for all services only: split by service as
well, the small counts of a three-way table (service x band x group) would need many
more cells hidden.
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field, replace
from typing import Protocol

import pandas as pd

from scwres_helpers import codes, registry
from scwres_helpers.disclosure.primary import disclosive_rows
from scwres_helpers.disclosure.reasons import TOO_FEW, withheld_reasons
from scwres_helpers.disclosure.secondary import Equation, Item, recoverable_keys, suppress, unknown_keys
from scwres_helpers.disclosure.shorthand import is_missing

Key = tuple[str, str, str, str]  # (quantity, service, band, group)

WHITE = codes.REFERENCE_GROUP
KNOWN = "known"  # white + minoritised: staff of known ethnicity
GROUPS = (*codes.MINORITISED_GROUPS, codes.MINORITISED, WHITE)
HEADCOUNT_COLUMNS = (WHITE, "mixed", "asian", "black", "other", KNOWN)
HEADCOUNT_TOTAL = "total"

# The staff at risk (denominator) and the outcome (numerator) of each indicator, as shared
# quantities: the count fields the registry names (indicator 1's outcome is per band).
DENOMINATOR: dict[str, str] = {i.id: i.at_risk for i in registry.indicators()}
NUMERATOR: dict[str, str] = {i.id: i.outcome for i in registry.indicators()}
DQ_UNKNOWN = "unknown_headcount"
DQ_TOTAL = "total_headcount"
# What withholding an item loses, for the suppression to keep losses small: a relative
# likelihood (with its interval and assessment) counts 1, and 3 for a headline (all
# minoritised staff, all services); a share, percentage or gap row, or one cell of the
# headcount table, half (each repeats counts shown elsewhere).
HALF = 0.5
HEADLINE = 3.0  # a relative likelihood for all minoritised staff in all services: the headline


PRIMARY = "primary"  # a count of 1 to threshold - 1, or a figure resting on one (or on a small complement)
SECONDARY = "secondary"  # withheld so that a small count cannot be worked out from the others
COUNT_COLUMNS = ("numerator_group", "denominator_group", "numerator_white", "denominator_white")


@dataclass(frozen=True)
class NationalDisclosure:
    """What may be shown for one year's national figures: one pattern for every table.

    ``hidden_rows``: index labels of the national indicator rows whose figures (rates,
    value, interval, assessment) show ``[c]``, and ``row_reasons`` why (``PRIMARY``:
    the row's own counts or complements are small; ``SECONDARY``: to protect another);
    ``withheld``: every count (key) withheld wherever it appears, and why (``PRIMARY``
    for a small count itself, else ``SECONDARY``). A count not in ``withheld`` is shown
    in every table that has it, a hidden row included: it is shown elsewhere, or can be
    worked out exactly from what is shown. ``headcount``: staff of known ethnicity by
    pay band and group with totals (index = pay bands then ``total``, columns =
    ``HEADCOUNT_COLUMNS``); ``headcount_hidden``: which of its cells show ``[c]``.
    """

    year: int
    hidden_rows: frozenset
    headcount: pd.DataFrame
    headcount_hidden: pd.DataFrame
    row_reasons: dict = field(default_factory=dict)
    withheld: dict = field(default_factory=dict)

    def count_reason(self, label: Hashable, row: pd.Series | dict, column: str) -> str | None:
        """Why the count in COLUMN of the national row LABEL is withheld (``PRIMARY`` or
        ``SECONDARY``), or None when it is shown. A count naming no shared count (the
        denominator of a share: the sum of two counts) goes with its row."""
        key = count_keys(row).get(column)
        if key is None:
            return self.row_reasons.get(label)
        return self.withheld.get(key)

    def cell_reason(self, band: str, column: str) -> str | None:
        """Why a headcount-table cell is withheld, or None when it is shown."""
        return self.withheld.get(_headcount_key(band, column))


def count_keys(row: pd.Series | dict) -> dict[str, Key]:
    """The count columns of a national row that show a shared count, and its key."""
    indicator, measure = str(row["indicator"]), str(row["measure"])
    service, group, band = str(row["service"]), str(row["group"]), str(row["breakdown"])
    if indicator == codes.DATA_QUALITY_INDICATOR:
        return {"numerator_group": (DQ_UNKNOWN, service, "", ""), "denominator_group": (DQ_TOTAL, service, "", "")}
    numerator, denominator = NUMERATOR[indicator], DENOMINATOR[indicator]
    keys = {"numerator_group": (numerator, service, band, group), "numerator_white": (numerator, service, band, WHITE)}
    if measure in ("relative_likelihood", "percent_experienced"):
        keys |= {"denominator_group": (denominator, service, "", group),
                 "denominator_white": (denominator, service, "", WHITE)}
    return keys


def row_keys(row: pd.Series | dict) -> dict[Key, int | None]:
    """The counts a national indicator row shows, as {key: value}.

    Share rows show the group's and white staff's count (their denominator is the
    sum); a gap row (indicator 9) also reveals the headcounts it compares with, so
    their keys come without a value here (the relative likelihood rows carry them).
    """
    indicator, measure = str(row["indicator"]), str(row["measure"])
    service, group, band = str(row["service"]), str(row["group"]), str(row["breakdown"])

    def count(column: str) -> int | None:
        value = row[column]
        return None if is_missing(value) else int(value)

    if indicator == codes.DATA_QUALITY_INDICATOR:
        return {(DQ_UNKNOWN, service, "", ""): count("numerator_group"),
                (DQ_TOTAL, service, "", ""): count("denominator_group")}
    numerator, denominator = NUMERATOR[indicator], DENOMINATOR[indicator]
    shown = {
        (numerator, service, band, group): count("numerator_group"),
        (numerator, service, band, WHITE): count("numerator_white"),
    }
    if measure in ("relative_likelihood", "percent_experienced"):
        shown[(denominator, service, "", group)] = count("denominator_group")
        shown[(denominator, service, "", WHITE)] = count("denominator_white")
    elif measure == "gap_pp":
        shown[(denominator, service, "", group)] = None
        shown[(denominator, service, "", WHITE)] = None
    elif measure != "share_minoritised":
        raise ValueError(f"unknown measure {measure!r}")
    return shown


def _key_values(items_values: Iterable[tuple[Key, int | None]]) -> dict[Key, int | None]:
    values: dict[Key, int | None] = {}
    for key, value in items_values:
        if value is None:
            values.setdefault(key, None)
        elif values.get(key) is None:
            values[key] = value
        elif values[key] != value:
            raise ValueError(f"national rows disagree on {key}: {values[key]} and {value}")
    return values


def _equations(values: dict[Key, int | None]) -> list[Equation]:
    """Every sum the published counts obey, limited to keys that exist."""
    equations: list[Equation] = []

    def add(total: Key, parts: Iterable[Key]) -> None:
        present = tuple(p for p in parts if p in values)
        if total in values and present:
            equations.append(Equation(total, present))

    quantities = sorted({(k[0], k[2]) for k in values})
    for quantity, band in quantities:
        if quantity in (DQ_UNKNOWN, DQ_TOTAL):
            add((quantity, codes.ALL_SERVICES, "", ""),
                [(quantity, s, "", "") for s in codes.SERVICES])
            continue
        for service in codes.REPORTING_SERVICES:
            add((quantity, service, band, codes.MINORITISED),
                [(quantity, service, band, g) for g in codes.MINORITISED_GROUPS])
        for group in (*GROUPS, KNOWN):
            add((quantity, codes.ALL_SERVICES, band, group),
                [(quantity, s, band, group) for s in codes.SERVICES])
    for service in codes.REPORTING_SERVICES:
        for group in (*GROUPS, KNOWN):
            for wide, bands in codes.REPORTING_BANDS.items():
                add(("band_headcount", service, wide, group),
                    [("band_headcount", service, b, group) for b in bands])
            add(("headcount", service, "", group),
                [("band_headcount", service, b, group) for b in codes.PAY_BANDS])
        add((DQ_TOTAL, service, "", ""), [(DQ_UNKNOWN, service, "", ""),
                                            ("headcount", service, "", codes.MINORITISED),
                                            ("headcount", service, "", WHITE)])
    # The headcount table: known = minoritised + white, and its row equations.
    for band in (*codes.PAY_BANDS, ""):
        quantity = "band_headcount" if band else "headcount"
        total = (quantity, codes.ALL_SERVICES, band, KNOWN)
        add(total, [(quantity, codes.ALL_SERVICES, band, g) for g in (codes.MINORITISED, WHITE)])
        add(total, [(quantity, codes.ALL_SERVICES, band, g) for g in (WHITE, *codes.MINORITISED_GROUPS)])
    for equation in equations:
        _check_adds_up(equation, values)
    return equations


def _check_adds_up(equation: Equation, values: dict[Key, int | None]) -> None:
    numbers = [values[k] for k in equation.terms]
    if any(v is None for v in numbers):
        return
    if numbers[0] != sum(numbers[1:]):
        raise ValueError(f"national counts do not add up: {equation.total} = {numbers[0]}, "
                         f"parts {list(equation.parts)} = {numbers[1:]}")


def headcount_table(values: dict[Key, int | None]) -> pd.DataFrame:
    """Staff of known ethnicity by pay band (rows) and group, all services, with totals."""
    records = {}
    for band in (*codes.PAY_BANDS, HEADCOUNT_TOTAL):
        quantity, b = ("headcount", "") if band == HEADCOUNT_TOTAL else ("band_headcount", band)
        records[band] = [_known_or_value(values, quantity, b, column) for column in HEADCOUNT_COLUMNS]
    return pd.DataFrame.from_dict(records, orient="index", columns=list(HEADCOUNT_COLUMNS)).astype("int64")


def _known_or_value(values: dict[Key, int | None], quantity: str, band: str, column: str) -> int:
    if column == KNOWN:
        parts = [values.get((quantity, codes.ALL_SERVICES, band, g)) for g in (codes.MINORITISED, WHITE)]
    else:
        parts = [values.get((quantity, codes.ALL_SERVICES, band, column))]
    if any(p is None for p in parts):
        raise ValueError(f"the national rows lack the headcount of {column} for {band or 'all bands'}")
    return int(sum(parts))  # type: ignore[arg-type]


def _headcount_key(band: str, column: str) -> Key:
    if band == HEADCOUNT_TOTAL:
        return ("headcount", codes.ALL_SERVICES, "", column)
    return ("band_headcount", codes.ALL_SERVICES, band, column)


def published_rows(rows: pd.DataFrame, year: int) -> pd.DataFrame:
    """The national rows of YEAR that the data tables publish (indicator 1: all services only)."""
    chosen = (rows["scope"] == codes.NATIONAL) & (rows["year"] == year)
    chosen &= (rows["indicator"] != "1") | (rows["service"] == codes.ALL_SERVICES)
    return rows[chosen]


_DECIDED: dict[tuple[str, int, int], NationalDisclosure] = {}
_DECIDED_KEPT = 16


class DecisionStore(Protocol):
    """Where decisions are kept between processes (the build's sealed cache: ``bundles``),
    by ``(digest of the year's published national rows, year, threshold)``."""

    def get(self, memo: tuple[str, int, int]) -> NationalDisclosure | None: ...

    def put(self, memo: tuple[str, int, int], decided: NationalDisclosure) -> None: ...


def national_disclosure(rows: pd.DataFrame, year: int, threshold: int,
                        store: DecisionStore | None = None) -> NationalDisclosure:
    """Decide which national figures of YEAR are withheld, across all published tables.

    The decision depends only on the year's published national rows and the threshold,
    and takes a second or two, so it is remembered (by content) for the next caller, and
    in STORE, when given, for the next process (a rebuild after one authority's return is
    corrected decides again only the year that changed).
    """
    national = published_rows(rows, year)
    if national.empty:
        raise ValueError(f"no national rows for {year}")
    columns = ["indicator", "measure", "service", "group", "breakdown", *COUNT_COLUMNS]
    digest = hashlib.sha256(national.loc[:, columns].to_csv(lineterminator="\n").encode("utf-8")).hexdigest()
    memo = (digest, int(year), int(threshold))
    if memo not in _DECIDED:
        decided = store.get(memo) if store is not None else None
        if decided is None:
            decided = _decide(national, year, threshold)
            if store is not None:
                store.put(memo, decided)
        if len(_DECIDED) >= _DECIDED_KEPT:
            _DECIDED.clear()
        _DECIDED[memo] = decided
    decided = _DECIDED[memo]  # each caller gets its own tables, so none can change the remembered ones
    return replace(decided, headcount=decided.headcount.copy(), headcount_hidden=decided.headcount_hidden.copy())


def _complements(values: dict[Key, int | None], national: pd.DataFrame) -> dict[Key, tuple[Key, Key]]:
    """The people without each outcome (at risk minus with it): complement key -> (whole, part)."""
    found: dict[Key, tuple[Key, Key]] = {}
    for row in national.to_dict("records"):
        if row["measure"] not in ("relative_likelihood", "percent_experienced"):
            continue
        keys = count_keys(row)
        for side in ("group", "white"):
            part, whole = keys[f"numerator_{side}"], keys[f"denominator_{side}"]
            if values.get(part) is not None and values.get(whole) is not None:
                found[(f"without:{part[0]}", *part[1:])] = (whole, part)
    return found


def _weight(row: pd.Series) -> float:
    """What withholding a national row loses (see ``HALF`` and ``HEADLINE``)."""
    if row["measure"] != "relative_likelihood":
        return HALF
    headline = row["group"] == codes.MINORITISED and row["service"] == codes.ALL_SERVICES
    return HEADLINE if headline else 1.0


def _decide(national: pd.DataFrame, year: int, threshold: int) -> NationalDisclosure:
    row_items: list[Item] = []
    pairs: list[tuple[Key, int | None]] = []
    flagged: set[Hashable] = set()
    # The primary rule from the counts themselves: ``suppressed`` may already carry an
    # earlier decision's secondary marks (a bundle's rows), which must not count as primary.
    disclosive = disclosive_rows(*(national[c] for c in COUNT_COLUMNS), threshold=threshold)
    for label, row, own in zip(national.index, national.to_dict("records"), disclosive):
        shown = row_keys(row)
        row_items.append(Item(label, tuple(shown)))
        pairs.extend(shown.items())
        if own:
            flagged.add(label)
    values = _key_values(pairs)
    row_labels = {item.label for item in row_items}
    for band in codes.PAY_BANDS + ("",):
        quantity = "band_headcount" if band else "headcount"
        parts = [values.get((quantity, codes.ALL_SERVICES, band, g)) for g in (codes.MINORITISED, WHITE)]
        if all(p is not None for p in parts):
            values[(quantity, codes.ALL_SERVICES, band, KNOWN)] = int(sum(parts))  # type: ignore[arg-type]
    headcount = headcount_table(values)
    cell_items = [
        Item(("headcount", band, column), (_headcount_key(band, column),))
        for band in headcount.index for column in headcount.columns
    ]
    equations = _equations(values)
    complements = _complements(values, national)
    for key, (whole, part) in complements.items():  # never shown: protected when small
        values[key] = int(values[whole]) - int(values[part])  # type: ignore[arg-type]
        equations.append(Equation(whole, (part, key)))
    small = {k for k, v in values.items() if v is not None and 0 < v < threshold}
    items = row_items + cell_items
    primary = {item.label for item in items if item.label in flagged or small.intersection(item.keys)}
    cells = frozenset(key for item in cell_items for key in item.keys)
    totals = frozenset(
        _headcount_key(band, column) for band in headcount.index for column in headcount.columns
        if band == HEADCOUNT_TOTAL or column == KNOWN
    )
    weights = {item.label: _weight(national.loc[item.label]) for item in row_items} | {
        item.label: HALF for item in cell_items}
    hidden = suppress(items, values, equations, small, primary, protect_when_hidden=cells, last_resort=totals,
                      min_range=threshold, weights=weights, search=True)
    unknown = {k for k in unknown_keys(items, values, hidden) if k not in complements}
    withheld = {k: PRIMARY if k in small else SECONDARY
                for k in unknown - recoverable_keys(items, values, equations, hidden)}
    mask = pd.DataFrame(
        [[_headcount_key(b, c) in withheld for c in headcount.columns] for b in headcount.index],
        index=headcount.index, columns=headcount.columns,
    )
    return NationalDisclosure(
        year=year,
        hidden_rows=frozenset(label for label in hidden if label in row_labels),
        headcount=headcount,
        headcount_hidden=mask,
        row_reasons={label: PRIMARY if label in primary else SECONDARY for label in hidden if label in row_labels},
        withheld=withheld,
    )


@dataclass(frozen=True)
class WithheldShare:
    """How many of a year's published national relative likelihoods (indicators 2 to 9,
    each service and group) are withheld, and how many of those for their own small counts."""

    withheld: int
    own_counts: int
    total: int


def withheld_share(rows: pd.DataFrame, year: int, threshold: int) -> WithheldShare:
    """The methodology's figure for how much the year's one suppression pattern withholds.

    ROWS are the rows reports read, which carry the pattern already (``bundles.published_national``
    marks every row it hides as suppressed), so the figure is read off the marks, with the reasons
    the reports give (``reasons``: a hidden row's own counts small, or another's protected),
    instead of the pattern being decided again in the kernel (most of the chapter's time).
    """
    national = published_rows(rows, year)
    chosen = national[(national["measure"] == "relative_likelihood") & (national["indicator"] != "1")
                      & national["service"].isin(codes.REPORTING_SERVICES)
                      & national["group"].isin(codes.COMPARED_GROUPS)]
    reasons = withheld_reasons(chosen, threshold)
    return WithheldShare(int((reasons != "").sum()), int((reasons == TOO_FEW).sum()), len(chosen))
