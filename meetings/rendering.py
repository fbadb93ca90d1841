"""Minutes are written in Markdown and shown as sanitised HTML: pasted markup never runs."""

import functools
import re

import markdown
import nh3
from django.utils.html import escape
from django.utils.safestring import mark_safe
from markdown.extensions import Extension
from markdown.inlinepatterns import LinkInlineProcessor

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "h3", "h4", "h5",
    "table", "thead", "tbody", "tr", "th", "td", "a", "code", "hr",
}  # fmt: skip
# A link whose address was unsafe (javascript:, say) loses it; its words stay as plain text.
LINK_WITHOUT_ADDRESS = re.compile(r"<a(?![^>]*\shref=)[^>]*>(.*?)</a>", re.S)
# Python-Markdown looks for a link's closing "]", and then for the ")" that closes its address,
# from every "[" to the end of its block, so a block's time grew with its brackets times its
# length: 8,000 "[" took 11 seconds, and 12,500 "[a](" 42, on every view of the meeting. It
# looks this far only: no link's words, nor its address, run longer.
LINK_TEXT_LIMIT = 300
LINK_ADDRESS_LIMIT = 2_000


# Minutes are read far more often than they are written, and 50,000 characters of them can
# take a second or more to render: each process keeps the last few it rendered.
@functools.lru_cache(maxsize=128)
def render_minutes(text, whose="the minutes"):
    """`whose` names the minutes in each table's scrolling box ("the minutes of item 4"), which
    must differ from every other box's name on the page."""
    # nl2br: clerks write one ACTION or RESOLVED a line, and each line is shown as its own.
    html = markdown.markdown(
        text or "", extensions=["tables", "sane_lists", "nl2br", BoundedLinks()]
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


class BoundedLinks(Extension):
    """Links' and images' words are looked for within LINK_TEXT_LIMIT characters of their "[",
    and their addresses within LINK_ADDRESS_LIMIT of their "("."""

    def extendMarkdown(self, md):
        for processor in md.inlinePatterns:
            if isinstance(processor, LinkInlineProcessor):
                processor.getText = bounded_text(processor.getText)
                processor.getLink = bounded_link(processor.getLink)


def bounded_text(get_text):
    def get_text_nearby(data, index):
        if data.find("]", index, index + LINK_TEXT_LIMIT) == -1:
            return data[index:], len(data), False  # as get_text ends when no "]" closes
        return get_text(data[: index + LINK_TEXT_LIMIT], index)

    return get_text_nearby


def bounded_link(get_link):
    def get_link_nearby(data, index):
        if data.find(")", index, index + LINK_ADDRESS_LIMIT) == -1:
            return "", None, index, False  # as get_link ends when no ")" closes
        return get_link(data[: index + LINK_ADDRESS_LIMIT], index)

    return get_link_nearby


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
