"""Dashboard charts as server-side SVG: no JavaScript, no network, Thai text kept as real text.

Every function returns SVG markup to inline in a page. The text inherits the page's Sarabun font
(never converted to paths, so it stays selectable, searchable and readable by screen readers).
Output is deterministic: the same input gives the same string, and element ids come from a hash
of the chart's title and data so several charts on one page do not clash.

The root <svg> has no xmlns: the HTML parser puts inline <svg> in the SVG namespace by itself,
and leaving it out keeps the markup free of any URL. Serve these only inlined, not as .svg files.

Three charts (bars.py, lines.py, gauge.py) drawn with the same look (style.py) and the same
layout helpers (layout.py); the score bands a deployment configures are in bands.py. Labels are
measured and cut with rules.thai_text, so a Thai letter never loses its marks. Here in lib, below
the domain apps, so that dashboards and documents can draw charts without importing web.
"""

from .bars import BarItem, bar_chart
from .gauge import gauge
from .lines import Series, line_chart
from .style import AMBER, DEFAULT_BANDS, GREEN, RED, band_colour, format_score

__all__ = [
    "AMBER",
    "DEFAULT_BANDS",
    "GREEN",
    "RED",
    "BarItem",
    "Series",
    "band_colour",
    "bar_chart",
    "format_score",
    "gauge",
    "line_chart",
]
