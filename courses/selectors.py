"""Reads of courses, through the one gate; who may see which course is `courses.access.course_visibility`."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import (
    BooleanField,
    Case,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from courses import rules
from courses.access import course_visibility
from courses.models import Closure, Course, GoalChange, Phase, StartUpMeeting, Visit, VisitStatus
from courses.variants import course_variant, variants_attach, versions_by_municipality
from families.models import Child
from families.selectors import (
    children_names_prefetch,
    children_with_daycare_history,
    guardians_current,
    guardians_current_prefetch,
)
from hjemmepaed.organisation.models import User


def course_list_visible_to(*, user: User) -> QuerySet[Course]:
    visible = course_visibility(user=user)
    if visible is None:
        return Course.objects.none()
    courses = Course.objects.select_related("municipality", "family", "primary_educator", "second_educator")
    return courses.filter(visible)


# What a row of the course lists reads of a course and its educators (`course_rows` and the
# lists' templates); the gate's full rows with their municipality were most of a page's reading.
ROW_FIELDS = (
    "pk",
    "municipality_id",
    "family_id",
    "phase",
    "start_date",
    "planned_end_date",
    "created_at",
    *(
        f"{educator}__{name}"
        for educator in ("primary_educator", "second_educator")
        for name in ("first_name", "last_name", "username")
    ),
)


def course_list_for_rows(*, user: User) -> QuerySet[Course]:
    """The courses the user may see, with only what `course_rows` shows (the same gate)."""
    courses = course_list_visible_to(user=user).select_related(None)
    return courses.select_related("family", "primary_educator", "second_educator").only(*ROW_FIELDS, "family__id")


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


def _warnings(course: Course, *, today: date, last_visit: date | None, first_visit_missing: bool = False) -> list[str]:
    warnings = []
    if course.phase != Phase.STARTED:
        return warnings
    variant = course_variant(course)
    reached = rules.course_week_warning(week=rules.course_week(course.start_date, today), limit=course.week_limit)
    if reached is not None:
        warnings.append(_("Week %(week)s reached") % {"week": reached})
    for child in course.family.children.all():
        if (
            child.birth_date
            and rules.third_birthday(child.birth_date, variant.max_age_months) < course.planned_end_date
        ):
            if variant.max_age_months == rules.MAX_AGE_MONTHS:
                warnings.append(_("%(name)s turns 3 before the planned end") % {"name": child.name})
            else:
                warnings.append(
                    _("%(name)s passes %(months)d months before the planned end")
                    % {"name": child.name, "months": variant.max_age_months}
                )
    deadline = rules.first_visit_deadline(variant=variant, start_date=course.start_date)
    if deadline and first_visit_missing and today >= course.start_date + timedelta(days=2):
        warnings.append(
            rules.local(
                variant,
                _("the first visit within %(days)d days, by %(date)s: none held or planned")
                % {"days": variant.first_visit_deadline_days, "date": date_format(deadline, "SHORT_DATE_FORMAT")},
            )
        )
    since = last_visit or course.start_date
    if (today - since).days > NO_VISIT_DAYS:
        warnings.append(_("No visit for %(days)s days") % {"days": (today - since).days})
    return warnings


def _first_visit_missing(course: Course, first_visit: date | None, today: date) -> bool:
    """Under a model with a first-visit deadline: no visit held or planned at all, or the first
    one planned after the deadline and still to come (once held late, the warning goes)."""
    deadline = rules.first_visit_deadline(variant=course_variant(course), start_date=course.start_date)
    if deadline is None:
        return False
    return first_visit is None or deadline < first_visit >= today


def course_list_with_visits(*, courses: QuerySet[Course], today: date | None = None) -> QuerySet[Course]:
    """The courses with `last_visit` (held) and `next_visit` (planned, from today) as subqueries,
    for a filter or an order that needs them on every course (a page's rows get theirs from
    `course_rows`, so a plain page never computes them for the rows it does not show)."""
    if "last_visit" in courses.query.annotations:
        return courses
    today = today or timezone.localdate()
    visits = Visit.objects.filter(course=OuterRef("pk")).order_by()
    held = visits.filter(status=VisitStatus.HELD).order_by("-date").values("date")[:1]
    planned = visits.filter(status=VisitStatus.PLANNED, date__gte=today).order_by("date").values("date")[:1]
    return courses.annotate(last_visit=Subquery(held), next_visit=Subquery(planned))


def _date_key(expression):
    """A date as the number yyyymmdd, compared like the date on every database."""
    return ExtractYear(expression) * 10000 + ExtractMonth(expression) * 100 + ExtractDay(expression)


def course_list_with_warnings(*, courses: QuerySet[Course], today: date | None = None) -> QuerySet[Course]:
    """Only the courses `course_rows` would give a warning, decided in SQL (the same rules as
    `_warnings`, each by the course's version of its municipality's model)."""
    today = today or timezone.localdate()
    courses = course_list_with_visits(courses=courses, today=today)
    last_seen_before = today - timedelta(days=NO_VISIT_DAYS)
    return (
        courses.filter(phase=Phase.STARTED)
        .annotate(
            planned_end_key=_date_key("planned_end_date"),
            last_seen=Coalesce(F("last_visit"), F("start_date")),
        )
        .filter(_model_warnings_q(today=today) | Q(last_seen__lt=last_seen_before))
    )


def _oldest_age_before_end(max_age_months: int) -> Exists:
    """A child of the course passes the model's oldest age before the planned end, in SQL. The day
    it passes it is the birth date `max_age_months` on; as yyyymmdd that is the birth date's number
    plus the years and months, a month past December carried into the next year (a 31 January plus
    one month lands on "31 February", which compares the same against any real date as the 28th
    or 29th Python's rules give)."""
    years, months = divmod(max_age_months, 12)
    carry = Case(When(month__gt=12 - months, then=Value(10000 - 1200)), default=Value(0))
    children = Child.objects.filter(family=OuterRef("family"), birth_date__isnull=False).annotate(
        month=ExtractMonth("birth_date")
    )
    passes = children.annotate(passes_key=_date_key("birth_date") + years * 10000 + months * 100 + carry)
    return Exists(passes.filter(passes_key__lt=OuterRef("planned_end_key")))


def _week_warning_from(today: date, max_weeks: int) -> date:
    """The latest start date of a course that has reached 8 weeks before the model's longest."""
    return today - timedelta(days=(max(max_weeks - rules.WARNING_WEEKS_BEFORE_LIMIT, 1) - 1) * 7)


def _model_warnings_q(*, today: date) -> Q:
    """The warnings that follow the course's version of its municipality's model, as SQL: the
    week 8 weeks before the longest course, a child passing the oldest age before the planned
    end, and the first visit missing by the deadline. Each
    version covers the courses of its municipality started from its date until the next's."""
    versions = versions_by_municipality()
    national = Q(start_date__lte=_week_warning_from(today, rules.MAX_WEEKS)) | _oldest_age_before_end(
        rules.MAX_AGE_MONTHS
    )
    q = ~Q(municipality_id__in=list(versions)) & national
    for municipality_id, municipality_versions in versions.items():
        until = None
        for variant in municipality_versions:  # newest first
            runs_under = Q(municipality_id=municipality_id, start_date__gte=variant.valid_from)
            if until is not None:
                runs_under &= Q(start_date__lt=until)
            warned = Q(start_date__lte=_week_warning_from(today, variant.max_weeks)) | _oldest_age_before_end(
                variant.max_age_months
            )
            if variant.first_visit_deadline_days:
                deadline = ExpressionWrapper(
                    OuterRef("start_date") + timedelta(days=variant.first_visit_deadline_days),
                    output_field=DateField(),
                )
                in_time = Visit.objects.filter(course=OuterRef("pk")).exclude(status=VisitStatus.CANCELLED)
                in_time = in_time.filter(Q(date__lte=deadline) | Q(date__lt=today))
                warned |= Q(start_date__lte=today - timedelta(days=2)) & ~Exists(in_time)
            q |= runs_under & warned
            until = variant.valid_from
        q |= Q(municipality_id=municipality_id, start_date__lt=until) & national
    return q


def course_rows(*, courses: Iterable[Course], today: date | None = None) -> list[CourseRow]:
    """Rows with family, ages, week, last and next visit and warnings for the courses of one page,
    in a fixed number of queries."""
    today = today or timezone.localdate()
    courses = list(courses)
    prefetch_related_objects(courses, guardians_current_prefetch(), children_names_prefetch())
    variants_attach(courses, today=today)
    dates = {
        row["course"]: row
        for row in Visit.objects.filter(course__in=[course.pk for course in courses])
        .order_by()
        .values("course")
        .annotate(
            last_visit=Max("date", filter=Q(status=VisitStatus.HELD)),
            next_visit=Min("date", filter=Q(status=VisitStatus.PLANNED, date__gte=today)),
            first_visit=Min("date", filter=~Q(status=VisitStatus.CANCELLED)),
        )
    }
    rows = []
    for course in courses:
        visits = dates.get(course.pk, {})
        course.last_visit, course.next_visit = visits.get("last_visit"), visits.get("next_visit")
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
                warnings=_warnings(
                    course,
                    today=today,
                    last_visit=course.last_visit,
                    first_visit_missing=_first_visit_missing(course, visits.get("first_visit"), today),
                ),
            )
        )
    return rows


