"""Where things live. Every path the pipeline uses is defined here, once."""

from __future__ import annotations

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
