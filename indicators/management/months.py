"""Months given to commands on the command line."""

from django.core.management.base import CommandError

from indicators.periods import parse_month


def month_option(text, option):
    """The month `text` gives as YYYY-MM; bad usage (exit 2) for anything else."""
    month = parse_month(text)
    if month is None:
        raise CommandError(f"{option} takes a month as YYYY-MM, not {text!r}.", returncode=2)
    return month
