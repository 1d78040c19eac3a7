"""A Django hello-world: the baseline scripts/bench_http.py compares the site's pages with.

One view returning "Hello, world", the middleware of `django-admin startproject`, no database:
what any Django app pays per request on the same gunicorn, so the ratio shows what the site
itself adds. Served with the project's gunicorn.conf.py:
    DJANGO_SETTINGS_MODULE=hello_world.settings gunicorn -c gunicorn.conf.py \
        --pythonpath scripts hello_world.wsgi
"""
