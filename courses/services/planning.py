"""Planning a series of visits: every N days at a time of day, from a first date until a date.

Bounds, so a series is always a handful of rows made in one request:

* every 1 to 28 days (also a database constraint on `VisitSeries`);
* from today or later, not before the course's start, until no later than its planned end,
  which an extension moves (`Course.planned_end_date`, `courses/services/extension.py`);
* at most `SERIES_MAX_VISITS` (40) visits: a visit every day of 40 days, or every 7 days of the
  whole 40 weeks, fit; more is refused with a Danish message, never silently cut.

A date that already has a planned visit of the course is skipped and reported back
(`VisitSeries.skipped_dates`), so a series planned twice, or over single planned visits, never
doubles a day. Each planned visit obeys the rules of a single planned visit
(`courses.services.visits._visit_check`). One audit event for the series, and the form is sent
once (its one-time form key is stored on the series row).

The suggestion the form starts from follows the course's version of the municipality's model
(issue 14): its planning rhythm (Helsingør visits "ca. hver fjortende dag") or else every 14
days, and the first visit by its first-visit deadline (Svendborg: "inden for de næste 14 dage
efter mødet") or else a week from today; 1½ hours; the educator changes any of it. With a visit
cap (Ishøj: "op til ti besøg") a series that would pass it is refused, counting the visits held
and those still planned.
"""

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from uuid import UUID

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from courses import rules
from courses.access import course_staff_check
from courses.models import Course, Phase, Visit, VisitKind, VisitSeries, VisitStatus
from courses.models.planning import SERIES_INTERVAL_MAX_DAYS, SERIES_INTERVAL_MIN_DAYS
from courses.services.locking import _audit, course_lock
from courses.services.visits import _visit_check
from courses.variants import course_variant
from hjemmepaed.audit.services import Action
from hjemmepaed.errors import DomainError
from hjemmepaed.formkeys import form_key_first, form_key_once, form_key_repeat
from hjemmepaed.organisation.models import User

SERIES_MAX_VISITS = 40
SUGGESTED_INTERVAL_DAYS = 14
SUGGESTED_DURATION_MINUTES = 90
FIRST_VISIT_WITHIN_DAYS = 14


@dataclass(frozen=True)
class SeriesSuggestion:
    first_date: date
    interval_days: int = SUGGESTED_INTERVAL_DAYS
    duration_minutes: int = SUGGESTED_DURATION_MINUTES
    until_date: date | None = None
    time_of_day: time = field(default_factory=lambda: time(9, 0))


def series_suggestion(*, course: Course, today: date) -> SeriesSuggestion:
    """What the form proposes: a week from today (within the 14 days after the start-up
    meeting, or the model's first-visit deadline when it is sooner and not passed), every 14
    days or the model's planning rhythm (Helsingør: "ca. hver fjortende dag"), until the course's
    planned end."""
    variant = course_variant(course)
    first = max(today, course.start_date or today) + timedelta(days=7)
    deadline = rules.first_visit_deadline(variant=variant, start_date=course.start_date)
    if deadline is not None and today <= deadline < first:
        first = deadline
    if course.planned_end_date and first > course.planned_end_date:
        first = max(today, course.planned_end_date)
    return SeriesSuggestion(
        first_date=first, interval_days=rules.series_interval_default(variant), until_date=course.planned_end_date
    )


def _series_dates(*, first_date: date, until_date: date, interval_days: int) -> list[date]:
    """Every `interval_days` from `first_date` up to and including `until_date`."""
    count = (until_date - first_date).days // interval_days + 1
    return [first_date + timedelta(days=interval_days * n) for n in range(max(count, 0))]


