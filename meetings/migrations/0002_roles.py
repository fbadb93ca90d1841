from django.db import migrations

from indicators.roles import (
    ALL_ROLES,
    CLERK,
    OFFICER,
    READ_MEETINGS,
    RUN_MEETINGS,
    UPDATE_OWN_ACTIONS,
    grant,
)


def grant_meeting_permissions(apps, schema_editor):
    for role in ALL_ROLES:
        grant(apps, role, READ_MEETINGS)
    grant(apps, CLERK, RUN_MEETINGS)
    grant(apps, OFFICER, UPDATE_OWN_ACTIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
        ("indicators", "0006_commentary_roles"),
    ]

    operations = [migrations.RunPython(grant_meeting_permissions, migrations.RunPython.noop)]
