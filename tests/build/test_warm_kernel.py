"""The warm kernel: starts with the helpers imported, resets, and stops cleanly."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scwres_helpers.build import kernel_state
from scwres_helpers.build.warm_kernel import WarmKernel


def test_package_modules_expand_to_every_module_but_the_build_and_publishing_machinery() -> None:
    names = kernel_state._expand(["numpy", "scwres_helpers.*"])
    assert names[0] == "numpy"
    assert "scwres_helpers" in names
    assert {"scwres_helpers.codes", "scwres_helpers.report.charts", "scwres_helpers.inputs"} <= set(names)
    left_out = ("scwres_helpers.build", "scwres_helpers.cli", "scwres_helpers.publish", "scwres_helpers.collection")
    assert not [n for n in names if n.startswith(left_out)]
    assert names[1:] == sorted(names[1:])


def test_warm_up_of_the_helpers_does_not_import_notebook_reading() -> None:
    """Report helpers must not pull in nbformat (and jsonschema's IRI grammar, 1.7 s)."""
    code = ("import sys; from scwres_helpers.build.kernel_state import warm_up; "
            "print(warm_up(['scwres_helpers.*'])); print('nbformat' in sys.modules, 'jsonschema' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["[]", "False False"]


def test_package_modules_walk_subpackages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "demo_pkg_for_walk"
    (package / "sub").mkdir(parents=True)
    (package / "not-a-package").mkdir()
    for path in ("__init__.py", "a.py", "sub/__init__.py", "sub/b.py", "not-a-package/c.py", "bad-name.py"):
        (package / path).write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert kernel_state._package_modules("demo_pkg_for_walk") == [
        "demo_pkg_for_walk",
        "demo_pkg_for_walk.a",
        "demo_pkg_for_walk.sub",
        "demo_pkg_for_walk.sub.b",
    ]


@pytest.mark.slow
def test_default_preload_imports_the_helpers_and_the_kernel_stops_cleanly(tmp_path: Path) -> None:
    kernel = WarmKernel()
    kernel.start()
    try:
        # A failure here means a helper module cannot be imported (every notebook would fail).
        assert kernel.preload_failures == [], kernel.preload_failures
        pid = kernel._kernel_pid()
        assert pid is not None
        kernel.prepare(str(tmp_path))
        loaded = kernel._call_in_kernel(
            "[m in __import__('sys').modules for m in ('pandas', 'seaborn', 'scwres_helpers.codes')]"
            " + [__import__('os').getcwd()]",
            want_result=True,
        )
        assert loaded == [True, True, True, str(tmp_path)]
    finally:
        kernel.close()
    assert not kernel.started
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break  # the kernel process is gone
        time.sleep(0.05)
    else:
        pytest.fail("the kernel process outlived close()")
