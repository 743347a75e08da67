"""Dates the outputs carry (dates.py): the publication date and SOURCE_DATE_EPOCH."""

from __future__ import annotations

import os
from datetime import date

import pytest

from scwres_helpers.dates import SOURCE_DATE_EPOCH, current_epoch, epoch_of, long_date, source_date_epoch

# 2025-03-13: 55 years from 1970 with 14 leap days, then 31 + 28 + 12 days: 20160 days.
MARCH_13_2025 = 20160 * 86400


def test_epoch_of_a_day_is_its_midnight_utc():
    assert epoch_of(date(2025, 3, 13)) == MARCH_13_2025 == 1_741_824_000
    assert epoch_of(date(1970, 1, 1)) == 0


def test_a_build_sets_the_publication_date_s_epoch_and_restores_the_environment(monkeypatch):
    monkeypatch.delenv(SOURCE_DATE_EPOCH, raising=False)
    with source_date_epoch(date(2025, 3, 13)) as value:
        assert value == os.environ[SOURCE_DATE_EPOCH] == str(MARCH_13_2025)
        assert current_epoch() == MARCH_13_2025
    assert SOURCE_DATE_EPOCH not in os.environ
    assert current_epoch() == epoch_of(date(2025, 1, 1))  # outside any build: the fixed default


def test_the_user_s_epoch_wins(monkeypatch):
    monkeypatch.setenv(SOURCE_DATE_EPOCH, "1700000000")
    with source_date_epoch(date(2025, 3, 13)) as value:
        assert value == "1700000000" == os.environ[SOURCE_DATE_EPOCH]
    assert os.environ[SOURCE_DATE_EPOCH] == "1700000000"


def test_the_environment_is_restored_after_a_failed_build(monkeypatch):
    monkeypatch.setenv(SOURCE_DATE_EPOCH, " ")
    with pytest.raises(RuntimeError), source_date_epoch(date(2025, 3, 13)):
        assert os.environ[SOURCE_DATE_EPOCH] == str(MARCH_13_2025)
        raise RuntimeError("stopped")
    assert os.environ[SOURCE_DATE_EPOCH] == " "


@pytest.mark.parametrize(("day", "words"), [(date(2025, 3, 3), "3 March 2025"), ("2024-12-25", "25 December 2024")])
def test_long_date_is_written_the_gov_uk_way(day, words):
    assert long_date(day) == words
