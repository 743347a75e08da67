"""Benchmark the yearly build on this machine and print the figures.

    python benchmarks/run.py --authorities 153 [--renderer none|bundled] [--baseline-sample 12]

Generates the synthetic set (seed 1), then measures, in one run on the same notebooks:
  - full build (validate, indicators, every notebook; and rendering unless --renderer none),
  - no-change rebuild (everything cached),
  - one-authority rerun after its return was corrected,
  - peak memory (this process and its children),
  - baseline: `papermill` from the shell once per notebook, timed on a sample of
    authority notebooks and scaled to the full count (printed as such).
Results are appended to benchmarks/results/<date>.csv with the core count and versions.
Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scwres_helpers.build.cache import package_versions  # noqa: E402
from scwres_helpers.pipeline import build_year  # noqa: E402
from scwres_helpers.sample_data import generate_sample_returns  # noqa: E402

YEAR = 2024


def timed(action):
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def peak_memory_mb() -> float:
    """Peak resident memory of this process and of its largest finished child, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024


def shell_papermill_baseline(out_dir: Path, codes: list[str], sample: int) -> tuple[float, int]:
    """Seconds for `papermill` run from the shell once per notebook, on SAMPLE authorities."""
    papermill = Path(sys.executable).with_name("papermill")
    inputs = out_dir / str(YEAR) / "inputs" / "authority"
    scratch = Path(tempfile.mkdtemp(prefix="scwres-baseline-"))
    chosen = codes[:sample]
    start = time.perf_counter()
    for code in chosen:
        subprocess.run(
            [str(papermill), "authority.ipynb", str(scratch / f"{code}.ipynb"), "-k", "python3",
             "-p", "authority_code", code, "-p", "year", str(YEAR), "-p", "inputs_dir", str(inputs / code),
             "--log-level", "ERROR"],
            cwd=ROOT / "notebooks", check=True, capture_output=True,
        )
    seconds = time.perf_counter() - start
    shutil.rmtree(scratch, ignore_errors=True)
    return seconds, len(chosen)


def correct_one_return(returns: Path) -> str:
    """Change one count in one CSV return (as a corrected resubmission would)."""
    folder = next(p for p in sorted((returns / str(YEAR)).iterdir()) if p.is_dir())
    leavers = folder / "leavers.csv"
    lines = leavers.read_text(encoding="utf-8").splitlines()
    if len(lines) > 1:
        cells = lines[1].rsplit(",", 1)
        cells[1] = str(int(cells[1]) + 1) if cells[1].strip().isdigit() else cells[1]
        lines[1] = ",".join(cells)
    leavers.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder.name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--authorities", type=int, default=153)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--renderer", default="none", choices=["none", "bundled", "auto"])
    parser.add_argument("--baseline-sample", type=int, default=12,
                        help="authority notebooks run by shell papermill, scaled to the full count")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temp dir)")
    args = parser.parse_args()
    renderer = None if args.renderer == "none" else args.renderer

    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    work = args.work or Path(tempfile.mkdtemp(prefix="scwres-bench-"))
    returns, out = work / "returns", work / "outputs"
    shutil.rmtree(work / "returns", ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    t_generate, _ = timed(lambda: generate_sample_returns(returns, args.authorities, [2022, 2023, YEAR], seed=1))

    t_full, summary = timed(lambda: build_year(returns, YEAR, out_root=out, jobs=args.jobs, renderer=renderer))
    failed = len(summary.failed)
    notebooks = len(summary.results)
    codes = sorted(r.name.split("/", 1)[1] for r in summary.results if r.name.startswith("authority/"))
    t_nochange, _ = timed(lambda: build_year(returns, YEAR, out_root=out, jobs=args.jobs, renderer=renderer))
    corrected = correct_one_return(returns)
    t_one, _ = timed(lambda: build_year(returns, YEAR, out_root=out, jobs=args.jobs, renderer=renderer,
                                        authorities=[corrected]))
    t_sample, sampled = shell_papermill_baseline(out, codes, args.baseline_sample)
    per_notebook = t_sample / sampled
    t_baseline = per_notebook * notebooks
    peak = peak_memory_mb()

    rows = [
        ("authorities", args.authorities, ""),
        ("notebooks executed", notebooks, f"{failed} failed"),
        ("generate sample data (s)", round(t_generate, 1), ""),
        ("full build (s)", round(t_full, 1), f"renderer={args.renderer}"),
        ("no-change rebuild (s)", round(t_nochange, 2), ""),
        ("one-authority rerun after a correction (s)", round(t_one, 2), corrected),
        ("baseline: shell papermill per notebook (s/notebook)", round(per_notebook, 2),
         f"measured on {sampled} authority notebooks"),
        ("baseline: shell papermill, all notebooks (s, scaled)", round(t_baseline, 1),
         f"{per_notebook:.2f} s x {notebooks} notebooks"),
        ("speed-up over the shell baseline (x)", round(t_baseline / t_full, 1), ""),
        ("peak memory (MB, this process + largest child)", round(peak), ""),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"\nscwres benchmark: {os.cpu_count()} cores, Python {platform.python_version()}")
    for name, value, note in rows:
        print(f"  {name:<{width}}  {value:>10}  {note}")

    results_dir = ROOT / "benchmarks" / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H%M%SZ")
    versions = package_versions()
    with (results_dir / f"{stamp}.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["measure", "value", "note", "cores", "python", "pandas", "papermill", "matplotlib"])
        for name, value, note in rows:
            writer.writerow([name, value, note, os.cpu_count(), versions.get("python"), versions.get("pandas"),
                             versions.get("papermill"), versions.get("matplotlib")])
    print(f"results: {results_dir / (stamp + '.csv')}")


if __name__ == "__main__":
    main()
