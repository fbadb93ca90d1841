"""Panel members and officers using the scorecard at once: `loadtest/run` drives this file.

Every user logs in once with the right password (django-axes throttles wrong ones), then reads
the scorecard, exceptions, indicator pages and the action log with a pause between pages.
Officers also add updates to the open actions they own, as the action page's form does.

The demo users come from `load_demo` (scorecard/demo.py): password f"{username}-demo-password".
"""

import csv
import os
import random
import re
import time
from http.cookiejar import DefaultCookiePolicy
from itertools import count

from locust import FastHttpUser, between, events, task

WAIT_MIN = float(os.environ.get("LOADTEST_WAIT_MIN", "2"))
WAIT_MAX = float(os.environ.get("LOADTEST_WAIT_MAX", "8"))

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
INDICATOR_LINK = re.compile(r'href="/indicators/([A-Z][A-Z0-9]*)/"')
ACTION_LINK = re.compile(r'href="/meetings/actions/(\d+)/"')
MONTH_OPTION = re.compile(r'<option value="(\d{4}-\d{2})"')
UPDATE_FORM = 'action="/meetings/actions/{}/update/"'
UPDATES = count(1)
SAMPLES = []  # (started at, method, name, milliseconds, ok) for every request


@events.request.add_listener
def record(request_type, name, response_time, exception, **kwargs):
    SAMPLES.append((time.time() - response_time / 1000, request_type, name, response_time,
                    exception is None))  # fmt: skip


@events.test_stop.add_listener
def write_samples(**kwargs):
    """Every response time, so loadtest/summary.py can leave the sign-in burst out as well."""
    if path := os.environ.get("LOADTEST_SAMPLES"):
        with open(path, "w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["started", "method", "name", "ms", "ok"])
            writer.writerows(SAMPLES)


class PlainHttpCookies(DefaultCookiePolicy):
    """Production cookies are Secure; this local run has no TLS, so send them over plain HTTP."""

    def return_ok_secure(self, cookie, request):
        return True


class PanelUser(FastHttpUser):
    abstract = True
    username = ""
    wait_time = between(WAIT_MIN, WAIT_MAX)

    def on_start(self):
        self.client.cookiejar.set_policy(PlainHttpCookies())
        self.log_in()
        self.codes = self.discover(INDICATOR_LINK, "/indicators/", "/indicators/")
        self.months = self.discover(MONTH_OPTION, "/scorecard/", "/scorecard/")
        self.action_ids = self.discover(
            ACTION_LINK, "/meetings/actions/?show=all", "/meetings/actions/?show=all"
        )

    def log_in(self):
        page = self.client.get("/login/", name="/login/")
        token = CSRF_FIELD.search(page.text or "")
        form = {
            "username": self.username,
            "password": f"{self.username}-demo-password",
            "csrfmiddlewaretoken": token.group(1) if token else "",
        }
        with self.client.post(
            "/login/", data=form, name="/login/ (POST)", allow_redirects=False,
            catch_response=True,
        ) as response:  # fmt: skip
            if response.status_code != 302:
                response.failure(f"login as {self.username} answered {response.status_code}")

    def page(self, path, name=None):
        """A page read by a signed-in user: anything but 200 (a 302 to login, say) fails."""
        with self.client.get(
            path, name=name or path, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{path} answered {response.status_code}")
            return response.text or ""

    def discover(self, pattern, path, name):
        return sorted(set(pattern.findall(self.page(path, name))))

    @task(4)
    def scorecard(self):
        self.page("/scorecard/")

    @task(1)
    def scorecard_for_a_month(self):
        if self.months:
            month = random.choice(self.months)
            self.page(f"/scorecard/?month={month}&scope=all", "/scorecard/?month=[month]")

    @task(2)
    def exceptions(self):
        self.page("/scorecard/exceptions/")

    @task(4)
    def indicator(self):
        if self.codes:
            self.page(f"/indicators/{random.choice(self.codes)}/", "/indicators/[code]/")

    @task(1)
    def catalogue(self):
        self.page("/indicators/")

    @task(2)
    def action_log(self):
        self.page("/meetings/actions/")

    @task(1)
    def action(self):
        if self.action_ids:
            pk = random.choice(self.action_ids)
            self.page(f"/meetings/actions/{pk}/", "/meetings/actions/[id]/")

    @task(1)
    def meetings(self):
        self.page("/meetings/")


class PanelMember(PanelUser):
    weight = 3
    username = "panel"


class Officer(PanelUser):
    weight = 2
    username = "officer"

    def on_start(self):
        super().on_start()
        mine = self.page("/meetings/actions/?mine=on", "/meetings/actions/?mine=on")
        self.own_actions = sorted(set(ACTION_LINK.findall(mine)))

    @task(1)
    def update_an_action(self):
        """Open one of my actions, then add an update with the form's CSRF token."""
        if not self.own_actions:
            return
        pk = random.choice(self.own_actions)
        detail = self.page(f"/meetings/actions/{pk}/", "/meetings/actions/[id]/")
        token = CSRF_FIELD.search(detail)
        if UPDATE_FORM.format(pk) not in detail or token is None:
            return  # closed meanwhile, or not mine after all: a person would not post either
        form = {
            "csrfmiddlewaretoken": token.group(1),
            "text": f"Load test update {next(UPDATES)}: progress reported to the Head of Service.",
            "status": random.choice(["", "in_progress"]),
        }
        with self.client.post(
            f"/meetings/actions/{pk}/update/", data=form, name="/meetings/actions/[id]/update/",
            allow_redirects=False, catch_response=True,
        ) as response:  # fmt: skip
            if response.status_code != 302:
                response.failure(f"update answered {response.status_code}")
