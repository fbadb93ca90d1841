"""The commentary form's page: the month's figure in view, the month's commentary and history,
and the latest earlier month's commentary to start from."""

from django.core.paginator import Paginator

from indicators.models import Commentary

from .presenters import Scorecard

VERSIONS_PER_PAGE = 20


class CommentaryPage:
    """`start_from_earlier` asks for the box to start with the latest earlier commentary, which
    it does only when the month has none of its own."""

    def __init__(self, indicator, month, start_from_earlier=False):
        self.indicator, self.month = indicator, month
        self.current = Commentary.objects.current().filter(indicator=indicator, month=month).first()
        self.earlier = Commentary.objects.latest_before(indicator, month)
        self.started_from_earlier = bool(start_from_earlier and self.earlier and not self.current)
        # The month's figure, RAG and target, in view as the commentary is written.
        self.row = next(iter(Scorecard(month, codes=[indicator.code]).rows), None)

    @property
    def text_to_start_with(self):
        if self.current:
            return self.current.text
        return self.earlier.text if self.started_from_earlier else ""

    def history(self, page_number):
        versions = (
            Commentary.objects.filter(indicator=self.indicator, month=self.month)
            .select_related("written_by")
            .order_by("-written_at", "-id")
        )
        return Paginator(versions, VERSIONS_PER_PAGE).get_page(page_number)
