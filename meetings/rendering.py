"""Minutes are written in Markdown and shown as sanitised HTML: pasted markup never runs."""

import re

import markdown
import nh3
from django.utils.html import escape
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "h3", "h4", "h5",
    "table", "thead", "tbody", "tr", "th", "td", "a", "code", "hr",
}  # fmt: skip
# A link whose address was unsafe (javascript:, say) loses it; its words stay as plain text.
LINK_WITHOUT_ADDRESS = re.compile(r"<a(?![^>]*\shref=)[^>]*>(.*?)</a>", re.S)
# Python-Markdown looks for a link's end from every "[" to the end of its block, so a block's
# time grows with its brackets times its length: 8,000 "[" took 11 seconds, on every view of
# the meeting. Past this budget a block's brackets are shown as typed, never read as links.
LINK_SEARCH_BUDGET = 500_000
BLANK_LINE = re.compile(r"(\n[ \t]*\n)")
# A "[" after no backslash, or after backslashes that escape one another.
UNESCAPED_BRACKET = re.compile(r"(?<!\\)((?:\\\\)*)\[")


def render_minutes(text, whose="the minutes"):
    """`whose` names the minutes in each table's scrolling box ("the minutes of item 4"), which
    must differ from every other box's name on the page."""
    # nl2br: clerks write one ACTION or RESOLVED a line, and each line is shown as its own.
    html = markdown.markdown(
        brackets_as_typed(text or ""), extensions=["tables", "sane_lists", "nl2br"]
    )
    # Headings in minutes sit below the page's own h1/h2, so they start at h3.
    html = html.replace("<h1", "<h3").replace("</h1>", "</h3>").replace("<h2", "<h4")
    html = html.replace("</h2>", "</h4>")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "th": {"scope"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(in_scrolling_boxes(LINK_WITHOUT_ADDRESS.sub(r"\1", cleaned), whose))


def brackets_as_typed(text):
    return "".join(
        UNESCAPED_BRACKET.sub(r"\1&#91;", block)
        if block.count("[") * len(block) > LINK_SEARCH_BUDGET
        else block
        for block in BLANK_LINE.split(text)
    )


def in_scrolling_boxes(html, whose):
    """A table wider than a phone scrolls sideways in its own box, which the keyboard can reach,
    not the page. The tables are already cleaned: only their tags are matched here."""
    parts = re.split(r"(<table>|</table>)", html)
    number = 0
    for index, part in enumerate(parts):
        if part == "<table>":
            number += 1
            label = escape(f"Table {number} in {whose}")
            parts[index] = (
                f'<div class="table-wide" tabindex="0" role="region" aria-label="{label}">'
                '<table class="table">'
            )
        elif part == "</table>":
            parts[index] = "</table></div>"
    return "".join(parts)
