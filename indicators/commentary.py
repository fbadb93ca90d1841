"""Writing an indicator's commentary for a month, keeping every earlier version as history."""

from django.db import transaction

from .models import Commentary


@transaction.atomic
def write_commentary(indicator, month, text, user):
    earlier = Commentary.objects.select_for_update().filter(
        indicator=indicator, month=month, is_current=True
    )
    earlier.update(is_current=False)
    return Commentary.objects.create(indicator=indicator, month=month, text=text, written_by=user)
