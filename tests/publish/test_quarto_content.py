"""Both renderers take the same written content: Quarto's national site, given the year's
foreword, commentary and case-study page (the ``authored`` build's, tests/conftest.py), says
word for word what the bundled site says, with each ``{{< var KEY >}}`` resolved by Quarto
from the staged ``_variables.yml`` to the published figure, and lists the page in its
navigation.
"""

from __future__ import annotations

import pytest

from scwres_helpers.publish.bundled import BundledRenderer
from scwres_helpers.publish.content_figures import load_checked
from scwres_helpers.publish.quarto import QuartoRenderer
from scwres_helpers.publish.variables import read_variables

from .html_inspect import reading_text
from .test_quarto import same_words, sidebar_pages

pytestmark = pytest.mark.slow
YEAR = 2024
PAGES = ("index", "indicator-2", "case-study-county")
KEY = "indicator_2.all_services.minoritised"


@pytest.fixture(scope="module")
def rendered(authored, quarto, tmp_path_factory) -> dict:
    executed = authored.out / str(YEAR) / "private" / "notebooks" / "national"
    chapters = {path.stem: path for path in sorted(executed.glob("*.ipynb")) if not path.stem.endswith(".failed")}
    variables = read_variables(authored.out / str(YEAR) / "private" / "variables.yml")
    content, _ = load_checked(YEAR, variables, chapters, authored.content)
    sites = {}
    for name, renderer in (("bundled", BundledRenderer()), ("quarto", QuartoRenderer(quarto))):
        site = tmp_path_factory.mktemp(name) / str(YEAR) / "public" / "site"
        site.mkdir(parents=True)
        renderer.render_site(chapters, site, YEAR, content=content)
        sites[name] = site
    return {"variables": variables, **sites}


@pytest.mark.parametrize("page", PAGES)
def test_quarto_says_what_the_bundled_site_says_with_the_figures_resolved(rendered, page):
    bundled = reading_text((rendered["bundled"] / f"{page}.html").read_text(encoding="utf-8"))
    quarto_html = (rendered["quarto"] / f"{page}.html").read_text(encoding="utf-8")
    quarto = reading_text(quarto_html)
    assert same_words(bundled, quarto) == ""
    assert "{{<" not in quarto_html and "shortcode" not in quarto_html


def test_quarto_quotes_the_published_figures_and_lists_the_page(rendered):
    variables = rendered["variables"]
    overview = " ".join(reading_text((rendered["quarto"] / "index.html").read_text(encoding="utf-8")))
    assert (f"Shortlisted minoritised applicants were {variables[f'{KEY}.relative_likelihood']} times as likely"
            in overview)
    assert f"This year {variables['authorities_pooled']} authorities took part." in overview
    chapter = " ".join(reading_text((rendered["quarto"] / "indicator-2.html").read_text(encoding="utf-8")))
    assert "Commentary Panels of three now shortlist in most authorities." in chapter
    assert "case-study-county.html" in sidebar_pages(rendered["quarto"] / "indicator-2.html")
