"""Retention: anonymising ended courses once the municipality's retention period has passed.

A municipality keeps a course's personal data for `Municipality.retention_years` after the course
ended (closed: its end date; rejected or withdrawn: the day of that decision). After that, the
nightly job (`hjemmepaed.tasks.courses_anonymise_nightly`) anonymises it, but only when the
municipality has recorded its archive decision (`ArchiveDecision`): records that an archive must
receive may not be destroyed first.

What goes and what stays is listed field by field in docs/architecture.md ("Retention and
anonymisation"). In short: names, CPR numbers, contact details and every free text go; dates,
choices, numbers, SDQ scores and the links between rows stay, so every report computes the
same numbers before and after. A birth date is cut to its month (the registration sheet's
export shows the birth month; no report reads the day).

A family's names, CPR numbers and contact details go only when every course of the family has
been anonymised, so a family with a running course keeps its data.
"""

import secrets
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from courses.models import (
    Adjustment,
    ConcernNotification,
    Course,
    Extension,
    Goal,
    Phase,
    PhaseChange,
    Reminder,
    StartUpMeeting,
    Transfer,
    Visit,
)
from families.models import Child, Family, Guardian
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import ArchiveDecision, Municipality
from surveys import selectors as survey_selectors
from surveys.models import Answer, Draft, Invitation
from visitation.models import Referral

# What a name (or a text the database requires to be non-empty) reads after anonymisation.
ANONYMISED = "Anonymiseret"
ENDED_PHASES = (Phase.CLOSED, Phase.REJECTED, Phase.WITHDRAWN)
CRITERION = "anonymised after retention period"


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


@dataclass(frozen=True)
class AnonymiseRun:
    courses: int
    families: int
    sheet_uploads: int

    def as_counts(self) -> dict:
        return {"courses": self.courses, "families": self.families, "sheet_uploads": self.sheet_uploads}


# Courses per nightly run: a first run with a large backlog stays well inside the task's time
# limit; the rest follow the next nights (each course is its own transaction).
BATCH_SIZE = 500


def courses_anonymise_due(*, today: date | None = None, batch_size: int = BATCH_SIZE) -> AnonymiseRun:
    """The nightly job: up to `batch_size` due courses, then every family whose courses are all
    anonymised, then expired registration-sheet uploads. Idempotent: a second run finds nothing
    more to do."""
    from reporting.sheet_services import sheet_uploads_purge

    today = today or timezone.localdate()
    courses = families = 0
    due = courses_due(today=today).order_by("pk").values_list("pk", flat=True)[:batch_size]
    for course_id in list(due):
        anonymised, family_anonymised = course_anonymise(course=Course.objects.get(pk=course_id), today=today)
        courses += anonymised
        families += family_anonymised
    return AnonymiseRun(courses=courses, families=families, sheet_uploads=sheet_uploads_purge())


@transaction.atomic
def course_anonymise(*, course: Course, today: date | None = None) -> tuple[bool, bool]:
    """Remove a due course's free text, and the family's identity when this was its last course.

    Returns (course anonymised now, family anonymised now); (False, False) when already done.
    """
    today = today or timezone.localdate()
    course = Course.objects.select_for_update(of=("self",)).select_related("municipality").get(pk=course.pk)
    if course.anonymised_at is not None:
        return False, False
    if not municipality_has_archive_decision(municipality=course.municipality):
        raise DomainError(_("Nothing is anonymised before the municipality has recorded its archive decision."))
    ends_on = course_retention_ends_on(course=course)
    if ends_on is None:
        raise DomainError(_("Only a closed, rejected or withdrawn course can be anonymised."))
    if today < ends_on:
        raise DomainError(
            _("The course's retention period ends on %(date)s; it cannot be anonymised before.")
            % {"date": date_format(ends_on, "SHORT_DATE_FORMAT")}
        )
    now = timezone.now()
    _course_free_text_remove(course)
    course.anonymised_at = now
    course.save(
        update_fields=["decision_justification", "rejection_reason", "end_reason_detail", "anonymised_at", "updated_at"]
    )
    audit_event_record(
        actor=None,
        action=Action.UPDATE,
        object_type="course",
        object_id=course.pk,
        subject=course.family,
        municipality=course.municipality,
        criterion=CRITERION,
    )
    family = Family.objects.select_for_update().get(pk=course.family_id)
    if family.anonymised_at is not None or family.courses.filter(anonymised_at__isnull=True).exists():
        return True, False
    _family_identity_remove(family, now=now)
    audit_event_record(
        actor=None,
        action=Action.UPDATE,
        object_type="family",
        object_id=family.pk,
        subject=family,
        municipality=course.municipality,
        criterion=CRITERION,
    )
    return True, True


def _course_free_text_remove(course: Course) -> None:
    """Every text typed about the course goes; dates, choices and numbers stay."""
    course.decision_justification = ""
    course.rejection_reason = ""
    course.end_reason_detail = ""
    Referral.objects.filter(course=course).update(
        recruited_by_other=_anonymised_if_filled("recruited_by_other"),
        referring_professional="",
        concern="",
        consent_given_by=_anonymised_if_filled("consent_given_by"),
    )
    PhaseChange.objects.filter(course=course).update(note="")
    Goal.objects.filter(course=course).update(description="", focus_points="")
    StartUpMeeting.objects.filter(course=course).update(participants="", third_birthday_reason="")
    Extension.objects.filter(course=course).update(reason="", other_service_assessment="")
    Visit.objects.filter(course=course).update(participants="", methods_other="", note="", next_steps="")
    Adjustment.objects.filter(course=course).update(description="", reason="")
    ConcernNotification.objects.filter(course=course).update(recipient="")
    Transfer.objects.filter(course=course).update(reason="")
    Reminder.objects.filter(course=course).delete()
    _invitations_invalidate(course)
    # Free-text answers (and a chosen "describe" option's text) may name the family. Reports
    # never read them; the closed answers stay.
    Answer.objects.filter(response__course=course).exclude(text="").update(text="")


def _anonymised_if_filled(field: str):
    """ANONYMISED where the text was filled in (a database constraint requires it), else empty."""
    return Case(When(**{field: ""}, then=Value("")), default=Value(ANONYMISED))


def _invitations_invalidate(course: Course) -> None:
    """A new random token nobody knows for every invitation; open ones are cancelled; drafts go."""
    invitations = list(Invitation.objects.filter(course=course).select_for_update())
    Draft.objects.filter(key__in=[survey_selectors.draft_key_for_invitation(i) for i in invitations]).delete()
    now = timezone.now()
    for invitation in invitations:
        invitation.token = secrets.token_urlsafe(32)
        fields = ["token"]
        if invitation.status_at(now) == Invitation.Status.OPEN:
            invitation.cancelled_at = now
            fields.append("cancelled_at")
        invitation.save(update_fields=fields)


def _family_identity_remove(family: Family, *, now) -> None:
    Guardian.objects.filter(family=family).update(name=ANONYMISED, phone="", email="")
    for child in Child.objects.filter(family=family).select_for_update():
        child.name = ANONYMISED
        child.cpr_encrypted = ""
        child.cpr_hash = ""
        child.birth_date = child.birth_date.replace(day=1) if child.birth_date else None
        child.expected_due_date = child.expected_due_date.replace(day=1) if child.expected_due_date else None
        child.save(update_fields=["name", "cpr_encrypted", "cpr_hash", "birth_date", "expected_due_date"])
    family.language = ""
    family.single_parent = False
    family.interpreter_needed = False
    family.anonymised_at = now
    family.save(update_fields=["language", "single_parent", "interpreter_needed", "anonymised_at"])
