"""Every table's rows read out of the test database and written back into it: a state built
once through the real services (the seeded demo, the access matrix's world) copied into each
transactional test that needs it committed, instead of built again.

PostgreSQL: each table through COPY (a few hundred milliseconds for the seeded demo). SQLite:
the stored values as sqlite3 reads them, inserted again. Writing replaces every row of every
table (the shipped rows too: they are part of what was read), resets the sequences, and forgets
the cached content types, whose ids are the written rows' now.
"""

import io
from contextlib import closing

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def rows_read() -> dict:
    """Every table's rows as this connection sees them now (its own transaction's included)."""
    rows = {}
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in _tables():
                data = io.BytesIO()
                with cursor.cursor.copy(f"COPY {quote(table)} TO STDOUT") as copy:  # psycopg's own cursor
                    for chunk in copy:
                        data.write(chunk)
                rows[table] = data.getvalue()
        return rows
    connection.ensure_connection()
    with closing(connection.connection.cursor()) as cursor:  # sqlite3's own: the stored values as they are
        for table in _tables():
            cursor.execute(f"SELECT * FROM {quote(table)}")
            rows[table] = ([column[0] for column in cursor.description], cursor.fetchall())
    return rows


def rows_write(rows: dict) -> None:
    """Replace every table's rows by `rows` (from `rows_read` on the same migrations)."""
    from django.contrib.contenttypes.models import ContentType

    quote = connection.ops.quote_name
    tables = _tables()
    assert set(tables) == set(rows), "the rows were read from another schema"
    with transaction.atomic():
        with connection.cursor() as cursor:
            for statement in connection.ops.sql_flush(no_style(), tables):
                cursor.execute(statement)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for table in tables:
                    with cursor.cursor.copy(f"COPY {quote(table)} FROM STDIN") as copy:
                        copy.write(rows[table])
                models = apps.get_models(include_auto_created=True)
                for statement in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(statement)
        else:
            with closing(connection.connection.cursor()) as cursor:
                for table in tables:
                    columns, values = rows[table]
                    if values:
                        names = ", ".join(map(quote, columns))
                        marks = ", ".join("?" for _ in columns)
                        cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", values)
    ContentType.objects.clear_cache()
