"""The progress display: counts, running items and ETA; one line per task off a terminal."""

from __future__ import annotations

import io
from pathlib import Path

from scwres_helpers.execution.execute import TaskResult
from scwres_helpers.execution.progress import BuildProgress, format_summary


def result(name: str, status: str, seconds: float = 1.0, error: str | None = None) -> TaskResult:
    failed = Path(f"/out/{name}.failed.ipynb") if status == "failed" else None
    return TaskResult(name, status, seconds, error, 2 if error else None, Path(f"/out/{name}.ipynb"), failed_notebook=failed)  # type: ignore[arg-type]


def test_quiet_mode_prints_one_line_per_finished_task() -> None:
    out = io.StringIO()
    progress = BuildProgress(file=out)  # a StringIO is not a terminal
    assert progress.live is False
    progress.start(total=4, cached=2)
    progress.task_started("E09000033")
    progress.task_finished(result("E09000033", "executed", 1.25))
    progress.task_started("E06000001")
    progress.task_finished(result("E06000001", "failed", 0.5, "ValueError: boom (cell 2, In [3])"))
    progress.close()
    assert out.getvalue().splitlines() == [
        "Notebooks: 4 to build, 2 unchanged (cached), 2 to execute",
        "[3/4] executed E09000033 (1.2 s)",
        "[4/4] failed E06000001 (0.5 s): ValueError: boom (cell 2, In [3])",
    ]


def test_tasks_planned_later_add_to_the_counts() -> None:
    out = io.StringIO()
    progress = BuildProgress(file=out)
    progress.start(total=2, cached=0)
    progress.task_finished(result("authority/X1", "executed"))
    progress.more(total=3, cached=1)  # the national chapters, planned meanwhile
    progress.task_finished(result("national/index", "executed"))
    assert (progress.total, progress.cached, progress.to_run, progress.done) == (5, 1, 4, 3)
    assert out.getvalue().splitlines() == [
        "Notebooks: 2 to build, 0 unchanged (cached), 2 to execute",
        "[1/2] executed authority/X1 (1.0 s)",
        "Notebooks: 3 more to build, 1 unchanged (cached), 2 to execute",
        "[3/5] executed national/index (1.0 s)",
    ]


def test_counts_and_running_items() -> None:
    progress = BuildProgress(file=io.StringIO())
    progress.start(total=5, cached=1)
    progress.task_started("a")
    progress.task_started("b")
    assert set(progress.running) == {"a", "b"}
    progress.task_finished(result("a", "executed"))
    assert set(progress.running) == {"b"}
    assert (progress.done, progress.executed, progress.cached, progress.failed) == (2, 1, 1, 0)
    assert progress.status_line().startswith("2/5 done · 1 executed · 1 cached · 0 failed · ETA ")


def test_eta_is_unknown_until_a_task_finishes_then_scales_with_what_is_left() -> None:
    progress = BuildProgress(file=io.StringIO())
    progress.start(total=11, cached=1)  # 10 to execute
    assert progress.eta_seconds() is None
    assert progress.status_line().endswith("ETA --:--")
    progress.started_at -= 20.0  # pretend 20 s have passed
    for name in ("a", "b"):
        progress.task_finished(result(name, "executed"))
    eta = progress.eta_seconds()
    assert eta is not None and 79.5 <= eta <= 81.0  # 10 s per task so far, 8 tasks left


def test_live_display_renders_counts_and_running_items() -> None:
    out = io.StringIO()
    progress = BuildProgress(file=out, live=True)
    progress.start(total=3, cached=0)
    progress.task_started("E09000033")
    progress.task_finished(result("X", "failed", error="KeyError: 'x'"))
    progress.close()
    text = out.getvalue()
    assert "running: E09000033" in text
    assert "1/3 done" in text
    assert "failed X: KeyError: 'x'" in text


def test_summary_lists_every_failure_with_its_kept_notebook() -> None:
    summary = format_summary(
        [result("a", "executed"), result("b", "cached"), result("c", "failed", error="ValueError: boom (cell 2, In [3])")]
    )
    assert summary.splitlines() == [
        "3 notebooks: 1 executed, 1 cached, 1 failed",
        "  FAILED c: ValueError: boom (cell 2, In [3])",
        "         partly executed notebook kept at /out/c.failed.ipynb",
    ]


def test_the_rendering_stage_has_its_own_display_speaking_of_reports() -> None:
    from scwres_helpers.publish.step import Rendered

    out = io.StringIO()
    notebooks = BuildProgress(file=out)
    progress = notebooks.rendering()
    assert (progress.file, progress.live, progress.label) == (out, False, "Reports")
    progress.start(total=3, cached=1)
    progress.task_started("authority/E09000033")
    progress.task_finished(Rendered("authority/E09000033", "rendered", 1.25))
    progress.task_finished(Rendered("national site", "failed", 0.5, "RuntimeError: typst"))
    progress.close()
    assert out.getvalue().splitlines() == [
        "Reports: 3 to build, 1 unchanged (cached), 2 to render",
        "[2/3] rendered authority/E09000033 (1.2 s)",
        "[3/3] failed national site (0.5 s): RuntimeError: typst",
    ]
    assert progress.status_line().startswith("3/3 done · 1 rendered · 1 cached · 1 failed · ETA ")


def test_the_rendering_eta_counts_only_what_is_rendered() -> None:
    from scwres_helpers.publish.step import Rendered

    progress = BuildProgress(file=io.StringIO()).rendering()
    progress.start(total=13, cached=3)  # 10 to render
    progress.started_at -= 6.0  # 6 s for the first three: 2 s each, 7 left
    for name in ("a", "b", "c"):
        progress.task_finished(Rendered(name, "rendered", 2.0))
    eta = progress.eta_seconds()
    assert eta is not None and 13.5 <= eta <= 14.5
