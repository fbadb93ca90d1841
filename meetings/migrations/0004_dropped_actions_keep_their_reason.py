from django.db import migrations
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def take_the_reason_from_the_timeline(apps, schema_editor):
    """Actions dropped before the reason was kept with them: it is the text of the update that
    dropped them (the latest, if one was dropped, reopened and dropped again)."""
    Action = apps.get_model("meetings", "Action")
    ActionUpdate = apps.get_model("meetings", "ActionUpdate")
    dropping = ActionUpdate.objects.filter(action=OuterRef("pk"), status_to="dropped")
    reason = dropping.order_by("-written_at", "-id").values("text")[:1]
    dropped = Action.objects.filter(status="dropped", completion_note="")
    # One dropped without such an update (set in the admin, say) has no reason to take: it stays
    # blank, as the column cannot be NULL.
    dropped.update(completion_note=Coalesce(Subquery(reason), Value("")))


def forget_the_reason(apps, schema_editor):
    Action = apps.get_model("meetings", "Action")
    Action.objects.filter(status="dropped").update(completion_note="")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0003_resolution_source_text")]

    operations = [migrations.RunPython(take_the_reason_from_the_timeline, forget_the_reason)]
