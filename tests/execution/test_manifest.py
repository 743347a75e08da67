"""The manifest: input hashes, parameters, versions and per-notebook outcomes, as sorted JSON."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from scwres_helpers.execution.execute import TaskResult
from scwres_helpers.execution.manifest import describe_code_version, write_manifest
from scwres_helpers.execution.params import ReportParams

PARAMS = ReportParams(publisher="P", programme_name="N", contact_email="a@b.org", report_title="T")


@pytest.fixture
def year_dir(tmp_path: Path) -> Path:
    year = tmp_path / "outputs" / "2024"
    (year / "inputs").mkdir(parents=True)
    (year / "inputs" / "national.csv").write_bytes(b"abc")
    (year / "inputs" / "E09000033.csv").write_bytes(b"")
    return year


def results(year: Path) -> list[TaskResult]:
    return [
        TaskResult("E09000033", "executed", 1.23456, None, None, year / "authorities" / "E09000033.ipynb", "authority", "k1"),
        TaskResult("E06000001", "cached", 0.0, None, None, year / "authorities" / "E06000001.ipynb", "authority", "k2"),
        TaskResult(
            "national",
            "failed",
            2.5,
            "ValueError: boom (cell 3, In [4])",
            3,
            year / "national.ipynb",
            "national",
            "k3",
            year / "national.failed.ipynb",
        ),
    ]


def test_manifest_records_inputs_params_versions_and_outcomes(year_dir: Path) -> None:
    path = write_manifest(
        year_dir / "manifest.json",
        inputs=[year_dir / "inputs" / "national.csv", year_dir / "inputs" / "E09000033.csv"],
        params=PARAMS,
        code_version="0.1.0 (code abcdef123456)",
        package_versions={"python": "3.11.7", "pandas": "3.0.0"},
        results=results(year_dir),
        started=datetime(2025, 1, 2, 3, 4, 5),
        finished="2025-01-02T03:06:00",
        extra={"year": 2024},
    )
    data = json.loads(path.read_text())
    assert data["inputs"] == [
        {"path": "inputs/E09000033.csv", "bytes": 0, "sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"path": "inputs/national.csv", "bytes": 3, "sha256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    ]
    assert data["parameters"]["suppression_threshold"] == 5
    assert data["parameters"]["publisher"] == "P"
    assert data["code_version"] == "0.1.0 (code abcdef123456)"
    assert data["package_versions"] == {"python": "3.11.7", "pandas": "3.0.0"}
    assert data["started"] == "2025-01-02T03:04:05"
    assert data["finished"] == "2025-01-02T03:06:00"
    assert data["summary"] == {"notebooks": 3, "executed": 1, "cached": 1, "failed": 1}
    assert data["year"] == 2024
    assert data["notebooks"][0] == {
        "name": "E09000033",
        "kind": "authority",
        "status": "executed",
        "seconds": 1.235,
        "error": None,
        "failing_cell": None,
        "output": "authorities/E09000033.ipynb",
        "failed_notebook": None,
        "cache_key": "k1",
    }
    failed = data["notebooks"][2]
    assert (failed["status"], failed["failing_cell"], failed["failed_notebook"]) == ("failed", 3, "national.failed.ipynb")
    assert failed["error"] == "ValueError: boom (cell 3, In [4])"


def test_manifest_is_sorted_json_written_atomically(year_dir: Path) -> None:
    path = write_manifest(
        year_dir / "manifest.json",
        inputs=[],
        params={"b": 1, "a": 2},
        code_version="v",
        package_versions={},
        results=[],
        started="s",
        finished="f",
    )
    text = path.read_text()
    assert text == json.dumps(json.loads(text), sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert [p.name for p in year_dir.iterdir() if p.name.endswith(".tmp")] == []


def test_paths_outside_the_root_are_kept_as_given(year_dir: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "returns" / "E09000033.xlsx"
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(b"abc")
    path = write_manifest(
        year_dir / "manifest.json",
        inputs=[elsewhere],
        params=PARAMS,
        code_version="v",
        package_versions={},
        results=[],
        started="s",
        finished="f",
    )
    assert json.loads(path.read_text())["inputs"][0]["path"] == elsewhere.as_posix()


def test_code_version_without_git_is_the_package_version_and_fingerprint(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "a.py").write_bytes(b"abc")
    # Fingerprint of one file a.py containing "abc" (see test_cache).
    assert describe_code_version(tmp_path, package, "0.1.0") == "0.1.0 (code 0f0240e753b4)"
