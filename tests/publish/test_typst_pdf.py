"""Typst -> PDF: A4, title and language, tagged, reproducible, inputs shown as text."""

from __future__ import annotations

import pytest
import typst
from pypdf import PdfReader

from scwres_helpers.publish.typst_pdf import compile_pdf, source_date_epoch, typst_string

from .pdf_inspect import catalog, claims_pdf_ua, is_a4, pdf_text, structure

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
    b'<rect width="40" height="20" fill="#12436D"/></svg>'
)
MAIN = """#import "scwres.typ": *
#show: authority-report.with(title: sys.inputs.title, programme: "Programme", footer-text: sys.inputs.marking)
= A heading
Some text.
#block(image("fig-01.svg", alt: "A blue box", width: 100%))
#figure(table(columns: 2, table.header([Group], [Value]), [Asian], [0.52]), caption: [A table], kind: table)
"""
HOSTILE = '#set page(fill: red) <script> "quoted" \\ $x$ [x](y)'


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    out = tmp_path_factory.mktemp("typst") / "doc.pdf"
    return compile_pdf(MAIN, out, inputs={"title": "A title", "marking": HOSTILE}, files={"fig-01.svg": SVG})


def test_a4_with_title_and_language(pdf):
    assert is_a4(pdf)
    assert PdfReader(str(pdf)).metadata.title == "A title"
    assert catalog(pdf)["/Lang"] == "en-GB"


def test_tagged_pdf_ua_with_table_headers_and_alt_text(pdf):
    assert bool(catalog(pdf)["/MarkInfo"]["/Marked"])
    assert claims_pdf_ua(pdf)
    tags, alts = structure(pdf)
    assert tags["/Table"] == 1 and tags["/TH"] == 2 and tags["/H1"] == 1
    assert alts == ["A blue box"]


def test_text_is_set_in_dejavu_sans_from_matplotlib(pdf):
    fonts = PdfReader(str(pdf)).pages[0]["/Resources"]["/Font"]
    names = {str(font.get_object()["/BaseFont"]) for font in fonts.values()}
    assert any("DejaVuSans" in name for name in names), names


def test_inputs_are_text_never_markup(pdf):
    text = pdf_text(pdf)
    assert '#set page(fill: red) <script> "quoted" \\ $x$ [x](y)' in text


def test_same_source_same_bytes(pdf, tmp_path):
    inputs = {"title": "A title", "marking": HOSTILE}
    again = compile_pdf(MAIN, tmp_path / "again.pdf", inputs=inputs, files={"fig-01.svg": SVG})
    assert again.read_bytes() == pdf.read_bytes()


def test_creation_date_follows_source_date_epoch(monkeypatch, tmp_path):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")  # 1970-01-02
    assert source_date_epoch() == 86400
    out = compile_pdf(MAIN, tmp_path / "d.pdf", inputs={"title": "T", "marking": "M"}, files={"fig-01.svg": SVG})
    assert PdfReader(str(out)).metadata["/CreationDate"].startswith("D:19700102")


def test_an_image_without_alt_text_breaks_the_pdf_ua_build(tmp_path):
    source = MAIN.replace(', alt: "A blue box"', "")
    with pytest.raises(typst.TypstError):
        compile_pdf(source, tmp_path / "x.pdf", inputs={"title": "T", "marking": "M"}, files={"fig-01.svg": SVG})


def test_typst_string_escapes_quotes_and_backslashes():
    assert typst_string('a "b" \\ c\nd') == '"a \\"b\\" \\\\ c d"'


def test_fonts_read_once_give_the_pdf_the_folders_gave(tmp_path):
    # compile_file reads the fonts once per process (a typst.Fonts); a list of folders, read at
    # every compile, must give the same bytes, Typst's own fonts (math, raw, serif) included.
    from scwres_helpers.publish.typst_pdf import FONT_DIR, compile_file

    main = tmp_path / "main.typ"
    main.write_text('#set document(title: "Fonts")\nSans #math.equation(alt: "x squared plus a sum", $x^2 + sum_i a_i$) `raw` #text(font: "Libertinus Serif")[serif]')
    expected = typst.compile(str(main), root=str(tmp_path), font_paths=[str(FONT_DIR)], ignore_system_fonts=True,
                             pdf_standards=["ua-1", "a-2a"], timestamp=source_date_epoch())
    assert compile_file(main, root=tmp_path) == expected
    assert compile_file(main, root=tmp_path) == expected  # the second compile reuses the fonts
