"""A content-addressed cache of validation results, so an unchanged return is not re-validated.

A result's key is a sha256 over everything that can change it: the bytes and names
of what reading the return looks at (its own files only), the key of last year's
return of the same authority (the tenfold warning compares with it) and a
fingerprint of the code that validates (this package, the vocabulary, the return
type, and the versions of Python, pandas, numpy and openpyxl). Timestamps play no
part, so copying or touching the tree keeps the cache; any edit invalidates it.

Entries are pickles written atomically under the cache folder only. The cache is
ours (never user input), so unpickling it is safe; an entry that cannot be read
or does not hold what its name says is ignored (and rewritten by the caller),
never fatal. The absolute paths in a stored result are replaced by the current
ones on the way out, so a moved or copied returns root still hits.
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
import sys
from functools import cache
from importlib import metadata
from pathlib import Path

from scwres_helpers.atomic import write_bytes_atomic
from scwres_helpers.intake.discover import ReturnSource, is_ignored_entry
from scwres_helpers.intake.validate import ValidationResult

CACHE_FORMAT = 1
PICKLE_PROTOCOL = 5
_PACKAGE_DIR = Path(__file__).resolve().parent
# Code outside the package that shapes a result: the vocabulary, the return type and
# the canonical form of the action plan.
_SHARED_MODULES = ("codes.py", "returns.py", "action_plan.py")
_VERSIONED_PACKAGES = ("pandas", "numpy", "openpyxl")


@cache
def code_fingerprint() -> str:
    """sha256 over the validating code and the versions that can change a result."""
    digest = hashlib.sha256(f"intake-cache {CACHE_FORMAT}\n".encode())
    digest.update(f"python {sys.version_info[:3]} {sys.implementation.name}\n".encode())
    for name in _VERSIONED_PACKAGES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "not installed"
        digest.update(f"{name} {version}\n".encode())
    sources = sorted(_PACKAGE_DIR.glob("*.py")) + [_PACKAGE_DIR.parent / n for n in _SHARED_MODULES]
    for path in sources:
        digest.update(f"{path.parent.name}/{path.name}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def content_key(source: ReturnSource) -> str | None:
    """sha256 of one return as reading sees it; ``None`` when it cannot be read (no caching).

    A workbook is its bytes. A CSV folder is the name and kind of every entry that
    reading lists (hidden files and READMEs are skipped there too) and the bytes of
    every ``.csv`` file; other files only matter by name, as reading only names them.
    """
    digest = hashlib.sha256(code_fingerprint().encode())
    digest.update(f"\0{source.form}\0{source.relative_key()}\0".encode())
    try:
        if source.form == "xlsx":
            digest.update(hashlib.sha256(source.path.read_bytes()).digest())
            return digest.hexdigest()
        for entry in sorted(source.path.iterdir(), key=lambda p: p.name):
            if is_ignored_entry(entry.name):
                continue
            digest.update(entry.name.encode("utf-8", "surrogateescape") + b"\0")
            if not entry.is_file():
                digest.update(b"not a file\0")
            elif entry.suffix.lower() == ".csv":
                digest.update(hashlib.sha256(entry.read_bytes()).digest())
            else:
                digest.update(b"other file\0")
    except OSError:
        return None
    return digest.hexdigest()


def result_key(content: str, previous_content: str | None) -> str:
    """The key of a validation: the return's content and last year's return's content, if any."""
    return hashlib.sha256(f"{content}\0{previous_content or 'no previous return'}".encode()).hexdigest()


class ResultCache:
    """Validation results stored under ``directory``, one pickle per result key."""

    def __init__(self, directory: Path | str):
        self.directory = Path(directory)

    def path(self, key: str) -> Path:
        # The key is a hex digest: nothing from a return ever reaches a path here.
        return self.directory / key[:2] / f"{key}.pickle"

    def get(self, key: str, source: ReturnSource) -> ValidationResult | None:
        """The stored result for ``key`` with ``source``'s paths, or None (missing or unusable)."""
        try:
            data = self.path(key).read_bytes()
        except OSError:
            return None
        try:
            stored_format, stored_key, result = pickle.loads(data)
        except Exception:  # noqa: BLE001 - a damaged entry of any kind is just a miss
            return None
        if stored_format != CACHE_FORMAT or stored_key != key or not isinstance(result, ValidationResult):
            return None
        ret = result.ret
        if ret is not None:
            ret = dataclasses.replace(ret, source=source.path)
        return dataclasses.replace(result, source=source, ret=ret)

    def put(self, key: str, result: ValidationResult) -> None:
        """Store a result; a cache that cannot be written only costs time later."""
        data = pickle.dumps((CACHE_FORMAT, key, result), protocol=PICKLE_PROTOCOL)
        try:
            write_bytes_atomic(self.path(key), data)
        except OSError:
            pass
