"""Reads for phase 1: the coordinator's intake queue, through the course gate."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from courses.models import Course, Phase
from courses.selectors import course_list_visible_to
from hjemmepaed.organisation.models import User


@dataclass(frozen=True)
class QueueRow:
    course: Course
    family_label: str
    days_waited: int


def intake_rows(courses, *, today: date | None = None) -> list[QueueRow]:
    """Rows for one page of `intake_referred` or `intake_waiting`, with the days each waited."""
    today = today or timezone.localdate()
    return [
        QueueRow(
            course=course,
            family_label=" og ".join(g.name for g in course.family.guardians.all()),
            days_waited=(
                today - (course.waiting_since if course.phase == Phase.WAITING else course.referral.received_on)
            ).days,
        )
        for course in courses
    ]


def _intake_courses(*, user: User) -> QuerySet[Course]:
    return course_list_visible_to(user=user).select_related("referral").prefetch_related("family__guardians")


def intake_referred(*, user: User) -> QuerySet[Course]:
    """New referrals, the oldest first."""
    return _intake_courses(user=user).filter(phase=Phase.REFERRED).order_by("referral__received_on", "pk")


def intake_waiting(*, user: User) -> QuerySet[Course]:
    """The waiting list, by position."""
    return _intake_courses(user=user).filter(phase=Phase.WAITING).order_by("waiting_position", "waiting_since", "pk")
