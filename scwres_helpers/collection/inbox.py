"""Take in a folder of returned workbooks: file the valid ones, quarantine the rest, say what happened.

Order of work: list the inbox (sorted by name; the listing is the only source of
paths read), judge every new file (``assess``), then file them in name order. The
inbox is only read. A file whose SHA-256 is in the ledger was taken in before and is
a duplicate: a second run over the same inbox writes nothing. Two *new* workbooks
for one authority in one run are both quarantined (we do not guess which one is
meant); one new valid workbook for an authority with a current return supersedes
it, and the earlier bytes stay under ``.intake``. Each authority that sent files gets
one feedback page to send, at ``<returns_root>/feedback/<year>/<CODE>-feedback.html``,
telling of every file of theirs this run took in.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from scwres_helpers.collection import filing
from scwres_helpers.collection.assess import Assessment, assess_file, hash_file
from scwres_helpers.collection.feedback import Submission, feedback_html, feedback_page, printable
from scwres_helpers.intake.discover import is_ignored_entry
from scwres_helpers.intake.problems import ERROR, Problem, shown_value

ACCEPTED = "accepted"
QUARANTINED = "quarantined"
DUPLICATE = "duplicate"
IGNORED = "ignored"
FAILED = "failed"
_SHOWN_PROBLEMS = 5


@dataclass
class FileOutcome:
    """What became of one inbox entry."""

    file_name: str
    outcome: str
    sha256: str | None = None
    authority_code: str | None = None
    problems: list[Problem] = field(default_factory=list)
    stored_as: str | None = None
    feedback: str | None = None  # this file's own feedback, kept beside its bytes (relative to the year folder)
    supersedes: str | None = None
    note: str | None = None
    feedback_to_send: Path | None = None  # the authority's page to send (see ``filing``)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


@dataclass
class InboxSummary:
    """The whole inbox: one outcome per entry, in name order."""

    inbox: Path
    year_dir: Path
    year: int
    files: list[FileOutcome]

    def _with(self, outcome: str) -> list[FileOutcome]:
        return [f for f in self.files if f.outcome == outcome]

    @property
    def accepted(self) -> list[FileOutcome]:
        return self._with(ACCEPTED)

    @property
    def quarantined(self) -> list[FileOutcome]:
        return self._with(QUARANTINED)

    @property
    def duplicates(self) -> list[FileOutcome]:
        return self._with(DUPLICATE)

    @property
    def superseded(self) -> list[FileOutcome]:
        return [f for f in self.files if f.supersedes is not None]

    def by_name(self, name: str) -> FileOutcome:
        return next(f for f in self.files if f.file_name == name)

    def _page(self, f: FileOutcome) -> str:
        """The page to send, or (if it could not be written) the file's own feedback."""
        return str(f.feedback_to_send) if f.feedback_to_send else str(self.year_dir / (f.feedback or ""))

    def format_text(self) -> str:
        lines = [
            f"intake of {self.year} returns into {self.year_dir}",
            f"  {len(self.files)} file(s): {len(self.accepted)} accepted, {len(self.superseded)} superseded, "
            f"{len(self.quarantined)} quarantined, {len(self.duplicates)} duplicate(s)"
            + "".join(f", {len(self._with(other))} {other}" for other in (IGNORED, FAILED) if self._with(other)),
        ]
        for f in self.files:
            name = '"' + shown_value(f.file_name) + '"'
            code = f.authority_code or "-"
            if f.outcome == ACCEPTED:
                extra = f" (supersedes the return with sha256 {f.supersedes[:12]})" if f.supersedes else ""
                lines.append(f"accepted     {code:<10} {name} -> {self.year}/{code}.xlsx{extra}")
                if f.problems:
                    lines.append(f"    {len(f.problems)} warning(s); feedback to send: {self._page(f)}")
            elif f.outcome == QUARANTINED:
                lines.append(f"quarantined  {code:<10} {name}: {len(f.errors)} error(s); feedback to send: "
                             f"{self._page(f)}")
                for problem in f.errors[:_SHOWN_PROBLEMS]:
                    lines.append(f"    {printable(problem.describe())}")
                if len(f.errors) > _SHOWN_PROBLEMS:
                    lines.append(f"    ... and {len(f.errors) - _SHOWN_PROBLEMS} more in the feedback file")
            else:
                lines.append(f"{f.outcome:<12} {code:<10} {name}: {f.note}")
        pages = sorted({str(f.feedback_to_send) for f in self.files if f.feedback_to_send is not None})
        if pages:
            folder = self.year_dir.parent / filing.FEEDBACK_DIR / str(self.year)
            lines.append(f"{len(pages)} feedback page(s) to send, one per authority, in {folder}")
        return "\n".join(lines) + "\n"


