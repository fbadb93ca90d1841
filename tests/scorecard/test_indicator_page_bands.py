"""The trend chart's RAG bands fill the chart from its floor to its ceiling in every month, so no
part of it is left unshaded where a figure there would be rated."""

from itertools import groupby

import pytest
from django.contrib.auth.models import User

from indicators.models import Figure
from indicators.periods import add_months


@pytest.fixture
def panel(demo, db, client):
    client.force_login(User.objects.get(username="panel"))
    return client


def bands_by_period(client, code, month):
    chart = client.get(f"/indicators/{code}/?month={month}").context["page"].trend_chart()
    bands = chart["bands"]
    floor, ceiling = min(b["y0"] for b in bands), max(b["y1"] for b in bands)
    periods = [list(run) for _, run in groupby(bands, key=lambda b: b["x0"])]
    return floor, ceiling, periods


@pytest.mark.parametrize("code", ["F2", "CLA9", "CT1", "CLA17"])
def test_every_months_bands_reach_from_the_charts_floor_to_its_ceiling(panel, code):
    first = Figure.objects.headline().filter(indicator__code=code).order_by("month").first()
    for month in (add_months(first.month, n) for n in range(4)):  # the first months held
        floor, ceiling, periods = bands_by_period(panel, code, f"{month:%Y-%m}")
        for period in periods:
            assert min(b["y0"] for b in period) == floor, (month, period)
            assert max(b["y1"] for b in period) == ceiling, (month, period)
