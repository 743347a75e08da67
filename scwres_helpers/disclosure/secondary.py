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

Not pinned down is not enough when ``min_range`` is given (the national tables pass the
threshold): a small count that the equations confine to, say, 0 to 4 is as good as
known. So once nothing protected is pinned down, each protected key's range over whole
numbers (integer programming with SciPy's HiGHS, counts never negative) must be at least
``min_range``; while one is narrower, a visible key of its equations is hidden (cheapest
first that widens it enough, else the one that widens it most). Last, every item hidden
for another's sake is offered back, the most valuable first, and shown again when the
protection still holds without it: the greedy steps can over-hide.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pandas as pd

from scwres_helpers.disclosure.equations import check_totals_add_up, count_values, mask_array, table_layout
from scwres_helpers.disclosure.recoverable import determined_unknowns

MAX_TRIED = 12  # candidates tested per step before falling back to the cheapest
SEARCH_PASSES = 2  # local search: passes over the hidden items (each tries every most valuable one)
# Local search: at most SEARCH_WORK / (protected counts)^2 trial patterns, each one a full settle
# whose cost grows with the square of the protected counts: a usual year gets every trial it can
# use (the 2024 sample, 24 small counts: 41), a year with very many small counts (90) only 2 or 3,
# so it still settles in a minute or two. A bound on work, not on time: same inputs, same result.
SEARCH_WORK = 24_000
MEMO_KEPT = 4096  # patterns remembered by a system's memos before they are dropped (memory, not results)


@dataclass(frozen=True)
class Equation:
    """``total == sum(parts)`` between keys."""

    total: Hashable
    parts: tuple[Hashable, ...]

    @property
    def terms(self) -> tuple[Hashable, ...]:
        return (self.total, *self.parts)

    def coefficients(self) -> dict[Hashable, int]:
        """Each term's coefficient in ``sum(parts) - total == 0`` (worked out once; do not modify)."""
        cached = self.__dict__.get("_coefficients")
        if cached is None:
            out: dict[Hashable, int] = {self.total: -1}
            for part in self.parts:
                out[part] = out.get(part, 0) + 1
            cached = {k: c for k, c in out.items() if c}
            object.__setattr__(self, "_coefficients", cached)
        return cached


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
        self.keys_of: dict[Hashable, tuple[Hashable, ...]] = {}
        for item in items:
            self.keys_of[item.label] = item.keys
            for key in item.keys:
                self.showing.setdefault(key, []).append(item)
        self.ranges: dict[tuple[Hashable, tuple[Hashable, ...]], float] = {}  # whole_number_range, memoised
        self.pins: dict[tuple[Hashable, ...], list[bool]] = {}  # pinned_columns, memoised
        self.weights: dict[Hashable, float] = {}  # what hiding an item loses (default 1)
        self.shown_by = {key: frozenset(item.label for item in shown) for key, shown in self.showing.items()}
        self.never_shown = frozenset(k for k in values if k not in self.showing)
        self.containing: dict[Hashable, list[int]] = {}
        for index, equation in enumerate(self.equations):
            for term in equation.coefficients():
                self.containing.setdefault(term, []).append(index)
        # Memos of the two questions the search asks thousands of times about the same few
        # patterns (the greedy steps and the local search revisit them): pure, so dropping
        # them when they grow changes nothing but time.
        self.unknown_of: dict[frozenset, frozenset] = {}
        self.components_of: dict[frozenset, dict[Hashable, tuple[list[Hashable], list[Equation]]]] = {}

    def unknown(self, hidden: Iterable[Hashable]) -> frozenset:
        """Keys no shown item shows: those no item shows at all, and those of hidden items
        whose every item is hidden (hidden items are few, so this is quick). The same
        pattern gets the same set back, so ``component`` finds its memo by identity."""
        hidden = frozenset(hidden)
        found = self.unknown_of.get(hidden)
        if found is None:
            unknown = set(self.never_shown)
            for label in hidden:
                for key in self.keys_of.get(label, ()):
                    if key not in unknown and self.shown_by[key] <= hidden:
                        unknown.add(key)
            if len(self.unknown_of) >= MEMO_KEPT:
                self.unknown_of.clear()
            found = self.unknown_of[hidden] = frozenset(unknown)
        return found

    def component(self, key: Hashable, unknown: frozenset) -> tuple[list[Hashable], list[Equation]]:
        """The unknown keys linked to KEY through equations, and those equations (shared: do
        not modify). Every key of the component gets the same answer, so it is kept for each."""
        known = self.components_of.get(unknown)
        if known is None:
            if len(self.components_of) >= MEMO_KEPT:
                self.components_of.clear()
            known = self.components_of[unknown] = {}
        found = known.get(key)
        if found is None:
            seen, stack, rows = {key}, [key], set()
            while stack:
                current = stack.pop()
                for index in self.containing.get(current, ()):
                    rows.add(index)
                    for term in self.equations[index].terms:
                        if term in unknown and term not in seen:
                            seen.add(term)
                            stack.append(term)
            found = (sorted(seen), [self.equations[i] for i in sorted(rows)])
            if key in unknown:  # a known key's component is its unknown neighbours, not theirs
                known.update(dict.fromkeys(seen, found))
            else:
                known[key] = found
        return found

    def pinned_columns(self, keys: list[Hashable], equations: list[Equation]) -> list[bool]:
        """``_pinned_columns`` of a component, memoised: it depends on the component's keys only."""
        memo = tuple(keys)
        if memo not in self.pins:
            self.pins[memo] = _pinned_columns(_matrix(keys, equations))
        return self.pins[memo]

    def pinned(self, key: Hashable, unknown: frozenset) -> bool:
        keys, equations = self.component(key, unknown)
        return self.pinned_columns(keys, equations)[keys.index(key)]

    def lone_equations(self, key: Hashable, unknown: frozenset) -> int:
        """How many equations have KEY as their only unknown term."""
        return sum(
            all(t == key or t not in unknown for t in self.equations[i].terms)
            for i in self.containing.get(key, ())
        )

    def loss(self, hidden: Iterable[Hashable]) -> float:
        return sum(self.weights.get(label, 1.0) for label in hidden)

    def cost(self, key: Hashable, hidden: set[Hashable]) -> tuple:
        value = self.values[key]
        return (
            key in self.last_resort,
            sum(self.weights.get(item.label, 1.0) for item in self.showing.get(key, ()) if item.label not in hidden),
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
    min_range: int | None = None,
    weights: dict[Hashable, float] | None = None,
    search: bool = False,
) -> set[Hashable]:
    """Labels of the items to hide: ``hidden`` (primary) plus complements, so that no
    protected key can be worked out. ``protected`` keys (the small counts) must be
    unknown already; keys in ``protect_when_hidden`` (cells of a count table, whose
    ``[c]`` must not be recoverable) become protected once they are unknown. Keys in
    ``last_resort`` (the totals of a count table) are hidden only when nothing else works.
    With ``min_range``, no protected key may be confined to fewer than that many values
    minus one (its whole-number range, upper - lower, must be at least ``min_range``).
    ``weights`` say what hiding each item loses (default 1 each); with ``search``, a local
    search then looks for a pattern that loses less (``_search``)."""
    system = _System(items, values, equations, last_resort)
    system.weights = dict(weights or {})
    primary = set(hidden)
    shown = sorted(k for k in protected if k not in system.unknown(primary))
    if shown:
        raise ValueError(f"protected counts are shown by an item that is not hidden: {shown[:3]}")
    hidden = _settle(system, set(primary), protected, protect_when_hidden, min_range)
    hidden = _offer_back(system, hidden, primary, protected, protect_when_hidden, min_range)
    if search:
        hidden = _search(system, hidden, primary, protected, protect_when_hidden, min_range)
    unknown = system.unknown(hidden)
    check_exactly(system, set(protected) | (set(protect_when_hidden) & unknown), unknown)
    return hidden


def _search(system: _System, hidden: set[Hashable], primary: set[Hashable], protected: set[Hashable],
            protect_when_hidden: frozenset, min_range: int | None) -> set[Hashable]:
    """Local search: for each item worth at least the default weight hidden for another's sake
    (most valuable first), settle again
    with its counts kept visible where at all possible; keep the result when it loses less.
    At most ``SEARCH_PASSES`` passes and ``SEARCH_WORK`` / protected^2 trials, fewer when a whole pass
    finds nothing better (a bound on work, not on time, so the result never depends on speed)."""
    base_resort = system.last_resort
    kept: frozenset = frozenset()
    top = 1.0  # the default weight: items worth less (repeats of counts shown elsewhere) are not tried
    trials, budget = 0, SEARCH_WORK // max(1, len(protected)) ** 2
    for _ in range(SEARCH_PASSES):
        improved = False
        for label in sorted(hidden - primary, key=lambda x: (-system.weights.get(x, 1.0), str(x))):
            if label not in hidden or system.weights.get(label, 1.0) < top:
                continue
            if trials >= budget:
                break
            trials += 1
            trying = kept | (frozenset(system.keys_of.get(label, ())) - frozenset(protected))
            system.last_resort = base_resort | trying
            trial = _settle(system, set(primary), protected, protect_when_hidden, min_range)
            trial = _offer_back(system, trial, primary, protected, protect_when_hidden, min_range)
            if system.loss(trial) < system.loss(hidden):
                hidden, kept, improved = trial, trying, True
        if not improved:
            break
    system.last_resort = base_resort
    return hidden


def unknown_keys(items: Sequence[Item], values: dict, hidden: set[Hashable]) -> set[Hashable]:
    """The keys no shown item shows."""
    shown = {k for item in items if item.label not in hidden for k in item.keys}
    return set(values).difference(shown)


def recoverable_keys(items: Sequence[Item], values: dict, equations: Sequence[Equation],
                     hidden: set[Hashable]) -> set[Hashable]:
    """The unknown keys that the equations pin down: withholding them protects nothing."""
    system = _System(items, values, equations, frozenset())
    unknown = system.unknown(hidden)
    found: set[Hashable] = set()
    done: set[Hashable] = set()
    for key in sorted(unknown, key=str):
        if key in done:
            continue
        keys, component = system.component(key, unknown)
        done.update(keys)
        found.update(k for k, fixed in zip(keys, system.pinned_columns(keys, component)) if fixed)
    return found


def _settle(system: _System, hidden: set[Hashable], protected: set[Hashable], protect_when_hidden: frozenset,
            min_range: int | None) -> set[Hashable]:
    """Hide items until nothing protected is pinned down (or, with ``min_range``, narrowed)."""
    for _ in range(len(system.values) + 1):
        unknown = system.unknown(hidden)
        guarded = set(protected) | (set(protect_when_hidden) & unknown)
        candidate = _by_subtraction(system, guarded, unknown, hidden)
        if candidate is None:
            key = _first_pinned(system, guarded, unknown)
            if key is not None:
                candidate = _complement(system, key, unknown, hidden)
            elif min_range is not None:
                key = _first_narrowed(system, protected, unknown, min_range)
                if key is not None:
                    candidate = _widen(system, key, unknown, hidden, min_range)
        if candidate is None:
            return hidden
        hidden = system.hide(candidate, hidden)
    raise RuntimeError("secondary suppression did not settle")  # pragma: no cover


def _holds(system: _System, hidden: set[Hashable], protected: set[Hashable], protect_when_hidden: frozenset,
           min_range: int | None, near: set[Hashable] | None = None) -> bool:
    """Whether HIDDEN protects every protected key (and every hidden cell that must stay so).

    NEAR, when given, limits the check to those keys: the only ones a change can have
    affected (``_offer_back``)."""
    unknown = system.unknown(hidden)
    if any(k not in unknown for k in protected):
        return False
    guarded = set(protected) | (set(protect_when_hidden) & unknown)
    if near is not None:
        guarded &= near
    if _first_pinned(system, guarded, unknown) is not None:
        return False
    checked = set(protected) if near is None else set(protected) & near
    return min_range is None or _first_narrowed(system, checked, unknown, min_range) is None


def _offer_back(system: _System, hidden: set[Hashable], primary: set[Hashable], protected: set[Hashable],
                protect_when_hidden: frozenset, min_range: int | None) -> set[Hashable]:
    """Show again each item hidden for another's sake when the protection holds without it,
    the most valuable first (by weight, then its largest count), then by label. Showing an
    item can only harm the keys linked to what it shows, so only those are checked."""
    def worth(label: Hashable) -> tuple:
        counts = [system.values.get(k) or 0 for k in system.keys_of.get(label, ())]
        return (-system.weights.get(label, 1.0), -max(counts, default=0), str(label))

    for label in sorted(hidden - primary, key=worth):
        trial = hidden - {label}
        unknown = system.unknown(hidden)
        near: set[Hashable] = set()
        for key in system.keys_of.get(label, ()):
            if key in unknown and key not in near:
                near.update(system.component(key, unknown)[0])
        if _holds(system, trial, protected, protect_when_hidden, min_range, near):
            hidden = trial
    return hidden


def whole_number_range(system: _System, key: Hashable, unknown: frozenset) -> float:
    """upper - lower of KEY over whole, non-negative solutions of its equations (inf: unbounded)."""
    keys, equations = system.component(key, unknown)
    memo = (key, tuple(keys))
    if memo not in system.ranges:
        system.ranges[memo] = _range(system, key, keys, equations, unknown)
    return system.ranges[memo]


def _range(system: _System, key: Hashable, keys: list[Hashable], equations: list[Equation],
           unknown: frozenset) -> float:
    if any(system.values.get(k) is None for k in keys):
        return math.inf  # a key without a value (revealed only by a gap) bounds nothing here
    matrix = _matrix(keys, equations)
    rhs = np.zeros(len(equations))
    for row, equation in enumerate(equations):
        for term, coefficient in equation.coefficients().items():
            if term not in unknown:
                rhs[row] -= coefficient * (system.values[term] or 0)
    if matrix.shape[0] == 0:
        return math.inf
    from scipy.optimize import Bounds, LinearConstraint, milp  # here: most processes that import this never solve

    # Both ends in one solve: two copies of the unknowns under the same equations, KEY
    # minimised in the first and maximised in the second. The copies share no constraint, so
    # the optimum is lower - upper; one call halves SciPy's checking of each problem, which
    # cost more than HiGHS's solving (302 ranges of the 2024 sample: 0.70 s -> 0.36 s CPU).
    n = len(keys)
    blank = np.zeros_like(matrix)
    both = np.block([[matrix, blank], [blank, matrix]])
    ends = np.concatenate([rhs, rhs])
    objective = np.zeros(2 * n)
    objective[keys.index(key)] = 1.0
    objective[n + keys.index(key)] = -1.0
    result = milp(objective, constraints=LinearConstraint(both, ends, ends), integrality=np.ones(2 * n),
                  bounds=Bounds(0, np.inf))
    if result.status != 0:  # the lower end always exists (the true values are a solution): unbounded above
        return math.inf
    return float(round(-result.fun))


def _first_narrowed(system: _System, protected: set[Hashable], unknown: frozenset,
                    min_range: int) -> Hashable | None:
    """The first protected key (in key order) whose whole-number range is below MIN_RANGE."""
    for key in sorted(k for k in protected if k in unknown):
        if whole_number_range(system, key, unknown) < min_range:
            return key
    return None


def _widen(system: _System, key: Hashable, unknown: frozenset, hidden: set[Hashable],
           min_range: int) -> Hashable:
    """The visible key to hide so that KEY's range reaches MIN_RANGE: the cheapest that does,
    else the one that widens it most (cheapest among equals)."""
    _, equations = system.component(key, unknown)
    visible = {t for e in equations for t in e.coefficients() if t not in unknown}
    candidates = sorted(visible, key=lambda t: system.cost(t, hidden))
    if not candidates:  # pragma: no cover - a narrowed key always has a visible term around it
        raise RuntimeError(f"{key} is narrowed and no visible count widens it")
    best, best_range = candidates[0], -1.0
    for candidate in candidates[:MAX_TRIED]:
        trial = system.unknown(system.hide(candidate, hidden))
        if system.pinned(key, trial):
            continue
        span = whole_number_range(system, key, trial)
        if span >= min_range:
            return candidate
        if span > best_range:
            best, best_range = candidate, span
    return best


def _by_subtraction(
    system: _System, guarded: set[Hashable], unknown: frozenset, hidden: set[Hashable]
) -> Hashable | None:
    """Plain subtraction first: in the first equation whose only unknown term is guarded,
    the visible term to hide (None when no equation gives a key away on its own)."""
    # Only an equation with a guarded unknown term can give one away: those, in equation order.
    near = sorted({i for key in guarded if key in unknown for i in system.containing.get(key, ())})
    for equation in (system.equations[i] for i in near):
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


def _first_pinned(system: _System, guarded: set[Hashable], unknown: frozenset) -> Hashable | None:
    """The first guarded key (in key order) that the equations pin down, or None."""
    pinned: list[Hashable] = []
    done: set[Hashable] = set()
    for key in sorted(guarded):
        if key in done:
            continue
        keys, equations = system.component(key, unknown)
        done.update(keys)
        fixed = system.pinned_columns(keys, equations)
        pinned += [k for k, f in zip(keys, fixed) if f and k in guarded]
    return min(pinned) if pinned else None


def _complement(system: _System, key: Hashable, unknown: frozenset, hidden: set[Hashable]) -> Hashable:
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


def check_exactly(system: _System, protected: Iterable[Hashable], unknown: frozenset) -> None:
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
