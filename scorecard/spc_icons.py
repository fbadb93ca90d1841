"""Small SPC icons in the style of "Making Data Count", as inline SVG drawn on the server.

An icon only repeats the words printed beside it, so it is hidden from screen readers and its
colour is never the only cue. Its letter: H or L for a special cause high or low, P for a target
consistently met, F for one consistently missed, ? for hit and miss.
"""

from django.utils.html import format_html

from .spc import Assurance, Variation

GREY, BLUE, ORANGE, PURPLE = "#505a5f", "#1d70b8", "#b45f06", "#4c2c92"

# Only verdicts have icons: not enough data, no usable figure and SPC not applied (a
# year-to-date total) are said in words alone.
VARIATION_MARKS = {
    Variation.COMMON_CAUSE: (GREY, "~"),
    Variation.IMPROVING_HIGH: (BLUE, "H"),
    Variation.IMPROVING_LOW: (BLUE, "L"),
    Variation.CONCERNING_HIGH: (ORANGE, "H"),
    Variation.CONCERNING_LOW: (ORANGE, "L"),
    Variation.NEUTRAL_HIGH: (PURPLE, "H"),
    Variation.NEUTRAL_LOW: (PURPLE, "L"),
}
ASSURANCE_MARKS = {
    Assurance.CONSISTENTLY_MET: (BLUE, "P"),
    Assurance.CONSISTENTLY_MISSED: (ORANGE, "F"),
    Assurance.HIT_AND_MISS: (GREY, "?"),
}


def _icon(colour, letter):
    return format_html(
        '<svg class="spc-icon" aria-hidden="true" focusable="false" viewBox="0 0 20 20" '
        'width="20" height="20"><circle cx="10" cy="10" r="9" fill="#fff" stroke="{}" '
        'stroke-width="2"/><text x="10" y="14.5" text-anchor="middle" font-size="12" '
        'font-weight="700" fill="{}">{}</text></svg>',
        colour, colour, letter,
    )  # fmt: skip


# Drawn once: every row with the same verdict prints the same icon.
VARIATION_ICONS = {variation: _icon(*mark) for variation, mark in VARIATION_MARKS.items()}
ASSURANCE_ICONS = {assurance: _icon(*mark) for assurance, mark in ASSURANCE_MARKS.items()}


def variation_icon(variation):
    """The icon for a variation, or "" where there is no verdict to draw."""
    return VARIATION_ICONS.get(variation, "")


def assurance_icon(assurance):
    return ASSURANCE_ICONS.get(assurance, "")
