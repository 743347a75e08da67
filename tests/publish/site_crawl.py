"""Crawl a published site over HTTP, as a reader's browser would follow its links.

Serves a folder with ``python -m http.server``'s handler and follows every link,
image, script, meta refresh and sitemap entry from the root page, the 404 page and
``sitemap.xml``; a link that leaves the site fails the crawl.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        self.links += [values[k] for k in ("href", "src") if values.get(k)]
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            self.links.append(values["content"].split("url=", 1)[1])


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextmanager
def served(folder) -> Iterator[str]:
    """FOLDER served by http.server on a free local port, as a static host would: its URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        thread.join()


def crawl(folder) -> dict[str, int]:
    """Every URL reachable from DIR's index, 404 page and sitemap, served by http.server: status."""
    with served(folder) as base:
        return _crawl(base)


def _crawl(base: str) -> dict[str, int]:
    seen: dict[str, int] = {}
    todo = [base, base + "404.html", base + "sitemap.xml"]
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        try:
            with urllib.request.urlopen(url) as response:
                seen[url], body = response.status, response.read()
        except urllib.error.HTTPError as error:
            seen[url], body = error.code, b""
        if seen[url] != 200:
            continue
        if url.endswith(".xml"):
            todo += [urllib.parse.urljoin(base, loc.decode()) for loc in re.findall(rb"<loc>(.*?)</loc>", body)]
        elif url.endswith((".html", "/")):
            parser = _Links()
            parser.feed(body.decode("utf-8"))
            for link in parser.links:
                target = urllib.parse.urljoin(url, link).split("#")[0]
                assert target.startswith(base), f"{url} links out of the site: {link}"
                todo.append(target)
    return seen
