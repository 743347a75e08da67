"""Reading a year's content folder: what each file is, and what stops the build."""

from __future__ import annotations

from pathlib import Path

import pytest

from scwres_helpers.publish.content import ContentError, heading_levels, load_content

CHAPTERS = ["index", "indicator-1", "indicator-2", "trends", "methodology"]


def write(root: Path, relative: str, text: str | bytes) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def load(root: Path, year: int = 2024):
    return load_content(year, CHAPTERS, root, generated=("downloads",))


def test_no_folder_for_the_year_is_no_content(tmp_path):
    write(tmp_path, "2023/foreword.md", "Last year's words.")
    content = load(tmp_path, 2024)
    assert content.files() == [] and content.foreword is None


def test_each_kind_of_file_is_read_for_its_year_only(tmp_path):
    write(tmp_path, "2024/foreword.md", "This year.\n")
    write(tmp_path, "2024/indicator-2.qmd", "On appointment.\n")
    write(tmp_path, "2024/pages/case-study.md", "---\ntitle: A case study\n---\n\nWhat they did.\n")
    write(tmp_path, "2023/foreword.md", "Last year.\n")
    content = load(tmp_path)
    assert content.foreword.text == "This year.\n"
    assert set(content.commentary) == {"indicator-2"} and content.commentary["indicator-2"].text == "On appointment.\n"
    page = content.pages["case-study"]
    assert page.title == "A case study" and page.text == "\nWhat they did.\n" and page.first_line == 4
    assert content.feeds() == {"index": [content.foreword], "indicator-2": [content.commentary["indicator-2"]],
                               "case-study": [page]}


def test_a_foreword_title_replaces_its_heading_and_editor_files_are_ignored(tmp_path):
    write(tmp_path, "2024/foreword.md", "---\ntitle: From the chair\n---\nWords.\n")
    write(tmp_path, "2024/.foreword.md.swp", b"\x00\x01")
    write(tmp_path, "2024/foreword.md~", "old")
    assert load(tmp_path).foreword.title == "From the chair"


@pytest.mark.parametrize(("relative", "text", "expected"), [
    ("2024/indicater-2.md", "x", "indicater-2.md: no page of the site is called 'indicater-2' (did you mean "
                                 "indicator-2.md?)"),
    ("2024/forword.md", "x", "(did you mean foreword.md?)"),
    ("2024/notes.txt", "x", "2024/notes.txt: not read;"),
    ("2024/pages/case study.md", "---\ntitle: T\n---\n", "only lower-case letters, digits and hyphens"),
    ("2024/pages/trends.md", "---\ntitle: T\n---\n", "the site already has a page called 'trends'"),
    ("2024/pages/downloads.md", "---\ntitle: T\n---\n", "the site already has a page called 'downloads'"),
    ("2024/pages/case.md", "No title here.\n", "pages/case.md: a page needs a title in front matter"),
    ("2024/pages/case.md", "---\ntitle: T\nauthor: Me\n---\n", "case.md, line 2: front matter key 'author' is "
                                                              "not read; only title is"),
    ("2024/pages/case.md", "---\ntitle: [unclosed\n---\n", "the front matter is not valid YAML"),
    ("2024/pages/case.md", "---\ntitle: T\n", "line 1: the front matter ('---') is never closed"),
    ("2024/pages/case.md", "---\ntitle: T\n---\n# Again\n", "case.md, line 4: a level-1 heading"),
    ("2024/pages/case.md", "---\ntitle: T\n---\n\n### Too deep\n", "case.md, line 5: a level-3 heading ('### ') "
                                                                   "right under a level-1 one skips a level; use ##"),
    ("2024/foreword.md", "Text\n\n## A sibling section\n\n#### Too deep\n", "foreword.md, line 5: a level-4"),
    ("2024/foreword.md", b"caf\xe9\n", "foreword.md: not UTF-8 text (byte 3)"),
    ("2024/other/notes.md", "x", "2024/other: not read;"),
])
def test_what_cannot_be_published_stops_with_the_file_named(tmp_path, relative, text, expected):
    write(tmp_path, relative, text)
    with pytest.raises(ContentError) as raised:
        load(tmp_path)
    assert expected in str(raised.value)


def test_two_files_for_one_page_stop_the_build(tmp_path):
    write(tmp_path, "2024/foreword.md", "a")
    write(tmp_path, "2024/foreword.qmd", "b")
    with pytest.raises(ContentError, match="two files for one page"):
        load(tmp_path)


def test_headings_in_code_blocks_are_not_headings():
    text = "Intro\n\n```\n# a comment\n```\n\n## Section\n\nTitle\n-----\n"
    assert [level for level, _ in heading_levels(text)] == [2, 2]


def test_the_fingerprint_follows_the_words(tmp_path):
    path = write(tmp_path, "2024/foreword.md", "One.\n")
    before = load(tmp_path).fingerprint()
    assert load(tmp_path).fingerprint() == before
    path.write_text("Two.\n", encoding="utf-8")
    assert load(tmp_path).fingerprint() != before
