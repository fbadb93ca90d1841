"""The demo's story (the December care-plans dip, the month health assessments fell to 25% and
the team behind the others) is stated in the highlights whatever month the demo runs to: the
demo's other figures change with that month, and must not crowd the story out."""

import re
from datetime import date

import pytest
from django.contrib.auth.models import User

from indicators.models import Commentary
from scorecard.demo import LATEST_MONTH_COMMENTARY, exceptions_in
from tests.demo import loaded_demo

# The tests' usual demo ends in the story's December; these end well after it, as `make run`'s
# does today.
UNTIL = ["2025-02", "2026-11"]
DIP = {"2025-02": "2024-12", "2026-11": "2025-12"}
ASSESSMENTS = {"2025-02": "2024-04", "2026-11": "2026-04"}


@pytest.fixture(scope="module", params=UNTIL)
def until(request, django_db_setup, django_db_blocker):
    with loaded_demo(django_db_blocker, request.param):
        yield request.param


@pytest.fixture
def panel(until, db, client):
    client.force_login(User.objects.get(username="panel"))
    return client


def highlights(client, month, scope):
    html = client.get(f"/scorecard/?month={month}&scope={scope}").content.decode()
    return html[html.index('id="highlights-heading"') : html.index("<table")]


@pytest.mark.parametrize("scope", ["headline", "all"])
def test_the_care_plans_dip_is_stated_above_its_decembers_scorecard(panel, until, scope):
    assert (
        "Children looked after with an up-to-date care plan fell from 91.0% in October to 77.0% "
        "in December" in highlights(panel, DIP[until], scope)
    )


@pytest.mark.parametrize("scope", ["headline", "all"])
def test_the_fall_to_25_percent_is_stated_above_its_aprils_scorecard(panel, until, scope):
    said = highlights(panel, ASSESSMENTS[until], scope)
    assert "Initial health assessments completed within 20 working days fell from" in said
    assert "to 25.0% in April" in said


def test_the_team_behind_the_others_is_stated_above_the_latest_scorecard(panel, until):
    assert "Eastfield behind the other teams" in highlights(panel, until, "headline")


def test_the_latest_months_amber_and_red_carry_commentary_but_for_three_left_to_write(until, db):
    latest = date.fromisoformat(f"{until}-01")
    written = set(
        Commentary.objects.current().for_month(latest).values_list("indicator__code", flat=True)
    )
    exceptions = set(exceptions_in(latest))
    assert written <= exceptions
    assert exceptions - written == exceptions - set(LATEST_MONTH_COMMENTARY) - {"CL6"}
    assert exceptions - written <= {"AD7", "H4", "WF2"}


def test_the_latest_scorecard_flags_the_commentary_still_to_write(until, client):
    client.force_login(User.objects.get(username="officer"))
    html = client.get(f"/scorecard/?month={until}&scope=all").content.decode()
    latest = date.fromisoformat(f"{until}-01")
    flags = re.findall(r'class="missing"[^>]*>Commentary needed', html)
    assert len(flags) == len({"AD7", "H4", "WF2"} & set(exceptions_in(latest)))
