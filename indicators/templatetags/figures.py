from django import template

from indicators.formatting import format_value

register = template.Library()


@register.filter
def format_figure(indicator, value):
    """{{ indicator|format_figure:value }} writes a value in the indicator's unit and precision."""
    return format_value(value, indicator.unit, indicator.precision)
