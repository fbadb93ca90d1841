from django.contrib import admin

from .models import Benchmark, Indicator, NeighbourFigure, Threshold


class ThresholdInline(admin.TabularInline):
    model = Threshold
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


class NeighbourFigureInline(admin.TabularInline):
    model = NeighbourFigure
    extra = 0


@admin.register(Benchmark)
class BenchmarkAdmin(admin.ModelAdmin):
    list_display = ["indicator", "source", "year", "period_end", "value", "published_on", "is_demo"]
    list_filter = ["source", "year", "is_demo"]
    search_fields = ["indicator__code", "indicator__name", "note"]
    autocomplete_fields = ["indicator"]
    inlines = [NeighbourFigureInline]
