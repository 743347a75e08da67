"""How the preview answers an edit: a build, the quick content path, or nothing."""

from __future__ import annotations

from scwres_helpers import config
from scwres_helpers.preview.session import PreviewSession


def _session(tmp_path, monkeypatch) -> tuple[PreviewSession, list[str]]:
    session = PreviewSession(tmp_path / "returns", 2024, out_root=tmp_path / "out", content_dir=tmp_path / "content",
                             params_dir=tmp_path / "params", say=lambda line: None)
    calls: list[str] = []
    monkeypatch.setattr(session, "build", lambda: calls.append("build") or True)
    monkeypatch.setattr(session, "content_edited", lambda: calls.append("content") or True)
    return session, calls


def test_each_watched_place_gets_its_answer(tmp_path, monkeypatch):
    session, calls = _session(tmp_path, monkeypatch)
    session.changed([tmp_path / "content" / "2024" / "foreword.md"])
    session.changed([tmp_path / "content" / "2023" / "foreword.md"])
    session.changed([config.NOTEBOOKS_DIR / "national" / "index.ipynb"])
    session.changed([config.TEMPLATES_DIR / "page.html.j2", tmp_path / "content" / "2024" / "foreword.md"])
    session.changed([tmp_path / "params" / "national.yml"])
    session.changed([config.QUARTO_CONFIG])
    session.changed([config.PROJ_ROOT / "README.md"])
    assert calls == ["content", "build", "build", "build", "build"]


def test_the_pdf_is_brought_up_to_date_only_when_content_changed_since_the_build(tmp_path, monkeypatch):
    session, calls = _session(tmp_path, monkeypatch)
    session.pdf_requested("/report.pdf")
    session.pdf_stale = True
    session.pdf_requested("/index.html")
    session.pdf_requested("/report.pdf")
    assert calls == ["build"]