def _entries(inbox: Path) -> tuple[list[Path], list[FileOutcome]]:
    files, ignored = [], []
    for entry in sorted(inbox.iterdir(), key=lambda p: p.name):
        if is_ignored_entry(entry.name):
            continue
        if entry.is_symlink() or not entry.is_file():
            ignored.append(FileOutcome(entry.name, IGNORED, note="not a plain file (a folder or a link); not read"))
        else:
            files.append(entry)
    return files, ignored


def intake_inbox(inbox: Path, returns_root: Path, year: int) -> InboxSummary:
    """Take in every file of ``inbox`` for ``year``; see the module docstring for the rules."""
    inbox, returns_root = Path(inbox), Path(returns_root)
    if not inbox.is_dir():
        raise NotADirectoryError(f"the inbox {inbox} is not a folder")
    year_dir = returns_root / str(int(year))
    ledger = filing.Ledger(year_dir)
    files, outcomes = _entries(inbox)
    new: list[Assessment] = []
    seen: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="scwres-intake-") as scratch:
        for path in files:
            outcome = _known(path, ledger, seen)
            if outcome is not None:
                outcomes.append(outcome)
                continue
            found = assess_file(path, year, Path(scratch), returns_root)
            if found.sha256 in seen:  # hashed during assessment: same bytes as an earlier file now
                outcomes.append(FileOutcome(path.name, DUPLICATE, found.sha256, found.authority_code,
                                            note=f"the same bytes as \"{shown_value(seen[found.sha256])}\""))
                continue
            seen[found.sha256] = path.name
            new.append(found)
    rivals = _rivals(new)
    filed: list[tuple[Assessment, FileOutcome]] = []
    for found in new:
        try:
            outcome = _file(found, year, year_dir, ledger, rivals.get(found.authority_code, []))
        except OSError as exc:  # e.g. the returns root is full or read-only: say so, go on with the rest
            outcome = FileOutcome(found.file_name, FAILED, found.sha256, found.authority_code,
                                  note=f"could not be filed ({exc.strerror or exc}); nothing was "
                                  "recorded, so the next run tries it again")
        else:
            filed.append((found, outcome))
        outcomes.append(outcome)
    _write_feedback_to_send(filed, year, year_dir)
    outcomes.sort(key=lambda f: f.file_name)
    return InboxSummary(inbox, year_dir, year, outcomes)


def _write_feedback_to_send(filed: list[tuple[Assessment, FileOutcome]], year: int, year_dir: Path) -> None:
    """One page per authority telling of all its files in this run (a file naming none: its own page)."""
    groups: dict[str, list[tuple[Assessment, FileOutcome]]] = {}
    for found, outcome in filed:
        groups.setdefault(found.authority_code or f"-{found.sha256}", []).append((found, outcome))
    for group in groups.values():
        found = group[0][0]
        page = feedback_page(year, [
            Submission(f.file_name, f.sha256, o.outcome == ACCEPTED, f.authority_code, f.authority_name, f.problems)
            for f, o in group])
        try:
            path = filing.write_feedback_to_send(year_dir, found.authority_code, found.sha256, page)
        except OSError:
            continue  # the files are filed and their own feedback kept; the summary names no page
        for _, outcome in group:
            outcome.feedback_to_send = path


