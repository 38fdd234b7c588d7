"""Checks the referral's registration and its intake decision share."""

from datetime import date

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from courses import rules

# The parts of a referral, families' to store; referral_register's callers import them from here.
from hjemmepaed.errors import DomainError


def _not_in_future(value: date, *, field: str, label: str) -> None:
    if value > timezone.localdate():
        raise DomainError(_("%(label)s cannot be in the future.") % {"label": label}, field=field)


def _age_check(*, children, on: date, message: str, field: str) -> None:
    """The course's age limit (`courses.rules`), applied on the expected start `on`; a child
    not yet born (a due date only) passes, its age counts from the birth."""
    for child in children:
        if child.birth_date is not None and rules.over_age_limit(child.birth_date, on):
            birthday = date_format(rules.third_birthday(child.birth_date), "SHORT_DATE_FORMAT")
            raise DomainError(message % {"name": child.name, "birthday": birthday}, field=field)
