"""The optional population file: read when present, refused safely when hostile, absent changes nothing."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from scwres_helpers import config
from scwres_helpers.intake import load_year
from scwres_helpers.intake import population as population_module
from scwres_helpers.intake.population import load_population, population_path

YEAR = 2024
GOOD = (
    "# 2021 Census, TS021 Ethnic group, usual residents (a comment line: not read)\n"
    "authority_code,ethnicity,population\n"
    "E09000004,white_british,1000\n"
    "E09000004,Asian or Asian British: Indian,\"1,234\"\n"
    "e09000004,N,56\n"  # NHS letter for black_african; codes in any case
    "E06000001,white_british,80000\n"
)


def _write(root: Path, text: str | bytes) -> Path:
    path = population_path(root, YEAR)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def _errors(result) -> list[str]:
    return [p.rule for p in result.problems if p.is_error]


def test_absent_file_changes_nothing(tmp_path):
    (tmp_path / str(YEAR)).mkdir()
    assert load_population(tmp_path, YEAR) is None


def test_a_valid_file_is_read_with_every_accepted_spelling(tmp_path):
    _write(tmp_path, GOOD)
    result = load_population(tmp_path, YEAR)
    assert result.problems == []
    assert result.counts.to_dict("records") == [
        {"authority_code": "E06000001", "ethnicity": "white_british", "population": 80000},
        {"authority_code": "E09000004", "ethnicity": "asian_indian", "population": 1234},
        {"authority_code": "E09000004", "ethnicity": "black_african", "population": 56},
        {"authority_code": "E09000004", "ethnicity": "white_british", "population": 1000},
    ]


def test_the_bytes_read_are_recorded_for_the_manifest(tmp_path):
    _write(tmp_path, GOOD)
    data = population_path(tmp_path, YEAR).read_bytes()
    result = load_population(tmp_path, YEAR)
    assert (result.file.path, result.file.size) == ("2024/population.csv", len(data))
    assert result.file.sha256 == hashlib.sha256(data).hexdigest()


def test_a_bad_row_leaves_out_only_its_authority_and_says_where(tmp_path):
    _write(tmp_path, GOOD + "E06000001,asian_indian,12.5\nE09000004,white_british,7\n")
    result = load_population(tmp_path, YEAR)
    assert result.authorities() == []  # both authorities had a bad row
    [decimal] = [p for p in result.problems if p.column == "population"]
    assert (decimal.file, decimal.location, decimal.value, decimal.authority) == (
        "2024/population.csv", "line 7", "12.5", "E06000001")
    assert "whole number" in decimal.rule
    [second] = [p for p in result.problems if "a second row" in p.rule]
    assert second.location == "line 8" and "the first is line 3" in second.rule
    assert result.quarantined == {"E06000001", "E09000004"}

    _write(tmp_path, GOOD + "E06000001,martian,3\n")
    result = load_population(tmp_path, YEAR)
    assert result.authorities() == ["E09000004"]  # the other authority is still read
    [unknown] = [p for p in result.problems if p.column == "ethnicity"]
    assert (unknown.location, unknown.value) == ("line 7", "martian")


@pytest.mark.parametrize("content, rule", [
    ("code,ethnicity,population\nE06000001,white_british,1\n", "no column authority_code"),
    (b"authority_code,ethnicity,population\nE06000001,white_british,1\n\xff\xfe\n", "not UTF-8"),
    ("", "no header row"),
])
def test_a_file_that_cannot_be_read_as_the_contract_says_is_refused_whole(tmp_path, content, rule):
    _write(tmp_path, content)
    result = load_population(tmp_path, YEAR)
    assert len(result.counts) == 0
    [error] = _errors(result)
    assert rule in error and "not used" in error


def test_a_link_out_of_the_returns_root_is_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("authority_code,ethnicity,population\nroot:x:0:0:root\n")
    root = tmp_path / "returns"
    (root / str(YEAR)).mkdir(parents=True)
    population_path(root, YEAR).symlink_to(secret)
    result = load_population(root, YEAR)
    [error] = _errors(result)
    assert "outside the returns root" in error
    assert not any("root:x" in str(p) for p in result.problems)


def test_a_special_file_is_not_opened(tmp_path):
    path = population_path(tmp_path, YEAR)
    path.parent.mkdir(parents=True)
    os.mkfifo(path)  # reading a pipe with no writer would block for ever
    [error] = _errors(load_population(tmp_path, YEAR))
    assert "not a regular file" in error


def test_limits_are_checked_before_parsing(tmp_path, monkeypatch):
    path = _write(tmp_path, GOOD)
    with open(path, "ab") as handle:
        handle.truncate(population_module.MAX_BYTES + 1)
    [error] = _errors(load_population(tmp_path, YEAR))
    assert "MB, more than the 5 MB" in error
    monkeypatch.setattr(population_module, "MAX_ROWS", 3)
    _write(tmp_path, GOOD)
    [error] = _errors(load_population(tmp_path, YEAR))
    assert "more than 3 rows" in error
    monkeypatch.setattr(population_module, "MAX_ROWS", 50_000)
    monkeypatch.setattr(population_module, "MAX_PROBLEMS", 2)
    _write(tmp_path, "authority_code,ethnicity,population\n" + "bad,white_british,1\n" * 5)
    result = load_population(tmp_path, YEAR)
    assert len(result.problems) == 3 and result.problems[-1].rule == "and 3 more problems not listed"


def test_the_population_file_is_not_taken_for_a_return():
    loaded = load_year(config.SAMPLE_RETURNS_DIR, YEAR)
    assert not any(p.file and "population" in p.file for p in loaded.problems)
    assert load_population(config.SAMPLE_RETURNS_DIR, YEAR).problems == []
