"""Growth curve: build time and peak memory at several numbers of organisations.

    python benchmarks/growth.py [--sizes 50,153,500,2000] [--execute-limit 500] [--jobs N]
                                [--tolerance 0.10] [--work DIR] [--keep]

After an untimed warm-up (this process's imports), for each size N, in its own
scratch folder: generate N synthetic authorities (seed 1, three years), time the
data steps alone (validate every return, compute the indicators; a cold cache of
its own), then the build with rendering:
  - N <= --execute-limit: the full build (execute + render everything), measured;
  - N >  --execute-limit: EXTRAPOLATED. `build_year` is run for the first LIMIT
    authorities (sorted codes), which validates and computes at full N but executes
    and renders only those reports; the 13 national chapters (whose funnel plots have
    N points) are then executed and the site rendered at full N. Of the subset build,
    only the time its phase timings give to executing and rendering the reports is
    scaled linearly to all N; the rest (validation, indicators, input bundles,
    manifest at full N) is counted once, as in a full build.
Then prints, per size, seconds, seconds per organisation and its ratio to the size
before (linear growth keeps it at 1; above 1 + --tolerance is flagged), and the peak
memory of the build (this process and all live descendants, sampled). Results go to
benchmarks/results/growth-<date>.csv.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import shutil
import sys
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from measures import (  # noqa: E402
    TreeMemorySampler,
    extrapolated_build_seconds,
    no_worse_than_linear,
    per_organisation,
    print_table,
    successive_ratios,
    timed,
    write_results,
)

from scwres_helpers import config  # noqa: E402
from scwres_helpers.execution import load_params  # noqa: E402
from scwres_helpers.bundles import load_tables  # noqa: E402
from scwres_helpers.pipeline import REPORT_PHASES, BuildSummary, build_year, plan_tasks  # noqa: E402
from scwres_helpers.sample_data import generate_sample_returns  # noqa: E402

YEAR = 2024
YEARS = [2022, 2023, YEAR]
HEADER = ["organisations", "mode", "reports executed", "valid authorities", "generate s", "data steps s",
          "build s", "s per organisation", "ratio to previous size", "no worse than linear",
          "data s per organisation", "data ratio to previous size", "peak memory MB", "note"]


@dataclass
class SizeResult:
    """One size's measurements (BUILD_SECONDS is estimated when MODE says so)."""

    organisations: int
    mode: str
    executed: int
    valid: int
    generate_seconds: float
    data_seconds: float
    build_seconds: float
    peak_mb: float
    note: str
    peak_breakdown: str = ""  # which processes held the peak memory


def parse_sizes(text: str) -> list[int]:
    sizes = sorted({int(part) for part in text.split(",") if part.strip()})
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("sizes are positive whole numbers, e.g. 50,153,500,2000")
    return sizes


def time_data_steps(returns: Path, cache_dir: Path, threshold: int) -> tuple[float, list[str]]:
    """Validation and indicators for every year, from a cold cache; the valid codes of YEAR."""
    seconds, tables = timed(lambda: load_tables(returns, YEAR, threshold, cache_dir=cache_dir))
    shutil.rmtree(cache_dir, ignore_errors=True)
    return seconds, sorted(tables.current.returns)


def build_national_only(returns: Path, out: Path, renderer: str, jobs: int | None) -> BuildSummary:
    """The national chapters executed and the site rendered at full size, no authority report.

    `build_year` has no switch for this (`authorities=` leaves the chapters out), so
    its steps are called as it calls them.
    """
    from scwres_helpers.execution import run_tasks
    from scwres_helpers.publish import choose_renderer
    from scwres_helpers.publish.step import render_national

    params = load_params(config.PARAMS_DIR)
    tables = load_tables(returns, YEAR, params.suppression_threshold, cache_dir=out / ".cache" / "intake")
    year_dir = config.year_output_dir(out, YEAR)
    papermill_params = params.resolved(list(tables.current.returns)).to_papermill()
    tasks = plan_tasks(tables, config.YearLayout(year_dir).private, papermill_params, [], national=True)
    summary = BuildSummary(year=YEAR, out_dir=year_dir, results=run_tasks(tasks, jobs=jobs),
                           quarantined=tables.current.quarantined)
    render_national(summary, tables, choose_renderer(renderer).name, params, force=False)
    return summary


def warm_up(work: Path) -> None:
    """Pay this process's one-off imports before timing, so the first size is not charged them.

    Untimed: generate two organisations, validate them, import the publishing code.
    (Each build still starts its own kernels, as a real build does.)
    """
    for module in ("scwres_helpers.publish.bundled", "scwres_helpers.publish.step"):
        importlib.import_module(module)

    folder = work / "warm-up"
    shutil.rmtree(folder, ignore_errors=True)
    generate_sample_returns(folder / "returns", 2, YEARS, seed=1)
    time_data_steps(folder / "returns", folder / "data-cache", load_params(config.PARAMS_DIR).suppression_threshold)
    shutil.rmtree(folder, ignore_errors=True)


