"""The trend chart's RAG band names ("Green", "Amber", "Red") in a real browser: they name the
latest bands and never cover a figure, a line or each other, however thin a band is."""

from datetime import date

import pytest
from playwright.sync_api import expect

from indicators import roles
from indicators.models import Figure, Threshold

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DECEMBER = date(2024, 12, 1)

BOXES = """c => {
  const box = e => { const r = e.getBoundingClientRect();
                     return {x: r.x, y: r.y, w: r.width, h: r.height}; };
  const plot = c.querySelector('.nsewdrag');
  return {
    names: [...c.querySelectorAll('.annotation-text')].map(t => ({text: t.textContent, ...box(t)})),
    marks: [...c.querySelectorAll('.scatterlayer .point, .scatterlayer .js-line')].map(box),
    plot: box(plot),
  };
}"""


def overlap(a, b):
    return (
        a["x"] < b["x"] + b["w"]
        and b["x"] < a["x"] + a["w"]
        and a["y"] < b["y"] + b["h"]
        and b["y"] < a["y"] + a["h"]
    )


def band_names(page, code, width=1280):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/indicators/{code}/?month=2024-12")
    chart = page.locator("#trend-chart")
    expect(chart).to_have_attribute("data-drawn", "true")
    return chart.evaluate(BOXES)


def thin_amber(code, green, red):
    """The latest thresholds of `code` with an amber band a hair wide, and December inside it."""
    latest = Threshold.objects.filter(indicator__code=code).order_by("-effective_from").first()
    Threshold.objects.filter(pk=latest.pk).update(green_at=green, red_at=red)
    figure = Figure.objects.headline().filter(indicator__code=code, month=DECEMBER)
    figure.update(value=(green + red) / 2, numerator=None, denominator=None)


@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize(
    ("code", "green", "red"),
    [("CLA9", 95.0, 94.9), ("CLA17", 15.0, 15.1), ("H3", 95.0, 90.0), ("CL7", 25.0, 25.05)],
)
def test_band_names_cover_no_figure_and_no_other_name(demo, page_as, code, green, red, width):
    thin_amber(code, green, red)
    found = band_names(page_as(roles.PANEL_MEMBER), code, width)

    names = found["names"]
    assert sorted(n["text"] for n in names) == ["Amber", "Green", "Red"]
    for i, name in enumerate(names):
        assert not [n["text"] for n in names[i + 1 :] if overlap(name, n)], name
    points = [m for m in found["marks"] if m["w"] < 20]  # markers, not whole lines
    assert points and not [p for p in points if any(overlap(n, p) for n in names)]
    # Beside the plot area, so no line drawn across it runs through a name either.
    assert all(n["x"] >= found["plot"]["x"] + found["plot"]["w"] for n in names)


def test_band_names_keep_the_order_of_the_bands_they_name(demo, page_as):
    thin_amber("CLA17", 15.0, 15.1)  # lower is better: green at the bottom
    names = band_names(page_as(roles.PANEL_MEMBER), "CLA17")["names"]

    top_down = [n["text"] for n in sorted(names, key=lambda n: n["y"])]
    assert top_down == ["Red", "Amber", "Green"]


def test_after_the_window_narrows_the_chart_fits_and_its_band_names_still_cover_nothing(
    demo, page_as
):
    thin_amber("CLA9", 95.0, 94.9)
    page = page_as(roles.PANEL_MEMBER)
    band_names(page, "CLA9")

    chart = page.locator("#trend-chart")
    expect(chart).to_have_attribute("data-draws", "1")

    page.set_viewport_size({"width": 320, "height": 900})
    # Drawn again a moment after the window's last resize, its band names placed again with it.
    expect(chart).to_have_attribute("data-draws", "2")
    found = chart.evaluate(BOXES)

    names = found["names"]
    assert not [
        (a["text"], b["text"]) for a in names for b in names if a is not b and overlap(a, b)
    ]
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
