"""A content-addressed cache of validation results, so an unchanged return is not re-validated.

A result's key is a sha256 over everything that can change it: the bytes and names
of what reading the return looks at (its own files only, as read once by
``read.read_files``), the key of last year's return of the same authority (the
tenfold warning compares with it) and a fingerprint of the code that validates (this
package, the vocabulary, the return type, and the versions of Python, pandas, numpy
and openpyxl). Timestamps play no part, so copying or touching the tree keeps the
cache; any edit invalidates it.

Entries are written atomically under the cache folder only, sealed (``sealed``): the
output folder may be writable by others, so an entry is unpickled only when its seal
verifies under the building user's key; a planted, damaged or foreign entry is
ignored (and rewritten by the caller), never loaded and never fatal. The absolute
paths in a stored result are replaced by the current ones on the way out, so a moved
or copied returns root still hits.
"""

from __future__ import annotations

import dataclasses
import hashlib
import sys
from functools import cache
from importlib import metadata
from pathlib import Path

from scwres_helpers.atomic import write_bytes_atomic
from scwres_helpers.intake.discover import ReturnSource
from scwres_helpers.intake.files import ReturnFiles
from scwres_helpers.intake.validate import ValidationResult
from scwres_helpers.sealed import seal, unseal

CACHE_FORMAT = 2
_PACKAGE_DIR = Path(__file__).resolve().parent
# Code outside the package that shapes a result: the vocabulary, the return type, the
# canonical form of the action plan and the rules for text (names, formulas).
_SHARED_MODULES = ("codes.py", "returns.py", "action_plan.py", "safe_text.py", "spreadsheet_text.py")
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
        digest.update(f"{path.parent.name}/{path.name}\0".encode())  # a stable label, not a path
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def content_key(source: ReturnSource, files: ReturnFiles) -> str:
    """sha256 of one return as reading saw it (``ReturnFiles.digest``), under the code's fingerprint."""
    digest = hashlib.sha256(code_fingerprint().encode())
    digest.update(f"\0{source.form}\0{source.relative_key()}\0{files.digest()}".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def result_key(content: str, previous_content: str | None) -> str:
    """The key of a validation: the return's content and last year's return's content, if any."""
    return hashlib.sha256(f"{content}\0{previous_content or 'no previous return'}".encode()).hexdigest()


class ResultCache:
    """Validation results stored under ``directory``, one sealed entry per result key."""

    def __init__(self, directory: Path | str):
        self.directory = Path(directory)

    def path(self, key: str) -> Path:
        # The key is a hex digest: nothing from a return ever reaches a path here.
        return self.directory / key[:2] / f"{key}.sealed"

    def get(self, key: str, source: ReturnSource) -> ValidationResult | None:
        """The stored result for ``key`` with ``source``'s paths, or None (missing or unusable)."""
        try:
            data = self.path(key).read_bytes()
        except OSError:
            return None
        stored = unseal(data)
        if not isinstance(stored, tuple) or len(stored) != 3:
            return None
        stored_format, stored_key, result = stored
        if stored_format != CACHE_FORMAT or stored_key != key or not isinstance(result, ValidationResult):
            return None
        ret = result.ret
        if ret is not None:
            ret = dataclasses.replace(ret, source=source.path)
        return dataclasses.replace(result, source=source, ret=ret)

    def put(self, key: str, result: ValidationResult) -> None:
        """Store a result; a cache that cannot be written only costs time later."""
        data = seal((CACHE_FORMAT, key, result))
        try:
            write_bytes_atomic(self.path(key), data)
        except OSError:
            pass
