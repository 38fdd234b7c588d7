"""Courses whose family changes over time, built through the real services."""

from datetime import timedelta

from django.utils import timezone

from visitation.services import ChildData
from visitation.tests.factories import course_decided

UNBORN = "Ufødt barn"


def pregnancy_course(*, coordinator, educator=None, due_in_days: int = -5, **overrides):
    """An approved pregnancy referral: one child expected `due_in_days` from today (by default
    due five days ago, so a birth around the due date is already past), not yet born."""
    today = timezone.localdate()
    child = ChildData(name=UNBORN, expected_due_date=today + timedelta(days=due_in_days))
    return course_decided(coordinator=coordinator, educator=educator, children=[child], **overrides)
