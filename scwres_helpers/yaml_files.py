"""Reading a YAML file: always PyYAML's safe loader, libyaml's (C) one when PyYAML has it.

The pure-Python loader took most of a second for ``variables.yml``'s few thousand keys
(which a no-change rebuild reads), and 30 ms of each kernel's boot for the phrasebook.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    """The YAML document in PATH (UTF-8); None for an empty file."""
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=SAFE_LOADER)
