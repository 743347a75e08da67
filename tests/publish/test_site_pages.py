"""What each page of the site is made from, read from _quarto.yml alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from scwres_helpers.publish.naming import UnsafeNameError
from scwres_helpers.publish.quarto_config import QuartoConfigError, load_site_config
from scwres_helpers.publish.site_pages import (
    NATIONAL_NOTEBOOKS,
    SitePage,
    UnknownPageError,
    chapter_pages,
    published_pages,
    resolve_page,
)

CONFIG = """
project:
  type: website
  render:
{render}
website:
  title: "A report"
  sidebar:
    contents:
{sidebar}
"""


def write_config(tmp_path: Path, pages: list[str], linked: list[str] | None = None) -> Path:
    path = tmp_path / "_quarto.yml"
    path.write_text(CONFIG.format(
        render="\n".join(f"    - {page}" for page in pages),
        sidebar="\n".join(f"      - href: {page}" for page in (pages if linked is None else linked)),
    ))
    return path


@pytest.fixture
def notebooks(tmp_path) -> Path:
    folder = tmp_path / "national"
    folder.mkdir()
    for name in ("index", "indicator", "trends"):
        (folder / f"{name}.ipynb").write_text("{}")
    return folder


def test_own_notebook_family_member_and_generated_page(notebooks):
    assert resolve_page("trends", notebooks) == SitePage("trends", notebooks / "trends.ipynb")
    assert resolve_page("indicator-7", notebooks) == SitePage(
        "indicator-7", notebooks / "indicator.ipynb", {"indicator": "7"}
    )
    assert resolve_page("downloads", notebooks) == SitePage("downloads", None)
    assert resolve_page("downloads", notebooks).generated


def test_a_page_nothing_makes_is_named_in_the_error(notebooks):
    with pytest.raises(UnknownPageError, match="'glossary'.*glossary.ipynb"):
        resolve_page("glossary", notebooks)
    with pytest.raises(UnknownPageError, match="'indicator-10'"):
        resolve_page("indicator-10", notebooks)  # the indicators are 1 to 9
    with pytest.raises(UnsafeNameError):
        resolve_page("../index", notebooks)


def test_a_page_added_to_quarto_yml_is_published_and_in_its_order(tmp_path, notebooks):
    config = write_config(tmp_path, ["index.ipynb", "trends.ipynb", "indicator-2.ipynb", "downloads.qmd"])
    assert [page.name for page in published_pages(config, notebooks)] == [
        "index", "trends", "indicator-2", "downloads",
    ]
    assert [page.name for page in chapter_pages(config, notebooks)] == ["index", "trends", "indicator-2"]


def test_an_unknown_page_in_quarto_yml_stops_with_its_name(tmp_path, notebooks):
    config = write_config(tmp_path, ["index.ipynb", "glossary.ipynb"])
    with pytest.raises(UnknownPageError, match="'glossary'"):
        chapter_pages(config, notebooks)


def test_navigation_to_a_page_not_listed_is_an_error(tmp_path):
    config = write_config(tmp_path, ["index.ipynb"], linked=["index.ipynb", "trends.ipynb"])
    with pytest.raises(QuartoConfigError, match="'trends'"):
        load_site_config(config)


def test_the_project_publishes_every_chapter_from_its_notebook():
    pages = published_pages()
    assert [page.name for page in pages] == load_site_config().page_order()
    indicators = [page for page in pages if page.name.startswith("indicator-")]
    assert [page.parameters for page in indicators] == [{"indicator": str(n)} for n in range(1, 10)]
    assert {page.notebook for page in indicators} == {NATIONAL_NOTEBOOKS / "indicator.ipynb"}
    assert [page.name for page in pages if page.generated] == ["downloads", "revisions"]
    assert all(page.notebook.is_file() for page in pages if not page.generated)
