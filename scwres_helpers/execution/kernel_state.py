"""Runs INSIDE a warm kernel: import the heavy modules once, then reset between notebooks.

Starting a kernel and importing pandas, matplotlib and seaborn costs seconds, more
than a report notebook's own work. A warm kernel pays that once per worker; this
module puts the interpreter back to its just-warmed state before each notebook so
that no notebook can see another's variables, figures or settings:

- the user namespace, output history and execution counter (``shell.reset``), so
  cells are numbered from 1 as in a fresh kernel;
- matplotlib figures, rcParams (seaborn themes live there too) and backend;
- pandas options and numpy print/error options;
- warning filters and the "already shown" registries (a warning shown in one
  notebook would otherwise be hidden in the next);
- ``os.environ``, ``sys.path`` and the working directory;
- the package's own modules that the notebook imported beyond the warm-up set
  (``scwres_helpers`` modules not preloaded, such as publishing): they are
  forgotten, so the next notebook imports them afresh with clean module state.

Isolation between authorities: what a preloaded module keeps from one notebook to
the next is a cache keyed by content that holds nothing of one authority: the
shared national rows and anonymous peers of a year (``inputs``: every authority's
bundle points at the same files) and the sorted values drawn from those peers
(``report.authority_sections``), text measures and layouts of chart labels
(``report.style``: the same words and numbers give the same measures whoever drew
them), the phrasebook (``report.phrases``). ``module_state_mentions`` looks for an
authority's code or name in every global of the package's modules, lru caches
included; a test runs one authority's report, resets, and finds none, and checks
that another authority's report is byte-identical after it and in a fresh kernel.
Third-party modules a notebook imports stay loaded (forgetting them would split
their classes between two copies); they hold library state, not report data.
Import side effects (``report.style`` selects the Agg backend) happen once, at
warm-up, as in a fresh kernel whose notebook imports the helpers. The global
random states are not reseeded: notebooks must seed explicitly (they are
deterministic by contract). This module must stay importable without papermill,
nbformat or jupyter_client.
"""

from __future__ import annotations

import gc
import importlib
import inspect
import os
import sys
import warnings
from dataclasses import dataclass, field
from typing import Any


@dataclass
class _Snapshot:
    environ: dict[str, str]
    path: list[str]
    warning_filters: list[Any]
    showwarning: Any
    rc_params: dict[str, Any] | None = None
    backend: str | None = None
    numpy_print: dict[str, Any] | None = None
    numpy_err: dict[str, Any] | None = None
    preload_failures: list[str] = field(default_factory=list)
    modules: frozenset[str] = frozenset()


_snapshot: _Snapshot | None = None
_PACKAGE = "scwres_helpers"


# Modules of scwres_helpers a notebook never needs: the build's machinery (execution,
# the CLI, the pipeline and what it keeps between builds, corrections, the publication
# cycle, watching returns, previewing), publishing, the collection workbooks and the
# sample data. Publishing alone (nbformat, and through it jsonschema's IRI grammar) was
# 2 s of a kernel's 3 s warm-up, while the returns are read; leaving out the preview
# (which imported publishing again), the watch, the cycle, corrections and the sample
# data as well took a kernel's boot from 2.3-2.6 s to 2.0-2.1 s. A notebook that
# imports one of them still can: it is imported then.
_NOT_PRELOADED = (
    "scwres_helpers.execution",
    "scwres_helpers.cli",
    "scwres_helpers.collection",
    "scwres_helpers.corrections",
    "scwres_helpers.cycle",
    "scwres_helpers.pipeline",
    "scwres_helpers.preview",
    "scwres_helpers.publish",
    "scwres_helpers.returns_watch",
    "scwres_helpers.sample_data",
    "scwres_helpers.unchanged",
)


