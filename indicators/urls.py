from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<str:code>/", views.indicator_detail, name="detail"),
]
