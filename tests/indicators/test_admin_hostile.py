"""The catalogue's admin pages given careless and hostile input: refused in words, never a 500,
nothing half-saved, and nothing beyond an analyst's role."""

import html
import re
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from indicators import roles
from indicators.models import Benchmark, Figure, Indicator, Threshold

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(client_as, catalogue):
    return client_as(roles.ANALYST)


def errors(response):
    """The error messages on an admin page, as the analyst reads them."""
    assert response.status_code == 200, response.status_code
    lists = re.findall(
        r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode(), re.S
    )
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found)) for found in lists)


def add_threshold(client, code="CLA9", **changes):
    fields = {"indicator": Indicator.objects.get(code=code).pk, "effective_from": "2025-04-01",
              "green_at": "95", "red_at": "90", "target": "95", **changes}  # fmt: skip
    return client.post(reverse("admin:indicators_threshold_add"), fields)


@pytest.mark.parametrize(
    ("code", "changes", "message"),
    [
        ("CLA9", {"green_at": "150", "red_at": "120"}, "150 is not a percentage: give a figure"),
        ("CLA9", {"green_at": "-5", "red_at": "-10"}, "-5 is not a percentage"),
        ("CLA9", {"target": "200"}, "200 is not a percentage: give a figure from 0 to 100."),
        ("F2", {"green_at": "20", "red_at": "-2", "target": ""}, "-2 is below 0: a count cannot"),
        ("AD7", {"green_at": "426", "red_at": "999999999999.999999", "target": ""},
         "999999999999.999999 is too large to be a figure"),
    ],
)  # fmt: skip
def test_thresholds_no_figure_could_reach_are_refused(analyst, code, changes, message):
    assert message in errors(add_threshold(analyst, code, **changes))
    assert not Threshold.objects.filter(effective_from=date(2025, 4, 1)).exists()


@pytest.mark.parametrize(
    ("code", "target", "message"),
    [
        ("CLA9", "50", "Higher is better, so the target must be at or above red (90): a figure "
                       "that met a target of 50 would be rated Red."),
        ("CLA14", "20", "Lower is better, so the target must be at or below red (12)"),
    ],
)  # fmt: skip
def test_a_target_a_figure_could_meet_while_rated_red_is_refused(analyst, code, target, message):
    red_at = {"CLA9": "90", "CLA14": "12"}[code]
    green_at = {"CLA9": "95", "CLA14": "10"}[code]
    response = add_threshold(analyst, code, green_at=green_at, red_at=red_at, target=target)
    assert message in errors(response)


def test_a_target_between_red_and_green_is_kept(analyst):
    assert add_threshold(analyst, target="92").status_code == 302


def test_a_second_threshold_set_for_one_month_is_explained_in_words(analyst):
    message = errors(add_threshold(analyst, effective_from="2020-04-01"))
    assert (
        "This indicator already has thresholds taking effect from that month: change that set, "
        "or choose another month." in message
    )


@pytest.mark.parametrize("effective_from", ["0001-01-01", "2205-04-01"])
def test_thresholds_from_an_implausible_year_are_refused(analyst, effective_from):
    response = add_threshold(analyst, effective_from=effective_from)
    assert "The year must be between 1990 and 2100." in errors(response)


def indicator_form(thresholds=(), **changes):
    fields = {
        "code": "ZZ1", "name": "A new measure", "service_area": "Children in care",
        "unit": "percent", "polarity": "higher", "period_type": "snapshot", "precision": 1,
        "display_order": 0, "is_active": "on", "thresholds-TOTAL_FORMS": len(thresholds),
        "thresholds-INITIAL_FORMS": 0,
    }  # fmt: skip
    for number, threshold in enumerate(thresholds):
        fields.update({f"thresholds-{number}-{name}": v for name, v in threshold.items()})
    return {**fields, **changes}


def threshold_set(effective_from="2024-04-01", green_at="95", red_at="90"):
    return {"effective_from": effective_from, "green_at": green_at, "red_at": red_at}


@pytest.mark.parametrize(
    ("polarity", "message"),
    [
        ("higher", "Higher is better, so green must be at or above red."),
        ("neutral", "Context measures (neutral polarity) have no RAG thresholds."),
    ],
)
def test_thresholds_given_with_a_new_indicator_follow_its_polarity(analyst, polarity, message):
    form = indicator_form([threshold_set(green_at="80", red_at="90")], polarity=polarity)
    response = analyst.post(reverse("admin:indicators_indicator_add"), form)
    assert message in errors(response)
    assert not Indicator.objects.filter(code="ZZ1").exists()


def test_two_threshold_sets_from_one_month_are_explained_in_words(analyst):
    form = indicator_form([threshold_set(), threshold_set(green_at="96")])
    message = errors(analyst.post(reverse("admin:indicators_indicator_add"), form))
    assert "Two sets of thresholds take effect from the same month." in message
    assert "effective_from" not in message


def add_benchmark(client, neighbours=(), **changes):
    fields = {
        "indicator": Indicator.objects.get(code="CLA9").pk, "source": "england", "year": "2030",
        "value": "80", "published_on": "", "period_end": "", "note": "",
        "neighbours-TOTAL_FORMS": len(neighbours), "neighbours-INITIAL_FORMS": 0,
    }  # fmt: skip
    if "indicator" in changes:
        changes["indicator"] = Indicator.objects.get(code=changes["indicator"]).pk
    for number, (neighbour, value) in enumerate(neighbours):
        fields.update(
            {f"neighbours-{number}-neighbour": neighbour, f"neighbours-{number}-value": value}
        )
    return client.post(reverse("admin:indicators_benchmark_add"), {**fields, **changes})


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"value": "150"}, "150 is not a percentage: give a figure from 0 to 100."),
        ({"value": "-5"}, "-5 is not a percentage"),
        ({"indicator": "AD7", "value": "999999999999.999999"},
         "999999999999.999999 is too large to be a figure; check the number."),
        ({"source": "neighbours", "neighbours": [("Barnet", "70"), ("Hull", "1000")]},
         "1000 is not a percentage"),
        ({"source": "neighbours", "neighbours": [("Barnet", "-70")]}, "-70 is not a percentage"),
    ],
)  # fmt: skip
def test_benchmarks_no_figure_could_reach_are_refused(analyst, changes, message):
    assert message in errors(add_benchmark(analyst, **changes))
    assert not Benchmark.objects.filter(year=2030).exists()


