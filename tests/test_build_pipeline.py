"""`scwres build` end to end on the fixture: execute, cache, isolate, resume, no leaks."""

from __future__ import annotations

import json
import re
import shutil
import signal
import subprocess
import sys
import time

import nbformat
import pytest

from scwres_helpers import pipeline, unchanged
from scwres_helpers.config import NOTEBOOKS_DIR, PARAMS_DIR, PROJ_ROOT, SAMPLE_RETURNS_DIR, YearLayout
from scwres_helpers.pipeline import (
    PHASE_BUNDLES,
    PHASE_DATA,
    PHASE_EXECUTE,
    PHASE_UNCHANGED,
    build_year,
)
from scwres_helpers.publish.site_pages import chapter_pages

pytestmark = pytest.mark.slow
YEAR = 2024
NATIONAL_CHAPTERS = [page.name for page in chapter_pages()]  # the pages _quarto.yml lists
CODE = re.compile(r"\b[A-Z][0-9]{8}\b")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One full build (no rendering) of a private copy of the fixture: its kernels start on
    the first 3 authorities while the others' bundles are written (``FIRST_BUNDLES``, 16 in a
    build, more than the fixture's 12 authorities; the rebuilds below write them all first)."""
    root = tmp_path_factory.mktemp("build")
    returns = root / "returns"
    shutil.copytree(SAMPLE_RETURNS_DIR, returns)
    out = root / "outputs"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "FIRST_BUNDLES", 3)
        summary = build_year(returns, YEAR, out_root=out, renderer=None, jobs=2)
    return returns, out, summary


def _statuses(summary):
    return {r.name: r.status for r in summary.results}


def test_full_build_executes_every_authority_and_chapter(built):
    returns, out, summary = built
    assert summary.ok, [r.error for r in summary.failed]
    statuses = _statuses(summary)
    authorities = sorted(p.name.removesuffix(".xlsx") for p in (returns / str(YEAR)).iterdir()
                         if not p.name.startswith(".") and p.name not in ("README.md", "population.csv"))
    assert {n for n in statuses if n.startswith("authority/")} == {f"authority/{c}" for c in authorities}
    assert {n for n in statuses if n.startswith("national/")} == {f"national/{p}" for p in NATIONAL_CHAPTERS}
    manifest = json.loads((out / str(YEAR) / "private" / "manifest.json").read_text())
    assert manifest["year"] == YEAR
    assert len(manifest["notebooks"]) == len(statuses)
    assert all(entry["sha256"] for entry in manifest["inputs"])
    assert "pandas" in manifest["package_versions"]
    # Phase timings: the steps this build ran (no rendering asked for), within its total.
    phases = manifest["phase_seconds"]
    assert set(phases) == {PHASE_DATA, PHASE_BUNDLES, PHASE_EXECUTE}
    assert all(seconds > 0 for seconds in phases.values())
    assert sum(phases.values()) <= manifest["seconds_total"]
    assert summary.phase_seconds[PHASE_EXECUTE] == pytest.approx(phases[PHASE_EXECUTE], abs=0.001)
    # The authorities lookup beside the indicators: every authority, with a (fictional) type and region.
    lookup = (out / str(YEAR) / "private" / "data" / f"authorities_{YEAR}.csv").read_text().splitlines()
    assert lookup[0] == "authority_code,authority_type,authority_type_name,region_code,region_name,fictional"
    assert [line.split(",")[0] for line in lookup[1:]] == authorities
    assert all(line.split(",")[1] and line.endswith("(fictional),true") for line in lookup[1:])


