"""govcases settings: one file, driven by environment variables (README, "Settings";
docs/deployment.md).

DATABASE_URL        database (default: SQLite file db.sqlite3 in the project)
DJANGO_DEBUG        "1"/"true" for debug (default: off)
DJANGO_SECRET_KEY   required when debug is off: at least 50 characters, 5 different
DJANGO_ALLOWED_HOSTS comma-separated host names (default with debug: localhost names)
DJANGO_HTTPS        "1" behind HTTPS: SSL redirect, HSTS, Secure cookies
DJANGO_BEHIND_PROXY "1" to trust X-Forwarded-Proto from the proxy in front
DJANGO_CSRF_TRUSTED_ORIGINS comma-separated origins (https://cases.example.org)
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string, "
            "or set DJANGO_DEBUG=1 for a local development run."
        )
    SECRET_KEY = "insecure-local-development-key-only-used-with-debug-on"
elif not DEBUG and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    # Django's own minimum (security.W009), enforced rather than warned about.
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is too short: use at least 50 characters with at least 5 "
        "different ones, for example the output of: python3 -c 'import secrets; "
        "print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",")
    if host.strip()
]
if DEBUG and not ALLOWED_HOSTS:
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "corsheaders",
    # The four apps, each depending only on those above it (DESIGN.md, "Layout").
    "practices",
    "casefiles",
    "browse",
    "research",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "govcases.middleware.SiteHeadersMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "govcases.db_router.PrimaryForWritesMiddleware",
    # Anonymous public pages from the cache, under the library's version.
    "govcases.page_cache.PageCacheMiddleware",
    # ETags over the page as sent (after the script conversion below).
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "browse.script.TraditionalScriptMiddleware",
]

ROOT_URLCONF = "govcases.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "govcases.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A write-ahead log: a reader in a transaction (an export streams from one for
    # seconds) and a writer do not wait for each other; with the rollback journal a
    # save during a download waited for it and failed ("database is locked"). The
    # mode stays with the file (tests/test_embedded_database.py).
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA journal_mode=WAL"

# Reads may go to a PostgreSQL replica (DATABASE_REPLICA_URL); writes, the admin and
# any request that writes stay on the primary (govcases/db_router.py).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=60
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["govcases.db_router.ReplicaRouter"]

# A cache shared by every app server (Redis) when GOVCASES_CACHE_URL is set, else
# one per process. It holds facet counts for FACET_CACHE_SECONDS, under the library's
# version (practices/library_version.py), which every write moves on: with a shared
# cache they can be kept a day; a cache per process keeps them 30 s, the most another
# process may lag a write.
if os.environ.get("GOVCASES_CACHE_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["GOVCASES_CACHE_URL"],
            "KEY_PREFIX": "govcases",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
FACET_CACHE_SECONDS = int(
    os.environ.get(
        "GOVCASES_FACET_CACHE_SECONDS",
        24 * 3600 if os.environ.get("GOVCASES_CACHE_URL") else 30,
    )
)

# Whole anonymous public pages, kept under the library's version
# (govcases/page_cache.py); 0 turns the page cache off.
PAGE_CACHE_SECONDS = int(
    os.environ.get("GOVCASES_PAGE_CACHE_SECONDS", FACET_CACHE_SECONDS)
)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Case-file uploads in the admin: larger files are refused with a message.
CASE_FILE_MAX_BYTES = int(
    os.environ.get("GOVCASES_CASE_FILE_MAX_BYTES", 2 * 1024 * 1024)
)
# The preview carries the file (base64) on to the confirm step.
DATA_UPLOAD_MAX_MEMORY_SIZE = CASE_FILE_MAX_BYTES * 2

LOGIN_URL = "admin:login"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind HTTPS in production, set DJANGO_HTTPS=1: every HTTPS-only setting follows.
HTTPS = env_flag("DJANGO_HTTPS")
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 31536000 * HTTPS))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("DJANGO_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_flag("DJANGO_HSTS_PRELOAD", HTTPS)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = HTTPS or env_flag(
    "DJANGO_SECURE_COOKIES"
)
if env_flag("DJANGO_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]
# The site's own pages need nothing from elsewhere and no inline script or style;
# the admin's templates still carry a few style attributes.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
CONTENT_SECURITY_POLICY_ADMIN = (
    CONTENT_SECURITY_POLICY + "; style-src 'self' 'unsafe-inline'"
)
# Public pages may be kept this long by browsers and shared caches.
PUBLIC_CACHE_SECONDS = int(os.environ.get("GOVCASES_PUBLIC_CACHE_SECONDS", 300))

# Errors with their tracebacks go to stderr, which gunicorn and systemd capture.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "govcases.log_fields.RequestFields"}},
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s "
            "[%(method)s %(path)s %(status_code)s] %(message)s"
        }
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "filters": ["request"],
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        "govcases": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}

# The covering index of practice facets includes non-key columns on PostgreSQL;
# SQLite builds it without them, which is fine for the embedded default.
SILENCED_SYSTEM_CHECKS = ["models.W040"]


# The read API (research/api.py): JSON only, GET only, no sessions (so no CSRF), open
# to other sites (CORS), anonymous clients rate-limited per IP.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("GOVCASES_API_RATE", "120/minute")
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "govcases read API",
    "DESCRIPTION": (
        "Published grassroots governance practices: steps, actors with roles, figures, "
        "each quoting its source. docs/api.md; field meanings in /codebook/."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "research.api_schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {"LevelEnum": "practices.choices.Level"},
    "COMPONENT_SPLIT_REQUEST": True,
}
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
