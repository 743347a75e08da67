"""Synthetic SC-WRES returns for tests, demonstrations and benchmarks.

places (invented names) -> profiles (persistent authority traits) -> generate
(one year's counts, calibrated by ``calibrate`` to ``targets``) -> plans (action
plans answering last year's adverse figures) -> write (CSV folders and Excel
workbooks) -> tree (the public entry point).
"""

from scwres_helpers.sample_data.tree import generate_sample_returns
from scwres_helpers.sample_data.years import parse_years

__all__ = ["generate_sample_returns", "parse_years"]
