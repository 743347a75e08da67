"""The command line as a user meets it: exit codes, messages, files written."""

from __future__ import annotations

import csv
import json
import shutil

import pytest
from typer.testing import CliRunner

from scwres_helpers.cli import app
from scwres_helpers.config import SAMPLE_RETURNS_DIR, YearLayout

runner = CliRunner()


@pytest.fixture()
def returns_2024(tmp_path):
    """A copy of the fixture's 2024 returns that a test may break."""
    root = tmp_path / "returns"
    shutil.copytree(SAMPLE_RETURNS_DIR / "2024", root / "2024")
    return root


def _first_csv_return(root):
    return next(p for p in sorted((root / "2024").iterdir()) if p.is_dir())


def test_validate_clean_year_exits_zero(returns_2024):
    result = runner.invoke(app, ["validate", str(returns_2024), "--year", "2024"])
    assert result.exit_code == 0, result.output
    assert "12 valid, 0 quarantined" in result.output


def test_validate_names_every_problem_and_exits_one(returns_2024):
    broken = _first_csv_return(returns_2024)
    recruitment = broken / "recruitment.csv"
    with recruitment.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = [c.strip().lower() for c in rows[0]]
    rows[1][header.index("appointed")] = "12 staff"
    with recruitment.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    (broken / "leavers.csv").unlink()
    before = recruitment.read_bytes()

    result = runner.invoke(app, ["validate", str(returns_2024), "--year", "2024"])

    assert result.exit_code == 1
    assert "11 valid, 1 quarantined" in result.output
    assert "recruitment.csv line 2" in result.output
    assert '"12 staff"' in result.output
    assert "leavers" in result.output
    assert recruitment.read_bytes() == before, "validation must never modify a return"


