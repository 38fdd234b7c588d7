"""Settings shared by every environment.

Everything that differs between a laptop and a municipality's servers comes from the
environment (django-environ). Without any environment the app runs on an SQLite file in the
project and runs Celery tasks in-process: the embedded default for a first run.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
DEBUG = env.bool("DEBUG", default=False)
# With DEBUG on, Django's own debug pages (English, the URL list, the traceback) instead of the
# product's 404 and 500 pages (hjemmepaed.middleware.ProductErrorPagesMiddleware).
DEBUG_TECHNICAL_ERROR_PAGES = env.bool("DEBUG_TECHNICAL_ERROR_PAGES", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Demo logins with a published password must never exist in production.
DEMO_DATA_ALLOWED = env.bool("DEMO_DATA_ALLOWED", default=True)

INSTALLED_APPS = [
    "hjemmepaed.admin.HjemmepaedAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_guid",
    "crispy_forms",
    "django_filters",
    "hjemmepaed.admin.AxesConfig",
    # Second factor for every staff user: TOTP apps and one-time recovery codes.
    "django_otp",
    # SAML 2.0 single sign-on's views and session (hjemmepaed/organisation/views_saml.py).
    "djangosaml2",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "django_ratelimit",
    "hjemmepaed.ui",
    "hjemmepaed.organisation",
    "hjemmepaed.variants",
    "hjemmepaed.audit",
    "families",
    "visitation",
    "courses",
    "surveys",
    "reporting",
    "sdq",
    "privacy",
    "sheets",
    "demo",
]

MIDDLEWARE = [
    # First: the request id is on every log line, the other middleware's too.
    "django_guid.middleware.guid_middleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # A SAML login's own session, in its own cookie (`request.saml_session`, djangosaml2).
    "djangosaml2.middleware.SamlSessionMiddleware",
    "hjemmepaed.locale.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The acting user and client address for audit events, in a context variable.
    "hjemmepaed.audit.context.AuditContextMiddleware",
    # request.user.is_verified(); then every page but the second-factor steps asks for it.
    "django_otp.middleware.OTPMiddleware",
    "hjemmepaed.organisation.middleware.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "hjemmepaed.sessions.SessionLimitMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # After django-csp: a page of a single sign-on session lets its logout go on to the provider.
    "hjemmepaed.organisation.middleware.SingleSignOnLogoutMiddleware",
    "hjemmepaed.middleware.PrivateCacheMiddleware",
    # A NUL character in the address or in anything posted: the Danish 400 page, never a 500.
    "hjemmepaed.middleware.RefuseNulMiddleware",
    # With DEBUG on (make run) too: the product's 404 and 500 pages, not Django's debug pages.
    "hjemmepaed.middleware.ProductErrorPagesMiddleware",
    # Last, as django-axes asks: it turns a lockout into our Danish lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "hjemmepaed.organisation.context_processors.navigation",
                "hjemmepaed.offline.offline",
            ],
        },
    },
]
# Django's renderer, with select boxes written in Python (hjemmepaed/ui/renderers.py).
FORM_RENDERER = "hjemmepaed.ui.renderers.FormRenderer"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'hjemmepaed.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    (BASE_DIR / "var").mkdir(exist_ok=True)
    # Concurrent requests wait for each other instead of failing with "database is locked"
    # (HTTP 500, and the visit typed is lost): a write transaction takes the write lock when it
    # begins (IMMEDIATE), so it waits up to `timeout` seconds for another writer, where a deferred
    # one that has read first fails at once on its first write; WAL lets readers go on beside the
    # writer; synchronous=NORMAL is safe with WAL. courses/tests/test_sqlite_concurrency.py.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "organisation.User"

AUTHENTICATION_BACKENDS = [
    # django-axes must come first so that it can refuse a locked-out login.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the extra roles with the user.
    "hjemmepaed.organisation.backends.StaffBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# A refused form post gets the product's 403 page, not Django's English one.
CSRF_FAILURE_VIEW = "hjemmepaed.views.csrf_failure"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Single sign-on through a municipality's identity provider (hjemmepaed/organisation/oidc.py):
# how long the app waits for the provider, and how long a started login may take.
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT_SECONDS", default=10)
OIDC_LOGIN_SECONDS = env.int("OIDC_LOGIN_SECONDS", default=600)
# SAML 2.0 (hjemmepaed/organisation/saml.py, djangosaml2): the app's key and certificate, which
# sign its requests and decrypt encrypted assertions (PEM files; empty: unsigned requests).
SAML_SP_KEY_FILE = env.str("SAML_SP_KEY_FILE", default="")
SAML_SP_CERT_FILE = env.str("SAML_SP_CERT_FILE", default="")
# The login goes to the IdP as a redirect (a POST would need a script the CSP refuses); the
# pages set no CSP of their own (the site's applies); a logout always ends the local session.
SAML_DEFAULT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
SAML_CSP_HANDLER = ""
SAML_IGNORE_LOGOUT_ERRORS = True

# Sessions: 30 minutes idle and 12 hours in all (hjemmepaed/sessions.py enforces both).
SESSION_IDLE_TIMEOUT = timedelta(minutes=env.int("SESSION_IDLE_MINUTES", default=30))
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=env.int("SESSION_ABSOLUTE_HOURS", default=12))
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# djangosaml2's own cookie keeps a SAML login's request id until the IdP posts the assertion
# back from its own site, which a Lax cookie would not come with; SameSite=None needs Secure,
# so over plain HTTP (make run, the tests on loopback) it is Lax; production's is None.
SAML_SESSION_COOKIE_NAME = "saml_session"
SAML_SESSION_COOKIE_SAMESITE = "Lax"

# Lockout after repeated failed logins. Locking by username alone treats an unknown user
# exactly like a wrong password, so the answer never tells which usernames exist.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "hjemmepaed.organisation.views.lockout"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env.int("PROXY_COUNT", default=0)

# Hardening (docs/architecture.md, "Hardening").
# Content Security Policy (django-csp 4): nothing inline, nothing from other sites. Every script
# and style is a static file (DKFDS.init() too); charts are SVG elements with presentation
# attributes, which style-src does not govern.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        # The service worker (/sw.js) and the web app manifest, both from the site itself.
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Rate limits (django-ratelimit, counted in the default cache): login posts per client address
# and per username (axes also locks a username after AXES_FAILURE_LIMIT failures), questionnaire
# posts per client address and per link (per browser on an open link). Autosave posts count too,
# so the questionnaire's limits leave room for a parent typing a long answer.
RATE_LIMIT_LOGIN_PER_IP = env("RATE_LIMIT_LOGIN_PER_IP", default="10/m")
RATE_LIMIT_LOGIN_PER_USERNAME = env("RATE_LIMIT_LOGIN_PER_USERNAME", default="10/m")
RATE_LIMIT_SURVEY_PER_IP = env("RATE_LIMIT_SURVEY_PER_IP", default="120/m")
RATE_LIMIT_SURVEY_PER_LINK = env("RATE_LIMIT_SURVEY_PER_LINK", default="60/m")
# Calendar feed fetches per client address (a calendar program polls every few minutes at most).
RATE_LIMIT_CALENDAR_PER_IP = env("RATE_LIMIT_CALENDAR_PER_IP", default="60/m")
# Readiness page fetches per client address (hjemmepaed/health.py; a monitor asks once a minute).
RATE_LIMIT_READINESS_PER_IP = env("RATE_LIMIT_READINESS_PER_IP", default="30/m")
RATELIMIT_IP_META_KEY = "hjemmepaed.ratelimits.client_address"
# PDF rendering is stopped after this many seconds (hjemmepaed/pdf.py). A report takes 10-14 s
# at national scale (README); a letter rendered while the user waits gets the shorter limit,
# below gunicorn's 30-second worker timeout.
PDF_RENDER_TIME_LIMIT = env.int("PDF_RENDER_TIME_LIMIT", default=120)
PDF_RENDER_TIME_LIMIT_IN_REQUEST = env.int("PDF_RENDER_TIME_LIMIT_IN_REQUEST", default=20)
# Silenced checks, each with its reason:
# - axes.W006 asks to lock by IP address too; in a municipality many staff share one public
#   address, so one person's typos would lock out a whole office. Locking by username is kept
#   (the login's per-address rate limit above slows a guesser down without locking anyone out).
# - django_ratelimit.W001 lists only django-redis among Redis caches; Django's own RedisCache,
#   used here, is just as shared and increments with Redis' atomic INCR.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "django_ratelimit.W001"]

# Internationalisation: Danish first, English selectable.
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
# `make build` collects the static files here once (the npm build included); app servers only read them.
STATIC_ROOT = BASE_DIR / env("STATIC_ROOT", default="staticfiles")  # a relative one is the project's
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # The design system, installed from npm by make.
    ("dkfds", BASE_DIR / "node_modules" / "dkfds" / "dist"),
]
# Generated files (the report PDFs) go through the default storage: local files under MEDIA_ROOT
# (`FILE_STORAGE=local`, the embedded default, backed up by scripts/backup.sh), or rows in the
# shared database (`database`, production's default: every server reads what a worker wrote;
# reporting/storage.py, docs/operations.md "Several servers").
FILE_STORAGES = {
    "local": "django.core.files.storage.FileSystemStorage",
    "database": "reporting.storage.DatabaseStorage",
}
FILE_STORAGE = env("FILE_STORAGE", default="local")
if FILE_STORAGE not in FILE_STORAGES:
    raise ImproperlyConfigured(f"FILE_STORAGE must be one of {', '.join(FILE_STORAGES)}.")
STORAGES = {
    "default": {"BACKEND": FILE_STORAGES[FILE_STORAGE]},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))

CRISPY_ALLOWED_TEMPLATE_PACKS = ("dkfds",)
CRISPY_TEMPLATE_PACK = "dkfds"
CRISPY_FAIL_SILENTLY = False

# Celery: with no REDIS_URL the tasks run in-process, so a first run needs no broker.
REDIS_URL = env("REDIS_URL", default="")
# The cache holds the rate limits' counters: Redis, shared by every process, when REDIS_URL is set.
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # django_ratelimit.E003: a per-process cache is not shared. Without REDIS_URL the app is the
    # embedded single-process default (development, tests); production removes this again, so a
    # production without Redis fails its checks instead of multiplying the limits per worker.
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
# A worker that dies whole leaves its task unacknowledged in Redis, which delivers it again after
# the visibility timeout: longer than the hard time limit, so a task still running is never sent
# twice (reporting.services.reports_requeue picks up a report stuck past the limit sooner). The
# socket timeouts keep an order page from hanging on a broker that stopped answering.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 2 * CELERY_TASK_TIME_LIMIT,
    "socket_timeout": 5,
    "socket_connect_timeout": 5,
}
CELERY_RESULT_EXPIRES = timedelta(days=1)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# Beat sends the schedule only while it holds a lock in Redis (config/beat.py), so a second beat
# started by mistake sends nothing twice; renewed at least every 15 s, lost 60 s after its holder died.
CELERY_BEAT_SCHEDULER = "config.beat:SingleBeatScheduler"
CELERY_BEAT_MAX_LOOP_INTERVAL = 15
CELERY_BEAT_SCHEDULE = {
    "reporting-reports-requeue": {
        "task": "reporting.tasks.reports_requeue",
        "schedule": timedelta(minutes=5),
    },
    "courses-reminders-daily": {
        "task": "courses.tasks.reminders_daily",
        "schedule": crontab(hour=6, minute=30),
    },
    "sessions-clear-expired": {
        "task": "hjemmepaed.tasks.sessions_clear_expired",
        "schedule": timedelta(hours=24),
    },
    "surveys-invitation-reminders-daily": {  # a daytime hour: an SMS at night wakes a family
        "task": "surveys.tasks.invitation_reminders_daily",
        "schedule": crontab(hour=9, minute=15),
    },
    "surveys-drafts-purge": {
        "task": "surveys.tasks.drafts_purge",
        "schedule": crontab(hour=3, minute=15),
    },
    "audit-events-purge": {
        "task": "hjemmepaed.audit.tasks.audit_events_purge",
        "schedule": crontab(hour=2, minute=45),
    },
    "retention-courses-anonymise": {
        "task": "privacy.tasks.courses_anonymise_nightly",
        "schedule": crontab(hour=2, minute=30),
    },
}

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="hjemmepaed@localhost")
# Where staff reach the app; used in links in e-mails.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# Parent questionnaires: days an invitation can be answered after the course closed.
SURVEY_INVITATION_DAYS = env.int("SURVEY_INVITATION_DAYS", default=60)
# An open link's unsent answers are kept this long after the parent last saved them, bound to a
# cookie of that page (surveys/views.py); then the nightly job deletes them.
SURVEY_OPEN_DRAFT_DAYS = env.int("SURVEY_OPEN_DRAFT_DAYS", default=7)
# Text messages to parents (hjemmepaed/sms.py): a generic HTTP gateway; without a URL, no SMS.
SMS_GATEWAY_URL = env("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_KEY = env("SMS_GATEWAY_KEY", default="")
SMS_GATEWAY_TIMEOUT = env.float("SMS_GATEWAY_TIMEOUT", default=10.0)

# CPR numbers (hjemmepaed/cpr.py). The development defaults are public; production refuses them.
DEV_CPR_ENCRYPTION_KEY = "ZGV2LW9ubHktY3ByLWtleS1kby1ub3QtdXNlLTEyMzQ="
DEV_CPR_HASH_KEY = "dev-only-cpr-hash-key"
CPR_ENCRYPTION_KEYS = env.list("CPR_ENCRYPTION_KEYS", default=[DEV_CPR_ENCRYPTION_KEY])
CPR_HASH_KEY = env("CPR_HASH_KEY", default=DEV_CPR_HASH_KEY)

# Audit events are kept this many years, then deleted by the nightly beat task
# hjemmepaed.audit.tasks.audit_events_purge (the only code path that deletes events).
AUDIT_RETENTION_YEARS = env.int("AUDIT_RETENTION_YEARS", default=5)

# Behind a load balancer: how many proxies put an X-Forwarded-For in front of the client.
PROXY_COUNT = env.int("PROXY_COUNT", default=0)

# Logs (docs/operations.md, "Logs"): plain text here, JSON lines in production (LOG_FORMAT).
LOG_FORMAT = env("LOG_FORMAT", default="plain")
LOG_LEVEL = env("LOG_LEVEL", default="INFO")
LOGGING = logging_config(log_format=LOG_FORMAT, level=LOG_LEVEL)
# Error reports to a Sentry-protocol endpoint, only when SENTRY_DSN is set; nothing personal is
# sent (hjemmepaed/error_reporting.py, docs/operations.md).
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    from hjemmepaed.error_reporting import error_reporting_init

    error_reporting_init(dsn=SENTRY_DSN, environment=env("SENTRY_ENVIRONMENT", default="production"))
# The request id (django-guid): a well-formed X-Request-ID from the proxy in front (a UUID, as
# nginx's $request_id is), else a new one; answered in the same header and on every log line.
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "VALIDATE_GUID": True,
    "RETURN_HEADER": True,
    "EXPOSE_HEADER": False,
}
