"""Whose address the sign-in throttle and the audit log record: the connection's, or behind our
TLS proxy the one the proxy adds last to X-Forwarded-For; never one a client wrote itself."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from indicators import roles
from indicators.models import Indicator

from .conftest import ROLE_USERNAMES

PASSWORD = "a-long-test-password"
PAUSED = "Signing in is paused for this account"
USERNAME = ROLE_USERNAMES[roles.PANEL_MEMBER]


def sign_in(client, password, **headers):
    return client.post(reverse("login"), {"username": USERNAME, "password": password}, **headers)


def five_wrong_passwords(client, **headers):
    for _ in range(5):
        sign_in(client, "wrong-password", **headers)


@pytest.fixture
def behind_proxy(settings):
    settings.BEHIND_TLS_PROXY = True


def test_five_wrong_passwords_pause_signing_in_from_that_address_only(client, users):
    five_wrong_passwords(client, REMOTE_ADDR="192.0.2.1")

    assert PAUSED in sign_in(client, PASSWORD, REMOTE_ADDR="192.0.2.1").content.decode()
    assert sign_in(client, PASSWORD, REMOTE_ADDR="192.0.2.2").status_code == 302


def test_without_a_proxy_a_forwarded_address_written_by_the_client_changes_nothing(client, users):
    for n in range(5):
        sign_in(client, "wrong-password", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")

    assert PAUSED in sign_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.9").content.decode()


def test_behind_the_proxy_one_persons_wrong_passwords_do_not_lock_out_another(
    client, users, behind_proxy
):
    # Both come through the same proxy; each is told apart by the address the proxy adds.
    five_wrong_passwords(client, HTTP_X_FORWARDED_FOR="203.0.113.7", REMOTE_ADDR="10.0.0.1")

    paused = sign_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.7", REMOTE_ADDR="10.0.0.1")
    assert PAUSED in paused.content.decode()
    other = sign_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.8", REMOTE_ADDR="10.0.0.1")
    assert other.status_code == 302


@pytest.mark.parametrize(
    "forwarded",
    [
        "198.51.100.{n}, 203.0.113.7",  # what the client put before the proxy's entry is ignored
        "203.0.113.7:5100{n}",  # as is the port a proxy may add
    ],
)
def test_behind_the_proxy_wrong_passwords_count_against_the_address_the_proxy_saw(
    client, users, behind_proxy, forwarded
):
    for n in range(5):
        sign_in(client, "wrong-password", HTTP_X_FORWARDED_FOR=forwarded.format(n=n))

    paused = sign_in(client, PASSWORD, HTTP_X_FORWARDED_FOR=forwarded.format(n=9))
    assert PAUSED in paused.content.decode()


def change_a_target(client_as, **headers):
    client = client_as(roles.ANALYST)
    cla9 = Indicator.objects.get(code="CLA9")
    threshold = cla9.thresholds.get()
    url = reverse("admin:indicators_threshold_change", args=[threshold.pk])
    data = {"indicator": cla9.pk, "effective_from": "2020-04-01", "green_at": "96", "red_at": "90",
            "target": "96"}  # fmt: skip
    assert client.post(url, data, **headers).status_code == 302
    return LogEntry.objects.get_for_object(threshold).latest("timestamp")


def test_the_audit_log_records_the_connections_address_not_one_the_client_wrote(
    client_as, catalogue
):
    entry = change_a_target(client_as, HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert entry.remote_addr == "127.0.0.1"


def test_behind_the_proxy_the_audit_log_records_the_address_the_proxy_added(
    client_as, catalogue, behind_proxy
):
    entry = change_a_target(client_as, HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7")
    assert entry.remote_addr == "203.0.113.7"


@pytest.mark.parametrize(
    ("forwarded", "recorded"),
    [
        ("198.51.100.1, 203.0.113.7:51234", "203.0.113.7"),  # a proxy that adds the port
        ("[2001:db8::7]:443", "2001:db8::7"),
        ("2001:db8::7", "2001:db8::7"),
        ("198.51.100.1, not-an-address", "127.0.0.1"),  # the connection's, as without a proxy
    ],
)
def test_behind_the_proxy_only_an_address_is_recorded_with_any_port_taken_off(
    client_as, catalogue, behind_proxy, forwarded, recorded
):
    entry = change_a_target(client_as, HTTP_X_FORWARDED_FOR=forwarded)
    assert entry.remote_addr == recorded