def test_validate_json_is_machine_readable(returns_2024):
    (_first_csv_return(returns_2024) / "workforce.csv").write_text("", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(returns_2024), "--year", "2024", "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert len(report["quarantined"]) == 1


def test_indicators_writes_identical_bytes_twice(returns_2024, tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    for out in (first, second):
        result = runner.invoke(app, ["indicators", str(returns_2024), "--year", "2024", "--out", str(out)])
        assert result.exit_code == 0, result.output
    assert first.read_bytes() == second.read_bytes()
    assert first.read_text(encoding="utf-8").startswith("year,scope,authority_code,")


def test_sample_data_is_deterministic_and_fictional(tmp_path):
    for name in ("one", "two"):
        result = runner.invoke(
            app, ["sample-data", str(tmp_path / name), "--authorities", "3", "--years", "2024", "--seed", "7"]
        )
        assert result.exit_code == 0, result.output
    files_one = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*") if p.is_file())
    files_two = sorted(p.relative_to(tmp_path / "two") for p in (tmp_path / "two").rglob("*") if p.is_file())
    assert files_one == files_two
    for rel in files_one:
        assert (tmp_path / "one" / rel).read_bytes() == (tmp_path / "two" / rel).read_bytes()
    codes_made = [p.name.removesuffix(".xlsx") for p in (tmp_path / "one" / "2024").iterdir()
                  if p.name != "population.csv"]
    assert len(codes_made) == 3 and all(c.startswith("X") for c in codes_made)


def test_sample_data_rejects_bad_years(tmp_path):
    result = runner.invoke(app, ["sample-data", str(tmp_path / "x"), "--years", "twenty"])
    assert result.exit_code != 0


def test_template_then_intake_files_a_valid_return_and_quarantines_a_bad_one(tmp_path):
    import openpyxl

    made = runner.invoke(app, ["template", "--year", "2024", "--out", str(tmp_path / "t.xlsx"),
                               "--authority", "E06000001", "--name", "Testshire Council"])
    assert made.exit_code == 0, made.output
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "not-a-workbook.xlsx").write_bytes(b"%PDF-1.4 renamed pdf")
    shutil.copyfile(tmp_path / "t.xlsx", inbox / "blank-template.xlsx")
    result = runner.invoke(app, ["intake", str(inbox), "--returns-root", str(tmp_path / "returns"),
                                 "--year", "2024"])
    assert result.exit_code == 1, result.output
    assert "quarantined" in result.output.lower()
    workbook = openpyxl.load_workbook(tmp_path / "t.xlsx", read_only=True)
    assert "workforce" in [s.lower() for s in workbook.sheetnames]


def test_template_refuses_a_code_that_is_not_one(tmp_path):
    result = runner.invoke(app, ["template", "--year", "2024", "--out", str(tmp_path / "t.xlsx"),
                                 "--authority", "../etc"])
    assert result.exit_code != 0
    assert not (tmp_path / "t.xlsx").exists()


def test_version_is_the_packages():
    from importlib.metadata import version

    from scwres_helpers import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"scwres {__version__}\n"
    assert version("scwres") == __version__  # pyproject reads the same one home


def test_build_of_a_year_with_no_folder_is_one_line(returns_2024, tmp_path):
    """Issue 18, case 13: a 13-frame FileNotFoundError traceback."""
    result = runner.invoke(app, ["build", str(returns_2024), "--year", "2031", "--out", str(tmp_path / "out"),
                                 "--renderer", "none"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.output.strip().splitlines() == [
        f"error: {returns_2024}: there is no folder for 2031 under the returns root; put that year's "
        "returns in a folder named 2031"]
    assert not (tmp_path / "out").exists()


def test_watch_of_a_year_with_no_folder_is_one_line_and_starts_nothing(returns_2024, tmp_path):
    result = runner.invoke(app, ["watch", str(returns_2024), "--year", "2031", "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"error: {returns_2024.resolve()}: there is no folder for 2031 under the returns root; put that year's "
        "returns in a folder named 2031"]
    assert not (tmp_path / "out").exists()


def test_template_from_a_year_with_no_folder_is_a_message(returns_2024, tmp_path):
    result = runner.invoke(app, ["template", "--year", "2031", "--out", str(tmp_path / "t.xlsx"),
                                 "--authority", "X07853579", "--returns-root", str(returns_2024)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "no returns for 2030" in result.output


def test_validate_prints_hostile_column_names_escaped(returns_2024):
    """Issue 18, case 5: an OSC escape in a header cell was printed raw."""
    folder = _first_csv_return(returns_2024)
    cpd = folder / "cpd.csv"
    lines = cpd.read_text(encoding="utf-8").splitlines()
    lines[0] += ",\x1b]0;owned\x07,name\u202etxt.exe"
    cpd.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(returns_2024), "--year", "2024"])
    assert "\x1b" not in result.output and "\x07" not in result.output and "\u202e" not in result.output
    assert "\\x1b]0;owned\\x07" in result.output and "name\\u202etxt.exe" in result.output


def test_status_of_a_year_not_built_exits_one_saying_how_to_build_it(returns_2024, tmp_path):
    result = runner.invoke(app, ["status", str(returns_2024), "--year", "2024", "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "2024: not built yet" in result.output
    assert f"scwres build {returns_2024} --year 2024 --out {tmp_path / 'out'}" in result.output


def test_release_revise_without_a_reason_is_refused_before_building(returns_2024, tmp_path):
    result = runner.invoke(app, ["release", str(returns_2024), "--year", "2024", "--out", str(tmp_path / "out"),
                                 "--revise"])
    assert result.exit_code == 1
    assert "--revise needs --reason" in result.output
    assert not (tmp_path / "out").exists()


def test_publish_writes_the_public_site_and_says_how_to_try_it(tmp_path):
    outputs = tmp_path / "outputs"
    empty = runner.invoke(app, ["publish", str(tmp_path), "--out", str(tmp_path / "web")])
    assert empty.exit_code == 1 and "no year has a national site" in empty.output
    site = YearLayout.of(outputs, 2024).site
    site.mkdir(parents=True)
    (site / "index.html").write_text("<!DOCTYPE html><title>2024</title><p>The 2024 report</p>", encoding="utf-8")
    (site / "scwres.css").write_text("body{}", encoding="utf-8")
    result = runner.invoke(app, ["publish", str(outputs), "--out", str(tmp_path / "web")])
    assert result.exit_code == 0, result.output
    assert f"Published 1 year(s) (2024): 3 pages, 6 files in {tmp_path / 'web'}" in result.output
    assert f"python3 -m http.server --directory {tmp_path / 'web'}" in result.output
    (site / "X12345678.pdf").write_bytes(b"%PDF")
    refused = runner.invoke(app, ["publish", str(outputs), "--out", str(tmp_path / "web")])
    assert refused.exit_code == 1 and "2024/X12345678.pdf: named like an authority's report" in refused.output


def _console(tmp_path, *args, before=""):
    """The `scwres` console entry point (``cli.main``) run as a user runs it, with BEFORE (Python)
    run first; it writes the file ``ran`` from an exit handler or a thread."""
    import subprocess
    import sys

    code = (f"import atexit, sys, threading, time; from pathlib import Path; done = Path({str(tmp_path)!r}) / 'ran'; "
            f"{before or 'pass'}; from scwres_helpers.cli import main; sys.argv = ['scwres', *sys.argv[1:]]; main()")
    return subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True, timeout=120)


def test_the_console_command_keeps_exit_codes_output_and_exit_handlers(returns_2024, tmp_path):
    """It ends without the interpreter's teardown (0.2 s of a one-authority rebuild), not
    without what the teardown owes: the exit code, the output, the exit handlers."""
    handler = "atexit.register(lambda: done.write_text('handler'))"
    valid = _console(tmp_path, "validate", returns_2024, "--year", "2024", before=handler)
    assert valid.returncode == 0 and "12 valid, 0 quarantined" in valid.stdout
    assert (tmp_path / "ran").read_text() == "handler"

    broken = _first_csv_return(returns_2024) / "recruitment.csv"
    broken.write_text("not,a,recruitment,table\n", encoding="utf-8")
    invalid = _console(tmp_path, "validate", returns_2024, "--year", "2024")
    assert invalid.returncode == 1 and "11 valid, 1 quarantined" in invalid.stdout
    unknown = _console(tmp_path, "build", returns_2024, "--year", "2024", "--executor", "elsewhere")
    assert unknown.returncode == 2 and "--executor must be local or dask" in unknown.stderr


def test_the_console_command_waits_for_a_thread_still_running(returns_2024, tmp_path):
    thread = ("threading.Thread(target=lambda: (time.sleep(0.5), done.write_text('thread'))).start()")
    result = _console(tmp_path, "--version", before=thread)
    assert result.returncode == 0 and result.stdout.startswith("scwres ")
    assert (tmp_path / "ran").read_text() == "thread"


def test_a_build_of_named_authorities_starts_its_workers_first_and_hands_them_over(returns_2024, monkeypatch):
    """Their kernels boot while the build's code is imported and the returns are read (a
    one-authority rerun waits for the kernel, not the returns); the build stops them, and
    the command stops them itself if the build stopped first."""
    from scwres_helpers import pipeline
    from scwres_helpers.execution import execute

    events = []

    class Pool:
        def terminate(self):
            events.append("terminated")

    pool = Pool()
    monkeypatch.setattr(execute, "start_workers",
                        lambda jobs, national: events.append(("started", jobs, national)) or pool)

    def build_year(*args, started_workers=None, **kwargs):
        events.append(("build", started_workers is pool))
        raise pipeline.BuildError("the disk is full")

    monkeypatch.setattr(pipeline, "build_year", build_year)
    code = _first_csv_return(returns_2024).name
    result = runner.invoke(app, ["build", str(returns_2024), "--year", "2024", "--authority", code,
                                 "--authority", code, "--jobs", "2"])
    assert result.exit_code == 1 and "the disk is full" in result.output
    assert events == [("started", 1, False), ("build", True), "terminated"]

    events.clear()
    result = runner.invoke(app, ["build", str(returns_2024), "--year", "2024"])
    assert events == [("build", False)]  # a full build starts its own
