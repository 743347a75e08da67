"""The warm kernel: starts with the helpers imported, resets, and stops cleanly."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scwres_helpers.execution import kernel_state
from scwres_helpers.execution.warm_kernel import WarmKernel


def test_package_modules_expand_to_every_module_but_the_build_and_publishing_machinery() -> None:
    names = kernel_state._expand(["numpy", "scwres_helpers.*"])
    assert names[0] == "numpy"
    assert "scwres_helpers" in names
    assert {"scwres_helpers.codes", "scwres_helpers.report.charts", "scwres_helpers.bundles"} <= set(names)
    left_out = ("scwres_helpers.execution", "scwres_helpers.cli", "scwres_helpers.publish", "scwres_helpers.collection")
    assert not [n for n in names if n.startswith(left_out)]
    assert names[1:] == sorted(names[1:])


def test_warm_up_of_the_helpers_does_not_import_notebook_reading() -> None:
    """Report helpers must not pull in nbformat (and jsonschema's IRI grammar, 1.7 s)."""
    code = ("import sys; from scwres_helpers.execution.kernel_state import warm_up; "
            "print(warm_up(['scwres_helpers.*'])); print('nbformat' in sys.modules, 'jsonschema' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["[]", "False False"]


def test_the_helpers_leave_scipy_stats_and_workbook_reading_to_whoever_uses_them() -> None:
    """The authority reports import the funnel and the returns' reader, and use neither SciPy's
    statistics nor openpyxl: half a second and a tenth of a kernel's boot."""
    code = ("import sys; from scwres_helpers.execution.kernel_state import warm_up; "
            "print(warm_up(['scwres_helpers.*'])); print('scipy.stats' in sys.modules, 'openpyxl' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["[]", "False False"]


def test_kernels_for_national_chapters_preload_scipy_stats_and_others_do_not() -> None:
    from scwres_helpers.execution.warm_kernel import DEFAULT_PRELOAD
    from scwres_helpers.execution.worker import WorkerConfig

    assert WorkerConfig().kernel_preload() == (*DEFAULT_PRELOAD, "scipy.stats")
    assert WorkerConfig(national=False).kernel_preload() == DEFAULT_PRELOAD
    assert WorkerConfig(preload=("pandas",), national=True).kernel_preload() == ("pandas",)  # as asked


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
        # The helpers a notebook uses are loaded; the build's own machinery and seaborn
        # (which no notebook of ours draws with) are not: they only slowed the warm-up.
        loaded = kernel._call_in_kernel(
            "[m in __import__('sys').modules for m in ('pandas', 'scwres_helpers.codes',"
            " 'scwres_helpers.report.authority_sections', 'seaborn', 'scwres_helpers.preview',"
            " 'scwres_helpers.sample_data', 'scwres_helpers.publish')] + [__import__('os').getcwd()]",
            want_result=True,
        )
        assert loaded == [True, True, True, False, False, False, False, str(tmp_path)]
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


def test_kernel_messages_are_packed_with_orjson() -> None:
    """Each report's SVG charts travel from the kernel to its worker in kernel messages;
    jupyter_client packs them with orjson when it is installed (a dependency for that):
    json took 3 CPU-s of the kernels' 105 in a build of 153, the notebooks the same."""
    from jupyter_client.session import Session

    assert Session().packer == "orjson"


# --- isolation between authorities ----------------------------------------------------


def test_the_scan_finds_an_authority_anywhere_in_module_state(monkeypatch: pytest.MonkeyPatch) -> None:
    """The scanner used below can fail: a code hidden in a frame, a dataclass and an lru cache."""
    import functools
    import types

    import pandas as pd

    probe = types.ModuleType("scwres_helpers._probe_state")

    @functools.lru_cache(maxsize=4)
    def measured(text: str) -> int:
        return len(text)

    measured("X12345678 City Council")
    probe.frames = {("peers", "abc"): pd.DataFrame({"name": ["Nowhere", "X12345678"]})}
    probe.measured = measured
    probe.clean = {"codes": ("X00000001",)}
    monkeypatch.setitem(sys.modules, probe.__name__, probe)
    assert kernel_state.module_state_mentions(["X12345678"]) == [
        "scwres_helpers._probe_state.frames", "scwres_helpers._probe_state.measured"]
    assert kernel_state.module_state_mentions(["City of Nowhere"]) == []


def _bundle(tmp_path: Path, code: str) -> tuple[Path, str]:
    from scwres_helpers.config import SAMPLE_RETURNS_DIR
    from scwres_helpers.bundles import authority_inputs, load_tables

    tables = load_tables(SAMPLE_RETURNS_DIR, 2024, 5)
    folder = tmp_path / "inputs" / code
    authority_inputs(tables, code).write(folder, shared=None)
    return folder, tables.current.returns[code].about.authority_name


@pytest.mark.slow
def test_nothing_of_an_authority_stays_in_module_state_after_its_report(tmp_path: Path) -> None:
    code = "X07853579"
    bundle, name = _bundle(tmp_path, code)
    kernel = WarmKernel()
    kernel.start()
    try:
        kernel.prepare(str(tmp_path))
        # What the authority notebook does, plus an import the warm-up left out.
        kernel._call_in_kernel(
            "from scwres_helpers import registry\n"
            "from scwres_helpers.report import authority_sections as report\n"
            "from scwres_helpers.report.blocks import show_blocks\n"
            "import scwres_helpers.collection.prefill\n"
            f"inputs = report.load_authority({code!r}, 2024, '', {str(bundle)!r}, {{}})\n"
            "show_blocks(report.title_blocks(inputs, {}) + report.summary_blocks(inputs, {}))\n"
            "for indicator in registry.ids():\n"
            "    show_blocks(report.indicator_blocks(inputs, indicator, {}))\n"
            "show_blocks(report.trend_blocks(inputs, {}) + report.data_quality_blocks(inputs))\n"
        )
        held = f"__import__('scwres_helpers.execution.kernel_state', fromlist=['_']).module_state_mentions({[code, name]!r})"
        loaded = "[m in __import__('sys').modules for m in ('scwres_helpers.collection.prefill', 'scwres_helpers.codes')]"
        assert kernel._call_in_kernel(loaded, want_result=True) == [True, True]
        kernel.prepare(str(tmp_path))  # the reset between two notebooks
        assert kernel._call_in_kernel(held, want_result=True) == []
        assert kernel._call_in_kernel("'inputs' in globals()", want_result=True) is False
        # Modules of the package the notebook imported are forgotten; the preloaded ones stay.
        assert kernel._call_in_kernel(loaded, want_result=True) == [False, True]
    finally:
        kernel.close()


@pytest.mark.slow
def test_a_report_is_the_same_after_another_authority_in_the_same_kernel(tmp_path: Path) -> None:
    from scwres_helpers.execution.execute import Task, run_tasks
    from scwres_helpers.config import NOTEBOOKS_DIR
    from scwres_helpers.publish.notebook_markdown import read_notebook

    def task(code: str, out: Path) -> Task:
        bundle, _ = _bundle(tmp_path, code)
        return Task(name=f"authority/{code}", notebook=NOTEBOOKS_DIR / "authority.ipynb", output=out,
                    parameters={"authority_code": code, "year": 2024, "returns_root": "",
                                "inputs_dir": str(bundle), "params": {}})

    after = tmp_path / "after" / "X09234338.ipynb"
    alone = tmp_path / "alone" / "X09234338.ipynb"
    first = run_tasks([task("X07853579", tmp_path / "after" / "X07853579.ipynb"), task("X09234338", after)],
                      jobs=1, force=True)
    second = run_tasks([task("X09234338", alone)], jobs=1, force=True)
    assert [r.status for r in first + second] == ["executed"] * 3

    def outputs(path: Path) -> list:
        return [o for cell in read_notebook(path)["cells"] for o in cell.get("outputs", [])]

    assert outputs(after) == outputs(alone)  # every sentence, table and chart byte for byte
