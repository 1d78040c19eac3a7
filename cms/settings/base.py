"""Settings shared by every environment; dev, production and test import from here."""

from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy

from campaigns.i18n.languages import bidi_codes, django_languages, get_languages

from .env import env, env_bool, env_list

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

SECRET_KEY = env("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Must come first: they replace `makemigrations` so that the translated columns
    # wagtail-modeltranslation adds to wagtailcore_page stay out of Django's migrations, and
    # `migrate` adds them (campaigns/management/commands/migrate.py, a quieter version of
    # wagtail_modeltranslation.migrate's).
    "wagtail_modeltranslation",
    "wagtail_modeltranslation.makemigrations",
    "modeltranslation",
    "campaigns",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "axes",  # failed sign-ins (campaigns/access/login_throttle.py)
    "django_tasks_db",  # the background queue's table and its `db_worker` (TASKS below)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cms.csp.ContentSecurityPolicyMiddleware",  # SECURE_CSP below; the admin's: SECURE_CSP_ADMIN
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous public pages from the cache: a hit skips everything below (see its docstring).
    "campaigns.site.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cms.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Refusals and streamed CSVs in the user's admin language.
    "campaigns.i18n.admin_language.AdminLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "campaigns.access.media_guards.MediaDeleteMiddleware",  # see its docstring
    "campaigns.reporting.middleware.SiteCountMiddleware",  # public views counted, no personal data
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out sign-in into its 429 page
]

# Content-Security-Policy (cms/csp.py says why the admin's differs). The public site runs no
# script; its inline styles carry the nonce or are allowed by hash (tests/cms/test_csp.py checks
# the hashes against their sources: the charts' STYLE, 500.html).
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "style-src-elem": [
        CSP.SELF,
        CSP.NONCE,
        "'sha256-2HPHjVJT1tbPFYlLr0w+i2kkb+Wogw4ky6XCdUrfh80='",  # campaigns/reporting/svg.py
        "'sha256-eOGHHfwP5DDLJ0e1GuUWJtwUt4ZkFUrB9ggrxBrkXlA='",  # cms/templates/500.html
    ],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CSP_ADMIN = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    # ...but no event-handler attributes (onerror=, onclick=): neither Wagtail nor we write any,
    # so markup slipped into a page (the classic <img onerror>) still runs nothing.
    "script-src-attr": [CSP.NONE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "object-src": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
}
# Uploads served from another host (object storage, a CDN): e.g. https://media.example.org
for _policy in (SECURE_CSP, SECURE_CSP_ADMIN):
    _policy["img-src"] = [*_policy["img-src"], *env_list("CSP_MEDIA_ORIGINS")]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",  # {{ csp_nonce }}
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: embedded SQLite unless DATABASE_URL says otherwise (e.g. postgres://...).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The admin sends concurrent requests (autosave, preview, editing-session pings); SQLite
    # then needs write transactions taken up front and a wait instead of "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    INSTALLED_APPS.append("django.contrib.postgres")  # Wagtail search's full-text index
# Dashboards' and exports' reads on a read replica when DATABASE_READ_REPLICA names one (the
# production settings do when DATABASE_REPLICA_URL is set); a no-op otherwise (cms/db_routers.py).
DATABASE_ROUTERS = ["cms.db_routers.ReplicaRouter"]
DATABASE_READ_REPLICA = None
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's tasks framework. "background": long work (spreadsheet imports) queued in the database
# and run by `manage.py db_worker --backend background`, so it outlives a web server's restart.
# "default" stays immediate: Wagtail 8 enqueues its own tasks (search index, references) through
# the django-tasks backport, whose Task objects the database backend (built on django.tasks)
# refuses.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed sign-ins (django-axes; campaigns/access/login_throttle.py says why the username and address
# pair is locked): after LOGIN_FAILURE_LIMIT wrong passwords, refused for LOGIN_COOLOFF_MINUTES.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = int(env("LOGIN_COOLOFF_MINUTES", "15")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "campaigns.access.login_throttle.lockout_response"

# --- Languages -------------------------------------------------------------------------------
# The one list of content languages: the public site's URL prefixes and the translated columns
# of every model registered with django-modeltranslation. Names, native names and direction come
# from CLDR (campaigns.i18n.languages). Adding a code here needs a migration, a catalogue in locale/
# and `manage.py sync_page_translation_fields` (see README).
CONTENT_LANGUAGES = [
    "en", "fr",  # site-wide
    "wo", "ff",  # Senegal, Guinea
    "ha", "yo", "ig", "pcm",  # Nigeria
    "ar", "zgh",  # Morocco, Iraq
    "fa-af", "ps",  # Afghanistan
    "ckb",  # Iraq
    "sq",  # Albania
    "ka",  # Georgia
    "ti",  # Eritrea
]  # fmt: skip
# Languages every country's pages are offered in, besides the country's own.
SITE_WIDE_LANGUAGES = env_list("SITE_WIDE_LANGUAGES", "en,fr")

LANGUAGE_CODE = "en"
LANGUAGES = django_languages(CONTENT_LANGUAGES)
LANGUAGES_BIDI = bidi_codes(CONTENT_LANGUAGES)
# Django's own table lacks several of these codes (wo, ff, pcm, ti, ps, zgh, fa-af...); CLDR
# fills them in so that {% get_language_info %}, i18n_patterns and LocaleMiddleware know them.
LANG_INFO.update({lang.code: lang.as_lang_info() for lang in get_languages(CONTENT_LANGUAGES)})
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = (LANGUAGE_CODE,)
WAGTAILMODELTRANSLATION_LOCALE_PICKER = True
# Each concept registers its own translated fields (there is no campaigns/translation.py).
MODELTRANSLATION_TRANSLATION_FILES = (
    "campaigns.content.translation",
    "campaigns.funding.translation",
    "campaigns.reach.translation",
)

# Admin interface languages (content languages are separate, above).
WAGTAILADMIN_PERMITTED_LANGUAGES = [
    (code, lang.name_local)
    for code, lang in zip(("en", "fr", "nl"), get_languages(("en", "fr", "nl")), strict=True)
]

# --- Static and media ------------------------------------------------------------------------
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "static")))
STATIC_URL = env("STATIC_URL", "/static/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = env("MEDIA_URL", "/media/")
# Evidence attached to reach reports (attendance sheets, photos): never under MEDIA_URL, served
# only by a permission-checked view. In production point it at a private bucket.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
PRIVATE_STORAGE = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": "/not-served/"},
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": PRIVATE_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Email: console unless an SMTP host is given -----------------------------------------------
# "default" queues each message as a background task (cms/mail_tasks.py: Wagtail's notifications
# included); the worker sends it through "outgoing".
if env("EMAIL_HOST"):
    MAILERS = {
        "outgoing": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env("EMAIL_HOST"),
                "port": int(env("EMAIL_PORT", "587")),
                "username": env("EMAIL_HOST_USER", ""),
                "password": env("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
            },
        }
    }
