"""A plain reading of generated returns for the tests: pandas for CSV, openpyxl for xlsx.

Deliberately independent of ``scwres_helpers.intake``: the generator is checked
against the words of data-return.md, not against the reader it is meant to exercise.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
import pandas as pd

from scwres_helpers import codes
from scwres_helpers.returns import About, AuthorityReturn, empty_table

LOWERED_KEYS = ("service", "pay_band", "senior_manager", "regulated", "source")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def read_raw_tables(path: Path) -> dict[str, pd.DataFrame]:
    """Table name -> all cells as text, columns as written (CSV folder or workbook)."""
    if path.suffix == ".xlsx":
        workbook = openpyxl.load_workbook(path, read_only=True)
        tables = {}
        for sheet in workbook.worksheets:
            rows = [[_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            tables[sheet.title] = pd.DataFrame(rows[1:], columns=rows[0], dtype="str")
        workbook.close()
        return tables
    return {
        f.stem: pd.read_csv(f, dtype=str, keep_default_na=False)
        for f in sorted(path.glob("*.csv"))
    }


def canonical_tables(raw: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Names and codes normalised as the spec says (case, surrounding spaces, aliases)."""
    tables = {}
    for name, frame in raw.items():
        frame = frame.rename(columns=lambda c: c.strip().lower())
        frame = frame.copy()
        for column in frame.columns:
            if column in LOWERED_KEYS:
                frame[column] = frame[column].str.strip().str.lower()
            elif column == "ethnicity":
                frame[column] = [codes.canonical_ethnicity(v) for v in frame[column]]
        tables[name.strip().lower()] = frame
    return tables


def _about_values(about: pd.DataFrame) -> dict[str, str]:
    return {f.strip(): v.strip() for f, v in zip(about["field"], about["value"])}


def rule_violations(path: Path, year: int, raw: dict[str, pd.DataFrame] | None = None) -> list[str]:
    """Every way the return at path (already read: raw) breaks data-return.md; empty when valid."""
    problems: list[str] = []
    tables = canonical_tables(read_raw_tables(path) if raw is None else raw)
    for name in codes.ALL_TABLES:
        if name not in tables and name not in codes.OPTIONAL_TABLES:
            problems.append(f"{name}: missing")
    expected = {codes.ABOUT_TABLE: ("field", "value"), **{t: codes.table_columns(t) for t in codes.DATA_TABLES}}
    for name, frame in tables.items():
        if name not in expected:
            problems.append(f"{name}: not a table of the spec")
        elif tuple(frame.columns) != expected[name]:
            problems.append(f"{name}: columns {list(frame.columns)}")
    if problems:
        return problems

    about = _about_values(tables[codes.ABOUT_TABLE])
    code = path.name.removesuffix(".xlsx")
    if set(about) - set(codes.ABOUT_FIELDS) or set(codes.ABOUT_REQUIRED_FIELDS) - set(about):
        problems.append(f"about: fields {sorted(about)}")
    authority_code = about.get("authority_code", "")
    if not codes.AUTHORITY_CODE_PATTERN.match(authority_code) or authority_code != code:
        problems.append(f"about: authority_code {about.get('authority_code')!r} for {code}")
    if about.get("year") != str(year) or path.parent.name != str(year):
        problems.append(f"about: year {about.get('year')!r}")
    if not 1 <= len(about.get("authority_name", "")) <= 100:
        problems.append("about: authority_name length")
    try:
        start, end, snapshot = (dt.date.fromisoformat(about[f]) for f in ("period_start", "period_end", "snapshot_date"))
        if end != start.replace(year=start.year + 1) - dt.timedelta(days=1) or snapshot < start:
            problems.append(f"about: period {start} to {end}, snapshot {snapshot}")
    except (KeyError, ValueError) as exc:
        problems.append(f"about: date {exc}")

    for name in codes.DATA_TABLES:
        if name not in tables:
            continue
        frame = tables[name]
        for column, allowed in codes.KEY_VALUES.items():
            if column in frame and not frame[column].isin(allowed).all():
                problems.append(f"{name}: {column} values {sorted(set(frame[column]) - set(allowed))}")
        if frame["ethnicity"].isna().any():
            problems.append(f"{name}: unrecognised ethnicity")
        for column in codes.TABLE_COUNTS[name]:
            if not frame[column].str.fullmatch(r"[0-9]+").all():
                problems.append(f"{name}: {column} not whole numbers >= 0")
        if frame.duplicated(list(codes.TABLE_KEYS[name])).any():
            problems.append(f"{name}: duplicate keys")
    if problems:
        return problems

    typed = {n: f.astype({c: "int64" for c in codes.TABLE_COUNTS[n]}) for n, f in tables.items() if n != "about"}
    workforce = typed["workforce"]
    services = set(workforce["service"])
    for name, frame in typed.items():
        if not set(frame["service"]) <= services:
            problems.append(f"{name}: a service absent from workforce")
    headcount = workforce.groupby(["service", "ethnicity"])["headcount"].sum()
    regulated = workforce[workforce["regulated"] == "yes"].groupby(["service", "ethnicity"])["headcount"].sum()

    def within(frame: pd.DataFrame, column: str, bound: pd.Series, what: str) -> None:
        limit = bound.reindex(pd.MultiIndex.from_frame(frame[["service", "ethnicity"]])).fillna(0).to_numpy()
        if (frame[column].to_numpy() > limit).any():
            problems.append(f"{column} > {what}")

    recruitment = typed["recruitment"]
    if (recruitment["appointed"] > recruitment["shortlisted"]).any():
        problems.append("appointed > shortlisted")
    within(typed["disciplinary"], "entered_formal_process", headcount, "headcount")
    within(typed["cpd"], "accessed_funded_cpd", headcount, "headcount")
    within(typed["leavers"], "leavers", headcount, "headcount")
    within(typed["fitness_to_practise"], "referred", regulated, "regulated headcount")
    if "survey" in typed and (typed["survey"]["experienced"] > typed["survey"]["respondents"]).any():
        problems.append("experienced > respondents")
    return problems


def to_authority_return(path: Path, raw: dict[str, pd.DataFrame] | None = None) -> AuthorityReturn:
    """The return at path (already read: raw) as the indicators expect it; assumes it is valid."""
    tables = canonical_tables(read_raw_tables(path) if raw is None else raw)
    about = _about_values(tables.pop(codes.ABOUT_TABLE))
    typed: dict[str, pd.DataFrame | None] = {}
    for name in codes.DATA_TABLES:
        frame = tables.get(name)
        if frame is None or frame.empty:
            typed[name] = None if name in codes.OPTIONAL_TABLES else empty_table(name)
            continue
        frame = frame.astype({c: "int64" for c in codes.TABLE_COUNTS[name]})
        typed[name] = frame.astype({c: "str" for c in codes.TABLE_KEYS[name]}).reset_index(drop=True)
    return AuthorityReturn(
        About(
            authority_code=about["authority_code"],
            authority_name=about["authority_name"],
            year=int(about["year"]),
            period_start=dt.date.fromisoformat(about["period_start"]),
            period_end=dt.date.fromisoformat(about["period_end"]),
            snapshot_date=dt.date.fromisoformat(about["snapshot_date"]),
            template_version=about.get("template_version"),
        ),
        typed,
        path,
    )


def return_paths(root: Path, year: int) -> list[Path]:
    """The returns of one year: CSV folders and workbooks, by code."""
    folder = root / str(year)
    return sorted(p for p in folder.iterdir() if re.fullmatch(r"[A-Z][0-9]{8}(\.xlsx)?", p.name))
