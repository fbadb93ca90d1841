"""Every URL pattern has an access rule: anonymous users go to the login page, roles get 200 or 403.

A new URL without an entry in ACCESS fails `test_every_url_pattern_has_an_access_rule`.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from indicators import roles

EVERYONE = set(roles.ALL_ROLES)
ANALYSTS = {roles.ANALYST}
CLERKS = {roles.CLERK}
OFFICERS = {roles.OFFICER}
PUBLIC = "public"

# name -> (roles allowed, or PUBLIC; sample kwargs; method)
ACCESS = {
    "home": (EVERYONE, {}, "get"),
    "login": (PUBLIC, {}, "get"),
    "logout": (EVERYONE, {}, "post"),
    "healthz": (PUBLIC, {}, "get"),
    "indicators:catalogue": (EVERYONE, {}, "get"),
    "indicator": (EVERYONE, {"code": "CLA9"}, "get"),
    "indicators:uploads": (ANALYSTS, {}, "get"),
    "indicators:upload_new": (ANALYSTS, {}, "get"),
    "indicators:upload_template": (ANALYSTS, {}, "get"),
    "indicators:upload": (ANALYSTS, {"pk": "upload"}, "get"),
    "indicators:upload_file": (ANALYSTS, {"pk": "upload"}, "get"),
    "indicators:upload_commit": (ANALYSTS, {"pk": "upload"}, "post"),
    "indicators:upload_revert": (ANALYSTS, {"pk": "upload"}, "post"),
    "indicators:upload_discard": (ANALYSTS, {"pk": "upload"}, "post"),
    "scorecard:scorecard": (EVERYONE, {}, "get"),
    "scorecard:exceptions": (EVERYONE, {}, "get"),
    "scorecard:print": (EVERYONE, {}, "get"),
    "scorecard:export_xlsx": (EVERYONE, {}, "get"),
    "scorecard:export_csv": (EVERYONE, {}, "get"),
    "scorecard:commentary": (EVERYONE, {"code": "CLA9", "month": "2024-12"}, "get"),
    "meetings:meetings": (EVERYONE, {}, "get"),
    "meetings:meeting_new": (CLERKS, {}, "get"),
    "meetings:meeting": (EVERYONE, {"pk": "meeting"}, "get"),
    "meetings:meeting_edit": (CLERKS, {"pk": "meeting"}, "get"),
    "meetings:meeting_pack": (EVERYONE, {"pk": "meeting"}, "get"),
    "meetings:item_new": (CLERKS, {"pk": "meeting"}, "get"),
    "meetings:item_edit": (CLERKS, {"pk": "item"}, "get"),
    "meetings:minutes": (CLERKS, {"pk": "item"}, "get"),
    "meetings:proposals": (CLERKS, {"pk": "item"}, "get"),
    "meetings:actions": (EVERYONE, {}, "get"),
    "meetings:action_export_csv": (EVERYONE, {}, "get"),
    "meetings:action_export_xlsx": (EVERYONE, {}, "get"),
    "meetings:action": (EVERYONE, {"pk": "action"}, "get"),
    # The officer who owns the sample action may update it, as may any clerk.
    "meetings:action_update": (CLERKS | OFFICERS, {"pk": "action"}, "post"),
    "meetings:action_close": (CLERKS | OFFICERS, {"pk": "action"}, "post"),
    "meetings:action_reopen": (CLERKS | OFFICERS, {"pk": "action"}, "post"),
    "meetings:action_reassign": (CLERKS, {"pk": "action"}, "post"),
}


@pytest.fixture
def samples(catalogue, settings, tmp_path, users):
    """The objects that URL parameters name, by the placeholder used in ACCESS."""
    from django.core.files.base import ContentFile

    from indicators.models import Upload

    settings.MEDIA_ROOT = tmp_path
    upload = Upload(file_name="x.csv", state="committed", committed_at="2024-12-01T00:00Z")
    upload.file.save("x.csv", ContentFile(b"indicator,period,value\n"), save=True)
    from indicators.models import Figure, Indicator

    Figure.objects.create(
        indicator=Indicator.objects.get(code="CLA9"), month="2024-12-01", value=77,
        numerator=154, denominator=200, is_percentage=True,
    )  # fmt: skip
    meeting, item, action = meeting_samples(users)
    return {"upload": upload.pk, "meeting": meeting.pk, "item": item.pk, "action": action.pk}


def meeting_samples(users):
    from datetime import date, datetime

    from django.utils import timezone

    from meetings.models import AgendaItem, Committee, Meeting
    from meetings.workflows import confirm_action

    committee = Committee.objects.create(name="Corporate Parenting Panel", code="CPP")
    meeting = Meeting.objects.create(
        committee=committee, starts_at=timezone.make_aware(datetime(2024, 12, 10, 14))
    )
    item = AgendaItem.objects.create(
        meeting=meeting, order=1, title="Scorecard", minutes="ACTION: Officers to review CLA9."
    )
    action = confirm_action(
        item, "Officers to review CLA9.", "Officers to review CLA9.", ["CLA9"],
        owner=users[roles.OFFICER], due_date=date(2025, 1, 31),
    )  # fmt: skip
    return meeting, item, action


def url_names(patterns=None, namespace=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # the admin has its own staff rules; see test_admin_access
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}"


def test_every_url_pattern_has_an_access_rule():
    names = list(url_names())
    assert None not in names and "None" not in names, "every URL pattern needs a name"
    missing = sorted(set(names) - set(ACCESS))
    assert not missing, f"URL patterns without an access rule in ACCESS: {missing}"


# Pages with a form: the rest only show, and refuse to be posted to.
FORMS = {"login", "indicators:upload_new", "scorecard:commentary", "meetings:meeting_new",
         "meetings:meeting_edit", "meetings:item_new", "meetings:item_edit", "meetings:minutes",
         "meetings:proposals"}  # fmt: skip
READ_ONLY = sorted(name for name, rule in ACCESS.items() if rule[2] == "get" and name not in FORMS)


def request(client, name, samples, method=None):
    _allowed, kwargs, usual_method = ACCESS[name]
    kwargs = {key: samples.get(value, value) for key, value in kwargs.items()}
    return getattr(client, method or usual_method)(reverse(name, kwargs=kwargs))


@pytest.mark.parametrize("name", sorted(ACCESS))
def test_anonymous_users_are_sent_to_log_in(client, samples, name):
    response = request(client, name, samples)
    if ACCESS[name][0] == PUBLIC:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", roles.ALL_ROLES)
@pytest.mark.parametrize("name", sorted(ACCESS))
def test_each_role_is_allowed_or_refused(client_as, samples, name, role):
    allowed = ACCESS[name][0]
    response = request(client_as(role), name, samples)
    if allowed == PUBLIC or role in allowed:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert not response.url.startswith(reverse("login")) or name == "logout"
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("name", READ_ONLY)
def test_a_page_that_only_shows_refuses_a_post_from_a_user_who_may_see_it(client_as, samples, name):
    allowed = ACCESS[name][0]
    role = roles.ANALYST if allowed == PUBLIC else sorted(allowed)[0]
    client = client_as(role)
    refused = request(client, name, samples, method="post")
    assert refused.status_code == 405
    assert "GET" in refused["Allow"]
    assert "This page only shows information: nothing was sent" in refused.content.decode()
    assert refused["X-Frame-Options"] == "DENY"
    assert request(client, name, samples, method="head").status_code in (200, 302)


def test_a_link_followed_to_an_address_that_takes_only_a_form_says_nothing_was_done(client_as):
    response = client_as(roles.PANEL_MEMBER).get(reverse("logout"))
    assert response.status_code == 405 and "GET" not in response["Allow"]
    html = response.content.decode()
    assert "only takes a form sent from its page" in html and "Open the page again" not in html
    assert "no-store" in response["Cache-Control"] and response["X-Frame-Options"] == "DENY"


def test_a_user_without_a_role_is_refused(client, catalogue, django_user_model):
    client.force_login(django_user_model.objects.create_user("norole", password="x-long-password"))
    assert client.get(reverse("indicators:catalogue")).status_code == 403


def test_admin_access(client_as, catalogue):
    changelist = reverse("admin:indicators_indicator_changelist")
    assert client_as(None).get(changelist).status_code == 302
    assert client_as(roles.PANEL_MEMBER).get(changelist).status_code == 302
    assert client_as(roles.ANALYST).get(changelist).status_code == 200
    assert client_as(roles.ANALYST).get(reverse("admin:auth_user_changelist")).status_code == 403


def next_after_sign_in(response):
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    return parse_qs(urlsplit(response.url).query)["next"][0]


def test_a_form_sent_after_the_session_ended_leads_back_to_its_page_after_sign_in(client):
    update = reverse("meetings:action_update", args=[7])
    page = reverse("meetings:action", args=[7]) + "?show=all"
    sent = client.post(update, {"text": "Typed."}, HTTP_REFERER=f"http://testserver{page}")
    assert next_after_sign_in(sent) == page + "#signed-in"
    # Without a page of this site to go back to, the address sent to (it opens as a page).
    for referer in ("http://evil.example/a/", "http://testserver//evil.example/a/", None):
        headers = {"HTTP_REFERER": referer} if referer else {}
        assert next_after_sign_in(client.post(update, {"text": "x"}, **headers)) == (
            update + "#signed-in"
        ), referer
    assert next_after_sign_in(client.get(page)) == page
