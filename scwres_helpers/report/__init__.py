"""Presentation: charts, tables and sentences built from the tidy indicators table.

- ``style``: the Analysis Function chart style and byte-stable SVG/PNG export;
- ``charts``: chart builders, each returning a ``Chart`` (figure, title, subtitle,
  alt text, data);
- ``narrative``: plain-English sentences about rows, with the words of ``phrases``
  (the phrasebook ``templates/phrases.yml``);
- ``tables``: text tables with human headers and GSS shorthand;
- ``display``: showing charts and tables in notebooks so the outputs carry alt text,
  captions and data;
- ``wording``, ``formatting``, ``layout``, ``settings``: the shared pieces
  (picking rows and judging them is ``indicators.select`` and ``indicators.judgement``;
  the funnel's judgement is ``inference.funnel``).
"""

import importlib

# Where each name of the package lives. Loaded when first asked for: importing any module of
# the package (``wording`` for the data tables, ``narrative``) would otherwise load the
# charts, and with them matplotlib and scipy.stats, in every process that touches the
# package (a no-change rebuild spent most of its time there).
_HOMES = {
    "publishable_values": "scwres_helpers.indicators.select",
    "Chart": "scwres_helpers.report.charts",
    "distribution_chart": "scwres_helpers.report.charts",
    "funnel_plot": "scwres_helpers.report.charts",
    "indicator_groups_chart": "scwres_helpers.report.charts",
    "representation_chart": "scwres_helpers.report.charts",
    "service_comparison_chart": "scwres_helpers.report.charts",
    "summary_dot_interval": "scwres_helpers.report.charts",
    "trend_chart": "scwres_helpers.report.charts",
    "show_chart": "scwres_helpers.report.display",
    "show_table": "scwres_helpers.report.display",
    "figure_to_png": "scwres_helpers.report.style",
    "figure_to_svg": "scwres_helpers.report.style",
    "report_style": "scwres_helpers.report.style",
}


def __getattr__(name: str):
    if name in _HOMES:
        value = getattr(importlib.import_module(_HOMES[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Chart",
    "distribution_chart",
    "figure_to_png",
    "figure_to_svg",
    "funnel_plot",
    "indicator_groups_chart",
    "publishable_values",
    "report_style",
    "representation_chart",
    "service_comparison_chart",
    "show_chart",
    "show_table",
    "summary_dot_interval",
    "trend_chart",
]
