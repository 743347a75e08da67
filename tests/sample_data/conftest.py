"""Shared trees for the sample-data tests: the committed fixture and the 153-authority set."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from scwres_helpers.config import SAMPLE_RETURNS_DIR
from scwres_helpers.sample_data import generate_sample_returns

FIXTURE_ARGS = {"n_authorities": 12, "years": [2022, 2023, 2024], "seed": 2024}
BENCHMARK_ARGS = {"n_authorities": 153, "years": [2022, 2023, 2024], "seed": 1}


def tree_digest(root: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file under root."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="session")
def fixture_root() -> Path:
    """The committed fixture, data/sample_returns."""
    assert SAMPLE_RETURNS_DIR.is_dir(), "generate the committed fixture first"
    return SAMPLE_RETURNS_DIR


@pytest.fixture(scope="session")
def benchmark_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 153-authority benchmark set (seed 1), generated once per session."""
    root = tmp_path_factory.mktemp("benchmark") / "returns"
    generate_sample_returns(root, **BENCHMARK_ARGS)
    return root