def _package_modules(package: str) -> list[str]:
    """Every module under PACKAGE's folders, sorted, without importing them."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or spec.submodule_search_locations is None:
        return [package]
    names = {package}
    for location in spec.submodule_search_locations:
        if not os.path.isdir(location):
            continue
        for folder, dirs, files in os.walk(location):
            dirs[:] = sorted(d for d in dirs if d.isidentifier())
            relative = os.path.relpath(folder, location)
            prefix = package if relative == "." else f"{package}.{relative.replace(os.sep, '.')}"
            names.update(
                prefix if file == "__init__.py" else f"{prefix}.{file[:-3]}"
                for file in files
                if file.endswith(".py") and file[:-3].isidentifier()
            )
    return sorted(
        name
        for name in names
        if not any(name == skip or name.startswith(skip + ".") for skip in _NOT_PRELOADED)
    )


def _expand(preload: list[str]) -> list[str]:
    names: list[str] = []
    for entry in preload:
        names.extend(_package_modules(entry[:-2]) if entry.endswith(".*") else [entry])
    return names


def warm_up(preload: list[str]) -> list[str]:
    """Import PRELOAD and remember the resulting state; returns the imports that failed.

    An entry ``"package.*"`` stands for every module of that package.
    """
    global _snapshot
    failures = []
    for name in _expand(preload):
        try:
            importlib.import_module(name)
        except Exception as error:  # a notebook importing it will show the real error
            failures.append(f"{name}: {type(error).__name__}: {error}")
    snapshot = _Snapshot(
        environ=dict(os.environ),
        path=list(sys.path),
        warning_filters=list(warnings.filters),
        showwarning=warnings.showwarning,
        preload_failures=failures,
        modules=frozenset(sys.modules),
    )
    if "matplotlib" in sys.modules:
        import matplotlib

        snapshot.rc_params = dict(matplotlib.rcParams)
        snapshot.backend = matplotlib.get_backend()
    if "numpy" in sys.modules:
        import numpy

        snapshot.numpy_print = numpy.get_printoptions()
        snapshot.numpy_err = numpy.geterr()
    _snapshot = snapshot
    # Everything imported so far lives as long as the kernel: move it out of the
    # garbage collector's sight, so the full collections IPython's reset runs between
    # notebooks scan only what notebooks create (about 100 ms -> a few ms).
    gc.collect()
    gc.freeze()
    # A chart makes tens of thousands of short-lived objects; at Python's default
    # (a collection every 700 allocations) collecting cost about a tenth of a report's
    # kernel time (1.14 s -> 1.02 s of CPU per authority notebook, 4 runs each). The
    # reset between notebooks still collects everything.
    gc.set_threshold(20000, 20, 20)
    return failures


def preload_failures() -> list[str] | None:
    """The imports warm_up could not do; None if warm_up has not run."""
    return None if _snapshot is None else list(_snapshot.preload_failures)


def _reset_matplotlib(snapshot: _Snapshot) -> None:
    if "matplotlib.pyplot" in sys.modules:
        pyplot = sys.modules["matplotlib.pyplot"]
        pyplot.close("all")
        if snapshot.backend is not None and pyplot.get_backend() != snapshot.backend:
            pyplot.switch_backend(snapshot.backend)
    if "matplotlib" in sys.modules:
        import matplotlib

        # dict.update: these values were valid when saved, and going through
        # RcParams.__setitem__ would re-run backend switching and deprecation checks.
        if snapshot.rc_params is not None:
            dict.update(matplotlib.rcParams, snapshot.rc_params)
        else:
            matplotlib.rcdefaults()


def _reset_pandas() -> None:
    if "pandas" in sys.modules:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sys.modules["pandas"].reset_option("all")


def _reset_numpy(snapshot: _Snapshot) -> None:
    if "numpy" in sys.modules:
        import numpy

        if snapshot.numpy_print is not None:
            numpy.set_printoptions(**snapshot.numpy_print)
        if snapshot.numpy_err is not None:
            numpy.seterr(**snapshot.numpy_err)


def _reset_warnings(snapshot: _Snapshot) -> None:
    warnings.filters[:] = snapshot.warning_filters
    warnings.showwarning = snapshot.showwarning
    # Bumps the filters version, which empties every module's __warningregistry__.
    warnings._filters_mutated()  # type: ignore[attr-defined]


def _reset_process(snapshot: _Snapshot, cwd: str) -> None:
    if dict(os.environ) != snapshot.environ:
        os.environ.clear()
        os.environ.update(snapshot.environ)
    sys.path[:] = snapshot.path
    os.chdir(cwd)


def _forget_package_modules(snapshot: _Snapshot, package: str = _PACKAGE) -> list[str]:
    """Drop the package's modules imported since warm-up; returns their names."""
    prefix = package + "."
    gone = sorted(name for name in sys.modules
                  if (name == package or name.startswith(prefix)) and name not in snapshot.modules)
    for name in gone:
        del sys.modules[name]
    return gone


