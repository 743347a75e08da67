"""KeptWorkers: one worker pool for many builds, replaced when it can no longer be trusted."""

from __future__ import annotations

from pathlib import Path

import pytest

from scwres_helpers.execution import session
from scwres_helpers.execution.session import KeptWorkers
from tests.execution.test_execute import NO_PRELOAD, adds_task, run_tasks, stdout_of

pytestmark = pytest.mark.slow


def alive(pool) -> bool:  # type: ignore[no-untyped-def]
    return all(worker.process.poll() is None for worker in pool.workers)


def test_the_kept_pool_runs_one_build_after_another_and_stops_on_close(tmp_path: Path) -> None:
    with KeptWorkers(1, preload=NO_PRELOAD) as kept:
        pool = kept.pool()
        first = run_tasks([adds_task(tmp_path, "t", a=1, number=2)], pool=pool, keep_pool=True)
        assert [r.status for r in first] == ["executed"]
        assert alive(pool)  # a plain run_tasks would have stopped it

        assert kept.pool() is pool
        again = run_tasks([adds_task(tmp_path, "t", a=1, number=40)], pool=kept.pool(), keep_pool=True)
        assert [r.status for r in again] == ["executed"]
        assert stdout_of(tmp_path / "t.ipynb") == "1 + 2 + 40 = 43\n"
        assert kept.started == 1
    assert not any(worker.process.poll() is None for worker in pool.workers)


def test_a_dead_worker_or_changed_code_gets_a_new_pool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with KeptWorkers(1, preload=NO_PRELOAD) as kept:
        first = kept.pool()
        first.workers[0].process.kill()
        first.workers[0].process.wait()
        second = kept.pool()
        assert second is not first and alive(second) and kept.started == 2

        monkeypatch.setattr(session, "_code_and_versions", lambda preload: "the helpers were edited")
        third = kept.pool()
        assert third is not second and kept.started == 3
        assert not alive(second)  # the old kernels, with the old code, are stopped
        assert [r.status for r in run_tasks([adds_task(tmp_path, "t", a=2, number=3)], pool=third,
                                            keep_pool=True)] == ["executed"]

