from django.db import migrations

from indicators.roles import ALL_ROLES, OFFICER, READ_COMMENTARY, WRITE_COMMENTARY, grant


def grant_commentary_permissions(apps, schema_editor):
    for role in ALL_ROLES:
        grant(apps, role, READ_COMMENTARY)
    grant(apps, OFFICER, WRITE_COMMENTARY)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0005_commentary")]

    operations = [migrations.RunPython(grant_commentary_permissions, migrations.RunPython.noop)]
