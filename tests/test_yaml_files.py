"""read_yaml: the safe loader (libyaml's when there is one), reading what PyYAML's own reads."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from scwres_helpers import config
from scwres_helpers.yaml_files import read_yaml


def test_the_phrasebook_and_the_site_settings_read_as_pyyaml_reads_them() -> None:
    for path in (config.PHRASEBOOK, config.QUARTO_CONFIG):
        assert read_yaml(path) == yaml.safe_load(path.read_text(encoding="utf-8"))


def test_an_empty_file_is_none_and_a_python_tag_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yml"
    empty.write_text("")
    assert read_yaml(empty) is None
    planted = tmp_path / "planted.yml"
    planted.write_text("x: !!python/object/apply:os.system ['echo hi']\n")
    with pytest.raises(yaml.YAMLError):
        read_yaml(planted)
