"""Secondary suppression: hide items until no protected count can be worked out. The one engine.

Every published table goes through it: a single count table with totals
(``secondary_mask``: each cell an item, its row and column sums the equations) and the
national tables, linked by the sums between them (``national_tables``).

The problem in general form, with no knowledge of what the counts are:

- *keys* are counts (any hashable, sortable labels) with known values;
- *items* are the things published (a table row, a cell); each shows some keys, and a
  hidden item shows none of them. A key is *unknown* when every item showing it is hidden;
- *equations* ``total = sum(parts)`` hold between keys, and a reader knows them;
- *protected* keys must stay unknown and must not be pinned down by the equations.

Linear algebra decides whether an unknown key is pinned down: it is when it has no
component in the null space of the equations restricted to the unknowns. The system is
split into connected components (equations linking unknown keys), which are small, so
this stays fast. Bounds (counts are never negative) are not used.

Heuristic (deterministic): first plain subtraction, as for a single table: while an
equation has exactly one unknown term and that term is protected, hide its cheapest
visible term. Then, while some protected key is still pinned down by a combination of
equations, take the first in key order, find one way of working it out (a least-squares
combination of equations), and hide a visible key that enters it. Candidates are tried cheapest first (fewest
further items hidden, then non-zero before zero, then smallest, then key order) and the
first that leaves the key undetermined is taken; if none does on its own, the cheapest
is taken and the loop goes on. The end state is re-checked with exact fractions.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pandas as pd

from scwres_helpers.disclosure.equations import check_totals_add_up, count_values, mask_array, table_layout
from scwres_helpers.disclosure.recoverable import determined_unknowns

MAX_TRIED = 12  # candidates tested per step before falling back to the cheapest


@dataclass(frozen=True)
class Equation:
    """``total == sum(parts)`` between keys."""

    total: Hashable
    parts: tuple[Hashable, ...]

    @property
    def terms(self) -> tuple[Hashable, ...]:
        return (self.total, *self.parts)

    def coefficients(self) -> dict[Hashable, int]:
        """Each term's coefficient in ``sum(parts) - total == 0``."""
        out: dict[Hashable, int] = {self.total: -1}
        for part in self.parts:
            out[part] = out.get(part, 0) + 1
        return {k: c for k, c in out.items() if c}


@dataclass(frozen=True)
class Item:
    """One published thing (a row, a cell) and the keys a reader sees in it."""

    label: Hashable
    keys: tuple[Hashable, ...]


class _System:
    """The state of the search: which items are hidden, hence which keys are unknown."""

    def __init__(
        self, items: Sequence[Item], values: dict, equations: Sequence[Equation], last_resort: frozenset
    ) -> None:
        self.values = values
        self.last_resort = last_resort
        self.equations = list(equations)
        self.showing: dict[Hashable, list[Item]] = {}
        for item in items:
            for key in item.keys:
                self.showing.setdefault(key, []).append(item)
        self.containing: dict[Hashable, list[int]] = {}
        for index, equation in enumerate(self.equations):
            for term in equation.coefficients():
                self.containing.setdefault(term, []).append(index)

    def unknown(self, hidden: set[Hashable]) -> set[Hashable]:
        return {k for k in self.values if all(i.label in hidden for i in self.showing.get(k, ()))}

    def component(self, key: Hashable, unknown: set[Hashable]) -> tuple[list[Hashable], list[Equation]]:
        """The unknown keys linked to KEY through equations, and those equations."""
        seen, stack, rows = {key}, [key], set()
        while stack:
            current = stack.pop()
            for index in self.containing.get(current, ()):
                rows.add(index)
                for term in self.equations[index].terms:
                    if term in unknown and term not in seen:
                        seen.add(term)
                        stack.append(term)
        return sorted(seen), [self.equations[i] for i in sorted(rows)]

    def pinned(self, key: Hashable, unknown: set[Hashable]) -> bool:
        keys, equations = self.component(key, unknown)
        matrix = _matrix(keys, equations)
        return _pinned_columns(matrix)[keys.index(key)]

    def lone_equations(self, key: Hashable, unknown: set[Hashable]) -> int:
        """How many equations have KEY as their only unknown term."""
        return sum(
            all(t == key or t not in unknown for t in self.equations[i].terms)
            for i in self.containing.get(key, ())
        )

    def cost(self, key: Hashable, hidden: set[Hashable]) -> tuple:
        value = self.values[key]
        return (
            key in self.last_resort,
            sum(item.label not in hidden for item in self.showing.get(key, ())),
            value == 0,
            value if value is not None else 0,
            key,
        )

    def hide(self, key: Hashable, hidden: set[Hashable]) -> set[Hashable]:
        return hidden | {item.label for item in self.showing.get(key, ())}


