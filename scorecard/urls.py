from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .forms import AdminSignInForm, SignInForm

admin.site.login_form = AdminSignInForm

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("scorecard/", include("scorecard.scorecard_urls")),
    path("indicators/", include("indicators.urls")),
    path("indicators/<str:code>/", views.indicator_page, name="indicator"),
    path("meetings/", include("meetings.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

handler404 = "scorecard.views.page_not_found"
handler500 = "scorecard.views.server_error"
