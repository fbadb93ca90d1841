from django.conf import settings


def site(request):
    return {"council_name": settings.COUNCIL_NAME, "panel_name": settings.PANEL_NAME}
