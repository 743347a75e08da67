"""Worker processes: each keeps one warm kernel and executes the notebooks it is sent.

A worker is ``python -c "...worker_main(FD)"``, started with
``subprocess`` rather than ``multiprocessing`` so that it never re-imports the
caller's main module (the CLI imports pandas...) and never forks a process
that has threads. It talks over a socket pair with ``multiprocessing`` pickled
messages: a ``Job`` in, an ``Outcome`` back, ``None`` to stop.

Workers never write outputs: they send the normalised notebook bytes back and the
parent alone writes, atomically. So a worker killed mid-notebook leaves nothing
behind. Workers run in their own session (Ctrl-C reaches only the parent, which
stops them in order) and ask Linux to send them SIGTERM if the parent dies; on
SIGTERM a worker shuts its kernel down and exits.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

WARM = "warm"
FRESH = "fresh"
ENGINES = (WARM, FRESH)
_STOP_GRACE_SECONDS = 5.0
_PROJECT_ROOT = Path(__file__).resolve().parents[2]
_ERROR_MARKER_TAG = "papermill-error-cell-tag"


@dataclass(frozen=True)
class Job:
    """One notebook execution, as sent to a worker."""

    name: str
    notebook: str
    parameters: dict[str, Any]
    output_name: str
    cwd: str = ""  # the folder it runs in; empty: the notebook's own folder


@dataclass(frozen=True)
class Outcome:
    """What a worker sends back: the normalised notebook and how the run went."""

    name: str
    ok: bool
    seconds: float
    notebook: bytes | None
    error: str | None = None
    failing_cell: int | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class WorkerConfig:
    engine: str = WARM
    preload: tuple[str, ...] | None = None
    cell_timeout: float | None = None
    # Its kernels may run national chapters: they preload NATIONAL_PRELOAD too (with the
    # default preload). Not part of any cache key: what a kernel preloads changes no output.
    national: bool = True

    def kernel_preload(self) -> tuple[str, ...]:
        from scwres_helpers.execution.warm_kernel import DEFAULT_PRELOAD, NATIONAL_PRELOAD

        if self.preload is not None:
            return self.preload
        return DEFAULT_PRELOAD + (NATIONAL_PRELOAD if self.national else ())


# ----------------------------------------------------------------- in the worker


def _tags(cell: Any) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def _source_index(nb: Any, executed_index: int) -> int:
    """Index in the source notebook of executed cell EXECUTED_INDEX.

    EXECUTED_INDEX counts papermill's injected-parameters cell but not the error
    marker cells papermill inserts afterwards (as ``PapermillExecutionError`` does).
    """
    cells = [cell for cell in nb.cells if _ERROR_MARKER_TAG not in _tags(cell)]
    injected = sum(1 for cell in cells[:executed_index] if "injected-parameters" in _tags(cell))
    return executed_index - injected


def _last_started_cell(nb: Any) -> int | None:
    """The last cell papermill started: the only trace of where a dead kernel stopped
    (papermill marks unreached cells "completed" when execution aborts, but never
    gives them a start time)."""
    started = [
        index
        for index, cell in enumerate(nb.cells)
        if cell.get("metadata", {}).get("papermill", {}).get("start_time") is not None
    ]
    return started[-1] if started else None


def _invalid_notebook(nb: Any) -> tuple[str, int | None] | None:
    """Why an executed notebook breaks the notebook format, and its first source cell with
    an output that does (None: no cell's); None when it is valid. One check of the whole
    notebook (a millisecond) unless it fails, then one per output to find the cell."""
    import nbformat
    from nbformat.v4.nbbase import validate as validate_part

    try:
        nbformat.validate(nb)
        return None
    except nbformat.ValidationError as whole:
        for index, cell in enumerate(nb.cells):
            for output in cell.get("outputs", []):
                try:
                    validate_part(output, "output")
                except nbformat.ValidationError as error:
                    cell_index = _source_index(nb, index)
                    return f"{type(error).__name__}: {error.message} (cell {cell_index})", cell_index
        return f"{type(whole).__name__}: {whole.message}", None


def _finish_notebook(nb: Any, job: Job) -> bytes:
    from scwres_helpers.execution.normalise import normalise_notebook, notebook_bytes

    papermill = nb.metadata.setdefault("papermill", {})
    # Absolute and temporary paths would differ between machines and runs. The
    # notebook records papermill's provenance (input, parameters, version) and nothing
    # about the build (task name, cache key): same inputs, same bytes.
    papermill["input_path"] = Path(job.notebook).name
    papermill["output_path"] = job.output_name
    return notebook_bytes(normalise_notebook(nb))


def run_job(job: Job, config: WorkerConfig) -> Outcome:
    """Execute one notebook with papermill; never raises for a notebook's own failure."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from scwres_helpers.execution import engines
    from scwres_helpers.execution.warm_kernel import KERNEL_NAME

    engine = engines.WarmKernelEngine if config.engine == WARM else engines.FreshKernelEngine
    engine.last_notebook = None
    started = time.perf_counter()
    error = failing_cell = None
    try:
        nb = papermill.execute_notebook(
            job.notebook,
            None,
            parameters=job.parameters,
            engine_name=engines.WARM_ENGINE if config.engine == WARM else engines.FRESH_ENGINE,
            kernel_name=KERNEL_NAME,
            cwd=job.cwd or str(Path(job.notebook).parent),
            progress_bar=False,
            request_save_on_cell_execute=False,
            execution_timeout=config.cell_timeout,
        )
    except PapermillExecutionError as failure:
        nb = engine.last_notebook
        error = f"{failure.ename}: {failure.evalue}"
        if nb is not None:
            failing_cell = _source_index(nb, failure.cell_index)
            error += f" (cell {failing_cell}, In [{failure.exec_count}])"
    except Exception as failure:  # a dead kernel, a timeout, an unreadable notebook
        nb = engine.last_notebook
        error = f"{type(failure).__name__}: {failure}".strip()
        index = _last_started_cell(nb) if nb is not None else None
        if index is not None:
            failing_cell = _source_index(nb, index)
            error += f" (cell {failing_cell})"
        if config.engine == WARM and engines.WarmKernelEngine.kernel is not None:
            engines.WarmKernelEngine.kernel.needs_restart = True
    if nb is not None and error is None:  # outputs are not checked as they arrive (``engines``)
        invalid = _invalid_notebook(nb)
        if invalid is not None:
            error, failing_cell = invalid
    seconds = time.perf_counter() - started
    notebook = _finish_notebook(nb, job) if nb is not None else None
    return Outcome(job.name, error is None, seconds, notebook, error, failing_cell)


def _compile_notebook_validator() -> None:
    """nbformat compiles its notebook validator on first use (0.05 to 0.09 s): done while the
    kernel boots, not in the first notebook, which a one-authority rerun waits for."""
    import nbformat

    nbformat.validate(nbformat.v4.new_notebook())


def _die_with_parent() -> None:
    """Linux: deliver SIGTERM to this process when its parent exits."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def _exit_on_sigterm(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)


def worker_main(fd: int) -> int:
    """The worker's loop: receive jobs until told to stop or the parent goes away."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    _die_with_parent()
    # jsonschema imports rfc3987_syntax, which builds a grammar for 1.4 s at import;
    # nbformat's validation never checks IRI formats, so the worker does without it.
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]
    conn = Connection(fd)
    config: WorkerConfig = conn.recv()
    kernel = None
    if config.engine == WARM:
        # Launch first: the kernel boots and imports pandas & co. on the other core
        # while this process imports papermill.
        from scwres_helpers.execution.warm_kernel import WarmKernel

        kernel = WarmKernel(preload=config.kernel_preload())
        kernel.launch()
    import logging

    from scwres_helpers.execution import engines

    logging.getLogger("papermill").setLevel(logging.ERROR)
    engines.WarmKernelEngine.kernel = kernel
    engines.check_notebooks_once()
    _compile_notebook_validator()
    try:
        while True:
            try:
                job = conn.recv()
            except EOFError:
                break
            if job is None:
                break
            try:
                outcome = run_job(job, config)
            except Exception as error:  # a bug here must fail one task, not the worker
                outcome = Outcome(job.name, False, 0.0, None, f"build error: {type(error).__name__}: {error}")
            conn.send(outcome)
    finally:
        if engines.WarmKernelEngine.kernel is not None:
            engines.WarmKernelEngine.kernel.close()
    return 0


