"""The Analysis Function chart style, and figure export that gives the same bytes every run.

The style is the ``afcharts`` matplotlib style sheet (UK Government Analysis Function
guidance) with a few settings pinned so that a chart looks the same on every machine:
the font is DejaVu Sans (shipped with matplotlib), text is 10-12 pt, and the SVG
writer uses a fixed hash salt and no creation date, so two runs give byte-identical
files. Every log axis is labelled in plain numbers (0.5, 1, 2, 5, 20, 1,000), whoever
drew the chart: the export sets readable ticks wherever matplotlib's own log labels
("2 × 10¹") are still in place (``readable_log_ticks``). SVG text stays text (not
glyph outlines): a chart is a sixth of the size, twice as quick to write, and its
words can be selected and searched. Saving measures and lays out each text once for
all charts, and draws a chart once after its layout instead of twice (matplotlib's
first draw, with drawing switched off, is only for the layout); tests compare the
bytes with matplotlib's own way. Typst is given
matplotlib's DejaVu fonts, so PDFs look exactly as drawn; a browser without DejaVu
Sans falls back to Verdana, whose letters are as wide.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from importlib.resources import files

import matplotlib
import numpy as np

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)
from afcharts.af_colours import get_af_colours  # noqa: E402
from matplotlib.backends.backend_svg import RendererSVG  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from matplotlib.textpath import TextToPath  # noqa: E402
from matplotlib.ticker import FuncFormatter, LogFormatter, LogLocator, NullFormatter  # noqa: E402

AF_STYLE_SHEET = str(files("afcharts") / "afcharts.mplstyle")

# Analysis Function categorical palette: dark blue, turquoise, dark pink, orange.
DARK_BLUE, TURQUOISE, DARK_PINK, ORANGE = get_af_colours("categorical", number_of_colours=4)
PALETTE = (DARK_BLUE, TURQUOISE, DARK_PINK, ORANGE)
# Greys for context (reference lines, bands, other authorities).
DARK_GREY = "#3D3D3D"
MID_GREY = "#A0A0A0"
LIGHT_GREY = "#E5E5E5"
TEXT_COLOUR = "#0B0C0C"

FONT = "DejaVu Sans"
SUBTITLE_SIZE = 10.5
BASE_SIZE = 10.5

# Settings added to (or replacing) the afcharts style sheet.
RC_OVERRIDES: dict[str, object] = {
    "font.family": "sans-serif",
    "font.sans-serif": [FONT],
    "font.size": BASE_SIZE,
    "axes.titlesize": SUBTITLE_SIZE,
    "axes.labelsize": BASE_SIZE,
    "xtick.labelsize": BASE_SIZE - 0.5,
    "ytick.labelsize": BASE_SIZE - 0.5,
    "legend.fontsize": BASE_SIZE - 0.5,
    "text.color": TEXT_COLOUR,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": LIGHT_GREY,
    "grid.linewidth": 0.8,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    # Determinism of the written files.
    "svg.hashsalt": "scwres",
    "svg.fonttype": "none",
    "svg.image_inline": True,
    "path.simplify": True,
}

SVG_METADATA = {"Date": None, "Creator": None}
# matplotlib writes "'DejaVu Sans', sans-serif"; Verdana keeps the widths where DejaVu is missing.
_SVG_FONT = "font-family: 'DejaVu Sans', sans-serif"
_SVG_FONT_WITH_FALLBACK = "font-family: 'DejaVu Sans', Verdana, sans-serif"
PNG_METADATA = {"Software": None}
DEFAULT_DPI = 150


@lru_cache(maxsize=1)
def _report_rc() -> dict[str, object]:
    """The style sheet read once, as ``plt.style.context([AF_STYLE_SHEET, RC_OVERRIDES])`` applies it."""
    sheet = matplotlib.rc_params_from_file(AF_STYLE_SHEET, use_default_template=False)
    with plt.style.context([AF_STYLE_SHEET, RC_OVERRIDES]):
        return {key: matplotlib.rcParams[key] for key in [*sheet, *RC_OVERRIDES] if key != "backend"}


@contextmanager
def report_style() -> Iterator[None]:
    """Draw (and save) inside this block to get the report style, whatever the global settings."""
    with matplotlib.rc_context(_report_rc()):
        yield


_TEXT_TO_PATH = TextToPath()


@lru_cache(maxsize=16384)
def _text_metrics(text: str, prop: FontProperties, ismath: bool | str) -> tuple[float, float, float]:
    return _TEXT_TO_PATH.get_text_width_height_descent(text, prop, ismath)


def _shared_text_metrics(renderer: RendererSVG, text: str, prop: FontProperties,
                         ismath: bool | str) -> tuple[float, float, float]:
    """RendererSVG's own measure (``TextToPath``, which depends only on the text and font),
    remembered across figures: matplotlib caches it per renderer, and every figure
    saved has a new one, so a report's tick labels and legends were measured afresh
    for each chart."""
    return _text_metrics(text, prop.copy(), ismath)


_OWN_TEXT_LAYOUT = Text._get_layout
_TEXT_LAYOUTS: dict[tuple, tuple] = {}
_TEXT_LAYOUTS_KEPT = 16384


def _text_layout_key(text: Text, renderer: object) -> tuple | None:
    """Everything ``Text._get_layout`` reads, when its result cannot depend on where the
    text is (no wrapping, no rotation taken from the transform, no TeX) and its measures
    are the shared SVG ones; else None."""
    svg = getattr(renderer, "_renderer", renderer)  # savefig wraps it in a MixedModeRenderer
    if type(svg) is not RendererSVG or text.get_wrap() or text.get_usetex() \
            or text.get_transform_rotates_text():
        return None
    return (text.get_text(), text.get_fontproperties().copy(), text.figure.dpi,
            text._linespacing, text._get_multialignment(), text.get_rotation(),
            text.get_horizontalalignment(), text.get_verticalalignment(), text.get_rotation_mode(),
            text.get_parse_math())


def _shared_text_layout(text: Text, renderer: object) -> tuple:
    """``Text._get_layout``, remembered across texts and figures: a tick label's layout
    (its lines, their sizes, the box offsets around its anchor) was worked out four times
    per save, in the layout pass, the two draws and the legend's packing, for each chart."""
    key = _text_layout_key(text, renderer)
    if key is None:
        return _OWN_TEXT_LAYOUT(text, renderer)
    layout = _TEXT_LAYOUTS.get(key)
    if layout is None:
        if len(_TEXT_LAYOUTS) >= _TEXT_LAYOUTS_KEPT:
            _TEXT_LAYOUTS.clear()
        layout = _TEXT_LAYOUTS[key] = _OWN_TEXT_LAYOUT(text, renderer)
    bbox, lines, corner = layout
    return bbox.frozen(), list(lines), corner  # callers get their own copies


