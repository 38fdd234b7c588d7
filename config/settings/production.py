"""Production: refuses to start without a secret key; secure cookies, HSTS, whitenoise."""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    CPR_ENCRYPTION_KEYS,
    CPR_HASH_KEY,
    DEV_CPR_ENCRYPTION_KEY,
    DEV_CPR_HASH_KEY,
    FILE_STORAGES,
    INSTALLED_APPS,
    LOG_LEVEL,
    MIDDLEWARE,
    SILENCED_SYSTEM_CHECKS,
    STATICFILES_DIRS,
    STORAGES,
    env,
)
from .logs import logging_config

SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY or SECRET_KEY.startswith("dev-only"):
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment in production.")

if DEV_CPR_ENCRYPTION_KEY in CPR_ENCRYPTION_KEYS or CPR_HASH_KEY == DEV_CPR_HASH_KEY:
    raise ImproperlyConfigured("CPR_ENCRYPTION_KEYS and CPR_HASH_KEY must be set in the environment in production.")

DEBUG = False
DEMO_DATA_ALLOWED = False

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
# The IdP posts a SAML assertion from its own site: the SAML session's cookie must come along.
SAML_SESSION_COOKIE_SAMESITE = "None"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Several processes on several servers: the rate limits need the shared Redis cache, so here a
# missing REDIS_URL is the error django_ratelimit.E003 (base.py silences it for the embedded run).
SILENCED_SYSTEM_CHECKS = [check for check in SILENCED_SYSTEM_CHECKS if check != "django_ratelimit.E003"]

# Several app servers and workers: the generated files in the shared database unless
# FILE_STORAGE=local says this one machine runs everything (docs/operations.md, "Several servers").
FILE_STORAGE = env("FILE_STORAGE", default="database")
if FILE_STORAGE not in FILE_STORAGES:
    raise ImproperlyConfigured(f"FILE_STORAGE must be one of {', '.join(FILE_STORAGES)}.")
# The static files are collected once at build time (`make build`: hashed names and compressed
# copies in STATIC_ROOT, the manifest whitenoise serves them by); an app server needs no npm.
STORAGES = {
    **STORAGES,
    "default": {"BACKEND": FILE_STORAGES[FILE_STORAGE]},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# The design system's npm folder is read only by the build (`make build`); an app server has the
# collected copy in STATIC_ROOT and no node_modules, and staticfiles.W004 must not warn of it.
STATICFILES_DIRS = [
    entry for entry in STATICFILES_DIRS if Path(entry[1] if isinstance(entry, tuple) else entry).is_dir()
]

# Static files are served by the app servers themselves (behind the load balancer).
INSTALLED_APPS = ["whitenoise.runserver_nostatic", *INSTALLED_APPS]
MIDDLEWARE = [
    *MIDDLEWARE[:2],  # the request id, then SecurityMiddleware
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[2:],
]

# JSON lines for the log collector, unless LOG_FORMAT=plain (docs/operations.md, "Logs").
LOG_FORMAT = env("LOG_FORMAT", default="json")
LOGGING = logging_config(log_format=LOG_FORMAT, level=LOG_LEVEL)
