"""CNQP settings. Every value comes from the environment (see README, "Cấu hình").

With no environment at all this is a development setup: DEBUG on, SQLite under var/,
a per-machine secret key. Setting SECRET_KEY marks a production deployment: DEBUG then
defaults to off and every secure default applies, so `manage.py check --deploy` is clean.
"""

from __future__ import annotations

import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from cnqp.env import (
    default_conn_max_age,
    development_secret_key,
    env_bool,
    env_int,
    env_list,
    env_str,
    serves_requests,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("CNQP_VAR_DIR", str(BASE_DIR / "var")))

_SECRET_FROM_ENV = env_str("SECRET_KEY")
PRODUCTION = bool(_SECRET_FROM_ENV)
DEBUG = env_bool("DEBUG", default=not PRODUCTION)
if not DEBUG and not PRODUCTION:
    raise ImproperlyConfigured("DEBUG is off: set SECRET_KEY (at least 50 random characters).")
SECRET_KEY = _SECRET_FROM_ENV or development_secret_key(VAR_DIR)
AUDIT_KEY = env_str("AUDIT_KEY")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "cnqp.core",
    "cnqp.api",
    "cnqp.documents",
    "cnqp.research",
    "cnqp.production",
    "cnqp.reports",
    "cnqp.quality",
    "cnqp.performance",
    "cnqp.press",
    "cnqp.awards",
    "cnqp.legal",
    "cnqp.cooperation",
    "cnqp.safety",
    "cnqp.training",
    "cnqp.directives",
    "cnqp.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cnqp.core.site.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cnqp.core.site.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "cnqp.core.audit.context.AuditContextMiddleware",
    "cnqp.core.accounts.second_factor.SecondFactorMiddleware",
]

ROOT_URLCONF = "cnqp.urls"
WSGI_APPLICATION = "cnqp.wsgi.application"
ASGI_APPLICATION = "cnqp.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cnqp" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "cnqp.core.site.context_processors.shell",
            ],
            "builtins": ["cnqp.core.templatetags.vn"],
        },
    }
]
# Fields with errors get Bootstrap's is-invalid beside Django's aria attributes.
FORM_RENDERER = "cnqp.core.records.forms.FormRenderer"

# --- Database ------------------------------------------------------------------------------
# Connections are kept CONN_MAX_AGE seconds by processes with a fixed number of threads
# (gunicorn's workers, the task worker) and checked before each reuse, so a database restart
# costs no request an error; `runserver` keeps none (a thread per request: kept connections
# are never reused, and 60 s of them used up PostgreSQL's 100 under load). cnqp/env.py.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'cnqp.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", default_conn_max_age(sys.argv)),
        conn_health_checks=env_bool("CONN_HEALTH_CHECKS", True))
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the writer; IMMEDIATE takes the write lock at BEGIN, so
    # concurrent writers queue instead of failing with "database is locked" mid-transaction.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
        " PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("TEST", {})["NAME"] = ""  # in-memory test database
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: the trace's recursive queries are estimated at millions of rows and spent
    # 200 ms compiling for a 0.2 ms walk; the report aggregates gain less than they pay.
    # (added to any options the DATABASE_URL gives)
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
    # an unreachable server fails a connection in 10 s, not after TCP's minutes (the task
    # worker retries; a request answers 500 instead of hanging); ?connect_timeout=N overrides
    _options.setdefault("connect_timeout", 10)
    # A request's statement runs at most CNQP_REQUEST_STATEMENT_SECONDS (30): a query gone
    # wrong is cancelled, not left holding a connection and a worker; the task worker and
    # commands (imports of millions of rows, reports) have no limit.
    _limit = env_int("CNQP_REQUEST_STATEMENT_SECONDS", 30) if serves_requests(sys.argv) else 0
    if _limit:
        _options["options"] += f" -c statement_timeout={_limit * 1000}"
