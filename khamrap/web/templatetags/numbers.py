"""Template filters for scores and weights; loaded in every template."""

from decimal import Decimal

from django import template

from khamrap.rules import counting

register = template.Library()


@register.filter
def score4(value):
    """A score with its four decimals rounded half-up (4.2500); a dash when there is none yet."""
    return counting.four_places(value)


@register.filter
def standing(value):
    """How far a total can be trusted (rules.counting.Standing), in the reader's language."""
    from khamrap.reporting.choices import STANDING_LABELS

    return STANDING_LABELS.get(str(value), "")


@register.filter
def plain(value):
    """A decimal without trailing zeros (weight 4.0000 → 4, 92.50 → 92.5)."""
    if value in (None, ""):
        return ""
    number = Decimal(value)
    text = f"{number.normalize():f}"
    return text


@register.filter
def band(value):
    """The colour band of a score (settings.SCORE_BAND_*): red, yellow, green, or none."""
    from khamrap.lib.charts.bands import band_name

    return band_name(value)


@register.filter
def absolute(value):
    """The size of a number without its sign (days overdue are negative days left)."""
    return abs(int(value))