else:
    MAILERS = {"outgoing": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
MAILERS["default"] = {"BACKEND": "cms.mail_tasks.QueuedEmailBackend"}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "campaigns@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Wagtail ---------------------------------------------------------------------------------
# The admin's product name (browser tabs, the page-delete confirmation to type), in the reader's
# language; WAGTAIL_SITE_NAME in the environment replaces it as it is, untranslated.
WAGTAIL_SITE_NAME = env("WAGTAIL_SITE_NAME") or gettext_lazy("Prevention campaigns")
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "mp3", "mp4", "odt", "ods", "pdf", "png", "jpg", "ogg",
                          "pptx", "txt", "webm", "xlsx", "zip"]  # fmt: skip
WAGTAILDOCS_MAX_UPLOAD_SIZE = 100 * 1024 * 1024
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "webp", "png": "webp", "jpeg": "webp", "gif": "webp"}
# A 326 KB PNG of 79 megapixels took 1.1 GB to render: uploads over this many pixels are refused,
# and Pillow refuses to open larger ones anywhere (campaigns/content/models/images.py).
WAGTAILIMAGES_MAX_IMAGE_PIXELS = int(env("WAGTAILIMAGES_MAX_IMAGE_PIXELS", "40000000"))
# Reach spreadsheet imports: the upload's size and the rows read (other limits and their
# defaults: campaigns/reach/spreadsheet/limits.py, each a REACH_IMPORT_MAX_* setting).
REACH_IMPORT_MAX_UPLOAD_BYTES = int(env("REACH_IMPORT_MAX_UPLOAD_BYTES", str(50 * 1024 * 1024)))
REACH_IMPORT_MAX_ROWS = int(env("REACH_IMPORT_MAX_ROWS", "200000"))
# Background work (README "Background work"): an import without a sign of life for this long is
# shown failed (its worker died); export files are kept this long for the user who asked.
REACH_IMPORT_STALE_MINUTES = float(env("REACH_IMPORT_STALE_MINUTES", "30"))
EXPORT_KEEP_HOURS = float(env("EXPORT_KEEP_HOURS", "24"))
# IATI activity exports (campaigns/reporting/iati.py): the publisher's IATI organisation
# identifier (IOM's by default) prefixes every activity identifier, "<org>-<campaign code>", and
# must never change once published; type 40 is "Multilateral" (IATI OrganisationType). Every
# export is validated against the official 2.03 schema in IATI_SCHEMA_DIR.
IATI_REPORTING_ORG = env("IATI_REPORTING_ORG", "XM-DAC-47066")
IATI_REPORTING_ORG_TYPE = env("IATI_REPORTING_ORG_TYPE", "40")
IATI_REPORTING_ORG_NAMES = {
    "en": "International Organization for Migration",
    "fr": "Organisation internationale pour les migrations",
}
IATI_SCHEMA_DIR = Path(env("IATI_SCHEMA_DIR", str(BASE_DIR.parent / "shared/data/iati-2.03")))
# No request from the admin to any other host.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000

