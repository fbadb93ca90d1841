"""The demo council loaded for a module of tests, and undone after it."""

import io
from contextlib import contextmanager

from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from indicators.catalogue import install_catalogue


@contextmanager
def loaded_demo(django_db_blocker, until):
    """The catalogue and the demo up to `until` ("YYYY-MM"), in a transaction rolled back as
    the block ends."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(DEBUG=True):  # load_demo refuses to run without it
            install_catalogue()
            call_command("load_demo", until=until, stdout=io.StringIO())
        yield
        transaction.set_rollback(True)
