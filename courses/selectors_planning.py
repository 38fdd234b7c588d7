"""Reads of planned visits for "Mine forløb": the upcoming ones and those overdue, each a
queryset cut into pages in SQL by the view (a COUNT and one LIMIT query each)."""

from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from courses.access import course_visibility
from courses.models import Course, Phase, Visit, VisitStatus
from families.models import Guardian
from hjemmepaed.organisation.models import User


def _planned_visible_to(user: User) -> QuerySet[Visit]:
    visible = course_visibility(user=user)
    if visible is None:
        return Visit.objects.none()
    courses = Course.objects.filter(visible).filter(phase__in=[Phase.STARTED, Phase.CLOSED]).values("pk")
    # The rows show a date, a time, the course number and the parents still in the family (one
    # who left is history): only those columns.
    guardians = Guardian.objects.filter(left_on__isnull=True).only("pk", "name", "family")
    return (
        Visit.objects.filter(status=VisitStatus.PLANNED, course__in=courses)
        .select_related("course__family")
        .only("pk", "date", "time_of_day", "course__id", "course__family__id")
        .prefetch_related(Prefetch("course__family__guardians", queryset=guardians))
    )


def planned_visits_upcoming(*, user: User, today: date | None = None) -> QuerySet[Visit]:
    """Planned visits today and later on the user's courses, soonest first."""
    today = today or timezone.localdate()
    return _planned_visible_to(user).filter(date__gte=today).order_by("date", "time_of_day", "pk")


def planned_visits_overdue(*, user: User, today: date | None = None) -> QuerySet[Visit]:
    """Planned visits whose day has passed and that nobody logged (held, cancelled, no-show),
    the oldest first."""
    today = today or timezone.localdate()
    return _planned_visible_to(user).filter(date__lt=today).order_by("date", "time_of_day", "pk")