def test_rebuild_with_nothing_changed_executes_nothing(built):
    returns, out, _ = built
    before = {p: p.read_bytes() for p in (out / str(YEAR) / "private" / "notebooks").rglob("*.ipynb")}
    summary = build_year(returns, YEAR, out_root=out, renderer=None, jobs=2)
    assert set(_statuses(summary).values()) == {"cached"}
    assert {p: p.read_bytes() for p in (out / str(YEAR) / "private" / "notebooks").rglob("*.ipynb")} == before
    # Found from one digest (``unchanged``): no step ran, and the manifest says so.
    manifest = json.loads((out / str(YEAR) / "private" / "manifest.json").read_text())
    assert set(summary.phase_seconds) == set(manifest["phase_seconds"]) == {PHASE_UNCHANGED}
    assert manifest["status"] == "complete" and {n["status"] for n in manifest["notebooks"]} == {"cached"}
    assert len(manifest["inputs"]) > 0 and all(entry["sha256"] for entry in manifest["inputs"])
    # Without the record, each step's own cache finds the same.
    unchanged.forget(out, YEAR)
    summary = build_year(returns, YEAR, out_root=out, renderer=None, jobs=2)
    assert set(_statuses(summary).values()) == {"cached"} and PHASE_EXECUTE in summary.phase_seconds


def test_a_notebook_deleted_by_hand_is_executed_again(built):
    returns, out, _ = built
    executed = out / str(YEAR) / "private" / "notebooks" / "national" / "trends.ipynb"
    executed.unlink()
    summary = build_year(returns, YEAR, out_root=out, renderer=None, jobs=2)
    assert {n for n, s in _statuses(summary).items() if s == "executed"} == {"national/trends"}
    assert executed.is_file()


def test_executed_authority_notebook_holds_no_other_authority(built):
    returns, out, _ = built
    from scwres_helpers.intake import load_year

    names = {c: r.about.authority_name for c, r in load_year(returns, YEAR).returns.items()}
    for code in sorted(names)[:4]:
        text = (out / str(YEAR) / "private" / "notebooks" / "authority" / f"{code}.ipynb").read_text()
        assert set(CODE.findall(text)) == {code}
        for other, name in names.items():
            if other != code:
                assert name not in text


def test_editing_one_return_reexecutes_only_what_depends_on_it(built):
    returns, out, _ = built
    folder = next(p for p in sorted((returns / str(YEAR)).iterdir()) if p.is_dir())
    about = folder / "about.csv"
    text = about.read_text(encoding="utf-8")
    name_line = next(line for line in text.splitlines() if line.startswith("authority_name"))
    about.write_text(text.replace(name_line, "authority_name,Renamed Borough Council"), encoding="utf-8")
    summary = build_year(returns, YEAR, out_root=out, renderer=None, jobs=2)
    executed = {n for n, s in _statuses(summary).items() if s == "executed"}
    assert executed == {f"authority/{folder.name}"}, "a name change moves no national figure"
    report = (out / str(YEAR) / "private" / "notebooks" / "authority" / f"{folder.name}.ipynb").read_text()
    assert "Renamed Borough Council" in report


def test_a_failing_notebook_is_isolated(built, tmp_path):
    returns, out, _ = built
    notebooks = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS_DIR, notebooks)
    target = sorted(p.name for p in (returns / str(YEAR)).iterdir() if p.is_dir())[1]
    nb = nbformat.read(notebooks / "authority.ipynb", as_version=4)
    nb.cells.insert(2, nbformat.v4.new_code_cell(
        f'if authority_code == "{target}":\n    raise RuntimeError("deliberate failure for the test")'))
    nbformat.write(nb, notebooks / "authority.ipynb")
    others = [c for c in sorted(p.name for p in (returns / str(YEAR)).iterdir() if p.is_dir()) if c != target][:2]
    summary = build_year(returns, YEAR, out_root=tmp_path / "out", renderer=None, jobs=2,
                         authorities=[target, *others], notebooks_dir=notebooks)
    statuses = _statuses(summary)
    assert statuses[f"authority/{target}"] == "failed"
    assert all(statuses[f"authority/{c}"] == "executed" for c in others)
    failure = next(r for r in summary.results if r.status == "failed")
    assert "RuntimeError" in failure.error and "deliberate failure" in failure.error
    assert failure.failing_cell == 2
    assert failure.failed_notebook is not None and failure.failed_notebook.exists()
    assert not (tmp_path / "out" / str(YEAR) / "private" / "notebooks" / "authority" / f"{target}.ipynb").exists()
    assert not summary.ok


