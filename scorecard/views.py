from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from indicators.models import Figure, Indicator


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


@login_not_required
def healthz(request):
    """For a load balancer: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any database failure means "not healthy"
        return JsonResponse({"database": "unreachable"}, status=503)
    return JsonResponse({"database": "ok"})
