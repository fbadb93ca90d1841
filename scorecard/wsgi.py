import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scorecard.settings")

application = get_wsgi_application()

# What is loaded by now lives as long as the process. Frozen, it is no longer scanned by every
# full collection, which took a sixth of the time of a scorecard of 400 indicators.
gc.collect()
gc.freeze()