# The audit chain's anchored head (cnqp/core/audit/anchor.py): a signed file outside the
# database, in production on another machine or on storage the database's users cannot
# rewrite; the optional log of every anchor belongs on append-only storage. "" turns either off.
# The default is one file per database, so a second database (benchmarks) has its own.
AUDIT_ANCHOR_PATH = env_str(
    "AUDIT_ANCHOR_PATH",
    str(VAR_DIR / f"audit-anchor-{Path(str(DATABASES['default']['NAME'])).stem}.json"),
)
AUDIT_ANCHOR_LOG = env_str("AUDIT_ANCHOR_LOG")
AUDIT_ANCHOR_KEY = env_str("AUDIT_ANCHOR_KEY")  # default: derived from AUDIT_KEY (SECRET_KEY)
# After a commit that audited, a process anchors the head unless it did so less than this many
# seconds ago (an anchor costs two fsyncs); `manage.py anchor_audit` anchors whatever is left.
AUDIT_ANCHOR_INTERVAL = env_int("AUDIT_ANCHOR_INTERVAL", 1)
# The trace's hot statements are prepared once per connection (cnqp/core/prepared.py); off
# behind a pooler in transaction mode, which cannot keep prepared statements.
CNQP_PREPARED_STATEMENTS = env_bool("CNQP_PREPARED_STATEMENTS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -------------------------------------------------------------------------
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = ["cnqp.core.accounts.backend.RoleBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A user created without a password sets one through a one-time link (accounts/setup.py),
# valid this long; the commands print links on this address.
PASSWORD_RESET_TIMEOUT = 7 * 24 * 3600
CNQP_SITE_URL = env_str("CNQP_SITE_URL", "http://127.0.0.1:8000")
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"
# Lockout: this many failures for one account within the window lock it for the window;
# the same count per client address throttles guessing across accounts.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("LOGIN_FAILURE_WINDOW_SECONDS", 15 * 60)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20)
TOTP_ISSUER = env_str("TOTP_ISSUER", "CNQP")

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# a refused form says, in the site's layout and language, that it expired and how to go on
CSRF_FAILURE_VIEW = "cnqp.core.site.views.errors.csrf_failure_view"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", PRODUCTION)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", PRODUCTION)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz(/worker)?$"]

# --- Internationalisation --------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "cnqp" / "locale"]
FORMAT_MODULE_PATH = ["cnqp.formats"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

# --- Static and media files ------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "cnqp" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG  # development serves straight from the app folders
WHITENOISE_AUTOREFRESH = DEBUG
if DEBUG:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media-not-served/"  # files are served only through checked, audited views
# A user whose codes were refused this many times within the window as taken by records they
# may not see writes nothing more until it passes (cnqp/core/records/probes.py).
CNQP_PROBE_LIMIT = env_int("CNQP_PROBE_LIMIT", 5)
CNQP_PROBE_WINDOW_SECONDS = env_int("CNQP_PROBE_WINDOW_SECONDS", 3600)
# Only the application's own scripts run; no other origin is ever asked for anything.
CNQP_CONTENT_SECURITY_POLICY = env_str(
    "CNQP_CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "frame-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'self'; "
    "object-src 'none'")

# --- Limits on what a request brings (README, "Configuration"; SECURITY.md) -----------------
# A body that is not a file upload (JSON, form fields) up to this size, else 413 (API) or 400;
# at most this many form fields.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 20
# The largest file a user may upload (bytes); larger uploads are refused before storage, and a
# multipart request larger than this plus DATA_UPLOAD_MAX_MEMORY_SIZE before it is read.
CNQP_MAX_UPLOAD_BYTES = env_int("CNQP_MAX_UPLOAD_BYTES", 200 * 1024 * 1024)
CNQP_MAX_PHOTO_BYTES = env_int("CNQP_MAX_PHOTO_BYTES", 15 * 1024 * 1024)
# Uploads up to 5 MB are read in memory, larger ones into a temporary file (cnqp/core/uploads.py
# bounds the request, names the temporary file safely whatever the upload's name, and keeps the
# sent name so that one over 255 characters is refused instead of cut).
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_HANDLERS = ["cnqp.core.uploads.RequestSizeLimit", "cnqp.core.uploads.MemoryUpload",
                        "cnqp.core.uploads.TemporaryUpload"]
# The longest text a record keeps in one field (a description, a note, a reason): longer is
# refused by the API's schema, the forms and the services alike (core/records/writes.py).
CNQP_MAX_TEXT_LENGTH = env_int("CNQP_MAX_TEXT_LENGTH", 20_000)

# --- Logging ----------------------------------------------------------------------------------
LOG_DIR = Path(env_str("LOG_DIR", str(VAR_DIR / "log")))
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOG_TO_FILE = env_bool("LOG_TO_FILE", PRODUCTION)
if LOG_TO_FILE:
    LOG_DIR.mkdir(parents=True, exist_ok=True)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name} {message}", "style": "{"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        **(
            {
                "file": {
                    "class": "logging.handlers.WatchedFileHandler",
                    "filename": str(LOG_DIR / "cnqp.log"),
                    "formatter": "plain",
                }
            }
            if LOG_TO_FILE
            else {}
        ),
    },
    "root": {"handlers": ["console", "file"] if LOG_TO_FILE else ["console"], "level": LOG_LEVEL},
}

