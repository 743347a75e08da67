"""Dates the outputs carry: the publication date and the file timestamps derived from it.

Each collection year has a publication date (``publication_dates`` in
``params/national.yml``). The reports and the site show it, and every file date the
tools would otherwise take from the clock (the PDFs' creation date, the data
workbook's) is ``SOURCE_DATE_EPOCH``: the user's, when set, else midnight UTC of the
publication date, which the build sets for its own duration (``source_date_epoch``).
So the same inputs give the same bytes, and no file says 1980 or a date from the
Makefile.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone

SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"
# For a renderer called on its own, outside any build (tests, a notebook): a fixed date,
# the same for every kind of file. A build always sets the publication date's.
DEFAULT_DATE = date(2025, 1, 1)


def epoch_of(day: date) -> int:
    """Midnight UTC at the start of DAY, in seconds since 1970."""
    return int(datetime(day.year, day.month, day.day, tzinfo=timezone.utc).timestamp())


def current_epoch() -> int:
    """The file timestamp to write now: SOURCE_DATE_EPOCH if set, else DEFAULT_DATE's."""
    value = os.environ.get(SOURCE_DATE_EPOCH, "").strip()
    return int(value) if value.isdigit() else epoch_of(DEFAULT_DATE)


@contextmanager
def source_date_epoch(publication: date) -> Iterator[str]:
    """SOURCE_DATE_EPOCH for the duration of a build: the user's when set, else the
    publication date's; restored afterwards. Yields the value in force."""
    given = os.environ.get(SOURCE_DATE_EPOCH)
    if given is not None and given.strip():
        yield given.strip()
        return
    os.environ[SOURCE_DATE_EPOCH] = str(epoch_of(publication))
    try:
        yield os.environ[SOURCE_DATE_EPOCH]
    finally:
        if given is None:
            os.environ.pop(SOURCE_DATE_EPOCH, None)
        else:
            os.environ[SOURCE_DATE_EPOCH] = given


def long_date(day: date | str) -> str:
    """DAY as the GOV.UK style writes it: '12 March 2025'."""
    if isinstance(day, str):
        day = date.fromisoformat(day)
    return f"{day.day} {day:%B %Y}"
