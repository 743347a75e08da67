"""The benchmark scripts' arithmetic, checked against hand-worked values (no build is run)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"scwres_benchmark_{name}", BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))  # the scripts import their sibling `measures`
    spec.loader.exec_module(module)
    return module


measures = _load("measures")


# Sampling and scaling the baselines -------------------------------------------------------


def test_spaced_sample_takes_the_middle_of_equal_slices():
    # 13 chapters in 2 slices of 6.5: positions int(3.25) = 3 and int(9.75) = 9.
    assert measures.spaced_sample(list(range(13)), 2) == [3, 9]
    # 153 authorities in 8 slices of 19.125: int(9.56), int(28.69), ... int(143.44).
    assert measures.spaced_sample(list(range(153)), 8) == [9, 28, 47, 66, 86, 105, 124, 143]


def test_spaced_sample_of_more_than_there_are_is_everything():
    assert measures.spaced_sample(["a", "b"], 5) == ["a", "b"]
    with pytest.raises(ValueError):
        measures.spaced_sample(["a"], 0)


def test_scaled_total_scales_each_kind_by_its_own_count():
    # authorities: mean(10, 14) = 12 s x 153 = 1836; chapters: mean(6, 4) = 5 s x 13 = 65.
    assert measures.scaled_total([([10.0, 14.0], 153), ([6.0, 4.0], 13)]) == pytest.approx(1901.0)


def test_baselines_add_the_steps_of_each_notebook_before_scaling():
    samples = measures.BaselineSamples(
        papermill_authority=[5.0, 7.0], nbconvert_authority=[2.0, 2.0], render_authority=[1.0, 3.0],
        papermill_chapter=[4.0, 6.0], nbconvert_chapter=[1.0, 1.0], render_site=9.0,
    )
    # (a): mean(7, 9) = 8 x 153 = 1224, plus mean(5, 7) = 6 x 13 = 78.
    assert samples.baseline_a(153, 13) == pytest.approx(1302.0)
    # (b): mean(6, 10) = 8 x 153 = 1224, plus papermill mean(4, 6) = 5 x 13 = 65, plus the site once, 9.
    assert samples.baseline_b(153, 13) == pytest.approx(1298.0)


def test_baselines_refuse_samples_that_do_not_line_up():
    samples = measures.BaselineSamples(papermill_authority=[5.0, 7.0], nbconvert_authority=[2.0],
                                       papermill_chapter=[4.0], nbconvert_chapter=[1.0])
    with pytest.raises(ValueError):
        samples.baseline_a(153, 13)


def test_speedup_is_baseline_over_ours_and_formats_to_one_decimal():
    assert measures.speedup(1302.0, 150.0) == pytest.approx(8.68)
    assert measures.format_ratio(8.68) == "8.7x"
    with pytest.raises(ValueError):
        measures.speedup(10.0, 0.0)


def test_targets_are_inclusive_both_ways():
    assert measures.meets_target(180.0, 180.0) == "yes"
    assert measures.meets_target(180.1, 180.0) == "no"
    assert measures.meets_target(8.0, 8.0, at_least=True) == "yes"
    assert measures.meets_target(7.99, 8.0, at_least=True) == "no"


# Growth ------------------------------------------------------------------------------------


def test_successive_ratios_compare_each_size_with_the_one_before():
    assert measures.successive_ratios([2.0, 2.0, 2.5, 2.25]) == [None, 1.0, 1.25, 0.9]


def test_linear_growth_allows_the_stated_tolerance_and_no_more():
    assert measures.no_worse_than_linear(None, 0.10) is None
    assert measures.no_worse_than_linear(0.9, 0.10) is True
    assert measures.no_worse_than_linear(1.10, 0.10) is True
    assert measures.no_worse_than_linear(1.25, 0.10) is False


def test_extrapolation_scales_only_the_reports():
    # A 500-report build took 110 s, 100 of them executing and rendering the reports:
    # reports 100 s x 2000/500 = 400 s, plus the other 10 s once and the national chapters 40 s.
    assert measures.extrapolated_build_seconds(110.0, 100.0, 500, 2000, 40.0) == pytest.approx(450.0)
    # The report part is never below nothing nor more than the whole build.
    assert measures.extrapolated_build_seconds(110.0, -1.0, 500, 2000, 40.0) == pytest.approx(150.0)
    assert measures.extrapolated_build_seconds(8.0, 10.0, 500, 2000, 40.0) == pytest.approx(72.0)


def test_growth_rows_flag_a_size_whose_cost_per_organisation_grew():
    growth = _load("growth")
    results = [
        growth.SizeResult(50, "measured", 50, 50, 1.0, 5.0, 100.0, 900.0, ""),
        growth.SizeResult(153, "measured", 153, 153, 2.0, 15.3, 306.0, 950.0, ""),
        growth.SizeResult(500, "measured", 500, 500, 6.0, 50.0, 1250.0, 1000.0, "", "build 600 MB; 2 kernels 400 MB"),
    ]
    rows = growth.growth_rows(results, 0.10)
    column = {name: i for i, name in enumerate(growth.HEADER)}
    # seconds per organisation: 100/50 = 2.0, 306/153 = 2.0, 1250/500 = 2.5 (ratio 1.25).
    assert [r[column["s per organisation"]] for r in rows] == [2.0, 2.0, 2.5]
    assert [r[column["ratio to previous size"]] for r in rows] == [None, 1.0, 1.25]
    assert [r[column["no worse than linear"]] for r in rows] == ["", "yes", "NO"]
    # data steps: 5/50 = 15.3/153 = 50/500 = 0.1 s per organisation.
    assert [r[column["data ratio to previous size"]] for r in rows] == [None, 1.0, 1.0]
    assert [r[column["note"]] for r in rows] == ["", "", "At the memory peak: build 600 MB; 2 kernels 400 MB."]
    assert growth.parse_sizes("500, 50,153,50") == [50, 153, 500]


# Peak memory ---------------------------------------------------------------------------------


def test_memory_sampler_counts_live_grandchildren():
    """A grandchild holding 150 MB is in the peak (ru_maxrss of RUSAGE_CHILDREN would miss it)."""
    grandchild = "import time; block = b'x' * (150 * 2**20); time.sleep(1.5)"
    child = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {grandchild!r}], check=True)"
    with measures.TreeMemorySampler(interval=0.05) as memory:
        before = memory.sample()
        subprocess.run([sys.executable, "-c", child], check=True)
    assert memory.peak_bytes - before >= 140 * measures.MB
    assert memory.peak_processes >= 3
    # The breakdown names this process "build" and adds up to the peak.
    assert "build" in memory.peak_by_role
    assert sum(size for _, size in memory.peak_by_role.values()) == memory.peak_bytes
    assert sum(n for n, _ in memory.peak_by_role.values()) == memory.peak_processes


def test_process_roles_are_told_from_command_lines():
    """The command lines a local build starts, as `ps` shows them."""
    kernel = ["/x/.venv/bin/python", "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "/tmp/k.json",
              "--IPKernelApp.exec_lines=[\"__import__('scwres_helpers.execution.kernel_state')\"]"]
    worker = ["/x/.venv/bin/python", "-c", "from scwres_helpers.execution.worker import worker_main; worker_main(9)"]
    render = ["/x/.venv/bin/python", "-B", "-c", "from multiprocessing.forkserver import main; main(11, 12)"]
    assert measures.process_role(kernel) == "kernel"
    assert measures.process_role(worker) == "kernel worker"
    assert measures.process_role(render) == "render process"
    assert measures.process_role(["/usr/bin/pandoc", "--from", "markdown"]) == "pandoc"
    assert measures.process_role(["sleep", "1"]) == "other"


def test_memory_breakdown_reads_largest_first_with_counts():
    by_role = {"build": (1, 1200 * measures.MB), "kernel": (2, 2048 * measures.MB),
               "render process": (3, 900 * measures.MB)}
    assert measures.describe_roles(by_role) == "2 kernels 2,048 MB; build 1,200 MB; 3 render processes 900 MB"
    assert measures.describe_roles({}) == ""


def test_both_scripts_start_and_describe_themselves():
    for script in ("run.py", "growth.py"):
        done = subprocess.run([sys.executable, str(BENCHMARKS / script), "--help"],
                              capture_output=True, text=True, check=True)
        assert "--work" in done.stdout


def test_a_corrected_return_is_put_back_for_the_second_cold_build(tmp_path):
    """The one-authority rerun changes a count; the repeat build must read the original bytes."""
    run = _load("run")
    folder = tmp_path / "returns" / str(run.YEAR) / "X00000001"
    folder.mkdir(parents=True)
    (folder / "leavers.csv").write_text("group,leavers\nwhite,7\n", encoding="utf-8")
    (folder / "about.csv").write_text("field,value\nname,Test\n", encoding="utf-8")
    snapshot = run.snapshot_returns(tmp_path / "returns")
    assert run.correct_one_return(tmp_path / "returns") == "X00000001"
    assert (folder / "leavers.csv").read_text(encoding="utf-8") == "group,leavers\nwhite,8\n"
    run.restore_returns(tmp_path / "returns", snapshot)
    assert (folder / "leavers.csv").read_text(encoding="utf-8") == "group,leavers\nwhite,7\n"
    assert (folder / "about.csv").read_text(encoding="utf-8") == "field,value\nname,Test\n"


def test_results_say_which_build_of_python_ran_them(tmp_path):
    """A distribution's optimised CPython and pyenv's plain build run a build at different speeds."""
    path = measures.write_results(tmp_path / "r.csv", ["measure", "seconds"], [["full build", 90.0]])
    header, row = path.read_text(encoding="utf-8").splitlines()
    cells = dict(zip(header.split(","), row.split(",")))
    assert cells["python_prefix"] == sys.base_prefix
    assert cells["measure"] == "full build"