def _matrix(keys: list[Hashable], equations: Iterable[Equation]) -> np.ndarray:
    position = {k: i for i, k in enumerate(keys)}
    rows = []
    for equation in equations:
        row = np.zeros(len(keys))
        for term, coefficient in equation.coefficients().items():
            if term in position:
                row[position[term]] += coefficient
        rows.append(row)
    return np.array(rows) if rows else np.zeros((0, len(keys)))


def _pinned_columns(matrix: np.ndarray) -> list[bool]:
    """For each column (unknown), whether the equations fix its value."""
    n = matrix.shape[1]
    if matrix.shape[0] == 0:
        return [False] * n
    _, singular, vt = np.linalg.svd(matrix)
    rank = int((singular > 1e-9 * max(1.0, float(singular[0]))).sum())
    null = vt[rank:]
    if null.shape[0] == 0:
        return [True] * n
    weight = np.sqrt((null**2).sum(axis=0))
    return [bool(w < 1e-7) for w in weight]


def suppress(
    items: Sequence[Item],
    values: dict,
    equations: Sequence[Equation],
    protected: set[Hashable],
    hidden: set[Hashable],
    protect_when_hidden: frozenset = frozenset(),
    last_resort: frozenset = frozenset(),
) -> set[Hashable]:
    """Labels of the items to hide: ``hidden`` (primary) plus complements, so that no
    protected key can be worked out. ``protected`` keys (the small counts) must be
    unknown already; keys in ``protect_when_hidden`` (cells of a count table, whose
    ``[c]`` must not be recoverable) become protected once they are unknown. Keys in
    ``last_resort`` (the totals of a count table) are hidden only when nothing else works."""
    system = _System(items, values, equations, last_resort)
    hidden = set(hidden)
    shown = sorted(k for k in protected if k not in system.unknown(hidden))
    if shown:
        raise ValueError(f"protected counts are shown by an item that is not hidden: {shown[:3]}")
    for _ in range(len(values) + 1):
        unknown = system.unknown(hidden)
        guarded = set(protected) | (set(protect_when_hidden) & unknown)
        candidate = _by_subtraction(system, guarded, unknown, hidden)
        if candidate is None:
            key = _first_pinned(system, guarded, unknown)
            if key is None:
                check_exactly(system, guarded, unknown)
                return hidden
            candidate = _complement(system, key, unknown, hidden)
        hidden = system.hide(candidate, hidden)
    raise RuntimeError("secondary suppression did not settle")  # pragma: no cover


def _by_subtraction(
    system: _System, guarded: set[Hashable], unknown: set[Hashable], hidden: set[Hashable]
) -> Hashable | None:
    """Plain subtraction first: in the first equation whose only unknown term is guarded,
    the visible term to hide (None when no equation gives a key away on its own)."""
    for equation in system.equations:
        missing = [t for t in equation.coefficients() if t in unknown]
        if len(missing) == 1 and missing[0] in guarded:
            visible = [t for t in equation.coefficients() if t not in unknown]
            return _useful(system, sorted(visible, key=lambda t: system.cost(t, hidden)), hidden)
    return None


def _useful(system: _System, candidates: list[Hashable], hidden: set[Hashable]) -> Hashable:
    """The first candidate that cannot itself be worked out once hidden (hiding a count
    that the other figures give away protects nothing). When every candidate can: a
    non-zero one before a zero (a zero is usually pinned by a zero total), then the one
    that the fewest single equations give away, so the fewest further counts are needed."""
    tried = candidates[:MAX_TRIED]
    ranks = []
    for order, candidate in enumerate(tried):
        unknown = system.unknown(system.hide(candidate, hidden))
        if not system.pinned(candidate, unknown):
            return candidate
        ranks.append((system.values[candidate] == 0, system.lone_equations(candidate, unknown), order))
    return tried[min(ranks)[2]]


