"""Sparklines: inline SVG with an accessible name, and a line that breaks where it should."""

import re

from indicators.models import Indicator
from scorecard.sparklines import sparkline_svg

POLYLINE = re.compile(r'<polyline points="([^"]*)"')
CARE_PLANS = Indicator(code="CLA9", unit="percent", precision=1)


def runs(svg):
    """The points of each polyline, as counts."""
    return [len(points.split()) for points in POLYLINE.findall(str(svg))]


def test_a_sparkline_is_one_line_named_by_its_first_and_last_figures():
    svg = str(sparkline_svg([80, 85, 90], "CLA9 over 3 months", CARE_PLANS))
    assert runs(svg) == [3]
    assert 'role="img" aria-label="Trend of CLA9 over 3 months: from 80.0% to 90.0%"' in svg


def test_a_month_without_a_figure_breaks_the_line():
    assert runs(sparkline_svg([80, 85, None, 90, 95], "CLA9", CARE_PLANS)) == [2, 2]


def test_the_line_breaks_before_each_restart():
    svg = sparkline_svg([17, 18, 19, 2, 4, 5], "F2", CARE_PLANS, restarts={3})
    assert runs(svg) == [3, 3]


def test_a_restart_after_a_gap_makes_no_empty_line():
    assert runs(sparkline_svg([17, 18, None, 2, 4], "F2", CARE_PLANS, restarts={3})) == [2, 2]


def test_fewer_than_two_figures_say_so_instead_of_drawing():
    assert "Not enough figures for a trend" in sparkline_svg([None, 80], "CLA9", CARE_PLANS)
