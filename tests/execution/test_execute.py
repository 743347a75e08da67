"""run_tasks on tiny notebooks: caching, failure isolation, determinism, interruption."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from scwres_helpers.cache import Cache
from scwres_helpers.execution import execute
from scwres_helpers.execution.execute import Task, TaskResult, failed_notebook_path, start_workers

NOTEBOOKS = Path(__file__).resolve().parent / "notebooks"
# Small preloads keep kernel start short; the chart tests need the plotting stack.
NO_PRELOAD: tuple[str, ...] = ()
PLOTTING = ("numpy", "pandas", "matplotlib", "matplotlib.pyplot", "seaborn")

pytestmark = pytest.mark.slow


@pytest.fixture
def code_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Stands in for scwres_helpers in cache keys: other work editing the real package
    while these tests run must not turn an expected "cached" into "executed"."""
    folder = tmp_path_factory.mktemp("code")
    (folder / "helpers.py").write_text("VERSION = 1\n")
    return folder


@pytest.fixture(autouse=True)
def _stable_code(code_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(execute, "PACKAGE_DIR", code_dir)


def run_tasks(*args, **kwargs) -> list[TaskResult]:  # type: ignore[no-untyped-def]
    """execute.run_tasks with the stand-in code folder."""
    return execute.run_tasks(*args, package_dir=execute.PACKAGE_DIR, **kwargs)


def adds_task(folder: Path, name: str, a: int, number: int) -> Task:
    number_file = folder / f"{name}.txt"
    number_file.write_text(str(number))
    return Task(
        name=name,
        notebook=NOTEBOOKS / "adds.ipynb",
        output=folder / f"{name}.ipynb",
        parameters={"a": a, "b": 2, "input_path": str(number_file)},
        inputs=[number_file],
        kind="authority",
    )


def stdout_of(path: Path) -> str:
    nb = json.loads(path.read_text())
    return "".join(
        "".join(output.get("text", ""))
        for cell in nb["cells"]
        for output in cell.get("outputs", [])
        if output.get("output_type") == "stream"
    )


def by_name(results: list[TaskResult]) -> dict[str, TaskResult]:
    return {r.name: r for r in results}


class Recorder:
    """A progress stand-in that records the calls run_tasks makes."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def start(self, total: int, cached: int) -> None:
        self.calls.append(("start", total, cached))

    def more(self, total: int, cached: int) -> None:
        self.calls.append(("more", total, cached))

    def task_started(self, name: str) -> None:
        self.calls.append(("started", name))

    def task_finished(self, result: TaskResult) -> None:
        self.calls.append(("finished", result.name, result.status))

    def close(self) -> None:
        self.calls.append(("close",))


def test_executes_then_caches_then_reruns_only_what_changed(tmp_path: Path) -> None:
    tasks = [adds_task(tmp_path, f"t{i}", a=i, number=10 * i) for i in range(3)]
    first = run_tasks(tasks, jobs=2, preload=NO_PRELOAD)
    assert [r.status for r in first] == ["executed"] * 3
    assert [r.name for r in first] == ["t0", "t1", "t2"]  # the tasks' order, whatever finished first
    assert stdout_of(tmp_path / "t1.ipynb") == "1 + 2 + 10 = 13\n"
    assert stdout_of(tmp_path / "t2.ipynb") == "2 + 2 + 20 = 24\n"

    written = {t.name: t.output.stat().st_mtime_ns for t in tasks}
    second = run_tasks(tasks, jobs=2, preload=NO_PRELOAD)
    assert [r.status for r in second] == ["cached"] * 3
    assert {t.name: t.output.stat().st_mtime_ns for t in tasks} == written  # nothing rewritten

    # An edited input reruns its task only; the progress display hears about each step.
    (tmp_path / "t1.txt").write_text("100")
    recorder = Recorder()
    third = by_name(run_tasks(tasks, jobs=2, progress=recorder, preload=NO_PRELOAD))  # type: ignore[arg-type]
    assert {name: r.status for name, r in third.items()} == {"t0": "cached", "t1": "executed", "t2": "cached"}
    assert stdout_of(tmp_path / "t1.ipynb") == "1 + 2 + 100 = 103\n"
    assert tasks[0].output.stat().st_mtime_ns == written["t0"]
    assert recorder.calls == [("start", 3, 2), ("started", "t1"), ("finished", "t1", "executed"), ("close",)]

    # Changed parameters rerun their task; force reruns everything.
    tasks[2] = Task("t2", tasks[2].notebook, tasks[2].output, {**tasks[2].parameters, "a": 5}, tasks[2].inputs)
    fourth = run_tasks(tasks, jobs=2, preload=NO_PRELOAD)
    assert [r.status for r in fourth] == ["cached", "cached", "executed"]
    assert stdout_of(tmp_path / "t2.ipynb") == "5 + 2 + 20 = 27\n"
    assert [r.status for r in run_tasks(tasks, jobs=2, force=True, preload=NO_PRELOAD)] == ["executed"] * 3


def test_tasks_planned_while_the_first_run_join_the_queue(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    first = [adds_task(tmp_path, "t0", a=0, number=10)]
    planning = threading.Event()

    def plan_later() -> list[Task]:
        planning.wait(30)  # planned only once t0 has been handed out
        return [adds_task(tmp_path, f"t{i}", a=i, number=10 * i) for i in (1, 2)]

    recorder = Recorder()
    original_started = recorder.task_started
    recorder.task_started = lambda name: (original_started(name), planning.set())  # type: ignore[method-assign]
    with ThreadPoolExecutor(1) as planner:
        results = run_tasks(first, jobs=2, progress=recorder, preload=NO_PRELOAD,  # type: ignore[arg-type]
                            later=planner.submit(plan_later))
    assert [(r.name, r.status) for r in results] == [("t0", "executed"), ("t1", "executed"), ("t2", "executed")]
    assert stdout_of(tmp_path / "t2.ipynb") == "2 + 2 + 20 = 24\n"
    assert recorder.calls[:2] == [("start", 1, 0), ("started", "t0")]
    assert ("more", 2, 0) in recorder.calls
    assert recorder.calls.index(("more", 2, 0)) < recorder.calls.index(("started", "t1"))


def test_an_error_while_planning_later_tasks_stops_the_run_and_its_workers(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def plan_later() -> list[Task]:
        raise RuntimeError("the content has an unknown key")

    pool = start_workers(1, preload=NO_PRELOAD)
    with ThreadPoolExecutor(1) as planner, pytest.raises(RuntimeError, match="unknown key"):
        run_tasks([adds_task(tmp_path, "t0", a=0, number=1)], pool=pool, later=planner.submit(plan_later))
    assert all(w.process.poll() is not None for w in pool.workers)


def test_later_tasks_with_nothing_to_run_start_no_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from concurrent.futures import Future

    tasks = [adds_task(tmp_path, f"t{i}", a=i, number=i) for i in range(2)]
    assert [r.status for r in run_tasks(tasks, preload=NO_PRELOAD)] == ["executed"] * 2
    later: Future = Future()
    later.set_result(tasks[1:])
    monkeypatch.setattr(execute, "WorkerPool", lambda *a, **k: pytest.fail("a worker was started"))
    assert [r.status for r in run_tasks(tasks[:1], preload=NO_PRELOAD, later=later)] == ["cached"] * 2


def test_work_given_for_meanwhile_starts_once_the_first_tasks_are_handed_out(tmp_path: Path) -> None:
    """The build formats a table in a thread from MEANWHILE: started before, that thread slowed
    the keying (which reads every input and waited for it at each read)."""
    tasks = [adds_task(tmp_path, f"t{i}", a=i, number=i) for i in range(2)]
    pool = start_workers(1, preload=NO_PRELOAD)
    sent = []
    for worker in pool.workers:
        own_send = worker.send
        worker.send = lambda job, own_send=own_send: sent.append(job.name) or own_send(job)
    seen = []
    results = run_tasks(tasks, pool=pool, meanwhile=lambda: seen.append(list(sent)))
    assert [r.status for r in results] == ["executed"] * 2
    assert seen == [["t0"]]  # once, after the first task went to the one worker
    nothing = []
    assert [r.status for r in run_tasks(tasks, preload=NO_PRELOAD, meanwhile=lambda: nothing.append(1))] == \
        ["cached"] * 2
    assert nothing == [1]  # nothing ran: called all the same


def test_a_change_to_the_helpers_code_reruns_everything(tmp_path: Path, code_dir: Path) -> None:
    tasks = [adds_task(tmp_path, f"t{i}", a=i, number=i) for i in range(2)]
    assert [r.status for r in run_tasks(tasks, preload=NO_PRELOAD)] == ["executed"] * 2
    assert [r.status for r in run_tasks(tasks, preload=NO_PRELOAD)] == ["cached"] * 2
    (code_dir / "helpers.py").write_text("VERSION = 2\n")
    assert [r.status for r in run_tasks(tasks, preload=NO_PRELOAD)] == ["executed"] * 2


def test_workers_started_early_are_used_then_stopped(tmp_path: Path) -> None:
    tasks = [adds_task(tmp_path, "t", a=1, number=2)]
    pool = start_workers(1, preload=NO_PRELOAD)  # warming up while the caller does other work
    assert [r.status for r in run_tasks(tasks, pool=pool)] == ["executed"]
    assert all(w.process.poll() is not None for w in pool.workers)

    idle = start_workers(1, preload=NO_PRELOAD)
    assert [r.status for r in run_tasks(tasks, pool=idle)] == ["cached"]
    assert all(w.process.poll() is not None for w in idle.workers)  # nothing to run: stopped


def test_a_raising_notebook_is_isolated_and_kept_for_diagnosis(tmp_path: Path) -> None:
    raising = Task("bad", NOTEBOOKS / "raises.ipynb", tmp_path / "bad.ipynb", {"message": "no data for 2031"})
    stale = raising.output
    stale.write_text("an out-of-date report from an earlier build")
    tasks = [adds_task(tmp_path, "before", 1, 1), raising, adds_task(tmp_path, "after", 2, 2)]
    results = by_name(run_tasks(tasks, jobs=1, preload=NO_PRELOAD))  # one worker: "after" runs after the failure

    assert results["before"].status == results["after"].status == "executed"
    assert stdout_of(tmp_path / "after.ipynb") == "2 + 2 + 2 = 6\n"
    bad = results["bad"]
    assert bad.status == "failed"
    # Source cells: 0 parameters, 1 prints, 2 raises, 3 never reached.
    assert bad.failing_cell == 2
    assert bad.error is not None and bad.error.startswith("ValueError: no data for 2031 (cell 2")
    assert not stale.exists()  # a stale report must not survive its failed rebuild
    kept = failed_notebook_path(raising.output)
    assert bad.failed_notebook == kept == tmp_path / "bad.failed.ipynb"
    cells = json.loads(kept.read_text())["cells"]
    errors = [o for c in cells for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert [(e["ename"], e["evalue"]) for e in errors] == [("ValueError", "no data for 2031")]
    assert "before the failure\n" in stdout_of(kept)
    assert "never reached" not in stdout_of(kept)

    again = by_name(run_tasks(tasks, jobs=1, preload=NO_PRELOAD))  # failures are retried, successes cached
    assert {n: r.status for n, r in again.items()} == {"before": "cached", "bad": "failed", "after": "cached"}


def test_an_output_that_breaks_the_notebook_format_fails_its_notebook_naming_the_cell(tmp_path: Path) -> None:
    # Outputs are checked once the notebook has run (engines.check_notebooks_once), not as they arrive.
    task = Task("bad", NOTEBOOKS / "bad_output.ipynb", tmp_path / "bad.ipynb")
    [result] = run_tasks([task], jobs=1, preload=NO_PRELOAD)
    assert result.status == "failed"
    assert result.failing_cell == 1  # source cells: 0 prints, 1 displays a number as text, 2 prints
    assert result.error == "NotebookValidationError: 5 is not valid under any of the given schemas (cell 1)"
    assert not task.output.exists()
    assert "after the bad output" in stdout_of(failed_notebook_path(task.output))


def test_fixing_a_failed_notebook_removes_the_kept_failure(tmp_path: Path) -> None:
    notebook = tmp_path / "flaky.ipynb"
    notebook.write_text((NOTEBOOKS / "raises.ipynb").read_text())
    task = Task("flaky", notebook, tmp_path / "out" / "flaky.ipynb")
    assert run_tasks([task], preload=NO_PRELOAD)[0].status == "failed"
    assert failed_notebook_path(task.output).exists()
    notebook.write_text((NOTEBOOKS / "raises.ipynb").read_text().replace("raise ValueError(message)", "print(message)"))
    assert run_tasks([task], preload=NO_PRELOAD)[0].status == "executed"
    assert not failed_notebook_path(task.output).exists()
    assert Cache().is_fresh(task.output, run_tasks([task], preload=NO_PRELOAD)[0].key)


def test_a_kernel_that_dies_fails_its_task_and_the_next_one_still_runs(tmp_path: Path) -> None:
    tasks = [
        Task("dies", NOTEBOOKS / "kills_kernel.ipynb", tmp_path / "dies.ipynb"),
        adds_task(tmp_path, "next", 1, 1),
    ]
    results = by_name(run_tasks(tasks, jobs=1, preload=NO_PRELOAD))
    assert results["dies"].status == "failed"
    assert results["dies"].error is not None and "DeadKernelError" in results["dies"].error
    assert results["dies"].failing_cell == 1
    assert results["next"].status == "executed"


def test_a_worker_process_that_dies_fails_its_task_and_is_replaced(tmp_path: Path) -> None:
    tasks = [
        Task("crash", NOTEBOOKS / "kills_worker.ipynb", tmp_path / "crash.ipynb"),
        adds_task(tmp_path, "next", 1, 1),
    ]
    results = by_name(run_tasks(tasks, jobs=1, preload=NO_PRELOAD))
    assert results["crash"].status == "failed"
    assert results["crash"].error is not None and results["crash"].error.startswith("worker process ended (exit code -9")
    assert not (tmp_path / "crash.ipynb").exists()
    assert results["next"].status == "executed"


def test_a_cell_timeout_fails_the_notebook(tmp_path: Path) -> None:
    task = Task("sleepy", NOTEBOOKS / "slow.ipynb", tmp_path / "sleepy.ipynb", {"seconds": 60.0})
    started = time.perf_counter()
    [result] = run_tasks([task], preload=NO_PRELOAD, cell_timeout=1)
    assert time.perf_counter() - started < 30
    assert result.status == "failed"
    assert result.error is not None and "timed out" in result.error
    assert result.failing_cell == 1


def test_a_missing_input_fails_without_executing(tmp_path: Path) -> None:
    task = Task("t", NOTEBOOKS / "adds.ipynb", tmp_path / "t.ipynb", {}, [tmp_path / "absent.txt"])
    task.output.write_text("a report built when the input still existed")
    [result] = run_tasks([task], preload=NO_PRELOAD)
    assert result.status == "failed"
    assert result.error == f"cannot read {tmp_path / 'absent.txt'}: No such file or directory"
    assert not task.output.exists()


def test_tasks_must_have_distinct_names_and_outputs(tmp_path: Path) -> None:
    one = adds_task(tmp_path, "t", 1, 1)
    with pytest.raises(ValueError, match="same name"):
        run_tasks([one, Task("t", one.notebook, tmp_path / "other.ipynb")])
    with pytest.raises(ValueError, match="same output"):
        run_tasks([one, Task("u", one.notebook, one.output)])


def test_same_inputs_give_byte_identical_notebooks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The chart is shown with plt.show(), which needs the kernel's inline backend: the
    # Makefile's MPLBACKEND=Agg (inherited by the kernels) would make it draw nothing.
    monkeypatch.delenv("MPLBACKEND", raising=False)

    def chart(name: str) -> Task:
        return Task(name, NOTEBOOKS / "chart.ipynb", tmp_path / name / "chart.ipynb", {"title": "Same every time"})

    # Twice in one warm kernel (the second run follows the first in the same kernel)...
    warm = run_tasks([chart("a"), chart("b")], jobs=1, preload=PLOTTING)
    assert [r.status for r in warm] == ["executed", "executed"], [r.error for r in warm]
    first = (tmp_path / "a" / "chart.ipynb").read_bytes()
    assert (tmp_path / "b" / "chart.ipynb").read_bytes() == first
    # ...and with a fresh kernel per notebook (plain papermill): the same bytes.
    [fresh] = run_tasks([chart("c")], engine="fresh", preload=PLOTTING)
    assert fresh.status == "executed", fresh.error
    assert (tmp_path / "c" / "chart.ipynb").read_bytes() == first

    nb = json.loads(first)
    assert any("image/png" in o.get("data", {}) for c in nb["cells"] for o in c.get("outputs", []))
    assert "start_time" not in nb["metadata"]["papermill"]
    assert nb["metadata"]["papermill"]["input_path"] == "chart.ipynb"
    assert nb["metadata"]["papermill"]["parameters"] == {"title": "Same every time"}


def test_a_task_runs_in_its_cwd_so_relative_inputs_give_the_same_bytes_anywhere(tmp_path: Path) -> None:
    def relative_task(out: Path) -> Task:
        (out / "inputs").mkdir(parents=True)
        (out / "inputs" / "number.txt").write_text("5")
        return Task("adds", NOTEBOOKS / "adds.ipynb", out / "notebooks" / "adds.ipynb",
                    {"a": 1, "b": 2, "input_path": "inputs/number.txt"}, inputs=[out / "inputs" / "number.txt"],
                    cwd=out)

    here, there = tmp_path / "one", tmp_path / "elsewhere" / "deeper"
    results = run_tasks([relative_task(here)], jobs=1) + run_tasks([relative_task(there)], jobs=1)
    assert [r.status for r in results] == ["executed", "executed"], [r.error for r in results]
    assert stdout_of(here / "notebooks" / "adds.ipynb") == "1 + 2 + 5 = 8\n"
    notebook = (here / "notebooks" / "adds.ipynb").read_bytes()
    assert (there / "notebooks" / "adds.ipynb").read_bytes() == notebook
    assert str(tmp_path).encode() not in notebook


def test_warm_kernel_does_not_leak_state_between_notebooks(tmp_path: Path) -> None:
    tasks = [
        Task("sets", NOTEBOOKS / "sets_state.ipynb", tmp_path / "sets.ipynb"),
        Task("checks", NOTEBOOKS / "checks_state.ipynb", tmp_path / "checks.ipynb", {"expected_cwd": str(NOTEBOOKS)}),
    ]
    results = run_tasks(tasks, jobs=1, preload=PLOTTING)  # one worker, one kernel, in this order
    assert [r.status for r in results] == ["executed", "executed"], [r.error for r in results]
    checked = json.loads(tasks[1].output.read_text())
    # Cells are numbered from 1 as in a fresh kernel: parameters, injected parameters, checks.
    assert [c.get("execution_count") for c in checked["cells"] if c["cell_type"] == "code"] == [1, 2, 3]
    assert stdout_of(tasks[1].output).startswith("clean")


INTERRUPTED_BUILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from scwres_helpers.execution.execute import BuildInterrupted, Task, run_tasks

    notebooks, out, code = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    tasks = [
        Task(f"n{i}", notebooks / "slow.ipynb", out / f"n{i}.ipynb", {"seconds": 0.5})
        for i in range(6)
    ]
    try:
        run_tasks(tasks, jobs=2, preload=(), package_dir=code)
    except BuildInterrupted as stopped:
        print("interrupted after", len(stopped.results), flush=True)
        sys.exit(130)
    """
)


