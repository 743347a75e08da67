"""Executed notebooks and rendered reports, built once per test session.

The notebooks are executed with papermill (in parallel, in a session temporary
folder) from the committed sample returns: one authority report, the same report
for an authority with a hostile name (an input bundle carrying the name, as the
build writes it), and a subset of the national chapters (the home page, an
indicator chapter, methodology) that exercises every kind of output.

Both renderers render them: the bundled one always, Quarto when ``quarto`` is on PATH
(``make test`` installs it from ``../shared/tools/quarto``). Without Quarto its
tests skip with the reason, except under CI (``CI=true``), where they fail.
"""

from __future__ import annotations

import csv
import dataclasses
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from scwres_helpers.config import NOTEBOOKS_DIR, SAMPLE_RETURNS_DIR
from scwres_helpers.publish import Renderer
from scwres_helpers.publish.bundled import BundledRenderer
from scwres_helpers.publish.quarto import QuartoRenderer

YEAR = 2024
AUTHORITY_CODE = "X07853579"
HOSTILE_NAME = '<script>alert(1)</script> & [x](javascript:alert(2)) =HYPERLINK("http://e") #set page(fill: red)'
NATIONAL_CHAPTERS = {"index": {}, "indicator-3": {"indicator": "3"}, "regions": {}, "methodology": {}}
DATA_FILE = "scwres-2024-data-tables.csv"
DOWNLOADS = f"# Downloads\n\nThe published data tables: [data tables (CSV)]({DATA_FILE}).\n"


def authority_name(code: str = AUTHORITY_CODE, year: int = YEAR) -> str:
    """The name in the sample return's about.csv (read here, not by the code under test)."""
    with open(SAMPLE_RETURNS_DIR / str(year) / code / "about.csv", newline="", encoding="utf-8") as handle:
        return {row["field"]: row["value"] for row in csv.DictReader(handle)}["authority_name"]


def _papermill(notebook: Path, output: Path, parameters: dict) -> Path:
    args = [sys.executable, "-m", "papermill", str(notebook), str(output), "-k", "python3", "--no-progress-bar"]
    for key, value in parameters.items():
        args += ["-p", key, str(value)] if isinstance(value, int) else ["-r", key, str(value)]
    done = subprocess.run(args, check=False, capture_output=True, cwd=notebook.parent)
    if done.returncode != 0:  # say why (a kernel that lost its port is run again: see the Makefile)
        raise RuntimeError(f"papermill {notebook.name} failed:\n{done.stderr.decode('utf-8', 'replace')[-4000:]}")
    return output


@pytest.fixture(scope="session")
def executed(tmp_path_factory) -> dict[str, Path]:
    """name -> executed notebook: 'authority', 'hostile', and the national chapters."""
    from scwres_helpers.bundles import authority_inputs_from_returns

    folder = tmp_path_factory.mktemp("executed")
    inputs = authority_inputs_from_returns(SAMPLE_RETURNS_DIR, YEAR, AUTHORITY_CODE)
    bundle = folder / "hostile-bundle"
    dataclasses.replace(inputs, authority_name=HOSTILE_NAME).write(bundle)
    common = {"year": YEAR, "returns_root": SAMPLE_RETURNS_DIR}
    jobs = {
        "authority": (NOTEBOOKS_DIR / "authority.ipynb", {**common, "authority_code": AUTHORITY_CODE}),
        "hostile": (
            NOTEBOOKS_DIR / "authority.ipynb",
            {**common, "authority_code": AUTHORITY_CODE, "inputs_dir": bundle},
        ),
    }
    for chapter, extra in NATIONAL_CHAPTERS.items():
        source = "indicator" if chapter.startswith("indicator-") else chapter
        jobs[chapter] = (NOTEBOOKS_DIR / "national" / f"{source}.ipynb", {**common, **extra})
    with ThreadPoolExecutor(max_workers=3) as pool:
        futures = {
            name: pool.submit(_papermill, notebook, folder / f"{name}.ipynb", parameters)
            for name, (notebook, parameters) in jobs.items()
        }
        return {name: future.result() for name, future in futures.items()}


