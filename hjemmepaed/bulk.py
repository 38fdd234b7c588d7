"""Many rows of one table written in one statement, for the sheet import (50,000 rows a sheet,
each a family, perhaps a child, a course, a closure and four phase changes).

`bulk_create` builds a model instance per row and prepares every field of every instance in
Python (a course has 25 fields): for 50,000 families and courses that is most of the import's
writing. Here the caller gives each field's values as one list (or one value for every row) and
every other field gets what a row made without it gets (its default; `auto_now` and
`auto_now_add` one time for all the rows). On PostgreSQL the ids are taken from the table's
sequence in one query, and the rows go in as one INSERT … SELECT from arrays (`unnest`): the
values are never prepared field by field, and the statement is an ordinary one (counted, logged
and wrapped as every query is). Elsewhere (SQLite) the rows go through `bulk_create`, or, when
no ids are wanted, one `executemany`.

The lists hold what the database stores: str, int, bool, date, None (a foreign key by its
column, `family_id`). Datetimes and other values are prepared as Django prepares them.

Each app calls it from its own services, for its own tables only.
"""

from collections.abc import Sequence

from django.db import connection, models
from django.db.models import NOT_PROVIDED
from django.utils import timezone

# Fields whose values psycopg and sqlite3 store as they are, without Django's preparation.
_AS_THEY_ARE = (
    models.CharField,
    models.TextField,
    models.IntegerField,  # also PositiveIntegerField, BigIntegerField, the auto fields
    models.BooleanField,
    models.ForeignKey,
)


def _field(model, name: str):
    for field in model._meta.concrete_fields:
        if name in (field.name, field.attname):
            return field
    raise ValueError(f"{model.__name__} has no field {name}")


def _as_they_are(field) -> bool:
    if isinstance(field, models.DateTimeField):
        return False
    return isinstance(field, _AS_THEY_ARE) or type(field) is models.DateField


def _defaults(model, given) -> dict:
    """What a row made without them gets in the fields not `given` (and not the id); fields the
    database fills itself (`db_default`) are left out."""
    now = timezone.now()
    defaults = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field in given:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            defaults[field] = now
        elif field.has_default():
            if field.unique and callable(field.default):
                raise ValueError(f"{model.__name__}.{field.name} is unique with a default made per row: give it.")
            defaults[field] = field.get_default()
        elif field.db_default is NOT_PROVIDED:
            defaults[field] = field.get_default()  # None, or "" for a text
    return defaults


def rows_insert(
    model, *, count: int, columns: dict[str, Sequence] | None = None, same: dict | None = None, ids: bool = False
) -> list[int]:
    """Insert `count` rows of `model`: `columns` gives each field's value for every row (a list
    of `count` values), `same` one value for all of them; the rest as a row made without them.
    With `ids`, the new rows' ids, in the rows' order (else an empty list)."""
    if count == 0:
        return []
    fields = {_field(model, name): values for name, values in (columns or {}).items()}
    constants = {_field(model, name): value for name, value in (same or {}).items()}
    for field, values in fields.items():
        if len(values) != count:
            raise ValueError(f"{model.__name__}.{field.name}: {len(values)} values for {count} rows")
    constants.update(_defaults(model, {*fields, *constants}))
    if ids and connection.vendor != "postgresql":
        return _bulk_create(model, count=count, fields=fields, constants=constants)
    fields = {
        field: values if _as_they_are(field) else [field.get_db_prep_save(value, connection) for value in values]
        for field, values in fields.items()
    }
    constants = {field: field.get_db_prep_save(value, connection) for field, value in constants.items()}
    if connection.vendor == "postgresql":
        return _postgresql_insert(model, count=count, fields=fields, constants=constants, ids=ids)
    _executemany(model, count=count, fields=fields, constants=constants)
    return []


def _postgresql_insert(model, *, count, fields, constants, ids) -> list[int]:
    quote = connection.ops.quote_name
    table, pk = model._meta.db_table, model._meta.pk
    arrays = dict(fields)
    with connection.cursor() as cursor:
        if ids:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [quote(table), pk.column, count],
            )
            new_ids = sorted(row[0] for row in cursor.fetchall())
            arrays = {pk: new_ids, **arrays}
        names = [*arrays, *constants]
        aliases = [f"c{index}" for index in range(len(arrays))]
        selected = [*aliases, *(["%s"] * len(constants))]
        source = (
            f"unnest({', '.join(f'%s::{field.db_type(connection)}[]' for field in arrays)}) AS u({', '.join(aliases)})"
            if arrays
            else "generate_series(1, %s)"
        )
        cursor.execute(
            f"INSERT INTO {quote(table)} ({', '.join(quote(field.column) for field in names)}) "
            f"SELECT {', '.join(selected)} FROM {source}",
            [*constants.values(), *(arrays.values() if arrays else [count])],
        )
    return new_ids if ids else []


def _bulk_create(model, *, count, fields, constants) -> list[int]:
    names = [field.attname for field in fields]
    rest = {field.attname: value for field, value in constants.items()}
    rows = zip(*fields.values(), strict=True) if fields else ((),) * count
    created = model.objects.bulk_create([model(**rest, **dict(zip(names, row, strict=True))) for row in rows])
    return [instance.pk for instance in created]


def _executemany(model, *, count, fields, constants) -> None:
    quote = connection.ops.quote_name
    names = [*fields, *constants]
    rest = tuple(constants.values())
    rows = zip(*fields.values(), strict=True) if fields else ((),) * count
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(field.column) for field in names)}) "
            f"VALUES ({', '.join(['%s'] * len(names))})",
            [row + rest for row in rows],
        )
