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


# Between transactional tests (every browser test, the worker and concurrency tests) Django's
# TransactionTestCase empties every table with `flush`, which on PostgreSQL is one TRUNCATE of
# all 80 tables (a new file for each table and index: 1.5–2 s a test on this machine, under
# load up to 5 s); then post_migrate makes the content types and permissions again and the root
# conftest installed the data migrations' rows again. Instead, the rows the test database starts
# with (the baseline: data migrations', post_migrate's) are recorded once per session, and after
# a transactional test only the tables that hold other rows are emptied, with DELETE (a few
# milliseconds for the few rows of a test), and a baseline table a test changed gets its
# recorded rows back: every test starts from the same rows, as the flush gave (with the same ids
# now). One query finds which tables to reset. Test cases that ask for more of the flush
# (available_apps, serialized_rollback, reset_sequences) keep Django's.
class Baseline:
    """One database's rows at the start of the session, and how to get back to them."""

    def __init__(self, connection):
        self.alias = connection.alias
        self.tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
        nonempty = self._nonempty(self.tables)
        self.columns = {table: self._columns(table) for table in nonempty}
        self.rows = {table: self._rows(table) for table in self.tables if table in nonempty}
        self.digests = dict(self._digests(self.rows)) if connection.vendor == "postgresql" else {}

    def reset(self) -> None:
        """Empty the tables with rows the baseline does not have; give a changed baseline table its rows back."""
        others = [table for table in self.tables if table not in self.rows]
        changed = sorted(self._nonempty(others))
        if self.connection.vendor == "postgresql":
            changed += [table for table, digest in self._digests(self.rows) if digest != self.digests[table]]
        else:
            changed += [table for table in self.rows if self._rows(table) != self.rows[table]]
        if not changed:
            return
        from django.db import transaction

        quote = self.connection.ops.quote_name
        with transaction.atomic(using=self.alias), self.connection.cursor() as cursor:
            for table in changed:  # the foreign keys are checked at the commit, once all is back
                cursor.execute(f"DELETE FROM {quote(table)}")
            for table in changed:
                if table in self.rows:
                    self._restore(cursor, table)
        if "django_content_type" in changed:
            from django.contrib.contenttypes.models import ContentType

            ContentType.objects.clear_cache()

    def _columns(self, table) -> str:
        """The table's columns, quoted, in its order."""
        quote = self.connection.ops.quote_name
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {quote(table)} WHERE 1 = 0")
            return ", ".join(quote(column[0]) for column in cursor.description)

    def _nonempty(self, tables) -> set[str]:
        if not tables:
            return set()
        quote = self.connection.ops.quote_name
        query = " UNION ALL ".join(f"SELECT %s WHERE EXISTS (SELECT 1 FROM {quote(table)})" for table in tables)
        with self.connection.cursor() as cursor:
            cursor.execute(query, list(tables))
            return {name for (name,) in cursor.fetchall()}

    def _digests(self, tables):
        """PostgreSQL: a digest of each table's rows, to see a change without reading them here."""
        quote = self.connection.ops.quote_name
        query = " UNION ALL ".join(
            f"SELECT %s, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM {quote(table)} t"
            for table in tables
        )
        with self.connection.cursor() as cursor:
            cursor.execute(query, list(tables))
            return cursor.fetchall()

    def _rows(self, table):
        quote = self.connection.ops.quote_name
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":  # as COPY's text: every type as it was
                with cursor.cursor.copy(f"COPY {quote(table)} ({self.columns[table]}) TO STDOUT") as copy:
                    return b"".join(bytes(block) for block in copy)
            cursor.execute(f"SELECT {self.columns[table]} FROM {quote(table)} ORDER BY rowid")
            return cursor.fetchall()

    def _restore(self, cursor, table) -> None:
        quote = self.connection.ops.quote_name
        if self.connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quote(table)} ({self.columns[table]}) FROM STDIN") as copy:
                copy.write(self.rows[table])
            return
        marks = ", ".join(["%s"] * len(self.rows[table][0]))
        cursor.executemany(f"INSERT INTO {quote(table)} ({self.columns[table]}) VALUES ({marks})", self.rows[table])

    @property
    def connection(self):
        # The connection the test's code has now: once Playwright's sync API has started, a
        # browser test runs in another contextvars context than the session's set-up, with
        # another connection object to the same database (and its own transaction state).
        from django.db import connections

        return connections[self.alias]


_baselines: dict[str, Baseline] = {}


def _fixture_teardown(django_teardown):
    def fixture_teardown(self):
        aliases = self._databases_names(include_mirrors=False)
        if (
            self.available_apps is not None
            or self.serialized_rollback
            or self.reset_sequences
            or not all(alias in _baselines for alias in aliases)
        ):
            django_teardown(self)
            for alias in aliases:
                if alias in _baselines:  # the flush emptied the baseline tables too
                    _baselines[alias].reset()
            return
        for alias in aliases:
            _baselines[alias].reset()

    return fixture_teardown


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Once the test databases are set up: record their rows, and reset transactional tests to them."""
    from django.db import connections
    from django.test import TransactionTestCase

    with django_db_blocker.unblock():
        for connection in connections.all():
            if connection.vendor in ("postgresql", "sqlite"):
                _baselines[connection.alias] = Baseline(connection)
    django_teardown = TransactionTestCase._fixture_teardown
    TransactionTestCase._fixture_teardown = _fixture_teardown(django_teardown)
    yield
    TransactionTestCase._fixture_teardown = django_teardown
    _baselines.clear()