@pytest.fixture(scope="session")
def national_chapters(executed) -> dict[str, Path]:
    return {name: executed[name] for name in NATIONAL_CHAPTERS}


def render_authority_into(
    out_dir: Path, notebook: Path, name: str, renderer: Renderer | None = None
) -> dict[str, Path]:
    html, pdf = (renderer or BundledRenderer()).render_authority(
        notebook, out_dir, authority_code=AUTHORITY_CODE, authority_name=name, year=YEAR
    )
    return {"html": html, "pdf": pdf}


@pytest.fixture(scope="session")
def authority_report(executed, tmp_path_factory) -> dict[str, Path]:
    """{'html': ..., 'pdf': ...} of the sample authority's report."""
    return render_authority_into(tmp_path_factory.mktemp("authority"), executed["authority"], authority_name())


@pytest.fixture(scope="session")
def hostile_report(executed, tmp_path_factory) -> dict[str, Path]:
    return render_authority_into(tmp_path_factory.mktemp("hostile"), executed["hostile"], HOSTILE_NAME)


def render_site_into(root: Path, chapters: dict[str, Path], renderer: Renderer | None = None) -> Path:
    """ROOT/2024, as ``scwres publish`` lays the years out, with a data file to download and a
    2023 site beside it to link to."""
    site = root / str(YEAR)
    site.mkdir(parents=True)
    (site / DATA_FILE).write_text("year,value\n2024,1\n", encoding="utf-8")
    earlier = root / str(YEAR - 1)
    earlier.mkdir(parents=True)
    (earlier / "index.html").write_text("<!DOCTYPE html><title>2023</title>", encoding="utf-8")
    (renderer or BundledRenderer()).render_site(
        chapters, site, YEAR, extra_pages={"downloads": DOWNLOADS}, years_available=[YEAR - 1, YEAR]
    )
    return site


@pytest.fixture(scope="session")
def site(national_chapters, tmp_path_factory) -> Path:
    """The rendered national site folder (a published site's 2024/)."""
    return render_site_into(tmp_path_factory.mktemp("outputs"), national_chapters)


# Quarto ------------------------------------------------------------------------------------


def skip_or_fail(reason: str) -> None:
    """Skip with REASON; under CI (CI=true) a missing tool fails the test instead."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (required under CI=true)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def quarto() -> str:
    """The quarto binary the Quarto tests run."""
    found = shutil.which("quarto")
    if not found:
        skip_or_fail("quarto is not on PATH; `make test` installs Quarto 1.7.34 from ../shared/tools/quarto")
    return found


@pytest.fixture(scope="session")
def quarto_outputs(quarto, executed, national_chapters, tmp_path_factory) -> dict:
    """What Quarto renders from the session's notebooks, the three renders at once:
    {'authority': {'html', 'pdf'}, 'hostile': {...}, 'site': <published/2024>}."""
    renderer = QuartoRenderer(quarto)
    with ThreadPoolExecutor(max_workers=3) as pool:
        jobs = {
            "authority": pool.submit(render_authority_into, tmp_path_factory.mktemp("quarto-authority"),
                                     executed["authority"], authority_name(), renderer),
            "hostile": pool.submit(render_authority_into, tmp_path_factory.mktemp("quarto-hostile"),
                                   executed["hostile"], HOSTILE_NAME, renderer),
            "site": pool.submit(render_site_into, tmp_path_factory.mktemp("quarto-outputs"),
                                national_chapters, renderer),
        }
        return {name: job.result() for name, job in jobs.items()}


@pytest.fixture(scope="session")
def quarto_report(quarto_outputs) -> dict[str, Path]:
    return quarto_outputs["authority"]


@pytest.fixture(scope="session")
def quarto_hostile_report(quarto_outputs) -> dict[str, Path]:
    return quarto_outputs["hostile"]


@pytest.fixture(scope="session")
def quarto_site(quarto_outputs) -> Path:
    return quarto_outputs["site"]
