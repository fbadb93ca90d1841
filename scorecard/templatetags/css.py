"""Text written into a stylesheet, where HTML escaping does not protect it."""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# A quote or backslash could end the string or start an escape; "<" could end the <style>
# element holding it; a newline ends a CSS string with an error.
SPECIAL = frozenset("\"'\\<>&")


def needs_escape(character):
    return character in SPECIAL or ord(character) < 0x20 or ord(character) == 0x7F


@register.filter
def css_string(text):
    """`text` as a quoted CSS string, its special characters written as hex escapes.

    The space after each escape ends it, so a hex digit that follows is never read as part of it.
    """
    escaped = "".join(
        f"\\{ord(character):x} " if needs_escape(character) else character
        for character in str(text)
    )
    return mark_safe(f'"{escaped}"')
