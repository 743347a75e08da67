"""The direct writers give Pandoc's bytes: on real reports, on generated documents, on hostile text.

Pandoc (with our filters) is the reference every case is compared with: the direct
writers may refuse a document (it then goes to Pandoc), but a document they accept must
come out exactly as Pandoc writes it.
"""

import random
import re

import pandas as pd
import pytest

from scwres_helpers.publish import direct_writers
from scwres_helpers.publish.markdown_subset import Unsupported
from scwres_helpers.publish.notebook_markdown import notebook_to_markdown
from scwres_helpers.publish.pandoc import FILTERS_DIR, convert_each, convert_many_to_html_and_typst
from scwres_helpers.report.blocks import escape_text
from scwres_helpers.report.markdown_tables import table_markdown

from .conftest import HOSTILE_NAME


def _accepted(markdown):
    try:
        return direct_writers.convert(markdown)
    except Unsupported:
        return None


def test_the_sample_reports_are_written_directly_as_pandoc_writes_them(executed):
    """The sample authority's report (the speed path must take it) and every other executed
    notebook: what the direct writers accept equals Pandoc's run."""
    names = ["authority", "hostile", "index", "indicator-3", "regions", "methodology"]
    markdowns = [notebook_to_markdown(executed[name]).markdown for name in names]
    accepted = {name: _accepted(markdown) for name, markdown in zip(names, markdowns)}
    assert accepted["authority"] is not None
    for name, expected in zip(names, convert_many_to_html_and_typst(markdowns)):
        if accepted[name] is not None:
            assert accepted[name] == expected, name


WORDS = [
    "staff", "authority's", "years'", "the", "95%", "£70,000", "0.01", "1.53", "[c]", "[x]", "(95%", "interval)",
    "2)", "-5", "+3", "=x", "a/b", "a//b", ";", ".x", "x.", "...", "a--b", "a---b", "-", "--", "a_b", "#3", "$5",
    "@home", "~", "x^2", "{x}", "&amp;", "&lt;b&gt;", "AT&T", "é", "Ünïcödé", "Ynys", "Môn", "it's", "O'Brien",
    "rock'n'roll", "(a)", "]", ">", "a>b", "=", "100%", ":", "x:", "\\*", "\\[c\\]", "\\_", "\\\\", "\\#",
    "\\&", "!", "?", "—", "–", "’", "“q”", "1.0.", "(", ")", ";x", "-x", "/x", "+", "1.",
    '\\"x\\"', "\\'x\\'",
]
# Words Pandoc reads as something the direct writers do not model: a few, so that
# refusing is exercised too.
REFUSED_WORDS = ["`x`", "<b>", "[l](http://e)", "![i](x.png)", "_em_", "a|b", "x\u00a0y", "'tis", "2 * 3"]
NAMES = [HOSTILE_NAME, "<script>alert(1)</script> & [x](javascript:alert(2)) #set page(fill: red)", "O'Neill & Sons",
         "A_B", "*x*", "Ynys Môn", "St Helen's"]
SPANS = ['"{}"', "'{}'", "**{}**", "*{}*", "({})", "**{}.**", "*{}*,", '"{}",', "'{}'."]


def _text(rng: random.Random, n: int) -> str:
    words = [rng.choice(REFUSED_WORDS if rng.random() < 0.01 else WORDS) for _ in range(n)]
    if rng.random() < 0.6:
        i = rng.randrange(n)
        words[i] = rng.choice(SPANS).format(rng.choice(["no clear change", "four-fifths", "a", "1.5", "x's"]))
    if rng.random() < 0.2:
        words.insert(rng.randrange(n + 1), escape_text(rng.choice(NAMES)))
    return " ".join(words)


def _block(rng: random.Random) -> str:
    kind = rng.choice(["heading", "para", "para", "quote", "list", "table", "chart", "lines"])
    if kind == "heading":
        return "#" * rng.randint(1, 4) + " " + _text(rng, rng.randint(1, 5))
    if kind == "para":
        return _text(rng, rng.randint(1, 12))
    if kind == "lines":
        return _text(rng, 4) + "\n" + _text(rng, 4)
    if kind == "quote":
        return "> " + _text(rng, rng.randint(2, 8))
    if kind == "list":
        return "\n".join("- " + _text(rng, rng.randint(1, 6)) for _ in range(rng.randint(1, 4)))
    frame = pd.DataFrame({_text(rng, 2): [_text(rng, 2) for _ in range(3)], "Value": ["1.5", "[c]", "2"]})
    table = table_markdown(frame, _text(rng, 3), rng.choice([None, _text(rng, 4)]))
    if kind == "table":
        return table.strip("\n")
    title = escape_text(_text(rng, 5)).replace('"', '\\"')
    return (f"**{_text(rng, 3)}**\n\n{_text(rng, 6)}\n\n![](fig-0{rng.randint(1, 9)}.svg \"{title}\")\n\n"
            f"<details>\n<summary>Data behind this chart</summary>\n\n{table}\n</details>")


def test_generated_documents_are_written_as_pandoc_writes_them_or_refused():
    """300 documents of our constructs with awkward words (quotes, escapes, entities, dashes,
    hostile names): each one accepted is byte for byte Pandoc's, and most are accepted."""
    rng = random.Random(22)
    documents = ["\n\n".join(_block(rng) for _ in range(rng.randint(1, 6))) + "\n" for _ in range(300)]
    expected = convert_many_to_html_and_typst(documents)
    accepted = 0
    for document, pandoc_bodies in zip(documents, expected):
        direct = _accepted(document)
        if direct is not None:
            accepted += 1
            assert direct == pandoc_bodies, document
    assert accepted >= 60, accepted


def test_a_hostile_name_stays_text():
    name = escape_text('<script>alert(1)</script> & [x](javascript:alert(2)) #set page(fill: red)')
    html, typst = direct_writers.convert(f"# Report for {name}\n\nThis report is for **{name}**.\n")
    assert "<script>" not in html and "&lt;script&gt;" in html and "<a " not in html
    assert "#set" not in typst.replace("\\#set", "")
    assert (html, typst) == convert_many_to_html_and_typst([f"# Report for {name}\n\nThis report is for **{name}**.\n",
                                                             "x\n"])[0]


@pytest.mark.parametrize(("name", "filter_file"), [("WIDE_COLUMNS", "html.lua"), ("WHOLE_TABLE_ROWS", "typst.lua")])
def test_the_filters_settings_are_the_lua_filters_own(name, filter_file):
    lua = (FILTERS_DIR / filter_file).read_text(encoding="utf-8")
    assert int(re.search(rf"local {name} = (\d+)", lua).group(1)) == getattr(direct_writers, name)


def test_a_fault_in_the_direct_writers_leaves_the_document_to_pandoc(monkeypatch):
    markdown = "# Title\n\nWords.\n"
    expected = convert_many_to_html_and_typst([markdown, "x\n"])[0]

    def broken(_markdown):
        raise IndexError("a fault of the quick path")

    monkeypatch.setattr(direct_writers, "convert", broken)
    assert convert_each([markdown]) == [expected]
