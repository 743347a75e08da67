"""Run notebook tasks in parallel: cached, isolated from each other's failures, atomic.

``run_tasks`` is the one entry point. For each task it computes the content key
(``cache``); tasks whose output was built with the same key are skipped; the rest go
to a pool of worker processes (``worker``), each with a warm kernel. This process
alone writes outputs, each to a temporary file renamed into place, with SIGINT and
SIGTERM held back while a notebook and its cache entry are written (and while the
workers are being stopped). So an
interrupted build leaves only complete notebooks, every one of them recorded, and
rerunning resumes where it stopped.

A notebook that raises does not stop the build: its task is ``failed``, its stale
output (if any) is removed so an out-of-date report cannot be published by mistake,
and the partly executed notebook is kept beside it as ``<name>.failed.ipynb``.
Failures are never cached: a rerun tries them again.
"""

from __future__ import annotations

import hashlib
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from scwres_helpers.atomic import write_bytes_atomic
from scwres_helpers.cores import available_cores, processes_for
from scwres_helpers.cache import Cache, canonical_json, code_fingerprint, env_fingerprint, task_key
from scwres_helpers.execution.memory import give_back_freed_memory
from scwres_helpers.execution.worker import ENGINES, WARM, Job, Outcome, WorkerConfig, WorkerDied, WorkerPool

if TYPE_CHECKING:
    from scwres_helpers.execution.progress import BuildProgress

PACKAGE_DIR = Path(__file__).resolve().parents[1]
Status = Literal["executed", "cached", "failed"]
_POLL_SECONDS = 0.25
_HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@dataclass(frozen=True)
class Task:
    """One notebook to execute: what to run, where the result goes, what it depends on.

    PARAMETERS are injected by papermill and must be JSON-safe. INPUTS are the files
    the notebook reads (their bytes are part of the cache key). CWD is the folder the
    notebook runs in (default: its own folder); relative paths in PARAMETERS are read
    from there, so a build can pass paths that do not depend on where it writes.
    """

    name: str
    notebook: Path
    output: Path
    parameters: Mapping[str, Any] = field(default_factory=dict)
    inputs: tuple[Path, ...] = ()
    kind: str = "notebook"
    cwd: Path | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "notebook", Path(self.notebook))
        object.__setattr__(self, "output", Path(self.output))
        if self.cwd is not None:
            object.__setattr__(self, "cwd", Path(self.cwd))
        object.__setattr__(self, "inputs", tuple(Path(p) for p in self.inputs))
        object.__setattr__(self, "parameters", dict(self.parameters))


@dataclass(frozen=True)
class TaskResult:
    """How one task ended. SECONDS is execution time in the worker (0 when cached).

    FAILING_CELL is the 0-based index of the failing cell in the SOURCE notebook
    (papermill's injected-parameters cell is not counted).
    """

    name: str
    status: Status
    seconds: float
    error: str | None
    failing_cell: int | None
    output: Path
    kind: str = "notebook"
    key: str | None = None
    failed_notebook: Path | None = None


class BuildInterrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM stopped the build; RESULTS are the tasks that ended before it."""

    def __init__(self, results: list[TaskResult]) -> None:
        super().__init__("build interrupted")
        self.results = results


def failed_notebook_path(output: Path) -> Path:
    """Where the partly executed notebook of a failed task is kept."""
    return Path(output).with_suffix(".failed.ipynb")


def runtime_fingerprint(engine: str, preload: tuple[str, ...] | None) -> str:
    """Package versions plus how notebooks are run (a preload's import side effects count)."""
    payload = {"env": env_fingerprint(), "engine": engine, "preload": list(preload) if preload is not None else None}
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()


def _check_tasks(tasks: list[Task]) -> None:
    for attribute in ("name", "output"):
        seen: set[Any] = set()
        for task in tasks:
            value = getattr(task, attribute)
            if attribute == "output":
                value = value.resolve()
            if value in seen:
                raise ValueError(f"two tasks have the same {attribute}: {value}")
            seen.add(value)


def _remove_stale_temporaries(output: Path) -> None:
    """Temporary files left by a build that was killed outright (SIGKILL) mid-write."""
    for path in (output, failed_notebook_path(output), Cache.sidecar(output)):
        if path.parent.is_dir():
            for leftover in path.parent.glob(f".{path.name}.*.tmp"):
                leftover.unlink(missing_ok=True)


class _Interrupts:
    """SIGINT and SIGTERM as KeyboardInterrupt, held back while files are being written.

    A Python-level handler rather than a signal mask, because with other threads
    running (the live progress display) the OS may deliver the signal to any of them.
    """

    def __init__(self) -> None:
        self.holding = False
        self.pending: int | None = None
        self.previous: dict[int, Any] = {}

    def install(self) -> None:
        if threading.current_thread() is threading.main_thread():
            for signum in _HELD_SIGNALS:
                self.previous[signum] = signal.signal(signum, self._handle)

    def uninstall(self) -> None:
        for signum, handler in self.previous.items():
            signal.signal(signum, handler)
        self.previous.clear()
        self.pending = None

    def _handle(self, signum: int, frame: Any) -> None:
        if self.holding:
            self.pending = signum
        else:
            raise KeyboardInterrupt(f"signal {signum}")

    @contextmanager
    def held(self) -> Iterator[None]:
        """Signals arriving inside are remembered; ``check`` raises for them later."""
        self.holding = True
        try:
            yield
        finally:
            self.holding = False

    def check(self) -> None:
        if self.pending is not None:
            raise KeyboardInterrupt(f"signal {self.pending}")


class _Commit:
    """Writes what a worker produced; the only code that touches outputs."""

    def __init__(self, cache: Cache, interrupts: _Interrupts) -> None:
        self.cache = cache
        self.interrupts = interrupts

    def __call__(self, task: Task, key: str, outcome: Outcome) -> TaskResult:
        failed_path = failed_notebook_path(task.output)
        with self.interrupts.held():
            if outcome.ok and outcome.notebook is not None:
                write_bytes_atomic(task.output, outcome.notebook)
                self.cache.record(task.output, key)
                failed_path.unlink(missing_ok=True)
                return TaskResult(task.name, "executed", outcome.seconds, None, None, task.output, task.kind, key)
            self.cache.forget(task.output)
            task.output.unlink(missing_ok=True)
            kept = None
            if outcome.notebook is not None:
                kept = write_bytes_atomic(failed_path, outcome.notebook)
        error = outcome.error or "the notebook produced no output"
        return TaskResult(task.name, "failed", outcome.seconds, error, outcome.failing_cell, task.output, task.kind, key, kept)


def _keyed(
    tasks: list[Task], force: bool, cache: Cache, code_fp: str, runtime_fp: str
) -> tuple[dict[str, TaskResult], list[tuple[Task, str]]]:
    """Results of tasks needing no execution (cached, or missing a file), and the rest."""
    settled: dict[str, TaskResult] = {}
    pending: list[tuple[Task, str]] = []
    file_hashes: dict[Path, str] = {}
    for task in tasks:
        try:
            key = task_key(task.notebook, task.parameters, task.inputs, code_fp, runtime_fp, file_hashes=file_hashes)
        except TypeError as error:  # a programming error in the pipeline, not a data problem
            raise ValueError(f"task {task.name}: parameters {error}") from error
        except OSError as error:
            settled[task.name] = TaskResult(
                task.name, "failed", 0.0, f"cannot read {error.filename}: {error.strerror}", None, task.output, task.kind
            )
            cache.forget(task.output)  # whatever was built before is out of date
            task.output.unlink(missing_ok=True)
            continue
        if not force and cache.is_fresh(task.output, key):
            settled[task.name] = TaskResult(task.name, "cached", 0.0, None, None, task.output, task.kind, key)
        else:
            pending.append((task, key))
    return settled, pending


def _worker_config(engine: str, preload: tuple[str, ...] | None, cell_timeout: float | None,
                   national: bool = True) -> WorkerConfig:
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
    return WorkerConfig(engine=engine, preload=tuple(preload) if preload is not None else None,
                        cell_timeout=cell_timeout, national=national)


def _check_jobs(jobs: int | None) -> None:
    if jobs is not None and jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")


def start_workers(
    jobs: int | None = None,
    *,
    engine: str = WARM,
    preload: tuple[str, ...] | None = None,
    cell_timeout: float | None = None,
    national: bool = True,
) -> WorkerPool:
    """Start JOBS workers now, for a later ``run_tasks(..., pool=...)``.

    Their kernels boot and import pandas & co. (about 1.5 s) while the caller does other
    work, such as validating returns; ``run_tasks`` then stops them when it is done.
    NATIONAL False: they will run no national chapter (``WorkerConfig.national``).
    """
    _check_jobs(jobs)
    return WorkerPool(jobs or available_cores(), _worker_config(engine, preload, cell_timeout, national))


def run_tasks(
    tasks: Iterable[Task],
    jobs: int | None = None,
    force: bool = False,
    progress: BuildProgress | None = None,
    *,
    engine: str = WARM,
    preload: tuple[str, ...] | None = None,
    cell_timeout: float | None = None,
    pool: WorkerPool | None = None,
    keep_pool: bool = False,
    package_dir: Path = PACKAGE_DIR,
    later: Future[list[Task]] | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> list[TaskResult]:
    """Execute TASKS that are not up to date, JOBS at a time; results in the tasks' order.

    JOBS defaults to the cores available. FORCE ignores the cache. ENGINE is "warm"
    (a kept-alive kernel per worker, the default) or "fresh" (papermill's own: a new
    kernel per notebook). PRELOAD overrides the modules a warm kernel imports up
    front. CELL_TIMEOUT (seconds) fails a notebook whose cell runs longer. POOL, from
    ``start_workers``, replaces JOBS, ENGINE, PRELOAD and CELL_TIMEOUT with its own;
    it is stopped by the time this returns, unless KEEP_POOL (``session.KeptWorkers``:
    a later build uses it; interrupted, it is stopped all the same). LATER: more tasks, still being
    planned while these run (the build writes the national chapters' inputs while the first
    authorities execute); they join the queue once ready, and what stopped their planning stops
    the run (the workers are stopped, and it is raised here). MEANWHILE is called once the first
    tasks are handed to the workers (or when none runs): work the caller puts in a thread there
    does not slow the keying, which reads every input and would wait for that thread at each read.
    Raises BuildInterrupted on Ctrl-C or SIGTERM, after stopping the workers.
    """
    interrupts = _Interrupts()
    interrupts.install()
    results: dict[str, TaskResult] = {}
    tasks = list(tasks)
    displayed = False
    try:
        config = pool.config if pool is not None else _worker_config(engine, preload, cell_timeout)
        _check_jobs(jobs)
        _check_tasks(tasks)
        cache = Cache()
        fingerprint = runtime_fingerprint(config.engine, config.preload)
        code_fp = code_fingerprint(package_dir)
        settled, pending = _keyed(tasks, force, cache, code_fp, fingerprint)
        results.update(settled)
        if progress is not None:
            progress.start(len(tasks), sum(r.status == "cached" for r in settled.values()))
            displayed = True

        def planned_later() -> list[tuple[Task, str]]:
            """LATER's tasks (waiting for them), added to TASKS, RESULTS and PROGRESS; those to run."""
            assert later is not None  # called only while there are tasks to come
            more = list(later.result())
            _check_tasks(tasks + more)
            tasks.extend(more)
            settled_later, pending_later = _keyed(more, force, cache, code_fp, fingerprint)
            results.update(settled_later)
            if progress is not None:
                progress.more(len(more), sum(r.status == "cached" for r in settled_later.values()))
            give_back_freed_memory()  # what planning them freed
            return pending_later

        if later is not None and pool is None and not pending:  # no kernel to keep busy meanwhile
            pending, later = planned_later(), None
        if pending or later is not None:
            give_back_freed_memory()  # this process waits from now on, while the kernels fill memory
            if pool is None:
                # Tasks planned later may add more: then as many workers as cores.
                pool = WorkerPool(processes_for(None if later is not None else len(pending), jobs), config)
            _execute(pending, pool, _Commit(cache, interrupts), progress, results, interrupts,
                     (later.done, planned_later) if later is not None else None, meanwhile)
            meanwhile = None
            if not keep_pool:
                pool.close()
            pool = None
        elif keep_pool:
            pool = None  # nothing to run: kept as it is
        if meanwhile is not None:  # nothing ran
            meanwhile()
    except KeyboardInterrupt as interrupt:
        raise BuildInterrupted(_ordered(tasks, results)) from interrupt
    finally:
        if pool is not None:  # interrupted, failed, or started for nothing: stop now
            with interrupts.held():
                pool.terminate()
        interrupts.uninstall()
        if displayed:
            progress.close()  # type: ignore[union-attr]
    return _ordered(tasks, results)


def _ordered(tasks: list[Task], results: Mapping[str, TaskResult]) -> list[TaskResult]:
    return [results[t.name] for t in tasks if t.name in results]


def _job(task: Task, key: str) -> Job:
    return Job(
        name=task.name,
        notebook=str(task.notebook.resolve()),
        parameters=dict(task.parameters),
        output_name=task.output.name,
        cwd=str(task.cwd.resolve()) if task.cwd is not None else "",
    )


def _execute(
    pending: list[tuple[Task, str]],
    pool: WorkerPool,
    commit: _Commit,
    progress: BuildProgress | None,
    results: dict[str, TaskResult],
    interrupts: _Interrupts,
    later: tuple[Callable[[], bool], Callable[[], list[tuple[Task, str]]]] | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> None:
    """Hand PENDING out to POOL's workers; commit each outcome into RESULTS as it arrives.

    LATER is (READY, PLANNED): PLANNED gives more pending tasks (waiting for them), called
    once READY says they are, or when there is nothing else to wait for. MEANWHILE is
    called once the first tasks are handed out.
    """
    queue: deque[tuple[Task, str]] = deque()

    def enqueue(items: list[tuple[Task, str]]) -> None:
        for task, _ in items:
            _remove_stale_temporaries(task.output)
        queue.extend(items)

    enqueue(pending)
    running: dict[str, tuple[Task, str]] = {}
    while queue or pool.busy() or later is not None:
        if later is not None and (later[0]() or not (queue or pool.busy())):
            enqueue(later[1]())
            later = None
            continue
        for worker in pool.idle():
            if not queue:
                break
            task, key = queue.popleft()
            running[task.name] = (task, key)
            if progress is not None:
                progress.task_started(task.name)
            worker.send(_job(task, key))
        if meanwhile is not None:
            meanwhile()
            meanwhile = None
        for worker in pool.ready(_POLL_SECONDS):
            job = worker.job
            assert job is not None
            try:
                outcome = worker.receive()
            except WorkerDied as death:
                outcome = Outcome(job.name, False, time.perf_counter() - worker.job_started, None, str(death))
                pool.replace(worker)
            task, key = running.pop(job.name)
            results[task.name] = commit(task, key, outcome)
            if progress is not None:
                progress.task_finished(results[task.name])
            interrupts.check()
