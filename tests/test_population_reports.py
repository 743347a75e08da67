"""The local population file changes the authority reports by one section, and its
absence changes nothing: one authority built with the file and without it."""

from __future__ import annotations

import json
import re
import shutil

import nbformat
import pytest

from scwres_helpers.config import SAMPLE_RETURNS_DIR, YearLayout
from scwres_helpers.intake.population import POPULATION_FILE
from scwres_helpers.pipeline import build_year

pytestmark = pytest.mark.slow
YEAR = 2024
CODE = "X07853579"
HEADING = "The workforce and the local population"


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    """CODE's report built from the fixture with its population.csv, and again without it."""
    root = tmp_path_factory.mktemp("population")
    returns = root / "returns"
    shutil.copytree(SAMPLE_RETURNS_DIR, returns)
    built = {}
    for name in ("with", "without"):
        if name == "without":
            (returns / str(YEAR) / POPULATION_FILE).unlink()
        summary = build_year(returns, YEAR, out_root=root / name, authorities=[CODE], renderer="bundled", jobs=1)
        assert summary.ok, (summary.failed, summary.render_failures)
        built[name] = YearLayout.of(root / name, YEAR)
    return built


def _outputs(layout: YearLayout) -> list[tuple[str, list]]:
    notebook = nbformat.read(layout.private / "notebooks" / "authority" / f"{CODE}.ipynb", as_version=4)
    return [(cell.get("id"), [output.get("data", {}).get("text/markdown") for output in cell.get("outputs", [])])
            for cell in notebook.cells if cell.cell_type == "code"]


def _without_section(html: str) -> str:
    """The report's HTML without the population section: its entry in the contents list and
    the section itself (its h2 to the next h2)."""
    anchor = "the-workforce-and-the-local-population"
    entry = f'<li><a href="#{anchor}">{HEADING}</a></li>\n'
    assert html.count(entry) == 1
    html = html.replace(entry, "")
    start = html.index(f'<h2 id="{anchor}"')
    return html[:start] + html[html.index("<h2", start + 1):]


def test_the_reports_differ_only_by_the_population_section(two_builds):
    with_file, without = (_outputs(two_builds[n]) for n in ("with", "without"))
    assert [cell for cell, _ in with_file] == [cell for cell, _ in without]
    for (cell, shown), (_, plain) in zip(with_file, without):
        if cell == "population":
            assert shown and f"## {HEADING}" in shown[0] and plain == []
        else:
            assert shown == plain, cell
    html = {n: (two_builds[n].reports / f"{CODE}.html").read_text(encoding="utf-8") for n in two_builds}
    assert HEADING in html["with"] and HEADING not in html["without"]
    assert _without_section(html["with"]) == html["without"]


def test_without_the_file_the_bundle_has_no_area(two_builds):
    bundle = two_builds["without"].inputs / "authority" / CODE
    assert not (bundle / "area.csv").exists()
    assert (two_builds["with"].inputs / "authority" / CODE / "area.csv").exists()
    text = (two_builds["with"].inputs / "authority" / CODE / "area.csv").read_text()
    assert set(re.findall(r"X\d{8}", text)) == {CODE}  # its own area, nobody else's


def test_the_manifest_hashes_the_file_when_there_is_one(two_builds):
    inputs = {name: {entry["path"] for entry in json.loads(two_builds[name].manifest.read_text())["inputs"]}
              for name in two_builds}
    assert f"{YEAR}/{POPULATION_FILE}" in inputs["with"]
    assert inputs["with"] - inputs["without"] == {f"{YEAR}/{POPULATION_FILE}"}
