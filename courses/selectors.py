"""Reads of courses, through the one gate; who may see which course is `courses.access.course_visibility`."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Max, Min, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from courses import rules
from courses.access import course_visibility
from courses.models import Closure, Course, Phase, StartUpMeeting, VisitStatus
from hjemmepaed.organisation.models import User


def course_list_visible_to(*, user: User) -> QuerySet[Course]:
    visible = course_visibility(user=user)
    if visible is None:
        return Course.objects.none()
    courses = Course.objects.select_related("municipality", "family", "primary_educator", "second_educator")
    return courses.filter(visible)


def course_get_for_user_or_404(*, user: User, pk: int) -> Course:
    return get_object_or_404(course_list_visible_to(user=user), pk=pk)


@dataclass(frozen=True)
class CourseRow:
    """One line of “Mine forløb” or the coordinator's course list."""

    course: Course
    family_label: str
    child_ages: list[tuple[str, int | None]]
    week: int | None
    week_limit: int
    last_visit: date | None
    next_visit: date | None
    warnings: list[str]


NO_VISIT_DAYS = 21


def _warnings(course: Course, *, today: date, last_visit: date | None) -> list[str]:
    warnings = []
    if course.phase != Phase.STARTED:
        return warnings
    reached = rules.course_week_warning(week=rules.course_week(course.start_date, today), limit=course.week_limit)
    if reached is not None:
        warnings.append(_("Week %(week)s reached") % {"week": reached})
    for child in course.family.children.all():
        if child.birth_date and rules.third_birthday(child.birth_date) < course.planned_end_date:
            warnings.append(_("%(name)s turns 3 before the planned end") % {"name": child.name})
    since = last_visit or course.start_date
    if (today - since).days > NO_VISIT_DAYS:
        warnings.append(_("No visit for %(days)s days") % {"days": (today - since).days})
    return warnings


def course_rows(*, courses: QuerySet[Course], today: date | None = None) -> list[CourseRow]:
    """Rows with family, ages, week, last and next visit and warnings, in a fixed number of queries."""
    today = today or timezone.localdate()
    courses = courses.annotate(
        last_visit=Max("visits__date", filter=Q(visits__status=VisitStatus.HELD)),
        next_visit=Min("visits__date", filter=Q(visits__status=VisitStatus.PLANNED, visits__date__gte=today)),
    ).prefetch_related("family__guardians", "family__children")
    rows = []
    for course in courses:
        children = list(course.family.children.all())
        rows.append(
            CourseRow(
                course=course,
                family_label=" og ".join(g.name for g in course.family.guardians.all()),
                child_ages=[
                    (child.name, rules.age_in_months(child.birth_date, today) if child.birth_date else None)
                    for child in children
                ],
                week=rules.course_week(course.start_date, today) if course.phase == Phase.STARTED else None,
                week_limit=course.week_limit,
                last_visit=course.last_visit,
                next_visit=course.next_visit,
                warnings=_warnings(course, today=today, last_visit=course.last_visit),
            )
        )
    return rows


def course_detail(*, course: Course) -> dict:
    """Everything the course page shows of the courses app, for its timeline; the referral, the
    consents, invitations and SDQ come through their own apps' template tags."""
    return {
        "course": course,
        "guardians": list(course.family.guardians.all()),
        "children": list(course.family.children.select_related("daycare")),
        "goals": list(course.goals.all()),
        "visits": list(course.visits.select_related("logged_by").prefetch_related("goals").order_by("-date", "-pk")),
        "phase_changes": list(course.phase_changes.select_related("by")),
        "adjustments": list(course.adjustments.all()),
        "concern_notifications": list(course.concern_notifications.all()),
        "transfers": list(course.transfers.select_related("from_educator", "to_educator")),
        "extensions": list(course.extensions.all()),
        "start_up": StartUpMeeting.objects.filter(course=course).first(),
        "closure": Closure.objects.select_related("closed_by").filter(course=course).first(),
    }


def course_planned_visits(*, course: Course) -> list:
    """The visits still planned, oldest first: the close page says what closing does to them."""
    return list(course.visits.filter(status=VisitStatus.PLANNED).order_by("date", "pk"))


def visit_get_for_user_or_404(*, user: User, course_pk: int, pk: int):
    """A visit of a course the user may see; anything else answers 404."""
    course = course_get_for_user_or_404(user=user, pk=course_pk)
    return get_object_or_404(course.visits.select_related("course"), pk=pk)
