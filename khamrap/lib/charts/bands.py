"""Colour bands of scores (red, yellow, green), configurable per deployment.

settings.SCORE_BAND_YELLOW_FROM and SCORE_BAND_GREEN_FROM (env, default 3 and 4): below the first
is red, from it yellow, from the second green. Pages (the `band` filter) and charts share them.
"""

from decimal import Decimal

from django.conf import settings

from .style import AMBER, GREEN, RED


def thresholds() -> tuple[Decimal, Decimal]:
    return Decimal(str(settings.SCORE_BAND_YELLOW_FROM)), Decimal(
        str(settings.SCORE_BAND_GREEN_FROM)
    )


def band_name(value) -> str:
    """'red', 'yellow' or 'green' for a score; 'none' when there is no score."""
    if value in (None, ""):
        return "none"
    yellow, green = thresholds()
    number = Decimal(value)
    if number < yellow:
        return "red"
    return "yellow" if number < green else "green"


def chart_bands() -> tuple[tuple[Decimal, str], ...]:
    """The same bands in the charts' form."""
    yellow, green = thresholds()
    return ((Decimal(0), RED), (yellow, AMBER), (green, GREEN))
