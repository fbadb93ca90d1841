"""Writing an indicator's commentary for a month, keeping every earlier version as history."""

from django.db import transaction

from .models import Commentary, Indicator


@transaction.atomic
def write_commentary(indicator, month, text, user):
    """The new current version; None when `text` is the current version's text, as a version
    that changes nothing would only repeat itself in the history."""
    # Writers of an indicator's commentary take turns, and each reads the version the one before
    # it wrote: a save sent twice (a double click) then finds nothing changed. Locking only the
    # current version would leave the second finding none, and writing a second current one.
    Indicator.objects.filter(pk=indicator.pk).lock()
    current = Commentary.objects.filter(indicator=indicator, month=month, is_current=True).first()
    if current is not None and current.text == text:
        return None
    if current is not None:
        Commentary.objects.filter(pk=current.pk).update(is_current=False)
    return Commentary.objects.create(indicator=indicator, month=month, text=text, written_by=user)
