"""The comparison: django-import-export 4.x importing the same extract into the same table.

Set up as a Django developer would for a large import, following the package's own advice:
natural-key import ids (indicator by code, month, breakdown, category), bulk mode in batches
of 1,000, and no per-row diff. It reads the .xlsx with its own XLSX format (openpyxl through
tablib). Import only after `django.setup()`.
"""

from datetime import date, datetime

from import_export import fields, resources, widgets
from import_export.formats.base_formats import XLSX

from indicators.choices import Status, Unit
from indicators.models import Figure, Indicator

BATCH_SIZE = 1000


class MonthWidget(widgets.Widget):
    """'2024-12' (or a date in the month) -> date(2024, 12, 1)."""

    def clean(self, value, row=None, **kwargs):
        if value is None or value == "":
            return None
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            return value.replace(day=1)
        year, month = str(value).strip()[:7].split("-")
        return date(int(year), int(month), 1)


class StatusWidget(widgets.CharWidget):
    """A blank status cell means the figure is ok, as in our own importer."""

    def clean(self, value, row=None, **kwargs):
        return (super().clean(value, row, **kwargs) or Status.OK).strip().lower()


class FigureResource(resources.ModelResource):
    indicator = fields.Field(
        attribute="indicator",
        column_name="indicator",
        widget=widgets.ForeignKeyWidget(Indicator, field="code"),
    )
    month = fields.Field(attribute="month", column_name="period", widget=MonthWidget())
    status = fields.Field(attribute="status", column_name="status", widget=StatusWidget())
    # A TextField gets no blank-as-empty widget by default, and the column is NOT NULL.
    commentary = fields.Field(
        attribute="commentary", column_name="commentary", widget=widgets.CharWidget()
    )

    class Meta:
        model = Figure
        fields = (
            "indicator",
            "month",
            "breakdown",
            "category",
            "value",
            "numerator",
            "denominator",
            "status",
            "commentary",
        )
        import_id_fields = ("indicator", "month", "breakdown", "category")
        use_bulk = True
        batch_size = BATCH_SIZE
        skip_diff = True

    def before_save_instance(self, instance, row, **kwargs):
        # The database holds percentage figures to whole counts; it needs to know which they are.
        instance.is_percentage = instance.indicator.unit == Unit.PERCENT


def import_file(path):
    """Read the workbook with django-import-export's XLSX format and import it; the Result."""
    dataset = XLSX().create_dataset(path.read_bytes())
    return FigureResource().import_data(dataset, dry_run=False, raise_errors=False)


def first_problem(result):
    """The first error or invalid row in a Result, in one line, or ''."""
    for error in result.base_errors:
        return f"{error.error!r}"
    for _number, errors in result.row_errors():
        return f"{errors[0].error!r}"
    for invalid in result.invalid_rows:
        return f"row {invalid.number}: {invalid.error_dict}"
    return ""
