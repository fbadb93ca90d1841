"""The sign-in page's problems: listed at the top, and said at each field they are about."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

REQUIRED = {"username": "Enter your username.", "password": "Enter your password."}


def sign_in(client, username, password):
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.content.decode()


def input_tag(page, field):
    return re.search(rf'<input [^>]*id="id_{field}"[^>]*>', page).group()


@pytest.mark.parametrize(("field", "label"), [("username", "Username"), ("password", "Password")])
def test_a_field_left_empty_is_listed_and_marked_at_the_field(client, field, label):
    page = sign_in(client, **{"username": "panel", "password": "a-password", field: ""})

    assert f'<li><a href="#id_{field}">{label}: {REQUIRED[field]}</a></li>' in page
    tag = input_tag(page, field)
    assert 'aria-invalid="true"' in tag and f'aria-describedby="id_{field}_error"' in tag
    message = rf'<p class="error-message" id="id_{field}_error">.*{REQUIRED[field]}</p>'
    assert re.search(message, page)
    assert page.count("aria-invalid") == 1


def test_a_wrong_password_is_listed_without_marking_either_field(client, users):
    page = sign_in(client, "panel", "wrong-password")

    summary = r'<div class="error-summary".*<li>The username or password is not right'
    assert re.search(summary, page, re.S)
    assert "aria-invalid" not in page
