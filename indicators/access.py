"""Access rules for views: every page needs a login (middleware) and a permission (here)."""

from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404


def requires(permission):
    """Logged-in users without the permission get 403, not a loop back to the login page."""
    return permission_required(permission, raise_exception=True)


def get_indicator_or_404(code):
    from .models import Indicator

    return get_object_or_404(Indicator, code=code.upper())
