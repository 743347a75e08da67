"""The feedback file an authority gets back: every problem, where it is and what to do.

HTML so that it opens anywhere; every piece of text from the return (names, cell
values, the file name) is escaped, so markup in a cell is shown, never rendered.
No timestamps: the same submission always gets byte-identical feedback.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from scwres_helpers.intake.problems import Problem
from scwres_helpers.safe_text import printable, shown_value

_STYLE = """
body { font-family: Arial, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #bbb; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #1f4e78; color: #fff; }
tr.error td:first-child { color: #9c0006; font-weight: bold; }
.verdict { font-size: 1.2em; font-weight: bold; }
""".strip()


def _esc(text: object) -> str:
    """A value from the return: control characters shown escaped, long text cut, markup escaped."""
    return html.escape(shown_value(str(text)), quote=True)


def _esc_full(text: str) -> str:
    """A rule (our words, possibly quoting a value): never cut, control characters and markup escaped."""
    return html.escape(printable(text), quote=True)


@dataclass(frozen=True)
class Submission:
    """One file as the feedback page tells of it."""

    file_name: str
    sha256: str
    accepted: bool
    authority_code: str | None
    authority_name: str | None
    problems: list[Problem]


def feedback_html(*, year: int, file_name: str, sha256: str, accepted: bool,
                  authority_code: str | None, authority_name: str | None,
                  problems: list[Problem]) -> str:
    """The whole feedback page for one submitted file."""
    return feedback_page(year, [Submission(file_name, sha256, accepted, authority_code, authority_name, problems)])


def feedback_page(year: int, submissions: list[Submission]) -> str:
    """The page to send an authority: every file of theirs taken in by one intake, in order."""
    lines = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>SC-WRES {year} return: feedback</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>SC-WRES data return {year}: feedback</h1>",
    ]
    several = len(submissions) > 1
    if several:
        lines.append(f"<p>{len(submissions)} workbooks for your authority arrived together; "
                     "each is listed below.</p>")
    for number, submission in enumerate(submissions, start=1):
        if several:
            lines.append(f"<h2>Workbook {number}: {_esc(submission.file_name)}</h2>")
        lines += _section(submission)
    lines.append("</body></html>")
    return "\n".join(lines) + "\n"


def _section(submission: Submission) -> list[str]:
    errors = [p for p in submission.problems if p.is_error]
    warnings = [p for p in submission.problems if not p.is_error]
    who = submission.authority_code or "authority not identified"
    if submission.authority_name:
        who = f"{who} ({submission.authority_name})"
    if submission.accepted:
        verdict = "Accepted: thank you, your return has been filed."
        todo = "Nothing to do."
        if warnings:
            todo += (f" Please look at the {_count(len(warnings), 'warning')} below: they do not stop the "
                     "return, but may show a mistake; if one does, send a corrected workbook and it will "
                     "replace this one.")
    else:
        verdict = f"Not accepted: {len(errors)} problem(s) to correct."
        todo = ("Correct every problem listed below in your workbook (the cell references point to "
                "the exact cells), then send the whole workbook again. Your file was kept as you sent "
                "it; nothing in it was changed.")
    lines = [
        "<table>",
        f"<tr><th>File</th><td>{_esc(submission.file_name)}</td></tr>",
        f"<tr><th>Authority</th><td>{_esc(who)}</td></tr>",
        f"<tr><th>SHA-256</th><td><code>{_esc(submission.sha256)}</code></td></tr>",
        "</table>",
        f'<p class="verdict">{_esc_full(verdict)}</p>',
        f"<p>{_esc_full(todo)}</p>",
    ]
    if submission.problems:
        lines += ["<table>", "<tr><th>Severity</th><th>Where</th><th>Column</th><th>Value</th>"
                  "<th>What is wrong and what to do</th></tr>"]
        for problem in errors + warnings:
            where = problem.place() or (f"sheet {problem.table}" if problem.table else "the whole file")
            lines.append(
                f'<tr class="{_esc(problem.severity)}"><td>{_esc(problem.severity)}</td>'
                f"<td>{_esc_full(where)}</td><td>{_esc(problem.column or '')}</td>"
                f"<td>{_esc(problem.value or '')}</td><td>{_esc_full(problem.rule)}</td></tr>")
        lines.append("</table>")
    return lines


def _count(number: int, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {word}s"
