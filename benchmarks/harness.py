"""What the benchmarks share: a throw-away database, a bulk loader that follows the current
schema, and the verdict (each benchmark checks its figures and its floor, and exits non-zero
when one fails, so the CI smoke run notices)."""

import sys
from contextlib import contextmanager
from datetime import datetime

from django.db import connection
from django.db.models import NOT_PROVIDED
from django.test import Client
from django.test.utils import setup_test_environment
from django.utils import timezone


class SchemaChanged(SystemExit):
    """The schema has a column the benchmark's data generator cannot fill: it says which."""

    def __init__(self, message: str):
        super().__init__(f"The benchmark's data no longer fits the schema: {message}")


@contextmanager
def throwaway_database(label: str, *, keep: bool = False):
    """A new, migrated test database for the run, removed afterwards (unless `keep`).

    On a database server it is named after the configured database and `label`
    (`hj_bench` -> `hj_bench_report`), so it never replaces the test suite's `test_<name>`
    (kept by `--reuse-db`) even when both use the same DATABASE_URL. SQLite runs in memory."""
    settings_dict = connection.settings_dict
    if connection.vendor != "sqlite":
        settings_dict.setdefault("TEST", {})["NAME"] = f"{settings_dict['NAME']}_{label}"
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield connection.settings_dict["NAME"]
    finally:
        if keep:
            connection.close()
            print(f"\nKept the test database {connection.settings_dict['NAME']}.")
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0)


def _default(model, field):
    """The value Django would give `field` when a row is made without it, ready for the
    database; NOT_PROVIDED when the database fills it itself."""
    where = f"{model._meta.db_table}.{field.column}"
    if field.has_default():
        if field.unique and callable(field.default):
            raise SchemaChanged(f"{where} is unique with a default made per row: the generator must give it.")
        value = field.get_default()
    elif field.db_default is not NOT_PROVIDED:
        return NOT_PROVIDED
    elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        value = timezone.now()
    elif field.null:
        value = None
    elif field.empty_strings_allowed:
        value = ""  # text columns: blank, as in a model made without it
    else:
        raise SchemaChanged(
            f"{where} ({type(field).__name__}) is NOT NULL and has no default: give it a value "
            f"where the benchmark generates {model.__name__} rows (the columns passed to insert())."
        )
    return field.get_db_prep_save(value, connection)


def insert(model, columns: list[str], rows) -> int:
    """Load `rows` (tuples in the order of `columns`, database column names and values) into the
    model's table: COPY on PostgreSQL, executemany elsewhere. Every other column gets the model's
    default, so a new column with a default needs nothing here and one without stops the run with
    its name. Returns the number of rows."""
    table = model._meta.db_table
    fields = {field.column: field for field in model._meta.concrete_fields}
    unknown = sorted(set(columns) - set(fields))
    if unknown:
        raise SchemaChanged(f"{table} has no column {', '.join(unknown)}.")
    defaults = {}
    for column, field in fields.items():
        if column in columns or (field.primary_key and field.db_returning):
            continue  # given, or the id the database numbers itself
        value = _default(model, field)
        if value is not NOT_PROVIDED:
            defaults[column] = value
    columns = [*columns, *defaults]
    rest = tuple(defaults.values())
    names = ", ".join(connection.ops.quote_name(column) for column in columns)

    count = 0
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        with connection.connection.cursor() as cursor:
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row + rest)
                    count += 1
        return count
    adapt = connection.ops.adapt_datetimefield_value
    values = [tuple(adapt(v) if isinstance(v, datetime) else v for v in row) + rest for row in rows]
    placeholders = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", values)
    return len(values)


def signed_in_client(user) -> Client:
    """A client whose session has passed both steps (password and authenticator code), as the
    test suite's force_login gives (hjemmepaed/organisation/tests/second_factor.py)."""
    from hjemmepaed.organisation.tests.second_factor import session_mark_verified

    client = Client()
    client.force_login(user)
    session_mark_verified(client, user)
    return client


def verdict(checks: list[tuple[str, bool, str]], *, title: str) -> bool:
    """Print each check as yes/NO with its detail; True when all passed."""
    print(f"\n{title}")
    for name, ok, detail in checks:
        print(f"  {'yes' if ok else 'NO ':<4} {name}{'  (' + detail + ')' if detail else ''}")
    passed = all(ok for _name, ok, _detail in checks)
    print("All checks pass." if passed else "SOME CHECKS FAIL.")
    return passed


def finish(passed: bool) -> None:
    sys.exit(0 if passed else 1)
