"""Access rules for views: every page needs a login (middleware) and a permission (here)."""

import re

from django.contrib.auth.decorators import permission_required
from django.http import Http404


class Missing(Http404):
    """A page that is not there, for a reason written for its reader, which the 404 page shows
    (Django's own, such as "No Meeting matches the given query.", it does not)."""


def requires(permission):
    """Logged-in users without the permission get 403, not a loop back to the login page."""
    return permission_required(permission, raise_exception=True)


def get_indicator_or_404(code):
    from .models import CODE_PATTERN, Indicator

    # Codes are capitals and digits (a database constraint), so anything else is unknown without
    # asking the database, which would fail on a NUL byte.
    if re.fullmatch(CODE_PATTERN, code.upper()):
        found = Indicator.objects.filter(code=code.upper()).first()
        if found:
            return found
    raise Missing("No indicator has that code.")
