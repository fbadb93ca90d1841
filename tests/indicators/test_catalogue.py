import csv
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.urls import reverse

from indicators import roles
from indicators.catalogue import BENCHMARKS_CSV, install_catalogue
from indicators.choices import BenchmarkSource, Polarity, Unit
from indicators.models import Benchmark, Indicator, Threshold


def test_the_catalogue_installs_all_38_indicators_with_their_default_thresholds(catalogue):
    assert Indicator.objects.count() == 38
    cla9 = Indicator.objects.get(code="CLA9")
    assert (cla9.unit, cla9.polarity, cla9.precision, cla9.is_headline) == (
        Unit.PERCENT,
        Polarity.HIGHER,
        1,
        True,
    )
    threshold = cla9.thresholds.get()
    assert threshold.effective_from == date(2020, 4, 1)
    assert (threshold.green_at, threshold.red_at, threshold.target) == (95, 90, 95)
    assert not Indicator.objects.get(code="CLA1").thresholds.exists()


def test_england_benchmarks_are_installed_by_year(catalogue):
    assert Benchmark.objects.filter(source=BenchmarkSource.ENGLAND).count() == 58
    h7 = Benchmark.objects.get(indicator__code="H7", year=2025)
    assert h7.value == Decimal("14.9")


def test_a_benchmark_off_the_usual_timetable_is_installed_with_the_month_it_came_out(catalogue):
    workforce = Benchmark.objects.get(indicator__code="WF1", year=2024)
    assert workforce.published_on == date(2025, 2, 1)
    assert Benchmark.objects.get(indicator__code="CLA2", year=2024).published_on is None
    assert not Benchmark.objects.published_by(date(2025, 1, 1)).filter(pk=workforce.pk).exists()
    assert Benchmark.objects.published_by(date(2025, 2, 1)).filter(pk=workforce.pk).exists()


def test_a_publication_month_that_is_not_a_month_is_refused_with_its_line(db, tmp_path):
    bad = tmp_path / "bench.csv"
    bad.write_text("code,source,year,value,published,note\nCLA2,England,2024,5,Feb 2025,\n")
    with pytest.raises(CommandError, match="line 2: published 'Feb 2025' is not a month"):
        call_command("load_catalogue", benchmarks=str(bad))
    assert not Indicator.objects.exists()


def test_a_benchmark_not_for_a_year_to_march_is_installed_with_the_month_its_period_ends(
    catalogue,
):
    workforce = Benchmark.objects.get(indicator__code="WF1", year=2024)
    assert workforce.period_end == workforce.period_end_month == date(2024, 9, 1)
    assert Benchmark.objects.get(indicator__code="ED5", year=2022).period_end == date(2022, 12, 1)
    cla2 = Benchmark.objects.get(indicator__code="CLA2", year=2024)
    assert cla2.period_end is None and cla2.period_end_month == date(2024, 3, 1)


@pytest.mark.parametrize("period_end", ["2025-09", "Sept 2024", "2024-13"])
def test_a_period_end_that_is_not_a_month_of_its_year_is_refused_with_its_line(
    db, tmp_path, period_end
):
    bad = tmp_path / "bench.csv"
    bad.write_text(f"code,source,year,value,period_end\nWF1,England,2024,5,{period_end}\n")
    with pytest.raises(
        CommandError, match=f"line 2: period_end '{period_end}' is not a month of 2024"
    ):
        call_command("load_catalogue", benchmarks=str(bad))
    assert not Indicator.objects.exists()


@pytest.mark.parametrize("published", ["", "2024-09", "2024-09-15"])
def test_a_period_end_without_a_later_publication_month_is_refused_with_its_line(
    db, tmp_path, published
):
    bad = tmp_path / "bench.csv"
    bad.write_text(
        f"code,source,year,value,published,period_end\nWF1,England,2024,5,{published},2024-09\n"
    )
    with pytest.raises(
        CommandError, match="line 2: a figure for a period ending in September 2024 needs"
    ):
        call_command("load_catalogue", benchmarks=str(bad))
    assert not Indicator.objects.exists()


