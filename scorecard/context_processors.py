from django.conf import settings

from .admin_site import may_use_admin


def site(request):
    return {
        "council_name": settings.COUNCIL_NAME,
        "panel_name": settings.PANEL_NAME,
        "section": section_of(request),
        # Some refusals (a request too large) are made before the user is known.
        "may_use_admin": hasattr(request, "user") and may_use_admin(request.user),
    }


def section_of(request):
    """The part of the site a page belongs to, which the main navigation marks as current."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    if match.namespace == "indicators":
        return "uploads" if match.url_name.startswith("upload") else "indicators"
    return "indicators" if match.url_name == "indicator" else match.namespace
