"""Where a year's outputs go: the public summaries' one home."""

import pytest

from scwres_helpers.config import YearLayout


def test_a_summary_is_under_the_public_folder_named_by_its_code(tmp_path):
    layout = YearLayout.of(tmp_path, 2024)
    assert layout.summary_paths("X12345678") == [tmp_path / "2024/public/authorities/X12345678/summary.html",
                                                 tmp_path / "2024/public/authorities/X12345678/summary.pdf"]


@pytest.mark.parametrize("code", ["x12345678", "X1234567", "../X12345678", "X12345678/..", "Yarrowcote Council"])
def test_anything_but_an_authority_code_is_refused(tmp_path, code):
    with pytest.raises(ValueError, match="not a valid authority code"):
        YearLayout.of(tmp_path, 2024).summary_paths(code)
