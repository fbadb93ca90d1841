"""Minutes are written in Markdown and shown as sanitised HTML: pasted markup never runs."""

import re

import markdown
import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "h3", "h4", "h5",
    "table", "thead", "tbody", "tr", "th", "td", "a", "code", "hr",
}  # fmt: skip
# A link whose address was unsafe (javascript:, say) loses it; its words stay as plain text.
LINK_WITHOUT_ADDRESS = re.compile(r"<a(?![^>]*\shref=)[^>]*>(.*?)</a>", re.S)


def render_minutes(text):
    # nl2br: clerks write one ACTION or RESOLVED a line, and each line is shown as its own.
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists", "nl2br"])
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
    return mark_safe(LINK_WITHOUT_ADDRESS.sub(r"\1", cleaned))
