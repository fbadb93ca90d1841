import django_tables2 as tables
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from .models import Action


class ActionTable(tables.Table):
    caption = "Actions"
    reference = tables.Column(linkify=True, order_by=("reference",))
    description = tables.Column(orderable=False)
    owner = tables.Column(accessor="owner_label", order_by=("owner__first_name", "owner_name"))
    due = tables.Column(verbose_name="Due", order_by=("due",))
    status = tables.Column()
    raised = tables.Column(
        accessor="agenda_item__meeting__starts_at",
        verbose_name="Raised",
        order_by=("agenda_item__meeting__starts_at", "reference"),
    )
    indicators = tables.Column(accessor="pk", verbose_name="Indicators", orderable=False)

    class Meta:
        model = Action
        fields = ["reference", "description", "owner", "due", "status", "raised", "indicators"]
        attrs = {"class": "table", "id": "action-table"}
        empty_text = "No actions match these filters."

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def render_due(self, value, record):
        label = record.due_label()
        if record.is_overdue(self.today):
            return format_html('{} <strong class="overdue">Overdue</strong>', label)
        return label

    def render_raised(self, value):
        return f"{timezone.localtime(value):%-d %b %Y}"

    def render_indicators(self, record):
        return format_html_join(
            ", ",
            '<a class="code-link" href="/indicators/{}/">{}</a>',
            ((i.code, i.code) for i in record.indicators.all()),
        ) or render_to_string("_nothing.html", {"words": "None linked"})
