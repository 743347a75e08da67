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
    expected = {codes.ABOUT_TABLE: ("field", "value"), **{t: codes.table_columns(t) for t in codes.DATA_TABLES},
                PLAN: PLAN_COLUMNS}
    for name, frame in tables.items():
        if name not in expected:
            problems.append(f"{name}: not a table of the spec")
        elif tuple(frame.columns) != expected[name] and not (
                name == PLAN and tuple(frame.columns) == (*PLAN_COLUMNS, *PLAN_OPTIONAL_COLUMNS)):
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

    if PLAN in tables:
        problems.extend(plan_violations(tables[PLAN], year))
    typed = {n: f.astype({c: "int64" for c in codes.TABLE_COUNTS[n]}) for n, f in tables.items()
             if n in codes.DATA_TABLES}
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


# The action_plan contract (shared ACTION_PLAN.md), typed in from its words.
PLAN = "action_plan"
PLAN_COLUMNS = ("action_id", "indicator", "action", "owner_role", "start_date", "due_date", "target_measure",
                "target_breakdown", "target_comparison", "target_value", "target_year", "status")
PLAN_OPTIONAL_COLUMNS = ("public",)  # issue 21: yes, no or blank (no)
PLAN_MEASURES = {
    "1": {"share_minoritised", "relative_likelihood"},
    **{i: {"relative_likelihood"} for i in ("2", "3", "4", "5", "8")},
    **{i: {"relative_likelihood", "percent_experienced"} for i in ("6", "7a", "7b")},
    "9": {"share_minoritised", "relative_likelihood", "gap_pp"},
}
PLAN_BANDS = {"under_20k", "20k_to_29k", "30k_to_39k", "40k_to_49k", "50k_to_59k", "60k_to_69k", "70k_plus",
              "below_30k", "30k_to_69k"}
PLAN_COMPARISONS = {"at_least": "at_least", ">=": "at_least", "≥": "at_least",
                    "at_most": "at_most", "<=": "at_most", "≤": "at_most"}
PLAN_STATUSES = {"not_started", "in_progress", "complete", "dropped"}


def plan_violations(plan: pd.DataFrame, year: int) -> list[str]:
    """Every way an action_plan table (text cells, canonical column names) breaks the contract."""
    problems = []
    ids = [i.strip().lower() for i in plan["action_id"]]
    if len(set(ids)) != len(ids) or not all(re.fullmatch(r"[a-z0-9_.\-]{1,20}", i) for i in ids):
        problems.append("action_plan: action_id")
    for row in plan.itertuples(index=False):
        indicator = row.indicator.strip().lower()
        measure = row.target_measure.strip().lower()
        band = row.target_breakdown.strip().lower()
        if measure not in PLAN_MEASURES.get(indicator, set()):
            problems.append(f"action_plan: {row.action_id} measure {measure} for indicator {indicator}")
        if (indicator == "1") != (band != "") or (band and band not in PLAN_BANDS):
            problems.append(f"action_plan: {row.action_id} breakdown {band!r}")
        if row.target_comparison.strip().lower() not in PLAN_COMPARISONS:
            problems.append(f"action_plan: {row.action_id} comparison")
        try:
            value = float(row.target_value)
            if value < (-100 if measure == "gap_pp" else 0):
                problems.append(f"action_plan: {row.action_id} value {value}")
            start, due = dt.date.fromisoformat(row.start_date), dt.date.fromisoformat(row.due_date)
            if due < start:
                problems.append(f"action_plan: {row.action_id} due before start")
        except ValueError as exc:
            problems.append(f"action_plan: {row.action_id} {exc}")
        if not (row.target_year.isdigit() and int(row.target_year) >= year):
            problems.append(f"action_plan: {row.action_id} target_year {row.target_year}")
        if row.status.strip().lower() not in PLAN_STATUSES:
            problems.append(f"action_plan: {row.action_id} status")
        if getattr(row, "public", "").strip().lower() not in ("yes", "no", ""):
            problems.append(f"action_plan: {row.action_id} public")
        if not 1 <= len(row.action) <= 500 or not 1 <= len(row.owner_role) <= 100:
            problems.append(f"action_plan: {row.action_id} text length")
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
