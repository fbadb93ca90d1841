"""The panel pack: its running header, its columns, and exceptions that cover every indicator."""

import re

import pytest
from django.contrib.auth.models import User
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from scorecard.templatetags.css import css_string

CSS_ESCAPE = re.compile(r"\\([0-9a-f]{1,6}) ")
RUNNING_HEADER = re.compile(r"<style>@page \{ @top-left \{ content: (.*?); \} \}</style>")


@pytest.fixture
def panel(demo, db, client):
    client.force_login(User.objects.get(username="panel"))
    return client


def read_css_string(written):
    """The text a browser reads from a CSS string written by css_string."""
    assert written.startswith('"') and written.endswith('"')
    return CSS_ESCAPE.sub(lambda match: chr(int(match[1], 16)), written[1:-1])


def test_css_string_writes_quotes_backslashes_newlines_and_angle_brackets_as_escapes():
    written = css_string('A "B" & C\'s\\\n</style>')
    assert written == '"A \\22 B\\22  \\26  C\\27 s\\5c \\a \\3c /style\\3e "'


def test_css_string_ends_each_escape_so_a_following_digit_stays_a_digit():
    assert read_css_string(css_string('"1')) == '"1'


@given(st.text())
def test_css_string_gives_back_any_text_and_nothing_can_break_out(text):
    written = css_string(text)
    assert read_css_string(written) == text
    inside = written[1:-1]
    assert not re.search(r"[\"'<>\n\r\f\x00]", inside)
    assert not re.search(r"\\(?![0-9a-f]{1,6} )", inside)


def test_a_panel_name_that_closes_the_style_element_stays_inside_it():
    template = Template("{% load css %}<style>b { content: {{ name|css_string }}; }</style>")
    html = template.render(Context({"name": "</style><script>alert(1)</script>"}))
    assert html.count("</style>") == 1 and "<script>" not in html


def test_the_pack_writes_its_running_header_from_the_panels_name_and_the_month(panel, settings):
    settings.PANEL_NAME = 'The "Panel"'
    html = panel.get("/scorecard/print/?month=2024-12").content.decode()
    assert RUNNING_HEADER.search(html)[1] == '"The \\22 Panel\\22 " " · " "December 2024"'


def test_the_packs_content_security_policy_lets_its_running_header_style_through(panel):
    policy = panel.get("/scorecard/print/?month=2024-12")["Content-Security-Policy"]
    style_src = next(d for d in policy.split(";") if d.strip().startswith("style-src"))
    assert "'unsafe-inline'" in style_src.split()
