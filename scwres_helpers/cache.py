"""Content-addressed cache: a notebook is re-executed only when something it depends on changed.

A task's key is a sha256 over everything that can change its output: the notebook's
bytes, the parameters papermill injects, the bytes of every input file, the code of
``scwres_helpers`` and the versions of Python and the packages that draw and
compute. Timestamps play no part, so touching a file or copying the tree keeps the
cache, and any edit, however small, invalidates it.

The key of each output that built successfully is kept in a small JSON sidecar,
``<output folder>/.scwres-cache/<output name>.json``, written after the output
itself, so an interrupted build never records a key for a notebook it did not
finish. Checking 160 tasks reads 160 tiny files and hashes the outputs: well under
a second.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any

from scwres_helpers.atomic import write_text_atomic

KEY_SCHEMA = 1
SIDECAR_DIR = ".scwres-cache"
# The packages whose versions can change what a notebook computes or draws.
KEY_PACKAGES = (
    "afcharts",
    "ipykernel",
    "matplotlib",
    "nbclient",
    "nbformat",
    "numpy",
    "pandas",
    "papermill",
    "pyyaml",
    "seaborn",
)
_CHUNK = 1 << 20


def file_sha256(path: Path) -> str:
    """The sha256 of a file's bytes, as hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no spaces: the same value always gives the same text."""
    try:
        return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise TypeError(f"not JSON-safe, so it cannot be part of a cache key: {error}") from error


# Subpackages that never run inside a report notebook: editing them must not re-execute
# every notebook (rendering keys its own outputs on this code).
NOT_EXECUTED = ("publish", "preview")


_READ_ONCE: list[dict] = []  # while a build runs (``read_once_per_build``): what it has read


@contextmanager
def read_once_per_build() -> Iterator[None]:
    """Inside: the code's fingerprints and the package versions are worked out once.

    A build asks for them at a dozen places (its notebooks' keys, the renders', the
    disclosure decisions, the manifest), and each asked afresh walked and hashed the
    package or read the installed packages' metadata: 0.3 s of a one-authority rerun.
    Neither changes while a build runs (the build's own modules are already imported).
    """
    if _READ_ONCE:  # a build inside a build keeps the outer one's
        yield
        return
    _READ_ONCE.append({})
    try:
        yield
    finally:
        _READ_ONCE.clear()


def _read_once(key: tuple, read):
    """READ(), or what it gave earlier in this build (``read_once_per_build``)."""
    if not _READ_ONCE:
        return read()
    memo = _READ_ONCE[0]
    if key not in memo:
        memo[key] = read()
    return memo[key]


def code_fingerprint(package_dir: Path, exclude: Iterable[str] = NOT_EXECUTED) -> str:
    """A sha256 over every ``.py`` file under PACKAGE_DIR (relative path and bytes, sorted).

    Top-level subpackages named in EXCLUDE are left out.
    """
    excluded = frozenset(exclude)
    return _read_once(("code", Path(package_dir).resolve(), excluded),
                      lambda: _code_fingerprint(Path(package_dir), excluded))


def _code_fingerprint(package_dir: Path, excluded: frozenset[str]) -> str:
    digest = hashlib.sha256()
    for path in sorted(package_dir.rglob("*.py"), key=lambda p: p.relative_to(package_dir).as_posix()):
        parts = path.relative_to(package_dir).parts
        if "__pycache__" in parts or parts[0] in excluded:
            continue
        relative = path.relative_to(package_dir).as_posix()
        digest.update(relative.encode("utf-8") + b"\0")
        digest.update(file_sha256(path).encode("ascii") + b"\n")
    return digest.hexdigest()


def package_versions(names: Iterable[str] = KEY_PACKAGES) -> dict[str, str]:
    """Installed versions of NAMES ("not installed" where absent), plus Python's."""
    names = tuple(names)
    return dict(_read_once(("versions", names), lambda: _package_versions(names)))


def _package_versions(names: tuple[str, ...]) -> dict[str, str]:
    versions = {"python": ".".join(map(str, sys.version_info[:3])) + f" ({sys.implementation.name})"}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def env_fingerprint(names: Iterable[str] = KEY_PACKAGES) -> str:
    """A sha256 over the Python version and the versions of the key packages."""
    return hashlib.sha256(canonical_json(package_versions(names)).encode("utf-8")).hexdigest()


def task_key(
    notebook_path: Path,
    parameters: Mapping[str, Any],
    input_files: Iterable[Path],
    code_fingerprint: str,
    env_fingerprint: str,
    *,
    file_hashes: dict[Path, str] | None = None,
) -> str:
    """The sha256 naming one execution: equal keys mean equal outputs.

    Inputs are identified by name and content, in sorted order, so listing them in a
    different order gives the same key; where they live is the parameters' business.
    FILE_HASHES, when given, memoises file hashes within one build (the national
    figures are an input of every authority).
    """
    memo = file_hashes if file_hashes is not None else {}

    def hashed(path: Path) -> str:
        path = Path(path)
        if path not in memo:
            memo[path] = file_sha256(path)
        return memo[path]

    payload = {
        "schema": KEY_SCHEMA,
        "notebook": hashed(notebook_path),
        "parameters": dict(parameters),
        "inputs": sorted([Path(p).name, hashed(p)] for p in input_files),
        "code": code_fingerprint,
        "env": env_fingerprint,
    }
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()


class Cache:
    """Remembers, beside each output, the key it was built with."""

    @staticmethod
    def sidecar(output: Path) -> Path:
        output = Path(output)
        return output.parent / SIDECAR_DIR / f"{output.name}.json"

    def is_fresh(self, output: Path, key: str) -> bool:
        """True when OUTPUT exists, is the file recorded, and was built with KEY."""
        output = Path(output)
        try:
            entry = json.loads(self.sidecar(output).read_text(encoding="utf-8"))
            size = output.stat().st_size
        except (OSError, ValueError):
            return False
        if entry.get("key") != key or entry.get("size") != size:
            return False
        return entry.get("sha256") == file_sha256(output)

    def record(self, output: Path, key: str) -> None:
        """Call after OUTPUT has been written completely."""
        output = Path(output)
        entry = {"key": key, "sha256": file_sha256(output), "size": output.stat().st_size}
        write_text_atomic(self.sidecar(output), canonical_json(entry) + "\n")

    def forget(self, output: Path) -> None:
        self.sidecar(Path(output)).unlink(missing_ok=True)
