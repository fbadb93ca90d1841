from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Meetings, minutes and actions"

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        for model in (models.Committee, models.Meeting, models.AgendaItem, models.Resolution,
                      models.ActionUpdate):  # fmt: skip
            auditlog.register(model)
        auditlog.register(models.Action, m2m_fields={"indicators"})
