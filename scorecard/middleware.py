"""Refusals that must come before a view runs: a body too big or in a form Django cannot read, a
database out of reach. And whose address a request comes from, for the audit log and the
sign-in throttle."""

import ipaddress
import logging
from urllib.parse import urlsplit

from auditlog.middleware import AuditlogMiddleware
from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.contrib.auth.views import redirect_to_login
from django.db import OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme

logger = logging.getLogger(__name__)
SIGNED_IN_MARK = "#signed-in"  # read by static/js/drafts.js


def refuse_oversized_requests(get_response):
    """Answer 413 from the Content-Length alone, before any of the body is read."""

    def middleware(request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            limit = settings.EXTRACT_MAX_FILE_BYTES // (1024 * 1024)
            return render(request, "413.html", {"limit": limit}, status=413)
        return get_response(request)

    return middleware


def refuse_unreadable_forms(get_response):
    """Answer 400 to a form sent in a character set other than UTF-8, which Django will not read.

    Left to the CSRF check, reading it raises inside the error pages too (they check the token
    again), and the reply would be the server's bare 500."""

    def middleware(request):
        encoding = request.encoding
        if (
            request.content_type == "application/x-www-form-urlencoded"
            and encoding is not None
            and encoding.lower() != "utf-8"
        ):
            return render(request, "400.html", status=400)
        return get_response(request)

    return middleware


def explain_refused_methods(get_response):
    """A request in a method an address does not take (a form sent to a page that only shows,
    a link followed to a button's address) gets a page that says nothing was done, where
    Django's refusal is an empty body that a browser shows as a blank page. The refusal itself
    is kept, with every header set on it."""

    def middleware(request):
        response = get_response(request)
        if (
            response.status_code == 405
            and request.method != "HEAD"
            and not response.streaming
            and not response.content
        ):
            allowed = {method.strip() for method in response.get("Allow", "").split(",")}
            context = {"can_open": "GET" in allowed}
            response.content = render_to_string("405.html", context, request)
            response["Content-Type"] = "text/html; charset=utf-8"
        return response

    return middleware


class SignInThenBackToTheForm(LoginRequiredMiddleware):
    """Django's login requirement, except that a form sent after the session ended leads, once
    signed in, back to the page it was sent from, marked #signed-in so that static/js/drafts.js
    puts back the text it kept as the form was sent."""

    def handle_no_permission(self, request, view_func):
        if request.method != "POST":
            return super().handle_no_permission(request, view_func)
        # Without a Referer, the address sent to: each form that keeps drafts opens there too.
        page = sent_from(request) or request.get_full_path()
        login_url = self.get_login_url(view_func)
        return redirect_to_login(
            f"{page}{SIGNED_IN_MARK}", login_url, self.get_redirect_field_name(view_func)
        )


def sent_from(request):
    """The path of the page on this site that the request came from, if the browser says."""
    referer = request.headers.get("Referer", "")
    safe = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if not referer or not safe:
        return None
    parts = urlsplit(referer)
    if not parts.path.startswith("/") or parts.path[1:2] in ("/", "\\"):
        return None  # a path the browser would read as another host's address
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


class ServiceUnavailableMiddleware:
    """A database that is restarting, or a pool with no free connection, gets a 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError):
            return None
        logger.warning("database unavailable for %s: %s", request.path, exception)
        return service_unavailable()


def service_unavailable():
    """The busy page, rendered without the request: its session, user and messages need the
    database that is out of reach."""
    context = {"council_name": settings.COUNCIL_NAME, "panel_name": settings.PANEL_NAME}
    response = HttpResponse(render_to_string("503.html", context), status=503)
    response["Retry-After"] = "30"
    return response


def client_address(request):
    """The address of the person sending the request, for the audit log and the sign-in throttle.
    Behind our TLS proxy, that is the last address in X-Forwarded-For, which the proxy added;
    any before it came from the client and could be anything. Without a proxy the header is the
    client's own words, so the connection's address is used, as it is when the proxy's entry is
    not an address (both are kept in columns that take nothing else)."""
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1]
        if address := ip_address_in(forwarded):
            return address
    return request.META.get("REMOTE_ADDR")


def ip_address_in(text):
    """ "203.0.113.7", "203.0.113.7:51234" or "[2001:db8::1]:443" -> the address; None for
    anything else."""
    text = text.strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


class AuditlogWithClientAddress(AuditlogMiddleware):
    """django-auditlog records the first address in X-Forwarded-For, which any client can write."""

    @staticmethod
    def _get_remote_addr(request):
        return None if settings.AUDITLOG_DISABLE_REMOTE_ADDR else client_address(request)
