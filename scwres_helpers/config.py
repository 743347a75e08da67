"""Where things live. Every path the pipeline uses is defined here, once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

PROJ_ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
TEMPLATES_DIR = PROJ_ROOT / "templates"
PARAMS_DIR = PROJ_ROOT / "params"
OUTPUTS_DIR = PROJ_ROOT / "outputs"
SAMPLE_RETURNS_DIR = PROJ_ROOT / "data" / "sample_returns"
LOOKUPS_DIR = PROJ_ROOT / "data" / "lookups"
# English councils' ONS regions (the source and date are in the file's header).
AUTHORITY_REGIONS_CSV = LOOKUPS_DIR / "authority_regions.csv"
QUARTO_CONFIG = PROJ_ROOT / "_quarto.yml"
# The reports' sentences (report.phrases): an input of every notebook execution.
PHRASEBOOK = TEMPLATES_DIR / "phrases.yml"
# What analysts write for each year: content/<year>/ (publish.content; docs/authoring.md).
CONTENT_DIR = PROJ_ROOT / "content"
# The headings put around that content.
CONTENT_WORDS = TEMPLATES_DIR / "content.yml"
PACKAGE_DIR = Path(__file__).resolve().parent


def year_output_dir(out_root: Path, year: int) -> Path:
    """The folder holding everything built for one collection year."""
    return Path(out_root) / str(int(year))


# A year's outputs, public and private apart (``YearLayout``): serving the public
# folder can never expose an authority's report, a bundle, a notebook or the manifest.
PUBLIC = "public"
PRIVATE = "private"
# Each authority's public summary (issue 21): public/authorities/<CODE>/summary.{html,pdf};
# the folder is named by the code (checked), never by the name.
AUTHORITIES = "authorities"
SUMMARY_STEM = "summary"
SUMMARY_SUFFIXES = (".html", ".pdf")
_AUTHORITY_CODE = re.compile(r"[A-Z][0-9]{8}")


@dataclass(frozen=True)
class YearLayout:
    """Where each output of one collection year goes, under ``outputs/<year>/``.

    ``public/site/`` is the national website with its PDF and data tables and
    ``public/authorities/<CODE>/`` each authority's public summary (what may be
    published); ``private/`` holds the authority reports, the executed notebooks, the
    input bundles, the full indicators table, the manifest and the release record.
    Notebooks run in ``private/``, so the bundle paths they are given are relative.
    """

    root: Path

    @classmethod
    def of(cls, out_root: Path, year: int) -> "YearLayout":
        return cls(year_output_dir(out_root, year))

    @property
    def public(self) -> Path:
        return self.root / PUBLIC

    @property
    def site(self) -> Path:
        return self.public / "site"

    @property
    def summaries(self) -> Path:
        """Where the authorities' public summaries go, a folder per authority code."""
        return self.public / AUTHORITIES

    def summary_paths(self, code: str) -> list[Path]:
        """CODE's public summary, HTML and PDF; the code (never a name) builds the path."""
        if not isinstance(code, str) or not _AUTHORITY_CODE.fullmatch(code):
            raise ValueError(f"not a valid authority code: {code!r}")
        return [self.summaries / code / f"{SUMMARY_STEM}{suffix}" for suffix in SUMMARY_SUFFIXES]

    @property
    def private(self) -> Path:
        return self.root / PRIVATE

    @property
    def reports(self) -> Path:
        return self.private / "reports"

    @property
    def notebooks(self) -> Path:
        return self.private / "notebooks"

    @property
    def inputs(self) -> Path:
        return self.private / "inputs"

    @property
    def data(self) -> Path:
        return self.private / "data"

    @property
    def manifest(self) -> Path:
        return self.private / "manifest.json"

    @property
    def release(self) -> Path:
        return self.private / "release"
