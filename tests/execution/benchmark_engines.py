"""Seconds per notebook: papermill from the shell vs papermill in-process vs the warm kernel.

Not a test (pytest does not collect it): run it by hand to see what the build gains,
``.venv/bin/python tests/execution/benchmark_engines.py [N]``. The notebook imports
pandas and seaborn and draws one chart (``notebooks/chart.ipynb``).

1. shell: ``papermill chart.ipynb out.ipynb -p title ...`` once per notebook, in a
   loop, as a Makefile would (a Python start, papermill's imports and a kernel each).
2. in-process: one Python calling ``papermill.execute_notebook`` N times (a fresh
   kernel per notebook, papermill imported once).
3. warm, 1 job: ``run_tasks`` with one worker (one warm kernel), build included.
4. warm, 2 jobs: ``run_tasks`` with two workers, the build's default on this machine.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NOTEBOOK = Path(__file__).resolve().parent / "notebooks" / "chart.ipynb"
PAPERMILL = Path(sys.executable).parent / "papermill"


def shell_loop(n: int, out: Path) -> float:
    started = time.perf_counter()
    for i in range(n):
        subprocess.run(
            [str(PAPERMILL), str(NOTEBOOK), str(out / f"shell{i}.ipynb"), "-p", "title", f"Chart {i}", "--no-progress-bar"],
            check=True,
            capture_output=True,
        )
    return time.perf_counter() - started


def in_process(n: int, out: Path) -> float:
    code = (
        "import sys, time, papermill\n"
        "t = time.perf_counter()\n"
        f"for i in range({n}):\n"
        f"    papermill.execute_notebook({str(NOTEBOOK)!r}, {str(out)!r} + f'/inproc{{i}}.ipynb',"
        " parameters={'title': f'Chart {i}'}, progress_bar=False)\n"
    )
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    return time.perf_counter() - started


def warm(n: int, out: Path, jobs: int) -> tuple[float, list[float]]:
    from scwres_helpers.execution.execute import Task, run_tasks

    tasks = [
        Task(f"warm{jobs}-{i}", NOTEBOOK, out / f"warm{jobs}-{i}.ipynb", {"title": f"Chart {i}"}) for i in range(n)
    ]
    started = time.perf_counter()
    results = run_tasks(tasks, jobs=jobs, force=True)
    wall = time.perf_counter() - started
    assert all(r.status == "executed" for r in results), [r.error for r in results]
    return wall, [r.seconds for r in results]


def main(n: int) -> None:
    out = Path(tempfile.mkdtemp(prefix="scwres-bench-"))
    try:
        rows = []
        wall = shell_loop(n, out)
        rows.append(("papermill CLI, once per notebook", wall))
        wall = in_process(n, out)
        rows.append(("papermill.execute_notebook in one process", wall))
        wall1, seconds = warm(n, out, jobs=1)
        rows.append(("run_tasks, warm kernel, 1 job", wall1))
        wall2, _ = warm(n, out, jobs=2)
        rows.append(("run_tasks, warm kernel, 2 jobs", wall2))
        baseline = rows[0][1]
        print(f"{n} runs of {NOTEBOOK.name}")
        print(f"{'how':45} {'wall s':>7} {'s/notebook':>11} {'speed-up':>9}")
        for how, wall in rows:
            print(f"{how:45} {wall:7.1f} {wall / n:11.2f} {baseline / wall:8.1f}x")
        steady = sorted(seconds[1:])[len(seconds[1:]) // 2] if n > 1 else seconds[0]
        print(f"warm kernel: first notebook {seconds[0]:.2f} s (kernel start and imports), then {steady:.2f} s each (median)")
    finally:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
