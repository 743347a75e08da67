"""Seconds per report: the Quarto renderer beside the bundled one, on the same notebooks.

    PATH=/opt/quarto/bin:$PATH python benchmarks/renderers.py [--authorities 3] [--rounds 2]

Generates the sample set (the given number of authorities, 2023-2024, seed 21), builds
2024 once without rendering (execution is the same for both renderers), then, for
each renderer in turn and for each round (the renderers alternate, so a drift in
the machine's speed falls on both):

- one report at a time: every authority's HTML and PDF rendered in this process, one
  after the other, each timed (after one untimed report, which pays the imports);
- as the build does it: ``scwres build --renderer R`` on the executed notebooks (all
  cached), whose manifest times the authority reports (in parallel on every core)
  and the national site (its pages, data tables and whole-report PDF).

A pure-Python speed probe runs before and after: this machine is shared, and its
speed moves. Results go to ``benchmarks/results/renderers-<UTC time>.csv``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from measures import machine_speed_probe, mean, print_table, timed, write_results  # noqa: E402

from scwres_helpers import config  # noqa: E402
from scwres_helpers.pipeline import build_year  # noqa: E402
from scwres_helpers.publish import choose_renderer  # noqa: E402
from scwres_helpers.publish.step import PHASE_REPORTS, PHASE_SITE  # noqa: E402
from scwres_helpers.sample_data import generate_sample_returns  # noqa: E402

YEAR = 2024
RENDERERS = ("bundled", "quarto")


def one_at_a_time(renderer_name: str, executed: dict[str, Path], names: dict[str, str], scratch: Path) -> list[float]:
    """Seconds for each authority's report, rendered one after another in this process."""
    renderer = choose_renderer(renderer_name)
    first = next(iter(executed))
    renderer.render_authority(executed[first], scratch / "warm-up", authority_code=first,
                              authority_name=names[first], year=YEAR)
    return [
        timed(lambda code=code: renderer.render_authority(
            executed[code], scratch / renderer_name, authority_code=code, authority_name=names[code], year=YEAR,
        ))[0]
        for code in executed
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--authorities", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temp dir)")
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    if not shutil.which("quarto"):
        sys.exit("quarto is not on PATH (e.g. PATH=/opt/quarto/bin:$PATH)")

    work = (args.work or Path(tempfile.mkdtemp(prefix="scwres-renderers-"))).resolve()
    returns, scratch = work / "returns", work / "scratch"
    shutil.rmtree(work, ignore_errors=True)
    generate_sample_returns(returns, args.authorities, [2023, YEAR], seed=21)
    outs = {name: work / f"outputs-{name}" for name in RENDERERS}
    executed_once = build_year(returns, YEAR, out_root=outs["bundled"], jobs=args.jobs, renderer=None)
    shutil.copytree(outs["bundled"], outs["quarto"])  # the same executed notebooks for both
    executed = {r.name.split("/", 1)[1]: r.output for r in executed_once.results if r.kind == "authority"}
    from scwres_helpers.intake import load_year

    names = {code: ret.about.authority_name for code, ret in load_year(returns, YEAR).returns.items()}

    probes = [machine_speed_probe()]
    rows = []
    for round_ in range(1, args.rounds + 1):
        for name in RENDERERS if round_ % 2 else reversed(RENDERERS):
            single = one_at_a_time(name, executed, names, scratch)
            summary = build_year(returns, YEAR, out_root=outs[name], jobs=args.jobs, renderer=name, force=False)
            assert summary.ok, summary.render_failures
            phases = summary.phase_seconds
            rows.append([
                round_, name, summary.renderer, len(executed), round(mean(single), 2), round(max(single), 2),
                round(phases[PHASE_REPORTS] / len(executed), 2), round(phases[PHASE_SITE], 1),
            ])  # fmt: skip
            # The next round renders again: remove this round's reports and their cache entries.
            layout = config.YearLayout.of(outs[name], YEAR)
            shutil.rmtree(layout.reports, ignore_errors=True)
            shutil.rmtree(layout.site, ignore_errors=True)
    probes.append(machine_speed_probe())

    header = ["round", "renderer", "described", "authorities", "one at a time: s per report (mean)",
              "one at a time: slowest", "in the build: s per report (parallel)", "in the build: the site (s)"]
    print_table(header, rows)
    print(f"machine speed probe before / after: {probes[0]:.2f} / {probes[1]:.2f} s (lower is faster)")
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H%M%SZ")
    path = write_results(
        ROOT / "benchmarks" / "results" / f"renderers-{stamp}.csv",
        [*header, "probe before (s)", "probe after (s)"],
        [[*row, round(probes[0], 2), round(probes[1], 2)] for row in rows],
    )
    print(f"results: {path}")


if __name__ == "__main__":
    main()
