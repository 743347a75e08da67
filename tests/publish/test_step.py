"""The build's publishing step end to end: reports, site and tables from one build.

A private copy of the fixture, cut to four authorities (one renamed with a hostile
name), is built once with the bundled renderer; the tests read what it wrote.
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
from types import SimpleNamespace

import openpyxl
import pytest
from pypdf import PdfReader

from scwres_helpers.cache import Cache
from scwres_helpers.config import PARAMS_DIR, SAMPLE_RETURNS_DIR
from scwres_helpers.execution.progress import BuildProgress
from scwres_helpers.pipeline import build_year, format_build_summary
from scwres_helpers.publish.step import (
    PHASE_REPORTS,
    PHASE_SITE,
    PHASE_SUMMARIES,
    _collect,
    _PendingReport,
    batch_outcomes,
)

pytestmark = pytest.mark.slow
YEAR = 2024
# Hostile to Markdown, HTML and Typst, yet within the rule every name is held to (no control
# characters, no '<' or '>', no leading '=', '+', '-' or '@': those returns are quarantined).
HOSTILE = 'Tom & Jerry "alert(1)" [x](javascript:alert(1)) *Borough* #set $x$ \\ =HYPERLINK("http://x","y")'
CODE = re.compile(r"\b[A-Z][0-9]{8}\b")


def _rename(folder, name):
    about = folder / "about.csv"
    rows = list(csv.reader(about.open(encoding="utf-8", newline="")))
    for row in rows:
        if row and row[0].strip().lower() == "authority_name":
            row[1] = name
    with about.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("publish")
    returns = root / "returns"
    keep = sorted(p.name for p in (SAMPLE_RETURNS_DIR / str(YEAR)).iterdir() if p.is_dir())[:4]
    for year in (YEAR - 1, YEAR):
        for code in keep:
            source = SAMPLE_RETURNS_DIR / str(year) / code
            if source.is_dir():
                shutil.copytree(source, returns / str(year) / code)
    _rename(returns / str(YEAR) / keep[0], HOSTILE)
    out = root / "outputs"
    log = io.StringIO()  # not a terminal: one line per notebook and per report
    summary = build_year(returns, YEAR, out_root=out, renderer="bundled", jobs=2, progress=BuildProgress(file=log))
    (root / "build.log").write_text(log.getvalue(), encoding="utf-8")
    return keep, out / str(YEAR), summary


def test_rendering_reports_its_progress_report_by_report(built):
    keep, year_dir, _ = built
    lines = (year_dir.parent.parent / "build.log").read_text(encoding="utf-8").splitlines()
    start = lines.index(f"Reports: {len(keep) + 1} to build, 0 unchanged (cached), {len(keep) + 1} to render")
    rendered = lines[start + 1:]
    assert len(rendered) == len(keep) + 1
    assert [re.fullmatch(r"\[(\d+)/(\d+)\] rendered (\S+( site)?) \(\d+\.\d s\)", line) is not None
            for line in rendered] == [True] * len(rendered)
    assert sorted(line.split()[2] for line in rendered[:-1]) == [f"authority/{code}" for code in keep]
    assert rendered[-1].startswith(f"[{len(keep) + 1}/{len(keep) + 1}] rendered national site")
    # The notebooks' display came first, with its own counts.
    assert lines[0].startswith("Notebooks: ") and lines.index(lines[0]) < start


def test_the_summary_warns_of_the_placeholder_contact_email(built):
    _, _, summary = built
    assert any("contact_email sc-wres@example.org is a placeholder" in w for w in summary.settings_warnings)
    assert "is a placeholder" in format_build_summary(summary)


def test_every_authority_has_html_and_a4_pdf(built):
    keep, year_dir, summary = built
    assert summary.ok, (summary.failed, summary.render_failures)
    for code in keep:
        html = year_dir / "private" / "reports" / f"{code}.html"
        pdf = PdfReader(str(year_dir / "private" / "reports" / f"{code}.pdf"))
        assert html.exists() and len(pdf.pages) > 3
        box = pdf.pages[0].mediabox
        assert abs(float(box.width) - 595.3) < 1.5 and abs(float(box.height) - 841.9) < 1.5
        first_page = pdf.pages[0].extract_text()
        assert "Synthetic data" in first_page and code in first_page


def test_the_rendering_steps_are_timed(built):
    _, year_dir, summary = built
    phases = summary.phase_seconds  # as the build's manifest had them (a no-change rebuild writes its own)
    assert {PHASE_REPORTS, PHASE_SITE} <= set(phases)
    assert phases[PHASE_REPORTS] > 0 and phases[PHASE_SITE] > 0
    # The site renders beside the reports and summaries, so its clock overlaps theirs; the
    # other steps follow one another.
    assert sum(seconds for phase, seconds in phases.items() if phase != PHASE_SITE) <= summary.seconds
    assert phases[PHASE_SITE] <= summary.seconds


def test_the_renderer_that_ran_is_printed_and_in_the_manifest(built):
    from importlib.metadata import version

    from scwres_helpers.pipeline import format_build_summary
    from scwres_helpers.publish.render_allocator import allocator_name

    _, year_dir, summary = built
    manifest = json.loads((year_dir / "private" / "manifest.json").read_text())
    recorded = manifest["renderer"]
    assert recorded.startswith("bundled (Pandoc 3.") and f"Typst {version('typst')}" in recorded
    assert f"Rendered by: {recorded}" in format_build_summary(summary).splitlines()
    assert manifest["render_allocator"] == allocator_name()  # jemalloc's library, or "system"


def test_hostile_name_is_text_in_html_and_pdf(built):
    keep, year_dir, _ = built
    html = (year_dir / "private" / "reports" / f"{keep[0]}.html").read_text(encoding="utf-8")
    assert 'href="javascript' not in html and "<em>Borough</em>" not in html
    assert "Tom &amp; Jerry" in html
    pdf_text = PdfReader(str(year_dir / "private" / "reports" / f"{keep[0]}.pdf")).pages[0].extract_text()
    assert "alert(1)" in pdf_text


def test_reports_hold_only_their_own_authority(built):
    keep, year_dir, _ = built
    for code in keep:
        html = (year_dir / "private" / "reports" / f"{code}.html").read_text(encoding="utf-8")
        assert set(CODE.findall(html)) == {code}
        pdf = "".join(p.extract_text() for p in PdfReader(str(year_dir / "private" / "reports" / f"{code}.pdf")).pages)
        assert set(CODE.findall(pdf)) == {code}


def test_public_site_names_no_authority(built):
    keep, year_dir, _ = built
    site = year_dir / "public" / "site"
    for page in site.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not CODE.findall(text), page.name
        assert "alert(1)" not in text
    for table in site.glob("*.csv"):
        assert not CODE.findall(table.read_text(encoding="utf-8")), table.name


def test_suppressed_national_cells_show_c_on_site_and_in_workbook(built):
    _, year_dir, _ = built
    site = year_dir / "public" / "site"
    headcount = (site / f"scwres_{YEAR}_headcount.csv").read_text(encoding="utf-8")
    indicators = (site / f"scwres_{YEAR}_national_indicators.csv").read_text(encoding="utf-8")
    assert "[c]" in headcount + indicators, "four small authorities must produce suppressed cells"
    workbook = openpyxl.load_workbook(site / f"scwres_{YEAR}_national_tables.xlsx", read_only=True)
    values = {str(c) for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for c in row}
    assert "[c]" in values
    pages = " ".join(p.read_text(encoding="utf-8") for p in site.glob("indicator-*.html"))
    assert "[c]" in pages


def test_rerender_with_nothing_changed_is_cached(built):
    keep, year_dir, _ = built
    before = {p: p.stat().st_mtime_ns for p in (year_dir / "private" / "reports").glob("*.pdf")}
    summaries = {p: p.stat().st_mtime_ns for p in (year_dir / "public" / "authorities").glob("*/summary.*")}
    log = io.StringIO()
    summary = build_year(year_dir.parent.parent / "returns", YEAR, out_root=year_dir.parent, renderer="bundled",
                         progress=BuildProgress(file=log))
    assert {r.status for r in summary.results} == {"cached"}
    total = len(keep) + 1
    assert f"Reports: {total} to build, {total} unchanged (cached), 0 to render" in log.getvalue().splitlines()
    assert {p: p.stat().st_mtime_ns for p in (year_dir / "private" / "reports").glob("*.pdf")} == before
    assert len(summaries) == 2 * len(keep)
    assert {p: p.stat().st_mtime_ns for p in (year_dir / "public" / "authorities").glob("*/summary.*")} == summaries


def test_each_authority_has_a_public_summary_timed_in_the_manifest(built):
    keep, year_dir, summary = built
    made = sorted(p.relative_to(year_dir).as_posix() for p in (year_dir / "public").glob("authorities/*/summary.*"))
    assert made == sorted(f"public/authorities/{code}/summary.{s}" for code in keep for s in ("html", "pdf"))
    assert summary.phase_seconds[PHASE_SUMMARIES] > 0  # the build's manifest has the same (a later
                                                     # no-change rebuild writes its own)
    assert "Public summaries (HTML and PDF, one per authority" in format_build_summary(summary)


def test_a_hostile_name_is_printed_as_text_in_its_summary(built):
    keep, year_dir, _ = built
    page = (year_dir / "public" / "authorities" / keep[0] / "summary.html").read_text(encoding="utf-8")
    assert "javascript:" not in page.replace("[x](javascript:alert(1))", "")  # only as printed text
    assert '<a href="javascript' not in page and "<script" not in page
    assert "Tom &amp; Jerry &#34;alert(1)&#34; [x](javascript:alert(1))" in page  # the <title>, escaped
    assert set(CODE.findall(page)) == {keep[0]}
    pdf = " ".join(PdfReader(str(year_dir / "public" / "authorities" / keep[0] / "summary.pdf")).pages[0]
                   .extract_text().split())
    assert "Tom & Jerry" in pdf and "=HYPERLINK" in pdf


def test_only_a_summary_whose_words_changed_renders_again(built):
    """A new role for one authority changes its summary's markdown, so its key: the others stay fresh."""
    import dataclasses

    from scwres_helpers.bundles import load_tables
    from scwres_helpers.execution import load_params
    from scwres_helpers.publish.step import plan_summaries
    from scwres_helpers.returns import Governance

    keep, year_dir, summary = built
    tables = load_tables(year_dir.parent.parent / "returns", YEAR, 5)
    params = load_params(PARAMS_DIR)
    fresh = SimpleNamespace(results=summary.results, layout=summary.layout, rendered=[], revised={})
    published = json.loads((year_dir / "private" / "manifest.json").read_text())["parameters"]["publication_dates"]
    from datetime import date

    from scwres_helpers.dates import source_date_epoch

    when = date.fromisoformat(published[str(YEAR)])  # as the build passed it (Edition.published)
    with source_date_epoch(when):  # as the build's: the files' dates are part of every render key
        assert plan_summaries(fresh, tables, params, False, Cache(), when) == []
        ret = tables.current.returns[keep[1]]
        ret.about = dataclasses.replace(ret.about, governance=Governance(programme_lead_role="Head of Workforce"))
        [pending] = plan_summaries(fresh, tables, params, False, Cache(), when)
    assert pending.code == keep[1] and "- **Programme lead:** Head of Workforce" in pending.markdown


