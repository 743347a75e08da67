"""The report package's names load with their modules, when first asked for."""

from __future__ import annotations

import subprocess
import sys

import pytest


def test_the_package_names_are_the_modules_objects() -> None:
    import scwres_helpers.report as report
    from scwres_helpers.indicators import select
    from scwres_helpers.report import charts, display, style

    assert report.show_chart is display.show_chart and report.trend_chart is charts.trend_chart
    assert report.report_style is style.report_style and report.publishable_values is select.publishable_values
    assert set(report.__all__) == set(report._HOMES)
    with pytest.raises(AttributeError, match="no_such_chart"):
        report.no_such_chart  # noqa: B018


def test_the_build_s_own_modules_load_neither_charts_nor_solvers() -> None:
    """A no-change rebuild is mostly imports: the wording of the data tables (``report.wording``)
    and the audit's error must not bring matplotlib, scipy.stats and scipy.optimize with them."""
    code = ("import sys, scwres_helpers.pipeline, scwres_helpers.publish.variables, "
            "scwres_helpers.publish.content_figures, scwres_helpers.publish.site_pages, "
            "scwres_helpers.report.blocks, scwres_helpers.report.public_summary, scwres_helpers.actions.progress; "
            "print(sorted(m for m in ('matplotlib', 'scipy.stats', 'scipy.optimize') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
