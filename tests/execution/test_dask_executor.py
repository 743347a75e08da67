"""The dask executor on a LocalCluster of 2 workers: same results, cache and bytes as local."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from scwres_helpers.execution.dask_executor import run_tasks_on_dask
from scwres_helpers.execution.execute import Task, failed_notebook_path
from scwres_helpers.config import PROJ_ROOT
from scwres_helpers.pipeline import build_year

from .test_execute import NOTEBOOKS, Recorder, adds_task, by_name, stdout_of

pytestmark = pytest.mark.slow
FIXTURE = PROJ_ROOT / "data" / "sample_returns"


def test_tasks_run_on_the_cluster_failures_isolated_then_cached(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    code = tmp_path / "code"  # stands in for the package in cache keys (see test_execute)
    code.mkdir()
    (code / "helpers.py").write_text("VERSION = 1\n")
    raising = Task("bad", NOTEBOOKS / "raises.ipynb", tmp_path / "bad.ipynb", {"message": "no data for 2031"})
    tasks = [adds_task(tmp_path, "one", 1, 1), raising, adds_task(tmp_path, "two", 2, 2)]
    recorder = Recorder()
    results = by_name(run_tasks_on_dask(tasks, jobs=2, progress=recorder, package_dir=code))

    assert results["one"].status == results["two"].status == "executed"
    assert stdout_of(tmp_path / "two.ipynb") == "2 + 2 + 2 = 6\n"
    assert results["bad"].status == "failed"
    assert results["bad"].error.startswith("ValueError: no data for 2031 (cell 2")
    assert failed_notebook_path(raising.output).exists()
    assert recorder.calls[0] == ("start", 3, 0) and recorder.calls[-1] == ("close",)
    assert sorted(c[1:] for c in recorder.calls if c[0] == "finished") == [
        ("bad", "failed"), ("one", "executed"), ("two", "executed")]

    again = by_name(run_tasks_on_dask(tasks, jobs=2, package_dir=code))  # successes cached, failures retried
    assert {n: r.status for n, r in again.items()} == {"one": "cached", "bad": "failed", "two": "cached"}


def _snapshot(year_dir: Path) -> dict[str, bytes]:
    files = [*sorted((year_dir / "private" / "notebooks" / "authority").glob("*.ipynb")),
             *sorted((year_dir / "private" / "reports").glob("*.html")),
             *sorted((year_dir / "private" / "reports").glob("*.pdf"))]
    return {p.relative_to(year_dir).as_posix(): p.read_bytes() for p in files}


def test_a_dask_build_gives_the_local_build_s_bytes(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    out = tmp_path / "outputs"
    codes = sorted(p.name for p in (FIXTURE / "2024").iterdir() if p.is_dir())[:2]

    local = build_year(FIXTURE, 2024, out_root=out, authorities=codes, jobs=2, renderer="bundled")
    assert local.ok
    expected = _snapshot(out / "2024")
    assert len(expected) == 2 * 3  # a notebook, an HTML and a PDF each
    shutil.rmtree(out)

    on_dask = build_year(FIXTURE, 2024, out_root=out, authorities=codes, jobs=2, renderer="bundled",
                         executor="dask")
    assert on_dask.ok and {r.status for r in on_dask.results} == {"executed"}
    assert _snapshot(out / "2024") == expected
    manifest = json.loads((out / "2024" / "private" / "manifest.json").read_text())
    assert manifest["executor"] == "dask (LocalCluster)"

    # The reports the cluster rendered are in the render cache: nothing is redone here.
    again = build_year(FIXTURE, 2024, out_root=out, authorities=codes, jobs=2, renderer="bundled",
                       executor="dask")
    assert {r.status for r in again.results} == {"cached"}
    assert _snapshot(out / "2024") == expected


def test_an_unknown_executor_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="executor must be one of"):
        build_year(FIXTURE, 2024, out_root=tmp_path, executor="spark")