def _first_returns(tmp_path, count):
    """A returns root holding the first COUNT of the fixture's YEAR returns (folders or workbooks)."""
    returns = tmp_path / "returns"
    (returns / str(YEAR)).mkdir(parents=True)
    for source in sorted(p for p in (SAMPLE_RETURNS_DIR / str(YEAR)).iterdir() if p.name.startswith("X"))[:count]:
        copy = shutil.copytree if source.is_dir() else shutil.copy2
        copy(source, returns / str(YEAR) / source.name)
    return returns


def test_interrupted_build_leaves_no_partial_output_and_resumes(tmp_path):
    out = tmp_path / "out"
    returns = _first_returns(tmp_path, 5)  # enough to interrupt after two, at half the cost of all 12
    command = [sys.executable, "-m", "scwres_helpers.cli", "build", str(returns), "--year", str(YEAR),
               "--out", str(out), "--renderer", "none", "--jobs", "2", "--params", str(PARAMS_DIR)]
    process = subprocess.Popen(command, cwd=PROJ_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    notebooks = out / str(YEAR) / "private" / "notebooks" / "authority"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(notebooks.glob("*.ipynb"))) < 2:
        time.sleep(0.2)
    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=60)
    assert process.returncode == 130, output.decode()
    done_before = {p.name for p in notebooks.glob("*.ipynb")}
    assert done_before, "the build should have finished some notebooks before the interrupt"
    leftovers = [p for p in out.rglob("*") if p.name.endswith(".tmp") or p.name.startswith(".") and p.is_file()]
    assert not leftovers, leftovers
    for path in notebooks.glob("*.ipynb"):
        nbformat.read(path, as_version=4)  # every output present is a whole notebook

    again = subprocess.run(command, cwd=PROJ_ROOT, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stdout + again.stderr
    statuses = re.findall(r"(\d+) executed, (\d+) cached, (\d+) failed", again.stdout)
    executed, cached, failed = map(int, statuses[-1])
    assert failed == 0 and cached >= len(done_before) and executed + cached == 5 + len(NATIONAL_CHAPTERS)


# ---------------------------------------------------------------- issue 18: faults during a build

def _copy_of_built(built, tmp_path):
    returns, out, _ = built
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    return returns, copy


def _failing_notebooks(tmp_path, target):
    notebooks = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS_DIR, notebooks)
    nb = nbformat.read(notebooks / "authority.ipynb", as_version=4)
    nb.cells.insert(2, nbformat.v4.new_code_cell(
        f'if authority_code == "{target}":\n    raise RuntimeError("deliberate failure for the test")'))
    nbformat.write(nb, notebooks / "authority.ipynb")
    return notebooks


def test_a_failed_notebook_removes_its_earlier_reports_and_says_so(built, tmp_path):
    """Case 8: the earlier HTML and PDF stayed, the manifest listed the authority as built."""
    from scwres_helpers.pipeline import format_build_summary

    returns, out = _copy_of_built(built, tmp_path)
    target = sorted(p.name for p in (returns / str(YEAR)).iterdir() if p.is_dir())[0]
    year_dir = out / str(YEAR)
    earlier = [year_dir / "private" / "reports" / f"{target}.html", year_dir / "private" / "reports" / f"{target}.pdf",
               year_dir / "private" / "notebooks" / "authority" / f"{target}.ipynb"]
    for path in earlier[:2]:  # as an earlier build rendered them
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("an earlier report")
    assert all(p.exists() for p in earlier)
    summary = build_year(returns, YEAR, out_root=out, renderer=None, jobs=1, authorities=[target],
                         notebooks_dir=_failing_notebooks(tmp_path, target))
    assert [r.status for r in summary.results] == ["failed"]
    assert not any(p.exists() for p in earlier)
    removed = [f"private/notebooks/authority/{target}.ipynb", f"private/reports/{target}.html",
               f"private/reports/{target}.pdf"]
    assert summary.removed == {f"authority/{target}": removed}
    text = format_build_summary(summary)
    assert f"authority/{target} failed, so its earlier outputs were removed" in text
    assert all(name in text for name in removed)
    manifest = json.loads((year_dir / "private" / "manifest.json").read_text())
    assert manifest["status"] == "complete"
    assert manifest["authorities_built"] == [] and manifest["authorities_failed"] == [target]
    assert manifest["removed_after_failure"] == {f"authority/{target}": removed}


