from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html, format_html_join

from .models import Benchmark, Indicator, NeighbourFigure, Threshold


class ThresholdFormSet(BaseInlineFormSet):
    def get_unique_error_message(self, unique_check):
        return (
            "Two sets of thresholds take effect from the same month. Give each set its own "
            "month, or remove one."
        )


class ThresholdInline(admin.TabularInline):
    model = Threshold
    formset = ThresholdFormSet
    extra = 0


class SuggestingTextInput(forms.TextInput):
    """A text box that offers `suggestions` as the browser's own list (a <datalist>)."""

    def __init__(self, suggestions, list_id, attrs=None):
        super().__init__({**(attrs or {}), "list": list_id})
        self.suggestions, self.list_id = suggestions, list_id

    def render(self, name, value, attrs=None, renderer=None):
        box = super().render(name, value, attrs, renderer)
        options = format_html_join("", '<option value="{}">', ((s,) for s in self.suggestions))
        return box + format_html('<datalist id="{}">{}</datalist>', self.list_id, options)


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "service_area", "unit", "polarity", "is_headline", "is_active"]
    list_filter = ["service_area", "is_headline", "is_active", "unit", "polarity"]
    search_fields = ["code", "name", "definition"]
    inlines = [ThresholdInline]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # The scorecard groups rows by service area as typed: offering the areas already in use
        # keeps "Children in care" from becoming a second group as "Children in Care".
        if db_field.name == "service_area":
            areas = Indicator.objects.order_by("service_area").values_list(
                "service_area", flat=True
            )
            kwargs["widget"] = SuggestingTextInput(
                list(areas.distinct()), "service-areas", attrs={"class": "vTextField"}
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Threshold)
class ThresholdAdmin(admin.ModelAdmin):
    list_display = ["indicator", "effective_from", "green_at", "red_at", "target"]
    list_filter = ["effective_from"]
    search_fields = ["indicator__code", "indicator__name"]
    autocomplete_fields = ["indicator"]


def same_name(text):
    """Names that differ only in capitals or spacing ("Barnet", "barnet ") name one place."""
    return " ".join(text.split()).casefold()


class NeighbourFigureFormSet(BaseInlineFormSet):
    def get_unique_error_message(self, unique_check):
        return "A neighbour is listed twice. Give each neighbour's figure once."

    def clean(self):
        super().clean()
        names = {}
        for form in self.forms:
            name = form.cleaned_data.get("neighbour") if form.cleaned_data else None
            if name and not form.cleaned_data.get("DELETE"):
                names.setdefault(same_name(name), []).append(name)
        for spellings in names.values():
            if len(spellings) > 1:
                raise ValidationError(
                    f"{spellings[0]} is listed twice (as {' and '.join(map(repr, spellings))}). "
                    "Give each neighbour's figure once."
                )


class NeighbourFigureInline(admin.TabularInline):
    model = NeighbourFigure
    formset = NeighbourFigureFormSet
    extra = 0


@admin.register(Benchmark)
class BenchmarkAdmin(admin.ModelAdmin):
    list_display = ["indicator", "source", "year", "period_end", "value", "published_on",
                    "corrected", "is_demo"]  # fmt: skip
    list_filter = ["source", "year", "corrected", "is_demo"]
    search_fields = ["indicator__code", "indicator__name", "note"]
    autocomplete_fields = ["indicator"]
    inlines = [NeighbourFigureInline]

    def save_model(self, request, obj, form, change):
        """A figure given here is the council's, which load_catalogue then keeps."""
        if not change or set(form.changed_data) & set(Benchmark.PUBLISHED_FIELDS):
            obj.corrected = True
        super().save_model(request, obj, form, change)
