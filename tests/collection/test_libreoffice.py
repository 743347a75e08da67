"""Without LibreOffice the workbook tests skip, except under CI=true, where they fail."""

import pytest

from . import libreoffice


def test_missing_libreoffice_skips_outside_ci(monkeypatch):
    monkeypatch.setattr(libreoffice.shutil, "which", lambda name: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="libreoffice-calc-nogui"):
        libreoffice.soffice()


def test_missing_libreoffice_fails_under_ci(monkeypatch):
    monkeypatch.setattr(libreoffice.shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="required under CI=true"):
        libreoffice.soffice()
