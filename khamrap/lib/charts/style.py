"""The look every chart shares: colours, the score bands, the font and how scores are written."""

from collections.abc import Sequence
from decimal import Decimal

from django.utils.translation import gettext_lazy

from khamrap.rules import counting

FONT_FAMILY = "Sarabun, 'Noto Sans Thai', sans-serif"

RED = "#b42318"
AMBER = "#b7791f"
GREEN = "#1e7b4f"
# The score bands of the agreements: below 3 (at risk) red, 3 to below 4 amber, 4 and over green.
DEFAULT_BANDS: tuple[tuple[Decimal, str], ...] = (
    (Decimal(0), RED),
    (counting.AT_RISK_BELOW, AMBER),
    (Decimal(4), GREEN),
)
# Colours of the page stylesheet (--ink, --muted, --line) so charts sit well in a card.
INK = "#1f2933"
MUTED = "#5f6b7a"
GRID = "#d9e0e8"
TRACK = "#eef1f5"
# Brand blue first; then colours that stay apart for the common colour-vision deficiencies.
PALETTE = ("#1d4e89", "#c8922b", "#1e7b4f", "#b42318", "#6b4c9a", "#0f7c8a")
# Lines are told apart by marker shape as well as colour.
MARKERS = ("circle", "square", "diamond", "triangle")

NO_DATA = gettext_lazy("No data yet")

# Sarabun's Thai letters average 0.55 em and its digits 0.55 em; the fallback fonts are a little
# wider, so estimating 0.6 em per display column keeps labels inside their space in all of them.
EM_PER_COLUMN = 0.6

Bands = Sequence[tuple[Decimal, str]]


def format_score(value: Decimal) -> str:
    """A score with four decimals (4.2500), rounded half-up as everywhere (rules.counting)."""
    return counting.four_places(value)


def band_colour(value: Decimal, bands: Bands = DEFAULT_BANDS) -> str:
    """The colour of the highest band whose threshold `value` reaches (the lowest band below all)."""
    ordered = sorted(bands, key=lambda band: Decimal(band[0]))
    colour = ordered[0][1]
    for threshold, band in ordered:
        if value >= Decimal(threshold):
            colour = band
    return colour
