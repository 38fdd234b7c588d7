"""A started course with one or two parents, and the calls the guardian tests make
(test_guardians.py, test_guardians_changes.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from courses.services import visit_log
from families.models import ConsentScope
from families.services import (
    guardian_add,
)
from hjemmepaed.errors import DomainError
from visitation.services import GuardianData
from visitation.tests.factories import course_started

TODAY = timezone.localdate
SHARE = ConsentScope.SHARE_WITH_DAYCARE
CONTACT = ConsentScope.CONTACT_FOR_QUESTIONNAIRE
PARENTS = [
    GuardianData(name="Sara Nielsen", relation="mother"),
    GuardianData(name="Jonas Nielsen", relation="father"),
]


@pytest.fixture
def started(coordinator):
    """Sara alone, with custody, has given every consent."""
    return course_started(coordinator=coordinator, start_date=TODAY() - timedelta(days=30))


@pytest.fixture
def two_parents(coordinator):
    """Sara and Jonas, both with custody, have given every consent."""
    return course_started(coordinator=coordinator, start_date=TODAY() - timedelta(days=30), guardians=PARENTS)


def _add(course, **overrides):
    fields = {
        "acting_user": course.primary_educator,
        "course": course,
        "name": "Ali Hassan",
        "relation": "father",
        "has_custody": True,
        "on": TODAY(),
        "phone": "",
        "email": "",
    }
    fields.update(overrides)
    return guardian_add(**fields)


def _daycare_visit(course, **overrides):
    fields = {
        "acting_user": course.primary_educator,
        "course": course,
        "date": TODAY(),
        "duration_minutes": 60,
        "kind": "daycare",
    }
    fields.update(overrides)
    return visit_log(**fields)


def _refused(call, **arguments) -> DomainError:
    with pytest.raises(DomainError) as error:
        call(**arguments)
    return error.value
