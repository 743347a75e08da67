"""What the benchmark scripts share: timing, peak memory of a process tree, and the
arithmetic of sampled baselines, ratios and growth.

Everything here but the memory sampler is pure arithmetic and formatting, kept apart
from the build so the tests can check it against hand-worked values without running
a build.
"""

from __future__ import annotations

import csv
import os
import platform
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
MB = 1024 * 1024


def timed(action: Callable[[], T]) -> tuple[float, T]:
    """Wall seconds taken by ACTION, and what it returned."""
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


class TreeMemorySampler:
    """Peak resident memory of this process and all its live descendants, in bytes.

    ``ru_maxrss`` of ``RUSAGE_CHILDREN`` only covers children that have exited and
    been waited for, and gives the largest one, not the sum: the build's kernel
    workers (alive until the build ends, each with a kernel of its own) and the
    render workers (children of the forkserver, not of us) would be missed. So a
    thread sums the RSS of the whole live process tree every INTERVAL seconds and
    keeps the largest sum. RSS counts shared pages once per process, so the figure
    is an upper bound; a spike shorter than the interval can be missed.
    """

    def __init__(self, interval: float = 0.1) -> None:
        import psutil  # ipython, hence every Jupyter kernel environment, depends on it

        self._psutil = psutil
        self._me = psutil.Process()
        self.interval = interval
        self.peak_bytes = 0
        self.peak_processes = 0
        self.peak_by_role: dict[str, tuple[int, int]] = {}  # role -> (processes, bytes) at the peak
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def sample(self) -> int:
        """Sum the tree's RSS now and update the peak; return the sum."""
        total, counted, by_role = 0, 0, {}
        try:
            processes = [self._me, *self._me.children(recursive=True)]
        except self._psutil.Error:
            processes = [self._me]
        for process in processes:
            try:
                rss = process.memory_info().rss
                role = "build" if process is self._me else process_role(process.cmdline())
            except self._psutil.Error:  # it ended between listing and reading
                continue
            total += rss
            counted += 1
            n, size = by_role.get(role, (0, 0))
            by_role[role] = (n + 1, size + rss)
        if total > self.peak_bytes:
            self.peak_bytes, self.peak_processes, self.peak_by_role = total, counted, by_role
        return total

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def __enter__(self) -> TreeMemorySampler:
        self.sample()
        self._thread = threading.Thread(target=self._run, name="memory-sampler", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self.sample()

    @property
    def peak_mb(self) -> float:
        return self.peak_bytes / MB

    def peak_breakdown(self) -> str:
        """Where the peak was: e.g. "build 1,200 MB; 2 kernels 900 MB; ..."."""
        return describe_roles(self.peak_by_role)


# What each process of a build is, told from its command line (the memory breakdown).
_ROLES = (
    ("ipykernel_launcher", "kernel"),
    ("scwres_helpers.execution.worker", "kernel worker"),
    # The forkserver and what it forks: in a local build, only the render processes.
    ("multiprocessing", "render process"),
    ("pandoc", "pandoc"),
)


def process_role(cmdline: Sequence[str]) -> str:
    """The role of a build's child process, from its command line ("other" if unknown)."""
    text = " ".join(cmdline)
    return next((role for marker, role in _ROLES if marker in text), "other")


def describe_roles(by_role: dict[str, tuple[int, int]]) -> str:
    """ROLE -> (processes, bytes) as one line, largest first: "build 1,200 MB; 2 kernels 900 MB"."""
    parts = []
    for role, (count, size) in sorted(by_role.items(), key=lambda item: (-item[1][1], item[0])):
        label = role if count == 1 else f"{count} {role}{'es' if role.endswith('s') else 's'}"
        parts.append(f"{label} {size / MB:,.0f} MB")
    return "; ".join(parts)


def spaced_sample(items: Sequence[T], k: int) -> list[T]:
    """K items spread evenly over ITEMS (the middle of each of K equal slices).

    Deterministic, and unlike "the first K" not biased to one end of a sorted list.
    All items when K is at least their number.
    """
    if k < 1:
        raise ValueError("a sample needs at least one item")
    n = len(items)
    if k >= n:
        return list(items)
    return [items[int((i + 0.5) * n / k)] for i in range(k)]


def machine_speed_probe(loops: int = 10**7) -> float:
    """Seconds of a fixed pure-Python loop: how fast this machine is running just now.

    A shared machine's speed drifts (here by up to 70% within an hour), so the
    benchmark times this before, between and after its measurements and prints it.
    """
    seconds, _ = timed(lambda: sum(i * i for i in range(loops)))
    return seconds


def mean(values: Iterable[float]) -> float:
    values = list(values)
    if not values:
        raise ValueError("the mean of no values")
    return sum(values) / len(values)


def scaled_total(parts: Iterable[tuple[Sequence[float], int]]) -> float:
    """Seconds for every item, from a sample of each kind: sum of mean(sample) x count.

    PARTS pairs the per-item seconds measured on a sample with how many items of that
    kind the whole job has (e.g. authority reports, national chapters).
    """
    return sum(mean(samples) * count for samples, count in parts)


def speedup(baseline_seconds: float, our_seconds: float) -> float:
    """How many times faster we are than the baseline (baseline / ours)."""
    if our_seconds <= 0:
        raise ValueError("our time must be positive")
    return baseline_seconds / our_seconds


def format_ratio(ratio: float) -> str:
    return f"{ratio:.1f}x"


def meets_target(value: float, target: float, at_least: bool = False) -> str:
    """'yes' or 'no': VALUE within TARGET (at most TARGET, or at least it with AT_LEAST)."""
    ok = value >= target if at_least else value <= target
    return "yes" if ok else "no"


@dataclass
class BaselineSamples:
    """Per-notebook seconds measured on samples, for baselines (a) and (b).

    `papermill` is the same command in both, so each sampled notebook is executed
    once and its time counted in both; the lists of one kind run in step.
    """

    papermill_authority: list[float] = field(default_factory=list)
    nbconvert_authority: list[float] = field(default_factory=list)
    render_authority: list[float] = field(default_factory=list)
    papermill_chapter: list[float] = field(default_factory=list)
    nbconvert_chapter: list[float] = field(default_factory=list)
    render_site: float = 0.0

    def baseline_a(self, authorities: int, chapters: int) -> float:
        """papermill + nbconvert for every notebook: each kind's sample mean x its count."""
        return scaled_total([
            ([p + n for p, n in zip(self.papermill_authority, self.nbconvert_authority, strict=True)], authorities),
            ([p + n for p, n in zip(self.papermill_chapter, self.nbconvert_chapter, strict=True)], chapters),
        ])

    def baseline_b(self, authorities: int, chapters: int) -> float:
        """papermill + our renderer per authority, papermill per chapter, the site rendered once."""
        return scaled_total([
            ([p + r for p, r in zip(self.papermill_authority, self.render_authority, strict=True)], authorities),
            (self.papermill_chapter, chapters),
        ]) + self.render_site


# Growth ----------------------------------------------------------------------------


def per_organisation(seconds: float, organisations: int) -> float:
    if organisations < 1:
        raise ValueError("at least one organisation")
    return seconds / organisations


def successive_ratios(values: Sequence[float]) -> list[float | None]:
    """Each value over the one before it (None for the first): the growth of a per-unit cost."""
    return [None] + [b / a if a > 0 else None for a, b in zip(values, values[1:])]


def no_worse_than_linear(ratio: float | None, tolerance: float) -> bool | None:
    """Whether per-organisation time grew by at most TOLERANCE (timing noise) from the last size.

    Linear growth keeps seconds per organisation constant (ratio 1); None for the
    first size, which has nothing to compare with.
    """
    if ratio is None:
        return None
    return ratio <= 1 + tolerance


def extrapolated_build_seconds(
    subset_build_seconds: float,
    subset_report_seconds: float,
    subset: int,
    organisations: int,
    national_seconds: float,
) -> float:
    """A full build's seconds from a build of SUBSET authority reports at full size.

    The subset build did everything else (validation and indicators for all
    ORGANISATIONS, input bundles, manifest) once, as a full build would; of its
    SUBSET_BUILD_SECONDS, SUBSET_REPORT_SECONDS went on executing and rendering the
    subset's reports (the build's own phase timings), and only that part is scaled
    to every organisation. The national chapters (run at full size) are added.
    """
    if subset < 1:
        raise ValueError("the subset needs at least one authority")
    reports = min(max(subset_report_seconds, 0.0), subset_build_seconds)
    return subset_build_seconds - reports + reports * organisations / subset + national_seconds


# Environment and results ---------------------------------------------------------------


def environment_columns() -> dict[str, Any]:
    """The machine and the versions a result depends on, to compare runs."""
    columns: dict[str, Any] = {
        "cores": os.cpu_count(),
        "python": f"{platform.python_version()} ({platform.python_implementation().lower()})",
        # Which build of it: a distribution's (/usr, optimised) or pyenv's runs at another speed.
        "python_prefix": sys.base_prefix,
    }
    for name in ("pandas", "papermill", "matplotlib", "typst"):
        try:
            columns[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            columns[name] = "not installed"
    try:
        import pypandoc

        columns["pandoc"] = pypandoc.get_pandoc_version()
    except (ImportError, OSError, RuntimeError):
        columns["pandoc"] = "not installed"
    return columns


def write_results(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Path:
    """Write ROWS under HEADER, each followed by the environment columns."""
    environment = environment_columns()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([*header, *environment])
        for row in rows:
            writer.writerow([*row, *environment.values()])
    return path


def print_table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Columns padded to their widest cell; numbers right-aligned."""
    cells = [[("" if c is None else str(c)) for c in row] for row in [header, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    numeric = [all(_is_number(row[i]) or row[i] is None or row[i] == "" for row in rows) for i in range(len(header))]
    for row in cells:
        print("  " + "  ".join(
            cell.rjust(width) if is_number else cell.ljust(width)
            for cell, width, is_number in zip(row, widths, numeric)
        ).rstrip())


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
