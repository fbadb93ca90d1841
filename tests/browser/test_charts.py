"""The indicator page's charts in a real browser: fixed as drawn, edges that can be seen, and
names from uploads shown as typed."""

import itertools
import re
from datetime import date

import pytest
from playwright.sync_api import expect

from indicators import roles
from indicators.models import Figure

from .conftest import ARTEFACTS

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LINK = '<a href="https://example.com">x</a>'
DECEMBER = date(2024, 12, 1)


def luminance(rgb):
    """WCAG's relative luminance of "rgb(r, g, b)"."""
    channels = [int(c) / 255 for c in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_with_white(rgb):
    return 1.05 / (luminance(rgb) + 0.05)


def drawn(page, selector):
    chart = page.locator(selector)
    expect(chart).to_have_attribute("data-drawn", "true")
    return chart


def drag_across(page, chart):
    chart.scroll_into_view_if_needed()
    box = chart.locator(".nsewdrag").first.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.3, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.6, y + 20, steps=5)
    page.mouse.up()


@pytest.fixture
def awkward_breakdown(demo):
    """CLA9's December teams: one named with a link, one resting on fewer than 10 children."""
    teams = Figure.objects.filter(indicator__code="CLA9", month=DECEMBER, breakdown="team")
    teams.filter(category="Eastfield").update(category=LINK)
    teams.filter(category="Westbrook").update(numerator=5, denominator=6)


@pytest.mark.parametrize("selector", ["#trend-chart", "#chart-team"])
def test_dragging_across_a_chart_leaves_its_axes_as_drawn(demo, page_as, selector):
    page = page_as(roles.PANEL_MEMBER)
    page.goto("/indicators/CLA9/?month=2024-12")
    chart = drawn(page, selector)
    ranges = "c => [c._fullLayout.xaxis.range, c._fullLayout.yaxis.range]"
    before = chart.evaluate(ranges)

    drag_across(page, chart)

    assert chart.evaluate(ranges) == before


def test_clicking_the_legend_hides_no_line(demo, page_as):
    page = page_as(roles.PANEL_MEMBER)
    page.goto("/indicators/CLA9/?month=2024-12")
    chart = drawn(page, "#trend-chart")

    chart.locator(".legend .traces").first.click()
    chart.locator(".legend .traces").nth(1).dblclick()

    visible = chart.evaluate("c => c._fullData.map(t => t.visible)")
    assert len(visible) > 2 and all(v is True for v in visible), visible


def test_the_rag_bands_edges_stand_out_from_white(demo, page_as):
    page = page_as(roles.PANEL_MEMBER)
    page.goto("/indicators/CLA9/?month=2024-12")
    chart = drawn(page, "#trend-chart")

    edges = chart.locator(".shapelayer path").evaluate_all(
        "ps => ps.map(p => getComputedStyle(p)).map(s => [s.stroke, parseFloat(s.strokeWidth)])"
    )
    assert len(edges) >= 3
    for stroke, width in edges:
        assert width >= 1 and contrast_with_white(stroke) >= 3, stroke


def test_a_bar_on_fewer_than_10_children_is_hatched_labelled_and_dark_enough(
    awkward_breakdown, page_as
):
    page = page_as(roles.PANEL_MEMBER)
    page.goto("/indicators/CLA9/?month=2024-12")
    chart = drawn(page, "#chart-team")
    chart.screenshot(path=ARTEFACTS / "breakdown-small-bar.png")

    bars = chart.locator(".bars .point")
    expect(bars).to_have_count(4)
    small = bars.nth(3)  # Westbrook, the last team
    assert small.locator("text").text_content() == "fewer than 10"
    assert small.locator("path").evaluate("p => p.style.fill").startswith("url(")
    colour = chart.evaluate("c => c._fullData[0].marker.color[3]")
    assert colour == "#505a5f" and contrast_with_white("rgb(80, 90, 95)") >= 3
    assert not bars.nth(1).text_content()


def test_a_category_named_with_a_link_shows_as_typed_not_as_a_link(awkward_breakdown, page_as):
    page = page_as(roles.PANEL_MEMBER)
    page.goto("/indicators/CLA9/?month=2024-12")
    chart = drawn(page, "#chart-team")

    expect(chart.locator("svg a")).to_have_count(0)
    expect(chart.locator(".ytick text", has_text=LINK)).to_have_count(1)
    chart.evaluate(
        "c => Plotly.Fx.hover(c, [{curveNumber: 0, pointNumber: c.data[0].hovertext.findIndex("
        "name => name.includes('example'))}])"
    )
    expect(page.locator(".hoverlayer .hovertext")).to_contain_text(LINK)
    expect(page.locator(".hoverlayer a")).to_have_count(0)


