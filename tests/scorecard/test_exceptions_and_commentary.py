"""The exception report, and commentary: who may write it, its history, markup that never runs."""

import re
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators import rules
from indicators.choices import Rag
from indicators.commentary import write_commentary
from indicators.models import Commentary, Figure, Indicator, Threshold

DECEMBER = date(2024, 12, 1)
COMMENTARY_URL = "/scorecard/commentary/AD7/2024-12/"
XSS = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
XSS_ESCAPED = (
    "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
)


def amber_and_red(month):
    codes = set()
    for indicator in Indicator.objects.active():
        figure = Figure.objects.headline().filter(indicator=indicator, month=month).first()
        in_force = indicator.thresholds_for(
            [t.as_rule() for t in indicator.thresholds.all()], month
        )
        rag = rules.rate(
            figure and figure.value, indicator.polarity, in_force,
            figure.status if figure else "ok",
        )  # fmt: skip
        if rag.rating in (Rag.AMBER, Rag.RED):
            codes.add(indicator.code)
    return codes


def test_the_exception_report_lists_every_amber_and_red_indicator_headline_or_not(log_in):
    html = log_in("panel").get("/scorecard/exceptions/?month=2024-12").content.decode()
    listed = set(re.findall(r'<article class="exception" aria-labelledby="exception-(\w+)"', html))
    assert listed == amber_and_red(DECEMBER)
    assert not Indicator.objects.get(code="CLA13").is_headline and "CLA13" in listed


def test_an_exception_shows_its_commentary_and_one_without_is_flagged(log_in):
    html = log_in("panel").get("/scorecard/exceptions/?month=2024-12").content.decode()
    articles = dict(re.findall(r'aria-labelledby="exception-(\w+)">(.*?)</article>', html, re.S))
    assert "What happened: care plans up to date fell" in articles["CLA9"]
    assert "Olu Adeyemi" in articles["CLA9"]
    assert "No commentary yet" not in articles["CLA9"]
    assert "No commentary yet" in articles["AD7"]


def test_the_exception_report_keeps_capitals_in_month_names(log_in):
    html = log_in("panel").get("/scorecard/exceptions/?month=2024-12").content.decode()
    assert "since December 2023" in html and "since december" not in html


@pytest.mark.parametrize(
    ("month", "code", "words"),
    [
        ("2024-04", "H4", "unavailable, Dental data not received from the integrated care board"),
        ("2024-07", "ED1", "unreliable, Start-of-term PEP data incomplete"),
    ],
)
def test_unusable_figures_are_listed_with_their_reasons_and_need_commentary(
    log_in, month, code, words
):
    figure = Figure.objects.headline().get(indicator__code=code, month=f"{month}-01")
    figure.status_reason += "."  # a reason written as a sentence is not given a second stop
    figure.save()
    html = log_in("panel").get(f"/scorecard/exceptions/?month={month}").content.decode()
    unusable = html[html.index('id="unusable-heading"') :]
    link = rf"<li><a href=\"/indicators/{code}/\?month={month}\">"
    item = re.search(rf"{link}.*?</li>", unusable).group(0)
    assert words in item and ".." not in item and "Commentary needed" in item


def test_an_unusable_figures_name_and_reason_keep_their_direction_to_themselves(log_in):
    figure = Figure.objects.headline().get(indicator__code="H4", month="2024-04-01")
    figure.status_reason = "data \u202enot received"
    figure.save()
    html = log_in("panel").get("/scorecard/exceptions/?month=2024-04").content.decode()
    assert "<bdi>unavailable, data \u202enot received</bdi>." in html


def test_only_officers_are_offered_a_link_to_write_commentary(log_in):
    link = 'href="/scorecard/commentary/AD7/2024-12/"'
    assert link in log_in("officer").get("/scorecard/exceptions/").content.decode()
    assert link not in log_in("panel").get("/scorecard/exceptions/").content.decode()


