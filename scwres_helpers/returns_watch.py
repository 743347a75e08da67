"""``scwres watch``: rebuild an authority's report as soon as its corrected return is filed.

In the weeks of corrections an analyst leaves this running. It watches the year's
returns folder (``watchfiles``); when a return is added or changed, it runs the build
for that authority alone (``build_year(authorities=...)``), which validates the return,
marks what the correction leaves out of date (``corrections``) and writes the report,
exactly as ``scwres build --authority`` would. What makes it quicker than that command
is what it keeps between rebuilds: the worker processes with their warm kernels
(``execution.KeptWorkers``) and the validated returns (``intake.cache``).

Which returns changed is decided by comparing what the folder holds (names, sizes and
times of each return's files, never their contents: the build reads those) after each
change event, and each second without one, not by the paths an event names. A removed return, or a change to anything
that is not a return (the population file), affects every report: that needs the
full build, which the watch says rather than runs.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from scwres_helpers import config
from scwres_helpers.intake.discover import discover_returns
from scwres_helpers.intake.files import listing


_LOOK_EVERY_MS = 1000


@dataclass(frozen=True)
class ReturnChanges:
    """How the returns folder differs from when it was last looked at."""

    changed: list[str]  # codes whose return was added or changed
    removed: list[str]  # codes whose return is gone
    other: bool  # something that is not a return changed (the population file, a stray file)

    def __bool__(self) -> bool:
        return bool(self.changed or self.removed or self.other)


@dataclass(frozen=True)
class FolderState:
    """What the year folder holds: each return's files as (name, size, time), and everything else."""

    returns: dict[str, tuple]
    other: tuple


def _stat_line(entry: os.DirEntry) -> tuple:
    stat = entry.stat(follow_symlinks=False)
    return entry.name, stat.st_size, stat.st_mtime_ns, stat.st_mode


def folder_state(returns_root: Path, year: int) -> FolderState:
    """The year folder as names, sizes and times (links are described, never followed)."""
    sources, _ = discover_returns(returns_root, year)
    returns: dict[str, list] = {}
    for source in sources:
        if source.form == "csv":
            lines = tuple(_stat_line(entry) for entry in listing(source.path))
        else:
            stat = source.path.lstat()
            lines = ((source.path.name, stat.st_size, stat.st_mtime_ns, stat.st_mode),)
        returns.setdefault(source.name_code, []).append(lines)
    seen = {source.path.name for source in sources}
    year_dir = Path(returns_root).resolve() / str(year)
    other = tuple(_stat_line(entry) for entry in listing(year_dir) if entry.name not in seen) \
        if year_dir.is_dir() else ()
    return FolderState({code: tuple(found) for code, found in returns.items()}, other)


def compare(before: FolderState, after: FolderState) -> ReturnChanges:
    """Which returns were added or changed, which were removed, and whether anything else changed."""
    changed = sorted(code for code, files in after.returns.items() if before.returns.get(code) != files)
    removed = sorted(code for code in before.returns if code not in after.returns)
    return ReturnChanges(changed, removed, before.other != after.other)


def watch_returns(returns_root: Path, year: int, *, out_root: Path = config.OUTPUTS_DIR,
                  params_dir: Path = config.PARAMS_DIR, content_dir: Path = config.CONTENT_DIR,
                  renderer: str | None = "auto", jobs: int | None = None, progress=None,
                  say: Callable[[str], None] = print, stop: threading.Event | None = None,
                  on_build: Callable[[object], None] | None = None) -> None:
    """Rebuild each authority whose return is added or changed under RETURNS_ROOT/YEAR until
    STOP is set (or Ctrl-C). ON_BUILD gets each build's summary, or the error that stopped it."""
    from watchfiles import watch

    from scwres_helpers.execution import BuildInterrupted, KeptWorkers
    from scwres_helpers.intake.cache import results_kept_in_memory
    from scwres_helpers.pipeline import BuildError, build_year, check_year_folder, format_build_summary

    stop = stop or threading.Event()
    year_dir = Path(returns_root).resolve() / str(int(year))
    check_year_folder(Path(returns_root).resolve(), int(year))  # before any kernel boots
    with KeptWorkers(jobs, national=False) as kept, results_kept_in_memory():
        kept.pool()  # the kernels boot while the watch waits
        state = folder_state(returns_root, year)
        announced = False
        try:
            # Each second without an event is looked at too: nothing saved between reading
            # STATE and the watcher starting can be missed.
            for _ in watch(year_dir, stop_event=stop, step=50, rust_timeout=_LOOK_EVERY_MS, yield_on_timeout=True,
                           raise_interrupt=False):
                if not announced:  # the watcher is running
                    say(f"Watching {year_dir} for corrected returns (Ctrl-C to stop). Each is rebuilt on its "
                        "own; `scwres build` then brings the national report and the other reports up to date.")
                    announced = True
                after = folder_state(returns_root, year)
                changes = compare(state, after)
                state = after
                if changes.removed:
                    say(f"the return of {', '.join(changes.removed)} was removed: run `scwres build` "
                        "to take it out of the national figures and reports")
                if changes.other:
                    say(f"something other than a return changed in {year_dir} (the population file?): "
                        "run `scwres build`, which every report depends on")
                if not changes.changed:
                    continue
                say(f"rebuilding {', '.join(changes.changed)} ...")
                try:
                    summary = build_year(returns_root, year, out_root=out_root, params_dir=params_dir,
                                         authorities=changes.changed, jobs=jobs, renderer=renderer,
                                         progress=progress, content_dir=content_dir, kept_workers=kept)
                except (KeyboardInterrupt, BuildInterrupted):
                    say(f"stopped during the rebuild of {', '.join(changes.changed)}: `scwres build --authority "
                        f"{' --authority '.join(changes.changed)}` finishes it")
                    return
                except (BuildError, ValueError) as error:
                    say(f"error: {error}")
                    if on_build is not None:
                        on_build(error)
                    continue
                say(format_build_summary(summary))
                if on_build is not None:
                    on_build(summary)
        except KeyboardInterrupt:
            pass
