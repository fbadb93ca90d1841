"""Sparklines as inline SVG drawn on the server: no JavaScript, and an accessible name."""

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from indicators.periods import month_label

WIDTH, HEIGHT, PAD = 104, 26, 3
LINE = '<polyline points="{}" fill="none" stroke="currentColor" stroke-width="1.5"/>'


def sparkline_svg(values, months, label, indicator, restarts=()):
    """A line through the figures of chronological `months`, the latest marked with a dot. It
    breaks where there is no figure and before each position in `restarts` (a year-to-date count
    starting again)."""
    known = [(index, float(v)) for index, v in enumerate(values) if v is not None]
    if len(known) < 2:
        return format_html('<span class="hint">{}</span>', "Not enough figures for a trend")
    numbers = [number for _, number in known]
    low, high = min(numbers), max(numbers)
    span = (high - low) or 1.0
    x_step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)
    points = {i: (PAD + i * x_step, HEIGHT - PAD - (n - low) / span * (HEIGHT - 2 * PAD))
              for i, n in known}  # fmt: skip
    runs, current = [], []
    for index in range(len(values)):
        if (index not in points or index in restarts) and current:
            runs.append(current)
            current = []
        if index in points:
            current.append("{:.1f},{:.1f}".format(*points[index]))
    if current:
        runs.append(current)
    x, y = points[known[-1][0]]
    # Only the name is text; every other part is a number written here.
    name = escape(f"Trend of {label}: {describe(known, months, indicator)}")
    lines = "".join(LINE.format(" ".join(run)) for run in runs)
    return mark_safe(
        f'<svg class="sparkline" role="img" aria-label="{name}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" focusable="false"><title>{name}</title>{lines}'
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="currentColor"/></svg>'
    )


def describe(known, months, indicator):
    """ "from 89.6% to 92.3%, lowest 77.0% in December 2025": the ends of the line, and how far it
    went beyond them, so that a dip or a peak between them is heard as well as seen."""
    numbers = [number for _, number in known]
    ends = indicator.format(numbers[0]), indicator.format(numbers[-1])
    words = f"from {ends[0]} to {ends[1]}"
    for name, extreme in (("lowest", min(numbers)), ("highest", max(numbers))):
        if extreme in (numbers[0], numbers[-1]):
            continue
        shown = indicator.format(extreme)
        # Beyond the ends as shown: a dip too small to show at the indicator's precision is none.
        if shown not in ends:
            index = known[numbers.index(extreme)][0]
            words += f", {name} {shown} in {month_label(months[index])}"
    return words
