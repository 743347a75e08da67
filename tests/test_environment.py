"""The environments: environment.yml (for conda users) lists what pyproject.toml requires,
and ``make setup`` makes .venv from the interpreter it should."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

from scwres_helpers.config import PROJ_ROOT

DISTRIBUTION_PYTHON = Path("/usr/bin/python3.11")  # the Makefile's first choice (PGO + LTO)


def _names(requirements):
    return {re.split(r"[<>=!~ ]", r, maxsplit=1)[0].strip().lower() for r in requirements}


def test_environment_yml_lists_every_dependency():
    project = tomllib.loads((PROJ_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = _names(project["dependencies"]) | _names(project["optional-dependencies"]["test"])
    environment = yaml.safe_load((PROJ_ROOT / "environment.yml").read_text(encoding="utf-8"))
    listed = set()
    for item in environment["dependencies"]:
        if isinstance(item, dict):
            listed |= _names(p for p in item["pip"] if not p.startswith("-e"))
        elif not item.startswith("python"):
            listed |= _names([item])
    assert wanted <= listed, f"missing from environment.yml: {sorted(wanted - listed)}"


def _venv_command(tmp_path: Path, **env: str) -> str:
    """The command ``make setup`` would make .venv with, from a copy without one."""
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(PROJ_ROOT / name, tmp_path / name)
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHON", "MAKEFLAGS")} | env
    done = subprocess.run(["make", "-n", "setup"], cwd=tmp_path, env=environment,
                          capture_output=True, text=True, check=True)
    return next(line.strip() for line in done.stdout.splitlines() if "-m venv .venv" in line)


@pytest.mark.skipif(not DISTRIBUTION_PYTHON.exists(), reason="no distribution CPython 3.11: python3 is used")
def test_setup_makes_the_environment_from_the_distributions_python_when_there_is_one(tmp_path):
    assert _venv_command(tmp_path).startswith(f"{DISTRIBUTION_PYTHON} -m venv .venv")


def test_setup_makes_the_environment_from_the_python_asked_for(tmp_path):
    assert _venv_command(tmp_path, PYTHON="python3").startswith("python3 -m venv .venv")
