"""What an edit affects: the pages a content edit feeds, or a build, or nothing."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from scwres_helpers.preview.changes import Watched, needs_build, pages_to_render, touches_content
from scwres_helpers.publish.content import ContentFile, YearContent


def _file(name: str, text: str, title: str | None = None) -> ContentFile:
    return ContentFile(Path(name), name, text, 1, title)


BEFORE = YearContent(
    2024,
    foreword=_file("foreword.md", "One."),
    commentary={"indicator-2": _file("indicator-2.md", "Two.")},
    pages={"case": _file("pages/case.md", "Three.", "A case")},
    variables={"year": "2024"},
)


def test_a_foreword_edit_affects_the_overview_alone():
    after = replace(BEFORE, foreword=_file("foreword.md", "One, edited."))
    assert pages_to_render(BEFORE, after) == {"index"}


def test_a_new_or_removed_commentary_affects_its_chapter():
    after = replace(BEFORE, commentary={"indicator-3": _file("indicator-3.md", "Three.")})
    assert pages_to_render(BEFORE, after) == {"indicator-2", "indicator-3"}
    assert pages_to_render(BEFORE, BEFORE) == set()


def test_a_page_body_edit_affects_that_page_but_a_title_or_a_new_page_the_navigation():
    edited = replace(BEFORE, pages={"case": _file("pages/case.md", "Three, edited.", "A case")})
    assert pages_to_render(BEFORE, edited) == {"case"}
    retitled = replace(BEFORE, pages={"case": _file("pages/case.md", "Three.", "Another title")})
    assert pages_to_render(BEFORE, retitled) is None
    added = replace(BEFORE, pages={**BEFORE.pages, "more": _file("pages/more.md", "x", "More")})
    assert pages_to_render(BEFORE, added) is None
    assert pages_to_render(BEFORE, replace(BEFORE, variables={"year": "2025"})) is None


def test_which_paths_need_a_build_and_which_are_this_years_content(tmp_path):
    watched = Watched(content_year=tmp_path / "content" / "2024",
                      build_inputs=(tmp_path / "notebooks", tmp_path / "templates", tmp_path / "params",
                                    tmp_path / "_quarto.yml"))
    assert needs_build([tmp_path / "notebooks" / "national" / "index.ipynb"], watched)
    assert needs_build([tmp_path / "_quarto.yml"], watched)
    assert not needs_build([tmp_path / "README.md", tmp_path / "content" / "2024" / "foreword.md"], watched)
    assert touches_content([tmp_path / "content" / "2024" / "pages" / "case.md"], watched)
    assert not touches_content([tmp_path / "content" / "2023" / "foreword.md"], watched)
    assert not touches_content([tmp_path / "content" / "20245" / "foreword.md"], watched)
