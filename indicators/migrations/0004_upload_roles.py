from django.db import migrations

from indicators.roles import ALL_ROLES, ANALYST, MANAGE_UPLOADS, READ_HISTORY, grant


def grant_upload_permissions(apps, schema_editor):
    for role in ALL_ROLES:
        grant(apps, role, READ_HISTORY)
    grant(apps, ANALYST, MANAGE_UPLOADS)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0003_uploads")]

    operations = [migrations.RunPython(grant_upload_permissions, migrations.RunPython.noop)]
