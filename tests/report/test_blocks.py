"""Blocks made into one markdown document without a notebook (the public summary's way)."""

import pandas as pd
import pytest

from scwres_helpers.report.blocks import TableBlock, blocks_markdown


def test_words_and_tables_join_with_a_blank_line_between():
    """Empty blocks drop out, each block is trimmed of blank lines, and a table is followed by
    its caption paragraph (``: caption``), as ``show_blocks`` would publish them."""
    table = TableBlock(pd.DataFrame({"Indicator": ["2"], "Relative likelihood": ["[c]"]}, dtype="str"), "Figures",
                       gss_notes=False)
    text = blocks_markdown(["# Title", "", "Some words.\n\n", table])
    assert text == ("# Title\n\nSome words.\n\n| Indicator | Relative likelihood |\n|---:|:---|\n| 2 | [c] |\n\n"
                    ": Figures")


def test_a_table_with_codes_gets_its_note():
    table = TableBlock(pd.DataFrame({"Indicator": ["2"], "Relative likelihood": ["[c]"]}, dtype="str"), "Figures")
    assert blocks_markdown([table]).split("\n\n")[-1].startswith("Notes: [c] ")


def test_a_chart_is_refused(monkeypatch):
    from scwres_helpers.report.chart import Chart

    chart = object.__new__(Chart)
    object.__setattr__(chart, "title", "A chart")
    with pytest.raises(TypeError, match="needs a notebook"):
        blocks_markdown(["words", chart])
