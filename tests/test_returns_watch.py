"""scwres watch: which returns changed, and a corrected return rebuilt with the kernels kept warm."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from scwres_helpers.config import SAMPLE_RETURNS_DIR
from scwres_helpers.intake.population import POPULATION_FILE
from scwres_helpers.returns_watch import compare, folder_state, watch_returns

YEAR = 2024


def _returns(tmp_path: Path) -> Path:
    year = tmp_path / "returns" / str(YEAR)
    for code in ("X10000001", "X10000002"):
        (year / code).mkdir(parents=True)
        (year / code / "leavers.csv").write_text("service,leavers\nadult,3\n")
    (year / "X10000003.xlsx").write_bytes(b"a workbook")
    return tmp_path / "returns"


def _touch_later(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_nothing_changed_is_no_change(tmp_path: Path) -> None:
    root = _returns(tmp_path)
    assert not compare(folder_state(root, YEAR), folder_state(root, YEAR))


def test_an_edited_added_or_removed_return_is_named_by_its_code(tmp_path: Path) -> None:
    root = _returns(tmp_path)
    before = folder_state(root, YEAR)
    (root / "2024" / "X10000001" / "leavers.csv").write_text("service,leavers\nadult,4\n")
    _touch_later(root / "2024" / "X10000003.xlsx")
    (root / "2024" / "X10000004").mkdir()
    (root / "2024" / "X10000004" / "about.csv").write_text("field,value\n")
    shutil.rmtree(root / "2024" / "X10000002")
    changes = compare(before, folder_state(root, YEAR))
    assert changes.changed == ["X10000001", "X10000003", "X10000004"]
    assert changes.removed == ["X10000002"]
    assert not changes.other


def test_a_file_added_to_a_return_folder_changes_that_return_only(tmp_path: Path) -> None:
    root = _returns(tmp_path)
    before = folder_state(root, YEAR)
    (root / "2024" / "X10000002" / "survey.csv").write_text("x\n")
    assert compare(before, folder_state(root, YEAR)).changed == ["X10000002"]


def test_the_population_file_or_a_stray_file_is_another_change(tmp_path: Path) -> None:
    root = _returns(tmp_path)
    before = folder_state(root, YEAR)
    (root / "2024" / POPULATION_FILE).write_text("authority_code\n")
    changes = compare(before, folder_state(root, YEAR))
    assert changes.other and not changes.changed and not changes.removed


@pytest.mark.slow
def test_a_corrected_return_is_rebuilt_and_a_broken_one_is_reported(tmp_path: Path) -> None:
    returns = tmp_path / "returns"
    shutil.copytree(SAMPLE_RETURNS_DIR, returns)
    folders = sorted(p for p in (returns / str(YEAR)).iterdir() if p.is_dir())
    corrected, broken, removed = folders[0].name, folders[1].name, folders[2].name
    out = tmp_path / "outputs"
    said: list[str] = []
    builds: list = []
    watching, built, stop = threading.Event(), threading.Event(), threading.Event()

    def say(line: str) -> None:
        said.append(line)
        if line.startswith("Watching"):
            watching.set()

    def on_build(outcome: object) -> None:
        builds.append(outcome)
        built.set()

    thread = threading.Thread(target=watch_returns, args=(returns, YEAR), daemon=True, kwargs=dict(
        out_root=out, renderer="bundled", jobs=1, say=say, stop=stop, on_build=on_build))
    thread.start()
    try:
        assert watching.wait(60)
        leavers = returns / str(YEAR) / corrected / "leavers.csv"
        lines = leavers.read_text(encoding="utf-8").splitlines()
        cells = lines[1].rsplit(",", 1)
        lines[1] = f"{cells[0]},{int(cells[1]) + 1}"
        leavers.write_text("\n".join(lines) + "\n", encoding="utf-8")
        assert built.wait(180), said
        summary = builds[-1]
        assert [(r.name, r.status) for r in summary.results] == [(f"authority/{corrected}", "executed")]
        reports = out / str(YEAR) / "private" / "reports"
        assert sorted(p.name for p in reports.glob("X*")) == [f"{corrected}.html", f"{corrected}.pdf"]

        built.clear()
        (returns / str(YEAR) / broken / "workforce.csv").unlink()  # a required table is missing
        assert built.wait(120), said
        assert isinstance(builds[-1], ValueError) and "quarantined" in str(builds[-1])
        assert any(line.startswith("error:") and broken in line for line in said)

        shutil.rmtree(returns / str(YEAR) / removed)
        for _ in range(100):
            if any("was removed" in line for line in said):
                break
            stop.wait(0.1)
        assert any(f"the return of {removed} was removed" in line for line in said)
        assert len(builds) == 2  # a removal needs the full build, which the watch leaves to the analyst
    finally:
        stop.set()
        thread.join(30)
    assert not thread.is_alive()


class _NoWorkers:
    """KeptWorkers without processes (the build is a stand-in too)."""

    made: list[_NoWorkers] = []

    def __init__(self, jobs=None, national=True) -> None:  # noqa: ANN001
        self.closed = False
        self.national = national
        _NoWorkers.made.append(self)

    def pool(self) -> None:
        return None

    def __enter__(self) -> _NoWorkers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.closed = True


def test_an_interrupted_rebuild_stops_the_watch_and_says_how_to_finish(tmp_path: Path, monkeypatch) -> None:
    from scwres_helpers import pipeline
    from scwres_helpers.execution import BuildInterrupted, session

    root = _returns(tmp_path)
    monkeypatch.setattr(session, "KeptWorkers", _NoWorkers)

    def interrupted(*args, **kwargs):  # noqa: ANN002, ANN003
        raise BuildInterrupted([])

    monkeypatch.setattr(pipeline, "build_year", interrupted)
    said: list[str] = []
    watching = threading.Event()

    def say(line: str) -> None:
        said.append(line)
        if line.startswith("Watching"):
            watching.set()

    thread = threading.Thread(target=watch_returns, args=(root, YEAR), daemon=True, kwargs=dict(say=say))
    thread.start()
    assert watching.wait(30)
    (root / "2024" / "X10000001" / "leavers.csv").write_text("service,leavers\nadult,5\n")
    thread.join(30)
    assert not thread.is_alive()  # the watch ended by itself
    assert _NoWorkers.made[-1].national is False  # its kernels run authority reports only: no SciPy at boot
    assert said[-1] == ("stopped during the rebuild of X10000001: `scwres build --authority X10000001` "
                        "finishes it")
