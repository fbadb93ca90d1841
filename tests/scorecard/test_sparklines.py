"""Sparklines: inline SVG with an accessible name, and a line that breaks where it should."""

import re
from datetime import date

from indicators.models import Indicator
from indicators.periods import add_months
from scorecard.sparklines import sparkline_svg

POLYLINE = re.compile(r'<polyline points="([^"]*)"')
CARE_PLANS = Indicator(code="CLA9", unit="percent", precision=1)


def months(count, last=date(2025, 3, 1)):
    return [add_months(last, offset) for offset in range(1 - count, 1)]


def runs(svg):
    """The points of each polyline, as counts."""
    return [len(points.split()) for points in POLYLINE.findall(str(svg))]


def test_a_sparkline_is_one_line_named_by_its_first_and_last_figures():
    svg = str(sparkline_svg([80, 85, 90], months(3), "CLA9 over 3 months", CARE_PLANS))
    assert runs(svg) == [3]
    assert 'role="img" aria-label="Trend of CLA9 over 3 months: from 80.0% to 90.0%"' in svg


def test_a_dip_or_a_peak_between_the_ends_is_in_the_name_with_its_month():
    svg = str(sparkline_svg([89.6, 77, 95, 92.3], months(4), "CLA9", CARE_PLANS))
    assert (
        'aria-label="Trend of CLA9: from 89.6% to 92.3%, lowest 77.0% in January 2025, '
        'highest 95.0% in February 2025"'
    ) in svg


def test_a_dip_too_small_to_show_is_not_named():
    svg = str(sparkline_svg([89.6, 89.58, 92.3, 92.31], months(4), "CLA9", CARE_PLANS))
    assert 'aria-label="Trend of CLA9: from 89.6% to 92.3%"' in svg


def test_a_month_without_a_figure_breaks_the_line():
    assert runs(sparkline_svg([80, 85, None, 90, 95], months(5), "CLA9", CARE_PLANS)) == [2, 2]


def test_the_line_breaks_before_each_restart():
    svg = sparkline_svg([17, 18, 19, 2, 4, 5], months(6), "F2", CARE_PLANS, restarts={3})
    assert runs(svg) == [3, 3]


def test_a_restart_after_a_gap_makes_no_empty_line():
    svg = sparkline_svg([17, 18, None, 2, 4], months(5), "F2", CARE_PLANS, restarts={3})
    assert runs(svg) == [2, 2]


def test_fewer_than_two_figures_say_so_instead_of_drawing():
    svg = sparkline_svg([None, 80], months(2), "CLA9", CARE_PLANS)
    assert "Not enough figures for a trend" in svg
