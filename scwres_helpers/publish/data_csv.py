"""One CSV file per published table: the worksheet's header row and cells, nothing else.

UTF-8 without a byte-order mark, ``\\n`` line endings, minimal quoting, GSS shorthand
(``[c]``, ``[x]``, ``[z]``) in the cells where there is no number, numbers without
thousands separators, and every cell passed through ``spreadsheet_text.csv_cell``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from scwres_helpers.atomic import write_text_atomic
from scwres_helpers.spreadsheet_text import csv_cell
from scwres_helpers.publish.data_sheets import DataTable


def csv_text(table: DataTable) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([csv_cell(str(c)) for c in table.frame.columns])
    for record in table.frame.itertuples(index=False):
        writer.writerow([csv_cell(str(cell)) for cell in record])
    return buffer.getvalue()


def write_csv(table: DataTable, path: Path) -> Path:
    return write_text_atomic(Path(path), csv_text(table))
