"""Chart tags: `{% load charts %}`, then `{% bar_chart items title="…" %}`, `{% line_chart %}`, `{% gauge %}`."""

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django import template
from django.utils.safestring import SafeString

from khamrap.lib import charts

register = template.Library()

# Template literals arrive as int or str ({% gauge score max_value=100 %}); the charts want these
# as Decimal and int.
_DECIMAL_OPTIONS = ("max_value", "y_max", "y_min")
_INT_OPTIONS = ("width", "bar_height", "plot_height")


@register.simple_tag
def bar_chart(items: Iterable[Any], title: str = "", **options: Any) -> SafeString:
    """Horizontal bars; `items` are BarItems, {label, value, href} dicts or (label, value) pairs."""
    return charts.bar_chart([_bar_item(item) for item in items], title=title, **_options(options))


@register.simple_tag
def line_chart(
    series: Iterable[Any], x_labels: Iterable[str] = (), title: str = "", **options: Any
) -> SafeString:
    """Lines over the x labels; `series` are Series or {name, values, colour} dicts."""
    return charts.line_chart(
        [_series(one) for one in series], x_labels=list(x_labels), title=title, **_options(options)
    )


@register.simple_tag
def gauge(value: Any, title: str = "", **options: Any) -> SafeString:
    """A half-circle gauge of one score."""
    return charts.gauge(value, title=title, **_options(options))


def _bar_item(item: Any) -> charts.BarItem:
    """A BarItem from what a view is likely to put in the context."""
    if isinstance(item, charts.BarItem):
        return item
    if isinstance(item, Mapping):
        return charts.BarItem(str(item["label"]), item.get("value"), item.get("href"))
    return charts.BarItem(str(item[0]), *item[1:])


def _series(one: Any) -> charts.Series:
    """A Series from a Series or a mapping."""
    if isinstance(one, charts.Series):
        return one
    return charts.Series(str(one["name"]), list(one["values"]), one.get("colour"))


def _options(options: dict[str, Any]) -> dict[str, Any]:
    """The keyword arguments with template literals turned into the types the charts take."""
    options = dict(options)
    for name in _DECIMAL_OPTIONS:
        if name in options:
            options[name] = Decimal(str(options[name]))
    for name in _INT_OPTIONS:
        if name in options:
            options[name] = int(options[name])
    return options
