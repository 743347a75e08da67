"""Figures in content: unknown keys stop the build (file, line, nearest key), typed decimals
warn (file, line), only the var shortcode is allowed, and resolving puts the published text in."""

from __future__ import annotations

from pathlib import Path

import pytest

from scwres_helpers.publish.content import ContentError, ContentFile, YearContent
from scwres_helpers.publish.content_figures import check_content, resolve, typed_decimals, unknown_keys
from scwres_helpers.publish.pandoc import convert_markdown

VARIABLES = {
    "year": "2024",
    "authorities_pooled": "12",
    "indicator_2.all_services.minoritised.relative_likelihood": "0.52",
    "indicator_2.all_services.minoritised.group_counted": "1,242",
    "indicator_3.all_services.mixed.relative_likelihood": "[c]",
}


def file(text: str, first_line: int = 1) -> ContentFile:
    return ContentFile(Path("content/2024/foreword.md"), "content/2024/foreword.md", text, first_line)


def test_an_unknown_key_names_the_file_the_line_and_the_nearest_key():
    text = ("One.\n\nTwo {{< var indicator_2.all_services.minoritized.relative_likelihood >}}.\n"
            "{{< var authorities_pooled >}}\n")
    (problem,) = unknown_keys(file(text, first_line=4), VARIABLES)
    assert problem == ("content/2024/foreword.md, line 6: no published figure has the key "
                       "'indicator_2.all_services.minoritized.relative_likelihood'; the nearest key is "
                       "indicator_2.all_services.minoritised.relative_likelihood")


def test_check_content_lists_every_problem_and_keeps_the_figures():
    content = YearContent(2024, foreword=file("{{< var nope >}} and {{< include other.md >}}\n"))
    with pytest.raises(ContentError) as raised:
        check_content(content, VARIABLES)
    lines = str(raised.value).splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("content/2024/foreword.md, line 1: '{{< include other.md >}}': content may quote "
                               "figures with {{< var KEY >}} and nothing else")
    assert "no published figure has the key 'nope'" in lines[1]
    checked, warnings = check_content(YearContent(2024, foreword=file("Fine.\n")), VARIABLES)
    assert checked.variables == VARIABLES and warnings == []


def test_a_code_cell_in_content_stops_the_build():
    content = YearContent(2024, foreword=file("Text.\n\n```{python}\n1 + 1\n```\n"))
    with pytest.raises(ContentError, match=r"line 3: a code cell \(```\{python"):
        check_content(content, VARIABLES)


def test_each_decimal_typed_by_hand_is_a_warning_with_its_line():
    text = ("The likelihood was 0.52 this year\n"
            "and 1.83 last year; 12 authorities, 95% intervals, 2023-24.\n"
            "Quoted {{< var indicator_2.all_services.minoritised.relative_likelihood >}} is fine,\n"
            "as are [a link](https://example.org/report-2.1.pdf), `code 3.5` and version v1.2.\n"
            "But 1,234.5 staff is not.\n")
    warnings = [str(w) for w in typed_decimals(file(text, first_line=3), VARIABLES)]
    assert warnings == [
        "content/2024/foreword.md, line 3: 0.52 is typed by hand and can drift from the tables; quote it by key, "
        "e.g. {{< var indicator_2.all_services.minoritised.relative_likelihood >}}",
        "content/2024/foreword.md, line 4: 1.83 is typed by hand and can drift from the tables; no published "
        "figure is exactly that: check it against variables.yml",
        "content/2024/foreword.md, line 7: 1,234.5 is typed by hand and can drift from the tables; no published "
        "figure is exactly that: check it against variables.yml",
    ]


def test_resolving_puts_in_the_published_text_as_literal_markdown():
    text = ("RL {{< var indicator_2.all_services.minoritised.relative_likelihood >}}, "
            "{{<var indicator_3.all_services.mixed.relative_likelihood>}} withheld, "
            "{{< var indicator_2.all_services.minoritised.group_counted >}} counted.")
    resolved = resolve(text, VARIABLES)
    html = convert_markdown(resolved, "html")
    assert "RL 0.52, [c] withheld, 1,242 counted." in html
    assert "<a" not in html