# ----------------------------------------------------------------- in the parent


class WorkerDied(RuntimeError):
    """A worker process ended while it had a job."""


class Worker:
    """The parent's handle on one worker process."""

    def __init__(self, config: WorkerConfig) -> None:
        parent_end, child_end = socket.socketpair()
        self.log = tempfile.TemporaryFile()
        # Whatever path this process found scwres_helpers on, the worker and its
        # kernel find the same one.
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(_PROJECT_ROOT), env.get("PYTHONPATH", "")) if p
        )
        code = f"from scwres_helpers.execution.worker import worker_main; worker_main({child_end.fileno()})"
        self.process = subprocess.Popen(
            [sys.executable, "-c", code],
            pass_fds=[child_end.fileno()],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=self.log,
            start_new_session=True,
        )
        child_end.close()
        self.conn = Connection(parent_end.detach())
        self.conn.send(config)
        self.job: Job | None = None
        self.job_started = 0.0

    def send(self, job: Job) -> None:
        """Hand JOB over; if the worker is already gone, ``receive`` reports it."""
        self.job = job
        self.job_started = time.perf_counter()
        try:
            self.conn.send(job)
        except OSError:
            pass  # the connection reads as closed: receive() raises WorkerDied

    def receive(self) -> Outcome:
        """The outcome of the current job; WorkerDied if the process went away instead."""
        try:
            outcome = self.conn.recv()
        except (EOFError, OSError) as error:
            raise WorkerDied(self.describe_death()) from error
        self.job = None
        return outcome

    def describe_death(self) -> str:
        code = self.process.poll()
        if code is None:
            try:
                code = self.process.wait(timeout=2.0)
            except subprocess.TimeoutExpired:
                code = None
        self.log.seek(0)
        tail = self.log.read().decode("utf-8", "replace").strip().splitlines()[-5:]
        detail = f"; last output: {' | '.join(tail)}" if tail else ""
        return f"worker process ended (exit code {code}){detail}"

    def stop(self) -> None:
        """Ask the worker to finish (between jobs) and exit."""
        try:
            self.conn.send(None)
        except OSError:
            pass

    def terminate(self) -> None:
        """SIGTERM: the worker shuts its kernel down and exits, even mid-notebook."""
        if self.process.poll() is None:
            try:
                self.process.send_signal(signal.SIGTERM)
            except ProcessLookupError:
                pass

    def join(self, timeout: float) -> None:
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        finally:
            self.conn.close()
            self.log.close()


