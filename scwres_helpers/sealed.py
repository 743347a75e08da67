"""Cache files that cannot run code: pickles sealed with a secret key, checked before loading.

Unpickling runs code chosen by whoever wrote the bytes, and the output folder (where
the caches live) may be writable by others: a shared drive, a Dask share. So every
cache entry is sealed with an HMAC-SHA256 under a key that lives outside the output
folder, readable by the building user only; an entry whose seal does not verify,
whether planted, damaged or written by another user, is ignored (and rebuilt), and
is never unpickled. The check costs a hash of the entry's bytes (a few ms).

The key is ``$SCWRES_CACHE_KEY`` if set (a file path), else
``$XDG_CACHE_HOME/scwres/cache.key`` (``~/.cache/scwres/cache.key``), created on
first use with mode 0600. A key file that is a link, is not the user's own, or that
others can read or write is not trusted; then (as when no key can be kept at all) a
key for this process only is used, so caches still work within a build and are
simply rebuilt by the next one.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
import stat
from functools import cache
from pathlib import Path
from typing import Any

MAGIC = b"scwres-sealed-1\n"
KEY_BYTES = 32
_MAC_BYTES = hashlib.sha256().digest_size
PICKLE_PROTOCOL = 5


def key_path() -> Path:
    """Where the sealing key is kept (outside any output folder)."""
    configured = os.environ.get("SCWRES_CACHE_KEY")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "scwres" / "cache.key"


def _read_trusted_key(path: Path) -> bytes | None:
    """The key in PATH if the file is a regular file of ours that nobody else can touch."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        info = os.fstat(descriptor)
        if (not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid()
                or info.st_mode & 0o077 or info.st_size != KEY_BYTES):
            return None
        data = os.read(descriptor, KEY_BYTES + 1)
    finally:
        os.close(descriptor)
    return data if len(data) == KEY_BYTES else None


def _create_key(path: Path) -> bytes | None:
    """Write a new random key to PATH (0600, atomically; the first writer wins)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(descriptor, secrets.token_bytes(KEY_BYTES))
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        try:
            os.link(temporary, path)  # fails if another process made one first: use theirs
        except FileExistsError:
            pass
        finally:
            temporary.unlink(missing_ok=True)
    except OSError:
        return None
    return _read_trusted_key(path)


@cache
def sealing_key() -> bytes:
    """This user's key (read or made once per process); a process-only key if none can be kept."""
    path = key_path()
    return _read_trusted_key(path) or _create_key(path) or secrets.token_bytes(KEY_BYTES)


def seal(value: Any) -> bytes:
    """VALUE pickled, behind a header and the HMAC of the pickle."""
    data = pickle.dumps(value, protocol=PICKLE_PROTOCOL)
    return MAGIC + hmac.new(sealing_key(), data, hashlib.sha256).digest() + data


def unseal(blob: bytes) -> Any | None:
    """The value sealed in BLOB, or None when the seal does not verify (nothing is unpickled then)."""
    if not blob.startswith(MAGIC) or len(blob) < len(MAGIC) + _MAC_BYTES:
        return None
    mac = blob[len(MAGIC): len(MAGIC) + _MAC_BYTES]
    data = memoryview(blob)[len(MAGIC) + _MAC_BYTES:]
    if not hmac.compare_digest(mac, hmac.new(sealing_key(), data, hashlib.sha256).digest()):
        return None
    try:
        return pickle.loads(data)
    except Exception:  # noqa: BLE001 - sealed by us but unreadable (another version): a miss
        return None