@pytest.mark.parametrize(
    "wrong",
    [
        {"period_end": date(2025, 9, 1)},
        {"period_end": date(2024, 9, 30)},
        {"published_on": None},
        {"published_on": date(2024, 9, 1)},
    ],
)
def test_the_database_refuses_a_period_end_outside_its_year_or_before_it_was_published(
    catalogue, wrong
):
    workforce = Benchmark.objects.filter(indicator__code="WF1", year=2024)
    assert workforce.get().period_end == date(2024, 9, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        workforce.update(**wrong)


def test_loading_twice_changes_nothing_and_updates_definitions_in_place(catalogue):
    cla9 = Indicator.objects.get(code="CLA9")
    cla9.definition = "An old wording"
    cla9.precision = 2
    cla9.is_headline, cla9.is_active, cla9.display_order = False, False, 99
    cla9.service_area = "Our own grouping"
    cla9.save()
    Threshold.objects.filter(indicator=cla9).update(green_at=96)
    report = install_catalogue()
    cla9.refresh_from_db()
    assert (report.created, report.updated, report.thresholds_added) == (0, 38, 0)
    assert cla9.definition.startswith("Percentage of children looked after")
    assert cla9.precision == 2, "an analyst's precision survives a reload"
    assert (cla9.is_headline, cla9.is_active, cla9.display_order) == (False, False, 99)
    assert cla9.service_area == "Our own grouping"
    assert cla9.thresholds.get().green_at == 96, "an analyst's thresholds survive a reload"
    assert Indicator.objects.count() == 38
    assert Benchmark.objects.count() == 58


def change_in_the_admin(client, benchmark, **changes):
    fields = {
        "indicator": benchmark.indicator_id, "source": benchmark.source, "year": benchmark.year,
        "value": benchmark.value, "published_on": benchmark.published_on or "",
        "period_end": benchmark.period_end or "", "note": benchmark.note,
        "neighbours-TOTAL_FORMS": 0, "neighbours-INITIAL_FORMS": 0,
    }  # fmt: skip
    url = reverse("admin:indicators_benchmark_change", args=[benchmark.pk])
    assert client.post(url, {**fields, **changes}).status_code == 302


def with_revision(tmp_path, code, year, value):
    """The catalogue's benchmarks file as a later release might ship it, one figure revised."""
    revised = tmp_path / f"benchmarks-{value}.csv"
    with BENCHMARKS_CSV.open(newline="") as filed:
        rows = list(csv.DictReader(filed))
    next(r for r in rows if (r["code"], r["year"]) == (code, str(year)))["value"] = str(value)
    with revised.open("w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=rows[0].keys())
        writer.writeheader()
        writer.writerows(rows)
    return str(revised)


@pytest.fixture
def cla2_2025(catalogue):
    return Benchmark.objects.get(indicator__code="CLA2", source="england", year=2025)


def test_a_benchmark_corrected_in_the_admin_survives_a_reload_and_is_named(
    cla2_2025, client_as, capsys
):
    filed = cla2_2025.value
    analyst = client_as(roles.ANALYST)
    change_in_the_admin(analyst, cla2_2025, value="99", note="DfE revision")
    corrections = reverse("admin:indicators_benchmark_changelist") + "?corrected__exact=1"
    listed = analyst.get(corrections).content.decode()
    assert reverse("admin:indicators_benchmark_change", args=[cla2_2025.pk]) in listed
    assert "1 benchmark" in listed

    call_command("load_catalogue")

    cla2_2025.refresh_from_db()
    assert (cla2_2025.value, cla2_2025.note) == (Decimal("99"), "DfE revision")
    out = capsys.readouterr().out
    assert "England benchmarks: 0 added, 0 updated from the file." in out
    assert "1 corrected in the admin differs from the file and was kept (CLA2 2025)" in out
    assert "--overwrite-benchmarks" in out

    call_command("load_catalogue", overwrite_benchmarks=True)

    cla2_2025.refresh_from_db()
    assert (cla2_2025.value, cla2_2025.note, cla2_2025.corrected) == (filed, "", False)
    out = capsys.readouterr().out
    assert "0 updated from the file, 1 correction made in the admin replaced." in out


def test_after_the_files_figure_is_taken_a_later_revision_updates_it(
    cla2_2025, client_as, tmp_path
):
    change_in_the_admin(client_as(roles.ANALYST), cla2_2025, value="99")
    install_catalogue(overwrite_benchmarks=True)
    report = install_catalogue(benchmarks_csv=with_revision(tmp_path, "CLA2", 2025, 68))
    cla2_2025.refresh_from_db()
    assert (report.benchmarks_updated, cla2_2025.value) == (1, 68)


def test_once_the_file_agrees_with_a_correction_its_next_revision_updates_it(
    cla2_2025, client_as, tmp_path
):
    change_in_the_admin(client_as(roles.ANALYST), cla2_2025, value="68")
    install_catalogue(benchmarks_csv=with_revision(tmp_path, "CLA2", 2025, 68))
    report = install_catalogue(benchmarks_csv=with_revision(tmp_path, "CLA2", 2025, 67))
    cla2_2025.refresh_from_db()
    assert (report.benchmarks_updated, report.corrections_kept, cla2_2025.value) == (1, [], 67)


def test_saving_a_benchmark_in_the_admin_without_changing_its_figure_is_no_correction(
    cla2_2025, client_as, tmp_path
):
    change_in_the_admin(client_as(roles.ANALYST), cla2_2025)
    cla2_2025.refresh_from_db()
    assert not cla2_2025.corrected
    install_catalogue(benchmarks_csv=with_revision(tmp_path, "CLA2", 2025, 68))
    cla2_2025.refresh_from_db()
    assert cla2_2025.value == 68


def test_a_benchmark_added_in_the_admin_is_the_councils_and_kept(catalogue, client_as, tmp_path):
    fields = {
        "indicator": Indicator.objects.get(code="CLA2").pk, "source": "england", "year": "2026",
        "value": "66", "published_on": "", "period_end": "", "note": "",
        "neighbours-TOTAL_FORMS": 0, "neighbours-INITIAL_FORMS": 0,
    }  # fmt: skip
    analyst = client_as(roles.ANALYST)
    assert analyst.post(reverse("admin:indicators_benchmark_add"), fields).status_code == 302
    later = tmp_path / "later.csv"
    later.write_text("code,source,year,value,note\nCLA2,England,2026,65,\n")
    report = install_catalogue(benchmarks_csv=later)
    assert report.corrections_kept == ["CLA2 2026"]
    assert Benchmark.objects.get(indicator__code="CLA2", year=2026).value == 66


def test_a_revision_in_a_later_file_updates_a_benchmark_nobody_corrected(catalogue, tmp_path):
    report = install_catalogue(benchmarks_csv=with_revision(tmp_path, "CLA2", 2024, 68))
    assert (report.benchmarks_updated, report.corrections_kept) == (1, [])
    assert Benchmark.objects.get(indicator__code="CLA2", year=2024).value == 68


def test_a_benchmark_missing_from_those_held_is_added_on_reload(catalogue):
    Benchmark.objects.filter(indicator__code="H7", source="england", year=2025).delete()
    report = install_catalogue()
    assert (report.benchmarks_added, report.corrections_kept) == (1, [])
    assert Benchmark.objects.get(indicator__code="H7", year=2025).value == Decimal("14.9")


def test_the_command_reports_what_it_installed(db, capsys):
    call_command("load_catalogue")
    assert "38 indicators (38 new, 0 updated)" in capsys.readouterr().out
    call_command("load_catalogue")
    assert "England benchmarks: 0 added, 0 updated from the file." in capsys.readouterr().out


def test_a_missing_catalogue_file_is_refused_with_its_path(db, tmp_path):
    with pytest.raises(CommandError, match="not found"):
        call_command("load_catalogue", catalogue=str(tmp_path / "nope.csv"))


def test_a_benchmark_for_an_unknown_code_is_refused_and_nothing_is_written(db, tmp_path):
    bad = tmp_path / "bench.csv"
    bad.write_text("code,source,year,value,note\nZZ9,England,2024,5,\n")
    with pytest.raises(CommandError, match="line 2: unknown indicator code 'ZZ9'"):
        call_command("load_catalogue", benchmarks=str(bad))
    assert not Indicator.objects.exists()


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (
            "code,source,year,value\nCLA2,England,1850,69\n",
            "line 2: the year 1850 is not from 1990",
        ),
        ("code,source,year,value\nCLA2,England,2024,NaN\n", "value 'NaN' is not a figure from"),
        ("code,source,year,value\nCLA2,England,2024,1e30\n", "value '1e30' is not a figure from"),
        ("indicator,year,value\nCLA2,2024,69\n", "has no column named code"),
        ("code,source,year,value\nCLA2,England\n", "line 2: the year '' is not a year"),
        ("code,source,year,value\nCLA2,England,20x4,69\n", "line 2: the year '20x4' is not"),
        ("code,source,year,value\nCLA2,England,2024,69\nCLA2,England,2024,70\n",
         "line 3: CLA2 2024 is given on line 2 too"),
    ],
)  # fmt: skip
def test_a_benchmarks_file_no_figure_could_come_from_is_refused_in_words(
    db, tmp_path, lines, message
):
    bad = tmp_path / "bench.csv"
    bad.write_text(lines)
    with pytest.raises(CommandError, match=message):
        call_command("load_catalogue", benchmarks=str(bad))
    assert not Indicator.objects.exists(), "nothing is written"


def test_a_folder_or_a_file_not_in_utf8_is_refused_in_words(db, tmp_path):
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("load_catalogue", benchmarks=str(tmp_path))
    latin = tmp_path / "bench.csv"
    latin.write_bytes("code,source,year,value,note\nCLA2,England,2024,69,Café\n".encode("cp1252"))
    with pytest.raises(CommandError, match="is not text in UTF-8"):
        call_command("load_catalogue", benchmarks=str(latin))
