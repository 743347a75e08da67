"""Markdown -> HTML / Typst through Pandoc and our filters: safe, real tables, alt text."""

from __future__ import annotations

import re

import pytest

from scwres_helpers.publish.notebook_markdown import escape_alt
from scwres_helpers.publish.pandoc import (
    PandocError,
    convert_many_to_html_and_typst,
    convert_markdown,
    convert_markdown_to_html_and_typst,
    pandoc_command,
)

TABLE = "| Group | Value |\n|:---|---:|\n| Asian | 0.52 |\n"


def html(markdown: str) -> str:
    return convert_markdown(markdown, "html")


def typst(markdown: str) -> str:
    return convert_markdown(markdown, "typst")


@pytest.mark.parametrize(
    "markdown",
    [
        "<script>alert(1)</script>",
        "Text <img src=x onerror=alert(1)> more",
        "<iframe src='http://evil'></iframe>",
        "A <b onclick='x()'>bold</b> word",
    ],
)
def test_raw_html_becomes_visible_text(markdown):
    out = html(markdown)
    assert "<script" not in out and "<img" not in out and "<iframe" not in out and "<b " not in out
    assert "&lt;" in out


def test_details_and_summary_wrappers_survive():
    out = html(f"<details>\n<summary>Data behind this chart</summary>\n\n{TABLE}\n</details>\n")
    assert re.search(r"<details>\s*<summary>\s*Data behind this chart\s*</summary>", out)
    assert out.rstrip().endswith("</details>")
    assert "<th" in out


def test_unsafe_links_lose_their_target():
    out = html("[click](javascript:alert(1)) and [data](data:text/html,x) and [ok](https://example.org)")
    assert "javascript:" not in out and "data:text" not in out
    assert '<a href="https://example.org">ok</a>' in out
    assert "click" in out


def test_remote_images_are_replaced_by_their_alt_text():
    out = html("![tracking pixel](http://evil.example/p.png) ![chart](fig-01.svg)")
    assert "evil.example" not in out
    assert "tracking pixel" in out
    assert '<img src="fig-01.svg" alt="chart" />' in out


@pytest.mark.parametrize(
    "markdown", ["[x]{onclick=alert(1)}", "# Head {onclick=alert(1)}", "::: {onmouseover=x}\ntext\n:::", "$x^2$"]
)
def test_attribute_syntax_and_maths_are_not_markup(markdown):
    out = html(markdown)
    assert not re.search(r"<[^>]*\son\w+=", out)  # no event-handler attribute in any tag
    assert "<math" not in out


@pytest.mark.parametrize(
    ("markdown", "kept"),
    [
        ("z^2/4n^2 and H~2~O", "z^2/4n^2 and H~2~O"),  # no superscript or subscript
        ("~~gone~~", "~~gone~~"),  # no strikeout
        ("[c]\n\n[c]: https://evil.example", "[c]"),  # a code, never a reference link
        ("Note^[hidden]", "Note^[hidden]"),  # no footnotes
        ("% Title\n\ntext", "% Title"),  # no title block
        ("- [ ] task", "[ ] task"),  # no check boxes
    ],
)
def test_syntax_reports_never_use_stays_text(markdown, kept):
    out = html(markdown)
    assert kept in out
    assert not re.search(r"<(sup|sub|del|a|input|section)\b", out)


def test_tables_are_real_tables_in_a_labelled_scrolling_region():
    out = html(f"{TABLE}\n: Relative likelihood by group\n\n{TABLE}\n: Relative likelihood by group\n")
    regions = re.findall(r'<div class="table-scroll" role="region" tabindex="0" aria-label="([^"]+)">\s*<table', out)
    assert regions == ["Relative likelihood by group", "Relative likelihood by group (2)"]
    assert len(re.findall(r"<th[ >]", out)) == 4
    assert "<caption>Relative likelihood by group</caption>" in out
    assert "<colgroup>" not in out  # no fixed equal column widths


