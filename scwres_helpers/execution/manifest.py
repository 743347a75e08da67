"""The manifest of a year's build: what went in, with what code, and how each notebook went.

``outputs/<year>/manifest.json`` records the input files' sha256, the parameters,
the code version, the package versions, and per notebook its status, timing, error
and cache key. Timings and start/finish times are inherently volatile: they live
here and never in a notebook, so notebooks stay byte-identical between runs.
Written with sorted keys and atomically, like every output.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from scwres_helpers.atomic import write_text_atomic
from scwres_helpers.cache import code_fingerprint, file_sha256
from scwres_helpers.execution.execute import TaskResult

MANIFEST_SCHEMA = 1


def _shown_path(path: Path, root: Path | None) -> str:
    """PATH relative to ROOT when inside it (so manifests compare across checkouts)."""
    path = Path(path)
    if root is not None:
        # Absolute paths as given: resolving thousands of them cost a no-change rebuild 0.5 s.
        candidate, base = (path, Path(root)) if path.is_absolute() else (path.resolve(), Path(root).resolve())
        try:
            return candidate.relative_to(base).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def _timestamp(moment: datetime | str) -> str:
    return moment.isoformat(timespec="seconds") if isinstance(moment, datetime) else str(moment)


def describe_code_version(project_root: Path, package_dir: Path, package_version: str) -> str:
    """``git describe --always --dirty`` when the tree is a git checkout with commits, else
    the package version; either way followed by the code fingerprint's first 12 digits."""
    fingerprint = code_fingerprint(package_dir)[:12]
    try:
        described = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            cwd=project_root,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        described = ""
    return f"{described or package_version} (code {fingerprint})"


def _result_entry(result: TaskResult, root: Path | None) -> dict[str, Any]:
    return {
        "name": result.name,
        "kind": result.kind,
        "status": result.status,
        "seconds": round(result.seconds, 3),
        "error": result.error,
        "failing_cell": result.failing_cell,
        "output": _shown_path(result.output, root),
        "failed_notebook": _shown_path(result.failed_notebook, root) if result.failed_notebook else None,
        "cache_key": result.key,
    }


def manifest_data(
    *,
    inputs: Iterable[Path],
    params: Any,
    code_version: str,
    package_versions: Mapping[str, str],
    results: Iterable[TaskResult],
    started: datetime | str,
    finished: datetime | str,
    root: Path | None = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The manifest as a dict (see ``write_manifest``)."""
    if dataclasses.is_dataclass(params) and not isinstance(params, type):
        params = params.to_papermill() if hasattr(params, "to_papermill") else dataclasses.asdict(params)
    results = list(results)
    counts = {status: sum(r.status == status for r in results) for status in ("executed", "cached", "failed")}
    files = sorted({_shown_path(p, root): Path(p) for p in inputs}.items())
    data = {
        "schema": MANIFEST_SCHEMA,
        "started": _timestamp(started),
        "finished": _timestamp(finished),
        "code_version": code_version,
        "package_versions": dict(package_versions),
        "parameters": dict(params),
        "inputs": [{"path": shown, "sha256": file_sha256(path), "bytes": path.stat().st_size} for shown, path in files],
        "summary": {"notebooks": len(results), **counts},
        "notebooks": [_result_entry(r, root) for r in results],
    }
    if extra:
        data.update(extra)
    return data


def write_manifest(
    path: Path,
    *,
    inputs: Iterable[Path],
    params: Any,
    code_version: str,
    package_versions: Mapping[str, str],
    results: Iterable[TaskResult],
    started: datetime | str,
    finished: datetime | str,
    root: Path | None = None,
    extra: Mapping[str, Any] | None = None,
) -> Path:
    """Write the manifest JSON (sorted keys, 2-space indent) atomically; returns PATH.

    PARAMS is a ``ReportParams`` or a mapping. Paths are shown relative to ROOT
    (default: the manifest's folder) when inside it. EXTRA adds top-level entries
    (e.g. the year, the quarantined returns).
    """
    path = Path(path)
    data = manifest_data(
        inputs=inputs,
        params=params,
        code_version=code_version,
        package_versions=package_versions,
        results=results,
        started=started,
        finished=finished,
        root=root if root is not None else path.parent,
        extra=extra,
    )
    text = json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    return write_text_atomic(path, text)
