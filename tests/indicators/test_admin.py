"""The catalogue in the admin: what an analyst is told when a value breaks a rule."""

import re

import pytest
from django.urls import reverse

from indicators import roles
from indicators.models import Indicator

pytestmark = pytest.mark.django_db


def add_indicator(client, **changes):
    fields = {
        "code": "ZZ1", "name": "A new measure", "service_area": "Children in care",
        "unit": "percent", "polarity": "higher", "period_type": "snapshot", "precision": 1,
        "display_order": 0, "is_active": "on", "thresholds-TOTAL_FORMS": 0,
        "thresholds-INITIAL_FORMS": 0, "benchmarks-TOTAL_FORMS": 0,
        "benchmarks-INITIAL_FORMS": 0,
    }  # fmt: skip
    fields.update(changes)
    return client.post(reverse("admin:indicators_indicator_add"), fields).content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"code": "zz 1"}, "The code must be capital letters and digits, starting with a letter"),
        ({"precision": 9}, "Show at most 4 decimal places."),
    ],
)
def test_a_rule_broken_in_the_admin_is_explained_in_words(client_as, changes, message):
    html = add_indicator(client_as(roles.ANALYST), **changes)
    assert message in html and "is violated" not in html
    assert not Indicator.objects.filter(name="A new measure").exists()


def test_the_same_form_with_nothing_wrong_adds_the_indicator(client_as):
    add_indicator(client_as(roles.ANALYST))
    assert Indicator.objects.filter(code="ZZ1", name="A new measure").exists()


def test_the_service_area_box_suggests_the_areas_already_in_use(client_as, catalogue):
    html = client_as(roles.ANALYST).get(reverse("admin:indicators_indicator_add")).content.decode()
    box = re.search(r'<input type="text" name="service_area"[^>]*>', html)[0]
    assert 'list="service-areas"' in box
    datalist = re.search(r'<datalist id="service-areas">(.*?)</datalist>', html, re.S)[1]
    areas = sorted(set(Indicator.objects.values_list("service_area", flat=True)))
    assert re.findall(r'<option value="([^"]*)">', datalist) == areas and len(areas) > 3
