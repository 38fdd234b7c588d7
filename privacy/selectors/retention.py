"""Which ended courses have passed their municipality's retention period.

A municipality keeps a course's personal data for `Municipality.retention_years` after the course
ended (closed: its end date; rejected or withdrawn: the day of that decision), and only once it has
recorded its archive decision (`ArchiveDecision`) may anything be anonymised.
"""

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from courses.models import Course, Phase, PhaseChange
from hjemmepaed.organisation.models import ArchiveDecision, Municipality

ENDED_PHASES = (Phase.CLOSED, Phase.REJECTED, Phase.WITHDRAWN)


def course_ended_on_expression():
    """A closed course ended on its end date; a rejected or withdrawn one on the day of that move."""
    decision_day = (
        PhaseChange.objects.filter(course=OuterRef("pk"), to_phase=OuterRef("phase"))
        .order_by("-at", "-pk")
        .annotate(day=TruncDate("at"))
        .values("day")[:1]
    )
    return Coalesce(F("end_date"), Subquery(decision_day))


def municipality_has_archive_decision(*, municipality: Municipality) -> bool:
    return ArchiveDecision.objects.filter(municipality=municipality).exists()


def course_retention_ends_on(*, course: Course) -> date | None:
    """The first day the course may be anonymised, or None while it has not ended."""
    if course.phase not in ENDED_PHASES:
        return None
    ended_on = (
        Course.objects.filter(pk=course.pk)
        .annotate(ended_on=course_ended_on_expression())
        .values_list("ended_on", flat=True)[0]
    )
    if ended_on is None:
        return None
    return ended_on + relativedelta(years=course.municipality.retention_years)


def courses_due(*, today: date) -> QuerySet[Course]:
    """Ended, not yet anonymised courses whose retention period has passed, in municipalities
    that have recorded an archive decision."""
    due = Q()
    found = False
    for municipality in Municipality.objects.filter(
        Exists(ArchiveDecision.objects.filter(municipality=OuterRef("pk")))
    ):
        due |= Q(municipality=municipality, ended_on__lte=today - relativedelta(years=municipality.retention_years))
        found = True
    if not found:
        return Course.objects.none()
    return (
        Course.objects.filter(phase__in=ENDED_PHASES, anonymised_at__isnull=True)
        .annotate(ended_on=course_ended_on_expression())
        .filter(due)
        .order_by("pk")
    )


@dataclass(frozen=True)
class RetentionOverview:
    anonymised: int
    past_retention: int  # anonymised tonight if an archive decision is recorded


def retention_overview(*, municipality: Municipality, today: date | None = None) -> RetentionOverview:
    today = today or timezone.localdate()
    cutoff = today - relativedelta(years=municipality.retention_years)
    courses = Course.objects.filter(municipality=municipality)
    return RetentionOverview(
        anonymised=courses.filter(anonymised_at__isnull=False).count(),
        past_retention=courses.filter(phase__in=ENDED_PHASES, anonymised_at__isnull=True)
        .annotate(ended_on=course_ended_on_expression())
        .filter(ended_on__lte=cutoff)
        .count(),
    )