@contextmanager
def _text_work_shared_across_figures() -> Iterator[None]:
    """Inside: SVG text measures and layouts are shared by every figure saved (both
    depend only on the text, its font and its alignment; valid under ``report_style``)."""
    own = RendererSVG.get_text_width_height_descent
    RendererSVG.get_text_width_height_descent = _shared_text_metrics
    Text._get_layout = _shared_text_layout
    try:
        yield
    finally:
        RendererSVG.get_text_width_height_descent = own
        Text._get_layout = _OWN_TEXT_LAYOUT


_OWN_FIGURE_DRAW = Figure.draw


def _layout_pass_without_drawing(fig: Figure, renderer: object) -> None:
    """``Figure.draw`` for the first of the two draws in which ``savefig`` saves a figure
    with a layout engine: that one runs with every drawing method switched off, only for
    the constrained layout, so the layout is run and the artists are not drawn (they
    are in the second draw). About a sixth of the time of saving a chart."""
    svg = getattr(renderer, "_renderer", renderer)  # savefig wraps it in a MixedModeRenderer
    if "draw_path" not in vars(svg):  # drawing is on (``RendererBase._draw_disabled`` is not)
        _OWN_FIGURE_DRAW(fig, renderer)
        return
    with fig._render_lock:
        fig._get_draw_artists(renderer)  # as matplotlib does first: each Axes' aspect applied
        if fig.axes and fig.get_layout_engine() is not None:
            try:
                fig.get_layout_engine().execute(fig)
            except ValueError:  # as matplotlib: a layout that cannot be done is left undone
                pass
        fig.stale = False


@contextmanager
def _layout_without_a_first_drawing() -> Iterator[None]:
    """Inside: saving a figure draws it once, after its layout (``_layout_pass_without_drawing``)."""
    own = Figure.draw
    Figure.draw = _layout_pass_without_drawing
    try:
        yield
    finally:
        Figure.draw = own


def plain_number(value: float, _pos: object = None) -> str:
    """A tick label as a reader writes the number: 0.05, 0.5, 1, 20, 1,000."""
    if value >= 1 and value == round(value):
        return f"{value:,.0f}"
    return f"{value:g}"


def _log_subs(low: float, high: float) -> tuple[float, ...]:
    """Which multiples of each power of ten to label: 1, 2 and 5 over up to 2.5 decades,
    1 and 3 up to 4, else the powers alone (more would crowd an 8-inch axis)."""
    decades = np.log10(max(high, low) / max(min(high, low), 1e-300))
    if decades <= 2.5:
        return (1.0, 2.0, 5.0)
    return (1.0, 3.0) if decades <= 4 else (1.0,)


def readable_log_ticks(fig: Figure) -> None:
    """Plain-number ticks on every log axis that still has matplotlib's own log labels.

    matplotlib labels a log axis in powers of ten and, over a short range, its minor
    ticks too ("2 × 10¹, 3 × 10¹"). An axis whose labels a chart helper set itself
    (``layout.log_axis``, a count formatter) keeps them; only the default log
    locator and formatters are replaced: ticks at 1, 2 and 5 times each power of ten
    (fewer over a wide range), labelled as numbers, and no minor labels.
    """
    for ax in fig.axes:
        for axis, limits in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            if axis.get_scale() != "log":
                continue
            default_major = isinstance(axis.get_major_formatter(), LogFormatter)
            default_minor = isinstance(axis.get_minor_formatter(), LogFormatter)
            if default_major or default_minor:
                if type(axis.get_major_locator()) is LogLocator:
                    axis.set_major_locator(LogLocator(base=10, subs=_log_subs(*limits)))
                if default_major:
                    axis.set_major_formatter(FuncFormatter(plain_number))
                axis.set_minor_formatter(NullFormatter())


def figure_to_svg(fig: Figure) -> str:
    """The figure as SVG text; identical bytes for identical figures."""
    readable_log_ticks(fig)
    buffer = io.BytesIO()
    with report_style(), _text_work_shared_across_figures(), _layout_without_a_first_drawing():
        fig.savefig(buffer, format="svg", metadata=SVG_METADATA)
    return buffer.getvalue().decode("utf-8").replace(_SVG_FONT, _SVG_FONT_WITH_FALLBACK)


def figure_to_png(fig: Figure, dpi: int = DEFAULT_DPI) -> bytes:
    """The figure as PNG bytes at ``dpi``; identical bytes for identical figures."""
    readable_log_ticks(fig)
    buffer = io.BytesIO()
    with report_style():
        fig.savefig(buffer, format="png", dpi=dpi, metadata=PNG_METADATA)
    return buffer.getvalue()
