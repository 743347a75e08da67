"""pytest set-up shared by the unit tests and the nbval run over notebooks/."""

from __future__ import annotations

# Fixture notebooks of the build engine's tests are inputs, not notebooks to validate.
collect_ignore_glob = ["tests/execution/notebooks/*"]


def pytest_collectstart(collector):
    """nbval: compare words and tables, not the SVG drawing of each chart.

    The SVG is byte-stable on one machine but depends on the installed fonts and
    matplotlib version; the figures it shows are also in the markdown outputs.
    """
    if getattr(collector, "fspath", None) is not None and str(collector.fspath).endswith(".ipynb"):
        collector.skip_compare += ("image/svg+xml", "image/png")
