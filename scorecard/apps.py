from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class ScorecardConfig(AppConfig):
    name = "scorecard"
    verbose_name = "Scorecards"


class ScorecardAdminConfig(admin_apps.AdminConfig):
    default = False  # named in INSTALLED_APPS in place of django.contrib.admin
    default_site = "scorecard.admin_site.ScorecardAdminSite"
