"""Audit of a year's published tables: can a reader narrow down a withheld small count?

Suppression decides table by table (or across tables) which cells to withhold; this
module checks the result against everything published together, sharing no logic with
the suppression engines. The year's figures are *quantities* (a count with its true
value, under a key that is the same wherever the count appears), each published in at
least one table or withheld everywhere, and *relations* between them that any reader
knows: a total is the sum of its parts (rows and columns of a table, the four groups
and ``minoritised``, adult + children = all services, pay bands and their reporting
bands), and a complement n - a is the people without the outcome.

For each withheld quantity, linear programming (SciPy's HiGHS) finds the smallest and
largest value consistent with the published values, the relations and non-negativity;
for the small ones the bounds are then tightened with integer programming, because a
reader knows counts are whole numbers. The audit fails when

- a small count (1 to threshold - 1) is published, or
- a withheld small count, complements included, can be narrowed to a range narrower
  than the threshold (upper - lower < threshold): for example worked out exactly, or
  shown to lie between 1 and 4.

It also lists withheld quantities that are not small but can be worked out exactly:
withholding them protects nothing, so they show where the suppression loses figures
for no gain. Relations that are not linear (a rate or a percentage-point gap published
beside a count) are outside the audit.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from scwres_helpers.codes import DEFAULT_SUPPRESSION_THRESHOLD

Key = Hashable

PUBLISHED_SMALL = "published_small_count"
NARROWED = "withheld_small_count_narrowed"


class DisclosureAuditError(ValueError):
    """Published tables let a reader see or narrow down a withheld small count."""


@dataclass(frozen=True)
class Relation:
    """``total == sum(parts)``, between quantity keys."""

    total: Key
    parts: tuple[Key, ...]


@dataclass
class PublishedSet:
    """Every quantity of a year's published tables, whether each is shown, and how they relate."""

    values: dict[Key, int] = field(default_factory=dict)
    published: set[Key] = field(default_factory=set)
    relations: list[Relation] = field(default_factory=list)

    def quantity(self, key: Key, value: int, *, published: bool) -> None:
        """Register a count. The same key in several tables must carry the same value; it
        counts as published if any table shows it."""
        value = _whole(value, key)
        if key in self.values and self.values[key] != value:
            raise ValueError(f"quantity {key!r} is {self.values[key]} in one place and {value} in another")
        self.values[key] = value
        if published:
            self.published.add(key)

    def relation(self, total: Key, parts: Iterable[Key]) -> None:
        """``total == sum(parts)``; every key must be registered and the values must add up."""
        parts = tuple(parts)
        unknown = [k for k in (total, *parts) if k not in self.values]
        if unknown:
            raise ValueError(f"relation names unregistered quantities: {unknown!r}")
        if self.values[total] != sum(self.values[p] for p in parts):
            raise ValueError(
                f"relation does not hold: {total!r} = {self.values[total]}, "
                f"parts {list(parts)!r} = {[self.values[p] for p in parts]}"
            )
        self.relations.append(Relation(total, parts))

    def complement(self, key: Key, whole: Key, part: Key) -> None:
        """The people without the outcome: ``key = whole - part``, never itself published."""
        self.quantity(key, self.values[whole] - self.values[part], published=False)
        self.relation(whole, (part, key))

    def count_table(
        self,
        table: pd.DataFrame,
        withheld: pd.DataFrame,
        *,
        row_total: Hashable | None = None,
        col_total: Hashable | None = None,
        key: Callable[[Hashable, Hashable], Key],
    ) -> None:
        """A table of counts with ``withheld`` (same labels, True = shown as [c]) and optional
        totals row and column; ``key(row, column)`` names each cell's quantity."""
        if not (table.index.equals(withheld.index) and table.columns.equals(withheld.columns)):
            raise ValueError("the withheld mask must have the table's labels")
        for row in table.index:
            for column in table.columns:
                self.quantity(key(row, column), table.at[row, column], published=not bool(withheld.at[row, column]))
        inner_rows = [r for r in table.index if r != row_total]
        inner_cols = [c for c in table.columns if c != col_total]
        if col_total is not None:
            for row in table.index:
                self.relation(key(row, col_total), [key(row, c) for c in inner_cols])
        if row_total is not None:
            for column in table.columns:
                self.relation(key(row_total, column), [key(r, column) for r in inner_rows])


