"""``scwres preview``: write the annual report and see it as readers will, as you type.

It builds what is missing of a year's national report, serves the site on
127.0.0.1, watches the files the report is made from and rebuilds only what an edit
affects (``changes``), then reloads the open page (``server``). An edit to
``content/<year>/`` rewrites just the pages it feeds (``session``), so it shows in
the browser within a second or two; an edit to a notebook, a template, the settings
or ``_quarto.yml`` runs the national build, whose caches redo only what depends on it.

Watching uses ``watchfiles`` (inotify and friends). ``_quarto.yml`` is watched through
its folder, not recursively: an editor saves by replacing the file, which a watch on
the file itself would lose.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from pathlib import Path

from scwres_helpers import config
from scwres_helpers.intake.cache import results_kept_in_memory
from scwres_helpers.preview.server import make_server
from scwres_helpers.preview.session import PreviewSession

# Folders no edit in which matters (besides watchfiles' defaults: .git, __pycache__...).
IGNORED_DIRS = (".ipynb_checkpoints", ".scwres-cache", ".quarto", "_site")

__all__ = ["PreviewSession", "run_preview"]


def _watch(paths: list[Path], recursive: bool, changes: queue.SimpleQueue, stop: threading.Event) -> None:
    from watchfiles import DefaultFilter, watch

    keep = DefaultFilter(ignore_dirs=(*DefaultFilter.ignore_dirs, *IGNORED_DIRS))
    for batch in watch(*paths, watch_filter=keep, step=50, stop_event=stop, recursive=recursive,
                       raise_interrupt=False):
        changes.put([Path(path) for _, path in batch])


def watch_threads(session: PreviewSession, changes: queue.SimpleQueue, stop: threading.Event) -> list[threading.Thread]:
    """Threads putting each batch of edited paths on CHANGES until STOP is set."""
    watched = session.watched()
    deep = [p for p in (watched.content_year, *watched.build_inputs) if p.is_dir()]
    shallow = sorted({p.parent for p in watched.build_inputs if p.is_file()})
    return [threading.Thread(target=_watch, args=(paths, recursive, changes, stop), daemon=True)
            for paths, recursive in ((deep, True), (shallow, False)) if paths]


def run_preview(returns_root: Path, year: int, *, out_root: Path = config.OUTPUTS_DIR,
                content_dir: Path = config.CONTENT_DIR, params_dir: Path = config.PARAMS_DIR, port: int = 8765,
                jobs: int | None = None, say: Callable[[str], None] = print, progress=None,
                stop: threading.Event | None = None) -> None:
    """Build, serve and watch until STOP is set (or Ctrl-C)."""
    session = PreviewSession(returns_root, year, out_root=out_root, content_dir=content_dir, params_dir=params_dir,
                             jobs=jobs, say=say, progress=progress)
    (Path(content_dir) / str(int(year))).mkdir(parents=True, exist_ok=True)  # a place to start writing
    stop = stop or threading.Event()
    server = make_server(session.site_dir, session.state, port, before_file=session.pdf_requested)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    changes: queue.SimpleQueue = queue.SimpleQueue()
    # The validated returns are kept between builds, as the session keeps its kernels.
    with results_kept_in_memory():
        try:
            session.build()
            for thread in watch_threads(session, changes, stop):
                thread.start()
            host, bound = server.server_address[:2]
            say(f"Previewing the {year} national report at http://{host}:{bound}/ "
                f"(watching {Path(content_dir) / str(int(year))}, notebooks, templates, params and _quarto.yml; "
                "Ctrl-C to stop)")
            while not stop.is_set():
                try:
                    batch = changes.get(timeout=0.2)
                except queue.Empty:
                    continue
                while True:  # edits that came together are one rebuild
                    try:
                        batch += changes.get_nowait()
                    except queue.Empty:
                        break
                session.changed(batch)
        except KeyboardInterrupt:
            pass
        finally:
            stop.set()
            server.shutdown()
            server.server_close()
            session.close()
            if session.pdf_stale:
                say(f"note: {session.site_dir / 'report.pdf'} does not yet hold the last edits; "
                    "`scwres build` brings it up to date")
