"""What a render process runs: a batch of authority reports, or of public summaries.

Render processes are forked from a server that imported this module first
(``step.RENDER_PRELOAD``), so reading a task imports nothing. The functions live apart
from the build's publishing step, which plans the renders and collects what they made.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from scwres_helpers.publish import choose_renderer
from scwres_helpers.publish.public_summary import render_public_summaries


@dataclass(frozen=True)
class SummaryDraft:
    """One authority's public summary as composed (``step.draft_summaries``): its files, its
    render key, and its markdown, None when its files are fresh."""

    code: str
    name: str
    outputs: list[Path]
    key: str
    markdown: str | None


def render_batch(renderer_name: str, reports: list[tuple[Path, str, str]], out_dir: Path, year: int,
                 epoch: str) -> list[tuple[list[Path] | None, float, str | None]]:
    """A batch of authorities' reports (EXECUTED, CODE, NAME): for each, its files and
    seconds, or its error (a report that fails never stops the others).

    A renderer that can (the bundled one's ``render_authorities``) converts the batch in one
    Pandoc run. EPOCH is the build's SOURCE_DATE_EPOCH: a render process forked from a
    server started by an earlier build would otherwise keep that build's."""
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    started = time.perf_counter()
    renderer = choose_renderer(renderer_name)
    if hasattr(renderer, "render_authorities"):
        results = renderer.render_authorities([(executed, out_dir, code, name) for executed, code, name in reports],
                                              year)
    else:
        results = []
        for executed, code, name in reports:
            try:
                results.append(renderer.render_authority(executed, out_dir, authority_code=code,
                                                         authority_name=name, year=year))
            except Exception as error:  # noqa: BLE001 - reported as this report's failure
                results.append(error)
    seconds = (time.perf_counter() - started) / max(1, len(reports))
    return [(None, 0.0, f"{type(r).__name__}: {r}") if isinstance(r, BaseException) else (r, seconds, None)
            for r in results]


def render_summaries(pending: list[SummaryDraft], year: int, epoch: str) -> list[list[Path] | str]:
    """A batch of public summaries (EPOCH as for ``render_batch``): each one's files, or its error."""
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    results = render_public_summaries([(p.markdown, p.outputs[0].parent, p.code, p.name) for p in pending], year)
    return [f"{type(r).__name__}: {r}" if isinstance(r, BaseException) else r for r in results]
