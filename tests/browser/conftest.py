"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live server.

The live server listens on "localhost" (pytest-django's default address), which Chromium treats
as a secure context, so the Secure session and CSRF cookies that DEBUG-off settings ask for are
kept over plain http and those settings need no change.
"""

import os
import re
from contextlib import contextmanager
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connections
from django.test import override_settings
from playwright.sync_api import expect, sync_playwright
from pytest_django.live_server_helper import LiveServer

from indicators import roles
from indicators.catalogue import install_catalogue

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTEFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "browser-test-password-1"
DEMO_UNTIL = "2024-12"
# WCAG 2.2 AA, and axe-core's best practices (landmarks, regions, heading order). Naming the tags
# also runs target-size (WCAG 2.2, 2.5.8), which axe-core leaves out by default.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, started while SECURE_SSL_REDIRECT is off.

    The server builds its middleware once, when its thread starts, and that happens before the
    function-scoped `settings` fixture in tests/conftest.py turns the redirect off; with DEBUG off
    SecurityMiddleware would then send every page to https://localhost, which nothing serves.
    The address is found as pytest-django finds it (--liveserver, then the environment).
    """
    address = (
        request.config.getvalue("liveserver")
        or os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    with override_settings(SECURE_SSL_REDIRECT=False):
        server = LiveServer(address)
    yield server
    server.stop()


@pytest.fixture(scope="package")
def browser(django_db_setup):
    """One headless Chromium for all the browser tests, closed when they are done.

    Package scope, not session: while Playwright's sync API is started it leaves an asyncio loop
    marked as running in the main thread, and Django's ORM then refuses to run there
    (SynchronousOnlyOperation) in these tests and in any test after them. So the browser lives
    only as long as the browser tests, and DJANGO_ALLOW_ASYNC_UNSAFE is set only for that time.
    """
    with started_chromium() as chromium:
        yield chromium


@contextmanager
def started_chromium():
    """Debian's Chromium under Playwright, or the test fails saying how to install it: a
    browser test is never skipped for want of a browser."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}: run scripts/ensure-test-programs "
            "(as root it installs Debian's chromium package).",
            pytrace=False,
        )
    ARTEFACTS.mkdir(exist_ok=True)
    before = {alias: connections[alias] for alias in connections}
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        keep_serialized_rows(before)
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()
        connections.close_all()  # the ones opened while Playwright ran, so the test DB can go


def keep_serialized_rows(before):
    """Hand the rows the migrations made to the connections used while Playwright runs.

    With an event loop marked as running, Django keeps its connections per context rather than
    per thread, so this thread gets new connection objects. They lack the snapshot taken when
    the test database was made, without which serialized_rollback silently restores nothing
    (and the role groups are gone after the first transactional flush).
    """
    for alias, connection in before.items():
        rows = getattr(connection, "_test_serialized_contents", None)
        if rows is not None and connections[alias] is not connection:
            connections[alias]._test_serialized_contents = rows


@pytest.fixture
def demo(settings):
    """The catalogue and the demo council's figures up to December 2024 (served with DEBUG off)."""
    install_catalogue()
    settings.DEBUG = True  # load_demo refuses to run without it
    call_command("load_demo", until=DEMO_UNTIL, verbosity=0)
    settings.DEBUG = False


def make_user(role):
    user = User.objects.create_user(f"browser-{role.lower().replace(' ', '-')}", password=PASSWORD)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def page_as(browser, live_server):
    """page_as(role): a page signed in through the real sign-in form as a user of that role."""
    contexts = []

    def sign_in(role=roles.PANEL_MEMBER):
        user = make_user(role)
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}
        )
        contexts.append(context)
        page = context.new_page()
        page.goto("/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page).to_have_url(re.compile(r"/$"))
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        return page

    yield sign_in
    for context in contexts:
        context.close()


@pytest.fixture
def check_page():
    """check_page(page, name): a full-page screenshot kept as an artefact, then axe-core's checks.

    The page must show no violations; the full axe report is kept beside the screenshot.
    """

    def check(page, name):
        page.screenshot(path=ARTEFACTS / f"{name}.png", full_page=True)
        results = Axe().run(page, options=AXE_OPTIONS)
        results.save_to_file(ARTEFACTS / f"{name}.axe.json", violations_only=True)
        assert results.violations_count == 0, results.generate_report()

    return check
