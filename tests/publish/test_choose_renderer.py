"""One interface: auto picks Quarto when it is installed, else the bundled renderer."""

from __future__ import annotations

import os
import stat

import pytest

from scwres_helpers.publish import BundledRenderer, QuartoRenderer, choose_renderer


def test_auto_is_bundled_without_quarto(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert isinstance(choose_renderer("auto"), BundledRenderer)


def test_auto_is_quarto_when_it_is_on_path(tmp_path, monkeypatch):
    quarto = tmp_path / "quarto"
    quarto.write_text("#!/bin/sh\n")
    quarto.chmod(quarto.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    assert isinstance(choose_renderer("auto"), QuartoRenderer)


def test_named_renderers():
    assert choose_renderer("bundled").name == "bundled"
    assert choose_renderer("quarto").name == "quarto"
    with pytest.raises(ValueError):
        choose_renderer("latex")