class WorkerPool:
    """A fixed set of workers; the parent hands out one job at a time to each."""

    def __init__(self, size: int, config: WorkerConfig) -> None:
        if size < 1:
            raise ValueError("a pool needs at least one worker")
        self.config = config
        self.workers: list[Worker] = []
        try:
            for _ in range(size):
                self.workers.append(Worker(config))
        except BaseException:  # e.g. Ctrl-C while starting: stop the ones already started
            self.terminate()
            raise

    def idle(self) -> list[Worker]:
        return [w for w in self.workers if w.job is None]

    def busy(self) -> list[Worker]:
        return [w for w in self.workers if w.job is not None]

    def ready(self, timeout: float | None) -> list[Worker]:
        """Busy workers with something to read (an outcome, or their death)."""
        by_conn = {w.conn: w for w in self.busy()}
        if not by_conn:
            return []
        return [by_conn[c] for c in wait(list(by_conn), timeout)]

    def replace(self, worker: Worker) -> Worker:
        """Swap a dead worker for a new one."""
        worker.join(timeout=0.1)
        fresh = Worker(self.config)
        self.workers[self.workers.index(worker)] = fresh
        return fresh

    def close(self) -> None:
        """Normal end: every worker finishes and exits."""
        for worker in self.workers:
            worker.stop()
        for worker in self.workers:
            worker.join(timeout=_STOP_GRACE_SECONDS)

    def terminate(self) -> None:
        """Interrupted: stop every worker now (each shuts its kernel down)."""
        for worker in self.workers:
            worker.terminate()
        for worker in self.workers:
            worker.join(timeout=_STOP_GRACE_SECONDS)


