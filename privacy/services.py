"""Writes of the privacy app: retention (below), the family's request of access
(`family_access_export`) and the audit log's spot-check sample (`audit_sample_draw`).

Retention: anonymising ended courses once the municipality's retention period has passed.
A municipality keeps a course's personal data for `Municipality.retention_years` after the course
ended (closed: its end date; rejected or withdrawn: the day of that decision). After that, the
nightly job (`privacy.tasks.courses_anonymise_nightly`) anonymises it, but only when the
municipality has recorded its archive decision (`ArchiveDecision`): records that an archive must
receive may not be destroyed first.

What goes and what stays is listed field by field in docs/architecture.md ("Retention and
anonymisation"). In short: names, CPR numbers, contact details and every free text go; dates,
choices, numbers, SDQ scores and the links between rows stay, so every report computes the
same numbers before and after. A birth date is cut to its month (the registration sheet's
export shows the birth month; no report reads the day).

A family's names, CPR numbers and contact details go only when every course of the family has
been anonymised, so a family with a running course keeps its data.

This module decides and records; each app empties its own tables through its own service
(`visitation.services.referral_anonymise`, `courses.services.course_anonymise`,
`surveys.services.invitations_anonymise_for_course` and `answers_anonymise_for_course`,
`families.services.family_anonymise`), all inside the one transaction per course opened here.
"""

import json
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from courses.models import Course
from courses.services import course_anonymise
from families.models import Family
from families.services import family_anonymise
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError
from hjemmepaed.pdf import render_pdf
from privacy.selectors.family_export import family_export_data
from privacy.selectors.retention import course_retention_ends_on, courses_due, municipality_has_archive_decision
from sheets.services import sheet_uploads_purge
from surveys.services import answers_anonymise_for_course, invitations_anonymise_for_course
from visitation.services import referral_anonymise

# --------------------------------------------------------------------------------- retention
CRITERION = "anonymised after retention period"


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
    today = today or timezone.localdate()
    courses = families = 0
    due = courses_due(today=today).order_by("pk").values_list("pk", flat=True)[:batch_size]
    for course_id in list(due):
        anonymised, family_anonymised = course_anonymise_after_retention(
            course=Course.objects.get(pk=course_id), today=today
        )
        courses += anonymised
        families += family_anonymised
    return AnonymiseRun(courses=courses, families=families, sheet_uploads=sheet_uploads_purge())


@transaction.atomic
def course_anonymise_after_retention(*, course: Course, today: date | None = None) -> tuple[bool, bool]:
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
    referral_anonymise(course=course)
    course_anonymise(course=course, now=now)
    invitations_anonymise_for_course(course=course, now=now)
    answers_anonymise_for_course(course=course)
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
    family_anonymise(family=family, now=now)
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


# ------------------------------------------------------------------------- request of access
@dataclass(frozen=True)
class ExportFile:
    content: bytes
    filename: str
    content_type: str


EXPORT_KINDS = ("pdf", "json")


def family_access_export(
    *,
    acting_user,
    family: Family,
    kind: str,
) -> ExportFile:
    """Everything the system holds about a family, for a request of access, as PDF or JSON.

    The file name carries the family's number only. Every export is an audit event.
    """
    if kind not in EXPORT_KINDS:
        raise DomainError(_("Unknown file format."))
    data = family_export_data(family=family)
    if kind == "pdf":
        content = render_pdf(
            "privacy/pdf/family_export.html",
            {
                "data": data,
                "title": _("Request of access: family %(number)s") % {"number": family.pk},
                "municipality_name": family.municipality.authority_name,
            },
            time_limit=settings.PDF_RENDER_TIME_LIMIT_IN_REQUEST,
        )  # rendered while the coordinator waits
        content_type = "application/pdf"
    else:
        content = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()
        content_type = "application/json"
    audit_event_record(
        actor=acting_user,
        action=Action.EXPORT,
        object_type="family",
        object_id=family.pk,
        subject=family,
        municipality=family.municipality,
        criterion=_("Request of access, as %(kind)s.") % {"kind": kind.upper()},
    )
    return ExportFile(content=content, filename=f"indsigt-familie-{family.pk}.{kind}", content_type=content_type)


# ----------------------------------------------------------------- audit log spot check
def audit_sample_draw(
    *,
    acting_user,
    events,
    size: int,
    criterion: str,
) -> list[AuditEvent]:
    """A random sample of `size` events from `events` for the municipality's spot check.

    The draw is recorded with the filters it was drawn from and the ids drawn, so the same
    sample can be found again in the log.
    """
    population = events.count()
    sample = list(events.order_by("?")[:size])
    sample.sort(key=lambda event: (event.at, event.pk), reverse=True)
    ids = ", ".join(str(event.pk) for event in sample)
    audit_event_record(
        actor=acting_user,
        action=Action.VIEW,
        object_type="audit_sample",
        object_id=len(sample),
        criterion=f"sample of {len(sample)} of {population} events; {criterion}; ids: {ids}",
    )
    return sample
