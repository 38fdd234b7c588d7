"""Production settings refuse to start without a secret and are locked down."""

import os
import subprocess
import sys

from django.conf import settings


def _production(env_extra: dict) -> subprocess.CompletedProcess:
    env = {
        k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "CPR_ENCRYPTION_KEYS", "CPR_HASH_KEY")
    }
    env.update({"DJANGO_SETTINGS_MODULE": "hjemmepaed.settings.production", **env_extra})
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, "
        "s.DEMO_DATA_ALLOWED, 'whitenoise.middleware.WhiteNoiseMiddleware' in s.MIDDLEWARE)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        timeout=60,
    )


def test_production_refuses_to_start_without_secret_key():
    result = _production({})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_the_development_key():
    result = _production({"SECRET_KEY": "dev-only-insecure-key-do-not-use-in-production"})
    assert result.returncode != 0


PRODUCTION_KEYS = {
    "SECRET_KEY": "x" * 60,
    "CPR_ENCRYPTION_KEYS": "cHJvZHVjdGlvbi1rZXktZm9yLXRoZS10ZXN0LW9ubHk=",
    "CPR_HASH_KEY": "production-hash-key-for-the-test",
}


def test_production_refuses_the_development_cpr_keys():
    result = _production({"SECRET_KEY": "x" * 60})
    assert result.returncode != 0
    assert "CPR_ENCRYPTION_KEYS and CPR_HASH_KEY must be set" in result.stderr


def test_production_is_locked_down():
    result = _production({**PRODUCTION_KEYS, "DEBUG": "true"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "31536000", "False", "True"]


def test_embedded_default_needs_no_service():
    assert settings.CELERY_TASK_ALWAYS_EAGER is True
    assert settings.LANGUAGE_CODE == "da"
    assert settings.TIME_ZONE == "Europe/Copenhagen"