@dataclass(frozen=True)
class Finding:
    """A count a reader can see or narrow down."""

    key: Key
    value: int
    lower: float
    upper: float
    rule: str  # PUBLISHED_SMALL or NARROWED


@dataclass(frozen=True)
class AuditResult:
    threshold: int
    findings: tuple[Finding, ...]
    # what a reader can work out: the range of every withheld small count, and the value of
    # every withheld count that the relations fix
    bounds: dict[Key, tuple[float, float]]
    recoverable_withheld: tuple[Key, ...]  # withheld, not small, worked out exactly
    withheld: int
    published: int

    @property
    def passed(self) -> bool:
        return not self.findings


def _whole(value: object, key: Key) -> int:
    if isinstance(value, (bool, np.bool_)) or pd.isna(value):  # type: ignore[arg-type]
        raise ValueError(f"quantity {key!r} is not a count: {value!r}")
    number = float(value)  # type: ignore[arg-type]
    if number != int(number) or number < 0:
        raise ValueError(f"quantity {key!r} is not a whole number >= 0: {value!r}")
    return int(number)


def _small(value: int, threshold: int) -> bool:
    return 0 < value < threshold


def audit(published: PublishedSet, threshold: int = DEFAULT_SUPPRESSION_THRESHOLD) -> AuditResult:
    """Bound the withheld counts over all the published tables together.

    Withheld quantities linked by relations form connected components, solved one by one.
    Within a component, a quantity the relations fix (no share in their null space) is
    known exactly, with no optimisation needed; a small one that they do not fix is
    bounded by LP and, when the LP range is at least the threshold, by integer programming.
    """
    if threshold < 1:
        raise ValueError(f"threshold must be at least 1, got {threshold}")
    values = published.values
    findings = [
        Finding(k, v, v, v, PUBLISHED_SMALL)
        for k, v in values.items()
        if k in published.published and _small(v, threshold)
    ]
    unknowns = [k for k in values if k not in published.published]
    column = {k: j for j, k in enumerate(unknowns)}
    matrix, rhs = _equalities(published, column)
    bounds: dict[Key, tuple[float, float]] = {}
    recoverable = []
    for key, component in zip(unknowns, _components(matrix, rhs)):
        value, small = values[key], _small(values[key], threshold)
        if component is None:
            if small:
                bounds[key] = (0.0, math.inf)  # no relation involves it: anything is possible
            continue
        if component.fixed:
            lower = upper = float(value)  # the relations fix it, so it is the true value
        elif small:
            lower, upper = _lp_bounds(component.matrix, component.rhs, component.position)
            if upper - lower >= threshold and math.isfinite(upper):
                lower, upper = _integer_bounds(component.matrix, component.rhs, component.position, lower, upper)
        else:
            continue  # not small and not fixed: nothing to protect, nothing lost
        bounds[key] = (lower, upper)
        if small and upper - lower < threshold:
            findings.append(Finding(key, value, lower, upper, NARROWED))
        elif not small:
            recoverable.append(key)
    return AuditResult(
        threshold=threshold,
        findings=tuple(findings),
        bounds=bounds,
        recoverable_withheld=tuple(recoverable),
        withheld=len(unknowns),
        published=len(published.published),
    )


