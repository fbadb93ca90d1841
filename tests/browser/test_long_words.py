"""A word longer than its line, such as a web address pasted into commentary, breaks within its
box: it never widens a page so that it scrolls sideways, nor runs over the pack's next column."""

from datetime import date

import pytest

from indicators import roles
from indicators.commentary import write_commentary
from indicators.models import Indicator

from .test_pages import OVERFLOWING_CELLS, printed_pack

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASTED = "https://example.gov.uk/reports?children_in_care=" + "0123456789" * 30
LAPTOP = {"width": 1280, "height": 800}


@pytest.fixture
def long_words(demo):
    cla9 = Indicator.objects.get(code="CLA9")
    write_commentary(cla9, date(2024, 12, 1), f"See {PASTED} for why.", None)
    Indicator.objects.filter(code="CLA9").update(name="Care plans " + "uptodate" * 20)


@pytest.mark.parametrize(
    "path",
    [
        "/scorecard/exceptions/?month=2024-12",
        "/indicators/CLA9/?month=2024-12",
        "/scorecard/commentary/CLA9/2024-12/",
        "/scorecard/?month=2024-12&scope=all",
    ],
)
def test_a_long_word_never_makes_a_page_scroll_sideways(long_words, page_as, path):
    page = page_as(roles.OFFICER)
    page.set_viewport_size(LAPTOP)
    assert page.goto(path).ok
    assert PASTED[:60] in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]


def test_a_long_word_stays_within_its_column_in_the_printed_pack(long_words, page_as):
    page = printed_pack(page_as(roles.PANEL_MEMBER))
    assert page.evaluate(OVERFLOWING_CELLS) == []
