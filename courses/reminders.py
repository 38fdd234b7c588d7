"""The daily reminders: which staff should hear about which course today.

Courses reaching week 32 and week 40, children turning 3 within 8 weeks, and referrals waiting
more than 14 days. Each reminder is made once (a unique constraint), so running the job twice
on a day, or every day, reminds nobody twice.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses import rules
from courses.models import Course, Phase, Reminder
from families.models import Child
from families.selectors import guardians_current_prefetch
from hjemmepaed.organisation.models import Role, User

TURNS_3_WITHIN = timedelta(weeks=8)
REFERRAL_WAIT_DAYS = 14


@dataclass(frozen=True)
class ReminderRun:
    created: int
    emails: int


BATCH_SIZE = 500


def _due(*, today: date):
    """(course, kind) pairs due today. SQL picks the candidates (never every course or reminder
    ever made), read in chunks; the rules themselves decide exactly."""
    courses = Course.objects.select_related("primary_educator", "second_educator").order_by("pk")
    week_32_from = today - timedelta(days=(rules.WARNING_WEEK - 1) * 7)
    started = courses.filter(phase=Phase.STARTED, start_date__lte=week_32_from)
    for course in started.iterator(chunk_size=BATCH_SIZE):
        week = rules.course_week(course.start_date, today)
        if week >= rules.MAX_WEEKS:
            yield course, Reminder.Kind.WEEK_40
        elif week >= rules.WARNING_WEEK:
            yield course, Reminder.Kind.WEEK_32
    # A day's margin either side: a 29 February's third birthday is 28 February.
    born_from = today - relativedelta(months=rules.MAX_AGE_MONTHS) - timedelta(days=1)
    born_until = today + TURNS_3_WITHIN - relativedelta(months=rules.MAX_AGE_MONTHS) + timedelta(days=1)
    turning_3 = Child.objects.filter(family=OuterRef("family"), birth_date__range=(born_from, born_until))
    open_courses = (
        courses.filter(phase__in=[Phase.DECIDED, Phase.WAITING, Phase.STARTED])
        .filter(Exists(turning_3))
        .prefetch_related("family__children")
    )
    for course in open_courses.iterator(chunk_size=BATCH_SIZE):
        for child in course.family.children.all():
            if child.birth_date and today <= rules.third_birthday(child.birth_date) <= today + TURNS_3_WITHIN:
                yield course, Reminder.Kind.TURNS_3
                break
    waiting = courses.filter(phase=Phase.REFERRED, referral__received_on__lt=today - timedelta(days=REFERRAL_WAIT_DAYS))
    yield from ((course, Reminder.Kind.REFERRAL_WAITING) for course in waiting.iterator(chunk_size=BATCH_SIZE))


def _recipients(course: Course, kind: str, coordinators: dict[int, list[User]]) -> list[User]:
    people = list(coordinators.get(course.municipality_id, []))
    if kind != Reminder.Kind.REFERRAL_WAITING:
        people += [educator for educator in (course.primary_educator, course.second_educator) if educator]
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


def _reminders_make(due: list[tuple[Course, str]], *, today: date, coordinators) -> list[Reminder]:
    """The new reminders of one batch of due pairs; only this batch's courses' reminders are read."""
    existing = set(
        Reminder.objects.filter(course_id__in={course.pk for course, _kind in due}).values_list(
            "recipient_id", "course_id", "kind"
        )
    )
    new = []
    for course, kind in due:
        for person in _recipients(course, kind, coordinators):
            if person.is_active and (person.pk, course.pk, kind) not in existing:
                existing.add((person.pk, course.pk, kind))
                new.append(Reminder(recipient=person, course=course, kind=kind, created_on=today))
    Reminder.objects.bulk_create(new, ignore_conflicts=True)
    return new


@transaction.atomic
def reminders_send(*, today: date | None = None) -> ReminderRun:
    """Make today's reminders and e-mail each recipient how many new ones await in the app."""
    today = today or timezone.localdate()
    coordinators = defaultdict(list)
    for coordinator in User.objects.filter(role=Role.COORDINATOR, is_active=True):
        coordinators[coordinator.municipality_id].append(coordinator)
    created = 0
    counts = defaultdict(int)
    recipients = {}
    for due in _batches(_due(today=today), BATCH_SIZE):
        for reminder in _reminders_make(due, today=today, coordinators=coordinators):
            created += 1
            counts[reminder.recipient_id] += 1
            recipients[reminder.recipient_id] = reminder.recipient
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for person_pk, count in counts.items():
            person = recipients[person_pk]
            if not person.email:
                continue
            body = ngettext(
                "You have %(count)d new reminder in hjemmepaed: %(url)s",
                "You have %(count)d new reminders in hjemmepaed: %(url)s",
                count,
            ) % {"count": count, "url": settings.SITE_URL + reverse("reminder_list")}
            messages.append((_("New reminders in hjemmepaed"), body, settings.DEFAULT_FROM_EMAIL, [person.email]))
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))
    return ReminderRun(created=created, emails=len(messages))


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
