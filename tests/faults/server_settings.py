"""The production settings for the fault tests' gunicorn, less collected static files.

Collecting them (and compressing them when brotli is installed) takes up to a minute, and
static files play no part in these faults, so pages link to them as the other tests do.
"""

from scorecard.settings import *  # noqa: F403
from scorecard.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
