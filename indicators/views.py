from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import rules
from .access import requires
from .forms import CatalogueFilterForm
from .models import Indicator, Upload
from .tables import FigureHistoryTable, IndicatorTable, configure_paged

CATALOGUE_PAGE = 100  # more than the standard catalogue's 38, so most councils see one page


@requires("indicators.view_indicator")
@require_safe
def catalogue(request):
    form = CatalogueFilterForm(request.GET or None)
    table = IndicatorTable(form.filter(Indicator.objects.active()))
    # A page of rows, not all: django-tables2 takes about 2 ms a row, a second for 400 indicators.
    configure_paged(table, request, per_page=CATALOGUE_PAGE)
    return render(request, "indicators/catalogue.html", {"form": form, "table": table})


def detail_context(request, indicator):
    """What the indicator page shows of the catalogue and the figures held; the scorecard app
    adds the charts, breakdowns and commentary."""
    thresholds = list(indicator.thresholds.order_by("-effective_from"))
    figures = FigureHistoryTable(history_rows(indicator, thresholds))
    configure_paged(figures, request, per_page=24)
    benchmarks = indicator.benchmarks.prefetch_related("neighbours").order_by("source", "-year")
    return {
        "indicator": indicator,
        "thresholds": thresholds,
        "benchmarks": benchmarks,
        "figures": figures,
        "breakdown_count": indicator.figures.breakdowns().count(),
        "history": figure_history(indicator)[:50],
    }


def figure_history(indicator):
    """Changes to the indicator's figures, newest first, with the uploads that made them. An
    upload's summary and planned figures can run to megabytes: read with every revision before
    the sort, they made the page take 80 seconds for an indicator revised by two 50,000-row
    extracts."""
    return (
        indicator.revisions.select_related("upload__created_by")
        .defer(*(f"upload__{name}" for name in Upload.LARGE_FIELDS))
        .order_by("-upload__committed_at", "-id")
    )


def history_rows(indicator, thresholds):
    """Headline figures, latest first, each with the RAG it earned under its month's thresholds."""
    rule_sets = [t.as_rule() for t in thresholds]
    rows = []
    for figure in indicator.figures.headline().order_by("-month"):
        in_force = indicator.thresholds_for(rule_sets, figure.month)
        places = indicator.places_against(rules.usable_value(figure), in_force)
        rows.append(
            {
                "month": figure.month,
                "shown": indicator.show_figure(figure, places),
                "status": figure.get_status_display(),
                "status_reason": figure.status_reason,
                "rag": rules.rate(
                    figure.value, indicator.polarity, in_force, figure.status, figure.status_reason
                ),
                "commentary": figure.commentary,
            }
        )
    return rows
