"""Workers kept between builds in one process, for commands that build again and again.

A build starts its workers (each a warm kernel with pandas, matplotlib and this package
imported: about 2.5 s) and stops them when it ends. ``scwres watch`` rebuilds a report
each time a corrected return arrives, and ``scwres preview`` the national report at
each edit; for them that boot would be most of each rebuild. ``KeptWorkers`` hands the
same pool to every build and keeps it between them.

A kernel holds the package's code as it was when it booted, so the pool is replaced
whenever that code (or a package version) changes, and when any worker has died. A
kernel is reset between notebooks as within one build (``kernel_state.reset``).
"""

from __future__ import annotations

from scwres_helpers.cache import code_fingerprint
from scwres_helpers.config import PACKAGE_DIR
from scwres_helpers.cores import available_cores
from scwres_helpers.execution.execute import runtime_fingerprint, start_workers
from scwres_helpers.execution.worker import WARM, WorkerPool


class KeptWorkers:
    """One worker pool for many builds; ``close`` (or leaving the ``with`` block) stops it."""

    def __init__(self, jobs: int | None = None, preload: tuple[str, ...] | None = None,
                 national: bool = True) -> None:
        self.jobs = jobs
        self.preload = preload  # None: the warm kernel's own list
        self.national = national  # False: its builds run no national chapter (``WorkerConfig.national``)
        self._pool: WorkerPool | None = None
        self._fingerprint: str | None = None
        self.started = 0  # pools started so far (a test and the benchmark read it)

    def pool(self) -> WorkerPool:
        """The kept pool, started (or replaced) when there is none, its code is out of
        date or a worker has died."""
        fingerprint = _code_and_versions(self.preload)
        if self._pool is not None and (fingerprint != self._fingerprint or not _all_alive(self._pool)):
            self._pool.terminate()
            self._pool = None
        if self._pool is None:
            self._pool = start_workers(self.jobs or available_cores(), preload=self.preload, national=self.national)
            self._fingerprint = fingerprint
            self.started += 1
        return self._pool

    def discard(self) -> None:
        """Stop the pool now (a build was interrupted or failed in a way that may have left it busy)."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool = None

    def close(self) -> None:
        """Let each worker finish and exit."""
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def __enter__(self) -> KeptWorkers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _code_and_versions(preload: tuple[str, ...] | None) -> str:
    """What a booted kernel has loaded: every module of the package, and the packages' versions."""
    return code_fingerprint(PACKAGE_DIR, exclude=()) + runtime_fingerprint(WARM, preload)


def _all_alive(pool: WorkerPool) -> bool:
    return all(worker.process.poll() is None for worker in pool.workers)