def test_a_long_team_name_is_shown_whole_beside_its_bar(demo, page_as):
    long_name = "Children in Care and Care Leavers Team (North and West Localities)"
    teams = Figure.objects.filter(indicator__code="CLA9", month=DECEMBER, breakdown="team")
    teams.filter(category="Eastfield").update(category=long_name)
    page = page_as(roles.PANEL_MEMBER)
    page.goto("/indicators/CLA9/?month=2024-12")
    chart = drawn(page, "#chart-team")

    label = chart.locator(".ytick text", has_text=long_name)
    assert label.bounding_box()["x"] >= chart.bounding_box()["x"]


def test_hover_labels_round_half_up_as_the_table_beside_the_chart_does(demo, page_as):
    """94.35 is 94.34999… in binary: plotly's own format would show 94.3%, the table 94.4%."""
    november = Figure.objects.headline().filter(indicator__code="CLA9", month=date(2024, 11, 1))
    november.update(value="94.35", numerator=None, denominator=None)
    team = Figure.objects.filter(indicator__code="CLA9", month=DECEMBER, breakdown="team")
    team.filter(category="Eastfield").update(value="1.45", numerator=None, denominator=None)
    page = page_as(roles.PANEL_MEMBER)
    page.goto("/indicators/CLA9/?month=2024-12")
    trend = drawn(page, "#trend-chart").evaluate("c => c.data[0].customdata.slice(-2)")
    assert trend == ["94.4%", "77.0%"]
    assert "<td>94.4%</td>" in page.content()
    bars = drawn(page, "#chart-team").evaluate("c => [c.data[0].hovertext, c.data[0].customdata]")
    assert dict(zip(*bars, strict=True))["Eastfield"] == "1.5%"  # plotly's would be 1.4%
    label = drawn(page, "#trend-chart").evaluate("c => c.data[0].hovertemplate")
    assert label.endswith(": %{customdata}<extra></extra>")


def test_a_narrow_miss_hovers_to_the_places_the_table_gives_it_and_no_other_month(demo, page_as):
    december = Figure.objects.headline().filter(indicator__code="CLA9", month=DECEMBER)
    december.update(value="94.96", numerator=None, denominator=None)
    page = page_as(roles.PANEL_MEMBER)
    page.goto("/indicators/CLA9/?month=2024-12")
    chart = drawn(page, "#trend-chart")
    figures = chart.evaluate("c => c.data[0].customdata.slice(-2)")
    targets = chart.evaluate("c => c.data[1].customdata.slice(-2)")
    assert (figures, targets) == (["84.0%", "94.96%"], ["95.0%", "95.00%"])


@pytest.mark.parametrize("month", ["2022-01", "2022-02", "2022-05", "2024-12"])
def test_the_trend_charts_x_axis_names_each_month_once(demo, page_as, month):
    page = page_as(roles.PANEL_MEMBER)
    page.goto(f"/indicators/F2/?month={month}")
    chart = drawn(page, "#trend-chart")

    ticks = chart.locator(".xtick text").all_text_contents()
    assert ticks and len(ticks) == len(set(ticks)), ticks


def test_on_a_phone_long_team_names_stay_on_the_chart_beside_bars_that_can_be_read(
    awkward_breakdown, page_as
):
    long_name = "Children in Care and Care Leavers Team (North and West Localities)"
    teams = Figure.objects.filter(indicator__code="CLA9", month=DECEMBER, breakdown="team")
    teams.filter(category="Northgate").update(category=long_name)
    page = page_as(roles.PANEL_MEMBER)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/indicators/CLA9/?month=2024-12")
    chart = drawn(page, "#chart-team")
    chart.screenshot(path=ARTEFACTS / "breakdown-phone.png")

    box = chart.bounding_box()
    for label in chart.locator(".ytick text").all():
        assert label.bounding_box()["x"] >= box["x"], label.text_content()
    assert chart.locator(".nsewdrag").bounding_box()["width"] >= box["width"] / 5
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_on_a_phone_two_long_names_that_start_alike_get_a_bar_each(demo, page_as):
    """At 320px both names wrap to the same three lines, ending "…"; each keeps its own row."""
    section_20 = "Accommodated under section 20 of the Children Act 1989 – "
    named = {
        section_20 + "single placement": "40.0%",
        section_20 + "series of short breaks": "80.0%",
    }
    teams = Figure.objects.filter(indicator__code="CLA9", month=DECEMBER, breakdown="team")
    for (name, value), team in zip(named.items(), ["Eastfield", "Northgate"], strict=True):
        teams.filter(category=team).update(
            category=name, value=value[:-1], numerator=None, denominator=None
        )
    page = page_as(roles.PANEL_MEMBER)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/indicators/CLA9/?month=2024-12")
    chart = drawn(page, "#chart-team")

    bars = chart.locator(".bars .point")
    expect(bars).to_have_count(4)
    boxes = [bar.bounding_box() for bar in bars.all()]
    rows = sorted((box["y"], box["y"] + box["height"]) for box in boxes)
    assert all(bottom <= top for (_, bottom), (top, _) in itertools.pairwise(rows)), rows
    expect(chart.locator(".ytick text")).to_have_count(4)
    label = page.locator(".hoverlayer .hovertext")
    hovered = []
    for bar in bars.all():
        page.mouse.move(0, 0)
        expect(label).to_have_count(0)
        bar.hover(force=True)  # plotly hovers from the drag layer over the bars
        expect(label).to_have_count(1)
        hovered.append(label.text_content())
    for name, value in named.items():
        assert f"{name}: {value}" in hovered, hovered


