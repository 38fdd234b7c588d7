"""Test databases on PostgreSQL with `--reuse-db` (as `make test` runs): each run's test database
(one per xdist worker) is a fresh copy of a migrated template that the server keeps between runs.

The template is named after the migrations it was built from (every installed app's migration
files and Django's version): while none changed, a run copies it in about a second instead of
migrating for twenty; a changed, added or removed migration gives a new name, so a new template
is built and the old ones are dropped. Reusing the test database itself would be wrong twice: it
keeps the schema of older migrations (another branch, an edited migration), and the rows that
data migrations ship are gone once a transactional test has flushed the tables.

Without `--reuse-db`, with `--create-db`, or on SQLite (an in-memory database per worker)
pytest-django creates and migrates the test databases as usual.
"""

import hashlib
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

LOCK = 4_815_162_342  # pg_advisory_lock key: one worker at a time builds or copies


def migrations_fingerprint() -> str:
    import django
    from django.apps import apps

    digest = hashlib.sha256(django.get_version().encode())
    for app in sorted(apps.get_app_configs(), key=lambda app: app.label):
        for path in sorted((Path(app.path) / "migrations").glob("*.py")):
            digest.update(f"{app.label}/{path.name}\0".encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def _url(settings_dict: dict, name: str) -> str:
    user = quote(settings_dict["USER"] or "", safe="")
    password = quote(settings_dict["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    return f"postgres://{credentials}{settings_dict['HOST'] or ''}:{settings_dict['PORT'] or 5432}/{name}"


def _migrate(settings_dict: dict, name: str) -> None:
    """Migrate database `name` in a process of its own, as the test settings have it."""
    from django.conf import settings

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": _url(settings_dict, name)}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--run-syncdb", "--noinput", "-v0"],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
    )


def copy_of_migrated_template(connection) -> None:
    """Make this worker's test database a copy of the template of the current migrations."""
    creation = connection.creation
    quote_name = connection.ops.quote_name
    test_name = creation._get_test_db_name()
    prefix = f"test_{connection.settings_dict['NAME']}_migrated_"
    template = prefix + migrations_fingerprint()
    with creation._nodb_cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK])
        try:
            cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [prefix + "%"])
            existing = {name for (name,) in cursor.fetchall()}
            if template not in existing:
                for stale in existing:
                    cursor.execute(f"DROP DATABASE {quote_name(stale)} WITH (FORCE)")
                # Built under another name and renamed when migrated: a failed build leaves no template.
                building = template + "_building"
                cursor.execute(f"DROP DATABASE IF EXISTS {quote_name(building)} WITH (FORCE)")
                cursor.execute(f"CREATE DATABASE {quote_name(building)}")
                _migrate(connection.settings_dict, building)
                cursor.execute(f"ALTER DATABASE {quote_name(building)} RENAME TO {quote_name(template)}")
            cursor.execute(f"DROP DATABASE IF EXISTS {quote_name(test_name)} WITH (FORCE)")
            cursor.execute(f"CREATE DATABASE {quote_name(test_name)} TEMPLATE {quote_name(template)}")
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK])


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings, django_db_keepdb, django_db_createdb, django_db_blocker):
    """After pytest-django named this worker's test database (the `_gw0` suffix), before it sets
    it up: with `--reuse-db` on PostgreSQL, put a copy of the migrated template there, which
    pytest-django then finds and keeps."""
    from django.db import connection

    if connection.vendor == "postgresql" and django_db_keepdb and not django_db_createdb:
        with django_db_blocker.unblock():
            copy_of_migrated_template(connection)
