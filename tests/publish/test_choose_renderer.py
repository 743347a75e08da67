"""One interface: auto is the bundled renderer, Quarto or the bundled one when named."""

from __future__ import annotations

import os
import stat
import subprocess

import pytest

from scwres_helpers.publish import BundledRenderer, QuartoRenderer, choose_renderer


@pytest.mark.parametrize("with_quarto", [False, True])
def test_auto_is_the_bundled_renderer_with_or_without_quarto(tmp_path, monkeypatch, with_quarto):
    if with_quarto:
        quarto = tmp_path / "quarto"
        quarto.write_text("#!/bin/sh\necho 1.7.34\n")
        quarto.chmod(quarto.stat().st_mode | stat.S_IEXEC)
        monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    else:
        monkeypatch.setenv("PATH", str(tmp_path))
    assert isinstance(choose_renderer("auto"), BundledRenderer)


def test_named_renderers():
    assert isinstance(choose_renderer("bundled"), BundledRenderer)
    assert isinstance(choose_renderer("quarto"), QuartoRenderer)
    with pytest.raises(ValueError):
        choose_renderer("latex")


def test_bundled_describes_its_pandoc_and_typst():
    from importlib.metadata import version

    import pypandoc

    pandoc = subprocess.run([pypandoc.get_pandoc_path(), "--version"], capture_output=True, text=True, check=True)
    described = choose_renderer("bundled").describe()
    assert described.startswith("bundled (")
    assert f"Pandoc {pandoc.stdout.split()[1]}" in described and f"Typst {version('typst')}" in described