# Local memory (the demo; production uses Redis when REDIS_URL is set). Room for every page
# version of the site in every language and the purge's stamps: Django's default of 300
# entries culled a third of the page cache at random once full.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}
# Anonymous public pages kept this many seconds in CACHES["default"] and by a CDN (s-maxage),
# purged on every publish (campaigns/site/page_cache.py); 0 turns the page cache off.
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "120"))
# How long a visitor waits for the render another request has begun of the same stale page.
PAGE_CACHE_WAIT_SECONDS = float(env("PAGE_CACHE_WAIT_SECONDS", "2"))
# A campaign page's publish renders and stores it (and its country page) in each of its
# languages before the publish returns (campaigns/site/page_cache_warm.py).
PAGE_CACHE_WARM = env_bool("PAGE_CACHE_WARM", True)
# The public pages' fixed-shape queries run as prepared statements on PostgreSQL (planned once
# per connection; campaigns/site/fixed_queries.py). Off behind a pooler in transaction mode
# (PgBouncer before 1.21), where a connection's prepared statements are not its own.
FIXED_QUERIES_PREPARED = env_bool("FIXED_QUERIES_PREPARED", True)
WAGTAILIMAGES_IMAGE_MODEL = "campaigns.CampaignImage"
# Files of images and documents used by live content are replaced only through a reviewed draft.
WAGTAILIMAGES_IMAGE_FORM_BASE = "campaigns.access.media_guards.LiveUseImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "campaigns.access.media_guards.LiveUseDocumentForm"
# Approval by the funder publishes, without giving reviewers publish rights
# (campaigns.content.review).
WAGTAIL_FINISH_WORKFLOW_ACTION = "campaigns.content.review.publish_approved"

# --- REST API (campaigns.reach.api, under /api/v1/) -------------------------------------------
# Partner systems send `Authorization: Token <key>` (a personal token from the admin's
# "Reach > API token" screen or `manage.py drf_create_token`); the admin's session works too.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: a request without credentials gets 401 with `WWW-Authenticate: Token`.
        "campaigns.access.login_throttle.ThrottledTokenAuthentication",  # 429 after wrong tokens
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only: no HTML API browser in production (dev settings may add the browsable one).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "campaigns.reach.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "campaigns.reach.api.errors.exception_handler",
    # Throttles count per client address: REMOTE_ADDR, unless API_NUM_PROXIES trusted proxies
    # append to X-Forwarded-For (left unset, DRF believed the header, which any client forges).
    "NUM_PROXIES": int(env("API_NUM_PROXIES", "0")),
    # Partner systems sync in bursts; these stop a runaway loop, not normal use.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
        "rest_framework.throttling.ScopedRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_THROTTLE_ANON", "60/hour"),
        "user": env("API_THROTTLE_USER", "5000/hour"),
        "reach-bulk": env("API_THROTTLE_BULK", "120/hour"),
        "token-failures": env("API_THROTTLE_TOKEN_FAILURES", "10/hour"),  # per address
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Prevention campaigns: reach reporting API",
    "VERSION": "1.0.0",
    "DESCRIPTION": (
        "Reach figures of prevention campaigns for partner systems: reference data (campaigns, "
        "indicators, age bands, organisations) and monthly reach reports, one at a time or in "
        "bulk, checked by the same rules as the admin form and the spreadsheet import.\n\n"
        "Authenticate with a personal token: `Authorization: Token <key>` (get it in the "
        "admin under Reach > API token). Campaigns, regions, channels, indicators and age bands "
        "are named by their codes, organisations by their name, materials by their UUID.\n\n"
        'Rule errors answer 400 (409 for a duplicate report) with `{"errors": [{"field", '
        '"value", "message", "code"}], "warnings": [...]}`; nothing is saved when any report '
        "of a request is wrong."
    ),
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": False,
    "PREPROCESSING_HOOKS": ["campaigns.reach.api.schema.only_api_v1"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "campaigns.reach.api.schema.document_errors",  # 401/403/404/429... on every endpoint
    ],
}
