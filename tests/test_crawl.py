"""Every page a user can reach, as each role: none may fail. Then crafted and hostile input."""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth.models import User

HREF = re.compile(r'href="([^"#]+)')
SKIP = ("/logout/", "/static/", "/admin/")
LIMIT = 400


def shape(url):
    """/indicators/CLA9/?month=2024-11 and ?month=2024-12 are the same page for a crawler."""
    parts = urlsplit(url)
    keys = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair})
    return parts.path, tuple(keys)


def crawl(client, start="/"):
    seen, queue, statuses = set(), [start], {}
    while queue and len(seen) < LIMIT:
        url = queue.pop(0)
        if shape(url) in seen:
            continue
        seen.add(shape(url))
        response = client.get(url)
        statuses[url] = response.status_code
        if "text/html" in response.get("Content-Type", "") and response.status_code == 200:
            for href in HREF.findall(response.content.decode()):
                link = urljoin(url, href.replace("&amp;", "&"))
                parts = urlsplit(link)
                if parts.netloc or link.startswith(SKIP) or shape(link) in seen:
                    continue
                queue.append(link)
    return statuses


@pytest.mark.parametrize("username", ["panel", "analyst", "officer", "clerk"])
def test_no_page_reachable_from_home_fails_for_any_role(demo, db, client, username):
    client.force_login(User.objects.get(username=username))
    statuses = crawl(client)
    failures = {url: status for url, status in statuses.items() if status >= 500}
    assert not failures
    assert len(statuses) > 40, "the crawl should reach the scorecard, indicators and meetings"
    assert all(status in (200, 302, 403, 404) for status in statuses.values()), statuses


CRAFTED = [
    "/scorecard/?month=2024-13", "/scorecard/?month=abc", "/scorecard/?month=-1",
    "/scorecard/?month=99999999999999999999-01", "/scorecard/?scope=%00",
    "/indicators/NOPE/", "/indicators/%00/", "/indicators/CLA9/?month=1900-01",
    "/indicators/uploads/99999999999999999999/", "/indicators/uploads/0/",
    "/indicators/uploads/-1/", "/meetings/99999999999999999999/", "/meetings/-5/",
    "/meetings/actions/99999999999999999999/", "/meetings/items/99999999999999999999/minutes/",
    "/meetings/actions/?show=nonsense&committee=999999&owner=abc",
    "/meetings/actions/?committee=99999999999999999999",
    "/scorecard/commentary/CLA9/9999-99/", "/scorecard/commentary/%3Cscript%3E/2024-12/",
    "/indicators/?service_area=%3Cscript%3E&sort=-nonsense",
]  # fmt: skip


@pytest.mark.parametrize("url", CRAFTED)
def test_crafted_urls_get_a_404_or_a_page_never_a_500(demo, db, client, url):
    client.force_login(User.objects.get(username="analyst"))
    assert client.get(url).status_code in (200, 403, 404)


PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_markup_in_every_free_text_field_is_shown_as_text(demo, db, client):
    from indicators.commentary import write_commentary
    from indicators.models import Indicator, Upload
    from meetings.models import Action, AgendaItem
    from meetings.workflows import add_update

    officer = User.objects.get(username="officer")
    cla9 = Indicator.objects.get(code="CLA9")
    Indicator.objects.filter(pk=cla9.pk).update(name=f"Care plans {PAYLOAD}", definition=PAYLOAD)
    write_commentary(cla9, cla9.figures.latest("month").month, PAYLOAD, officer)
    item = AgendaItem.objects.filter(minutes__contains="ACTION").first()
    AgendaItem.objects.filter(pk=item.pk).update(
        minutes=f"Minutes {PAYLOAD}\n\n[link](javascript:alert(1))"
    )
    action = Action.objects.open().first()
    Action.objects.filter(pk=action.pk).update(description=PAYLOAD)
    add_update(action, officer, PAYLOAD)
    Upload.objects.create(file_name=f"{PAYLOAD}.xlsx")

    client.force_login(User.objects.get(username="analyst"))
    pages = [
        "/scorecard/?month=2024-12", "/scorecard/exceptions/?month=2024-12",
        "/scorecard/print/?month=2024-12", "/indicators/", "/indicators/CLA9/?month=2024-12",
        f"/scorecard/commentary/CLA9/{cla9.figures.latest('month').month:%Y-%m}/",
        item.meeting.get_absolute_url(), f"/meetings/{item.meeting.pk}/pack/",
        "/meetings/actions/", action.get_absolute_url(), "/indicators/uploads/",
        Upload.objects.newest_first().first().get_absolute_url(),
    ]  # fmt: skip
    for url in pages:
        html = client.get(url).content.decode()
        assert "<script>alert" not in html, url
        assert "<img src=x" not in html, url
        assert 'href="javascript:' not in html, url
