import django_tables2 as tables
from django.utils.html import format_html
from django_tables2 import RequestConfig

from .models import Indicator


class IndicatorTable(tables.Table):
    caption = "Indicators"
    code = tables.Column(linkify=True, attrs={"th": {"scope": "col"}})
    name = tables.Column()
    service_area = tables.Column()
    unit = tables.Column()
    polarity = tables.Column()
    period_type = tables.Column(verbose_name="Period")
    is_headline = tables.BooleanColumn(verbose_name="Headline", yesno="Yes,No")

    class Meta:
        model = Indicator
        fields = ["code", "name", "service_area", "unit", "polarity", "period_type", "is_headline"]
        order_by = ("service_area", "display_order")
        attrs = {"class": "table", "id": "indicator-table"}
        empty_text = "No indicators match these filters."


class FigureHistoryTable(tables.Table):
    """The headline figures held for one indicator, latest first."""

    caption = "Figures held, latest first"

    month = tables.DateColumn(format="F Y")
    shown = tables.Column(verbose_name="Figure", orderable=False)
    status = tables.Column()
    rag = tables.Column(verbose_name="RAG", orderable=False)
    commentary = tables.Column(verbose_name="Note", orderable=False)

    class Meta:
        attrs = {"class": "table", "id": "figure-table"}
        orderable = False
        empty_text = "No figures are held for this indicator yet."

    def render_rag(self, value, record):
        return format_html(
            '<span class="rag rag--{}">{}</span>{}',
            record["rag"].rating,
            record["rag"].rating.label,
            format_html(' <span class="hint">{}</span>', record["rag"].reason)
            if record["rag"].reason
            else "",
        )

    def render_status(self, value, record):
        reason = record["status_reason"]
        return f"{value}: {reason}" if reason else value


def configure_paged(table, request, per_page):
    """Sorted as the request asks, on the page it asks for (the last for one beyond it), with
    `per_page` rows whatever the address says: django_tables2 takes ?per_page= from it, and a
    negative one was a 500."""
    RequestConfig(request, paginate=False).configure(table)
    table.paginate(per_page=per_page)
    table.page = table.paginator.get_page(request.GET.get(table.prefixed_page_field))
    return table
