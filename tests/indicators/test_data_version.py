"""The data version: the database renews its token on every change to what scorecards show."""

from datetime import date

import pytest
from django.db import connection, transaction

from indicators.models import (
    Benchmark,
    Commentary,
    DataVersion,
    Figure,
    Indicator,
    NeighbourFigure,
    Threshold,
)
from indicators.versioning import install_version_triggers
from indicators.writing import delete_figures, upsert_figures

DEC = date(2024, 12, 1)
pytestmark = pytest.mark.usefixtures("catalogue")


def cla9():
    return Indicator.objects.get(code="CLA9")


def add_figure():
    return Figure.objects.create(indicator=cla9(), month=DEC, value=77, is_percentage=True)


def key_of(figure):
    return (figure.indicator_id, figure.month, figure.breakdown, figure.category)


def add_benchmark():
    return Benchmark.objects.create(indicator=cla9(), source="neighbours", year=2023, value=80)


CHANGES = {
    "an indicator renamed": lambda: Indicator.objects.filter(code="CLA9").update(name="Renamed"),
    "an indicator added": lambda: Indicator.objects.create(
        code="NEW1",
        name="New",
        service_area="Area",
        unit="count",
        polarity="neutral",
        period_type="snapshot",
        precision=0,
    ),
    "a threshold moved": lambda: Threshold.objects.filter(indicator__code="CLA9").update(
        green_at=95
    ),
    "a threshold deleted": lambda: Threshold.objects.filter(indicator__code="CLA9").delete(),
    "a benchmark added": add_benchmark,
    "a neighbour's figure added": lambda: NeighbourFigure.objects.create(
        benchmark=add_benchmark(), neighbour="Ashbury", value=81
    ),
    "a figure added": add_figure,
    "a figure changed": lambda: Figure.objects.filter(pk=add_figure().pk).update(value=80),
    "a figure deleted": lambda: add_figure().delete(),
    "figures written in bulk": lambda: upsert_figures(
        [(cla9().id, DEC, "", "", 81, None, None, "ok", "", "", True)]
    ),
    "figures deleted in bulk": lambda: delete_figures([key_of(add_figure())]),
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_each_change_to_what_scorecards_show_renews_the_token(change):
    before = DataVersion.current()
    change()
    assert DataVersion.current() not in (None, before)


def test_commentary_leaves_the_token_alone_because_rows_are_kept_by_commentary_id():
    before = DataVersion.current()
    Commentary.objects.create(indicator=cla9(), month=DEC, text="Why it fell.")
    assert DataVersion.current() == before


def test_a_change_rolled_back_leaves_the_earlier_token():
    before = DataVersion.current()
    with transaction.atomic():
        add_figure()
        assert DataVersion.current() != before
        transaction.set_rollback(True)
    assert DataVersion.current() == before


def test_every_change_gets_a_token_never_seen_before():
    tokens = set()
    for month in range(1, 13):
        Figure.objects.create(indicator=cla9(), month=date(2024, month, 1), value=month)
        tokens.add(DataVersion.current())
    assert len(tokens) == 12


def test_installing_the_triggers_again_after_a_migrate_keeps_one_working_set():
    install_version_triggers()
    install_version_triggers()
    assert version_triggers() == (5 if connection.vendor == "postgresql" else 15)
    before = DataVersion.current()
    add_figure()
    assert DataVersion.current() != before


def version_triggers():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname LIKE '%renews_version'")
        else:
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                "AND name LIKE '%renews_version'"
            )
        return cursor.fetchone()[0]


def test_figures_deleted_in_bulk_are_exactly_those_named():
    kept = Figure.objects.create(indicator=cla9(), month=date(2024, 11, 1), value=70)
    leaving = [add_figure(), Figure.objects.create(indicator=cla9(), month=DEC, breakdown="Team",
                                                   category="Eastfield", value=60)]  # fmt: skip
    delete_figures([key_of(figure) for figure in leaving])
    assert list(Figure.objects.all()) == [kept]
