"""Our reports' markdown read as Pandoc reads it, and what is refused (then Pandoc converts it)."""

import pytest

from scwres_helpers.publish.markdown_subset import BlockQuote, BulletList, Header, Para, Plain, RawHtml, Table, \
    Unsupported, inlines, parse
from scwres_helpers.publish.pandoc import convert_each, convert_many_to_html_and_typst


def test_words_quotes_and_dashes_become_pandocs_inlines():
    assert inlines("this authority's \"no clear change\" -- 2024...") == [
        ("str", "this"), ("space",), ("str", "authority’s"), ("space",),
        ("quoted", "double", [("str", "no"), ("space",), ("str", "clear"), ("space",), ("str", "change")]),
        ("space",), ("str", "–"), ("space",), ("str", "2024…"),
    ]
    assert inlines("**Small numbers.** the *relative likelihood* of 'four-fifths'") == [
        ("strong", [("str", "Small"), ("space",), ("str", "numbers.")]), ("space",), ("str", "the"), ("space",),
        ("emph", [("str", "relative"), ("space",), ("str", "likelihood")]), ("space",), ("str", "of"), ("space",),
        ("quoted", "single", [("str", "four-fifths")]),
    ]


def test_escapes_and_entities_are_text():
    assert inlines("\\[x\\]\\(javascript:alert\\(2\\)\\) &lt;b&gt; &amp; not\\_known") == [
        ("str", "[x](javascript:alert(2))"), ("space",), ("str", "<b>"), ("space",), ("str", "&"), ("space",),
        ("str", "not_known"),
    ]


def test_a_report_shaped_document_gives_its_blocks():
    markdown = (
        "# Title\n\n> **Synthetic data.** Invented.\n\n## Summary\n\n- **One.** First.\n- Two.\n\n"
        "**Chart title**\n\nSubtitle.\n\n![](fig-01.svg \"Alt\\, text\")\n\n<details>\n"
        "<summary>Data behind this chart</summary>\n\n| Group | Value |\n|:---|---:|\n| A | 1.5 |\n\n"
        ": Caption\n\n</details>\n"
    )
    blocks = parse(markdown)
    assert [type(block) for block in blocks] == [Header, BlockQuote, Header, BulletList, Para, Para, Para, RawHtml,
                                                 RawHtml, Plain, RawHtml, Table, RawHtml]
    assert blocks[6].inlines == [("image", "fig-01.svg", "Alt, text")]
    table = blocks[11]
    assert table.aligns == ["left", "right"] and table.rows == [[[("str", "A")], [("str", "1.5")]]]
    assert table.caption == [("str", "Caption")]


@pytest.mark.parametrize(
    "markdown",
    [
        "A [link](https://example.org).\n",
        "Some `code`.\n",
        "<div>raw</div>\n",
        "Title\n=====\n",
        "- a\n\n- b\n",
        "- - nested\n",
        "Text\n- not a list\n",
        "1. one\n",
        "(a) a list in Pandoc\n",
        "A ![picture](x.png) in text.\n",
        "An _emphasis_.\n",
        "![](https://example.org/x.svg \"remote\")\n",
        "A line break  \nhere.\n",
        "An unclosed **bold.\n",
        "An \"open quote.\n",
        "| a | b |\n|---|---|\n",
        ": a caption before\n\n| a |\n|---|\n| 1 |\n",
        "# Heading {#with-id}\n",
        ">\n",
    ],
)
def test_what_is_not_modelled_is_refused_and_pandoc_converts_it(markdown):
    with pytest.raises(Unsupported):
        parse(markdown)
    [converted] = convert_each([markdown])
    assert converted == convert_many_to_html_and_typst([markdown, "x\n"])[0]
