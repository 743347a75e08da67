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

from scwres_helpers.indicators.select import publishable_values
from scwres_helpers.report.charts import (
    Chart,
    distribution_chart,
    funnel_plot,
    indicator_groups_chart,
    representation_chart,
    service_comparison_chart,
    summary_dot_interval,
    trend_chart,
)
from scwres_helpers.report.display import show_chart, show_table
from scwres_helpers.report.style import figure_to_png, figure_to_svg, report_style

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