def test_anonymous_people_posting_commentary_are_sent_to_log_in(log_in):
    response = log_in(None).post(COMMENTARY_URL, {"text": "Sneaky."})
    assert response.status_code == 302 and response.url.startswith("/login/")
    assert not Commentary.objects.filter(text="Sneaky.").exists()


@pytest.mark.parametrize("username", ["panel", "analyst", "clerk"])
def test_other_roles_may_not_post_commentary(log_in, username):
    response = log_in(username).post(COMMENTARY_URL, {"text": "Not mine to write."})
    assert response.status_code == 403
    assert not Commentary.objects.filter(text="Not mine to write.").exists()


def test_an_officer_posts_commentary_and_returns_to_the_indicator(log_in):
    response = log_in("officer").post(COMMENTARY_URL, {"text": "Two adoptions were delayed."})
    assert response.status_code == 302
    assert response.url == "/indicators/AD7/?month=2024-12"  # the message at the top, in view
    saved = Commentary.objects.current().get(indicator__code="AD7", month=DECEMBER)
    assert saved.text == "Two adoptions were delayed." and saved.written_by.username == "officer"


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_commentary_refuses_other_methods(log_in, method):
    response = getattr(log_in("officer"), method)(COMMENTARY_URL, "text=Nope")
    assert response.status_code == 405
    assert not Commentary.objects.filter(indicator__code="AD7", month=DECEMBER).exists()


def test_the_commentary_page_answers_head_as_it_answers_get(log_in):
    assert log_in("officer").head(COMMENTARY_URL).status_code == 200


def test_blank_commentary_is_refused_with_a_message(log_in):
    response = log_in("officer").post(COMMENTARY_URL, {"text": "   "})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert not Commentary.objects.filter(indicator__code="AD7", month=DECEMBER).exists()


def test_blank_commentary_marks_the_box_invalid_and_points_it_at_the_message(log_in):
    page = log_in("officer").post(COMMENTARY_URL, {"text": ""}).content.decode()
    box = re.search(r'<textarea [^>]*id="id_text"[^>]*>', page).group()
    assert 'aria-invalid="true"' in box and 'aria-describedby="text-hint text-error"' in box
    assert 'id="text-error"' in page


def test_the_commentary_box_is_not_marked_invalid_before_anything_is_sent(log_in):
    page = log_in("officer").get(COMMENTARY_URL).content.decode()
    assert "aria-invalid" not in page
    # An empty box is answered by the page's own error summary, not the browser's tooltip.
    assert '<form method="post" class="form" novalidate>' in page


@pytest.mark.parametrize("text", ["\u200b\u200c\u200d\u2060", "\u00ad\ufeff", "\u2800 \u3164"])
def test_commentary_of_characters_no_one_can_see_is_refused_as_blank(log_in, text):
    response = log_in("officer").post(COMMENTARY_URL, {"text": text})
    assert "Enter the commentary." in response.content.decode()
    assert not Commentary.objects.filter(indicator__code="AD7", month=DECEMBER).exists()


def test_commentary_as_long_as_the_box_allows_is_kept_though_the_browser_sends_crlf(log_in):
    # The limit counts a line break as one character, as the writer sees it; the browser sends two.
    paragraphs = "\r\n".join(["x" * 99] * 50)
    assert len(paragraphs.replace("\r\n", "\n")) == 4999

    log_in("officer").post(COMMENTARY_URL, {"text": paragraphs})

    saved = Commentary.objects.current().get(indicator__code="AD7", month=DECEMBER)
    assert saved.text == paragraphs.replace("\r\n", "\n")


def test_editing_commentary_keeps_each_earlier_version_with_who_and_when(log_in):
    officer = log_in("officer")
    officer.post(COMMENTARY_URL, {"text": "First account."})
    officer.post(COMMENTARY_URL, {"text": "Second account."})
    versions = list(
        Commentary.objects.filter(indicator__code="AD7", month=DECEMBER).order_by("written_at")
    )
    assert [(v.text, v.is_current) for v in versions] == [
        ("First account.", False),
        ("Second account.", True),
    ]
    assert all(v.written_by.username == "officer" and v.written_at for v in versions)


