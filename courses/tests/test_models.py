"""The database refuses courses that break the model's rules, whatever code writes them."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from courses.models import Course
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from visitation.tests.factories import course_decided

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(municipality):
    return course_decided(coordinator=user_for_role(Role.COORDINATOR, municipality=municipality))


def _refused(course, **fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        Course.objects.filter(pk=course.pk).update(**fields)


def test_unknown_phase_is_refused(course):
    _refused(course, phase="paused")


def test_same_educator_twice_is_refused(course):
    _refused(course, second_educator=course.primary_educator)


def test_dates_in_the_wrong_order_are_refused(course):
    today = timezone.localdate()
    _refused(course, start_date=course.visitation_date - timedelta(days=1), planned_end_date=today)
    _refused(course, start_date=today, end_date=today - timedelta(days=1))
    _refused(course, start_date=today, planned_end_date=today)


def test_phases_need_their_dates(course):
    _refused(course, phase="started")  # no start date
    _refused(course, visitation_date=None)
    today = timezone.localdate()
    _refused(course, phase="closed", start_date=today, planned_end_date=today + timedelta(weeks=40))
