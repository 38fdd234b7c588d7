"""Form fields bounded to what the database stores, so a number no column holds is a Danish
form error ("Denne værdi skal være mindre end eller lig 2147483647.") instead of a
PostgreSQL error and HTTP 500. Every form takes its whole numbers from here
(hjemmepaed/tests/test_hostile_input.py walks every form class)."""

from django import forms

# PostgreSQL's `integer`, the column of Django's IntegerField and PositiveIntegerField; a
# smaller column (PositiveSmallIntegerField) needs the field's own, smaller max_value.
INTEGER_MIN = -(2**31)
INTEGER_MAX = 2**31 - 1


class IntegerField(forms.IntegerField):
    def __init__(self, *, max_value=None, min_value=None, **kwargs):
        max_value = INTEGER_MAX if max_value is None else min(max_value, INTEGER_MAX)
        min_value = INTEGER_MIN if min_value is None else max(min_value, INTEGER_MIN)
        super().__init__(max_value=max_value, min_value=min_value, **kwargs)
