"""The count of a preview's errors, taken from its summary for previews kept before it was."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.migrating import migrated_to

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("indicators", "0009_constraint_messages")]
AFTER = [("indicators", "0010_upload_error_count")]


def test_previews_kept_before_the_count_get_theirs_from_their_summaries():
    old = migrated_to(BEFORE)
    try:
        Upload = old.get_model("indicators", "Upload")
        errors = [{"kind": "not_a_number", "message": "…"}] * 3
        Upload.objects.create(file_name="bad.xlsx", summary={"errors": errors})
        Upload.objects.create(file_name="good.xlsx", summary={"errors": []})
        Upload.objects.create(
            file_name="old.xlsx", state="committed", committed_at=timezone.now(),
            summary={"errors": errors},
        )  # fmt: skip
        Upload = migrated_to(AFTER).get_model("indicators", "Upload")
        counts = dict(Upload.objects.values_list("file_name", "error_count"))
    finally:
        call_command("migrate", verbosity=0)
    assert counts == {"bad.xlsx": 3, "good.xlsx": 0, "old.xlsx": 0}
