"""Headers, throttling, size limits and the audit trail: what keeps the data trusted."""

from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from indicators import roles
from indicators.models import Commentary, Figure, Indicator, Threshold

PAGES_BY_APP = {
    "scorecard": "/scorecard/",
    "indicators": "/indicators/",
    "meetings": "/meetings/",
    "admin": "/admin/",
}


@pytest.mark.parametrize("app, path", sorted(PAGES_BY_APP.items()))
def test_every_app_sends_the_security_headers(client_as, catalogue, settings, app, path):
    response = client_as(roles.ANALYST).get(path)
    assert response.status_code == 200, app
    policy = response["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy
        and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    )
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_production_settings_send_hsts_and_secure_cookies(client_as, catalogue, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client_as(roles.PANEL_MEMBER).get("/scorecard/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_five_wrong_passwords_pause_signing_in_with_a_clear_message(client, users):
    for _ in range(5):
        client.post(reverse("login"), {"username": "panel", "password": "wrong-password"})
    response = client.post(
        reverse("login"), {"username": "panel", "password": "a-long-test-password"}
    )
    assert response.status_code == 429
    assert "Signing in is paused" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_request_bigger_than_an_upload_may_be_is_refused_before_it_is_read(
    client_as, catalogue, settings
):
    settings.MAX_REQUEST_BYTES = 1000
    client = client_as(roles.ANALYST)
    response = client.post(
        reverse("indicators:upload_new"), data=b"x" * 5000, content_type="application/octet-stream"
    )
    assert response.status_code == 413
    assert "The file is too big" in response.content.decode()


def test_a_form_in_a_character_set_django_cannot_read_is_refused_with_a_page_not_a_500(db):
    client = Client(enforce_csrf_checks=True)
    token = client.get(reverse("login")).cookies["csrftoken"].value
    response = client.post(
        reverse("login"),
        f"csrfmiddlewaretoken={token}&username=panel&password=caf%E9",
        content_type="application/x-www-form-urlencoded; charset=latin-1",
    )
    assert response.status_code == 400
    assert "The request could not be read" in response.content.decode()


def test_a_form_sent_with_an_expired_token_says_so_and_saves_nothing(users, catalogue, settings):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users[roles.OFFICER])
    Figure.objects.create(
        indicator=Indicator.objects.get(code="CLA9"), month=date(2024, 12, 1), value=77
    )
    response = client.post("/scorecard/commentary/CLA9/2024-12/", {"text": "Plans slipped."})
    assert response.status_code == 403
    page = response.content.decode()
    assert "The form has expired" in page
    assert settings.COUNCIL_NAME in page and "Sign out" in page  # the site's own page, signed in
    assert not Commentary.objects.exists()


def test_a_form_refused_as_expired_leads_back_to_its_page_to_be_sent_again(users, catalogue):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users[roles.OFFICER])
    Figure.objects.create(
        indicator=Indicator.objects.get(code="CLA9"), month=date(2024, 12, 1), value=77
    )
    page = "/scorecard/commentary/CLA9/2024-12/"
    referer = {"HTTP_REFERER": f"http://testserver{page}"}
    response = client.post(page, {"text": "Plans slipped."}, **referer)
    assert response.status_code == 302 and response.url == page + "#signed-in"
    opened = client.get(page)
    assert opened.status_code == 200 and "The form had expired" in opened.content.decode()
    client.logout()  # the session ended too: through sign-in
    response = client.post(page, {"text": "Plans slipped."}, **referer)
    assert response.status_code == 302 and "next=" in response.url
    assert parse_qs(urlsplit(response.url).query)["next"] == [page + "#signed-in"]
    assert not Commentary.objects.exists()


def test_sessions_expire(settings):
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_passwords_are_validated(settings):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("password1")


def test_catalogue_and_threshold_changes_are_audited_with_before_and_after(client_as, catalogue):
    client = client_as(roles.ANALYST)
    cla9 = Indicator.objects.get(code="CLA9")
    threshold = cla9.thresholds.get()
    url = reverse("admin:indicators_threshold_change", args=[threshold.pk])
    response = client.post(
        url,
        {"indicator": cla9.pk, "effective_from": "2020-04-01", "green_at": "96", "red_at": "90",
         "target": "96"},
    )  # fmt: skip
    assert response.status_code == 302
    entry = LogEntry.objects.get_for_object(threshold).latest("timestamp")
    assert entry.actor == User.objects.get(username="analyst")
    assert entry.changes_dict["green_at"] == ["95.000000", "96"]


def test_audit_entries_cannot_be_edited_in_the_admin(client, catalogue, users):
    admin = User.objects.create_superuser("root", password="a-long-admin-password")
    Threshold.objects.filter(indicator__code="CLA9").update(target=97)  # not audited: no save()
    Indicator.objects.get(code="CLA9").save()
    client.force_login(admin)
    entry = LogEntry.objects.first()
    assert client.get(reverse("admin:auditlog_logentry_changelist")).status_code == 200
    response = client.post(reverse("admin:auditlog_logentry_change", args=[entry.pk]), {})
    assert response.status_code == 403
    assert client.get(reverse("admin:auditlog_logentry_add")).status_code == 403
