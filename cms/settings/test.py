"""Fast, isolated test settings."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .env import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY", "test-only-insecure-key")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}
PAGE_CACHE_SECONDS = 0  # on only in the tests of the page cache (tests/site/test_page_cache*.py)
MEDIA_ROOT = tempfile.mkdtemp(prefix="campaigns-test-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tempfile.mkdtemp(prefix="campaigns-test-private-")},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_SEARCH_AUTO_UPDATE = False
TASKS = {  # both at once, in the test's own thread (tests/reach/test_import_task.py queues)
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
}
# Serve static files from the finders, without a collectstatic run.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# A file, not memory, for the SQLite test database: the live server used by browser tests then
# gives each request thread its own connection instead of sharing one (which fails with "table
# is locked" as soon as the admin sends two requests at once, e.g. its preview and autosave).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"campaigns-test-{os.getpid()}.sqlite3")
    }
    # A test database is thrown away: no fsync on each commit (migrations, transactional and
    # browser tests commit thousands of times), and the rollback journal kept in memory (the
    # locking between connections stays the same as with the default journal file).
    DATABASES["default"]["OPTIONS"]["init_command"] = (  # noqa: F405
        "PRAGMA synchronous=OFF; PRAGMA journal_mode=MEMORY"
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # Likewise: a commit returns without waiting for its WAL record to reach the disk.
    DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
    DATABASES["default"]["OPTIONS"]["options"] = "-c synchronous_commit=off"  # noqa: F405
# The read replica's alias, as a test mirror of "default" (the same test database, another
# connection), but not used: DATABASE_READ_REPLICA stays None, so the router keeps every query on
# "default"; tests/cms/test_db_router.py turns it on with override_settings.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
# Wagtail 8 autosaves the editor 0.5 s after each change. Browser tests click "Publish" faster
# than any person, racing the autosave that creates the object (two objects result); people are
# not that fast, so only tests turn it off.
WAGTAIL_AUTOSAVE_INTERVAL = 0

# django-axes needs the request in authenticate(), which the test client's login() does not pass;
# the lockout's own tests turn it on (tests/cms/test_login_throttle.py).
AXES_ENABLED = False

# Site counts are flushed by the tests themselves (counting.flush()); a flush due by time or hits
# after some live-server request must not write counts into another test's data.
SITE_COUNTS_FLUSH_SECONDS = SITE_COUNTS_FLUSH_HITS = 10**9
