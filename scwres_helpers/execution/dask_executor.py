"""Run the build's notebook tasks on a Dask distributed cluster (``--executor dask``).

Each task is one notebook executed on a Dask worker and, for an authority, its HTML
and PDF rendered there too, so a cluster does all the per-authority work. What stays
with this process is what keeps a build safe: the cache check before anything is
sent, and every write (notebook, reports, cache entries), atomic, in this process
alone, exactly as with the local executor (``execute``). A task that raises, or
whose worker dies twice, fails that notebook and no other.

Workers need the same environment (this package and its dependencies, same
versions: the task refuses to run otherwise) and must see the notebooks and the
build's input bundles at the same paths as this process: run the build from a
checkout on a shared filesystem, with the output folder on it too. Returns are read
only here, and outputs are written only here, so neither needs to be shared.
Without a scheduler address a ``LocalCluster`` of one single-threaded worker
process per core is started for the build and stopped after it.
"""

from __future__ import annotations

import atexit
import os
import tempfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scwres_helpers.atomic import write_bytes_atomic
from scwres_helpers.cache import Cache, code_fingerprint, file_sha256
from scwres_helpers.cores import processes_for
from scwres_helpers.execution.execute import (
    PACKAGE_DIR,
    BuildInterrupted,
    Task,
    TaskResult,
    _check_tasks,
    _Commit,
    _Interrupts,
    _job,
    _keyed,
    _ordered,
    _remove_stale_temporaries,
    runtime_fingerprint,
)
from scwres_helpers.execution.worker import WARM, Job, Outcome, WorkerConfig, run_job

if TYPE_CHECKING:
    from scwres_helpers.execution.progress import BuildProgress

# Passed to every task so a remote worker stamps PDFs with the build's date.
FORWARDED_ENVIRONMENT = ("SOURCE_DATE_EPOCH",)


@dataclass(frozen=True)
class RenderRequest:
    """Render an executed authority notebook into OUT_DIR as part of its task."""

    renderer: str
    authority_code: str
    authority_name: str
    year: int
    out_dir: Path
    fingerprint: str  # publishing_fingerprint(renderer), for the render cache key


@dataclass(frozen=True)
class TaskReturn:
    """What a Dask task sends back: the execution outcome and any rendered files' bytes."""

    outcome: Outcome
    rendered: dict[str, bytes]
    render_error: str | None
    code_fingerprint: str


# ------------------------------------------------------------------ on a Dask worker

_worker_kernel: Any = None


def _close_worker_kernel() -> None:
    if _worker_kernel is not None:
        _worker_kernel.close()


def _warm_kernel(config: WorkerConfig) -> Any:
    """This worker process's kept-alive kernel, started on its first task."""
    global _worker_kernel
    from scwres_helpers.execution import engines
    from scwres_helpers.execution.warm_kernel import WarmKernel

    if _worker_kernel is None:
        _worker_kernel = WarmKernel(preload=config.kernel_preload())
        _worker_kernel.start()
        atexit.register(_close_worker_kernel)
    engines.WarmKernelEngine.kernel = _worker_kernel
    return _worker_kernel


def execute_and_render(
    job: Job, config: WorkerConfig, render: RenderRequest | None, environment: Mapping[str, str]
) -> TaskReturn:
    """Run on a worker: execute JOB's notebook, then render it if asked. Never raises for a report."""
    os.environ.update(environment)
    fingerprint = code_fingerprint(PACKAGE_DIR)
    if config.engine == WARM:
        _warm_kernel(config)
    outcome = run_job(job, config)
    rendered: dict[str, bytes] = {}
    render_error = None
    if render is not None and outcome.ok and outcome.notebook is not None:
        from scwres_helpers.publish import choose_renderer

        with tempfile.TemporaryDirectory(prefix="scwres-dask-") as scratch:
            executed = Path(scratch) / job.output_name
            executed.write_bytes(outcome.notebook)
            try:
                written = choose_renderer(render.renderer).render_authority(
                    executed, Path(scratch) / "reports", authority_code=render.authority_code,
                    authority_name=render.authority_name, year=render.year,
                )
                rendered = {path.name: path.read_bytes() for path in written}
            except Exception as error:  # one report failing never stops the others
                render_error = f"{type(error).__name__}: {error}"
    return TaskReturn(outcome, rendered, render_error, fingerprint)


