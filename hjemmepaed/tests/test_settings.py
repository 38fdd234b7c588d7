"""Production settings refuse to start without a secret and are locked down."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from hjemmepaed.tests.settings_env import settings_evaluated

# Set by the test run, not by a server: DJANGO_ALLOW_ASYNC_UNSAFE comes from the browser tests'
# conftest (Playwright's event loop), and Django's deploy check rightly refuses it (async.E001).
PRODUCTION_ENV_NAMES = (
    "SECRET_KEY",
    "DEBUG",
    "CPR_ENCRYPTION_KEYS",
    "CPR_HASH_KEY",
    "REDIS_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def _production_environ(env_extra: dict) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV_NAMES}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", **env_extra})
    return env


def _production(env_extra: dict, args: list[str]) -> subprocess.CompletedProcess:
    """A real process with the production settings (the deploy check sets Django up)."""
    return subprocess.run(
        args,
        env=_production_environ(env_extra),
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        timeout=60,
    )


def _production_settings(env_extra: dict) -> dict:
    """The production settings a server started with this environment reads (no subprocess)."""
    return settings_evaluated("config.settings.production", _production_environ(env_extra))


def test_production_refuses_to_start_without_secret_key():
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY must be set"):
        _production_settings({})


def test_production_refuses_the_development_key():
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY must be set"):
        _production_settings({"SECRET_KEY": "dev-only-insecure-key-do-not-use-in-production"})


PRODUCTION_KEYS = {
    # Long and varied, as Django's security.W009 asks of a real key.
    "SECRET_KEY": "t7Qe-vR2#kLm9pZs4Wx!bN6yHc8JdF3gA5uE1oI0qT(rY)wS^zX&vB*nM%lK$jG@h",
    "CPR_ENCRYPTION_KEYS": "cHJvZHVjdGlvbi1rZXktZm9yLXRoZS10ZXN0LW9ubHk=",
    "CPR_HASH_KEY": "production-hash-key-for-the-test",
}


def test_production_refuses_the_development_cpr_keys():
    with pytest.raises(ImproperlyConfigured, match="CPR_ENCRYPTION_KEYS and CPR_HASH_KEY must be set"):
        _production_settings({"SECRET_KEY": "x" * 60})


def test_production_is_locked_down():
    s = _production_settings({**PRODUCTION_KEYS, "DEBUG": "true"})
    assert s["DEBUG"] is False
    assert s["SESSION_COOKIE_SECURE"] is True
    assert s["CSRF_COOKIE_SECURE"] is True
    assert s["SECURE_HSTS_SECONDS"] == 31536000
    assert s["DEMO_DATA_ALLOWED"] is False
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in s["MIDDLEWARE"]


# What a production server is given (README, "Running in production"); the check connects to none.
PRODUCTION_ENV = {
    **PRODUCTION_KEYS,
    "DATABASE_URL": "postgres://hjemmepaed@db.kommune.invalid:5432/hjemmepaed",
    "REDIS_URL": "redis://redis.kommune.invalid:6379/0",
    "ALLOWED_HOSTS": "hjemmepaed.kommune.dk",
}
DEPLOY_CHECK = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]


def test_production_passes_the_deploy_check_without_a_warning():
    result = _production(PRODUCTION_ENV, DEPLOY_CHECK)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr
    assert "?: (" not in result.stdout + result.stderr  # no check message of any level


def _sp_keys(folder) -> dict:
    key, cert = folder / "sp.key", folder / "sp.crt"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=hjemmepaed"),
            *("-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    return {"SAML_SP_KEY_FILE": str(key), "SAML_SP_CERT_FILE": str(cert)}


def test_production_with_single_sign_on_configured_passes_the_deploy_check_without_a_warning(tmp_path):
    """A server with an OpenID Connect provider's secret and the SAML service provider's key."""
    env = {**PRODUCTION_ENV, **_sp_keys(tmp_path), "SSO_CLIENT_SECRET_HELSINGOR": "a-secret-from-entra-id"}
    result = _production(env, DEPLOY_CHECK)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "?: (" not in result.stdout + result.stderr


@pytest.fixture(scope="module")
def faulty_deploy_check(tmp_path_factory) -> subprocess.CompletedProcess:
    """One deploy check of a server with three faults at once, each its own check message (the
    check reports every message, and any error or warning fails it): no shared cache, a weak
    secret key and a SAML key it cannot read. One Django start-up instead of three."""
    folder = tmp_path_factory.mktemp("saml-keys")
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "REDIS_URL"}
    env.update(_sp_keys(folder), SECRET_KEY="x" * 60, SAML_SP_KEY_FILE=str(folder / "missing.key"))
    return _production(env, DEPLOY_CHECK)


def test_production_deploy_check_sees_a_saml_key_it_cannot_read(tmp_path, faulty_deploy_check):
    result = faulty_deploy_check
    assert result.returncode != 0
    assert "hjemmepaed.E102" in result.stderr
    keys = _sp_keys(tmp_path)
    result = _production({**PRODUCTION_ENV, "SAML_SP_CERT_FILE": keys["SAML_SP_CERT_FILE"]}, DEPLOY_CHECK)
    assert result.returncode != 0
    assert "hjemmepaed.E101" in result.stderr


def test_production_without_a_shared_cache_fails_the_check(faulty_deploy_check):
    """Without Redis every worker would count the rate limits on its own."""
    assert faulty_deploy_check.returncode != 0
    assert "django_ratelimit.E003" in faulty_deploy_check.stderr  # an error: it fails the check by itself


def test_production_deploy_check_sees_a_weak_secret_key(faulty_deploy_check):
    assert faulty_deploy_check.returncode != 0
    assert "security.W009" in faulty_deploy_check.stderr  # a warning: --fail-level WARNING fails on it


def test_every_silenced_check_has_a_written_reason():
    base = (settings.BASE_DIR / "config" / "settings" / "base.py").read_text()
    for check in settings.SILENCED_SYSTEM_CHECKS:
        assert f"# - {check}" in base or f"# {check}" in base, f"{check} is silenced without a reason"


def test_embedded_default_needs_no_service():
    assert settings.CELERY_TASK_ALWAYS_EAGER is True
    assert settings.LANGUAGE_CODE == "da"
    assert settings.TIME_ZONE == "Europe/Copenhagen"


def test_production_keeps_generated_files_in_the_shared_database_unless_told_to_keep_them_local():
    """A worker on one server writes the report PDF that an app server on another downloads."""
    shared = _production_settings(PRODUCTION_ENV)
    assert shared["STORAGES"]["default"]["BACKEND"] == "reporting.storage.DatabaseStorage"
    local = _production_settings({**PRODUCTION_ENV, "FILE_STORAGE": "local"})
    assert local["STORAGES"]["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    with pytest.raises(ImproperlyConfigured, match="FILE_STORAGE must be one of local, database"):
        _production_settings({**PRODUCTION_ENV, "FILE_STORAGE": "s3"})


def test_the_embedded_default_keeps_generated_files_on_its_own_disk():
    assert settings.FILE_STORAGE == "local"
    assert settings.FILE_STORAGES[settings.FILE_STORAGE] == "django.core.files.storage.FileSystemStorage"
