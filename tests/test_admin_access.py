"""The admin opens by role: an analyst manages the catalogue without also being made staff."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from indicators import roles
from scorecard.admin_site import may_use_admin


@pytest.mark.parametrize(
    "page",
    ["admin:index", "admin:indicators_threshold_changelist", "admin:indicators_benchmark_add"],
)
def test_an_analyst_who_is_not_staff_can_manage_the_catalogue(client_as, page):
    client = client_as(roles.ANALYST)
    assert not User.objects.get(groups__name=roles.ANALYST).is_staff
    assert client.get(reverse(page)).status_code == 200


@pytest.mark.parametrize("role", [roles.PANEL_MEMBER, roles.OFFICER, roles.CLERK])
def test_other_roles_are_sent_to_the_admin_sign_in_and_offered_no_link(client_as, role):
    client = client_as(role)
    response = client.get(reverse("admin:indicators_threshold_changelist"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    assert reverse("admin:index") not in client.get(reverse("home")).content.decode()


def test_an_analyst_is_offered_the_administration_link(client_as):
    html = client_as(roles.ANALYST).get(reverse("home")).content.decode()
    assert f'href="{reverse("admin:index")}">Administration<' in html


def test_an_analyst_cannot_manage_users_in_the_admin(client_as):
    assert client_as(roles.ANALYST).get(reverse("admin:auth_user_changelist")).status_code == 403


def test_a_signed_out_analyst_who_is_not_staff_can_sign_in_at_the_admins_own_page(client, users):
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("admin:login"))
    response = client.post(
        reverse("admin:login") + "?next=" + reverse("admin:index"),
        {"username": users[roles.ANALYST].username, "password": "a-long-test-password"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:indicators_threshold_changelist")).status_code == 200


@pytest.mark.parametrize("role", [roles.PANEL_MEMBER, roles.OFFICER, roles.CLERK])
def test_other_roles_are_refused_at_the_admins_sign_in_page(client, users, role):
    response = client.post(
        reverse("admin:login"),
        {"username": users[role].username, "password": "a-long-test-password"},
    )
    assert response.status_code == 200
    assert "may not use the administration pages" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_deactivated_analyst_may_not_use_the_admin(users):
    analyst = users[roles.ANALYST]
    assert may_use_admin(analyst)
    analyst.is_active = False
    assert not may_use_admin(analyst)