def _known(path: Path, ledger: filing.Ledger, seen: dict[str, str]) -> FileOutcome | None:
    """A duplicate of a file taken in before (by SHA-256), or None for a new file."""
    try:
        sha, _ = hash_file(path)
    except OSError:
        return None  # assess_file reports it
    entry = ledger.find(sha)
    if entry is not None:
        seen[sha] = path.name
        where = f"; feedback {entry.feedback}" if entry.feedback else ""
        return FileOutcome(path.name, DUPLICATE, sha, entry.authority_code,
                           note=f"already taken in ({entry.outcome}, ledger entry {entry.sequence}){where}")
    if sha in seen:
        return FileOutcome(path.name, DUPLICATE, sha, note=f"the same bytes as \"{shown_value(seen[sha])}\"")
    return None


def _rivals(new: list[Assessment]) -> dict[str, list[str]]:
    """Authorities named by more than one new file in this inbox -> those files' names."""
    names: dict[str, list[str]] = {}
    for found in new:
        if found.authority_code:
            names.setdefault(found.authority_code, []).append(found.file_name)
    return {code: group for code, group in names.items() if len(group) > 1}


def _file(found: Assessment, year: int, year_dir: Path, ledger: filing.Ledger,
          rivals: list[str]) -> FileOutcome:
    code = found.authority_code
    if rivals:
        listed = ", ".join(f'"{shown_value(n)}"' for n in rivals)
        found.problems.insert(0, Problem(
            ERROR, f"this inbox has {len(rivals)} different workbooks for {code} ({listed}); none was "
            "filed, because we do not guess which one is meant — send only the one to use",
            file=found.file_name, table="about", location=found.code_location, authority=code))
    elif code and found.valid and (year_dir / code).is_dir():
        found.problems.insert(0, Problem(
            ERROR, f"a CSV-folder return for {code} is already filed for {year}; the SC-WRES team must "
            "remove it before a workbook can replace it", file=found.file_name, authority=code))
    if found.errors or found.ret is None:
        return _quarantine(found, year, year_dir, ledger)
    return _accept(found, year, year_dir, ledger)


def _feedback(found: Assessment, year: int, accepted: bool) -> str:
    return feedback_html(year=year, file_name=found.file_name, sha256=found.sha256, accepted=accepted,
                         authority_code=found.authority_code, authority_name=found.authority_name,
                         problems=found.problems)


def _quarantine(found: Assessment, year: int, year_dir: Path, ledger: filing.Ledger) -> FileOutcome:
    if not found.errors:  # e.g. the reader gave no return without saying why
        found.problems.append(Problem(ERROR, "the return could not be validated", file=found.file_name))
    kept, note = filing.file_quarantined(year_dir, found.authority_code, found.sha256, found.file_name,
                                         found.data, _feedback(found, year, accepted=False))
    entry = ledger.add(sha256=found.sha256, original_name=found.file_name, size=found.size,
                       authority_code=found.authority_code, outcome=filing.QUARANTINED, stored_as=kept,
                       feedback=note, errors=len(found.errors),
                       warnings=len(found.problems) - len(found.errors))
    return FileOutcome(found.file_name, QUARANTINED, found.sha256, found.authority_code, found.problems,
                       entry.stored_as, entry.feedback)


def _accept(found: Assessment, year: int, year_dir: Path, ledger: filing.Ledger) -> FileOutcome:
    code = found.authority_code
    current = ledger.current(code)
    filed = filing.current_return_path(year_dir, code)
    data = filed.read_bytes() if filed.is_file() else None
    sha = hashlib.sha256(data).hexdigest() if data is not None else None
    if data is not None and (current is None or sha != current.sha256):
        # Filed or changed by hand since intake last filed it: keep those bytes before replacing them.
        current = ledger.find(sha) or ledger.add(
            sha256=sha, original_name=filed.name, size=len(data), authority_code=code,
            outcome=filing.ALREADY_FILED, stored_as=filing.keep_found_return(year_dir, code, sha, data),
            feedback=None)
    kept, note = filing.file_accepted(year_dir, code, found.sha256, found.data, _feedback(found, year, True))
    supersedes = current.sha256 if current is not None else None
    ledger.add(sha256=found.sha256, original_name=found.file_name, size=found.size, authority_code=code,
               outcome=filing.ACCEPTED, stored_as=kept, feedback=note, supersedes=supersedes,
               warnings=len(found.problems))
    return FileOutcome(found.file_name, ACCEPTED, found.sha256, code, found.problems, kept, note, supersedes)
