"""Is a received file safe and sensible to open as a workbook? Decided from its bytes alone.

Run before openpyxl sees a file, so that a renamed PDF, an encrypted or legacy
workbook, a macro-enabled one, a damaged zip or a zip bomb gets a message that says
what it is and what to do, instead of a library error. The same pass reads the
sheet XML for what openpyxl's streaming reader cannot tell: merged cells (all but
the first cell read as blank) and formulas without a saved result (read as blank).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.etree import ElementTree

from scwres_helpers import codes
from scwres_helpers.intake.limits import MAX_FILE_BYTES, workbook_too_large
from scwres_helpers.intake.problems import ERROR, Problem

OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_SEND_XLSX = "save it from Excel as 'Excel Workbook (*.xlsx)' and send it again"


@dataclass
class Screening:
    """Problems found in the bytes; ``openable`` when the reader may go on to open the file."""

    problems: list[Problem] = field(default_factory=list)
    openable: bool = True


def too_large(size: int, file: str) -> Problem | None:
    if size <= MAX_FILE_BYTES:
        return None
    return Problem(ERROR, f"the file is {size / 1024 / 1024:.1f} MB, more than the "
                   f"{MAX_FILE_BYTES // (1024 * 1024)} MB a return may be (a filled-in template is "
                   "well under 1 MB); remove pictures, pivot tables and extra sheets, " + _SEND_XLSX,
                   file=file)


def screen_bytes(data: bytes, file: str) -> Screening:
    """Everything that can be said about ``data`` before opening it as a workbook."""
    result = Screening()

    def stop(rule: str) -> Screening:
        result.problems.append(Problem(ERROR, rule, file=file))
        result.openable = False
        return result

    if not data:
        return stop("the file is empty (0 bytes); the upload or copy may have failed — send the workbook again")
    large = too_large(len(data), file)
    if large is not None:
        result.problems.append(large)
        result.openable = False
        return result
    if data.startswith(OLE2_MAGIC):
        if _ENCRYPTION_STREAM in data:
            return stop("the workbook is protected with a password to open it, so it cannot be "
                        "read; remove the password (File > Info > Protect Workbook > Encrypt with "
                        "Password, clear it) and " + _SEND_XLSX)
        return stop("this is an old-format Excel file (.xls) or another Office file, not an .xlsx "
                    "workbook; " + _SEND_XLSX)
    if data.startswith(b"%PDF"):
        return stop("this is a PDF, not an Excel workbook; send the filled-in .xlsx workbook itself "
                    "(do not print or export it)")
    if not data.startswith(ZIP_MAGIC):
        return stop("this is not an Excel workbook (.xlsx) — it does not start like one; fill in the "
                    "template workbook and " + _SEND_XLSX)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        return stop("the workbook is damaged (its zip structure cannot be read), perhaps by an "
                    "incomplete upload; open it in Excel to check, then " + _SEND_XLSX)
    with archive:
        return _screen_archive(archive, result, stop, file)


def _screen_archive(archive: zipfile.ZipFile, result: Screening, stop, file: str) -> Screening:
    infos = archive.infolist()
    names = {info.filename for info in infos}
    too_large = workbook_too_large(archive)  # the same limits as every reading of a return
    if too_large is not None:
        return stop(f"{too_large} — " + _SEND_XLSX)
    if any(info.flag_bits & 0x1 for info in infos):
        return stop("parts of the file are encrypted with a password; remove the password and " + _SEND_XLSX)
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        return stop("this is a zip archive but not an Excel workbook (.xlsx); " + _SEND_XLSX)
    content_types = archive.read("[Content_Types].xml")
    if any(n.lower().endswith("vbaproject.bin") for n in names) or b"macroEnabled" in content_types:
        return stop("the workbook is macro-enabled (.xlsm); we never open files with macros — "
                    "save it as 'Excel Workbook (*.xlsx)' (File > Save As), which removes them, "
                    "and send that")
    try:
        damaged = archive.testzip()
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError):
        damaged = "?"
    if damaged is not None:
        return stop("the workbook is damaged (a part of it fails its checksum), perhaps by an "
                    "incomplete upload; open it in Excel to check, then " + _SEND_XLSX)
    try:
        sheets = _table_sheet_parts(archive)
        for title, part in sheets.items():
            result.problems.extend(_sheet_cell_problems(archive.read(part), title, file))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, ValueError) as exc:
        return stop(f"the workbook's internal structure is damaged ({type(exc).__name__}); open it "
                    "in Excel to check, then " + _SEND_XLSX)
    return result


def _table_sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title -> part name, for the sheets that hold a return table."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{_NS_PKG_REL}Relationship")}
    parts = {}
    for sheet in workbook.iter(f"{_NS_MAIN}sheet"):
        title = sheet.get("name", "")
        if title.strip().lower() not in codes.ALL_TABLES:
            continue
        target = targets.get(sheet.get(f"{_NS_REL}id"), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        if part in archive.namelist():
            parts[title] = part
    return parts


def _sheet_ref(title: str) -> str:
    return title if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", title) else "'" + title.replace("'", "''") + "'"


def _sheet_cell_problems(xml: bytes, title: str, file: str) -> list[Problem]:
    """Merged ranges and formulas that have no saved result, each at its cells."""
    problems = []
    table = title.strip().lower()
    for _, element in ElementTree.iterparse(io.BytesIO(xml)):
        tag = element.tag
        if tag == f"{_NS_MAIN}mergeCell":
            ref = element.get("ref", "")
            problems.append(Problem(
                ERROR, f"the cells {ref} are merged, so only the first of them has a value; unmerge "
                "them (Home > Merge & Center > Unmerge Cells) and fill in every cell",
                file=file, table=table, location=f"{_sheet_ref(title)}!{ref}"))
        elif tag == f"{_NS_MAIN}c":
            formula = element.find(f"{_NS_MAIN}f")
            value = element.find(f"{_NS_MAIN}v")
            if formula is not None and (value is None or not (value.text or "").strip()):
                problems.append(Problem(
                    ERROR, "this cell has a formula with no saved result (the file was not saved "
                    "by Excel after calculating); type the number itself, or open the workbook in "
                    "Excel and save it", file=file, table=table,
                    location=f"{_sheet_ref(title)}!{element.get('r', '?')}"))
            element.clear()
        elif tag == f"{_NS_MAIN}row":
            element.clear()
    return problems
