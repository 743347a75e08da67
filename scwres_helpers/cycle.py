"""After a build: status, release and revision of a year (the cycle in the README:
build, check, release, correct, revise, publish).

``year_status`` says what is out of date and why: returns changed since the last
build, outputs an ``--authority`` correction left stale, a failed build, the release
and its revisions. ``release_year`` freezes a year as published (``publish.release``)
after a full build has brought everything up to date; with ``revise`` it publishes
new national figures with a revision on the site's revisions page.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from scwres_helpers import config
from scwres_helpers.corrections import StaleOutputs
from scwres_helpers.execution.manifest import read_manifest
from scwres_helpers.intake.population import POPULATION_FILE
from scwres_helpers.pipeline import BuildError, BuildSummary, build_year
from scwres_helpers.publish.release import (
    Release,
    freeze_bundles,
    read_release,
    site_changes,
    site_hashes,
    write_release,
)

SKIPPED_FOLDERS = (".intake", ".quarantine")


@dataclass
class YearStatus:
    """What ``scwres status`` reports: LINES to print; UP_TO_DATE when nothing needs doing."""

    year: int
    lines: list[str] = field(default_factory=list)
    up_to_date: bool = True

    def out_of_date(self, line: str) -> None:
        self.lines.append(line)
        self.up_to_date = False


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _an_input(path: Path, year_folder: Path) -> bool:
    """Whether PATH is an input of the year's build: a file in an authority's folder, a
    workbook, or the year's population file (not intake's own folders)."""
    parts = path.relative_to(year_folder).parts
    if any(part in SKIPPED_FOLDERS or part.startswith(".") for part in parts):
        return False
    return len(parts) > 1 or path.suffix.lower() == ".xlsx" or parts == (POPULATION_FILE,)


def changed_returns(returns_root: Path, year: int, recorded: dict[str, str]) -> list[str]:
    """Input files of YEAR (returns and the population file) changed, added or removed
    since the build that RECORDED them (path -> sha256, as the manifest lists them)."""
    root = Path(returns_root)
    folder = root / str(year)
    now = {p.relative_to(root).as_posix() for p in folder.rglob("*") if p.is_file() and _an_input(p, folder)} \
        if folder.is_dir() else set()
    mine = {path: sha for path, sha in recorded.items() if path.split("/", 1)[0] == str(year)}
    lines = []
    for path in sorted(set(mine) | now):
        if path not in mine:
            lines.append(f"{path} (new)")
        elif path not in now:
            lines.append(f"{path} (gone)")
        elif _sha256(root / path) != mine[path]:
            lines.append(f"{path} (changed)")
    return lines


def year_status(returns_root: Path, year: int, out_root: Path = config.OUTPUTS_DIR) -> YearStatus:
    """What is out of date for YEAR under OUT_ROOT, and why (see the module docstring)."""
    layout = config.YearLayout.of(out_root, year)
    status = YearStatus(year)
    manifest = read_manifest(layout.manifest)
    command = f"scwres build {returns_root} --year {year} --out {out_root}"
    if not manifest:
        status.out_of_date(f"{year}: not built yet ({layout.manifest} does not exist): {command}")
        return status
    if manifest.get("status") != "complete":
        status.out_of_date(f"{year}: the last build is '{manifest.get('status')}'"
                           + (f" ({manifest['error']})" if manifest.get("error") else "") + f": {command}")
    recorded = {entry["path"]: entry["sha256"] for entry in manifest.get("inputs", [])}
    changed = changed_returns(returns_root, year, recorded)
    release = read_release(layout)
    if changed:
        what = ("their reports will be revised reports (the national figures stay as released): "
                f"{command} --authority CODE --reason \"...\"") if release else command
        status.out_of_date(f"{len(changed)} input file(s) changed since the last build; {what}")
        status.lines += [f"  {line}" for line in changed]
    stale = StaleOutputs.from_manifest(manifest.get("stale"))
    if stale:
        status.out_of_date(f"stale since a correction ({'; '.join(stale.because)}); {command}")
        if stale.national:
            status.lines.append("  the national chapters, the national site, its data tables and report.pdf")
        if stale.authorities:
            status.lines.append(f"  {len(stale.authorities)} authority report(s) and their public summaries: "
                                f"{', '.join(stale.authorities)}")
        status.lines += [f"  changed: {change}" for change in stale.changes]
    failed = manifest.get("authorities_failed") or []
    if failed:
        status.out_of_date(f"{len(failed)} authority report(s) failed in the last build: {', '.join(failed)}")
    if release is None:
        status.lines.append(f"{year}: not released (`scwres release {returns_root} --year {year}` freezes it)")
    else:
        status.lines.append(f"{year}: released, published {release.published}; "
                            f"{len(release.revisions)} national revision(s), "
                            f"{sum(len(c) for c in release.corrections.values())} corrected report(s)")
        for revision in release.revisions:
            status.lines.append(f"  national revision {revision['date']}: {revision['reason']}")
        for code, corrections in sorted(release.corrections.items()):
            status.lines += [f"  {code} revised {c['date']}: {c['reason']}" for c in corrections]
        moved = site_changes(layout, release)
        if moved:
            status.out_of_date(f"the public site differs from the release in {len(moved)} file(s): "
                               + ", ".join(moved[:10]))
    if status.up_to_date:
        status.lines.insert(0, f"{year}: up to date")
    return status


class ReleaseError(ValueError):
    """A year that cannot be released (or revised) as it stands; the message says why."""


def release_year(returns_root: Path, year: int, *, out_root: Path = config.OUTPUTS_DIR,
                 params_dir: Path = config.PARAMS_DIR, revise: bool = False, reason: str | None = None,
                 today: date | None = None, jobs: int | None = None, renderer: str = "auto",
                 progress=None) -> tuple[Release, BuildSummary]:
    """Freeze YEAR as published: build it in full (cached: nothing changed, nothing runs),
    check nothing is out of date, and record the release (``publish.release``).

    With REVISE (a released year), the build publishes the current national figures
    instead of the frozen ones, with a revision (TODAY, REASON) on the revisions page,
    and the release is frozen again with that revision recorded.
    """
    layout = config.YearLayout.of(out_root, year)
    earlier = read_release(layout)
    if earlier is not None and not revise:
        raise ReleaseError(
            f"{year} was released on {earlier.published}. A corrected return: `scwres build ... --authority CODE "
            "--reason \"...\"` (a revised report; the national figures stay as published). New national figures: "
            f"`scwres release {returns_root} --year {year} --revise --reason \"...\"`")
    if revise and not (reason or "").strip():
        raise ReleaseError("--revise needs --reason \"...\": the revisions page says why the figures changed")
    try:
        summary = build_year(returns_root, year, out_root=out_root, params_dir=params_dir, jobs=jobs,
                             renderer=renderer, revise=revise, reason=reason, today=today, progress=progress)
    except BuildError as error:
        raise ReleaseError(f"the build before the release failed: {error}") from None
    if not summary.ok:
        raise ReleaseError(f"not released: the build had failures ({', '.join(summary.failed_authorities()) or 'the site'}); "
                           "fix them and release again")
    if not (layout.site / "index.html").is_file():
        raise ReleaseError(f"not released: {layout.site} has no national site (a build with a renderer makes it)")
    published = read_manifest(layout.manifest)["parameters"]["publication_dates"][str(year)]
    freeze_bundles(layout)
    revisions = [*(earlier.revisions if earlier else []), *([summary.new_revision] if summary.new_revision else [])]
    release = Release(
        year=year, published=published, returns=summary.returns_read, site=site_hashes(layout.site),
        revisions=revisions, corrections=earlier.corrections if earlier else {},
    )
    write_release(layout, release)
    return release, summary
