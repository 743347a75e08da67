"""Corrections, before and after a year's release: what a build compares and records.

Before release, an ``--authority`` run that changes the national figures leaves the
national chapters, the site and every other authority's report out of date: the build
says so at its end, names them, marks them ``stale`` in the manifest (until a full
build brings them up to date) and gives the command that does.

After release (``publish.release``), the national figures are frozen: a corrected
return is compared with the published national figures, so nothing else changes, and
its report is a revised report: it says on its first page when it was revised and
why (``--reason``), and the release record and the manifest keep the revision. A
changed return with no recorded revision and no reason stops the build before
anything is executed, naming it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from scwres_helpers.bundles import YearTables
from scwres_helpers.config import YearLayout
from scwres_helpers.publish.release import Release, frozen_bundle
from scwres_helpers.publish.revisions import describe_change, headline_changes, national_changes

NATIONAL_FIGURES = "national.csv"


class CorrectionError(ValueError):
    """A build after release that cannot say why a report is revised."""


def return_files(tables: YearTables, returns_root: Path, code: str) -> dict[str, str]:
    """The files of CODE's return this year as intake read them: path -> sha256."""
    return returns_files(tables, returns_root, [code])[code]


def returns_files(tables: YearTables, returns_root: Path, codes: list[str]) -> dict[str, dict[str, str]]:
    """``return_files`` of each of CODES, the year's files looked through once (not once per
    return: 150 times 800 files was 0.03 s of a one-authority rerun)."""
    root = Path(returns_root).resolve()
    owner: dict[str, str] = {}  # a return's file or folder, relative to the root -> its code
    for code in codes:
        source = Path(tables.current.returns[code].source)
        try:
            owner[source.resolve().relative_to(root).as_posix()] = code
        except ValueError:
            owner[source.as_posix()] = code
    found: dict[str, dict[str, str]] = {code: {} for code in codes}
    for file in tables.current.files:
        path = file.path
        while path:  # the file itself (a workbook), then each folder it is in
            if path in owner:
                found[owner[path]][file.path] = file.sha256
                break
            path = path.rpartition("/")[0]
    return found


def plan_revisions(release: Release, tables: YearTables, returns_root: Path, codes: list[str],
                   reason: str | None, today: date) -> dict[str, dict]:
    """Each of CODES whose return differs from the released one, with its revision notice.

    A revision already recorded for exactly these files is reused (same date, same
    reason: the same bytes on a rebuild); a new one is recorded in RELEASE, dated TODAY
    with REASON, or a CorrectionError names the returns when no reason was given.
    The latest national revision (``release --revise``) is noted on every report.
    """
    notices: dict[str, dict] = {}
    unexplained = []
    for code in codes:
        files = return_files(tables, returns_root, code)
        notice = None
        if files != release.returns.get(code):
            correction = release.correction_for(code, files)
            if correction is None:
                if not reason:
                    unexplained.append(code)
                    continue
                correction = {"date": today.isoformat(), "reason": reason.strip(), "returns": files}
                release.corrections.setdefault(code, []).append(correction)
            notice = {"revised": correction["date"], "reason": correction["reason"]}
        if release.revisions and (notice is None or release.revisions[-1]["date"] > notice["revised"]):
            latest = release.revisions[-1]
            notice = {"revised": latest["date"], "reason": f"the national figures were revised: {latest['reason']}"}
        if notice is not None:
            notices[code] = {"published": release.published, **notice,
                             "national_as_of": release.revised or release.published}
    if unexplained:
        raise CorrectionError(
            f"the {tables.year} returns of {', '.join(unexplained)} differ from the ones released on "
            f"{release.published}, so their reports will say they are revised: give the reason with --reason "
            "\"...\" (printed on each revised report)")
    return notices


@dataclass
class StaleOutputs:
    """Outputs an ``--authority`` run left out of date, and why (the manifest's ``stale``)."""

    because: list[str] = field(default_factory=list)
    national: bool = False
    authorities: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)  # the headline national figures that changed

    @classmethod
    def from_manifest(cls, data: dict | None) -> "StaleOutputs":
        data = data or {}
        return cls(list(data.get("because", [])), bool(data.get("national")), list(data.get("authorities", [])),
                   list(data.get("changes", [])))

    def to_manifest(self) -> dict | None:
        if not self:
            return None
        return {"because": self.because, "national": self.national, "authorities": self.authorities,
                "changes": self.changes}

    def __bool__(self) -> bool:
        return self.national or bool(self.authorities)

    def rebuilt(self, codes: list[str], national: bool) -> "StaleOutputs":
        """What stays out of date after a build that rebuilt CODES (and the national site if NATIONAL)."""
        left = [c for c in self.authorities if c not in codes]
        still_national = self.national and not national
        if not left and not still_national:
            return StaleOutputs()
        return StaleOutputs(self.because, still_national, left, self.changes if still_national else [])


def national_figures_changed(layout: YearLayout, tables: YearTables) -> tuple[bool, list[dict]]:
    """Whether the shared bundle on disk (what every report and the site were built from)
    differs from this build's, and which national figures changed."""
    shared = layout.inputs / "shared"
    texts = tables.shared_texts
    on_disk = {name: (shared / name).read_text(encoding="utf-8") if (shared / name).is_file() else None
               for name in texts}
    if on_disk[NATIONAL_FIGURES] is None or on_disk == texts:
        return False, []
    return True, national_changes(on_disk[NATIONAL_FIGURES], texts[NATIONAL_FIGURES], tables.year)


def mark_stale(layout: YearLayout, earlier: StaleOutputs, tables: YearTables, rebuilt: list[str]) -> StaleOutputs:
    """After an ``--authority`` run of REBUILT (before release): EARLIER marks plus what
    this run's change of the national figures left out of date."""
    changed, changes = national_figures_changed(layout, tables)
    stale = earlier.rebuilt(rebuilt, national=False)
    if not changed:
        return stale
    built = sorted(p.stem for p in (layout.notebooks / "authority").glob("*.ipynb")
                   if not p.name.endswith(".failed.ipynb"))
    others = [c for c in built if c not in rebuilt]
    because = f"the corrected return(s) of {', '.join(rebuilt)} changed the national figures"
    return StaleOutputs(
        because=[*stale.because, because] if because not in stale.because else stale.because,
        national=True,
        authorities=sorted(set(stale.authorities) | set(others)),
        changes=[describe_change(c) for c in headline_changes(changes)] or stale.changes,
    )


def frozen_changes(layout: YearLayout, tables: YearTables) -> list[dict]:
    """After release: the national figures that now differ from the frozen (published) ones."""
    frozen = frozen_bundle(layout, "shared") / NATIONAL_FIGURES
    if not frozen.is_file():
        return []
    return national_changes(frozen.read_text(encoding="utf-8"), tables.national_csv, tables.year)