def test_panel_members_read_the_commentary_history_but_get_no_form(log_in):
    officer = User.objects.get(username="officer")
    indicator = Indicator.objects.get(code="AD7")
    write_commentary(indicator, DECEMBER, "Earlier words.", officer)
    write_commentary(indicator, DECEMBER, "Later words.", officer)
    html = log_in("panel").get(COMMENTARY_URL).content.decode()
    assert html.index("Later words.") < html.index("Earlier words.")
    assert html.count("Olu Adeyemi") == 2 and html.count("(current)") == 1
    assert '<textarea name="text"' not in html


def test_a_long_commentary_history_comes_in_pages_of_twenty_newest_first(log_in):
    officer = User.objects.get(username="officer")
    indicator = Indicator.objects.get(code="AD7")
    Commentary.objects.filter(indicator=indicator, month=DECEMBER).delete()
    for number in range(1, 26):
        write_commentary(indicator, DECEMBER, f"Account number {number}.", officer)
    panel = log_in("panel")
    first = panel.get(COMMENTARY_URL).content.decode()
    assert first.count('<blockquote class="commentary">') == 20
    assert "Account number 25." in first and "Account number 5." not in first
    assert "Versions 1 to 20 of 25, newest first." in first and '?page=2" rel="next"' in first
    second = panel.get(COMMENTARY_URL + "?page=2").content.decode()
    assert [int(n) for n in re.findall(r"Account number (\d+)\.", second)] == [5, 4, 3, 2, 1]
    assert panel.get(COMMENTARY_URL + "?page=abc").content.decode().count("(current)") == 1


def test_the_commentary_history_takes_the_same_queries_for_5_or_25_versions(log_in):
    officer = User.objects.get(username="officer")
    indicator = Indicator.objects.get(code="AD7")
    panel = log_in("panel")
    counts = []
    for versions in (5, 20):
        for number in range(versions):
            write_commentary(indicator, DECEMBER, f"Account {versions}.{number}.", officer)
        with CaptureQueriesContext(connection) as queries:
            assert panel.get(COMMENTARY_URL).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize(
    "url",
    [
        "/scorecard/?month=2024-12",
        "/scorecard/exceptions/?month=2024-12",
        "/scorecard/print/?month=2024-12",
        "/indicators/CLA9/?month=2024-12",
        "/scorecard/commentary/CLA9/2024-12/",
    ],
)
def test_markup_in_commentary_is_shown_escaped_and_never_runs(log_in, url):
    officer = log_in("officer")
    officer.post("/scorecard/commentary/CLA9/2024-12/", {"text": XSS})
    html = officer.get(url).content.decode()
    assert XSS_ESCAPED in html
    assert "<script>alert(" not in html and "<img src=x" not in html


@pytest.mark.parametrize(
    "url",
    [
        "/scorecard/commentary/NOPE/2024-12/",
        "/scorecard/commentary/%00/2024-12/",
        "/scorecard/commentary/CLA9/2024-13/",
        "/scorecard/commentary/CLA9/1900-01/",
        "/scorecard/commentary/CLA9/abc/",
        "/scorecard/commentary/CLA9/99999-01/",
    ],
)
def test_commentary_for_an_unknown_indicator_or_month_is_not_found(log_in, url):
    officer = log_in("officer")
    assert officer.get(url).status_code == 404
    assert officer.post(url, {"text": "Lost."}).status_code == 404
    assert not Commentary.objects.filter(text="Lost.").exists()


def test_an_exception_with_thresholds_but_no_target_names_no_target(log_in):
    Threshold.objects.filter(indicator__code="CLA9").update(target=None)
    html = log_in("panel").get("/scorecard/exceptions/?month=2024-12").content.decode()
    article = re.search(r'<article[^>]*aria-labelledby="exception-CLA9">.*?</article>', html, re.S)
    assert "Red</span>\n 77.0% (154 of 200). Worsening since November 2024." in article[0]
    assert "target" not in article[0].split("<blockquote")[0]
