"""environment.yml (for conda users) must list what pyproject.toml requires."""

from __future__ import annotations

import re
import tomllib

import yaml

from scwres_helpers.config import PROJ_ROOT


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
