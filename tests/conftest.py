"""Fixtures shared by test folders: the national report built with written content.

``authored`` builds the national report (national chapters only, bundled renderer)
of the sample data for 2023 and then 2024, with content written for 2024 alone: a
foreword quoting figures by key (and one decimal typed by hand), a commentary on
indicator 2 and a case-study page. ``tests/test_authoring.py`` reads what it made;
``tests/preview`` starts a preview from a copy of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from scwres_helpers.config import SAMPLE_RETURNS_DIR

AUTHORED_YEARS = (2023, 2024)
FOREWORD = """This year {{< var authorities_pooled >}} authorities took part.

Shortlisted minoritised applicants were
{{< var indicator_2.all_services.minoritised.relative_likelihood >}} times as likely as white
applicants to be appointed, against 1.83 typed by hand.
"""
COMMENTARY = "Panels of three now shortlist in most authorities.\n"
CASE_STUDY = """---
title: "Case study: a fictional county"
---

The county removed names from application forms.

## What changed

Of {{< var indicator_2.all_services.minoritised.group_counted >}} shortlisted minoritised
applicants nationally, {{< var indicator_2.all_services.minoritised.group_with_outcome >}}
were appointed.
"""


def write_content(root: Path) -> Path:
    """The 2024 content above, under ROOT (the folder given as --content)."""
    year = root / "2024"
    (year / "pages").mkdir(parents=True)
    (year / "foreword.md").write_text(FOREWORD, encoding="utf-8")
    (year / "indicator-2.md").write_text(COMMENTARY, encoding="utf-8")
    (year / "pages" / "case-study-county.md").write_text(CASE_STUDY, encoding="utf-8")
    return root


@dataclass(frozen=True)
class Authored:
    out: Path
    content: Path
    summaries: dict  # year -> BuildSummary


@pytest.fixture(scope="session")
def authored(tmp_path_factory) -> Authored:
    from scwres_helpers.pipeline import build_year

    root = tmp_path_factory.mktemp("authored")
    content = write_content(root / "content")
    out = root / "outputs"
    summaries = {
        year: build_year(SAMPLE_RETURNS_DIR, year, out_root=out, renderer="bundled", jobs=2, content_dir=content,
                         national_only=True)
        for year in AUTHORED_YEARS
    }
    return Authored(out, content, summaries)
