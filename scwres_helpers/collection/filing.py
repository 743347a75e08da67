"""Where received files go under the returns root, and the ledger that makes intake idempotent.

Layout under ``<returns_root>/<year>/`` (the dot folders are skipped by
``discover_returns``, so only the current returns are read by the pipeline)::

    <CODE>.xlsx                                  the authority's current return
    .intake/ledger.json                          every file ever taken in, in order
    .intake/<CODE>/<sha256>.xlsx                 each accepted submission, original bytes
    .intake/<CODE>/<sha256>.feedback.html
    .quarantine/<CODE>/<sha256><ext>             each rejected submission, original bytes
    .quarantine/<CODE>/<sha256>.feedback.html    (``unidentified`` when no valid code)

and the feedback to send, one page per authority (its latest intake), where a
person finds it: ``<returns_root>/feedback/<year>/<CODE>-feedback.html``
(``unidentified-<first 12 of the sha256>-feedback.html`` when the file named no
valid authority). It sits outside the year folder, so it is never read as a return.

Every path is built from a validated authority code or a SHA-256, never from a file
name or other text in the submission. The ledger records files by their SHA-256:
a file already in it is a duplicate and changes nothing.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from scwres_helpers import codes
from scwres_helpers.atomic import write_bytes_atomic, write_text_atomic

INTAKE_DIR = ".intake"
QUARANTINE_DIR = ".quarantine"
FEEDBACK_DIR = "feedback"
UNIDENTIFIED = "unidentified"
LEDGER_NAME = "ledger.json"
ACCEPTED = "accepted"
QUARANTINED = "quarantined"
ALREADY_FILED = "already_filed"  # a <CODE>.xlsx found in place before intake first saw it
_KNOWN_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".pdf", ".zip", ".txt", ".html"}


def _checked_code(code: str) -> str:
    if not codes.AUTHORITY_CODE_PATTERN.match(code):
        raise ValueError(f"not an authority code: {code!r}")
    return code


def safe_suffix(file_name: str) -> str:
    """The original suffix when it is a known one (so the copy opens in the right program), else .bin."""
    suffix = Path(file_name).suffix.lower()
    return suffix if suffix in _KNOWN_SUFFIXES else ".bin"


@dataclass
class Entry:
    """One file taken in: what it was, what became of it, where its bytes and feedback are."""

    sequence: int
    sha256: str
    original_name: str
    size: int
    authority_code: str | None
    outcome: str
    stored_as: str | None
    feedback: str | None
    supersedes: str | None = None
    errors: int = 0
    warnings: int = 0


class Ledger:
    """The year's intake log, read at the start of a run and rewritten (atomically) after each file."""

    def __init__(self, year_dir: Path):
        self.year_dir = year_dir
        self.path = year_dir / INTAKE_DIR / LEDGER_NAME
        self.entries: list[Entry] = []
        if self.path.is_file():
            data = json.loads(self.path.read_text(encoding="utf-8"))
            self.entries = [Entry(**entry) for entry in data["entries"]]

    def find(self, sha256: str) -> Entry | None:
        return next((e for e in self.entries if e.sha256 == sha256), None)

    def current(self, code: str) -> Entry | None:
        """The submission now filed as ``<CODE>.xlsx`` (the latest accepted one)."""
        found = [e for e in self.entries if e.authority_code == code and e.outcome in (ACCEPTED, ALREADY_FILED)]
        return found[-1] if found else None

    def add(self, **fields) -> Entry:
        entry = Entry(sequence=len(self.entries) + 1, **fields)
        self.entries.append(entry)
        self._save()
        return entry

    def _save(self) -> None:
        data = {"entries": [asdict(e) for e in self.entries]}
        write_text_atomic(self.path, json.dumps(data, indent=2, sort_keys=True, ensure_ascii=True) + "\n")


def current_return_path(year_dir: Path, code: str) -> Path:
    return year_dir / f"{_checked_code(code)}.xlsx"


def file_accepted(year_dir: Path, code: str, sha256: str, data: bytes, feedback: str) -> tuple[str, str]:
    """Keep the original bytes, then make them the current return; (stored_as, feedback) paths."""
    folder = year_dir / INTAKE_DIR / _checked_code(code)
    kept = write_bytes_atomic(folder / f"{sha256}.xlsx", data)
    note = write_text_atomic(folder / f"{sha256}.feedback.html", feedback)
    write_bytes_atomic(current_return_path(year_dir, code), data)
    return _relative(kept, year_dir), _relative(note, year_dir)


def keep_found_return(year_dir: Path, code: str, sha256: str, data: bytes) -> str:
    """A return filed by hand before intake: keep its bytes before anything replaces it."""
    kept = write_bytes_atomic(year_dir / INTAKE_DIR / _checked_code(code) / f"{sha256}.xlsx", data)
    return _relative(kept, year_dir)


def file_quarantined(year_dir: Path, code: str | None, sha256: str, file_name: str,
                     data: bytes | None, feedback: str) -> tuple[str | None, str]:
    """Copy the untouched bytes (when not too large to keep) and the feedback into quarantine."""
    folder = year_dir / QUARANTINE_DIR / (_checked_code(code) if code else UNIDENTIFIED)
    kept = None
    if data is not None:
        kept = _relative(write_bytes_atomic(folder / f"{sha256}{safe_suffix(file_name)}", data), year_dir)
    note = write_text_atomic(folder / f"{sha256}.feedback.html", feedback)
    return kept, _relative(note, year_dir)


def feedback_to_send_path(year_dir: Path, code: str | None, sha256: str) -> Path:
    """``<returns_root>/feedback/<year>/<CODE>-feedback.html``: the page to send the authority."""
    name = f"{_checked_code(code)}-feedback.html" if code else f"{UNIDENTIFIED}-{sha256[:12]}-feedback.html"
    return year_dir.parent / FEEDBACK_DIR / year_dir.name / name


def write_feedback_to_send(year_dir: Path, code: str | None, sha256: str, feedback: str) -> Path:
    """Write (or replace) the page to send; returns its path."""
    return write_text_atomic(feedback_to_send_path(year_dir, code, sha256), feedback)


def _relative(path: Path, year_dir: Path) -> str:
    return path.relative_to(year_dir).as_posix()