def test_after_the_window_narrows_a_long_team_name_is_wrapped_to_stay_on_the_chart(demo, page_as):
    name = "Children in Care Team (North and West Localities)"  # one line on a desktop
    teams = Figure.objects.filter(indicator__code="CLA9", month=DECEMBER, breakdown="team")
    teams.filter(category="Eastfield").update(category=name)
    page = page_as(roles.PANEL_MEMBER)
    page.goto("/indicators/CLA9/?month=2024-12")
    chart = drawn(page, "#chart-team")
    label = chart.locator(".ytick text", has_text="Children in Care")
    expect(label).to_have_text(name)
    expect(label.locator("tspan.line")).to_have_count(0)
    expect(chart).to_have_attribute("data-draws", "1")

    page.set_viewport_size({"width": 320, "height": 800})

    expect(chart).to_have_attribute("data-draws", "2")  # a moment after the window's last resize
    expect(label.locator("tspan.line")).to_have_count(3)
    assert label.bounding_box()["x"] >= chart.bounding_box()["x"]


def resize(page, width, height):
    """Resize the window, then run at once (on Playwright's clock) the charts' pause after a
    resize: any redraw it starts has started, and taken off data-drawn, when this returns."""
    page.evaluate("() => { window.resized = new Promise(r => addEventListener('resize', r)); }")
    page.set_viewport_size({"width": width, "height": height})
    page.evaluate("() => window.resized")  # the charts' listener, added first, has had the event
    page.clock.run_for(1000)


def test_charts_are_drawn_again_when_the_window_narrows_not_when_only_its_height_changes(
    demo, page_as
):
    page = page_as(roles.PANEL_MEMBER)
    page.clock.install()
    page.goto("/indicators/CLA9/?month=2024-12")
    charts = page.locator("[data-chart]")
    expect(charts).to_have_count(2)  # the trend and the teams
    for chart in charts.all():
        expect(chart).to_have_attribute("data-draws", "1")

    resize(page, 1280, 600)  # as a phone's address bar hides while its page is scrolled

    for chart in charts.all():
        expect(chart).to_have_attribute("data-drawn", "true")
        expect(chart).to_have_attribute("data-draws", "1")

    resize(page, 1000, 600)

    for chart in charts.all():
        expect(chart).to_have_attribute("data-draws", "2")
        expect(chart).to_have_attribute("data-drawn", "true")


def chart_with_december_provisional(page_as):
    """CLA9's trend chart, drawn with its December 2024 dip (a special cause) provisional."""
    december = Figure.objects.headline().filter(indicator__code="CLA9", month=DECEMBER)
    december.update(status="provisional", status_reason="Awaiting late recording.")
    page = page_as(roles.PANEL_MEMBER)
    page.goto("/indicators/CLA9/?month=2024-12")
    return page, drawn(page, "#trend-chart")


def test_a_provisional_figure_hovers_as_provisional_as_the_table_shows_it(demo, page_as):
    page, chart = chart_with_december_provisional(page_as)

    assert chart.evaluate("c => c.data[0].customdata.slice(-2)") == ["84.0%", "77.0% (Provisional)"]
    expect(page.locator(".table-scroll tbody tr").first).to_contain_text("(Provisional)")


def test_a_provisional_special_cause_hovers_as_provisional_as_its_figure_does(demo, page_as):
    _page, chart = chart_with_december_provisional(page_as)

    special = chart.evaluate("c => c.data.find(t => t.name === 'Special cause').customdata")
    assert special[-1] == "77.0% (Provisional)"


@pytest.mark.parametrize(
    ("code", "name"), [("CLA2", "England (year to March)"), ("WF1", "England")]
)
def test_a_benchmarks_legend_says_year_to_march_only_when_its_years_end_in_march(
    demo, page_as, code, name
):
    page = page_as(roles.PANEL_MEMBER)
    page.goto(f"/indicators/{code}/?month=2024-12")
    chart = drawn(page, "#trend-chart")
    names = chart.evaluate("c => c.data.map(t => t.name)")
    assert name in names and "Statistical neighbours" in " ".join(names), names