def test_a_data_table_is_labelled_by_its_chart_title():
    details = f"<details>\n<summary>Data behind this chart</summary>\n\n{TABLE}\n</details>\n"
    out = html(f"**Most staff were white**\n\nSubtitle.\n\n{details}")
    assert 'aria-label="Data behind the chart: Most staff were white"' in out


@pytest.mark.parametrize("written", ["description", "title"])
def test_typst_images_carry_alt_text_and_fit_the_page(written):
    alt = escape_alt('A "quoted" \\ chart')
    out = typst(f"![{alt}](fig-01.svg)" if written == "description" else f'![](fig-01.svg "{alt}")')
    assert out.strip() == (
        '#block(breakable: false, image("fig-01.svg", alt: "A \\"quoted\\" \\\\ chart", width: 100%))'
    )


TRICKY_ALT = 'Rates: "A&amp;B" [x] *y* <b>z</b> $1 \\ `c` ~s~ ^t^ -- it\'s 95% (0.8 to 1.25)'


def test_a_chart_titled_with_its_alt_text_gets_exactly_that_alt_text():
    """How notebook_to_markdown writes charts: the title is read as a plain string and
    becomes the alt text, with nothing in it taken as markup or left as a title."""
    markdown = f'![](fig-01.svg "{escape_alt(TRICKY_ALT)}")'
    out = html(markdown)
    attribute = TRICKY_ALT
    for character, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#39;")):
        attribute = attribute.replace(character, entity)
    assert out.strip() == f'<p><img src="fig-01.svg" alt="{attribute}" /></p>'
    assert "title=" not in out
    typst_literal = '"' + TRICKY_ALT.replace("\\", "\\\\").replace('"', '\\"') + '"'
    assert f"alt: {typst_literal}, width: 100%" in typst(markdown)


def test_an_image_description_wins_over_its_title():
    assert 'alt="chart" />' in html('![chart](fig-01.svg "a tooltip")')


def test_typst_tables_have_header_rows_and_the_summary_is_a_lead_in():
    out = typst(f"<details>\n<summary>Data behind this chart</summary>\n\n{TABLE}\n</details>\n")
    assert "#strong[Data behind this chart]" in out
    assert "table.header([Group], [Value],)" in out
    assert "#table(" in out


def test_typst_escapes_markup_characters_in_text():
    out = typst(r"Name &lt;script&gt; \#set page(fill: red) \$x\$ \[x\]\(javascript:y\)")
    assert "#set page" not in out.replace("\\#set page", "")
    assert "\\#set page" in out


def test_pandoc_failure_is_reported(monkeypatch):
    monkeypatch.setattr("scwres_helpers.publish.pandoc.pandoc_command", lambda to: ["false"])
    with pytest.raises(PandocError):
        convert_markdown("x", "html")


def test_unknown_format_is_refused():
    with pytest.raises(ValueError):
        pandoc_command("docx")


@pytest.mark.parametrize(
    "markdown",
    [
        "# Title\n\n## Section\n\nText with **bold** and a [link](https://example.org).\n",
        TABLE + "\n: Caption of the table\n",
        "**Chart title**\n\nSubtitle\n\n<details>\n<summary>Data behind this chart</summary>\n\n" + TABLE + "\n</details>\n",
        "![Alt text of a chart](fig-01.svg)\n\nAfter.\n",
        "<script>alert(1)</script> and =HYPERLINK(\"x\") and <!-- scwres: html above, typst below -->\n",
    ],
)
def test_one_run_gives_what_two_runs_give(markdown):
    assert convert_markdown_to_html_and_typst(markdown) == (html(markdown), typst(markdown))


BATCH = [
    "# Title\n\n## Summary\n\nText with **bold** and a [link](https://example.org).\n\n" + TABLE + "\n: Caption\n",
    "# Another\n\n## Summary\n\n## Summary\n\n![](fig-01.svg \"A chart\")\n",  # the same headings again
    "<script>alert(1)</script> and <!-- scwres: next document --> and <!-- scwres: html above, typst below -->\n",
    "**Chart title**\n\nSubtitle\n\n<details>\n<summary>Data behind this chart</summary>\n\n" + TABLE + "\n</details>\n",
]


