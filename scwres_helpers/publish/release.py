"""A released year: what was published, frozen, and every revision since.

``scwres release`` records in ``outputs/<year>/private/release/``:

- ``release.json``: the publication date; the sha256 of every return file the
  release was built from; the sha256 of every file of the public site (pages, data
  tables, ``report.pdf``); the national revisions (``release --revise``: when, why,
  which national figures changed) and the corrected authority reports (when, why,
  and the return files each was rebuilt from);
- ``frozen/``: copies of the national chapters' bundle and of the bundle every
  authority report shares (the national rows, the anonymous peers, participation).

After a release, a build compares a corrected return with these frozen national
figures: the national bundle and the shared bundle are copied from ``frozen/``, so
every other report's inputs, and the site, stay exactly as published, and the site
is not rendered again until ``release --revise`` publishes new national figures.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path

from scwres_helpers.atomic import write_bytes_atomic, write_text_atomic
from scwres_helpers.cache import file_sha256
from scwres_helpers.config import YearLayout

RELEASE_FILE = "release.json"
FROZEN = "frozen"
FROZEN_BUNDLES = ("national", "shared")  # under inputs/: the chapters' bundle, the reports' shared one
RELEASE_SCHEMA = 1


@dataclass
class Release:
    """What one year's release published, and the revisions since (see the module docstring)."""

    year: int
    published: str  # ISO date
    returns: dict[str, dict[str, str]]  # authority code -> its return's files (relative to the root) -> sha256
    site: dict[str, str]  # public site file (relative to the site folder) -> sha256
    revisions: list[dict] = field(default_factory=list)  # national: {"date", "reason", "changes"}
    corrections: dict[str, list[dict]] = field(default_factory=dict)  # code -> [{"date", "reason", "returns"}]

    @property
    def revised(self) -> str | None:
        """The date of the latest national revision, if any."""
        return self.revisions[-1]["date"] if self.revisions else None

    def correction_for(self, code: str, files: dict[str, str]) -> dict | None:
        """The recorded correction of CODE whose return files are exactly FILES, if any."""
        for correction in reversed(self.corrections.get(code, [])):
            if correction["returns"] == files:
                return correction
        return None


def release_dir(layout: YearLayout) -> Path:
    return layout.release


def frozen_bundle(layout: YearLayout, name: str) -> Path:
    """The frozen copy of ``inputs/<name>`` (``national`` or ``shared``)."""
    return layout.release / FROZEN / name


def read_release(layout: YearLayout) -> Release | None:
    """The year's release record, or None when the year has not been released."""
    path = layout.release / RELEASE_FILE
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("schema", None)
    return Release(**data)


def write_release(layout: YearLayout, release: Release) -> Path:
    """Write ``release.json`` (sorted keys: the same record, the same bytes)."""
    data = {"schema": RELEASE_SCHEMA, **asdict(release)}
    text = json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    return write_text_atomic(layout.release / RELEASE_FILE, text)


def site_hashes(site: Path) -> dict[str, str]:
    """Every file of the public site folder by relative path, with its sha256 (not the
    build's hidden cache records)."""
    return {p.relative_to(site).as_posix(): file_sha256(p) for p in sorted(Path(site).rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(site).parts)}


def freeze_bundles(layout: YearLayout) -> list[Path]:
    """Copy the national and shared bundles into ``release/frozen/`` (replacing earlier copies)."""
    written = []
    for name in FROZEN_BUNDLES:
        source, target = layout.inputs / name, frozen_bundle(layout, name)
        if not source.is_dir():
            raise FileNotFoundError(f"{source}: no {name} bundle to freeze (build the year in full first)")
        if target.exists():
            shutil.rmtree(target)
        for path in sorted(source.iterdir()):
            if path.is_file():
                written.append(write_bytes_atomic(target / path.name, path.read_bytes()))
    return written


def restore_frozen(layout: YearLayout, name: str, target: Path) -> list[Path]:
    """Write the frozen copy of bundle NAME into TARGET (unchanged files are not rewritten)."""
    written = []
    for path in sorted(frozen_bundle(layout, name).iterdir()):
        destination = Path(target) / path.name
        data = path.read_bytes()
        if not destination.is_file() or destination.read_bytes() != data:
            write_bytes_atomic(destination, data)
        written.append(destination)
    return written


def site_changes(layout: YearLayout, release: Release) -> list[str]:
    """Files of the public site that differ from the release (changed, added or gone)."""
    now = site_hashes(layout.site) if layout.site.is_dir() else {}
    return sorted(name for name in set(now) | set(release.site) if now.get(name) != release.site.get(name))
