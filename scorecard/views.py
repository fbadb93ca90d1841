import sys

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views import defaults
from django.views.decorators.http import require_http_methods, require_safe

from indicators.access import Missing, get_indicator_or_404, requires
from indicators.commentary import write_commentary
from indicators.models import Figure, Indicator
from indicators.periods import month_label, parse_month
from indicators.views import detail_context

from .commentary_page import CommentaryPage
from .exports import pack_xlsx, scorecard_csv
from .forms import CommentaryForm, ScorecardForm
from .indicator_page import IndicatorPage
from .middleware import SIGNED_IN_MARK, sent_from, service_unavailable
from .presenters import PrintPack, Scorecard
from .scorecard_page import ScorecardPage


@require_safe
def home(request):
    """The landing page: what this user can do here, by role."""
    return render(
        request,
        "home.html",
        {
            "indicator_count": Indicator.objects.active().count(),
            "latest_month": Figure.objects.latest_month(),
            "can_manage_catalogue": request.user.has_perm("indicators.change_indicator"),
        },
    )


def held_month_or_404(text):
    """The month named in a URL, if figures are held for it; anything else is a 404, not a 500."""
    month = parse_month(text)
    if month is None or not Figure.objects.headline().filter(month=month).exists():
        raise Missing("No figures are held for that month.")
    return month


def month_and_scope(request, default_scope="headline"):
    """The month and scope the request asks for; an unknown month is a 404 with a message."""
    month = held_month_or_404(request.GET["month"]) if request.GET.get("month") else None
    scope = "all" if request.GET.get("scope", default_scope) == "all" else "headline"
    return month, scope


def ticked(request, name):
    """A checkbox in the query string: the form sends "on"; "0", "false" or "off" typed into the
    address are not ticked."""
    return request.GET.get(name, "").lower() not in ("", "0", "false", "off", "no")


def scorecard_for(request, default_scope="headline"):
    month, scope = month_and_scope(request, default_scope)
    return Scorecard(month, scope=scope)


@requires("indicators.view_figure")
@require_safe
def scorecard(request):
    month, scope = month_and_scope(request)
    card = ScorecardPage(
        month,
        scope,
        exceptions=ticked(request, "exceptions"),
        may_write_commentary=request.user.has_perm("indicators.add_commentary"),
    )
    form = ScorecardForm(
        {"month": f"{card.month:%Y-%m}" if card.month else "", "scope": card.scope,
         "exceptions": card.exceptions},
        card.months_available,
    )  # fmt: skip
    return render(request, "scorecard/scorecard.html", {"card": card, "form": form})


@requires("indicators.view_figure")
@require_safe
def exceptions(request):
    # Every amber or red indicator needs commentary, headline or not, unless asked otherwise.
    card = scorecard_for(request, default_scope="all")
    return render(request, "scorecard/exceptions.html", {"card": card})


@requires("indicators.view_commentary")
@require_http_methods(["GET", "HEAD", "POST"])
def commentary(request, code, month):
    indicator = get_indicator_or_404(code)
    month = held_month_or_404(month)
    # An officer may start from the last month's account and change what has moved on.
    page = CommentaryPage(indicator, month, request.GET.get("start") == "earlier")
    form = CommentaryForm(request.POST or None, initial={"text": page.text_to_start_with})
    can_write = request.user.has_perm("indicators.add_commentary")
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        if form.is_valid():
            return save_commentary(request, indicator, month, form.cleaned_data["text"])
    history = page.history(request.GET.get("page"))
    return render(
        request,
        "scorecard/commentary.html",
        {"indicator": indicator, "month": month, "page": page, "form": form, "history": history,
         "can_write": can_write},
    )  # fmt: skip


def save_commentary(request, indicator, month, text):
    if write_commentary(indicator, month, text, request.user):
        messages.success(request, f"Commentary saved for {indicator.code}, {month_label(month)}.")
    else:
        messages.info(request, "Nothing changed: the commentary is as it was.")
    return redirect(f"{indicator.get_absolute_url()}?month={month:%Y-%m}")


@login_not_required
@require_safe
def healthz(request):
    """For a load balancer: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any database failure means "not healthy"
        return JsonResponse({"database": "unreachable"}, status=503)
    return JsonResponse({"database": "ok"})


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@requires("indicators.view_figure")
@require_safe
def print_pack(request):
    pack = PrintPack(*month_and_scope(request))
    return render(request, "scorecard/print.html", {"pack": pack})


def exportable(card):
    if card.month is None:
        raise Missing("No figures are held yet, so there is nothing to export.")
    return card


@requires("indicators.view_figure")
@require_safe
def export_xlsx(request):
    pack = exportable(PrintPack(*month_and_scope(request)))
    title = f"{settings.PANEL_NAME} scorecard, {pack.label}"
    response = HttpResponse(pack_xlsx(pack, title), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="scorecard-{pack.month:%Y-%m}.xlsx"'
    return response


@requires("indicators.view_figure")
@require_safe
def export_csv(request):
    """The scorecard as the page shows it: amber and red only when the page was filtered so."""
    card = exportable(scorecard_for(request))
    exceptions = ticked(request, "exceptions")
    card = card.narrowed_to(card.scope, exceptions)
    name = f"scorecard-{card.month:%Y-%m}{'-amber-and-red' if exceptions else ''}.csv"
    response = HttpResponse(scorecard_csv(card), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@requires("indicators.view_indicator")
@require_safe
def indicator_page(request, code):
    indicator = get_indicator_or_404(code)
    month = held_month_or_404(request.GET["month"]) if request.GET.get("month") else None
    page = IndicatorPage(indicator, month)
    context = detail_context(request, indicator)
    context.update(
        page=page,
        benchmarks_not_out=page.benchmarks_not_out(),
        can_write_commentary=request.user.has_perm("indicators.add_commentary"),
    )
    return render(request, "indicators/detail.html", context)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW. A form of this site's that is refused for its expired token (the user
    signed out, or in again in another tab) leads back to the page it was sent from, marked so
    that static/js/drafts.js puts back what was typed; through sign-in if the session ended too.
    Nothing is done with the form. Anything else gets the page that explains."""
    page = sent_from(request) if request.method == "POST" else None
    if page is None:
        return render(request, "403_csrf.html", status=403)
    if not request.user.is_authenticated:
        return redirect_to_login(f"{page}{SIGNED_IN_MARK}")
    messages.warning(request, "The form had expired, so nothing was saved. Send it again.")
    return redirect(f"{page}{SIGNED_IN_MARK}")


def page_not_found(request, exception):
    """handler404: our own reason for a missing page, or plain words for any other."""
    reason = str(exception) if isinstance(exception, Missing) else ""
    return render(request, "404.html", {"reason": reason}, status=404)


def server_error(request):
    """handler500. A database out of reach is a 503 wherever it is noticed: in middleware (the
    session and user are loaded there, before any view) as well as in a view."""
    if isinstance(sys.exc_info()[1], OperationalError):
        return service_unavailable()
    return defaults.server_error(request)
