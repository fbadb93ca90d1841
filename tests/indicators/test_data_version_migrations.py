"""Migrating back to before the data version, and forward again."""

from datetime import date

import pytest
from django.core.management import call_command

from indicators.models import DataVersion, Figure, Indicator

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_figures_can_be_written_after_a_migrate_back_and_renew_the_version_after_forward():
    call_command("migrate", "indicators", "0006", verbosity=0)
    try:
        indicator = Indicator.objects.create(
            code="MIG1", name="Migrated", service_area="Area", unit="count", polarity="neutral",
            period_type="snapshot", precision=0,
        )  # fmt: skip
        # No trigger is left pointing at the dropped table.
        Figure.objects.create(indicator=indicator, month=date(2024, 1, 1), value=1)
    finally:
        call_command("migrate", verbosity=0)
    before = DataVersion.current()
    Figure.objects.create(indicator=indicator, month=date(2024, 2, 1), value=2)
    assert DataVersion.current() not in (None, before)
