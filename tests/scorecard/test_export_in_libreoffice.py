"""The scorecard's Excel export opened in LibreOffice Calc (Debian's, headless): the figures show
in their units' formats with the units' words, each row says its month, the RAG cells keep their
fills, formula-like text stays text, and an unavailable figure says why.

Calc saves the workbook as HTML, which gives each cell's text as displayed and its fill."""

import re
import subprocess
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from indicators.models import Figure, Indicator
from scorecard.exports import RAG_FILLS

SOFFICE = Path("/usr/bin/soffice")
FORMULA = '=HYPERLINK("http://evil")'
DENTAL = "Dental data not received from the integrated care board in time."


class CellReader(HTMLParser):
    """Each sheet's rows, as lists of (text shown, fill) pairs."""

    def __init__(self):
        super().__init__()
        self.sheets, self.cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.sheets.append([])
        elif tag == "tr":
            self.sheets[-1].append([])
        elif tag == "td":
            self.cell = ["", dict(attrs).get("bgcolor", "").lstrip("#").upper()]

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[0] += data

    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None:
            self.sheets[-1][-1].append((self.cell[0].strip(), self.cell[1]))
            self.cell = None


@pytest.fixture
def opened_in_calc(demo, db, client, tmp_path):
    """The export for December 2024 as LibreOffice Calc shows it: code -> {column: cell}."""
    if not SOFFICE.exists():
        pytest.fail(f"LibreOffice is not installed at {SOFFICE}: run scripts/ensure-test-programs")
    client.force_login(User.objects.get(username="panel"))
    Indicator.objects.filter(code="CLA9").update(name=FORMULA)
    december = Figure.objects.filter(month=date(2024, 12, 1), breakdown="")
    december.filter(indicator__code="H4").update(
        value=None, numerator=None, denominator=None, status="unavailable", status_reason=DENTAL
    )
    december.filter(indicator__code="AD4").update(value="1.4")  # days, as "1 day"
    workbook = tmp_path / "scorecard.xlsx"
    workbook.write_bytes(client.get("/scorecard/scorecard.xlsx?month=2024-12&scope=all").content)
    subprocess.run(
        [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={tmp_path.as_uri()}/lo",
         "--convert-to", "html", "--outdir", tmp_path, workbook],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    reader = CellReader()
    reader.feed((tmp_path / "scorecard.html").read_text())
    header, *rows = reader.sheets[0]
    names = [text for text, _ in header]
    return {row[names.index("Code")][0]: dict(zip(names, row, strict=True)) for row in rows}


def test_calc_shows_each_figure_in_its_units_format(opened_in_calc):
    assert opened_in_calc["CLA9"]["Figure"][0] == "77.0%"
    assert opened_in_calc["CLA9"]["Target"][0].endswith("%")
    assert opened_in_calc["CLA1"]["Figure"][0].replace(",", "").isdigit()


@pytest.mark.parametrize(
    ("code", "shown"),
    [
        ("AD7", r"\d{1,3}(,\d{3})* days"),
        ("AD4", r"1 day"),
        ("CT1", r"\d+\.\d weeks"),
        ("CLA7", r"\d+\.\d per 10,000"),
    ],
)
def test_calc_shows_each_figure_with_its_units_words_as_the_pages_do(opened_in_calc, code, shown):
    row = opened_in_calc[code]
    assert re.fullmatch(shown, row["Figure"][0]), row["Figure"]
    assert re.fullmatch(shown.replace("1 day", r"\d+ days?"), row["Previous month"][0])


def test_calc_shows_the_month_and_the_open_actions_on_every_row(opened_in_calc):
    assert {row["Month"][0] for row in opened_in_calc.values()} == {"December 2024"}
    assert all(row["Open actions now"][0].isdigit() for row in opened_in_calc.values())


def test_calc_keeps_the_rag_fills_beside_the_rating_in_words(opened_in_calc):
    for code, word in (("CLA9", "Red"), ("AD7", "Amber"), ("CLA1", "No rating")):
        text, fill = opened_in_calc[code]["RAG"]
        assert text == word
        assert fill == RAG_FILLS.get(word.lower(), "")


def test_calc_shows_formula_like_text_as_text(opened_in_calc):
    assert opened_in_calc["CLA9"]["Indicator"][0] == FORMULA


def test_calc_shows_why_a_figure_is_unavailable(opened_in_calc):
    h4 = opened_in_calc["H4"]
    assert (h4["Figure"][0], h4["Status"][0], h4["Status reason"][0]) == ("", "Unavailable", DENTAL)
    assert h4["RAG"] == ("No rating", "")
