"""Production: refuses to start without its secrets; secure cookies and static via whitenoise."""

import dj_database_url

from .base import *  # noqa: F403
from .env import env, env_bool, env_required

DEBUG = False
SECRET_KEY = env_required("SECRET_KEY")
DATABASES = {
    "default": dj_database_url.parse(
        env_required("DATABASE_URL"), conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60"))
    )
}
if (
    DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    and "django.contrib.postgres" not in INSTALLED_APPS  # noqa: F405
):
    INSTALLED_APPS.append("django.contrib.postgres")  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": PRIVATE_STORAGE,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "0"))
SECURE_CONTENT_TYPE_NOSNIFF = True
