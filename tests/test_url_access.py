"""Every URL pattern has an access rule: anonymous users go to the login page, roles get 200 or 403.

A new URL without an entry in ACCESS fails `test_every_url_pattern_has_an_access_rule`.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from indicators import roles

EVERYONE = set(roles.ALL_ROLES)
PUBLIC = "public"

# name -> (roles allowed, or PUBLIC; sample kwargs; method)
ACCESS = {
    "home": (EVERYONE, {}, "get"),
    "login": (PUBLIC, {}, "get"),
    "logout": (EVERYONE, {}, "post"),
    "healthz": (PUBLIC, {}, "get"),
    "indicators:catalogue": (EVERYONE, {}, "get"),
    "indicators:detail": (EVERYONE, {"code": "CLA9"}, "get"),
}


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


def request(client, name):
    _allowed, kwargs, method = ACCESS[name]
    return getattr(client, method)(reverse(name, kwargs=kwargs))


@pytest.mark.parametrize("name", sorted(ACCESS))
def test_anonymous_users_are_sent_to_log_in(client, catalogue, name):
    response = request(client, name)
    if ACCESS[name][0] == PUBLIC:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", roles.ALL_ROLES)
@pytest.mark.parametrize("name", sorted(ACCESS))
def test_each_role_is_allowed_or_refused(client_as, catalogue, name, role):
    allowed = ACCESS[name][0]
    response = request(client_as(role), name)
    if allowed == PUBLIC or role in allowed:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert not response.url.startswith(reverse("login")) or name == "logout"
    else:
        assert response.status_code == 403


def test_a_user_without_a_role_is_refused(client, catalogue, django_user_model):
    client.force_login(django_user_model.objects.create_user("norole", password="x-long-password"))
    assert client.get(reverse("indicators:catalogue")).status_code == 403


def test_admin_access(client_as, catalogue):
    changelist = reverse("admin:indicators_indicator_changelist")
    assert client_as(None).get(changelist).status_code == 302
    assert client_as(roles.PANEL_MEMBER).get(changelist).status_code == 302
    assert client_as(roles.ANALYST).get(changelist).status_code == 200
    assert client_as(roles.ANALYST).get(reverse("admin:auth_user_changelist")).status_code == 403