def test_a_build_killed_midway_leaves_a_manifest_that_says_so(built, tmp_path):
    """Case 9: killed mid-build, the old manifest stayed beside a mix of new and old files."""
    returns, out = _copy_of_built(built, tmp_path)
    manifest = out / str(YEAR) / "private" / "manifest.json"
    before = json.loads(manifest.read_text())
    assert before["status"] == "complete"
    command = [sys.executable, "-m", "scwres_helpers.cli", "build", str(returns), "--year", str(YEAR),
               "--out", str(out), "--renderer", "none", "--jobs", "1", "--force", "--params", str(PARAMS_DIR)]
    process = subprocess.Popen(command, cwd=PROJ_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and "in progress" not in manifest.read_text():
        time.sleep(0.05)
    process.kill()  # SIGKILL: nothing can be tidied up
    process.wait(timeout=60)
    after = json.loads(manifest.read_text())
    assert after["status"] == "in progress"
    assert after["started"] != before["started"] and after["year"] == YEAR
    assert "may be a mix" in after["note"]


def test_a_full_disk_stops_with_the_stage_and_path_and_a_rerun_completes(built, tmp_path, monkeypatch):
    """Case 10: a raw OSError traceback from inputs.py, the site and manifest missing."""
    import errno
    import os

    from typer.testing import CliRunner

    from scwres_helpers import atomic
    from scwres_helpers.cli import app

    returns, _, _ = built
    out = tmp_path / "out"
    target = sorted(p.name for p in (returns / str(YEAR)).iterdir() if p.is_dir())[0]
    real_fsync = os.fsync

    def full_under_inputs(fd):
        if "/inputs/" in os.readlink(f"/proc/self/fd/{fd}"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(atomic.os, "fsync", full_under_inputs)
    arguments = ["build", str(returns), "--year", str(YEAR), "--out", str(out), "--renderer", "none",
                 "--jobs", "1", "--authority", target, "--params", str(PARAMS_DIR)]
    result = CliRunner().invoke(app, arguments)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    [line] = [ln for ln in result.output.splitlines() if ln.startswith("error:")]
    assert line.startswith(f"error: {PHASE_BUNDLES} failed: {YearLayout.of(out, YEAR).inputs}")
    assert "No space left on device [ENOSPC]" in line and "run the build again" in line
    manifest = json.loads((out / str(YEAR) / "private" / "manifest.json").read_text())
    assert manifest["status"] == "failed" and manifest["error"] == line.removeprefix("error: ")
    assert not [p for p in out.rglob("*.tmp")]

    monkeypatch.setattr(atomic.os, "fsync", real_fsync)
    again = CliRunner().invoke(app, arguments)
    assert again.exit_code == 0, again.output
    assert json.loads((out / str(YEAR) / "private" / "manifest.json").read_text())["status"] == "complete"
    assert (out / str(YEAR) / "private" / "notebooks" / "authority" / f"{target}.ipynb").exists()


def test_the_manifest_hashes_exactly_the_files_intake_read(built):
    """Case 3: the manifest re-read every file under the year folder (and crashed on one it could not)."""
    import hashlib

    from scwres_helpers.intake.population import POPULATION_FILE

    returns, out, _ = built
    manifest = json.loads((out / str(YEAR) / "private" / "manifest.json").read_text())
    listed = {entry["path"]: entry for entry in manifest["inputs"]}
    on_disk = {p.relative_to(returns).as_posix(): p for year in ("2022", "2023", "2024")
               for p in (returns / year).rglob("*")
               if p.is_file() and (p.suffix == ".xlsx" or p.suffix == ".csv")
               and (p.name != POPULATION_FILE or year == str(YEAR))}  # only the built year's areas are read
    assert set(listed) == set(on_disk)
    for path, entry in listed.items():
        data = on_disk[path].read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest() and entry["bytes"] == len(data)


def test_an_unreadable_return_file_is_quarantined_and_the_build_completes(built, tmp_path):
    """Case 3: a file linked to /proc/self/mem stopped the build in manifest.py, leaving no manifest."""
    returns, out = built[0], tmp_path / "out"
    copy = tmp_path / "returns"
    shutil.copytree(returns, copy)
    folders = sorted(p for p in (copy / str(YEAR)).iterdir() if p.is_dir())
    broken, other = folders[0], folders[1].name
    (broken / "workforce.csv").unlink()
    (broken / "workforce.csv").symlink_to("/proc/self/mem")
    summary = build_year(copy, YEAR, out_root=out, renderer=None, jobs=1, authorities=[other])
    assert [r.status for r in summary.results] == ["executed"]
    manifest = json.loads((out / str(YEAR) / "private" / "manifest.json").read_text())
    assert manifest["status"] == "complete"
    [problem] = manifest["quarantined"][f"{YEAR}/{broken.name}"]
    assert f"{broken.name}/workforce.csv" in problem and "outside the returns root" in problem
    paths = {entry["path"] for entry in manifest["inputs"]}
    assert f"{YEAR}/{broken.name}/workforce.csv" not in paths and f"{YEAR}/{broken.name}/about.csv" in paths


def test_an_authority_build_boots_kernels_that_leave_the_national_chapters_imports(built, tmp_path, monkeypatch):
    """Its kernels run no national chapter, so they do without SciPy's statistics (half a second of a boot)."""
    from scwres_helpers.execution import execute

    returns, out = built[0], tmp_path / "out"
    other = sorted(p.name for p in (returns / str(YEAR)).iterdir() if p.is_dir())[1]
    asked = []
    own = execute.start_workers
    monkeypatch.setattr(execute, "start_workers", lambda jobs, **options: asked.append(options) or own(jobs, **options))
    summary = build_year(returns, YEAR, out_root=out, renderer=None, jobs=1, authorities=[other])
    assert [r.status for r in summary.results] == ["executed"]
    assert asked == [{"national": False}]


def _own_workers() -> list[int]:
    """This process's notebook workers still running (their processes are its children)."""
    import os
    from pathlib import Path

    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == os.getpid() and b"worker_main" in command:
            found.append(int(entry.name))
    return found


def test_the_builds_workers_have_stopped_when_it_returns(built, tmp_path):
    """They are stopped beside the rendering and the manifest, and waited for before the build returns."""
    returns, out = built[0], tmp_path / "out"
    other = sorted(p.name for p in (returns / str(YEAR)).iterdir() if p.is_dir())[1]
    summary = build_year(returns, YEAR, out_root=out, renderer=None, jobs=1, authorities=[other])
    assert [r.status for r in summary.results] == ["executed"]
    assert _own_workers() == []


def test_workers_started_by_the_caller_run_the_build_and_are_stopped_by_it(built, tmp_path, monkeypatch):
    """``scwres build --authority`` starts its workers before importing the build: the build
    executes on them, starts none of its own, and stops them as its own when done."""
    from scwres_helpers.execution import execute

    returns, out = built[0], tmp_path / "out"
    other = sorted(p.name for p in (returns / str(YEAR)).iterdir() if p.is_dir())[1]
    started = execute.start_workers(1, national=False)
    asked = []
    monkeypatch.setattr(execute, "start_workers", lambda jobs, **options: asked.append(options))
    summary = build_year(returns, YEAR, out_root=out, renderer=None, jobs=1, authorities=[other],
                         started_workers=started)
    assert [r.status for r in summary.results] == ["executed"]
    assert asked == []
    assert _own_workers() == []
