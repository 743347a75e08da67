"""An authority's public summary as files: one self-contained page and a tagged A4 PDF, public."""

from pypdf import PdfReader

from scwres_helpers.publish.public_summary import render_public_summary

from .html_inspect import outline
from .pdf_inspect import is_a4, pdf_text

MARKDOWN = """# Testshire: public summary, 2024

This is the public summary of **Testshire**.

## Who leads this work

- **Executive sponsor:** Chief Executive

## The council's figures

| Indicator | Relative likelihood |
|:---|---:|
| 2: Appointment from shortlisting | 0.52 |

: Testshire: relative likelihoods, 2024
"""


def test_the_page_and_pdf_are_public_titled_and_escape_the_name(tmp_path):
    name = "<script>alert(1)</script> & Sons"
    html_path, pdf_path = render_public_summary(MARKDOWN, tmp_path / "X12345678", authority_code="X12345678",
                                                authority_name=name, year=2024)
    assert (html_path.name, pdf_path.name, html_path.parent.name) == ("summary.html", "summary.pdf", "X12345678")
    page = html_path.read_text(encoding="utf-8")
    assert "<title>SC-WRES public summary 2024: &lt;script&gt;alert(1)&lt;/script&gt; &amp; Sons</title>" in page
    assert '<meta name="author" content="&lt;script&gt;alert(1)&lt;/script&gt; &amp; Sons">' in page
    assert "<script>" not in page and "<link" not in page  # self-contained: style inline, nothing fetched
    assert "official sensitive" not in page.lower()
    assert outline(page).headings()[:2] == [(1, "Testshire: public summary, 2024"), (2, "Who leads this work")]
    reader = PdfReader(str(pdf_path))
    assert reader.metadata["/Title"] == f"SC-WRES public summary 2024: {name}"
    assert is_a4(pdf_path) and "/StructTreeRoot" in reader.trailer["/Root"]  # tagged
    text = pdf_text(pdf_path)
    assert "official sensitive" not in text.lower()
    assert "Appointment from shortlisting" in text and f"{name}: SC-WRES public summary, 2024" in text


def test_the_same_summary_gives_the_same_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1710288000")
    one = render_public_summary(MARKDOWN, tmp_path / "a", authority_code="X12345678", authority_name="T", year=2024)
    two = render_public_summary(MARKDOWN, tmp_path / "b", authority_code="X12345678", authority_name="T", year=2024)
    assert [p.read_bytes() for p in one] == [p.read_bytes() for p in two]


def test_a_bad_code_is_refused_before_anything_is_written(tmp_path):
    import pytest

    from scwres_helpers.publish.naming import UnsafeNameError

    with pytest.raises(UnsafeNameError):
        render_public_summary(MARKDOWN, tmp_path / "x", authority_code="../X1234567", authority_name="T", year=2024)
    assert not (tmp_path / "x").exists()
