"""Navigation of one site page from _quarto.yml and the pages actually built."""

from __future__ import annotations

import dataclasses

from scwres_helpers.publish.html_page import Link, Section, YearLink
from scwres_helpers.publish.quarto_config import load_site_config
from scwres_helpers.publish.site_navigation import navbar, pager, sidebar, site_pages, year_links

CONFIG = load_site_config()


def test_pages_follow_the_sidebar_order_and_unknown_pages_come_last():
    assert site_pages(CONFIG, ["methodology", "archive", "index", "indicator-3", "downloads"]) == [
        "index",
        "indicator-3",
        "methodology",
        "downloads",
        "archive",
    ]


def test_sidebar_links_only_pages_that_exist_and_marks_the_current_one():
    pages = ["index", "indicator-3", "methodology", "downloads", "archive"]
    assert sidebar(CONFIG, pages, "indicator-3") == (
        Link("index.html", "Overview and key findings"),
        Section("Indicators", (Link("indicator-3.html", "3. Entering the formal disciplinary process", True),)),
        Link("methodology.html", "Methodology"),
        Link("downloads.html", "Downloads"),
        Link("archive.html", "Archive"),
    )


def test_navbar_from_config():
    assert navbar(CONFIG, ["index", "methodology", "downloads"], "downloads") == (
        Link("index.html", "Overview"),
        Link("methodology.html", "Methodology"),
        Link("downloads.html", "Downloads", True),
    )


def test_year_links_point_at_the_other_years_folders_of_the_published_site():
    assert year_links([2022, 2024, 2023], 2024) == (
        YearLink(2024, "index.html", True),
        YearLink(2023, "../2023/index.html"),
        YearLink(2022, "../2022/index.html"),
    )


def test_no_year_switcher_for_a_single_year():
    assert year_links([2024], 2024) == ()
    assert year_links([], 2024) == ()


def test_pager_follows_the_reading_order_when_page_navigation_is_on():
    config = load_site_config()
    assert config.page_navigation  # _quarto.yml: website.page-navigation: true
    pages = ["index", "indicator-1", "indicator-2", "downloads"]
    assert pager(config, pages, "index") == (None, Link("indicator-1.html", config.page_title("indicator-1")))
    assert pager(config, pages, "indicator-1") == (Link("index.html", config.page_title("index")),
                                                   Link("indicator-2.html", config.page_title("indicator-2")))
    assert pager(config, pages, "downloads") == (Link("indicator-2.html", config.page_title("indicator-2")), None)
    assert pager(dataclasses.replace(config, page_navigation=False), pages, "indicator-1") == (None, None)
