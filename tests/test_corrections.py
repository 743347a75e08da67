"""Corrections before and after release (corrections.py): stale marks and revision notices."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from scwres_helpers.corrections import CorrectionError, StaleOutputs, plan_revisions, return_files, returns_files
from scwres_helpers.publish.release import Release

ROOT = "/data/returns"


def _tables(files: dict[str, dict[str, str]]):
    """What plan_revisions reads of a year's tables: each return's folder and the files intake read."""
    returns = {code: SimpleNamespace(source=f"{ROOT}/2024/{code}") for code in files}
    read = [SimpleNamespace(path=path, sha256=sha) for code in files for path, sha in files[code].items()]
    return SimpleNamespace(year=2024, current=SimpleNamespace(returns=returns, files=read))


RELEASED = {"X1": {"2024/X1/staff.csv": "a1"}, "X2": {"2024/X2/staff.csv": "b1"},
            "X10": {"2024/X10/staff.csv": "c1"}}


def _release(**changes) -> Release:
    return Release(year=2024, published="2025-03-13", returns=RELEASED, site={}, **changes)


def test_return_files_are_the_code_s_own_and_no_other_code_that_starts_the_same():
    assert return_files(_tables(RELEASED), ROOT, "X1") == {"2024/X1/staff.csv": "a1"}
    assert returns_files(_tables(RELEASED), ROOT, ["X1", "X10"]) == {
        "X1": {"2024/X1/staff.csv": "a1"}, "X10": {"2024/X10/staff.csv": "c1"}}


def test_an_unchanged_return_has_no_notice_and_a_changed_one_needs_a_reason():
    release = _release()
    corrected = {**RELEASED, "X2": {"2024/X2/staff.csv": "b2"}}
    assert plan_revisions(release, _tables(RELEASED), ROOT, ["X1", "X2"], None, date(2025, 4, 2)) == {}
    with pytest.raises(CorrectionError, match=r"returns of X2 differ from the ones released on 2025-03-13.*--reason"):
        plan_revisions(release, _tables(corrected), ROOT, ["X1", "X2"], None, date(2025, 4, 2))
    assert release.corrections == {}


def test_a_correction_is_recorded_once_and_its_notice_reused_on_a_rebuild():
    release = _release()
    corrected = _tables({**RELEASED, "X2": {"2024/X2/staff.csv": "b2"}})
    notices = plan_revisions(release, corrected, ROOT, ["X2"], " counts corrected ", date(2025, 4, 2))
    assert notices == {"X2": {"published": "2025-03-13", "revised": "2025-04-02", "reason": "counts corrected",
                              "national_as_of": "2025-03-13"}}
    assert release.corrections["X2"] == [{"date": "2025-04-02", "reason": "counts corrected",
                                          "returns": {"2024/X2/staff.csv": "b2"}}]
    again = plan_revisions(release, corrected, ROOT, ["X2"], None, date(2030, 1, 1))  # no reason needed now
    assert again == notices and len(release.corrections["X2"]) == 1


def test_a_national_revision_is_noted_on_every_report_unless_its_own_correction_is_later():
    release = _release(revisions=[{"date": "2025-05-01", "reason": "new population figures", "changes": []}],
                       corrections={"X2": [{"date": "2025-06-01", "reason": "late fix",
                                            "returns": {"2024/X2/staff.csv": "b2"}}]})
    tables = _tables({**RELEASED, "X2": {"2024/X2/staff.csv": "b2"}})
    notices = plan_revisions(release, tables, ROOT, ["X1", "X2"], None, date(2025, 7, 1))
    assert notices["X1"] == {"published": "2025-03-13", "revised": "2025-05-01", "national_as_of": "2025-05-01",
                             "reason": "the national figures were revised: new population figures"}
    assert notices["X2"]["revised"] == "2025-06-01" and notices["X2"]["reason"] == "late fix"


def test_stale_marks_go_as_their_outputs_are_rebuilt_and_round_trip_through_the_manifest():
    stale = StaleOutputs(["X1's correction changed the national figures"], True, ["X2", "X3"], ["indicator 2"])
    assert StaleOutputs.from_manifest(stale.to_manifest()) == stale
    assert StaleOutputs.from_manifest(None) == StaleOutputs() and StaleOutputs().to_manifest() is None
    assert not StaleOutputs(["why"])  # nothing out of date
    partly = stale.rebuilt(["X2"], national=True)
    assert (partly.national, partly.authorities, partly.changes) == (False, ["X3"], [])
    assert stale.rebuilt(["X2"], national=False).national is True
    assert not stale.rebuilt(["X2", "X3"], national=True)