def _first_pinned(system: _System, guarded: set[Hashable], unknown: set[Hashable]) -> Hashable | None:
    """The first guarded key (in key order) that the equations pin down, or None."""
    pinned: list[Hashable] = []
    done: set[Hashable] = set()
    for key in sorted(guarded):
        if key in done:
            continue
        keys, equations = system.component(key, unknown)
        done.update(keys)
        fixed = _pinned_columns(_matrix(keys, equations))
        pinned += [k for k, f in zip(keys, fixed) if f and k in guarded]
    return min(pinned) if pinned else None


def _complement(system: _System, key: Hashable, unknown: set[Hashable], hidden: set[Hashable]) -> Hashable:
    """The visible key to hide so that KEY (pinned down) is protected; when no single
    key does, one that breaks this way of working it out and is itself protected."""
    keys, equations = system.component(key, unknown)
    matrix = _matrix(keys, equations)
    target = np.zeros(len(keys))
    target[keys.index(key)] = 1.0
    weights, *_ = np.linalg.lstsq(matrix.T, target, rcond=None)
    exposure: dict[Hashable, float] = {}
    for weight, equation in zip(weights, equations):
        for term, coefficient in equation.coefficients().items():
            if term not in unknown:
                exposure[term] = exposure.get(term, 0.0) + weight * coefficient
    candidates = sorted((t for t, w in exposure.items() if abs(w) > 1e-7), key=lambda t: system.cost(t, hidden))
    if not candidates:  # pragma: no cover - would mean the equations are inconsistent
        raise RuntimeError(f"{key} can be worked out and no visible count protects it")
    for candidate in candidates[:MAX_TRIED]:
        trial = system.hide(candidate, hidden)
        if not system.pinned(key, system.unknown(trial)):
            return candidate
    return _useful(system, candidates, hidden)


def check_exactly(system: _System, protected: Iterable[Hashable], unknown: set[Hashable]) -> None:
    """Exact rational check that no protected unknown key is pinned down."""
    protected = set(protected)
    done: set[Hashable] = set()
    for key in sorted(k for k in protected if k in unknown):
        if key in done:
            continue
        keys, equations = system.component(key, unknown)
        done.update(keys)
        pinned = _exact_pinned(_matrix(keys, equations))
        bad = [k for k, p in zip(keys, pinned) if p and k in protected]
        if bad:  # pragma: no cover - the float search and the exact check disagree
            raise RuntimeError(f"suppressed counts could still be worked out: {bad}")


def _exact_pinned(matrix: np.ndarray) -> list[bool]:
    """Which unknowns the equations fix to one value, in exact rational arithmetic."""
    rows = [[Fraction(int(round(c))) for c in row] for row in matrix.tolist()]
    fixed = determined_unknowns(rows, matrix.shape[1])
    return [col in fixed for col in range(matrix.shape[1])]


def secondary_mask(
    table: pd.DataFrame,
    primary: pd.DataFrame,
    row_total: Hashable | None,
    col_total: Hashable | None,
) -> pd.DataFrame:
    """Cells to suppress (primary plus complements) so no suppressed cell is recoverable.

    ``table`` holds inner cells plus an optional totals row (index label ``row_total``)
    and totals column (column label ``col_total``); the totals must be the sums of the
    cells. ``primary`` is a boolean frame with the same labels; totals may be in it.
    Every hidden cell, complements included, must stay unknown; totals are hidden only
    when no inner cell will do.
    """
    layout = table_layout(table, row_total, col_total)
    values = count_values(table)
    check_totals_add_up(table, values, layout)
    mask = mask_array(primary, table, "primary")
    cells = [(i, j) for i in range(values.shape[0]) for j in range(values.shape[1])]
    equations = [Equation(e.total, tuple(e.parts)) for e in layout.equations()]
    primary_cells = {cell for cell in cells if mask[cell]}
    hidden = suppress(
        [Item(cell, (cell,)) for cell in cells],
        {cell: int(values[cell]) for cell in cells},
        equations,
        protected=set(primary_cells),
        hidden=primary_cells,
        protect_when_hidden=frozenset(cells),
        last_resort=frozenset(cell for cell in cells if layout.is_total_cell(cell)),
    )
    result = np.zeros(values.shape, dtype=bool)
    for cell in hidden:
        result[cell] = True
    return pd.DataFrame(result, index=table.index, columns=table.columns)
