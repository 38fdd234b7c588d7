"""`id__in=[…]` with a number no column holds matches nothing, as `id=…` does.

Django leaves out of an exact or a greater-than lookup a number beyond the column's range
(IntegerFieldOverflow), but hands an `in` lookup's numbers to the database as they are:
SQLite raises OverflowError for one beyond 64 bits and PostgreSQL can refuse one beyond the
column. A form's multiple choice of ids (`ModelMultipleChoiceField`: a visit's goals and methods,
a report's municipalities, the questionnaires chosen) asks exactly that with what a browser
posted, so "99999999999999999999" was HTTP 500 instead of "Marker en gyldig valgmulighed".
Registered for every integer field (and so every id) in OrganisationConfig.ready().
"""

from copy import copy

from django.core.exceptions import EmptyResultSet
from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            fitting = [
                value
                for value in self.rhs
                if not isinstance(value, int) or ((low is None or value >= low) and (high is None or value <= high))
            ]
            if len(fitting) != len(self.rhs):
                if not fitting:
                    raise EmptyResultSet
                narrowed = copy(self)
                narrowed.rhs = fitting
                return In.process_rhs(narrowed, compiler, connection)
        return super().process_rhs(compiler, connection)


def integer_lookups_register() -> None:
    IntegerField.register_lookup(IntegerFieldIn)
