"""Benchmark the yearly build on this machine beside the two baselines a user would otherwise use.

    python benchmarks/run.py --authorities 153 [--renderer bundled|auto|none]
                             [--baseline-sample 8] [--national-sample 2] [--jobs N] [--work DIR]
                             [--no-repeat]

Generates the synthetic set (seed 1), then measures, in one run on the same notebooks:
  - full build: validate, indicators, execute every notebook, render every authority
    report (HTML and PDF) and the national site (HTML and one PDF); from cold twice,
    once first and once after the baselines, and the two averaged (A-B-A: this
    machine's speed drifts, by up to 70% within an hour, and a drift that is steady
    over the run then cancels out of the ratios); a fixed pure-Python loop is timed
    before, between and after, so a reader can see how the machine's speed moved,
  - no-change rebuild (everything cached),
  - one-authority rerun after that authority's return was corrected: the command
    `scwres build --authority` in a new process (Python starts, kernels boot; the median
    of three, each after a correction of its own) and in a running `scwres watch`
    (kernels kept warm): from saving the corrected file to the report written,
  - peak memory of the build: this process and every live descendant (sampled),
  - baseline (a): from the shell, a new process per command as a user would type it,
    `papermill NOTEBOOK OUT.ipynb -p ...` then `jupyter nbconvert --to html OUT.ipynb`,
  - baseline (b): the same `papermill`, then our bundled renderer called in this one
    process, one notebook after another, with no cache; the site rendered once.
The baselines are timed on a sample of authority notebooks and of national chapters;
each kind is scaled by its own count (printed as such). They start from the input
bundles our build wrote, so they are spared validation and indicators.
Results go to benchmarks/results/<date>.csv with the core count and versions.
Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path
from statistics import median

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from measures import (  # noqa: E402
    BaselineSamples,
    TreeMemorySampler,
    format_ratio,
    machine_speed_probe,
    mean,
    meets_target,
    print_table,
    spaced_sample,
    speedup,
    timed,
    write_results,
)

from scwres_helpers import config  # noqa: E402
from scwres_helpers.execution import load_params  # noqa: E402
from scwres_helpers.bundles import load_tables  # noqa: E402
from scwres_helpers.pipeline import build_year  # noqa: E402
from scwres_helpers.publish.site_pages import chapter_pages  # noqa: E402
from scwres_helpers.sample_data import generate_sample_returns  # noqa: E402

YEAR = 2024
BIN = Path(sys.executable).parent
# Issue 22's targets (2 cores, 153 authorities, HTML + PDF each, the national site and the
# public summaries); the memory target is issue 6's (issue 22's is at 2,000: growth.py).
TARGET_AUTHORITIES = 153
COMMAND_RUNS = 3  # `scwres build --authority` timed this many times (see ``main``)
TARGETS = {"full": 90.0, "nochange": 1.0, "one": 3.0, "memory_mb": 3072.0, "speedup_a": 15.0}


def snapshot_returns(returns: Path) -> dict[Path, bytes]:
    """Every file of the returns tree and its bytes (to undo a correction)."""
    return {path: path.read_bytes() for path in sorted(returns.rglob("*")) if path.is_file()}


def restore_returns(returns: Path, snapshot: dict[Path, bytes]) -> None:
    """Put back the bytes SNAPSHOT holds (files added since are left alone: there are none)."""
    for path, data in snapshot.items():
        if path.read_bytes() != data:
            path.write_bytes(data)


def correct_one_return(returns: Path, add: int = 1) -> str:
    """Add ADD to one count in one CSV return (as a corrected resubmission would)."""
    folder = next(p for p in sorted((returns / str(YEAR)).iterdir()) if p.is_dir())
    leavers = folder / "leavers.csv"
    lines = leavers.read_text(encoding="utf-8").splitlines()
    if len(lines) > 1:
        cells = lines[1].rsplit(",", 1)
        cells[1] = str(int(cells[1]) + add) if cells[1].strip().isdigit() else cells[1]
        lines[1] = ",".join(cells)
    leavers.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder.name


def build_one_authority_command(returns: Path, out: Path, code: str, renderer: str | None,
                                jobs: int | None) -> None:
    """`scwres build --authority CODE`, run as a user runs it: a new process, which starts
    Python, imports the build and boots its kernels (``cli.main``, the console entry point)."""
    command = [sys.executable, "-m", "scwres_helpers.cli", "build", str(returns), "--year", str(YEAR),
               "--authority", code, "--out", str(out), "--renderer", renderer or "none",
               *(["--jobs", str(jobs)] if jobs else [])]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"`scwres build --authority {code}` failed (exit {done.returncode}):\n{done.stdout}{done.stderr}")


def watched_corrections(returns: Path, out: Path, renderer: str | None, jobs: int | None,
                        original: dict[Path, bytes], timed_corrections: int = 2) -> tuple[float, list[float]]:
    """Seconds from saving a corrected return to its report written, in a running `scwres watch`:
    the first correction after the watch started, then TIMED_CORRECTIONS more (each adds one
    more to the same count). The returns end as ORIGINAL."""
    from scwres_helpers.returns_watch import watch_returns

    watching, built, stop = threading.Event(), threading.Event(), threading.Event()
    outcomes: list = []

    def say(line: str) -> None:
        if line.startswith("Watching"):
            watching.set()

    def on_build(outcome) -> None:
        outcomes.append((time.perf_counter(), outcome))
        built.set()

    thread = threading.Thread(target=watch_returns, args=(returns, YEAR), kwargs=dict(
        out_root=out, renderer=renderer, jobs=jobs, say=say, stop=stop, on_build=on_build))
    thread.start()
    seconds = []
    try:
        if not watching.wait(120):
            raise RuntimeError("scwres watch did not start")
        for number in range(1 + timed_corrections):
            built.clear()
            saved = time.perf_counter()
            # 2 more than the original first (the cold rerun built 1 more), then 1 more each
            # time: no correction repeats a state built before, whose report would be cached.
            correct_one_return(returns, add=2 if number == 0 else 1)
            if not built.wait(300):
                raise RuntimeError("scwres watch did not rebuild the corrected report")
            finished, outcome = outcomes[-1]
            if isinstance(outcome, Exception) or not outcome.ok:
                raise RuntimeError(f"scwres watch failed: {outcome}")
            seconds.append(finished - saved)
            time.sleep(1.0)  # as corrections come: not on the heels of the last rebuild
    finally:
        stop.set()
        thread.join(60)
        restore_returns(returns, original)
    return seconds[0], seconds[1:]


# Baselines --------------------------------------------------------------------------------


def shell(command: list[str]) -> float:
    """Run COMMAND as its own process from the project folder; its wall seconds."""
    seconds, done = timed(lambda: subprocess.run(command, cwd=ROOT, capture_output=True, text=True))
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    return seconds


def papermill_command(notebook: Path, output: Path, parameters: dict, raw: dict, params_file: Path) -> list[str]:
    """`papermill` as typed at the shell: -p for values, -r for text kept as text, -f for the settings."""
    command = [str(BIN / "papermill"), str(notebook.relative_to(ROOT)), str(output), "-k", "python3"]
    for name, value in parameters.items():
        command += ["-p", name, str(value)]
    for name, value in raw.items():
        command += ["-r", name, str(value)]
    return command + ["-f", str(params_file), "--log-level", "ERROR"]


def nbconvert_command(executed: Path) -> list[str]:
    return [str(BIN / "jupyter"), "nbconvert", "--to", "html", str(executed), "--log-level", "ERROR"]


def measure_baselines(out: Path, returns: Path, threshold: int, scratch: Path,
                      authority_sample: int, chapter_sample: int) -> tuple[BaselineSamples, list[str], list[str]]:
    """Both baselines timed on spaced samples of authorities and chapters; the site once.

    Returns the timings and the sampled authority codes and chapter names.
    """
    from scwres_helpers.publish.bundled import BundledRenderer

    work_dir = config.YearLayout.of(out, YEAR).private  # the bundles and executed notebooks
    tables = load_tables(returns, YEAR, threshold, cache_dir=out / ".cache" / "intake")  # cached: untimed
    valid = sorted(tables.current.returns)
    params_file = scratch / "params.yaml"
    params_file.write_text(yaml.safe_dump(
        {"params": load_params(config.PARAMS_DIR).resolved(valid).to_papermill()}), encoding="utf-8")
    renderer = BundledRenderer()
    samples = BaselineSamples()

    codes = spaced_sample(valid, authority_sample)
    for code in codes:
        executed = scratch / "authority" / f"{code}.ipynb"
        executed.parent.mkdir(parents=True, exist_ok=True)
        bundle = work_dir / "inputs" / "authority" / code
        samples.papermill_authority.append(shell(papermill_command(
            config.NOTEBOOKS_DIR / "authority.ipynb", executed,
            {"year": YEAR, "inputs_dir": bundle}, {"authority_code": code}, params_file)))
        samples.nbconvert_authority.append(shell(nbconvert_command(executed)))
    # One untimed call first: a long-lived process pays its imports and caches once.
    name_of = {code: tables.current.returns[code].about.authority_name for code in codes}
    renderer.render_authority(scratch / "authority" / f"{codes[0]}.ipynb", scratch / "warm-up",
                              authority_code=codes[0], authority_name=name_of[codes[0]], year=YEAR)
    for code in codes:
        seconds, _ = timed(lambda: renderer.render_authority(
            scratch / "authority" / f"{code}.ipynb", scratch / "reports",
            authority_code=code, authority_name=name_of[code], year=YEAR))
        samples.render_authority.append(seconds)

    national = {page.name: page for page in chapter_pages()}
    pages = spaced_sample(list(national), chapter_sample)
    for page in pages:
        executed = scratch / "national" / f"{page}.ipynb"
        executed.parent.mkdir(parents=True, exist_ok=True)
        samples.papermill_chapter.append(shell(papermill_command(
            national[page].notebook, executed,
            {"year": YEAR, "inputs_dir": work_dir / "inputs" / "national"}, national[page].parameters, params_file)))
        samples.nbconvert_chapter.append(shell(nbconvert_command(executed)))
    chapters = {page: work_dir / "notebooks" / "national" / f"{page}.ipynb" for page in national}
    samples.render_site, _ = timed(lambda: renderer.render_site(chapters, scratch / "site", YEAR))
    return samples, codes, pages


# The run ----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--authorities", type=int, default=153)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--renderer", default="bundled", choices=["bundled", "auto", "none"],
                        help="'none' stops after execution (then the baselines, which render, are not comparable)")
    parser.add_argument("--baseline-sample", type=int, default=8,
                        help="authority notebooks run by the baselines, scaled to the full count (0: no baselines)")
    parser.add_argument("--national-sample", type=int, default=2,
                        help="national chapters run by the baselines, scaled to the 13 chapters")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temp dir)")
    parser.add_argument("--no-repeat", action="store_true",
                        help="one cold full build, not two around the baselines (quicker; ratios less robust)")
    args = parser.parse_args()
    renderer = None if args.renderer == "none" else args.renderer

    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    work = (args.work or Path(tempfile.mkdtemp(prefix="scwres-bench-"))).resolve()
    returns, out, scratch = work / "returns", work / "outputs", work / "baseline"
    for folder in (returns, out, scratch):
        shutil.rmtree(folder, ignore_errors=True)
    t_generate, _ = timed(lambda: generate_sample_returns(returns, args.authorities, [2022, 2023, YEAR], seed=1))

    def build(out_root: Path = out, **extra):
        return build_year(returns, YEAR, out_root=out_root, jobs=args.jobs, renderer=renderer, **extra)

    probes = [machine_speed_probe()]
    with TreeMemorySampler() as full_memory:
        t_full_first, summary = timed(build)
    built = sorted(r.name.split("/", 1)[1] for r in summary.results if r.kind == "authority")
    chapters = sum(1 for r in summary.results if r.kind == "national")
    with TreeMemorySampler() as nochange_memory:
        t_nochange, _ = timed(build)
    original_returns = snapshot_returns(returns)
    # Three commands, each after a correction of its own: one took from 2.7 to 3.6 s in
    # runs of the same code an hour apart, so one says little; the median is the figure.
    t_ones = []
    with TreeMemorySampler() as one_memory:
        for _ in range(COMMAND_RUNS):
            corrected = correct_one_return(returns)
            t_ones.append(timed(lambda: build_one_authority_command(returns, out, corrected, renderer,
                                                                    args.jobs))[0])
    t_one = median(t_ones)
    restore_returns(returns, original_returns)  # the second cold build reads what the first did
    t_watch_first, t_watch = watched_corrections(returns, out, renderer, args.jobs, original_returns)

    samples = None
    if args.baseline_sample > 0:
        scratch.mkdir(parents=True)
        threshold = load_params(config.PARAMS_DIR).suppression_threshold
        samples, codes, pages = measure_baselines(out, returns, threshold, scratch,
                                                  args.baseline_sample, args.national_sample)
        shutil.rmtree(scratch, ignore_errors=True)
    probes.append(machine_speed_probe())

    # A second cold build after the baselines (A-B-A): the machine's speed drifts, and
    # comparing the baselines with the mean of a build before and one after them
    # cancels a drift that is steady over the run.
    # Memory is judged on the first build: by the second, this process also holds what
    # baseline (b)'s renders left in it (Typst's memoised layouts), which no build has.
    full_times, repeat_memory = [t_full_first], None
    if not args.no_repeat:
        with TreeMemorySampler() as repeat_memory:
            t_full_repeat, _ = timed(lambda: build(out_root=work / "outputs-repeat"))
        full_times.append(t_full_repeat)
        probes.append(machine_speed_probe())
        shutil.rmtree(work / "outputs-repeat", ignore_errors=True)
    t_full = mean(full_times)
    builds_peak = max(full_memory.peak_mb, nochange_memory.peak_mb, one_memory.peak_mb)
    own_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    waited_children_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    at_target = args.authorities == TARGET_AUTHORITIES
    full_note = "validate, indicators, execute all, render all reports and the site"
    if len(full_times) > 1:
        full_note += (f"; mean of two cold builds, before and after the baselines: "
                      f"{full_times[0]:.1f} s and {full_times[1]:.1f} s")
    rows = [
        ("authorities", args.authorities, "", "", ""),
        ("notebooks executed", len(summary.results), "", "", f"{len(summary.failed)} failed"),
        ("files rendered", len(summary.rendered), "", "",
         f"renderer={args.renderer}; {len(summary.render_failures)} render failures"),
        ("generate sample data (s)", round(t_generate, 1), "", "", "not part of any build"),
        ("machine speed probe (s)", " / ".join(f"{p:.2f}" for p in probes), "", "",
         "a fixed pure-Python loop, timed before the first build, after the baselines and after the second "
         "build: lower is faster"),
        target_row("full build (s)", t_full, "full", at_target, 1, full_note),
        *((f"  of which: {phase} (s)", round(seconds, 1), "", "", "the first build's own phase timing")
          for phase, seconds in summary.phase_seconds.items()),
        target_row("no-change rebuild (s)", t_nochange, "nochange", at_target, 2, "everything cached"),
        target_row("one-authority rerun after a correction, `scwres build --authority` (s)", t_one, "one",
                   at_target, 2, f"--authority {corrected}: the command in a new process (Python starts, the "
                   f"build is imported, its kernels boot); median of {len(t_ones)}, each after a correction of "
                   f"its own ({' / '.join(f'{t:.2f}' for t in t_ones)} s)"),
        target_row("one-authority rerun after a correction, in `scwres watch` (s)", mean(t_watch), "one",
                   at_target, 2, "from saving the corrected file to the report written, the kernels kept warm; "
                   f"mean of {len(t_watch)} corrections ({' / '.join(f'{t:.2f}' for t in t_watch)} s), after a "
                   f"first one that took {t_watch_first:.2f} s as the new watch's kernels booted"),
        target_row("peak memory, full build (MB)", full_memory.peak_mb, "memory_mb", at_target, 0,
                   f"the first build: sum of RSS over this process and all live descendants, sampled every "
                   f"0.1 s ({full_memory.peak_processes} processes at the peak: {full_memory.peak_breakdown()}); "
                   "an upper bound"),
        ("peak memory, first build, no-change rebuild and one-authority rerun (MB)", round(builds_peak), "", "",
         "as above"),
        *([("peak memory, second cold build (MB)", round(repeat_memory.peak_mb), "", "",
            f"as above, but this process then also holds what baseline (b)'s renders left in it "
            f"(at the peak: {repeat_memory.peak_breakdown()})")] if repeat_memory else []),
        ("peak RSS of this process (MB)", round(own_peak), "", "", "ru_maxrss, RUSAGE_SELF"),
        ("peak RSS of the largest waited-for child (MB)", round(waited_children_peak), "", "",
         "ru_maxrss, RUSAGE_CHILDREN: only children that exited and were waited for; "
         "misses live workers and grandchildren, hence the sampled figure above"),
    ]

    if samples is not None:
        t_a, t_b = samples.baseline_a(len(built), chapters), samples.baseline_b(len(built), chapters)
        sampled = f"measured on {len(codes)} authorities ({', '.join(codes)})"
        sampled_pages = f"measured on {len(pages)} chapters ({', '.join(pages)})"
        rows += [
            ("baseline: shell papermill per authority (s)", round(mean(samples.papermill_authority), 2), "", "",
             sampled),
            ("baseline (a): shell nbconvert --to html per authority (s)",
             round(mean(samples.nbconvert_authority), 2), "", "", sampled + "; HTML only, no PDF"),
            ("baseline (b): bundled render per authority, one process (s)",
             round(mean(samples.render_authority), 2), "", "",
             sampled + "; HTML + PDF, no cache, after one untimed warm-up call"),
            ("baseline: shell papermill per national chapter (s)", round(mean(samples.papermill_chapter), 2),
             "", "", sampled_pages),
            ("baseline (a): shell nbconvert per national chapter (s)", round(mean(samples.nbconvert_chapter), 2),
             "", "", sampled_pages + "; HTML only, no site, no PDF"),
            ("baseline (b): bundled site render, once (s)", round(samples.render_site, 2), "", "",
             "all 13 chapters as our build executed them; website + report.pdf"),
            ("baseline (a): papermill + nbconvert, every notebook (s, scaled)", round(t_a, 1), "", "",
             f"SCALED from the samples: {len(built)} authorities x per-authority + {chapters} chapters x per-chapter"),
            ("baseline (b): papermill + bundled renderer, no cache (s, scaled)", round(t_b, 1), "", "",
             f"SCALED from the samples: {len(built)} x per-authority + {chapters} x per-chapter papermill + site once"),
            target_row("speed-up: baseline (a) / full build (x)", speedup(t_a, t_full), "speedup_a", at_target, 1,
                       "", at_least=True),
            ("speed-up: baseline (b) / full build (x)", round(speedup(t_b, t_full), 1), "", "", ""),
        ]
        if len(full_times) > 1:
            rows.append(("speed-up over (a), each build alone (x)",
                         " / ".join(f"{speedup(t_a, t):.1f}" for t in full_times), "", "",
                         "the first and the second cold build"))

    print(f"\nscwres benchmark: {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{args.authorities} authorities")
    if args.baseline_sample > 0:
        print("Baselines are MEASURED ON A SAMPLE and SCALED to every notebook (see the notes).")
    if not at_target:
        print(f"Targets apply to {TARGET_AUTHORITIES} authorities; none checked at this size.")
    print_table(["measure", "value", "target", "met", "note"], rows)
    if samples is not None:
        print(f"  speed-ups: {format_ratio(speedup(t_a, t_full))} over (a), {format_ratio(speedup(t_b, t_full))} over (b)")

    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H%M%SZ")
    path = write_results(ROOT / "benchmarks" / "results" / f"{stamp}.csv",
                         ["measure", "value", "target", "met", "note"], rows)
    print(f"results: {path}")


def target_row(name: str, value: float, target_key: str, at_target: bool, digits: int, note: str,
               at_least: bool = False) -> tuple:
    """A table row with its target (``TARGETS``) and whether it is met (only at the target's size)."""
    target = TARGETS[target_key]
    shown = round(value, digits) if digits else round(value)
    if not at_target:
        return (name, shown, "", "", note)
    sign = ">=" if at_least else "<="
    return (name, shown, f"{sign} {target:g}", meets_target(value, target, at_least), note)


if __name__ == "__main__":
    main()
