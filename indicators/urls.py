from django.urls import path

from . import upload_views, views

app_name = "indicators"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("uploads/", upload_views.upload_list, name="uploads"),
    path("uploads/new/", upload_views.upload_new, name="upload_new"),
    path("uploads/template.xlsx", upload_views.upload_template, name="upload_template"),
    path("uploads/<int:pk>/", upload_views.upload_detail, name="upload"),
    path("uploads/<int:pk>/commit/", upload_views.upload_commit, name="upload_commit"),
    path("uploads/<int:pk>/revert/", upload_views.upload_revert, name="upload_revert"),
    path("uploads/<int:pk>/discard/", upload_views.upload_discard, name="upload_discard"),
    path("uploads/<int:pk>/file/", upload_views.upload_file, name="upload_file"),
]
