"""The preview's web server: the national site from disk, on 127.0.0.1 only.

Every HTML page it serves carries a small script (``reload.js``) that asks
``/__scwres__/state`` a few times a second for the preview's version, and reloads the
page when a rebuild has changed it (a plain poll: no extra library, and it works
through any proxy). The state also carries what stopped the last rebuild and the
content's warnings, which the script shows in a banner. Nothing is cached by the
browser, so a reload shows the files as they are now.
"""

from __future__ import annotations

import html
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache, partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path

STATE_PATH = "/__scwres__/state"
HOST = "127.0.0.1"


@dataclass
class PreviewState:
    """What the open pages poll: a version that changes with each rebuild, the last error,
    and the content's warnings."""

    version: int = 0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def changed(self, *, error: str | None = None, warnings: list[str] | None = None) -> None:
        """A rebuild ended (ERROR: why it could not): open pages reload."""
        with self.lock:
            self.version += 1
            self.error = error
            if warnings is not None:
                self.warnings = list(warnings)

    def failed(self, error: str) -> None:
        """A rebuild could not be done; the pages stay, the banner says why."""
        with self.lock:
            self.error = error

    def as_json(self) -> bytes:
        with self.lock:
            return json.dumps({"version": self.version, "error": self.error, "warnings": self.warnings}).encode()


@lru_cache(maxsize=1)
def reload_script() -> str:
    return files("scwres_helpers.preview").joinpath("reload.js").read_text(encoding="utf-8")


def with_reload(page: str, version: int) -> str:
    """PAGE (HTML) with the reload script before ``</body>``."""
    script = f"<script>\n{reload_script().replace('__VERSION__', str(int(version)))}</script>\n"
    at = page.rfind("</body>")
    return page[:at] + script + page[at:] if at >= 0 else page + script


WAITING_PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>scwres preview</title></head>
<body><main><h1>{title}</h1><p>{message}</p></main></body></html>
"""


class PreviewHandler(SimpleHTTPRequestHandler):
    """Files of the site folder; HTML with the reload script; the state for the script."""

    def __init__(self, *args, state: PreviewState, site_dir: Path, before_file: Callable[[str], None], **kwargs):
        self.state = state
        self.before_file = before_file
        super().__init__(*args, directory=str(site_dir), **kwargs)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the standard library's name
        pass  # the terminal shows what the preview does, not every request

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def _send(self, body: bytes, content_type: str, status: HTTPStatus = HTTPStatus.OK) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == STATE_PATH:
            return self._send(self.state.as_json(), "application/json")
        self.before_file(path)
        local = Path(self.translate_path(path))
        if local.is_dir():
            local = local / "index.html"
        if local.suffix == ".html":
            return self._send_page(local, path)
        return super().do_GET() if self.command == "GET" else super().do_HEAD()

    def _send_page(self, local: Path, path: str) -> None:
        version = self.state.version
        if local.is_file():
            page, status = local.read_text(encoding="utf-8"), HTTPStatus.OK
        elif path in ("/", "/index.html"):
            message = html.escape(self.state.error or "The national report is being built; this page reloads "
                                  "when it is ready.")
            page, status = WAITING_PAGE.format(title="scwres preview", message=message), HTTPStatus.OK
        else:
            page = WAITING_PAGE.format(title="Not found", message=f"No page {html.escape(path)} in this year's site.")
            status = HTTPStatus.NOT_FOUND
        self._send(with_reload(page, version).encode("utf-8"), "text/html; charset=utf-8", status)


def make_server(site_dir: Path, state: PreviewState, port: int = 0,
                before_file: Callable[[str], None] = lambda path: None) -> ThreadingHTTPServer:
    """A server for SITE_DIR on 127.0.0.1:PORT (0: any free port); BEFORE_FILE(path) runs
    before a file is served (the preview brings the whole-report PDF up to date there)."""
    handler = partial(PreviewHandler, state=state, site_dir=Path(site_dir), before_file=before_file)
    server = ThreadingHTTPServer((HOST, port), handler)
    server.daemon_threads = True
    return server