def _series_check(*, course: Course, first_date: date, until_date: date, interval_days: int) -> list[date]:
    if course.phase != Phase.STARTED:
        raise DomainError(_("Visits can be planned in a series on a course that has started."))
    if not SERIES_INTERVAL_MIN_DAYS <= interval_days <= SERIES_INTERVAL_MAX_DAYS:
        raise DomainError(_("Plan a visit every 1 to 28 days."), field="interval_days")
    if until_date < first_date:
        raise DomainError(_("The last date lies on or after the first visit."), field="until_date")
    if until_date > course.planned_end_date:
        raise DomainError(
            _("The series ends no later than the course's planned end, %(date)s.")
            % {"date": date_format(course.planned_end_date, "SHORT_DATE_FORMAT")},
            field="until_date",
        )
    dates = _series_dates(first_date=first_date, until_date=until_date, interval_days=interval_days)
    if len(dates) > SERIES_MAX_VISITS:
        raise DomainError(
            _(
                "A series holds at most %(max)d visits; these dates give %(count)d. "
                "Choose a longer interval or an earlier last date."
            )
            % {"max": SERIES_MAX_VISITS, "count": len(dates)},
            field="until_date",
        )
    return dates


def _series_cap_check(*, course: Course, adding: int) -> None:
    """The series' visits, with those held and those still planned, stay within the model's
    visit cap (Ishøj: "op til ti besøg")."""
    variant = course_variant(course)
    if variant.visit_cap is None:
        return
    counted = (
        course.visits.filter(status=VisitStatus.HELD).count()
        + course.visits.filter(status=VisitStatus.PLANNED, date__gte=timezone.localdate()).count()
    )
    error = rules.visit_cap_error(variant=variant, held=counted, adding=adding)
    if error:
        raise DomainError(error, field="until_date")


@form_key_once(VisitSeries, owner="created_by", scope=("course",))
@transaction.atomic
def visit_series_plan(
    *,
    acting_user: User,
    course: Course,
    first_date: date,
    until_date: date,
    interval_days: int,
    time_of_day: time,
    duration_minutes: int | None = SUGGESTED_DURATION_MINUTES,
    form_key: UUID | None = None,
) -> VisitSeries:
    """Plan home visits every `interval_days` at `time_of_day`; days that already have a planned
    visit are skipped and listed in the result's `skipped_dates`."""
    course_staff_check(acting_user=acting_user, course=course)
    course = course_lock(course=course)
    # The same form posted twice at once: the second waited for the course's lock, and would
    # find every day taken by the first; it returns the first's series instead.
    first = form_key_first(
        model=VisitSeries, form_key=form_key, acting_user=acting_user, owner="created_by", course_id=course.pk
    )
    if first is not None:
        return form_key_repeat(first)
    dates = _series_check(course=course, first_date=first_date, until_date=until_date, interval_days=interval_days)
    for visit_date in dates[:1]:  # the rules of a planned visit, the same for every date of the series
        _visit_check(
            course=course,
            visit_date=visit_date,
            status=VisitStatus.PLANNED,
            is_booster=False,
            duration_minutes=duration_minutes,
            methods=[],
            goals=[],
            kind=VisitKind.HOME,
        )
    taken = set(
        course.visits.filter(status=VisitStatus.PLANNED, date__range=(dates[0], dates[-1])).values_list(
            "date", flat=True
        )
    )
    free = [visit_date for visit_date in dates if visit_date not in taken]
    if not free:
        raise DomainError(_("Every date of the series already has a planned visit; nothing was planned."))
    _series_cap_check(course=course, adding=len(free))
    series = VisitSeries.objects.create(
        course=course,
        interval_days=interval_days,
        time_of_day=time_of_day,
        first_date=first_date,
        until_date=until_date,
        created_by=acting_user,
        form_key=form_key,
    )
    Visit.objects.bulk_create(
        Visit(
            course=course,
            date=visit_date,
            time_of_day=time_of_day,
            status=VisitStatus.PLANNED,
            duration_minutes=duration_minutes,
            kind=VisitKind.HOME,
            logged_by=acting_user,
            series=series,
        )
        for visit_date in free
    )
    _audit(
        acting_user=acting_user,
        course=course,
        action=Action.CREATE,
        object_type="visit_series",
        object_id=series.pk,
        criterion=f"{len(free)} planned visits",
    )
    series.planned_dates = free
    series.skipped_dates = sorted(taken & set(dates))
    return series
