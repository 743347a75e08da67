"""Titles and navigation from _quarto.yml, the one source for both renderers."""

from __future__ import annotations

import pytest

from scwres_helpers.publish.quarto_config import NavLink, NavSection, QuartoConfigError, load_site_config

SMALL = """
lang: en-GB
website:
  title: "A report"
  navbar:
    left:
      - href: index.ipynb
        text: Home
      - href: downloads.qmd
        text: Get the data
  sidebar:
    - contents:
        - href: index.ipynb
          text: Overview
        - section: Parts
          contents:
            - href: part-1.ipynb
              text: "Part one"
            - href: sub/part-2.ipynb
        - href: downloads.qmd
          text: Downloads
"""


def test_reads_title_navbar_and_sidebar(tmp_path):
    path = tmp_path / "_quarto.yml"
    path.write_text(SMALL)
    config = load_site_config(path)
    assert config.title == "A report"
    assert config.lang == "en-GB"
    assert config.navbar == (NavLink("index", "Home"), NavLink("downloads", "Get the data"))
    assert config.sidebar == (
        NavLink("index", "Overview"),
        NavSection("Parts", (NavLink("part-1", "Part one"), NavLink("part-2", "part-2"))),
        NavLink("downloads", "Downloads"),
    )
    assert config.page_order() == ["index", "part-1", "part-2", "downloads"]
    assert config.page_title("part-1") == "Part one"
    assert config.page_title("downloads") == "Downloads"  # the sidebar text wins over the navbar's
    assert config.page_title("not-there") == "Not there"


def test_missing_title_is_an_error(tmp_path):
    path = tmp_path / "_quarto.yml"
    path.write_text("website:\n  sidebar:\n    contents:\n      - href: index.ipynb\n")
    with pytest.raises(QuartoConfigError, match="title"):
        load_site_config(path)


def test_project_config_names_every_national_page():
    config = load_site_config()
    assert config.title == "Social Care Workforce Race Equality Standard: national report"
    assert config.page_order() == [
        "index",
        *(f"indicator-{n}" for n in range(1, 10)),
        "regions",
        "participation",
        "trends",
        "methodology",
        "downloads",
        "revisions",
    ]
    assert config.page_title("indicator-3") == "3. Entering the formal disciplinary process"
    assert [link.page for link in config.navbar] == ["index", "methodology", "downloads"]
    assert config.lang == "en-GB"
