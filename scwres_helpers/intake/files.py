"""Reading a return's files safely: nothing outside the returns root, no special files, bounded.

Every byte intake reads from a returns root comes through ``read_file``, which
refuses (with a reason to show the analyst) what a return must never make us read:

- a link that leads outside the returns root (to ``/etc/passwd``, to
  ``/proc/self/environ``, to another share): a link is followed only when its
  target resolves inside the root, so the root is the whole of what can be read;
- anything that is not a regular file (a pipe, a device, a socket), which could
  block the build or never end;
- a file larger than ``limits.MAX_FILE_BYTES``, before any of it is read.

The file is opened with ``O_NOFOLLOW`` (a link is resolved and checked first) and
judged on the open handle (``fstat``), so it cannot be swapped for a link or a pipe
between the check and the read. A file that cannot be read at all is a ``RefusedFile`` too: the
caller turns it into a problem for that return, never a crash.

``ReturnFiles`` is one return as read: the bytes of every file its reading needs,
with their sha256, so the bytes that are hashed (for the cache and the manifest) are
exactly the bytes that are validated.
"""

from __future__ import annotations

import errno
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
    """Why PATH may not be followed (a link leading outside ROOT, or nowhere), or None.

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


def entry_kind(entry: os.DirEntry, root: Path) -> tuple[str, str | None]:
    """``file``, ``folder`` or ``other`` for a listed entry, and why an ``other`` is not read.

    The listing's own type information answers for plain entries (no extra system
    call); a link is followed only when it leads inside ROOT.
    """
    try:
        if entry.is_symlink():
            reason = outside_root(Path(entry.path), root)
            if reason is not None:
                return "other", reason
        if entry.is_file():
            return "file", None
        if entry.is_dir():
            return "folder", None
    except OSError:
        pass
    return "other", "it is not a regular file or folder (a pipe, device or socket)"


def listing(folder: Path) -> list[os.DirEntry]:
    """FOLDER's entries, sorted by name."""
    with os.scandir(folder) as entries:
        return sorted(entries, key=lambda e: e.name)


def read_file(path: Path | str, root: Path, limit: int | None = None, *, follow: bool = True) -> bytes:
    """The bytes of PATH, a regular file inside ROOT of at most LIMIT bytes; else RefusedFile.

    LIMIT defaults to ``limits.MAX_FILE_BYTES``. A link is followed (once: FOLLOW) when
    it leads inside ROOT.
    """
    limit = MAX_FILE_BYTES if limit is None else limit
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        if error.errno != errno.ELOOP or not follow:  # ELOOP: PATH is a link (O_NOFOLLOW)
            raise RefusedFile(f"it could not be opened ({error.strerror or error}); check its permissions") \
                from error
        reason = outside_root(Path(path), root)
        if reason is not None:
            raise RefusedFile(reason) from None
        return read_file(Path(path).resolve(), root, limit, follow=False)
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise RefusedFile("it is not a regular file (a folder, pipe, device or socket), so it was not read")
        too_large = file_too_large(info.st_size, limit)
        if too_large is not None:
            raise RefusedFile(too_large)
        parts, remaining = [], limit + 1
        while remaining > 0:
            chunk = os.read(descriptor, min(remaining, info.st_size + 1 if parts == [] else 1 << 20))
            if not chunk:
                break
            parts.append(chunk)
            remaining -= len(chunk)
    except OSError as error:
        raise RefusedFile(f"it could not be read ({error.strerror or error}); check it is not open "
                          "elsewhere, locked or damaged") from error
    finally:
        os.close(descriptor)
    data = b"".join(parts)
    if len(data) > limit:  # it grew after it was measured
        raise RefusedFile(file_too_large(len(data), limit) or "it is too large")
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

    ``contents`` maps each file reading needs (the workbook under the name "", or each
    table's CSV file by its name in the folder) to its bytes, ``hashes`` to their
    sha256; ``listing`` is every entry of a CSV folder with its kind (reading names
    the others); ``refused`` maps an entry to why it was not read; ``folder_problem``
    says why a CSV folder could not be listed at all.
    """

    relative: str  # the return's path under the returns root, e.g. 2024/E09000033
    contents: dict[str, bytes] = field(default_factory=dict)
    hashes: dict[str, str] = field(default_factory=dict)
    listing: list[tuple[str, str]] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)
    folder_problem: str | None = None

    def add(self, name: str, data: bytes) -> None:
        self.contents[name] = data
        self.hashes[name] = hashlib.sha256(data).hexdigest()

    def files_read(self) -> list[FileRead]:
        """What was read, for the manifest; a workbook is its own entry."""
        return [FileRead(self.path_of(name), self.hashes[name], len(data))
                for name, data in sorted(self.contents.items())]

    def path_of(self, name: str) -> str:
        return self.relative if name == "" else f"{self.relative}/{name}"

    def digest(self) -> str:
        """sha256 over everything reading sees: names and kinds, refusals, every byte read."""
        lines = [self.relative, str(self.folder_problem)]
        lines += [f"entry\0{name}\0{kind}" for name, kind in self.listing]
        lines += [f"refused\0{name}\0{reason}" for name, reason in sorted(self.refused.items())]
        lines += [f"bytes\0{name}\0{self.hashes[name]}" for name in sorted(self.contents)]
        return hashlib.sha256("\n".join(lines).encode("utf-8", "surrogateescape")).hexdigest()
