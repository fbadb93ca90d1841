"""What the scorecard should say for a month, worked out from the database directly with the
pure rules (indicators/rules.py and scorecard/spc.py), never through the presenters."""

from collections import defaultdict

from indicators import rules
from indicators.choices import Status
from indicators.models import Figure, Indicator, Threshold
from indicators.periods import add_months
from scorecard import spc


def usable(figure):
    if figure is None or figure.status in (Status.UNAVAILABLE, Status.UNRELIABLE):
        return None
    return figure.value


def expected_rows(month):
    """Each active indicator's RAG, directions and SPC, worked out from the database directly."""
    held = defaultdict(dict)
    for figure in Figure.objects.filter(breakdown="", month__gte=add_months(month, -23)):
        held[figure.indicator_id][figure.month] = figure
    thresholds = defaultdict(list)
    for t in Threshold.objects.all():
        thresholds[t.indicator_id].append(
            rules.ThresholdSet(t.effective_from, t.green_at, t.red_at, t.target)
        )
    return {
        i.code: expected_row(i, held[i.id], thresholds[i.id], month)
        for i in Indicator.objects.filter(is_active=True)
    }


def expected_row(indicator, by_month, threshold_sets, month):
    figure = by_month.get(month)
    in_force = indicator.thresholds_for(threshold_sets, month)
    rag = rules.rate(
        figure.value if figure else None, indicator.polarity, in_force,
        figure.status if figure else Status.OK, figure.status_reason if figure else "",
    )  # fmt: skip
    earlier = {"previous": add_months(month, -1), "last_year": add_months(month, -12)}
    directions = {
        name: rules.direction_of_travel(
            usable(figure), usable(by_month.get(m)), indicator.polarity, indicator.precision,
            (month, m) if indicator.is_year_to_date_count else None,
        )
        for name, m in earlier.items()
    }  # fmt: skip
    values = [usable(by_month.get(add_months(month, -n))) for n in range(23, -1, -1)]
    target = in_force.target if in_force else None
    return {
        "rag": rag,
        **directions,
        # The page shows a direction only where the earlier month has a figure.
        "shown": [directions[name] for name, m in earlier.items() if m in by_month],
        "spc": spc.not_applied()
        if indicator.is_year_to_date_count
        else spc.analyse(values, indicator.polarity, target),
    }
