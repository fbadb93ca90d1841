"""The admin opens by role: an analyst manages the catalogue without also being made staff."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from indicators import roles


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


def test_an_analyst_whose_account_is_deactivated_cannot_open_the_admin(client, users):
    analyst = users[roles.ANALYST]
    client.force_login(analyst)
    analyst.is_active = False
    analyst.save()
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
