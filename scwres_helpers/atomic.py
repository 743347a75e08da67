"""Atomic file writes: a reader (or a rerun after a kill) never sees half a file.

A write that fails (a full disk, a lost share) leaves the earlier file as it was and
no temporary file behind, and raises an OSError that names the file being written,
so the message can say where (the operating system's error from ``write`` or
``fsync`` names none).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import NoReturn


def write_bytes_atomic(path: Path, data: bytes) -> Path:
    """Write to a temporary file beside PATH, then rename it over PATH."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        _raise_naming(error, path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as error:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(error, OSError):
            _raise_naming(error, path)
        raise
    return path


def _raise_naming(error: OSError, path: Path) -> NoReturn:
    """Raise ERROR, naming PATH when it names no file (or only the temporary one)."""
    if error.filename is not None and not str(error.filename).endswith(".tmp"):
        raise error
    raise type(error)(error.errno, error.strerror or str(error), str(path)) from error


def write_text_atomic(path: Path, text: str) -> Path:
    """UTF-8 text with the newlines given (no platform translation)."""
    return write_bytes_atomic(path, text.encode("utf-8"))


def write_text_if_changed(path: Path, text: str) -> Path:
    """Like ``write_text_atomic``, but leave an identical file alone (no rename, no fsync).

    Rebuilds rewrite every input bundle; most are byte-identical, and comparing is
    much cheaper than a synced rename.
    """
    data = text.encode("utf-8")
    path = Path(path)
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return path
    except OSError:
        pass
    return write_bytes_atomic(path, data)
