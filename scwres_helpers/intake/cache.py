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

A process that builds again and again (``scwres watch``) also keeps the results in
memory (``results_kept_in_memory``): unsealing the 400 results of three years took
about 1 s of every rebuild. A kept result is handed out as the sealed one is, in new
containers (its problems, tables and warnings), so a build that added to them would
not change the next build's.
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
import sys
from collections import OrderedDict
from collections.abc import Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from functools import cache
from importlib import metadata
from pathlib import Path

from scwres_helpers.atomic import write_bytes_atomic
from scwres_helpers.intake.discover import ReturnSource
from scwres_helpers.intake.files import ReturnFiles
from scwres_helpers.intake.validate import ValidationResult
from scwres_helpers.sealed import seal, unseal

CACHE_FORMAT = 3  # 3: the tables pickled on their own (``StoredTables``)
_PACKAGE_DIR = Path(__file__).resolve().parent
# Code outside the package that shapes a result: the vocabulary, the return type, the
# canonical form of the action plan and the rules for text (names, formulas).
_SHARED_MODULES = ("codes.py", "returns.py", "action_plan.py", "safe_text.py", "spreadsheet_text.py")
_VERSIONED_PACKAGES = ("pandas", "numpy", "openpyxl")
# Results kept in memory while ``results_kept_in_memory`` is active (None: not kept).
_KEPT: OrderedDict[str, ValidationResult] | None = None
KEPT_RESULTS = 4096  # about ten years of 400 returns


@contextmanager
def results_kept_in_memory() -> Iterator[None]:
    """Inside: every result read or stored is also kept in this process, most recent
    ``KEPT_RESULTS``, and found there first."""
    global _KEPT
    outer, _KEPT = _KEPT, OrderedDict() if _KEPT is None else _KEPT
    try:
        yield
    finally:
        _KEPT = outer


def _keep(key: str, result: ValidationResult) -> None:
    if _KEPT is not None:
        _KEPT[key] = result
        _KEPT.move_to_end(key)
        while len(_KEPT) > KEPT_RESULTS:
            _KEPT.popitem(last=False)


class StoredTables(MutableMapping):
    """A stored return's tables (name -> DataFrame), unpickled when first looked at.

    A build after a correction reads every return of the three years from the cache, but
    looks at the tables of the corrected year only (the other years' indicators are
    cached too): unpickling the 3,000 small DataFrames of 400 returns was 0.6 s of it.
    Copies (``handed_out``) share what was unpickled and have a dict of their own, as
    ``dict(tables)`` did (what one build puts in or takes out is not in the next's);
    pickled, they stay bytes.
    """

    def __init__(self, data: bytes, _shared: list | None = None) -> None:
        self._data = data
        self._shared = _shared if _shared is not None else []  # [the unpickled dict], once looked at
        self._own: dict | None = None

    @classmethod
    def of(cls, tables: Mapping) -> StoredTables:
        if isinstance(tables, StoredTables) and tables._own is None:  # as stored: its bytes say it all
            return tables
        return cls(pickle.dumps(dict(tables), protocol=pickle.HIGHEST_PROTOCOL))

    def handed_out(self) -> StoredTables:
        return StoredTables(self._data, self._shared)

    def _tables(self) -> dict:
        if self._own is None:
            if not self._shared:
                # Only bytes this package pickled: a sealed entry that verified (``ResultCache.get``).
                self._shared.append(pickle.loads(self._data))
            self._own = dict(self._shared[0])
        return self._own

    def __getitem__(self, name: str):
        return self._tables()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables())

    def __len__(self) -> int:
        return len(self._tables())

    def __setitem__(self, name: str, table) -> None:
        self._tables()[name] = table

    def __delitem__(self, name: str) -> None:
        del self._tables()[name]

    def __reduce__(self):
        return StoredTables, (StoredTables.of(self)._data,)


def _handed_out(result: ValidationResult, source: ReturnSource) -> ValidationResult:
    """RESULT at SOURCE's paths, in containers of its own (the stored one stays as it was)."""
    ret = result.ret
    if ret is not None:
        tables = ret.tables.handed_out() if isinstance(ret.tables, StoredTables) else dict(ret.tables)
        ret = dataclasses.replace(ret, source=source.path, tables=tables, warnings=list(ret.warnings))
    return dataclasses.replace(result, source=source, ret=ret, problems=list(result.problems))


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
        kept = _KEPT.get(key) if _KEPT is not None else None
        if kept is not None:
            return _handed_out(kept, source)
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
        _keep(key, result)
        return _handed_out(result, source)

    def put(self, key: str, result: ValidationResult) -> None:
        """Store a result; a cache that cannot be written only costs time later."""
        self.remember(key, result)
        self.store(key, result)

    def remember(self, key: str, result: ValidationResult) -> None:
        """Keep a result in memory only (while ``results_kept_in_memory``): one that was
        stored by another process (``intake.two_cores``)."""
        _keep(key, _handed_out(result, result.source))

    def store(self, key: str, result: ValidationResult) -> None:
        """Write a result to disk only (the process that will use it remembers it); its
        tables as one pickle of their own (``StoredTables``)."""
        if result.ret is not None:
            result = dataclasses.replace(result, ret=dataclasses.replace(result.ret,
                                                                         tables=StoredTables.of(result.ret.tables)))
        data = seal((CACHE_FORMAT, key, result))
        try:
            write_bytes_atomic(self.path(key), data)
        except OSError:
            pass
