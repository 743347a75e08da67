"""The preview's server: the site's files, each page with the reload script, and the state."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request

import pytest

from scwres_helpers.preview.server import STATE_PATH, PreviewState, make_server, with_reload


@pytest.fixture()
def served(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html><body><h1>Overview</h1></body></html>", encoding="utf-8")
    (site / "scwres.css").write_text("body {}", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("not for the browser", encoding="utf-8")
    state = PreviewState()
    asked: list[str] = []
    server = make_server(site, state, 0, before_file=asked.append)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}", state, site, asked
    server.shutdown()
    server.server_close()


def get(url: str) -> tuple[int, dict, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8")


def test_pages_carry_the_reload_script_at_the_version_they_were_served_at(served):
    base, state, _, asked = served
    state.changed()
    status, headers, body = get(base + "/")
    assert status == 200 and headers["Cache-Control"] == "no-store"
    assert body.index("<h1>Overview</h1>") < body.index("var seen = 1;") < body.index("</body>")
    assert asked == ["/"]


def test_other_files_are_served_as_they_are_and_nothing_outside_the_site(served):
    base, _, _, _ = served
    assert get(base + "/scwres.css")[2] == "body {}"
    status, _, body = get(base + "/../secret.txt")
    assert status == 404 and "not for the browser" not in body


def test_the_state_says_the_version_the_error_and_the_warnings(served):
    base, state, _, _ = served
    state.changed(warnings=["foreword.md, line 3: 1.83 is typed by hand"])
    state.failed("foreword.md, line 4: no published figure has the key 'x'")
    assert json.loads(get(base + STATE_PATH)[2]) == {
        "version": 1, "error": "foreword.md, line 4: no published figure has the key 'x'",
        "warnings": ["foreword.md, line 3: 1.83 is typed by hand"]}
    state.changed()
    assert json.loads(get(base + STATE_PATH)[2])["error"] is None


def test_before_the_site_exists_the_home_page_waits_and_says_why(served):
    base, state, site, _ = served
    (site / "index.html").unlink()
    state.failed("content/2024/foreword.md, line 2: <no key>")
    status, _, body = get(base + "/index.html")
    assert status == 200 and "content/2024/foreword.md, line 2: &lt;no key&gt;" in body and "var seen" in body
    assert get(base + "/missing.html")[0] == 404


def test_the_script_goes_at_the_end_of_a_page_without_a_body_tag():
    assert with_reload("<p>bare</p>", 3).startswith("<p>bare</p><script>")
