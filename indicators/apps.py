from django.apps import AppConfig
from django.db.models.signals import post_migrate


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = "Indicator catalogue and figures"

    def ready(self):
        from auditlog.registry import auditlog

        from . import models
        from .versioning import install_version_triggers

        post_migrate.connect(install_version_triggers, sender=self)

        for model in (models.Indicator, models.Threshold, models.Benchmark, models.NeighbourFigure,
                      models.Commentary):  # fmt: skip
            auditlog.register(model)
        # Figures themselves are audited through FigureRevision; the log records each upload,
        # commit and revert with who and when.
        auditlog.register(models.Upload, exclude_fields=["planned", "summary"])
