"""startproject's defaults, minus the admin and the database (the view reads neither)."""

import os

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "hello-world-benchmark-only")
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "hello_world.urls"
WSGI_APPLICATION = "hello_world.wsgi.application"
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
DATABASES = {}
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"  # no table
MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"
USE_TZ = True
