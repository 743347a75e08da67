"""What Quarto is told: the staged projects, and untrusted text kept out of markup."""

from __future__ import annotations

import json

import yaml
from nbformat.v4 import new_code_cell, new_notebook

from scwres_helpers.config import QUARTO_CONFIG
from scwres_helpers.publish.html_page import YearLink
from scwres_helpers.publish.quarto_project import site_project, stage_authority, stage_site

from .conftest import HOSTILE_NAME
from .test_notebook_markdown import chart_output, markdown_output


def executed_notebook(path):
    code = new_code_cell("show()")
    code.outputs = [markdown_output("# A title\n\nSome words."), chart_output("A chart")]
    path.write_text(json.dumps(new_notebook(cells=[code])))
    return path


def test_an_authority_project_never_executes_hides_code_and_uses_the_project_s_template(tmp_path):
    stage = tmp_path / "stage"
    stage.mkdir()
    stage_authority(
        stage, executed_notebook(tmp_path / "executed.ipynb"), code="X07853579",
        title=f"SC-WRES report 2024: {HOSTILE_NAME}", programme="Programme", short_marking="Official sensitive",
        marking=f"Official sensitive: for {HOSTILE_NAME} only",
    )  # fmt: skip
    project = yaml.safe_load((stage / "_quarto.yml").read_text())
    assert project["project"]["render"] == ["X07853579.ipynb"]
    assert project["execute"] == {"enabled": False, "echo": False, "warning": False}
    html, typst = project["format"]["html"], project["format"]["typst"]
    assert html["embed-resources"] is True and html["format-links"] is False
    assert [f["at"] for f in html["filters"]] == ["pre-ast"] and html["filters"][0]["path"].endswith("quarto.lua")
    assert typst["template-partials"] == ["typst-template.typ", "typst-show.typ"]
    assert '#import "scwres.typ": *' in (stage / "typst-template.typ").read_text()
    assert (stage / "scwres.typ").is_file() and (stage / "X07853579.ipynb").is_file()
    assert (stage / "typst").stat().st_mode & 0o111  # Quarto's Typst: the project's compiler


def test_the_authority_s_name_reaches_quarto_only_escaped(tmp_path):
    stage = tmp_path / "stage"
    stage.mkdir()
    stage_authority(
        stage, executed_notebook(tmp_path / "executed.ipynb"), code="X07853579",
        title=f"SC-WRES report 2024: {HOSTILE_NAME}", programme="Programme", short_marking="Official sensitive",
        marking=f"Official sensitive: for {HOSTILE_NAME} only",
    )  # fmt: skip
    project_text = (stage / "_quarto.yml").read_text()
    assert HOSTILE_NAME not in project_text  # metadata is read as markdown: every mark is escaped
    assert yaml.safe_load(project_text)["pagetitle"].startswith("SC\\-WRES report 2024\\: \\<script\\>")
    footer = (stage / "footer.html").read_text()
    assert "<script>" not in footer and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; [x](javascript:" in footer
    values = (stage / "scwres-values.typ").read_text()
    assert '#let scwres-marking = "Official sensitive: for <script>alert(1)</script> & ' in values
    assert 'HYPERLINK(\\"http://e\\") #set page(fill: red) only"' in values  # one string literal, quotes escaped


def test_the_site_project_is_the_project_s_own_linking_only_pages_rendered(tmp_path):
    base = yaml.safe_load(QUARTO_CONFIG.read_text())
    years = (YearLink(2024, "index.html", True), YearLink(2023, "../2023/index.html"))
    project = site_project(base, ["index.ipynb", "indicator-3.ipynb", "downloads.qmd"], footer="A report, 2024.",
                           years=years, resources=["report.pdf"])
    assert project["project"]["render"] == ["index.ipynb", "indicator-3.ipynb", "downloads.qmd"]
    assert project["project"]["resources"] == ["report.pdf"]
    assert project["execute"]["enabled"] is False and project["execute"]["echo"] is False
    website = project["website"]
    assert website["title"] == base["website"]["title"]
    assert [item["href"] for item in website["navbar"]["left"]] == ["index.ipynb", "downloads.qmd"]
    assert "right" not in website["navbar"]  # the year switcher is a fragment before the page, as bundled
    assert project["format"]["html"]["include-before-body"] == "years.html"
    assert website["favicon"] == "favicon.svg"
    contents = website["sidebar"]["contents"]
    assert [entry.get("href") or entry["section"] for entry in contents] == [
        "index.ipynb", "Indicators", "downloads.qmd",
    ]
    assert [entry["href"] for entry in contents[1]["contents"]] == ["indicator-3.ipynb"]
    assert project["format"]["html"]["include-after-body"] == "site-furniture.html"
    assert base["website"]["sidebar"]["contents"][1]["contents"][0]["href"] == "indicator-1.ipynb"  # not changed


def test_stage_site_writes_each_page_as_quarto_reads_it(tmp_path):
    stage = tmp_path / "stage"
    stage.mkdir()
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF")
    stage_site(
        stage, yaml.safe_load(QUARTO_CONFIG.read_text()), {"index": executed_notebook(tmp_path / "index.ipynb")},
        {"downloads": "# Downloads\n"}, ["index", "downloads"], footer="A report, 2024.",
        resources={"report.pdf": pdf},
    )  # fmt: skip
    assert sorted(p.name for p in stage.iterdir()) == [
        "_quarto.yml", "downloads.qmd", "favicon.svg", "index.ipynb", "report.pdf", "scwres.css", "scwres.scss",
        "site-furniture.html", "typst", "years.html",
    ]
    # No other year given: the switcher's place only, between the markers scwres publish rewrites.
    assert (stage / "years.html").read_text().split() == ["<!--", "scwres:years", "-->", "<!--", "/scwres:years",
                                                          "-->"]
    staged = json.loads((stage / "index.ipynb").read_text())
    assert staged["cells"][0]["metadata"]["fig-alt"] == ["", "A chart"]