def reset(cwd: str) -> None:
    """Put the kernel back to its warmed state and move to CWD (the notebook's folder)."""
    if _snapshot is None:
        raise RuntimeError("kernel_state.reset called before warm_up")
    from IPython import get_ipython

    shell = get_ipython()
    _reset_matplotlib(_snapshot)
    shell.reset(new_session=True)
    _reset_pandas()
    _reset_numpy(_snapshot)
    _reset_warnings(_snapshot)
    _reset_process(_snapshot, cwd)
    _forget_package_modules(_snapshot)
    importlib.invalidate_caches()


# --- looking for one authority in the package's module state (tests) ------------------

_SCAN_DEPTH = 6


def _values_of(obj: Any) -> list[Any]:
    """What a container holds (keys and values), for the scan; [] for a leaf."""
    if isinstance(obj, dict):
        return [*obj.keys(), *obj.values()]
    if isinstance(obj, (list, tuple, set, frozenset)):
        return list(obj)
    if type(obj).__name__ == "_lru_cache_wrapper":  # its cache dict is among its referents
        return [r for r in gc.get_referents(obj) if isinstance(r, dict) and "__wrapped__" not in r]
    if hasattr(obj, "to_numpy") and hasattr(obj, "shape"):  # a DataFrame or Series
        values = obj.to_numpy(dtype=object).ravel().tolist()
        names = list(getattr(obj, "columns", [])) + list(obj.index)
        return [v for v in values + names if isinstance(v, str)]
    if hasattr(obj, "__dataclass_fields__") and not isinstance(obj, type):
        return [getattr(obj, name, None) for name in obj.__dataclass_fields__]
    return []


def _mentions(obj: Any, texts: tuple[str, ...], depth: int, seen: set[int]) -> bool:
    if isinstance(obj, str):
        return any(t in obj for t in texts)
    if id(obj) in seen or depth > _SCAN_DEPTH:
        return False
    seen.add(id(obj))
    return any(_mentions(value, texts, depth + 1, seen) for value in _values_of(obj))


def module_state_mentions(texts: list[str], package: str = _PACKAGE) -> list[str]:
    """'module.name' of every global of the package's loaded modules that holds one of
    TEXTS (an authority's code or name) anywhere inside: dicts, lists, data frames,
    dataclasses and lru caches, to a few levels deep. Functions, classes and modules
    are not searched (code, not state)."""
    found = []
    wanted = tuple(texts)
    for name, module in sorted(sys.modules.items()):
        if module is None or not (name == package or name.startswith(package + ".")):
            continue
        for attribute, value in sorted(vars(module).items()):
            if attribute.startswith("__") or isinstance(value, type) or inspect.ismodule(value):
                continue
            if inspect.isfunction(value) or inspect.isbuiltin(value):
                continue
            if _mentions(value, wanted, 0, set()):
                found.append(f"{name}.{attribute}")
    return found
