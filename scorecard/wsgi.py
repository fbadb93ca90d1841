import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scorecard.settings")

application = get_wsgi_application()

# What is loaded by now lives as long as the process. Frozen, it is no longer scanned by every
# full collection: a first view of a scorecard of 400 indicators took about 15% less time.
gc.collect()
gc.freeze()