def descendants(pid: int) -> set[int]:
    """Every process below PID (workers and their kernels), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, stack = set(), [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            found.add(child)
            stack.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
def test_interrupted_build_leaves_only_complete_outputs_and_resumes(tmp_path: Path, signum: int, code_dir: Path) -> None:
    script = tmp_path / "build.py"
    script.write_text(INTERRUPTED_BUILD)
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, str(script), str(NOTEBOOKS), str(out), str(code_dir)], stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not list(out.glob("n*.ipynb")) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    time.sleep(0.3)  # the second round of notebooks is now mid-execution
    helpers = descendants(process.pid)
    process.send_signal(signum)
    stdout, _ = process.communicate(timeout=30)

    assert process.returncode == 130, stdout
    assert helpers, "the build had started workers"
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in helpers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in helpers if alive(pid)], "workers or kernels outlived the build"

    finished = sorted(out.glob("n*.ipynb"))
    assert 1 <= len(finished) < 6
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp") or ".failed." in p.name]
    for path in finished:
        assert stdout_of(path) == "slept\n"  # complete, valid notebooks only
        assert Cache.sidecar(path).exists()

    if signum == signal.SIGINT:  # rerunning resumes (once is enough: the state left is the same)
        tasks = [Task(f"n{i}", NOTEBOOKS / "slow.ipynb", out / f"n{i}.ipynb", {"seconds": 0.5}) for i in range(6)]
        resumed = by_name(run_tasks(tasks, jobs=2, preload=NO_PRELOAD))
        assert {n for n, r in resumed.items() if r.status == "cached"} == {p.stem for p in finished}
        assert all(r.status in ("cached", "executed") for r in resumed.values())
        assert len(list(out.glob("n*.ipynb"))) == 6
