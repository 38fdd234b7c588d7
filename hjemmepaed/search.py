"""Names in any case, on both databases: `CaseFolded` is a name in lower case and `case_folded`
what was typed in lower case, so `alias(folded=CaseFolded("name")).filter(folded__contains=
case_folded(text))` finds part of a name whatever its case.

PostgreSQL's LOWER knows every letter. SQLite's (the embedded default) knows only A–Z, so "ærø"
would not find "Ærø"; there the expression calls Python's `str.lower` as an SQL function,
registered on the connection that compiles the query (so every connection has it before it runs
such a query, with no hook on opening connections). A chain of REPLACE calls in plain SQL would
overflow SQLite's parser beyond about 25 letters.
"""

from django.db.models import CharField, Func

SQLITE_FUNCTION = "hjemmepaed_lower"


def _lower(value):
    return value.lower() if isinstance(value, str) else value


class CaseFolded(Func):
    function = "LOWER"
    arity = 1
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        connection.ensure_connection()
        connection.connection.create_function(SQLITE_FUNCTION, 1, _lower, deterministic=True)
        return super().as_sql(compiler, connection, function=SQLITE_FUNCTION, **extra_context)


def case_folded(text: str) -> str:
    return text.lower()
