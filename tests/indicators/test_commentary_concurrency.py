"""Commentary saved twice at once (a double click, or two officers): PostgreSQL only, since
SQLite lets one writer in at a time and so never races."""

import threading
import time
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.db import connection, connections, transaction

from indicators.catalogue import install_catalogue
from indicators.commentary import write_commentary
from indicators.models import Commentary, Indicator

DECEMBER = date(2024, 12, 1)
TEXT = "Two adoptions were delayed by court dates."

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL: SQLite has no row locks"
    ),
]


def write_in_thread(results):
    try:
        indicator, officer = Indicator.objects.get(code="AD7"), User.objects.get(username="o")
        results.append(write_commentary(indicator, DECEMBER, TEXT, officer))
    except Exception as error:  # the test reports what the second save met
        results.append(error)
    finally:
        connections.close_all()


@pytest.mark.parametrize("held_before", [False, True])
def test_a_save_sent_twice_at_once_writes_one_version_and_the_second_finds_nothing_changed(
    held_before,
):
    install_catalogue()
    officer, indicator = User.objects.create_user("o"), Indicator.objects.get(code="AD7")
    if held_before:
        write_commentary(indicator, DECEMBER, "An earlier account.", officer)
    results = []
    with transaction.atomic():
        write_commentary(indicator, DECEMBER, TEXT, officer)
        second = threading.Thread(target=write_in_thread, args=(results,))
        second.start()
        time.sleep(0.5)
        assert second.is_alive()  # waiting for the first save to commit
    second.join(timeout=10)
    assert results == [None]
    current = Commentary.objects.filter(indicator=indicator, month=DECEMBER, is_current=True)
    assert list(current.values_list("text", flat=True)) == [TEXT]
    assert Commentary.objects.filter(indicator=indicator, month=DECEMBER).count() == 1 + held_before
