from django.urls import path

from . import views

app_name = "scorecard"

urlpatterns = [
    path("", views.scorecard, name="scorecard"),
    path("exceptions/", views.exceptions, name="exceptions"),
    path("print/", views.print_pack, name="print"),
    path("scorecard.xlsx", views.export_xlsx, name="export_xlsx"),
    path("scorecard.csv", views.export_csv, name="export_csv"),
    path("commentary/<str:code>/<str:month>/", views.commentary, name="commentary"),
]
