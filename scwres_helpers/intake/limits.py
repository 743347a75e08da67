"""How big a return may be, checked before any parser sees it.

Returns are untrusted, and a small file can unpack or parse into something huge: a
1 MB workbook whose one cell holds 1 GiB of text (a "zip bomb"), a sheet of a million
rows, a cell far to the right that pads every row to 16,384 columns. Each limit here
is far above what a real return needs and is checked on sizes that cost nothing to
learn (the file's size, the workbook's zip directory) or while the rows stream in, so
one hostile return is refused in a second, within a fixed amount of memory, with a
message naming the file and the limit.

What a real return needs: a filled-in template is under 1 MB, its largest part (the
workforce sheet's XML) under 1 MB unpacked, its largest table the workforce at 1,368
rows (every combination of service, ethnicity, pay band and the two flags), its
largest sheet about 9,000 cells. The limits leave ten times that or more, and are
tight enough for the time too: openpyxl parses a sheet at about 1 MB a second, so
the most a hostile workbook can make it parse takes seconds, not minutes.
"""

from __future__ import annotations

import zipfile

MIB = 1024 * 1024
# One file of a return (a workbook, or one CSV file of a folder).
MAX_FILE_BYTES = 20 * MIB
# One part (zip member) of a workbook, unpacked, and all parts together.
MAX_PART_BYTES = 10 * MIB
MAX_UNPACKED_BYTES = 50 * MIB
# Unpacked / packed size of a part; XML packs about 10 to 30 times. Parts under
# RATIO_FROM_BYTES are not judged (a tiny, repetitive part can pack far better).
MAX_COMPRESSION_RATIO = 200
RATIO_FROM_BYTES = 1 * MIB
MAX_PARTS = 1_000
# Rows with any value in one table, and cells read from one sheet or CSV file (blank
# ones too; a blank row counts as one, so a value a million rows down is refused).
MAX_TABLE_ROWS = 10_000
MAX_SHEET_CELLS = 250_000


def _mb(size: int) -> str:
    return f"{size / MIB:,.0f} MB" if size >= MIB else f"{size:,} bytes"


def file_too_large(size: int, limit: int = MAX_FILE_BYTES) -> str | None:
    """Why a file of SIZE bytes is not read, or None when it may be."""
    if size <= limit:
        return None
    kind = "a return file may be (a filled-in template is well under 1 MB)" if limit == MAX_FILE_BYTES \
        else "this file may be"
    return f"the file is {size / MIB:,.1f} MB, more than the {_mb(limit)} {kind}; it was not read"


def workbook_too_large(archive: zipfile.ZipFile) -> str | None:
    """Why a workbook would unpack to too much, judged from its zip directory alone, or None.

    The directory's sizes are what ``zipfile`` holds each part to when it unpacks,
    so a part that lies about its size is cut short, never larger.
    """
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        return (f"the workbook has {len(infos):,} parts, more than the {MAX_PARTS:,} a return may have "
                "(it may be a 'zip bomb'); it was not opened")
    total = 0
    for info in infos:
        size = info.file_size
        total += size
        if size > MAX_PART_BYTES:
            return (f"the workbook's part {info.filename[:60]!r} unpacks to {_mb(size)}, more than the "
                    f"{_mb(MAX_PART_BYTES)} a part may be (it may be a 'zip bomb'); it was not opened")
        if size >= RATIO_FROM_BYTES and size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
            ratio = size / max(info.compress_size, 1)
            return (f"the workbook's part {info.filename[:60]!r} unpacks {ratio:,.0f} times larger than "
                    f"it is packed, more than the {MAX_COMPRESSION_RATIO} times a return's parts may "
                    "(it may be a 'zip bomb'); it was not opened")
    if total > MAX_UNPACKED_BYTES:
        return (f"the workbook unpacks to {_mb(total)}, more than the {_mb(MAX_UNPACKED_BYTES)} a return "
                "may (it may be a 'zip bomb'); it was not opened")
    return None


def too_many_rows(table: str, rows: int) -> str:
    return (f"the {table} table has more than {MAX_TABLE_ROWS:,} rows, the most a table may have (a "
            "complete return has at most 1,368, one per combination); it was not read further — "
            "send one row per combination")


def too_many_cells(sheet: str) -> str:
    return (f"the sheet {sheet[:60]!r} has more than {MAX_SHEET_CELLS:,} cells, the most a sheet may "
            "have (a value far to the right or below the table makes every row that long); it was not "
            "read further — delete the columns and rows outside the table")
