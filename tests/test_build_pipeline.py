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

from scwres_helpers.config import NOTEBOOKS_DIR, PARAMS_DIR, PROJ_ROOT, SAMPLE_RETURNS_DIR
from scwres_helpers.pipeline import (
    PHASE_BUNDLES,
    PHASE_DATA,
    PHASE_EXECUTE,
    build_year,
)
from scwres_helpers.publish.site_pages import chapter_pages

pytestmark = pytest.mark.slow
YEAR = 2024
NATIONAL_CHAPTERS = [page.name for page in chapter_pages()]  # the pages _quarto.yml lists
CODE = re.compile(r"\b[A-Z][0-9]{8}\b")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One full build (no rendering) of a private copy of the fixture."""
    root = tmp_path_factory.mktemp("build")
    returns = root / "returns"
    shutil.copytree(SAMPLE_RETURNS_DIR, returns)
    out = root / "outputs"
    summary = build_year(returns, YEAR, out_root=out, renderer=None, jobs=2)
    return returns, out, summary


def _statuses(summary):
    return {r.name: r.status for r in summary.results}


def test_full_build_executes_every_authority_and_chapter(built):
    returns, out, summary = built
    assert summary.ok, [r.error for r in summary.failed]
    statuses = _statuses(summary)
    authorities = sorted(p.name.removesuffix(".xlsx") for p in (returns / str(YEAR)).iterdir()
                         if not p.name.startswith(".") and p.name != "README.md")
    assert {n for n in statuses if n.startswith("authority/")} == {f"authority/{c}" for c in authorities}
    assert {n for n in statuses if n.startswith("national/")} == {f"national/{p}" for p in NATIONAL_CHAPTERS}
    manifest = json.loads((out / str(YEAR) / "manifest.json").read_text())
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


def test_rebuild_with_nothing_changed_executes_nothing(built):
    returns, out, _ = built
    before = {p: p.read_bytes() for p in (out / str(YEAR) / "notebooks").rglob("*.ipynb")}
    summary = build_year(returns, YEAR, out_root=out, renderer=None, jobs=2)
    assert set(_statuses(summary).values()) == {"cached"}
    assert {p: p.read_bytes() for p in (out / str(YEAR) / "notebooks").rglob("*.ipynb")} == before


def test_executed_authority_notebook_holds_no_other_authority(built):
    returns, out, _ = built
    from scwres_helpers.intake import load_year

    names = {c: r.about.authority_name for c, r in load_year(returns, YEAR).returns.items()}
    for code in sorted(names)[:4]:
        text = (out / str(YEAR) / "notebooks" / "authority" / f"{code}.ipynb").read_text()
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
    report = (out / str(YEAR) / "notebooks" / "authority" / f"{folder.name}.ipynb").read_text()
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
    assert not (tmp_path / "out" / str(YEAR) / "notebooks" / "authority" / f"{target}.ipynb").exists()
    assert not summary.ok


def test_interrupted_build_leaves_no_partial_output_and_resumes(tmp_path):
    out = tmp_path / "out"
    command = [sys.executable, "-m", "scwres_helpers.cli", "build", str(SAMPLE_RETURNS_DIR), "--year", str(YEAR),
               "--out", str(out), "--renderer", "none", "--jobs", "2", "--params", str(PARAMS_DIR)]
    process = subprocess.Popen(command, cwd=PROJ_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    notebooks = out / str(YEAR) / "notebooks" / "authority"
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
    assert failed == 0 and cached >= len(done_before) and executed + cached == 12 + len(NATIONAL_CHAPTERS)
