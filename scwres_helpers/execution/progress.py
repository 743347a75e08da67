"""One progress display per stage of a build: counts, what is running now, and an ETA.

On a terminal it is a live ``rich`` panel redrawn in place; anywhere else (CI logs,
a pipe) it prints one line per finished item, so logs stay readable and greppable.
A stage drives it through ``start`` (and ``more``, for tasks planned meanwhile), ``task_started``, ``task_finished``
and ``close``; ``run_tasks`` does for the notebooks, ``publish.step`` for the reports
(``BuildProgress.rendering()``), which take about as long.
"""

from __future__ import annotations

import sys
import time
from typing import IO, TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from scwres_helpers.execution.execute import TaskResult


class Finished(Protocol):
    """What the display needs of a finished item (``TaskResult`` has it, and so do renders)."""

    name: str
    status: str
    seconds: float
    error: str | None


def _clock(seconds: float) -> str:
    seconds = max(0, round(seconds))
    minutes, seconds = divmod(seconds, 60)
    return f"{minutes}:{seconds:02d}"


class BuildProgress:
    """Tracks a build's counts; draws them live on a TTY, line by line otherwise."""

    def __init__(self, file: IO[str] | None = None, live: bool | None = None, label: str = "Notebooks",
                 verb: str = "execute", past: str = "executed") -> None:
        self.file = file if file is not None else sys.stderr
        self.live = self.file.isatty() if live is None else live
        self.label = label
        self.verb, self.past = verb, past
        self.total = self.to_run = 0
        self.executed = self.cached = self.failed = 0
        self.running: dict[str, float] = {}
        self.started_at: float | None = None
        self._live: Any = None
        self._console: Any = None

    def rendering(self) -> BuildProgress:
        """A display like this one (same stream, live or not) for the rendering stage."""
        return BuildProgress(self.file, self.live, label="Reports", verb="render", past="rendered")

    # ------------------------------------------------------------ the calls

    def start(self, total: int, cached: int) -> None:
        """TOTAL tasks, of which CACHED need no execution."""
        self.total, self.cached, self.to_run = total, cached, total - cached
        self.started_at = time.perf_counter()
        if self.live:
            from rich.console import Console
            from rich.live import Live

            self._console = Console(file=self.file)
            self._live = Live(console=self._console, get_renderable=self._render, refresh_per_second=4, transient=False)
            self._live.start()
        elif total:
            self._line(f"{self.label}: {total} to build, {cached} unchanged (cached), {self.to_run} to {self.verb}")

    def more(self, total: int, cached: int) -> None:
        """TOTAL more tasks, planned once the others had started, of which CACHED need no execution."""
        self.total += total
        self.cached += cached
        self.to_run += total - cached
        if self._live is not None:
            self._live.refresh()
        elif total:
            self._line(f"{self.label}: {total} more to build, {cached} unchanged (cached), {total - cached} to {self.verb}")

    def task_started(self, name: str) -> None:
        self.running[name] = time.perf_counter()

    def task_finished(self, result: Finished) -> None:
        self.running.pop(result.name, None)
        if result.status == "failed":
            self.failed += 1
        else:
            self.executed += 1
        if self._live is not None:
            if result.status == "failed":
                self._console.print(f"[red]failed[/red] {result.name}: {result.error}", markup=True, highlight=False)
            self._live.refresh()
        else:
            done = self.cached + self.executed + self.failed
            line = f"[{done}/{self.total}] {result.status} {result.name} ({result.seconds:.1f} s)"
            if result.error:
                line += f": {result.error}"
            self._line(line)

    def close(self) -> None:
        if self._live is not None:
            self._live.refresh()
            self._live.stop()
            self._live = None

    # ------------------------------------------------------------ what is shown

    @property
    def done(self) -> int:
        return self.cached + self.executed + self.failed

    def eta_seconds(self) -> float | None:
        """Time for what is left at the rate seen so far in this stage (None until one ends)."""
        finished = self.executed + self.failed
        if not finished or self.started_at is None:
            return None
        elapsed = time.perf_counter() - self.started_at
        return elapsed / finished * (self.to_run - finished)

    def status_line(self) -> str:
        eta = self.eta_seconds()
        return (
            f"{self.done}/{self.total} done · {self.executed} {self.past} · {self.cached} cached · "
            f"{self.failed} failed · ETA {_clock(eta) if eta is not None else '--:--'}"
        )

    def _render(self) -> Any:
        from rich.console import Group
        from rich.progress_bar import ProgressBar
        from rich.table import Table
        from rich.text import Text

        now = time.perf_counter()
        running = ", ".join(f"{name} ({now - since:.0f} s)" for name, since in sorted(self.running.items()))
        line = Table.grid(padding=(0, 1))
        line.add_row(
            Text(self.label, style="bold"),
            ProgressBar(total=max(self.total, 1), completed=self.done, width=30),
            Text(self.status_line()),
        )
        return Group(line, Text(f"running: {running or '-'}", style="dim", overflow="ellipsis", no_wrap=True))

    def _line(self, text: str) -> None:
        print(text, file=self.file, flush=True)


def format_summary(results: list[TaskResult]) -> str:
    """The end-of-build summary: counts, then every failure with its error and kept notebook."""
    counts = {status: sum(r.status == status for r in results) for status in ("executed", "cached", "failed")}
    lines = [f"{len(results)} notebooks: {counts['executed']} executed, {counts['cached']} cached, {counts['failed']} failed"]
    for result in results:
        if result.status == "failed":
            lines.append(f"  FAILED {result.name}: {result.error}")
            if result.failed_notebook is not None:
                lines.append(f"         partly executed notebook kept at {result.failed_notebook}")
    return "\n".join(lines)
