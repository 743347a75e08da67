"""A rebuild with nothing changed, recognised from one digest instead of every step's cache.

A build reads the returns (the year's and the earlier years' for the trends), the
settings, the notebooks, the year's content, the templates and the code, and writes
the year's folder. After a complete build in which nothing failed, ``record`` keeps,
sealed (``sealed``: nothing unpickled unless this user's key signed it):

- the digest of everything such a build reads (``inputs_digest``),
- the state (size and modification time) of every file then in the year's folder,
  the manifest included, and
- the build's summary and manifest fields.

The next build with the same options looks that up first (``unchanged_build``): if the
digest is the same and no file of the year's folder was added, removed or touched, it
has nothing to do, and it says so without reading a return into a table, starting a
kernel or importing a renderer. Any difference (a corrected return, an edited content
file, a report deleted by hand) takes the ordinary build, whose caches then find
what is still fresh: this only ever saves work, it never decides what is stale.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from scwres_helpers import config
from scwres_helpers.atomic import write_bytes_atomic
from scwres_helpers.cache import canonical_json, package_versions
from scwres_helpers.intake.limits import MAX_FILE_BYTES
from scwres_helpers.sealed import seal, unseal

RECORD_VERSION = 1
_SKIPPED_FOLDERS = {"__pycache__", ".ipynb_checkpoints"}


def record_path(out_root: Path, year: int) -> Path:
    """Where the last complete build of YEAR under OUT_ROOT is recorded."""
    return Path(out_root) / ".cache" / "builds" / f"{int(year)}.sealed"


def _hash_tree(digest: Any, label: str, root: Path) -> None:
    """Every file under ROOT into DIGEST: its relative path and bytes, in path order.

    Links are hashed as their target's text, never followed (nothing outside a returns
    root is read), and a file larger than a return may be is hashed by its size and time
    (intake refuses it anyway, so its bytes do not matter)."""
    digest.update(f"\0tree\0{label}\0".encode())
    root = Path(root)
    if not root.is_dir():
        digest.update(b"absent")
        return
    entries = []
    for folder, subfolders, files in os.walk(root):  # links to folders are listed, not entered
        subfolders[:] = sorted(d for d in subfolders if d not in _SKIPPED_FOLDERS)
        entries += [Path(folder) / name for name in files]
        entries += [Path(folder) / name for name in subfolders if (Path(folder) / name).is_symlink()]
    for path in sorted(entries, key=lambda p: p.relative_to(root).as_posix()):
        digest.update(path.relative_to(root).as_posix().encode("utf-8", "surrogateescape") + b"\0")
        stat = path.lstat()
        if path.is_symlink():
            digest.update(b"link\0" + os.readlink(path).encode("utf-8", "surrogateescape"))
        elif stat.st_size > MAX_FILE_BYTES:
            digest.update(f"large\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
        else:
            digest.update(hashlib.sha256(path.read_bytes()).digest())


def inputs_digest(*, returns_root: Path, year: int, params_dir: Path, notebooks_dir: Path,
                  content_dir: Path, renderer: str | None) -> str:
    """The digest of everything a full build of YEAR reads, and of the tools it runs."""
    quarto = shutil.which("quarto")
    quarto_stat = Path(quarto).resolve().stat() if quarto else None
    digest = hashlib.sha256(canonical_json({
        "record": RECORD_VERSION,
        "year": int(year),
        "renderer": renderer,
        "quarto": [quarto, quarto_stat.st_size, quarto_stat.st_mtime_ns] if quarto_stat else None,
        "python": sys.executable,
        "packages": package_versions(),
        "epoch": os.environ.get("SOURCE_DATE_EPOCH"),
        "environment": {k: v for k, v in os.environ.items() if k.startswith("SCWRES_")},
    }).encode("utf-8"))
    for label, root in (("returns", returns_root), ("params", params_dir), ("notebooks", notebooks_dir),
                        ("content", content_dir), ("templates", config.TEMPLATES_DIR),
                        ("package", config.PACKAGE_DIR)):
        _hash_tree(digest, label, root)
    digest.update(b"\0quarto.yml\0" + Path(config.QUARTO_CONFIG).read_bytes())
    return digest.hexdigest()


def folder_state(folder: Path) -> dict[str, tuple[int, int]]:
    """Each file under FOLDER (relative path) and its (size, modification time in ns)."""
    state = {}
    for current, _subfolders, files in os.walk(folder):
        for name in files:
            path = Path(current) / name
            stat = path.lstat()
            state[path.relative_to(folder).as_posix()] = (stat.st_size, stat.st_mtime_ns)
    return state


@dataclass(frozen=True)
class BuildRecord:
    """The last complete build: its inputs' digest, the folder it left, what it reported."""

    digest: str
    folder: dict
    summary: Any  # pipeline.BuildSummary
    manifest: dict  # write_manifest's keyword arguments, bar the times


def record(out_root: Path, year: int, digest: str, summary: Any, manifest: dict) -> Path:
    """Keep this complete build's record (after its manifest is written)."""
    kept = BuildRecord(digest, folder_state(summary.out_dir), summary, manifest)
    return write_bytes_atomic(record_path(out_root, year), seal(kept))


def forget(out_root: Path, year: int) -> None:
    """Drop the record (a build that failed, or changed the folder after recording)."""
    record_path(out_root, year).unlink(missing_ok=True)


def unchanged_build(out_root: Path, year: int, digest: str) -> BuildRecord | None:
    """The last complete build's record if DIGEST is its digest and the year's folder is
    as it left it; else None (then the ordinary build runs)."""
    path = record_path(out_root, year)
    try:
        kept = unseal(path.read_bytes())
    except OSError:
        return None
    if not isinstance(kept, BuildRecord) or kept.digest != digest:
        return None
    if folder_state(kept.summary.out_dir) != kept.folder:
        return None
    return kept


def as_cached(summary: Any) -> Any:
    """SUMMARY as a rebuild that found everything fresh reports it."""
    return replace(summary, results=[replace(r, status="cached", seconds=0.0) if r.status == "executed" else r
                                     for r in summary.results])
