"""Test databases on PostgreSQL with `--reuse-db` (as `make test` runs): each run's test database
(one per xdist worker) is a fresh copy of a migrated template that the server keeps between runs.

The template is named after the migrations it was built from (every installed app's migration
files and Django's version): while none changed, a run copies it in about a second instead of
migrating for twenty; a changed, added or removed migration gives a new name, so a new template
is built and the old ones are dropped. Reusing the test database itself would be wrong twice: it
keeps the schema of older migrations (another branch, an edited migration), and the rows that
data migrations ship are gone once a transactional test has flushed the tables.

On SQLite (the embedded default) each worker's test database is in memory; it is filled with
`sqlite3`'s backup from a migrated template file kept under `var/test-databases/`, named the same
way, built by the first worker that needs it while the others wait on a file lock (migrating costs
about 12 s of CPU per worker; the copy a few milliseconds). `--create-db` migrates as usual.
Without `--reuse-db` on PostgreSQL, or with `--create-db`, pytest-django creates and migrates
the test databases as usual.
"""

import fcntl
import hashlib
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

import pytest

LOCK = 4_815_162_342  # pg_advisory_lock key: one worker at a time builds or copies


# What the data migrations read besides themselves: the shipped questionnaires and consent texts.
SHIPPED_DATA = ("surveys/definitions", "surveys/loading.py", "surveys/translations.py", "families/consent_texts.py")


def migrations_fingerprint() -> str:
    import django
    from django.apps import apps
    from django.conf import settings

    digest = hashlib.sha256(django.get_version().encode())
    for app in sorted(apps.get_app_configs(), key=lambda app: app.label):
        for path in sorted((Path(app.path) / "migrations").glob("*.py")):
            digest.update(f"{app.label}/{path.name}\0".encode() + path.read_bytes())
    for name in SHIPPED_DATA:
        root = Path(settings.BASE_DIR) / name
        for path in sorted([root] if root.is_file() else root.rglob("*")):
            if path.is_file():
                digest.update(f"{name}/{path.name}\0".encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def _url(settings_dict: dict, name: str) -> str:
    user = quote(settings_dict["USER"] or "", safe="")
    password = quote(settings_dict["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    return f"postgres://{credentials}{settings_dict['HOST'] or ''}:{settings_dict['PORT'] or 5432}/{name}"


def _migrate(database_url: str) -> None:
    """Migrate the database at `database_url` in a process of its own, as the test settings have it."""
    from django.conf import settings

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": database_url}
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
                _migrate(_url(connection.settings_dict, building))
                cursor.execute(f"ALTER DATABASE {quote_name(building)} RENAME TO {quote_name(template)}")
            cursor.execute(f"DROP DATABASE IF EXISTS {quote_name(test_name)} WITH (FORCE)")
            cursor.execute(f"CREATE DATABASE {quote_name(test_name)} TEMPLATE {quote_name(template)}")
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK])


def sqlite_template() -> Path:
    """The migrated template file of the current migrations, built when missing."""
    from django.conf import settings

    folder = Path(settings.BASE_DIR) / "var" / "test-databases"
    folder.mkdir(parents=True, exist_ok=True)
    template = folder / f"sqlite-{migrations_fingerprint()}.sqlite3"
    with open(folder / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one worker builds; the others wait, then copy
        if not template.exists():
            for stale in folder.glob("sqlite-*.sqlite3*"):
                stale.unlink()
            building = folder / f"building-{os.getpid()}.sqlite3"
            _migrate(f"sqlite:///{building}")
            with closing(sqlite3.connect(building)) as built:
                built.execute("PRAGMA journal_mode=DELETE")  # one file, no write-ahead log beside it
            building.rename(template)  # a failed build leaves no template
    return template


def _copy_of_sqlite_template(creation):
    """`create_test_db` for this worker's in-memory SQLite database: the template's rows and
    schema copied in, where Django would migrate."""
    from django.conf import settings

    def create_test_db(verbosity=1, autoclobber=False, serialize=True, keepdb=False):
        connection = creation.connection
        name = creation._get_test_db_name()
        creation._create_test_db(verbosity, autoclobber, keepdb)
        connection.close()
        settings.DATABASES[connection.alias]["NAME"] = name
        connection.settings_dict["NAME"] = name
        connection.ensure_connection()
        with closing(sqlite3.connect(f"file:{sqlite_template()}?mode=ro", uri=True)) as template:
            template.backup(connection.connection)
        if serialize:
            connection._test_serialized_contents = creation.serialize_db_to_string()
        return name

    return create_test_db


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings, django_db_keepdb, django_db_createdb, django_db_blocker):
    """After pytest-django named this worker's test database (the `_gw0` suffix), before it sets
    it up: with `--reuse-db` on PostgreSQL, put a copy of the migrated template there, which
    pytest-django then finds and keeps; on SQLite (in memory), have the template copied in
    where Django would migrate, unless `--create-db` asks for a migration."""
    from django.db import connection

    if connection.vendor == "postgresql" and django_db_keepdb and not django_db_createdb:
        with django_db_blocker.unblock():
            copy_of_migrated_template(connection)
    if (
        connection.vendor == "sqlite"
        and connection.creation.is_in_memory_db(connection.creation._get_test_db_name())
        and not django_db_createdb
    ):
        connection.creation.create_test_db = _copy_of_sqlite_template(connection.creation)