def _equalities(published: PublishedSet, column: dict[Key, int]) -> tuple[sparse.csr_matrix, np.ndarray]:
    """The relations as A x = b over the withheld quantities (published values moved right)."""
    from scipy import sparse  # imported here: the build loads this module for its error alone
    rows, cols, data, rhs = [], [], [], []
    for relation in published.relations:
        terms = [(relation.total, 1.0)] + [(p, -1.0) for p in relation.parts]
        coefficients: dict[int, float] = {}
        constant = 0.0
        for key, sign in terms:
            if key in column:
                coefficients[column[key]] = coefficients.get(column[key], 0.0) + sign
            else:
                constant -= sign * published.values[key]
        coefficients = {j: c for j, c in coefficients.items() if c != 0}
        if not coefficients:
            continue  # all published: it holds (checked when registered) and says nothing new
        r = len(rhs)
        for j, c in coefficients.items():
            rows.append(r)
            cols.append(j)
            data.append(c)
        rhs.append(constant)
    matrix = sparse.csr_matrix((data, (rows, cols)), shape=(len(rhs), len(column)))
    return matrix, np.asarray(rhs, dtype=float)


@dataclass(frozen=True)
class _Component:
    """The relations of the withheld quantities linked to one of them, and its place there."""

    matrix: np.ndarray
    rhs: np.ndarray
    position: int
    fixed: bool  # the relations alone give its value


def _components(matrix: sparse.csr_matrix, rhs: np.ndarray) -> list[_Component | None]:
    """For each withheld quantity, its connected component (None when in no relation)."""
    from scipy.linalg import null_space
    from scipy.sparse.csgraph import connected_components
    n = matrix.shape[1]
    pattern = (abs(matrix) > 0).astype(np.int8)
    _, label = connected_components((pattern.T @ pattern).tocsr(), directed=False)
    in_relation = np.zeros(n, dtype=bool)
    in_relation[matrix.indices] = True
    solved: dict[int, tuple[np.ndarray, np.ndarray, dict[int, int], np.ndarray]] = {}
    out: list[_Component | None] = []
    for j in range(n):
        if not in_relation[j]:
            out.append(None)
            continue
        if label[j] not in solved:
            columns = np.flatnonzero(label == label[j])
            rows = np.unique(matrix[:, columns].nonzero()[0])
            dense = matrix[rows][:, columns].toarray()
            free = null_space(dense)  # directions the relations leave open
            fixed = np.abs(free).max(axis=1) < 1e-9 if free.size else np.ones(len(columns), dtype=bool)
            solved[label[j]] = (dense, rhs[rows], {int(c): k for k, c in enumerate(columns)}, fixed)
        dense, sub_rhs, position, fixed = solved[label[j]]
        out.append(_Component(dense, sub_rhs, position[j], bool(fixed[position[j]])))
    return out


def _lp_bounds(matrix: np.ndarray, rhs: np.ndarray, j: int) -> tuple[float, float]:
    """min and max of unknown j over the LP relaxation (x >= 0); inf when unbounded above."""
    from scipy.optimize import linprog
    objective = np.zeros(matrix.shape[1])
    found = []
    for sign in (1.0, -1.0):
        objective[j] = sign
        result = linprog(objective, A_eq=matrix, b_eq=rhs, bounds=(0, None), method="highs")
        if result.status == 3:  # unbounded
            found.append(math.inf)
        elif result.status != 0:
            raise RuntimeError(f"the audit's linear programme failed: {result.message}")
        else:
            found.append(sign * result.fun)
    return found[0], found[1]


def _integer_bounds(
    matrix: np.ndarray, rhs: np.ndarray, j: int, lp_lower: float, lp_upper: float
) -> tuple[float, float]:
    """The bounds over whole numbers, which lie within the LP's."""
    from scipy.optimize import Bounds, LinearConstraint, milp
    n = matrix.shape[1]
    constraint = LinearConstraint(matrix, rhs, rhs)
    objective = np.zeros(n)
    found = []
    for sign in (1.0, -1.0):
        objective[j] = sign
        result = milp(objective, constraints=constraint, integrality=np.ones(n), bounds=Bounds(0, np.inf))
        if result.status != 0:
            raise RuntimeError(f"the audit's integer programme failed: {result.message}")
        found.append(float(round(sign * result.fun)))
    lower, upper = found
    if lower < lp_lower - 1e-6 or upper > lp_upper + 1e-6:
        raise RuntimeError(f"integer bounds {found} fall outside the LP bounds {(lp_lower, lp_upper)}")
    return lower, upper