FILTERS_EMPTY_CHOICE_LABEL = _("All")  # django-filter's empty choice, instead of "---------"

# --- Background tasks ---------------------------------------------------------------------------
# Long imports and report generation run in the task worker (`manage.py job_worker`, started by
# `make run`; a service of its own in production). The queue is a table of the same database,
# so it needs nothing more on SQLite or PostgreSQL. TASKS_BACKEND=immediate runs jobs inside
# the request instead (no worker; the page waits).
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if env_str("TASKS_BACKEND", "database") == "immediate"
        else "django_tasks_db.DatabaseBackend",
    }
}
# The task worker (`manage.py job_worker`) checks in every CNQP_WORKER_HEARTBEAT_SECONDS;
# one not seen for CNQP_WORKER_STALE_SECONDS is dead: /healthz/worker answers 503 when no
# worker is alive, and the jobs a dead worker was running are failed (cnqp/core/jobs/lost.py).
CNQP_WORKER_HEARTBEAT_SECONDS = env_int("CNQP_WORKER_HEARTBEAT_SECONDS", 5)
CNQP_WORKER_STALE_SECONDS = env_int("CNQP_WORKER_STALE_SECONDS", 60)
if not 1 <= CNQP_WORKER_HEARTBEAT_SECONDS <= CNQP_WORKER_STALE_SECONDS // 3:
    raise ImproperlyConfigured("CNQP_WORKER_HEARTBEAT_SECONDS must be at least 1 and at most "
                               "a third of CNQP_WORKER_STALE_SECONDS")

# --- Application -------------------------------------------------------------------------------
CNQP_DEFAULT_PAGE_SIZE = 25
CNQP_EXPORT_MAX_ROWS = env_int("CNQP_EXPORT_MAX_ROWS", 100_000)
CNQP_DEMO_PASSWORD = "Cnqp@2026demo"
# Periodic reports: the agency above the root unit (the first line of a report's header), the
# place printed beside the date, and the LibreOffice that turns a DOCX into a PDF.
CNQP_PARENT_AGENCY = env_str("CNQP_PARENT_AGENCY", "Bộ Quốc phòng")
CNQP_REPORT_PLACE = env_str("CNQP_REPORT_PLACE", "Hà Nội")
CNQP_SOFFICE = env_str("CNQP_SOFFICE", "soffice")
CNQP_SOFFICE_TIMEOUT = env_int("CNQP_SOFFICE_TIMEOUT", 180)
# The home page's figures are kept this long per user (0: computed on every visit).
CNQP_DASHBOARD_CACHE_SECONDS = env_int("CNQP_DASHBOARD_CACHE_SECONDS", 60)
# Covering indexes (INCLUDE) are for PostgreSQL; SQLite builds the same index without the
# included columns, which is what we want there.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
