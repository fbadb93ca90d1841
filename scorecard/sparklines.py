"""Sparklines as inline SVG drawn on the server: no JavaScript, and an accessible name."""

from django.utils.html import format_html, format_html_join

WIDTH, HEIGHT, PAD = 104, 26, 3


def sparkline_svg(values, label, indicator, restarts=()):
    """A line through the figures, the latest marked with a dot. It breaks where there is no
    figure and before each position in `restarts` (a year-to-date count starting again)."""
    known = [float(v) for v in values if v is not None]
    if len(known) < 2:
        return format_html('<span class="hint">{}</span>', "Not enough figures for a trend")
    low, high = min(known), max(known)
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)

    def point(index, value):
        x = PAD + index * step
        y = HEIGHT - PAD - (float(value) - low) / span * (HEIGHT - 2 * PAD)
        return f"{x:.1f},{y:.1f}"

    runs, current = [], []
    for index, value in enumerate(values):
        if (value is None or index in restarts) and current:
            runs.append(current)
            current = []
        if value is not None:
            current.append(point(index, value))
    if current:
        runs.append(current)
    last_index = max(i for i, v in enumerate(values) if v is not None)
    x, y = point(last_index, values[last_index]).split(",")
    name = f"Trend of {label}: from {indicator.format(known[0])} to {indicator.format(known[-1])}"
    lines = format_html_join(
        "", '<polyline points="{}" fill="none" stroke="currentColor" stroke-width="1.5"/>',
        ((" ".join(run),) for run in runs),
    )  # fmt: skip
    return format_html(
        '<svg class="sparkline" role="img" aria-label="{}" viewBox="0 0 {} {}" width="{}" '
        'height="{}" focusable="false"><title>{}</title>{}<circle cx="{}" cy="{}" r="2.5" '
        'fill="currentColor"/></svg>',
        name, WIDTH, HEIGHT, WIDTH, HEIGHT, name, lines, x, y,
    )  # fmt: skip
