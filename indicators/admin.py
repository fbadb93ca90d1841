from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

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


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "service_area", "unit", "polarity", "is_headline", "is_active"]
    list_filter = ["service_area", "is_headline", "is_active", "unit", "polarity"]
    search_fields = ["code", "name", "definition"]
    inlines = [ThresholdInline]


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
    list_display = ["indicator", "source", "year", "period_end", "value", "published_on", "is_demo"]
    list_filter = ["source", "year", "is_demo"]
    search_fields = ["indicator__code", "indicator__name", "note"]
    autocomplete_fields = ["indicator"]
    inlines = [NeighbourFigureInline]
