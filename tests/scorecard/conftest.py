import pytest
from django.contrib.auth.models import User


@pytest.fixture
def log_in(demo, db, client):
    """log_in(username) logs the client in as that demo user; None leaves it anonymous."""

    def as_user(username):
        client.logout()
        if username:
            client.force_login(User.objects.get(username=username))
        return client

    return as_user