def my_course_list(*, courses: QuerySet[Course], with_closed: bool) -> QuerySet[Course]:
    """“Mine forløb”: running courses first, the newest first; closed ones only when asked for,
    after the running ones. Rejected and withdrawn referrals are never on it."""
    courses = courses.exclude(phase__in=[Phase.REJECTED, Phase.WITHDRAWN])
    if not with_closed:
        courses = courses.exclude(phase=Phase.CLOSED)
    is_closed = Q(phase=Phase.CLOSED)
    return courses.alias(closed=ExpressionWrapper(is_closed, output_field=BooleanField())).order_by(
        "closed", F("start_date").desc(nulls_first=True), "-created_at", "-pk"
    )


def course_detail(*, course: Course) -> dict:
    """Everything the course page shows of the courses app, for its timeline; the referral, the
    consents, invitations and SDQ come through their own apps' template tags."""
    visits = list(course.visits.select_related("logged_by").prefetch_related("goals").order_by("-date", "-pk"))
    today = timezone.localdate()
    children = children_with_daycare_history(family=course.family)
    return {
        "course": course,
        "guardians": list(guardians_current(family=course.family)),  # a parent who left is history
        # The children with their daycares, for `course_family_children` and the timeline (the
        # birth of a child the referral expected, the changes of daycare). The course starts
        # after the birth (`services.start`): until then no start-up button.
        "children": children,
        "awaiting_birth": any(not child.is_born for child in children),
        "births": [child for child in children if child.is_born and child.expected_due_date],
        "daycare_changes": sorted(
            (period for child in children for period in child.daycare_periods_newest_first if period.starts_on),
            key=lambda period: (period.starts_on, period.pk),
        ),
        "goals": list(course.goals.prefetch_related(Prefetch("changes", GoalChange.objects.select_related("by")))),
        "goal_changes": list(course.goal_changes.select_related("goal", "by")),
        # The visits up to today in the table; the planned ones ahead apart, soonest first (a
        # series of 20 would push the course's history far down a phone).
        "visits": [visit for visit in visits if not (visit.status == VisitStatus.PLANNED and visit.date > today)],
        "visits_ahead": [
            visit for visit in reversed(visits) if visit.status == VisitStatus.PLANNED and visit.date > today
        ],
        "phase_changes": list(course.phase_changes.select_related("by")),
        "adjustments": list(course.adjustments.select_related("by")),
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


def goal_get_for_user_or_404(*, user: User, course_pk: int, pk: int):
    """A goal of a course the user may see; anything else answers 404."""
    course = course_get_for_user_or_404(user=user, pk=course_pk)
    return get_object_or_404(course.goals.select_related("course"), pk=pk)
