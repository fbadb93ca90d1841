"""Resolutions confirmed before their line was kept take their text as that line."""

from datetime import UTC, datetime

import pytest
from django.core.management import call_command

from tests.migrating import migrated_to

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("meetings", "0002_roles")]
AFTER = [("meetings", "0003_resolution_source_text")]


def resolutions_before(apps, *texts):
    Committee = apps.get_model("meetings", "Committee")
    committee = Committee.objects.create(name="Corporate Parenting Panel", code="CPP")
    meeting = apps.get_model("meetings", "Meeting").objects.create(
        committee=committee, starts_at=datetime(2025, 1, 9, 14, tzinfo=UTC)
    )
    item = apps.get_model("meetings", "AgendaItem").objects.create(
        meeting=meeting, order=1, title="Performance scorecard"
    )
    Resolution = apps.get_model("meetings", "Resolution")
    for order, text in enumerate(texts, start=1):
        Resolution.objects.create(agenda_item=item, order=order, text=text)


def test_resolutions_confirmed_before_take_their_text_as_their_line_and_it_can_be_undone():
    try:
        resolutions_before(migrated_to(BEFORE), "That the report be noted.", "That it be sent.")
        Resolution = migrated_to(AFTER).get_model("meetings", "Resolution")
        lines = list(Resolution.objects.order_by("order").values_list("text", "source_text"))
        Resolution = migrated_to(BEFORE).get_model("meetings", "Resolution")
        back = list(Resolution.objects.order_by("order").values_list("text", flat=True))
    finally:
        call_command("migrate", verbosity=0)
    assert lines == [
        ("That the report be noted.", "That the report be noted."),
        ("That it be sent.", "That it be sent."),
    ]
    assert back == ["That the report be noted.", "That it be sent."]
