"""Execution: run the report notebooks with papermill, cached, recorded and parameterised.

The pipeline (``scwres_helpers.pipeline``) decides WHAT to run; this package decides
HOW: ``params`` (the settings papermill injects, validated), ``execute`` (the parallel runner with
failure isolation and atomic outputs), ``warm_kernel`` and ``worker`` (one kept-alive
kernel per worker process, because kernel start and imports dominate; ``session``
keeps them between builds),
``normalise`` (byte-identical notebooks), ``manifest`` (what a year's build used) and
``progress`` (one display).

Attributes are imported lazily so that ``import scwres_helpers.execution`` (which the
warm kernel does) never pulls in papermill or nbformat.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "ReportParams": "params",
    "ParamsError": "params",
    "load_params": "params",
    "check_params_dir": "params",
    "Task": "execute",
    "TaskResult": "execute",
    "BuildInterrupted": "execute",
    "run_tasks": "execute",
    "start_workers": "execute",
    "KeptWorkers": "session",
    "failed_notebook_path": "execute",
    "normalise_notebook": "normalise",
    "write_manifest": "manifest",
    "describe_code_version": "manifest",
    "BuildProgress": "progress",
    "format_summary": "progress",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
