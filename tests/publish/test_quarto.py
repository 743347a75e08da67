"""The Quarto path, through the commands it runs (a fake `quarto` records them)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

import pytest
import yaml

from scwres_helpers.publish.naming import UnsafeNameError
from scwres_helpers.publish.quarto import QuartoNotFound, QuartoRenderer

from .conftest import AUTHORITY_CODE, HOSTILE_NAME

FAKE_QUARTO = r"""#!/usr/bin/env python3
import json, os, pathlib, shutil, sys
log = pathlib.Path(os.environ["FAKE_QUARTO_LOG"])
here = pathlib.Path.cwd()
staged = {p.name: p.read_text() for p in here.iterdir() if p.suffix in (".yml", ".html", ".typ", ".qmd")}
with log.open("a") as handle:
    handle.write(json.dumps({"args": sys.argv[1:], "cwd": str(here), "staged": staged,
                             "notebooks": sorted(p.name for p in here.glob("*.ipynb"))}) + "\n")
if os.environ.get("FAKE_QUARTO_FAIL"):
    sys.exit(1)
args = sys.argv[1:]
target, to = args[1], args[args.index("--to") + 1]
if target == ".":
    site = here / "_site"
    site.mkdir()
    for page in list(here.glob("*.ipynb")) + list(here.glob("*.qmd")):
        (site / (page.stem + ".html")).write_text("<html></html>")
else:
    stem = pathlib.Path(target).stem
    (here / (stem + (".html" if to == "html" else ".pdf"))).write_text(to)
"""


@pytest.fixture
def fake_quarto(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "quarto"
    script.write_text(FAKE_QUARTO)
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    log = tmp_path / "quarto.log"
    monkeypatch.setenv("FAKE_QUARTO_LOG", str(log))
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")

    def calls() -> list[dict]:
        return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []

    return calls


def test_authority_report_renders_html_then_typst_without_executing(fake_quarto, tmp_path):
    notebook = tmp_path / "executed.ipynb"
    notebook.write_text("{}")
    written = QuartoRenderer().render_authority(
        notebook, tmp_path / "out", authority_code=AUTHORITY_CODE, authority_name=HOSTILE_NAME, year=2024
    )
    calls = fake_quarto()
    assert [c["args"] for c in calls] == [
        ["render", f"{AUTHORITY_CODE}.ipynb", "--to", "html", "--no-execute"],
        ["render", f"{AUTHORITY_CODE}.ipynb", "--to", "typst", "--no-execute"],
    ]
    assert calls[0]["cwd"] == calls[1]["cwd"] != str(tmp_path / "out")
    assert not Path(calls[0]["cwd"]).exists()  # the staging folder is removed
    assert calls[0]["notebooks"] == [f"{AUTHORITY_CODE}.ipynb"]
    assert written == [tmp_path / "out" / f"{AUTHORITY_CODE}.html", tmp_path / "out" / f"{AUTHORITY_CODE}.pdf"]
    assert [p.read_text() for p in written] == ["html", "typst"]
    staged = calls[0]["staged"]
    project = yaml.safe_load(staged["_quarto.yml"])
    assert project["execute"]["enabled"] is False
    assert project["format"]["html"]["embed-resources"] is True
    assert project["format"]["typst"]["papersize"] == "a4"
    assert HOSTILE_NAME not in staged["_quarto.yml"]  # never in metadata, where it would be markdown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in staged["marking.html"]
    assert "<script>" not in staged["marking.html"]
    footer = '#set page(footer: text(size: 8pt, "Official sensitive: for <script>alert(1)</script> & '
    assert footer in staged["marking.typ"]
    assert 'HYPERLINK(\\"http://e\\")' in staged["marking.typ"]


def test_a_failed_render_raises(fake_quarto, tmp_path, monkeypatch):
    monkeypatch.setenv("FAKE_QUARTO_FAIL", "1")
    notebook = tmp_path / "executed.ipynb"
    notebook.write_text("{}")
    with pytest.raises(subprocess.CalledProcessError):
        QuartoRenderer().render_authority(
            notebook, tmp_path / "out", authority_code=AUTHORITY_CODE, authority_name="A", year=2024
        )


def test_bad_code_is_refused_before_quarto_runs(fake_quarto, tmp_path):
    with pytest.raises(UnsafeNameError):
        QuartoRenderer().render_authority(
            tmp_path / "x.ipynb", tmp_path / "out", authority_code="../X", authority_name="A", year=2024
        )
    assert fake_quarto() == []


def test_missing_quarto_is_reported(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(QuartoNotFound):
        QuartoRenderer().binary()


@pytest.mark.slow
def test_site_renders_the_staged_project_once(fake_quarto, national_chapters, tmp_path):
    out = tmp_path / "site"
    written = QuartoRenderer().render_site(
        national_chapters, out, 2024, extra_pages={"downloads": "# Downloads\n"}, years_available=[2023, 2024]
    )
    calls = fake_quarto()
    assert [c["args"] for c in calls] == [["render", ".", "--to", "html", "--no-execute"]]
    assert calls[0]["notebooks"] == ["index.ipynb", "indicator-3.ipynb", "methodology.ipynb"]
    project = yaml.safe_load(calls[0]["staged"]["_quarto.yml"])
    assert project["project"]["render"] == ["index.ipynb", "indicator-3.ipynb", "methodology.ipynb", "downloads.qmd"]
    assert project["execute"]["enabled"] is False
    assert project["website"]["title"] == "Social Care Workforce Race Equality Standard: national report"
    assert project["website"]["navbar"]["right"] == [{"text": "2023", "href": "../../2023/site/index.html"}]
    assert "[The national report for 2024 as one PDF](report.pdf)" in calls[0]["staged"]["downloads.qmd"]
    expected = {"index.html", "indicator-3.html", "methodology.html", "downloads.html", "report.pdf"}
    assert {p.name for p in written} >= expected