def test_withdrawn_authorities_lose_their_summaries(tmp_path):
    from scwres_helpers.config import YearLayout
    from scwres_helpers.publish.step import remove_withdrawn_summaries

    layout = YearLayout.of(tmp_path, YEAR)
    for code in ("X11111111", "X22222222"):
        (layout.summaries / code).mkdir(parents=True)
        (layout.summaries / code / "summary.html").write_text("x")
    assert remove_withdrawn_summaries(layout, ["X22222222"]) == [layout.summaries / "X11111111"]
    assert [p.name for p in layout.summaries.iterdir()] == ["X22222222"]


def test_a_changed_pandoc_filter_renders_again(tmp_path, monkeypatch):
    import shutil

    from scwres_helpers import config
    from scwres_helpers.publish.step import publishing_fingerprint

    package = tmp_path / "scwres_helpers"
    shutil.copytree(config.PACKAGE_DIR / "publish", package / "publish",
                    ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(config, "PACKAGE_DIR", package)
    before = publishing_fingerprint("bundled")
    sanitise = package / "publish" / "filters" / "sanitise.lua"
    sanitise.write_text(sanitise.read_text() + "\n-- edited\n")
    assert publishing_fingerprint("bundled") != before


class _JobSetJustAfterItsCallback:
    """A pool job as its callback sees it: the result is set a moment later (multiprocessing's
    ApplyResult._set calls the callback first), so a zero-second get raises TimeoutError."""

    def __init__(self, result):
        self.result = result

    def get(self, timeout=None):
        if timeout is not None and timeout < 0.05:
            raise multiprocessing.TimeoutError()
        return self.result


def test_a_report_whose_callback_ran_is_collected_not_failed(tmp_path):
    report_file = tmp_path / "X12345678.html"
    report_file.write_text("report")
    summary = SimpleNamespace(render_failures={})
    written: dict = {}
    pending = _PendingReport("X12345678", "Somewhere", tmp_path / "x.ipynb", [report_file], "key")
    [result] = batch_outcomes(_JobSetJustAfterItsCallback([([report_file], 1.5, None)]), 1)
    outcome = _collect(summary, result, pending, Cache(), written, 0)
    assert (outcome.status, summary.render_failures, written) == ("rendered", {}, {0: [report_file]})


def test_a_batch_whose_process_died_fails_each_of_its_reports_and_nothing_else(tmp_path):
    class Died:
        def get(self, timeout=None):
            raise RuntimeError("the render process died")

    summary = SimpleNamespace(render_failures={})
    outcomes = batch_outcomes(Died(), 2)
    assert outcomes == [(None, 0.0, "RuntimeError: the render process died")] * 2
    written: dict = {}
    for index, code in enumerate(("X12345678", "X23456789")):
        pending = _PendingReport(code, "Somewhere", tmp_path / "x.ipynb", [tmp_path / f"{code}.html"], "key")
        assert _collect(summary, outcomes[index], pending, Cache(), written, index).status == "failed"
    assert sorted(summary.render_failures) == ["authority/X12345678", "authority/X23456789"] and written == {}


@pytest.mark.parametrize(("count", "workers", "sizes"), [
    (0, 2, []), (1, 2, [1]), (4, 2, [1, 1, 1, 1]), (12, 2, [3, 3, 3, 3]), (153, 2, [5] * 30 + [3]),
    (7, 1, [4, 3]),
])
def test_renders_go_in_batches_each_worker_gets_two_or_more(count, workers, sizes):
    from scwres_helpers.publish.step import RENDER_BATCH, batches

    groups = batches(count, workers)
    assert [len(g) for g in groups] == sizes and [i for g in groups for i in g] == list(range(count))
    assert all(len(g) <= RENDER_BATCH for g in groups)


def test_a_summary_key_changes_with_each_of_its_inputs_and_nothing_else():
    """The summaries are keyed on their inputs, not their markdown (a rebuild that finds them
    fresh composes none): any input that changes must change the key."""
    import dataclasses
    from datetime import date

    import pandas as pd

    from scwres_helpers.publish.step import summary_key
    from scwres_helpers.report.public_summary import SummaryInputs
    from scwres_helpers.returns import Governance

    rows = pd.DataFrame({"indicator": ["2", "3"], "value": [0.8125, float("nan")]})
    plan = pd.DataFrame({"action": ["Mentoring"], "public": [True]})
    base = SummaryInputs("X11111111", "Northam", 2024, rows, Governance(programme_lead_role="Lead"), plan,
                         True, date(2025, 3, 13), None)
    key = summary_key(base, "code-1")
    same = dataclasses.replace(base, rows=rows.copy(), plan=plan.copy())
    assert summary_key(same, "code-1") == key
    changed = [
        dataclasses.replace(base, rows=rows.assign(value=[0.8126, float("nan")])),
        dataclasses.replace(base, plan=plan.assign(public=[False])),
        dataclasses.replace(base, plan=None),
        dataclasses.replace(base, governance=Governance(programme_lead_role="Head")),
        dataclasses.replace(base, authority_name="Northam & Co"),
        dataclasses.replace(base, synthetic=False),
        dataclasses.replace(base, published=date(2025, 3, 14)),
        dataclasses.replace(base, revision={"revised": "2025-04-01", "reason": "a corrected return"}),
    ]
    keys = {summary_key(inputs, "code-1") for inputs in changed} | {summary_key(base, "code-2")}
    assert key not in keys and len(keys) == len(changed) + 1


def test_the_render_server_has_imported_what_every_render_task_names():
    """A render process forked from the server must not import anything to read its
    first task (it took 0.47 s of CPU, for each of about 30 processes in a full build)."""
    from scwres_helpers.publish import render_tasks, step

    for function in (render_tasks.render_batch, render_tasks.render_summaries):
        assert function.__module__ in step.RENDER_PRELOAD, function.__name__
    assert render_tasks.SummaryDraft.__module__ in step.RENDER_PRELOAD


def test_a_full_builds_render_server_imports_the_build_each_render_process_would_import_again():
    """A process forked from the server imports the parent's main script again, and a
    script that builds imports the build: imported once in the server, that costs a render
    process nothing; imported in each, it was 0.25 s of CPU, 8 CPU-s of a full build. A
    one-authority rerun's server (two render processes) imports the renderers alone."""
    from scwres_helpers.publish import step

    def missing(preload: list[str]) -> str:
        code = (f"import sys\nfor name in {preload!r}: __import__(name)\n"
                "print([m for m in ('pandas', 'scwres_helpers.pipeline') if m not in sys.modules])")
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()

    assert missing(step.FULL_BUILD_PRELOAD) == "[]"
    assert missing(step.RENDER_PRELOAD) == "['pandas', 'scwres_helpers.pipeline']"


def _publish_steps_recorded(monkeypatch, reports: list, summaries: list):
    """``publish_year``'s steps replaced by recorders, REPORTS and SUMMARIES the ones to
    render: (the names of the steps as they are called, a recorder for a step of one's own)."""
    from scwres_helpers.publish import step

    calls: list[str] = []

    def recorder(name, value=None):
        def record(*_args, **_kwargs):
            calls.append(name)
            return value
        return record

    def render_reports(*_args, then, **_kwargs):
        calls.append("hand the reports over")
        then()
        calls.append("wait for the reports")

    monkeypatch.setattr(step, "_plan_authorities", recorder("plan reports", (reports, 0)))
    monkeypatch.setattr(step, "_plan_site", recorder("plan site"))
    monkeypatch.setattr(step, "plan_summaries", recorder("plan summaries", summaries))
    monkeypatch.setattr(step, "submit_summaries", recorder("hand the summaries over", []))
    monkeypatch.setattr(step, "render_authorities", render_reports)
    monkeypatch.setattr(step, "collect_summaries", recorder("collect summaries"))
    return calls, recorder


def test_work_given_for_once_planned_starts_once_the_renders_are_planned_and_handed_over(monkeypatch):
    """The build writes its caches in a thread from ONCE_PLANNED: started before the planning,
    that thread slowed it (the planning reads files, and waited for the thread at each read),
    and so it did the handing over of the renders."""
    from scwres_helpers.publish import step

    calls, recorder = _publish_steps_recorded(monkeypatch, reports=[], summaries=[])
    summary = SimpleNamespace(results=[], layout=None, year=YEAR)
    started_early = SimpleNamespace(workers=2, close=recorder("stop the render processes: nothing to render"),
                                    take=lambda: pytest.fail("taken, with nothing to render"))
    step.publish_year(summary, None, renderer="bundled", params=None, force=False,
                      once_planned=recorder("once planned"), render_processes=started_early)
    assert calls == ["plan reports", "plan site", "plan summaries", "stop the render processes: nothing to render",
                     "hand the reports over", "hand the summaries over", "once planned", "wait for the reports",
                     "collect summaries"]


def test_with_reports_to_render_the_summaries_are_drafted_once_the_reports_are_handed_over(monkeypatch):
    """Drafting a full build's 153 summaries is a second of this process: drafted before the
    reports were handed over, both cores waited for it after the last notebook."""
    from contextlib import nullcontext

    from scwres_helpers.publish import step

    calls, _ = _publish_steps_recorded(monkeypatch, reports=["a report"], summaries=["a summary"])
    summary = SimpleNamespace(results=[], layout=None, year=YEAR)
    started_early = SimpleNamespace(workers=2, take=lambda: nullcontext("the render processes"))
    step.publish_year(summary, None, renderer="bundled", params=None, force=False, render_processes=started_early)
    assert calls == ["plan reports", "plan site", "hand the reports over", "plan summaries",
                     "hand the summaries over", "wait for the reports", "collect summaries"]


def test_render_processes_started_early_are_taken_over_or_stopped():
    """A one-authority rerun starts its render processes while its notebook executes; the
    renders take them over, or the build stops them unused."""
    from scwres_helpers.publish import step

    unused = step.RenderProcesses(jobs=2, renders=1)
    assert unused.workers == 1
    processes = list(unused._pool.result()._pool)
    unused.close()
    for process in processes:
        process.join(10)
        assert not process.is_alive()

    taken = step.RenderProcesses(jobs=2, renders=4)
    assert taken.workers == 2
    with taken.take() as pool:
        assert pool.apply(os.getpid) != os.getpid()
        processes = list(pool._pool)
    taken.close()  # its user stopped it: nothing left to do
    for process in processes:
        process.join(10)
        assert not process.is_alive()


def test_summaries_drafted_beforehand_are_the_ones_planned(built):
    """A build of named authorities drafts their summaries while the notebooks execute; the
    plan takes those drafts, drops an authority whose report failed, and drafts any missing."""
    from scwres_helpers.bundles import load_tables
    from scwres_helpers.execution import load_params
    from scwres_helpers.publish.step import draft_summaries, plan_summaries

    keep, year_dir, summary = built
    tables = load_tables(year_dir.parent.parent / "returns", YEAR, 5)
    params = load_params(PARAMS_DIR)
    plain = SimpleNamespace(results=summary.results, layout=summary.layout, rendered=[], revised={})
    expected = plan_summaries(plain, tables, params, True, Cache())  # forced: every one composed
    assert sorted(p.code for p in expected) == sorted(keep)
    drafts = draft_summaries(keep[1:], tables, params, summary.layout, True, Cache())
    assert plan_summaries(plain, tables, params, True, Cache(), drafts=drafts) == expected  # keep[0] drafted there

    failed = [SimpleNamespace(**{**vars(r), "status": "failed"}) if r.name == f"authority/{keep[2]}" else r
              for r in summary.results]
    without = SimpleNamespace(results=failed, layout=summary.layout, rendered=[], revised={})
    assert [p.code for p in plan_summaries(without, tables, params, True, Cache(), drafts=drafts)] == \
        [p.code for p in expected if p.code != keep[2]]


def test_a_one_authority_rebuild_renders_the_summary_it_drafted_with_the_same_bytes(built, tmp_path, monkeypatch):
    """Drafted beside the notebook's execution, its public summary is the one a full build renders."""
    from scwres_helpers.publish import step

    keep, year_dir, _ = built
    out = tmp_path / "outputs"
    shutil.copytree(year_dir.parent, out)
    drafted, planned_with = [], []
    draft, plan = step.draft_summaries, step.plan_summaries
    monkeypatch.setattr(step, "draft_summaries", lambda codes, *a, **k: drafted.append(list(codes)) or draft(codes, *a, **k))
    monkeypatch.setattr(step, "plan_summaries",
                        lambda *a, drafts=(), **k: planned_with.append([d.code for d in drafts]) or plan(*a, drafts=drafts, **k))
    summary_files = sorted((out / str(YEAR) / "public").rglob(f"*{keep[1]}*/summary.*"))
    before = {p: p.read_bytes() for p in summary_files}
    summary = build_year(year_dir.parent.parent / "returns", YEAR, out_root=out, renderer="bundled", jobs=2,
                         authorities=[keep[1]], force=True)
    assert summary.ok, (summary.failed, summary.render_failures)
    assert drafted[0] == [keep[1]] and planned_with == [[keep[1]]]
    assert len(before) == 2 and {p: p.read_bytes() for p in summary_files} == before
    assert any(p in summary.rendered for p in summary_files)  # rendered again, not found fresh


def test_render_processes_for_named_authorities_run_at_the_lowest_priority():
    """Their server's start competed with the kernel's boot, which a one-authority rerun
    waits for; at the lowest priority the renders still have a core once the notebook is
    done. In a process of its own: the render server lives as long as the process."""
    code = ("import os\nfrom scwres_helpers.publish.step import RenderProcesses\n"
            "pool = RenderProcesses(1, 1).take()\n"
            "print(pool.apply(os.getpriority, (os.PRIO_PROCESS, 0)), os.getpriority(os.PRIO_PROCESS, 0))\n"
            "pool.terminate()\n")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    render_process, build = shown.stdout.split()
    assert render_process == "19" and build == str(os.getpriority(os.PRIO_PROCESS, 0))
