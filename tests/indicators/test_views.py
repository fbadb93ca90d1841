import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from indicators import roles
from indicators.models import Figure, Indicator


@pytest.fixture
def panel(client_as, catalogue):
    return client_as(roles.PANEL_MEMBER)


def test_the_catalogue_lists_every_active_indicator(panel):
    response = panel.get(reverse("indicators:catalogue"))
    assert response.status_code == 200
    assert len(re.findall(r'href="/indicators/[A-Z0-9]+/"', response.content.decode())) == 38
    assert "38 indicators" in response.content.decode()


def test_a_catalogue_of_more_than_100_indicators_comes_in_pages_and_counts_them_all(panel):
    Indicator.objects.bulk_create(
        Indicator(code=f"X{n}", name=f"Local indicator {n}", service_area="Local", unit="count",
                  polarity="neutral", period_type="snapshot", precision=0)
        for n in range(70)
    )  # fmt: skip
    first = panel.get(reverse("indicators:catalogue")).content.decode()
    second = panel.get(reverse("indicators:catalogue"), {"page": 2}).content.decode()
    codes = [re.findall(r'href="/indicators/([A-Z0-9]+)/"', page) for page in (first, second)]
    assert (len(codes[0]), len(codes[1])) == (100, 8)
    assert not set(codes[0]) & set(codes[1])
    assert "108 indicators" in first and "108 indicators" in second
    assert 'rel="next">Next page</a>' in first and 'aria-label="Page 2"' in first


def test_the_catalogue_filters_by_service_area_and_headline(panel):
    response = panel.get(
        reverse("indicators:catalogue"), {"service_area": "Fostering", "scope": "headline"}
    )
    page = response.content.decode()
    assert 'href="/indicators/F4/"' in page
    assert 'href="/indicators/F1/"' not in page, "F1 is not a headline indicator"
    assert 'href="/indicators/CLA9/"' not in page


def test_the_catalogue_sorts_by_a_column(panel):
    page = panel.get(reverse("indicators:catalogue"), {"sort": "-code"}).content.decode()
    assert page.index("/indicators/WF2/") < page.index("/indicators/AD1/")


def test_an_unknown_filter_value_shows_everything_rather_than_failing(panel):
    response = panel.get(reverse("indicators:catalogue"), {"service_area": "<nope>", "sort": "zz"})
    assert response.status_code == 200


def test_inactive_indicators_leave_the_catalogue(panel):
    Indicator.objects.filter(code="F1").update(is_active=False)
    assert (
        'href="/indicators/F1/"' not in panel.get(reverse("indicators:catalogue")).content.decode()
    )


def test_the_indicator_page_shows_definition_thresholds_benchmarks_and_figures(panel):
    cla14 = Indicator.objects.get(code="CLA14")
    Figure.objects.create(
        indicator=cla14, month=date(2024, 11, 1), value=Decimal("12.5"), numerator=50,
        denominator=400, is_percentage=True,
    )  # fmt: skip
    Figure.objects.create(
        indicator=cla14, month=date(2024, 12, 1), value=Decimal("9.0"), numerator=36,
        denominator=400, is_percentage=True,
    )  # fmt: skip
    page = panel.get(reverse("indicator", args=["cla14"])).content.decode()
    assert "Percentage of children looked after at month end who had three or more" in page
    assert "Lower is better" in page
    assert "April 2020" in page and "10.0%" in page and "12.0%" in page
    assert "England" in page and "11.0%" in page  # 2024 benchmark
    assert page.index("December 2024") < page.index("November 2024"), "latest first"
    assert "9.0% (36 of 400)" in page and ">Green<" in page
    assert "12.5% (50 of 400)" in page and ">Red<" in page


def test_an_unknown_indicator_code_is_not_found(panel):
    assert panel.get(reverse("indicator", args=["NOPE1"])).status_code == 404
    assert panel.get("/indicators/%3Cscript%3E/").status_code == 404


def test_markup_in_a_definition_is_shown_as_text(panel):
    Indicator.objects.filter(code="CLA9").update(definition="<script>alert(1)</script>")
    page = panel.get(reverse("indicator", args=["CLA9"])).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_home_page_offers_catalogue_management_to_analysts_only(client_as, catalogue):
    assert "Manage the catalogue" in client_as(roles.ANALYST).get("/").content.decode()
    assert "Manage the catalogue" not in client_as(roles.OFFICER).get("/").content.decode()


def test_logging_in_with_a_wrong_password_says_so(client, users):
    response = client.post(reverse("login"), {"username": "panel", "password": "wrong"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_logging_in_and_out(client, users):
    response = client.post(
        reverse("login"), {"username": "panel", "password": "a-long-test-password"}
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    client.post(reverse("logout"))
    assert client.get("/").status_code == 302


def test_healthz_reports_the_database(client, db):
    response = client.get(reverse("healthz"))
    assert response.json() == {"database": "ok"}


SCORECARD, EXCEPTIONS = "Scorecard for December 2024", "Amber and red indicators"
MEETINGS, UPLOADS = "Meetings, minutes and the action log", "Upload the month's figures"
MINE = "your actions"


@pytest.mark.parametrize(
    ("role", "offered", "not_offered"),
    [
        (roles.PANEL_MEMBER, [SCORECARD, EXCEPTIONS, MEETINGS], [UPLOADS, MINE]),
        (roles.ANALYST, [SCORECARD, UPLOADS], [MINE]),
        (roles.OFFICER, [EXCEPTIONS, MINE], [UPLOADS]),
        (roles.CLERK, [MEETINGS], [MINE, UPLOADS]),
    ],
)
def test_the_home_page_leads_each_role_to_its_work(
    client_as, catalogue, role, offered, not_offered
):
    Figure.objects.create(indicator=Indicator.objects.get(code="CLA1"), month=date(2024, 12, 1),
                          value=431)  # fmt: skip
    main = client_as(role).get("/").content.decode().split("<main", 1)[1]
    links = re.findall(r"<a [^>]*>([^<]*)</a>", main)
    assert all(name in links for name in offered), links
    assert not any(name in links for name in not_offered), links