def test_a_batch_gives_what_a_run_for_each_document_gives():
    """One Pandoc run for many documents: each read on its own (its headings' identifiers,
    its region labels are its own) and written byte for byte as alone."""
    assert convert_many_to_html_and_typst(BATCH) == [convert_markdown_to_html_and_typst(m) for m in BATCH]
    assert 'id="summary"' in convert_many_to_html_and_typst(BATCH)[1][0]  # not "summary-1"


def test_a_batch_pandoc_cannot_convert_is_converted_one_by_one(monkeypatch):
    from scwres_helpers.publish import pandoc

    def refused(markdowns):
        raise PandocError("a batch failed")

    single = pandoc.convert_markdown_to_html_and_typst

    def one(markdown):
        if "broken" in markdown:
            raise PandocError("this one")
        return single(markdown)

    monkeypatch.setattr(pandoc, "convert_many_to_html_and_typst", refused)
    monkeypatch.setattr(pandoc, "convert_markdown_to_html_and_typst", one)
    broken = "A [broken](https://example.org) document.\n"  # a link: Pandoc's, not the direct writers'
    converted = pandoc.convert_each([BATCH[0], broken, BATCH[2]])
    assert converted[0] == single(BATCH[0]) and converted[2] == single(BATCH[2])
    assert isinstance(converted[1], PandocError)


CHART = "**Most staff were white**\n\nShare of staff, 2024.\n\n![](fig-01.svg \"A chart\")\n"


def test_a_chart_caption_is_set_apart_above_its_image_in_html():
    out = html(CHART)
    caption = re.search(r'<div class="chart-caption">\s*<p><strong>Most staff were white</strong></p>\s*'
                        r"<p>Share of staff, 2024\.</p>\s*</div>\s*<p><img", out)
    assert caption, out


def test_tables_too_wide_for_a_phone_are_marked_wide():
    wide = "| A | B | C | D | E |\n|:---|---:|---:|---:|---:|\n| x | 1 | 2 | 3 | 4 |\n"
    out = html(f"{wide}\n: Five columns\n\n{TABLE}\n: Two columns\n")
    assert '<div class="table-scroll wide" role="region" tabindex="0" aria-label="Five columns">' in out
    assert '<div class="table-scroll" role="region" tabindex="0" aria-label="Two columns">' in out


def test_typst_keeps_a_charts_title_subtitle_and_image_on_one_page():
    out = typst(f"Text before.\n\n{CHART}")
    kept = out.index("#block(breakable: false)[")
    assert out.index("Text before.") < kept < out.index("#strong[Most staff were white]") \
        < out.index("#chart-subtitle[") < out.index("Share of staff, 2024.") < out.index('image("fig-01.svg"')
    assert out.rstrip().endswith("]")  # the block closes after the image


def _rows_table(n: int) -> str:
    return "| Group | Value |\n|:---|---:|\n" + "".join(f"| g{i} | {i} |\n" for i in range(n))


def test_typst_keeps_a_short_table_whole_and_lets_a_long_one_break():
    short = typst(f"{_rows_table(5)}\n: A short table\n")
    assert short.lstrip().startswith("#block(breakable: false)[")
    long = typst(f"{_rows_table(40)}\n: A long table\n")
    assert "breakable: false" not in long


def test_typst_keeps_a_data_lead_in_with_its_table():
    details = "<details>\n<summary>Data behind this chart</summary>\n\n{}\n</details>\n"
    short = typst(details.format(_rows_table(3)))
    assert short.index("#block(breakable: false)[") < short.index("#strong[Data behind this chart]") \
        < short.index("#table(")
    long = typst(details.format(_rows_table(40)))
    assert long.index("#block(sticky: true)[") < long.index("#strong[Data behind this chart]") \
        < long.index("#table(")
