"""Reading a return's files safely: nothing outside the returns root, no special files, bounded.

Every byte intake reads from a returns root comes through ``read_file``, which
refuses (with a reason to show the analyst) what a return must never make us read:

- a link that leads outside the returns root (to ``/etc/passwd``, to
  ``/proc/self/environ``, to another share): a link is followed only when its
  target resolves inside the root, so the root is the whole of what can be read;
- anything that is not a regular file (a pipe, a device, a socket), which could
  block the build or never end;
- a file larger than ``limits.MAX_FILE_BYTES``, before any of it is read.

The file is opened with ``O_NOFOLLOW`` on the checked path and judged again on
the open handle (``fstat``), so it cannot be swapped for a link between the check
and the read. A file that cannot be read at all is a ``RefusedFile`` too: the
caller turns it into a problem for that return, never a crash.

``ReturnFiles`` is one return as read: the bytes of every file its reading needs,
with their sha256, so the bytes that are hashed (for the cache and the manifest) are
exactly the bytes that are validated.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from scwres_helpers.intake.limits import MAX_FILE_BYTES, file_too_large

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


class RefusedFile(Exception):
    """A file or folder intake will not read; ``str()`` is the reason, in the analyst's words."""


def outside_root(path: Path, root: Path) -> str | None:
    """Why PATH may not be followed (a link leading outside ROOT), or None.

    ROOT must be resolved. A path that is not a link is inside ROOT by construction
    (it was listed from a folder inside it).
    """
    try:
        if not path.is_symlink():
            return None
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # a dangling or looping link
        return "it is a link that leads nowhere (its target is missing); put the file itself here"
    if target.is_relative_to(root):
        return None
    return ("it is a link to a place outside the returns root, and links out of the returns root "
            "are never followed; put the file itself here")


def kind_of(path: Path) -> str:
    """``file``, ``folder`` or ``other`` (a pipe, device, socket or broken link), following a link."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return "other"
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "folder"
    return "other"


def read_file(path: Path, root: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of PATH, a regular file inside ROOT of at most LIMIT bytes; else RefusedFile."""
    reason = outside_root(path, root)
    if reason is not None:
        raise RefusedFile(reason)
    target = path.resolve() if path.is_symlink() else path
    try:
        descriptor = os.open(target, _OPEN_FLAGS)
    except OSError as error:
        raise RefusedFile(f"it could not be opened ({error.strerror or error}); check its permissions") from error
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise RefusedFile("it is not a regular file (a folder, pipe, device or socket), so it was not read")
        too_large = file_too_large(info.st_size)
        if too_large is not None:
            raise RefusedFile(too_large)
        os.set_blocking(descriptor, True)
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise RefusedFile(f"it could not be read ({error.strerror or error}); check it is not open "
                          "elsewhere, locked or damaged") from error
    finally:
        os.close(descriptor)
    if len(data) > limit:  # it grew after it was measured
        raise RefusedFile(file_too_large(len(data)) or "it is too large")
    return data


@dataclass(frozen=True)
class FileRead:
    """One file intake read: where (relative to the returns root), its sha256 and size."""

    path: str
    sha256: str
    size: int


@dataclass
class ReturnFiles:
    """One return as read from disk, once.

    ``contents`` maps each file reading needs (the workbook, or each table's CSV file,
    by its name in the folder) to its bytes; ``listing`` is every entry of a CSV folder
    with its kind (reading names the others); ``refused`` maps an entry to why it was
    not read; ``folder_problem`` says why a CSV folder could not be listed at all.
    """

    relative: str  # the return's path under the returns root, e.g. 2024/E09000033
    contents: dict[str, bytes] = field(default_factory=dict)
    listing: list[tuple[str, str]] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)
    folder_problem: str | None = None

    def files_read(self) -> list[FileRead]:
        """What was read, for the manifest; a workbook is its own entry."""
        return [FileRead(self.path_of(name), hashlib.sha256(data).hexdigest(), len(data))
                for name, data in sorted(self.contents.items())]

    def path_of(self, name: str) -> str:
        return self.relative if name == "" else f"{self.relative}/{name}"

    def digest(self) -> str:
        """sha256 over everything reading sees: names and kinds, refusals, every byte read."""
        digest = hashlib.sha256(f"{self.relative}\0{self.folder_problem}\0".encode("utf-8", "surrogateescape"))
        for name, kind in self.listing:
            digest.update(f"entry\0{name}\0{kind}\0".encode("utf-8", "surrogateescape"))
        for name, reason in sorted(self.refused.items()):
            digest.update(f"refused\0{name}\0{reason}\0".encode("utf-8", "surrogateescape"))
        for name, data in sorted(self.contents.items()):
            digest.update(f"bytes\0{name}\0".encode("utf-8", "surrogateescape"))
            digest.update(hashlib.sha256(data).digest())
        return digest.hexdigest()
