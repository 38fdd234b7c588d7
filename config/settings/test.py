"""The test suite: fast hasher, in-process Celery unless a real broker is given."""

from .base import *  # noqa: F403
from .base import REDIS_URL, SILENCED_SYSTEM_CHECKS

# Rate-limit counters in the test process's memory, even when REDIS_URL gives a broker; the
# root conftest empties the cache before every test (see base.py for django_ratelimit.E003).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SILENCED_SYSTEM_CHECKS = sorted({*SILENCED_SYSTEM_CHECKS, "django_ratelimit.E003"})

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Unit tests run tasks in-process; the broker test in hjemmepaed/tests/test_celery.py starts a
# real worker when REDIS_URL is set.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = REDIS_URL or "memory://"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False}

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # Django empties the test database between transactional tests; the audit table's
    # append-only trigger lets that through only with this switch (see audit migration 0002).
    # test_audit.py switches it off again to prove the trigger refuses.
    # synchronous_commit=off: a commit does not wait for its WAL to reach the disk (about 3 ms
    # a commit here, 0.2 ms without). A transactional test (every browser test, the worker and
    # concurrency tests) commits each statement its set-up and its requests make; a test
    # database need not survive a crash of the server. Production keeps the server's setting.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (  # noqa: F405
        "-c hjemmepaed.audit_purge=on -c synchronous_commit=off"
    )
