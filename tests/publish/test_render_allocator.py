"""The render processes' allocator: jemalloc where found, the same PDF bytes, the build's
own environment left alone."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from scwres_helpers.publish import render_allocator
from scwres_helpers.publish.render_allocator import (
    CHOICE_VARIABLE,
    SYSTEM,
    allocator_name,
    preloaded_in_children,
)

from .conftest import skip_or_fail

# A render server started in a process of its own (the server is one per process), whose
# render process says what it has mapped and compiles a PDF; the parent compiles the same.
RENDER_PROCESS_SCRIPT = textwrap.dedent("""
    import hashlib, json, os, sys
    from pathlib import Path
    from scwres_helpers.publish.step import RENDER_PRELOAD, _render_pool
    from scwres_helpers.publish.typst_pdf import compile_pdf

    MAIN = '#import "scwres.typ": *\\n#show: authority-report.with(title: "T", programme: "P", footer-text: "F")\\n'
    MAIN += "= A heading\\n" + "#table(columns: 3, [a], [b], [c], [1], [2], [3])\\n" * 20

    def compiled(out):
        return hashlib.sha256(compile_pdf(MAIN, Path(out), inputs={}).read_bytes()).hexdigest()

    def in_render_process(out):
        return "libjemalloc" in Path("/proc/self/maps").read_text(), compiled(out)

    if __name__ == "__main__":
        pool = _render_pool(1, RENDER_PRELOAD)
        jemalloc, child_pdf = pool.apply(in_render_process, (sys.argv[1] + "/child.pdf",))
        pool.terminate()
        print(json.dumps({"child_jemalloc": jemalloc, "child_pdf": child_pdf,
                          "parent_pdf": compiled(sys.argv[1] + "/parent.pdf"),
                          "parent_jemalloc": "libjemalloc" in Path("/proc/self/maps").read_text(),
                          "parent_preload": os.environ.get("LD_PRELOAD")}))
""")


def _run_render_process(tmp_path, **environment) -> dict:
    script = tmp_path / "render_process.py"
    script.write_text(RENDER_PROCESS_SCRIPT)
    env = {key: value for key, value in os.environ.items() if key not in ("LD_PRELOAD", CHOICE_VARIABLE)}
    done = subprocess.run([sys.executable, str(script), str(tmp_path)], capture_output=True, text=True,
                          env={**env, **environment}, timeout=120, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def jemalloc():
    name = render_allocator._jemalloc()
    if name is None:
        skip_or_fail("jemalloc is not installed (make setup installs Debian's libjemalloc2 as root)")
    return name


def test_render_processes_preload_jemalloc_and_write_the_same_pdf(tmp_path, jemalloc):
    seen = _run_render_process(tmp_path)
    assert seen["child_jemalloc"] is True
    assert seen["parent_jemalloc"] is False and seen["parent_preload"] is None
    assert seen["child_pdf"] == seen["parent_pdf"]


def test_system_allocator_when_asked(tmp_path, jemalloc):
    seen = _run_render_process(tmp_path, **{CHOICE_VARIABLE: "system"})
    assert seen["child_jemalloc"] is False


def test_choice_and_manifest_name(monkeypatch, jemalloc):
    monkeypatch.setenv(CHOICE_VARIABLE, "System ")
    assert render_allocator.render_allocator() is None
    assert allocator_name() == SYSTEM
    monkeypatch.delenv(CHOICE_VARIABLE)
    assert render_allocator.render_allocator() == jemalloc
    assert allocator_name() == jemalloc


def test_missing_library_means_the_system_allocator(monkeypatch):
    monkeypatch.delenv(CHOICE_VARIABLE, raising=False)
    monkeypatch.setattr(render_allocator, "_jemalloc", lambda: None)
    assert render_allocator.render_allocator() is None
    assert allocator_name() == SYSTEM


@pytest.mark.parametrize("before", [None, "libother.so"])
def test_preload_lasts_only_for_the_block(monkeypatch, before):
    if before is None:
        monkeypatch.delenv("LD_PRELOAD", raising=False)
    else:
        monkeypatch.setenv("LD_PRELOAD", before)
    with preloaded_in_children("libjemalloc.so.2"):
        assert os.environ["LD_PRELOAD"] == ("libjemalloc.so.2" + (f" {before}" if before else ""))
    assert os.environ.get("LD_PRELOAD") == before
    with preloaded_in_children(None):
        assert os.environ.get("LD_PRELOAD") == before
