"""Byte-stable zip archives (xlsx workbooks are zips): same contents, same bytes."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl import Workbook


def deterministic_zip(data: bytes, timestamp: dt.datetime) -> bytes:
    """The same archive with members in a fixed order and fixed timestamps.

    ``[Content_Types].xml`` goes first (as Office writes it), the rest by name, every
    member dated TIMESTAMP with the same permissions, so the bytes depend only on
    what the archive holds, whatever library wrote it and whenever.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    names = sorted(source.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=timestamp.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(name))
    return out.getvalue()


def workbook_zip_bytes(workbook: Workbook, timestamp: dt.datetime) -> bytes:
    """An openpyxl workbook as .xlsx bytes dated TIMESTAMP, inside and out, every time."""
    from openpyxl.writer.excel import ExcelWriter

    workbook.properties.created = timestamp
    workbook.properties.modified = timestamp
    buffer = io.BytesIO()
    # ExcelWriter directly: openpyxl's save_workbook would stamp the current time.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()
    return deterministic_zip(buffer.getvalue(), timestamp)