def test_a_second_benchmark_for_a_source_and_year_is_explained_in_words(analyst):
    assert add_benchmark(analyst).status_code == 302
    assert (
        "This indicator already has a benchmark from that source for that year: change that one, "
        "or choose another year." in errors(add_benchmark(analyst, value="81"))
    )


def test_a_benchmark_published_before_its_year_ended_is_refused(analyst):
    response = add_benchmark(analyst, published_on="2029-11-01")
    assert (
        "The year to 31 March 2030 had not ended on 1 November 2029: give the date this figure "
        "was published, after 31 March 2030." in errors(response)
    )
    assert add_benchmark(analyst, published_on="2030-11-28").status_code == 302


def test_a_figure_at_30_september_published_before_the_month_was_out_is_refused(analyst):
    response = add_benchmark(analyst, period_end="2030-09-01", published_on="2030-09-02")
    assert (
        "The period to 30 September 2030 had not ended on 2 September 2030: give the date this "
        "figure was published, after 30 September 2030." in errors(response)
    )
    assert (
        add_benchmark(analyst, period_end="2030-09-01", published_on="2030-10-01").status_code
        == 302
    )


def test_a_neighbour_listed_twice_in_other_capitals_is_refused(analyst):
    neighbours = [("Barnet", "70"), ("barnet", "71")]
    message = errors(add_benchmark(analyst, source="neighbours", neighbours=neighbours))
    assert (
        "Barnet is listed twice (as 'Barnet' and 'barnet'). Give each neighbour's figure once."
        in message
    )
    assert not Benchmark.objects.filter(year=2030).exists()


def test_a_neighbour_listed_twice_is_explained_in_words(analyst):
    neighbours = [("Barnet", "70"), ("Barnet", "71")]
    message = errors(add_benchmark(analyst, source="neighbours", neighbours=neighbours))
    assert "A neighbour is listed twice. Give each neighbour's figure once." in message


def change_indicator(client, indicator, **changes):
    fields = {
        "code": indicator.code, "name": indicator.name, "service_area": indicator.service_area,
        "unit": indicator.unit, "polarity": indicator.polarity,
        "period_type": indicator.period_type, "precision": indicator.precision,
        "display_order": indicator.display_order, "is_active": "on",
        "thresholds-TOTAL_FORMS": 0, "thresholds-INITIAL_FORMS": 0, **changes,
    }  # fmt: skip
    return client.post(reverse("admin:indicators_indicator_change", args=[indicator.pk]), fields)


def test_the_code_of_an_indicator_with_figures_cannot_change(analyst):
    ad7 = Indicator.objects.get(code="AD7")
    Figure.objects.create(indicator=ad7, month=date(2024, 12, 1), value=400)
    message = errors(change_indicator(analyst, ad7, code="AD77"))
    assert (
        "The code cannot change once figures are held for this indicator: extracts and the "
        "catalogue know it as AD7." in message
    )
    assert Indicator.objects.filter(code="AD7").exists()


def test_the_code_of_an_indicator_without_figures_can_change(analyst):
    ad7 = Indicator.objects.get(code="AD7")
    assert change_indicator(analyst, ad7, code="AD77").status_code == 302


ADMINISTRATION = [
    "admin:auth_user_changelist",
    "admin:auth_user_add",
    "admin:auth_group_changelist",
    "admin:auditlog_logentry_changelist",
]


@pytest.mark.parametrize("page", ADMINISTRATION)
def test_an_analyst_cannot_reach_users_roles_or_the_audit_log(analyst, page):
    assert analyst.get(reverse(page)).status_code == 403


def test_an_analyst_cannot_delete_an_indicator(analyst):
    ad7 = Indicator.objects.get(code="AD7")
    url = reverse("admin:indicators_indicator_delete", args=[ad7.pk])
    assert analyst.post(url, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:indicators_indicator_changelist")
    analyst.post(
        changelist, {"action": "delete_selected", "_selected_action": [ad7.pk], "post": "yes"}
    )
    assert Indicator.objects.filter(pk=ad7.pk).exists()


@pytest.mark.parametrize("role", [roles.PANEL_MEMBER, roles.OFFICER, roles.CLERK])
def test_other_roles_are_sent_to_sign_in_from_the_admin(client_as, catalogue, role):
    response = client_as(role).get(reverse("admin:indicators_threshold_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_an_administrator_deleting_an_indicator_with_figures_is_told_why_not(client, catalogue):
    ad7 = Indicator.objects.get(code="AD7")
    Figure.objects.create(indicator=ad7, month=date(2024, 12, 1), value=400)
    client.force_login(User.objects.create_superuser("root", password="a-long-admin-password"))
    response = client.post(
        reverse("admin:indicators_indicator_delete", args=[ad7.pk]), {"post": "yes"}
    )
    assert (
        "would require deleting the following protected related objects"
        in response.content.decode()
    )
    assert Indicator.objects.filter(pk=ad7.pk).exists()