# ------------------------------------------------------------------ in the build


def connect(scheduler: str | None, workers: int) -> tuple[Any, Any]:
    """(client, cluster): a client of SCHEDULER, or of a new LocalCluster (returned to close)."""
    from distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler), None
    cluster = LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
        silence_logs=40,  # logging.ERROR: the build's own progress is what analysts read
    )
    return Client(cluster), cluster


def _commit_reports(render: RenderRequest, returned: TaskReturn, notebook: Path, cache: Cache) -> list[Path]:
    """Write the reports a task rendered and record them in the render cache."""
    from scwres_helpers.publish.step import authority_render_key

    if returned.render_error is not None:
        return []
    key = authority_render_key(file_sha256(notebook), render.fingerprint, render.authority_name, render.year)
    written = []
    for file_name, data in sorted(returned.rendered.items()):
        path = write_bytes_atomic(Path(render.out_dir) / Path(file_name).name, data)
        cache.record(path, key)
        written.append(path)
    return written


def run_tasks_on_dask(
    tasks: Iterable[Task],
    *,
    renders: Mapping[str, RenderRequest] | None = None,
    scheduler: str | None = None,
    jobs: int | None = None,
    force: bool = False,
    progress: BuildProgress | None = None,
    package_dir: Path = PACKAGE_DIR,
) -> list[TaskResult]:
    """Like ``run_tasks``, on a Dask cluster; RENDERS (by task name) are rendered in the same task.

    Rendered reports are written and entered in the render cache, so the build's
    publishing step finds them up to date; a report whose rendering failed on the
    cluster is simply not there, and that step renders it (and reports any error).
    """
    from distributed import as_completed

    renders = dict(renders or {})
    interrupts = _Interrupts()
    interrupts.install()
    tasks = list(tasks)
    results: dict[str, TaskResult] = {}
    client = cluster = None
    displayed = False
    config = WorkerConfig()
    local_fingerprint = code_fingerprint(PACKAGE_DIR)  # what the workers must run too
    try:
        _check_tasks(tasks)
        cache = Cache()
        settled, pending = _keyed(
            tasks, force, cache, code_fingerprint(package_dir), runtime_fingerprint(config.engine, config.preload)
        )
        results.update(settled)
        if progress is not None:
            progress.start(len(tasks), sum(r.status == "cached" for r in settled.values()))
            displayed = True
        if pending:
            for task, _ in pending:
                _remove_stale_temporaries(task.output)
            client, cluster = connect(scheduler, processes_for(len(pending), jobs))
            environment = {k: os.environ[k] for k in FORWARDED_ENVIRONMENT if k in os.environ}
            by_future = {}
            for task, key in pending:
                future = client.submit(
                    execute_and_render, _job(task, key), config, renders.get(task.name), environment,
                    key=f"scwres-{task.name}-{key[:16]}", pure=False, retries=0,
                )
                by_future[future] = (task, key)
                if progress is not None:
                    progress.task_started(task.name)
            commit = _Commit(cache, interrupts)
            for future in as_completed(list(by_future)):
                task, key = by_future[future]
                started = time.perf_counter()
                try:
                    returned: TaskReturn = future.result()
                except Exception as error:  # the worker died, or the task could not run
                    returned = TaskReturn(
                        Outcome(task.name, False, time.perf_counter() - started, None,
                                f"dask task failed: {type(error).__name__}: {error}"), {}, None, local_fingerprint)
                if returned.code_fingerprint != local_fingerprint:
                    returned = TaskReturn(
                        Outcome(task.name, False, returned.outcome.seconds, None,
                                "the dask worker runs a different version of scwres_helpers"), {}, None,
                        returned.code_fingerprint)
                results[task.name] = commit(task, key, returned.outcome)
                request = renders.get(task.name)
                if request is not None and results[task.name].status == "executed":
                    with interrupts.held():
                        _commit_reports(request, returned, task.output, cache)
                if progress is not None:
                    progress.task_finished(results[task.name])
                interrupts.check()
    except KeyboardInterrupt as interrupt:
        raise BuildInterrupted(_ordered(tasks, results)) from interrupt
    finally:
        with interrupts.held():
            if client is not None:
                client.close()
            if cluster is not None:
                cluster.close()
        interrupts.uninstall()
        if displayed:
            progress.close()  # type: ignore[union-attr]
    return _ordered(tasks, results)
