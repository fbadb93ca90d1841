from django.db import migrations, models
from django.db.models import F


def take_the_line_from_the_text(apps, schema_editor):
    """Resolutions confirmed before their line was kept were matched to the minutes by their
    text, so that is the best guess of the line each came from."""
    Resolution = apps.get_model("meetings", "Resolution")
    Resolution.objects.filter(source_text="").update(source_text=F("text"))


class Migration(migrations.Migration):
    dependencies = [("meetings", "0002_roles")]

    operations = [
        migrations.AddField(
            model_name="resolution",
            name="source_text",
            field=models.TextField(blank=True, help_text="The line of the minutes it came from."),
        ),
        migrations.RunPython(take_the_line_from_the_text, migrations.RunPython.noop),
    ]
