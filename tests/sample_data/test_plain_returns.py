"""The tests' own rule checker must catch broken returns, or its silence means nothing."""

import shutil

import pytest

from .plain_returns import return_paths, rule_violations


@pytest.fixture
def csv_return(fixture_root, tmp_path):
    source = next(p for p in return_paths(fixture_root, 2024) if p.is_dir())
    target = tmp_path / "2024" / source.name
    shutil.copytree(source, target)
    return target


def _edit(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_a_copied_valid_return_passes(csv_return):
    assert rule_violations(csv_return, 2024) == []


def test_missing_table_is_caught(csv_return):
    (csv_return / "cpd.csv").unlink()
    assert rule_violations(csv_return, 2024) == ["cpd: missing"]


def test_appointed_above_shortlisted_is_caught(csv_return):
    lines = (csv_return / "recruitment.csv").read_text().splitlines()
    fields = lines[1].rsplit(",", 2)
    lines[1] = f"{fields[0]},{fields[1]},{int(fields[1]) + 1}"
    (csv_return / "recruitment.csv").write_text("\n".join(lines) + "\n")
    assert rule_violations(csv_return, 2024) == ["appointed > shortlisted"]


def test_leavers_above_headcount_is_caught(csv_return):
    lines = (csv_return / "leavers.csv").read_text().splitlines()
    head, _ = lines[1].rsplit(",", 1)
    lines[1] = f"{head},999999"
    (csv_return / "leavers.csv").write_text("\n".join(lines) + "\n")
    assert rule_violations(csv_return, 2024) == ["leavers > headcount"]


def test_wrong_year_and_blank_count_are_caught(csv_return):
    _edit(csv_return / "about.csv", "year,2024", "year,2023")
    assert any("year" in p for p in rule_violations(csv_return, 2024))
    _edit(csv_return / "about.csv", "year,2023", "year,2024")
    lines = (csv_return / "workforce.csv").read_text().splitlines()
    lines[1] = lines[1].rsplit(",", 1)[0] + ","
    (csv_return / "workforce.csv").write_text("\n".join(lines) + "\n")
    assert rule_violations(csv_return, 2024) == ["workforce: headcount not whole numbers >= 0"]
