"""Reads of planned visits for "Mine forløb": the upcoming ones and those overdue, each a
queryset cut into pages in SQL by the view (a COUNT and one LIMIT query each)."""

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from courses.access import course_visibility
from courses.models import Course, Phase, Visit, VisitStatus
from hjemmepaed.organisation.models import User


def _planned_visible_to(user: User) -> QuerySet[Visit]:
    visible = course_visibility(user=user)
    if visible is None:
        return Visit.objects.none()
    courses = Course.objects.filter(visible).filter(phase__in=[Phase.STARTED, Phase.CLOSED]).values("pk")
    return (
        Visit.objects.filter(status=VisitStatus.PLANNED, course__in=courses)
        .select_related("course__family")
        .prefetch_related("course__family__guardians")
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
