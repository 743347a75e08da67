"""The Typst Quarto runs: the project's compiler and PDF settings behind Typst's command line."""

from __future__ import annotations

import subprocess
from importlib.metadata import version

from pypdf import PdfReader

from scwres_helpers.publish.quarto_typst import main, write_typst_script
from scwres_helpers.publish.typst_pdf import TEMPLATE

from .pdf_inspect import catalog, claims_pdf_ua, is_a4, structure
from .test_typst_pdf import SVG

DOCUMENT = """#import "scwres.typ": *
#show: authority-report.with(title: "A title", programme: "Programme", footer-text: "For one authority only")
= A heading
#block(image("fig.svg", alt: "A blue box", width: 100%))
"""


def test_version_is_the_wheel_s_in_the_form_quarto_reads(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith(f"typst {version('typst')} ")


def test_compiles_as_quarto_calls_it_into_a_tagged_a4_pdf(tmp_path):
    (tmp_path / "scwres.typ").write_bytes(TEMPLATE.read_bytes())
    (tmp_path / "fig.svg").write_bytes(SVG)
    (tmp_path / "doc.typ").write_text(DOCUMENT)
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = write_typst_script(bin_dir)
    # Quarto's call: typst compile [--root DIR] INPUT --font-path DIR OUTPUT
    result = subprocess.run(
        [str(script), "compile", "--root", str(tmp_path), str(tmp_path / "doc.typ"),
         "--font-path", str(fonts), str(tmp_path / "doc.pdf")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "doc.pdf"
    assert is_a4(pdf) and claims_pdf_ua(pdf)
    assert PdfReader(str(pdf)).metadata.title == "A title"
    assert catalog(pdf)["/Lang"] == "en-GB"
    assert structure(pdf)[1] == ["A blue box"]


def test_a_typst_error_is_reported_with_exit_status_1(tmp_path, capsys):
    (tmp_path / "bad.typ").write_text('#image("missing.svg", alt: "x")')
    assert main(["compile", str(tmp_path / "bad.typ"), str(tmp_path / "bad.pdf")]) == 1
    assert "error:" in capsys.readouterr().err
    assert not (tmp_path / "bad.pdf").exists()


def test_other_commands_are_refused(capsys):
    assert main(["query", "doc.typ", "<label>"]) == 2
    assert "usage" in capsys.readouterr().err
