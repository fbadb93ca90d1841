import re
from itertools import pairwise

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import caches

from indicators import roles
from indicators.catalogue import install_catalogue
from tests.demo import loaded_demo

ROLE_USERNAMES = {
    roles.PANEL_MEMBER: "panel",
    roles.ANALYST: "analyst",
    roles.OFFICER: "officer",
    roles.CLERK: "clerk",
}


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Tests serve static files from the source folders, not a collected manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SECURE_SSL_REDIRECT = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_content_types():
    """Tests that flush the database give content types new ids; the audit log must not use
    ids cached by an earlier test."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def _no_kept_scorecard_rows():
    """Each test starts with no scorecard rows kept, so what it sees never depends on the tests
    that ran before it."""
    caches["scorecard"].clear()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo council loaded once for a module, in a transaction undone when the module ends.
    (Modules that need a fresh demo for each test define their own `demo`.)"""
    with loaded_demo(django_db_blocker, "2024-12"):
        yield


@pytest.fixture
def catalogue(db):
    install_catalogue()


def make_user(role, username=None):
    user = User.objects.create_user(
        username or ROLE_USERNAMES[role],
        password="a-long-test-password",
    )
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def users(db):
    return {role: make_user(role) for role in roles.ALL_ROLES}


@pytest.fixture
def client_as(client, users):
    """client_as(role) logs the test client in as the user of that role (None: anonymous)."""

    def log_in(role):
        client.logout()
        if role is not None:
            client.force_login(users[role])
        return client

    return log_in


def heading_levels(html):
    """The levels of the page's headings in order, after checking that none skips a level."""
    levels = [int(level) for level in re.findall(r"<h([1-6])\b", html)]
    assert levels[0] == 1
    for earlier, later in pairwise(levels):
        assert later <= earlier + 1, f"an h{later} follows an h{earlier}"
    return levels
