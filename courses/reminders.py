"""The daily reminders: which staff should hear about which course today.

Courses 8 weeks before their limit and at it (week 32 and 40 of 40; on an extended course the
weeks move with the planned end, e.g. week 44 and 52 of 52: `rules.course_week_limit`),
children turning 3 within 8 weeks, referrals waiting more than 14 days, approved courses not
started 14 days after the decision, and started courses with no visit planned or held 2 days
after the start-up meeting (the first visit is planned within 14 days of it, Svendborg's
practice in the evaluation's Bilag). Each reminder is made once (a unique constraint on
recipient, course, kind and week), so running the job twice on a day, or every day, reminds
nobody twice; an extension makes the week reminders anew at the new weeks.

The weeks follow the course's version of the municipality's model (its longest course), and a
model with a first-visit deadline (Svendborg) reminds the coordinators of a course without a
first visit held or planned by it (`_first_visits_late`).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses import rules
from courses.models import Course, Phase, Reminder, ReminderKind, Visit, VisitStatus
from courses.variants import variants_attach, version_on, versions_by_municipality
from families.models import Child
from families.selectors import guardians_current_prefetch
from hjemmepaed.organisation.models import Role, User, role_q

TURNS_3_WITHIN = timedelta(weeks=8)
REFERRAL_WAIT_DAYS = 14
NOT_STARTED_DAYS = 14
# A started course without a visit is reminded of from the 2nd day after the start-up meeting
# while the 14 days in which the first visit is planned last (later the reminder is made already).
NO_VISIT_AFTER_DAYS = 2
FIRST_VISIT_WITHIN_DAYS = 14
# The kinds that go to the course's educators only, and those to the coordinators only.
EDUCATORS_ONLY = (ReminderKind.NO_VISIT_PLANNED,)
COORDINATORS_ONLY = (ReminderKind.REFERRAL_WAITING, ReminderKind.FIRST_VISIT_LATE)


@dataclass(frozen=True)
class ReminderRun:
    created: int
    emails: int


BATCH_SIZE = 500


@dataclass(frozen=True)
class DueCourse:
    """The few columns of a course the job needs: no model instances (at 100,000 courses
    building them, with their educators, was most of the job's time)."""

    pk: int
    municipality_id: int
    primary_educator_id: int | None
    second_educator_id: int | None


COLUMNS = ("pk", "municipality_id", "primary_educator_id", "second_educator_id")


def _week_due(
    start_date: date, planned_end_date: date | None, today: date, max_weeks: int = rules.MAX_WEEKS
) -> tuple[str, int] | None:
    """The week reminder a started course is due: at its limit, or 8 weeks before it."""
    limit = rules.course_week_limit(start_date, planned_end_date, max_weeks)
    warning = rules.course_week_warning(week=rules.course_week(start_date, today), limit=limit)
    if warning is None:
        return None
    return (Reminder.Kind.WEEK_40 if warning == limit else Reminder.Kind.WEEK_32), warning


def _rows(queryset):
    """The due candidates of `queryset` as DueCourse, read in chunks."""
    for columns in queryset.values_list(*COLUMNS).iterator(chunk_size=BATCH_SIZE):
        yield DueCourse(*columns)


def _first_visits_late(*, courses, versions, today: date):
    """Courses under a model with a first-visit deadline (Svendborg: 14 days after the start-up
    meeting) that have no visit held or planned by it: from the 2nd day after the meeting, while
    the deadline is near and up to 14 days after it has passed; and approved courses not started
    when the deadline after the decision has passed (no first visit can be planned before the
    start-up meeting)."""
    deadlines = [v.first_visit_deadline_days for vs in versions.values() for v in vs if v.first_visit_deadline_days]
    if not deadlines:
        return
    municipalities = [pk for pk, vs in versions.items() if any(v.first_visit_deadline_days for v in vs)]
    longest = max(deadlines) + FIRST_VISIT_WITHIN_DAYS
    first_visit = (
        Visit.objects.filter(course=OuterRef("pk"))
        .exclude(status=VisitStatus.CANCELLED)
        .order_by("date")
        .values("date")[:1]
    )
    started = courses.filter(
        municipality_id__in=municipalities,
        phase=Phase.STARTED,
        start_date__range=(today - timedelta(days=longest), today - timedelta(days=NO_VISIT_AFTER_DAYS)),
    ).annotate(first_visit=Subquery(first_visit))
    for *columns, start_date, first in started.values_list(*COLUMNS, "start_date", "first_visit").iterator(
        chunk_size=BATCH_SIZE
    ):
        variant = version_on(versions, municipality_id=columns[1], on=start_date)
        deadline = rules.first_visit_deadline(variant=variant, start_date=start_date)
        if (
            deadline
            and today <= deadline + timedelta(days=FIRST_VISIT_WITHIN_DAYS)
            and (first is None or first > deadline)
        ):
            yield DueCourse(*columns), Reminder.Kind.FIRST_VISIT_LATE, 0
    approved = courses.filter(
        municipality_id__in=municipalities,
        phase__in=[Phase.DECIDED, Phase.WAITING],
        visitation_date__range=(today - timedelta(days=longest), today - timedelta(days=1)),
    )
    for *columns, decided_on in approved.values_list(*COLUMNS, "visitation_date").iterator(chunk_size=BATCH_SIZE):
        variant = version_on(versions, municipality_id=columns[1], on=today)
        deadline = rules.first_visit_deadline(variant=variant, start_date=decided_on)
        if deadline and deadline < today <= deadline + timedelta(days=FIRST_VISIT_WITHIN_DAYS):
            yield DueCourse(*columns), Reminder.Kind.FIRST_VISIT_LATE, 0


def _due(*, today: date):
    """(course, kind, week) triples due today. SQL picks the candidates (never every course or
    reminder ever made), read in chunks; the rules themselves decide exactly. The municipalities'
    models are read once for the run."""
    courses = Course.objects.order_by("pk")
    versions = versions_by_municipality()
    # No limit is below the shortest model's longest course, so no course earlier than 8 weeks
    # before it is due (week 32 nationally).
    shortest = min([rules.MAX_WEEKS, *(v.max_weeks for vs in versions.values() for v in vs)])
    week_warning_from = today - timedelta(days=(max(shortest - rules.WARNING_WEEKS_BEFORE_LIMIT, 1) - 1) * 7)
    started = courses.filter(phase=Phase.STARTED, start_date__lte=week_warning_from)
    rows = started.values_list(*COLUMNS, "start_date", "planned_end_date")
    for *columns, start_date, planned_end_date in rows.iterator(chunk_size=BATCH_SIZE):
        max_weeks = version_on(versions, municipality_id=columns[1], on=start_date).max_weeks
        if (due := _week_due(start_date, planned_end_date, today, max_weeks)) is not None:
            yield DueCourse(*columns), *due
    # The oldest age is the course's model's (36 months nationally): SQL takes the children born
    # in the window of any model's oldest age, the course's own model decides. A day's margin
    # either side: a 29 February's third birthday is 28 February.
    born = Q()
    for months in {rules.MAX_AGE_MONTHS, *(v.max_age_months for vs in versions.values() for v in vs)}:
        born_from = today - relativedelta(months=months) - timedelta(days=1)
        born_until = today + TURNS_3_WITHIN - relativedelta(months=months) + timedelta(days=1)
        born |= Q(birth_date__range=(born_from, born_until))
    turning_3 = Child.objects.filter(born, family=OuterRef("family"))
    open_courses = courses.filter(phase__in=[Phase.DECIDED, Phase.WAITING, Phase.STARTED]).filter(Exists(turning_3))
    reminded = None  # a course with two children in the window is reminded once
    rows = open_courses.values_list(*COLUMNS, "start_date", "family__children__birth_date")
    for *columns, start_date, birth_date in rows.iterator(chunk_size=BATCH_SIZE):
        months = version_on(versions, municipality_id=columns[1], on=start_date or today).max_age_months
        if (
            columns[0] != reminded
            and birth_date
            and today <= rules.third_birthday(birth_date, months) <= today + TURNS_3_WITHIN
        ):
            reminded = columns[0]
            yield DueCourse(*columns), Reminder.Kind.TURNS_3, 0
    waiting = courses.filter(phase=Phase.REFERRED, referral__received_on__lt=today - timedelta(days=REFERRAL_WAIT_DAYS))
    yield from ((course, Reminder.Kind.REFERRAL_WAITING, 0) for course in _rows(waiting))
    not_started = courses.filter(
        phase__in=[Phase.DECIDED, Phase.WAITING], visitation_date__lt=today - timedelta(days=NOT_STARTED_DAYS)
    )
    yield from ((course, Reminder.Kind.NOT_STARTED, 0) for course in _rows(not_started))
    a_visit = Visit.objects.filter(course=OuterRef("pk")).exclude(status=VisitStatus.CANCELLED)
    started_lately = (today - timedelta(days=FIRST_VISIT_WITHIN_DAYS), today - timedelta(days=NO_VISIT_AFTER_DAYS))
    no_visit = courses.filter(phase=Phase.STARTED, start_date__range=started_lately).filter(~Exists(a_visit))
    yield from ((course, Reminder.Kind.NO_VISIT_PLANNED, 0) for course in _rows(no_visit))
    yield from _first_visits_late(courses=courses, versions=versions, today=today)


def _recipients(course: DueCourse, kind: str, coordinators: dict[int, list[int]], educators: set[int]) -> list[int]:
    """The ids of the active staff the reminder goes to."""
    people = [] if kind in EDUCATORS_ONLY else list(coordinators.get(course.municipality_id, []))
    if kind not in COORDINATORS_ONLY:
        people += [pk for pk in (course.primary_educator_id, course.second_educator_id) if pk in educators]
    return people


def _batches(items, size: int):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _reminders_make(due: list[tuple[DueCourse, str, int]], *, today: date, coordinators, educators) -> list[Reminder]:
    """The new reminders of one batch of due triples; only this batch's courses' reminders are read."""
    existing = set(
        Reminder.objects.filter(course_id__in={course.pk for course, _kind, _week in due}).values_list(
            "recipient_id", "course_id", "kind", "week"
        )
    )
    new = []
    for course, kind, week in due:
        for person in _recipients(course, kind, coordinators, educators):
            if (person, course.pk, kind, week) not in existing:
                existing.add((person, course.pk, kind, week))
                new.append(Reminder(recipient_id=person, course_id=course.pk, kind=kind, week=week, created_on=today))
    Reminder.objects.bulk_create(new, ignore_conflicts=True)
    return new


@transaction.atomic
def reminders_send(*, today: date | None = None) -> ReminderRun:
    """Make today's reminders and e-mail each recipient how many new ones await in the app."""
    today = today or timezone.localdate()
    coordinators = defaultdict(list)
    for pk, municipality_id in User.objects.filter(role_q(Role.COORDINATOR), is_active=True).values_list(
        "pk", "municipality_id"
    ):
        coordinators[municipality_id].append(pk)
    educators = set(User.objects.filter(is_active=True).values_list("pk", flat=True))  # an inactive one hears nothing
    created = 0
    counts = defaultdict(int)
    for due in _batches(_due(today=today), BATCH_SIZE):
        for reminder in _reminders_make(due, today=today, coordinators=coordinators, educators=educators):
            created += 1
            counts[reminder.recipient_id] += 1
    recipients = User.objects.filter(pk__in=counts).exclude(email="").only("email").order_by("pk")
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for person in recipients:
            count = counts[person.pk]
            body = ngettext(
                "You have %(count)d new reminder in hjemmepaed: %(url)s",
                "You have %(count)d new reminders in hjemmepaed: %(url)s",
                count,
            ) % {"count": count, "url": settings.SITE_URL + reverse("reminder_list")}
            messages.append((_("New reminders in hjemmepaed"), body, settings.DEFAULT_FROM_EMAIL, [person.email]))
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))
    return ReminderRun(created=created, emails=len(messages))


def reminder_rows(reminders) -> list[Reminder]:
    """A page of reminders; the courses of those about a child passing the oldest age get their
    versions of the model, which the label names (one query for the page, none without them)."""
    reminders = list(reminders)
    variants_attach([reminder.course for reminder in reminders if reminder.kind == ReminderKind.TURNS_3])
    return reminders


def reminder_list_for(*, user: User):
    """The user's own reminders, newest first, with their courses' families."""
    return (
        Reminder.objects.filter(recipient=user)
        .filter(Q(read_at__isnull=True) | Q(created_on__gte=timezone.localdate() - timedelta(days=30)))
        .select_related("course")
        .prefetch_related(guardians_current_prefetch("course__family__guardians"))
    )


@transaction.atomic
def reminders_mark_read(*, user: User) -> int:
    return Reminder.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
