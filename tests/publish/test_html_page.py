"""Pages around Pandoc bodies: escaping, contents lists, embedded images."""

from __future__ import annotations

import base64

import pytest

from scwres_helpers.publish.html_page import (
    EmbeddingError,
    FooterLine,
    Link,
    Section,
    YearLink,
    embed_images,
    render_page,
    with_contents,
)

BODY = (
    '<h1 id="t">Title</h1>\n<p>Intro</p>\n<h2 id="a">First &amp; <em>one</em></h2>\n'
    '<h2 id="b">Second</h2>\n<h3 id="c">Sub</h3>\n<h2 id="d">Third</h2>\n'
)


def test_contents_list_of_level_two_headings_before_the_first():
    out = with_contents(BODY)
    before, after = out.split('<nav class="contents"', 1)
    assert before == '<h1 id="t">Title</h1>\n<p>Intro</p>\n'
    assert '<li><a href="#a">First &amp; one</a></li>' in after
    assert '<li><a href="#d">Third</a></li>' in after
    assert "#c" not in after.split("</nav>")[0]
    assert after.split("</nav>\n", 1)[1].startswith('<h2 id="a">')


def test_short_pages_get_no_contents_list():
    assert with_contents('<h1 id="t">T</h1><h2 id="a">A</h2>') == '<h1 id="t">T</h1><h2 id="a">A</h2>'


def test_images_are_embedded_as_data_uris():
    svg = b"<svg/>"
    out = embed_images('<p><img src="fig-01.svg" alt="A chart" /></p>', {"fig-01.svg": svg})
    assert out == f'<p><img src="data:image/svg+xml;base64,{base64.b64encode(svg).decode()}" alt="A chart" /></p>'


def test_an_image_that_is_not_ours_cannot_be_embedded():
    with pytest.raises(EmbeddingError):
        embed_images('<img src="http://example.org/x.png" alt="x">', {"fig-01.svg": b""})


def test_every_value_is_escaped_but_the_body():
    hostile = "<script>alert(1)</script>"
    page = render_page(
        title=hostile,
        body="<p>body</p>",
        programme=hostile,
        band_marking=hostile,
        navbar=(Link("index.html", hostile, current=True),),
        sidebar=(Section(hostile, (Link("a.html", hostile),)),),
        years=(YearLink(2024, "index.html", True), YearLink(2023, "../2023/index.html")),
        footer_lines=(FooterLine(hostile, marking=True),),
        css_href="scwres.css",
    )
    assert "<script" not in page
    # title, programme, marking, navbar, footer, and the sidebar section and link in both chapter lists
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 9
    assert "<p>body</p>" in page


def test_page_structure():
    page = render_page(title="T", body="<h1>T</h1>", programme="P", lang="en-GB", css_inline="body{}")
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en-GB\">")
    assert '<a class="skip-link" href="#main">Skip to main content</a>' in page
    assert '<main id="main" tabindex="-1">' in page
    assert "<style>\nbody{}\n</style>" in page
    assert "<nav" not in page  # an authority report has no site navigation
