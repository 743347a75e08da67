"""The manifest of a year's build: what went in, with what code, and how each notebook went.

``outputs/<year>/private/manifest.json`` records the input files' sha256, the parameters,
the code version, the package versions, and per notebook its status, timing, error
and cache key. Timings and start/finish times are inherently volatile: they live
here and never in a notebook, so notebooks stay byte-identical between runs.
Written with sorted keys and atomically, like every output.

So that it always describes what is on disk, a build first replaces it with one whose
``status`` is ``in progress`` (``write_manifest_in_progress``: the folder may now
hold a mix of this build's files and an earlier one's), and writes the full manifest
(``complete``, or ``failed`` with the reason when a build stops) at the end. A build
killed outright leaves the ``in progress`` one.

The inputs are the files intake read, with the sha256 of the bytes it read
(``intake.files.FileRead``): nothing is read again here, so a file that could not
be read is a quarantine reason, never a crash of the manifest.
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
from scwres_helpers.safe_text import printable

MANIFEST_SCHEMA = 2
IN_PROGRESS = "in progress"
COMPLETE = "complete"
FAILED = "failed"


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


def _input_entry(item: Any, root: Path | None) -> dict[str, Any]:
    """A FileRead (hashed when it was read) as it is, or a Path, hashed now."""
    if isinstance(item, (str, Path)):
        path = Path(item)
        return {"path": _shown_path(path, root), "sha256": file_sha256(path), "bytes": path.stat().st_size}
    return {"path": printable(str(item.path)), "sha256": item.sha256, "bytes": item.size}


def manifest_data(
    *,
    inputs: Iterable[Any],
    params: Any,
    code_version: str,
    package_versions: Mapping[str, str],
    results: Iterable[TaskResult],
    started: datetime | str,
    finished: datetime | str,
    root: Path | None = None,
    extra: Mapping[str, Any] | None = None,
    status: str = COMPLETE,
) -> dict[str, Any]:
    """The manifest as a dict (see ``write_manifest``)."""
    if dataclasses.is_dataclass(params) and not isinstance(params, type):
        params = params.to_papermill() if hasattr(params, "to_papermill") else dataclasses.asdict(params)
    results = list(results)
    counts = {status: sum(r.status == status for r in results) for status in ("executed", "cached", "failed")}
    entries = sorted({e["path"]: e for e in (_input_entry(i, root) for i in inputs)}.items())
    data = {
        "schema": MANIFEST_SCHEMA,
        "status": status,
        "started": _timestamp(started),
        "finished": _timestamp(finished),
        "code_version": code_version,
        "package_versions": dict(package_versions),
        "parameters": dict(params),
        "inputs": [entry for _, entry in entries],
        "summary": {"notebooks": len(results), **counts},
        "notebooks": [_result_entry(r, root) for r in results],
    }
    if extra:
        data.update(extra)
    return data


def write_manifest(
    path: Path,
    *,
    inputs: Iterable[Any],
    params: Any,
    code_version: str,
    package_versions: Mapping[str, str],
    results: Iterable[TaskResult],
    started: datetime | str,
    finished: datetime | str,
    root: Path | None = None,
    extra: Mapping[str, Any] | None = None,
    status: str = COMPLETE,
) -> Path:
    """Write the manifest JSON (sorted keys, 2-space indent) atomically; returns PATH.

    INPUTS are ``FileRead`` records (their path shown as given) or paths (hashed
    here). PARAMS is a ``ReportParams`` or a mapping. Paths are shown relative to ROOT
    (default: the manifest's folder) when inside it. EXTRA adds top-level entries
    (e.g. the year, the quarantined returns). STATUS is ``complete`` or ``failed``.
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
        status=status,
    )
    return _write(path, data)


def write_manifest_in_progress(path: Path, *, params: Any, started: datetime | str,
                               extra: Mapping[str, Any] | None = None) -> Path:
    """Replace the manifest, first thing in a build, with one saying a build is under way."""
    if dataclasses.is_dataclass(params) and not isinstance(params, type):
        params = params.to_papermill() if hasattr(params, "to_papermill") else dataclasses.asdict(params)
    data = {
        "schema": MANIFEST_SCHEMA,
        "status": IN_PROGRESS,
        "started": _timestamp(started),
        "parameters": dict(params),
        "note": "a build started at the time above and has not finished (or was stopped): the files "
                "in this folder may be a mix of its outputs and an earlier build's; build again",
        **(extra or {}),
    }
    return _write(Path(path), data)


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest at PATH as a dict; an empty one when there is none (or it cannot be read)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write(path: Path, data: Mapping[str, Any]) -> Path:
    text = json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    return write_text_atomic(path, text)
