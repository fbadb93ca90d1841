from django.db import migrations

from indicators.roles import ALL_ROLES, ANALYST, MANAGE_CATALOGUE, READ_CATALOGUE, grant


def create_roles(apps, schema_editor):
    for role in ALL_ROLES:
        grant(apps, role, READ_CATALOGUE)
    grant(apps, ANALYST, MANAGE_CATALOGUE)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ALL_ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
