"""The four roles of the panel's users, as Django groups; migrations grant their permissions."""

PANEL_MEMBER = "Panel member"
ANALYST = "Analyst"
OFFICER = "Officer"
CLERK = "Clerk"

ALL_ROLES = (PANEL_MEMBER, ANALYST, OFFICER, CLERK)

READ_CATALOGUE = (
    "indicators.view_indicator",
    "indicators.view_threshold",
    "indicators.view_benchmark",
    "indicators.view_neighbourfigure",
    "indicators.view_figure",
)
MANAGE_CATALOGUE = (
    "indicators.add_indicator",
    "indicators.change_indicator",
    "indicators.add_threshold",
    "indicators.change_threshold",
    "indicators.delete_threshold",
    "indicators.add_benchmark",
    "indicators.change_benchmark",
    "indicators.delete_benchmark",
    "indicators.add_neighbourfigure",
    "indicators.change_neighbourfigure",
    "indicators.delete_neighbourfigure",
    "indicators.upload_extract",
)


def grant(apps, role, permission_names):
    """Give a group permissions named "app_label.codename" (used by data migrations)."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    group, _ = group_model.objects.get_or_create(name=role)
    for name in permission_names:
        app_label, codename = name.split(".")
        group.permissions.add(
            permission_model.objects.get(content_type__app_label=app_label, codename=codename)
        )


READ_HISTORY = ("indicators.view_figurerevision",)
MANAGE_UPLOADS = ("indicators.view_upload", "indicators.upload_extract", "indicators.revert_upload")

READ_COMMENTARY = ("indicators.view_commentary",)
WRITE_COMMENTARY = ("indicators.add_commentary",)

READ_MEETINGS = tuple(
    f"meetings.view_{model}"
    for model in ("committee", "meeting", "agendaitem", "resolution", "action", "actionupdate")
)
RUN_MEETINGS = (
    *(
        f"meetings.{verb}_{model}"
        for model in ("meeting", "agendaitem", "resolution", "action")
        for verb in ("add", "change", "delete")
    ),
    "meetings.update_any_action",
    "meetings.add_actionupdate",
)
UPDATE_OWN_ACTIONS = ("meetings.add_actionupdate",)