def measure_size(n: int, work: Path, limit: int, renderer: str, jobs: int | None) -> SizeResult:
    """Generate N organisations and measure (or, above LIMIT, extrapolate) one build."""
    returns, out = work / "returns", work / "outputs"
    shutil.rmtree(work, ignore_errors=True)
    generate_seconds, _ = timed(lambda: generate_sample_returns(returns, n, YEARS, seed=1))
    threshold = load_params(config.PARAMS_DIR).suppression_threshold
    data_seconds, valid = time_data_steps(returns, work / "data-cache", threshold)

    if n <= limit:
        with TreeMemorySampler() as memory:
            seconds, summary = timed(lambda: build_year(returns, YEAR, out_root=out, jobs=jobs, renderer=renderer))
        return SizeResult(n, "measured", len(valid), len(valid), generate_seconds, data_seconds, seconds,
                          memory.peak_mb, problems(summary), memory.peak_breakdown())

    subset = valid[:limit]
    with TreeMemorySampler() as memory:
        subset_seconds, subset_summary = timed(lambda: build_year(
            returns, YEAR, out_root=out, jobs=jobs, renderer=renderer, authorities=subset))
        national_seconds, national_summary = timed(lambda: build_national_only(returns, out, renderer, jobs))
    report_seconds = sum(subset_summary.phase_seconds.get(phase, 0.0) for phase in REPORT_PHASES)
    estimate = extrapolated_build_seconds(subset_seconds, report_seconds, len(subset), len(valid), national_seconds)
    note = (f"EXTRAPOLATED: reports executed and rendered for the first {len(subset)} of {len(valid)} authorities "
            f"(sorted codes): build {subset_seconds:.1f} s at full size, of which reports {report_seconds:.1f} s, "
            f"scaled x {len(valid)}/{len(subset)}; national chapters + site at full size measured: "
            f"{national_seconds:.1f} s; memory measured on these two runs. "
            f"{problems(subset_summary, national_summary)}").strip()
    return SizeResult(n, f"extrapolated from {len(subset)}", len(subset), len(valid), generate_seconds,
                      data_seconds, estimate, memory.peak_mb, note, memory.peak_breakdown())


def problems(*summaries: BuildSummary) -> str:
    failed = sum(len(s.failed) for s in summaries)
    render_failed = sum(len(s.render_failures) for s in summaries)
    return f"{failed} notebooks failed, {render_failed} renders failed" if failed or render_failed else ""


def growth_rows(results: list[SizeResult], tolerance: float) -> list[list]:
    """The printed and saved rows: per-organisation seconds and their growth between sizes."""
    per_org = [per_organisation(r.build_seconds, r.organisations) for r in results]
    data_per_org = [per_organisation(r.data_seconds, r.organisations) for r in results]
    rows = []
    for r, unit, ratio, data_unit, data_ratio in zip(
        results, per_org, successive_ratios(per_org), data_per_org, successive_ratios(data_per_org)
    ):
        linear = no_worse_than_linear(ratio, tolerance)
        rows.append([
            r.organisations, r.mode, r.executed, r.valid, round(r.generate_seconds, 1), round(r.data_seconds, 1),
            round(r.build_seconds, 1), round(unit, 3), None if ratio is None else round(ratio, 2),
            "" if linear is None else ("yes" if linear else "NO"),
            round(data_unit, 4), None if data_ratio is None else round(data_ratio, 2), round(r.peak_mb),
            " ".join(part for part in (r.note, r.peak_breakdown and f"At the memory peak: {r.peak_breakdown}.") if part),
        ])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=parse_sizes, default=parse_sizes("50,153,500,2000"))
    parser.add_argument("--execute-limit", type=int, default=500,
                        help="above this many organisations, execute and render only this many reports and scale")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--renderer", default="bundled", choices=["bundled", "auto"])
    parser.add_argument("--tolerance", type=float, default=0.10,
                        help="growth of seconds per organisation still counted as linear (timing noise)")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep each size's scratch folder")
    args = parser.parse_args()
    if args.execute_limit < 1:
        parser.error("--execute-limit must be at least 1")

    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    work = (args.work or Path(tempfile.mkdtemp(prefix="scwres-growth-"))).resolve()
    warm_up(work)
    results = []
    for n in args.sizes:
        print(f"size {n}...", flush=True)
        results.append(measure_size(n, work / str(n), args.execute_limit, args.renderer, args.jobs))
        if not args.keep:
            shutil.rmtree(work / str(n), ignore_errors=True)

    rows = growth_rows(results, args.tolerance)
    print(f"\nscwres growth: {os.cpu_count()} cores, Python {platform.python_version()}, renderer={args.renderer}; "
          f"linear = seconds per organisation grew by at most {args.tolerance:.0%} from the size before")
    if any(r.mode != "measured" for r in results):
        print(f"Sizes above {args.execute_limit} are EXTRAPOLATED from a subset of reports (see the notes).")
    print_table(HEADER[:-1], [row[:-1] for row in rows])
    for row in rows:
        if row[-1]:
            print(f"  {row[0]}: {row[-1]}")

    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H%M%SZ")
    path = write_results(ROOT / "benchmarks" / "results" / f"growth-{stamp}.csv", HEADER, rows)
    print(f"results: {path}")


if __name__ == "__main__":
    main()
