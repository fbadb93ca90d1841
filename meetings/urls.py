from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="meetings"),
    path("new/", views.meeting_new, name="meeting_new"),
    path("<int:pk>/", views.meeting_detail, name="meeting"),
    path("<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("<int:pk>/pack/", views.meeting_pack, name="meeting_pack"),
    path("<int:pk>/items/new/", views.item_new, name="item_new"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/minutes/", views.minutes_edit, name="minutes"),
    path("items/<int:pk>/proposals/", views.proposals, name="proposals"),
    path("actions/", views.action_log, name="actions"),
    path("actions/export.csv", views.action_export, {"kind": "csv"}, name="action_export_csv"),
    path("actions/export.xlsx", views.action_export, {"kind": "xlsx"}, name="action_export_xlsx"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("actions/<int:pk>/update/", views.action_update, name="action_update"),
    path("actions/<int:pk>/close/", views.action_close, name="action_close"),
    path("actions/<int:pk>/reassign/", views.action_reassign, name="action_reassign"),
    path("actions/<int:pk>/reopen/", views.action_reopen, name="action_reopen"),
]
