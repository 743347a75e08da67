"""Where content goes in a page, and in the site's navigation, for both renderers."""

from __future__ import annotations

from pathlib import Path

from scwres_helpers.publish.content import ContentFile, YearContent
from scwres_helpers.publish.content_pages import quarto_project, site_config, with_content
from scwres_helpers.publish.notebook_markdown import notebook_to_markdown
from scwres_helpers.publish.quarto_config import NavLink, NavSection, SiteConfig

VARIABLES = {"indicator_2.all_services.minoritised.relative_likelihood": "0.52", "withheld": "[c]"}


def _file(name: str, text: str, title: str | None = None) -> ContentFile:
    return ContentFile(Path(name), name, text, 1, title)


def _notebook() -> dict:
    """A chapter as the national notebooks make it: parameters, opening (title, notice),
    an introduction in markdown, then the body's sections."""
    def shown(markdown: str) -> dict:
        return {"cell_type": "code", "metadata": {}, "source": "show()", "execution_count": 1,
                "outputs": [{"output_type": "display_data", "metadata": {}, "data": {"text/markdown": markdown}}]}
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "source": "year = 2024", "outputs": [],
         "execution_count": 1},
        shown("# Overview\n\n> Synthetic data.\n\nThe report for 2024."),
        {"cell_type": "markdown", "metadata": {}, "source": "How to read the figures."},
        shown("## Key findings\n\nThree findings.\n\n## Representation\n\nShares."),
    ]}


CONTENT = YearContent(
    2024,
    foreword=_file("foreword.md", "Quoted: {{< var indicator_2.all_services.minoritised.relative_likelihood >}}."),
    commentary={"index": _file("index.md", "Closing words, {{< var withheld >}}.", title="Our view")},
    pages={"case-study": _file("pages/case-study.md", "What they did.", title="A case study")},
    variables=VARIABLES,
)


def test_the_foreword_is_the_first_section_and_the_commentary_the_last():
    markdown = notebook_to_markdown(with_content(_notebook(), "index", CONTENT, resolved=True)).markdown
    headings = [line for line in markdown.splitlines() if line.startswith("#")]
    assert headings == ["# Overview", "## Foreword", "## Key findings", "## Representation", "## Our view"]
    assert markdown.index("How to read the figures.") < markdown.index("## Foreword")
    assert "Quoted: 0\\.52." in markdown and "Closing words, \\[c\\]." in markdown


def test_unresolved_content_keeps_the_shortcodes_for_quarto():
    notebook = with_content(_notebook(), "index", CONTENT, resolved=False)
    sources = [cell["source"] for cell in notebook["cells"] if "scwres-content" in cell["metadata"].get("tags", [])]
    # as lines keeping their ends: Quarto joins a cell's lines without adding breaks
    assert sources == [["## Foreword\n", "\n",
                        "Quoted: {{< var indicator_2.all_services.minoritised.relative_likelihood >}}.\n"],
                       ["## Our view\n", "\n", "Closing words, {{< var withheld >}}.\n"]]


def test_a_page_without_content_is_the_notebook_itself_and_the_notebook_is_never_changed():
    notebook = _notebook()
    assert with_content(notebook, "trends", CONTENT, resolved=True) is notebook
    assert with_content(notebook, "index", None, resolved=True) is notebook
    with_content(notebook, "index", CONTENT, resolved=True)
    assert notebook == _notebook()


def test_a_foreword_goes_only_into_the_overview():
    other = with_content(_notebook(), "indicator-2", YearContent(2024, foreword=CONTENT.foreword), resolved=True)
    assert "Foreword" not in notebook_to_markdown(other).markdown


BASE = SiteConfig(
    title="National report", lang="en-GB",
    navbar=(NavLink("index", "Overview"), NavLink("downloads", "Downloads")),
    sidebar=(NavLink("index", "Overview"), NavSection("Indicators", (NavLink("indicator-2", "2. Appointment"),)),
             NavLink("methodology", "Methodology"), NavLink("downloads", "Downloads")),
    pages=("index", "indicator-2", "methodology", "downloads"),
)


def test_content_pages_join_the_sidebar_before_the_generated_pages():
    config = site_config(BASE, CONTENT)
    assert config.pages == ("index", "indicator-2", "methodology", "case-study", "downloads")
    assert config.page_order() == ["index", "indicator-2", "methodology", "case-study", "downloads"]
    assert config.page_title("case-study") == "A case study"
    assert site_config(BASE, YearContent(2024)) is BASE


def test_the_quarto_project_lists_them_in_the_same_place():
    base = {"website": {"sidebar": {"contents": [
        {"href": "index.ipynb", "text": "Overview"}, {"section": "Indicators", "contents": []},
        {"href": "methodology.ipynb", "text": "Methodology"}, {"href": "downloads.qmd", "text": "Downloads"}]}}}
    project = quarto_project(base, CONTENT)
    hrefs = [entry.get("href") for entry in project["website"]["sidebar"]["contents"]]
    assert hrefs == ["index.ipynb", None, "methodology.ipynb", "case-study.qmd", "downloads.qmd"]
    assert project["website"]["sidebar"]["contents"][3]["text"] == "A case study"
    assert len(base["website"]["sidebar"]["contents"]) == 4  # BASE is left as it was
