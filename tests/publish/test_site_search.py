"""The bundled site's search index (publish/site_search.py): one entry per section."""

from __future__ import annotations

import json

from scwres_helpers.publish.site_search import page_sections, plain_text, search_index_script

BODY = (
    "<h1>Indicator 3</h1><p>Entering the <em>formal</em> disciplinary process.</p>"
    '<h2 id="by-service">By service</h2><p>Adult &amp; children&#39;s services.</p>'
    '<script>var hidden = "not words";</script>'
    '<h3 id="empty"> Empty </h3>'
    '<h2 id="notes">Notes on <code>[c]</code></h2><p>Withheld.</p>'
)


def test_plain_text_drops_tags_scripts_and_entities():
    assert plain_text('<p>A &amp; B</p>\n<script>x()</script>  <svg><text>1</text></svg>C') == "A & B C"


def test_each_section_links_to_its_heading_and_empty_sections_are_left_out():
    assert page_sections("indicator-3.html", "Indicator 3", BODY) == [
        {"href": "indicator-3.html", "page": "Indicator 3", "section": "Indicator 3",
         "text": "Indicator 3 Entering the formal disciplinary process."},
        {"href": "indicator-3.html#by-service", "page": "Indicator 3", "section": "By service",
         "text": "Adult & children's services."},
        {"href": "indicator-3.html#notes", "page": "Indicator 3", "section": "Notes on [c]", "text": "Withheld."},
    ]


def test_the_index_script_cannot_be_closed_by_a_page_s_text():
    script = search_index_script({"a.html": ("A", "<p>&lt;/script&gt;&lt;script&gt;alert(1)</p>")})
    assert script.startswith("window.scwresSearchIndex = ") and script.endswith(";\n")
    assert "</script" not in script and "<" not in script
    entries = json.loads(script[len("window.scwresSearchIndex = "):-2])
    assert entries == [{"href": "a.html", "page": "A", "section": "A", "text": "</script><script>alert(1)"}]
