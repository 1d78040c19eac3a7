import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
django_application = get_wsgi_application()

# Fresh page-cache hits answered before Django's handler (campaigns/site/page_cache_wsgi.py).
from campaigns.site.page_cache_wsgi import PageCacheApplication  # noqa: E402 - after setup()

application = PageCacheApplication(django_application)
