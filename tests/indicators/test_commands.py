"""import_extract and export_extract as a user runs them: exit codes, messages, no tracebacks."""

import csv
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from indicators import roles
from indicators.exports import quote_for_import
from indicators.models import Figure, Upload
from tests.workbooks import long_workbook, text_only_workbook

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def demo(catalogue, settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", until="2024-12")


def manage(*args, database):
    env = {**os.environ, "DATABASE_URL": database, "SECRET_KEY": "test-only", "DEBUG": ""}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


@pytest.fixture(scope="module")
def sqlite_database(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "cli.sqlite3"
    url = f"sqlite:///{path}"
    for command in (["migrate", "-v0"], ["load_catalogue"]):
        assert manage(*command, database=url).returncode == 0
    return url


def test_a_good_file_imports_with_a_summary_and_exit_0(sqlite_database, tmp_path):
    path = tmp_path / "good.xlsx"
    path.write_bytes(long_workbook(("CLA9", "2024-12", 77, 154, 200)))
    result = manage("import_extract", str(path), database=sqlite_database)
    assert result.returncode == 0, result.stderr
    assert "Created 1, changed 0, unchanged 0 figures. Recorded as upload" in result.stdout


def test_a_bad_file_exits_1_naming_every_error_and_its_cell(sqlite_database, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(long_workbook(("CLA9", "2024-12", "lots"), ("CLA99", "2024-12", 5)))
    result = manage("import_extract", str(path), database=sqlite_database)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "C2" in result.stderr and "'lots'" in result.stderr
    assert "CLA99" in result.stderr and "A3" in result.stderr
    assert "nothing was written" in result.stderr


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.4 not a workbook", b"PK\x03\x04 truncated", b"\xd0\xcf\x11\xe0" + b"\0" * 600],
)
def test_hostile_files_are_refused_in_one_line_without_a_traceback(
    sqlite_database, tmp_path, content
):
    path = tmp_path / "extract.xlsx"
    path.write_bytes(content)
    result = manage("import_extract", str(path), database=sqlite_database)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout


def test_bad_usage_exits_2(sqlite_database, tmp_path):
    assert manage("import_extract", database=sqlite_database).returncode == 2
    path = tmp_path / "good.xlsx"
    path.write_bytes(long_workbook(("CLA9", "2024-12", 77, 154, 200)))
    result = manage("import_extract", str(path), "--user", "nobody", database=sqlite_database)
    assert result.returncode == 2 and "No user named 'nobody'" in result.stderr
    result = manage("export_extract", "--output", "x.pdf", database=sqlite_database)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    for month in ("2024-13", "99999999999999999999-01"):
        result = manage(
            "export_extract", "--output", "x.csv", "--from", month, database=sqlite_database
        )
        assert result.returncode == 2 and "YYYY-MM" in result.stderr
        assert "Traceback" not in result.stderr


def test_a_missing_file_is_refused(sqlite_database):
    result = manage("import_extract", "/no/such/file.xlsx", database=sqlite_database)
    assert result.returncode == 1 and "File not found" in result.stderr


def test_a_folder_given_for_the_file_is_refused_saying_it_is_a_folder(sqlite_database, tmp_path):
    result = manage("import_extract", str(tmp_path), database=sqlite_database)
    assert result.returncode == 1
    assert f"{tmp_path} is a folder: give the extract file inside it." in result.stderr


def test_a_dry_run_writes_nothing(catalogue, tmp_path, capsys, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    path = tmp_path / "good.xlsx"
    path.write_bytes(long_workbook(("CLA9", "2024-12", 77, 154, 200)))
    call_command("import_extract", str(path), dry_run=True)
    assert "Would create 1" in capsys.readouterr().out
    assert not Figure.objects.exists() and not Upload.objects.exists()


def test_the_largest_figure_an_import_takes_is_read_back_on_every_page(
    catalogue, tmp_path, settings, client_as
):
    settings.MEDIA_ROOT = tmp_path / "media"
    path = tmp_path / "large.xlsx"
    path.write_bytes(long_workbook(("CLA1", "2024-12", "999999999998.999999")))
    call_command("import_extract", str(path))
    panel = client_as(roles.PANEL_MEMBER)
    for url in ("/scorecard/?scope=all", "/indicators/CLA1/", "/scorecard/scorecard.xlsx"):
        assert panel.get(url).status_code == 200, url


def test_export_then_import_of_the_same_xlsx_changes_nothing(demo, tmp_path, capsys):
    path = tmp_path / "all.xlsx"
    call_command("export_extract", output=str(path))
    call_command("import_extract", str(path))
    upload = Upload.objects.newest_first().first()
    assert upload.changed_count == 0 and upload.created_count == 0
    assert upload.unchanged_count == Figure.objects.count() > 2000


def test_export_then_import_of_the_same_csv_changes_nothing(demo, tmp_path):
    path = tmp_path / "all.csv"
    call_command("export_extract", output=str(path), first="2024-01", last="2024-03")
    call_command("import_extract", str(path))
    upload = Upload.objects.newest_first().first()
    assert (upload.created_count, upload.changed_count) == (0, 0)
    assert (
        upload.unchanged_count
        == Figure.objects.filter(month__year=2024, month__month__lte=3).count()
    )


def test_control_characters_in_commentary_are_dropped_from_an_xlsx_export(demo, tmp_path):
    figure = Figure.objects.filter(breakdown="").first()
    Figure.objects.filter(pk=figure.pk).update(commentary="Pasted from Word:\x0bsecond line.")
    path = tmp_path / "out.xlsx"
    call_command("export_extract", output=str(path))
    commentary = [row[8].value for row in load_workbook(path).active.iter_rows(min_row=2)]
    assert "Pasted from Word:second line." in commentary


def test_export_includes_its_from_and_to_months(demo, tmp_path):
    path = tmp_path / "q.csv"
    call_command("export_extract", output=str(path), first="2024-02", last="2024-03")
    with path.open(encoding="utf-8") as handle:
        periods = {row["period"] for row in csv.DictReader(handle)}
    assert periods == {"2024-02", "2024-03"}


def test_formula_like_text_stays_text_through_export_and_import(catalogue, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    header = ["indicator", "period", "value", "commentary"]
    payloads = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "'+1", "''x", "'plain"]
    as_written = [quote_for_import(p) for p in payloads]  # "'+1" is written "''+1"
    rows = [("CLA9", f"2024-{m:02d}", 80, text) for m, text in enumerate(as_written, start=1)]
    source = tmp_path / "in.xlsx"
    source.write_bytes(text_only_workbook([header, *rows]))
    call_command("import_extract", str(source))
    stored = sorted(Figure.objects.values_list("commentary", flat=True))
    assert stored == sorted(payloads)

    csv_path, xlsx_path = tmp_path / "out.csv", tmp_path / "out.xlsx"
    call_command("export_extract", output=str(csv_path))
    call_command("export_extract", output=str(xlsx_path))
    assert all(
        f"'{p}" in csv_path.read_text(encoding="utf-8") for p in ["=HYPERLINK", "+1+1", "@SUM"]
    )
    sheet = load_workbook(xlsx_path).active
    cells = [row[8] for row in sheet.iter_rows(min_row=2)]
    assert all(c.data_type == "s" for c in cells)
    assert sorted(c.value for c in cells) == sorted(as_written)

    for path in (csv_path, xlsx_path):
        call_command("import_extract", str(path))
        assert Upload.objects.newest_first().first().changed_count == 0
    assert sorted(Figure.objects.values_list("commentary", flat=True)) == sorted(payloads)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_percentages_under_one_per_cent_come_back_from_an_export_unchanged(
    catalogue, tmp_path, settings, suffix
):
    settings.MEDIA_ROOT = tmp_path / "media"
    source = tmp_path / "in.xlsx"
    source.write_bytes(
        long_workbook(("CLA9", "2024-11", "0.5%", 1, 200), ("CLA9", "2024-12", "0.123456%"))
    )
    call_command("import_extract", str(source))
    path = tmp_path / f"out{suffix}"
    call_command("export_extract", output=str(path))
    call_command("import_extract", str(path))
    assert Upload.objects.newest_first().first().changed_count == 0
    assert sorted(Figure.objects.values_list("value", flat=True)) == [
        Decimal("0.123456"),
        Decimal("0.5"),
    ]
