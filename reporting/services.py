"""Writes for the evaluation reports: ordering, building (in a Celery task), retrying, downloading.

A report moves queued → computing → rendering → ready, or → failed (then a retry queues it
again). Each step is committed on its own, so the progress page sees it. Building is
idempotent: a ready report is left alone, and a build interrupted by a killed worker is
simply redone when Celery delivers the task again (acks_late, reject_on_worker_lost), or when
`reports_requeue` finds it stuck past the task's hard time limit. Whichever build finishes
first makes the one PDF; a later one finds the report ready and changes nothing.
"""

import logging
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError
from hjemmepaed.formkeys import form_key_once
from hjemmepaed.organisation.models import Municipality, User
from hjemmepaed.pdf import render_pdf
from reporting import exports, selectors, selectors_reports
from reporting.models import CohortKind, Report, ReportStatus, report_pdf_path
from reporting.tables import report_compute

logger = logging.getLogger(__name__)


def _enqueue(report_id: int) -> bool:
    """Queue the build; when the broker is down the report stays queued, its page says it will
    start by itself, and the periodic `reports_requeue` task sends it again later. Nothing is lost."""
    from reporting.tasks import report_build as report_build_task

    try:
        report_build_task.delay(report_id)
    except Exception:  # the broker's errors vary (kombu, redis, socket)
        logger.warning("Report %s could not be queued now; it will be queued again later.", report_id, exc_info=True)
        with translation.override("da"):
            note = _(
                "The report has been ordered but cannot be started right now. "
                "It starts by itself when the connection is back."
            )
        Report.objects.filter(pk=report_id, status=ReportStatus.QUEUED).update(error=note)
        return False
    return True


def _period(cohort_kind: str, year: int | None, period_start: date | None, period_end: date | None):
    if cohort_kind == CohortKind.CLOSED_IN_YEAR:
        if not year:
            raise DomainError(_("Choose the year."), field="year")
        return date(year, 1, 1), date(year, 12, 31)
    if cohort_kind != CohortKind.STARTED_IN_PERIOD:
        raise DomainError(_("Choose which courses the report is about."), field="cohort_kind")
    if not period_start or not period_end:
        raise DomainError(_("Give both the first and the last date of the period."), field="period_start")
    if period_start > period_end:
        raise DomainError(_("The period must end on or after its first date."), field="period_end")
    return period_start, period_end


@form_key_once(Report, owner="ordered_by")
@transaction.atomic
def report_order(
    *,
    acting_user: User,
    municipalities: list[Municipality],
    cohort_kind: str,
    year: int | None = None,
    period_start: date | None = None,
    period_end: date | None = None,
    form_key: UUID | None = None,
) -> Report:
    allowed = set(selectors_reports.report_municipality_choices(user=acting_user).values_list("pk", flat=True))
    chosen = {m.pk for m in municipalities}
    if not chosen:
        raise DomainError(_("Choose at least one municipality."), field="municipalities")
    if not chosen <= allowed:
        raise DomainError(_("You can only order reports for your own municipality."), field="municipalities")
    start, end = _period(cohort_kind, year, period_start, period_end)
    cohort = selectors.Cohort(kind=cohort_kind, start=start, end=end, municipality_ids=tuple(sorted(chosen)))
    if not selectors.cohort_courses(cohort).exists():
        raise DomainError(
            _(
                "No course of the chosen municipalities falls in this period, so the report would be empty. Choose another period."
            ),
            field="year" if cohort_kind == CohortKind.CLOSED_IN_YEAR else "period_start",
        )
    report = Report.objects.create(
        ordered_by=acting_user,
        cohort_kind=cohort_kind,
        period_start=start,
        period_end=end,
        # The national analyst never sees a number based on fewer than 5, nor does anyone in
        # a report across municipalities.
        suppress_small_cells=acting_user.is_analyst or len(chosen) > 1,
        form_key=form_key,
    )
    report.municipalities.set(chosen)
    audit_event_record(
        actor=acting_user,
        action=Action.CREATE,
        object_type="report",
        object_id=report.pk,
        municipality=municipalities[0] if len(chosen) == 1 else None,
        criterion=cohort_kind,
    )
    transaction.on_commit(lambda: _enqueue(report.pk))
    return report


def _move(report_id: int, *, to: str, **fields) -> Report | None:
    """Move the report to `to` unless it is ready already; one short transaction."""
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.status == ReportStatus.READY:
            return None
        report.status = to
        for name, value in fields.items():
            setattr(report, name, value)
        report.save(update_fields=["status", *fields])
        return report


def report_build(*, report_id: int) -> bool:
    """Compute and render the report. True when it is ready, False when it failed or was done."""
    report = _move(
        report_id, to=ReportStatus.COMPUTING, started_at=timezone.now(), error="", attempts=F("attempts") + 1
    )
    if report is None:
        return False
    try:
        with translation.override("da"):
            result = report_compute(cohort=selectors.cohort_for_report(report), suppress=report.suppress_small_cells)
            report = _move(report_id, to=ReportStatus.RENDERING, result=result)
            if report is None:
                return False
            pdf = render_pdf("reporting/pdf/report.html", exports.pdf_context(report))
        with transaction.atomic():
            report = Report.objects.select_for_update().get(pk=report_id)
            if report.status == ReportStatus.READY:
                return False
            name = f"rapport-{report.pk}.pdf"
            # A build cut off between writing the file and committing left it behind: replace
            # it, so the report has one PDF under its own name, never a second with a suffix.
            report.pdf.storage.delete(report_pdf_path(report, name))
            report.pdf.save(name, ContentFile(pdf), save=False)
            report.status = ReportStatus.READY
            report.finished_at = timezone.now()
            report.save(update_fields=["pdf", "status", "finished_at"])
        return True
    except Exception:
        logger.exception("Report %s failed", report_id)
        with translation.override("da"):
            message = _("The report could not be made. Try again; if it fails again, contact support.")
        _move(report_id, to=ReportStatus.FAILED, error=message, finished_at=timezone.now())
        return False


@transaction.atomic
def report_retry(
    *,
    acting_user: User,
    report: Report,
) -> Report:
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.FAILED:
        raise DomainError(_("Only a failed report can be tried again."))
    report.status = ReportStatus.QUEUED
    report.error = ""
    report.save(update_fields=["status", "error"])
    audit_event_record(
        actor=acting_user,
        action=Action.UPDATE,
        object_type="report",
        object_id=report.pk,
        criterion="retry",
    )
    transaction.on_commit(lambda: _enqueue(report.pk))
    return report


def reports_requeue(*, older_than_minutes: int = 5, stuck_after: timezone.timedelta | None = None) -> int:
    """Queue again the reports still queued after a while (the broker was down when ordered, or
    a retry's send failed), and those stuck computing or rendering for longer than the task's
    hard time limit: their worker died whole, and no build can still be running."""
    now = timezone.now()
    if stuck_after is None:
        stuck_after = timezone.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    queued = Report.objects.filter(
        status=ReportStatus.QUEUED, ordered_at__lt=now - timezone.timedelta(minutes=older_than_minutes)
    )
    stuck = Report.objects.filter(
        status__in=[ReportStatus.COMPUTING, ReportStatus.RENDERING], started_at__lt=now - stuck_after
    )
    ids = sorted({*queued.values_list("pk", flat=True), *stuck.values_list("pk", flat=True)})
    for report_id in ids:
        _enqueue(report_id)
    return len(ids)


@dataclass(frozen=True)
class Download:
    """A file opened for reading: the view streams it from the storage (and closes it)."""

    file: File
    filename: str
    content_type: str

    @property
    def content(self) -> bytes:
        with self.file.open("rb") as handle:
            return handle.read()


DOWNLOAD_KINDS = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def report_download(
    *,
    acting_user: User,
    report: Report,
    kind: str,
) -> Download:
    """The ready report as PDF, xlsx or JSON; every download is audited."""
    if report.status != ReportStatus.READY:
        raise DomainError(_("The report is not ready yet."))
    if kind == "pdf":
        # From the storage every server shares (reporting/storage.py), wherever the worker ran.
        file = report.pdf.storage.open(report.pdf.name, "rb")
    elif kind == "xlsx":
        file = ContentFile(exports.report_xlsx(report.result))
    elif kind == "json":
        file = ContentFile(exports.report_json(report.result))
    else:
        raise DomainError(_("Unknown format."))
    municipalities = list(report.municipalities.all())
    audit_event_record(
        actor=acting_user,
        action=Action.DOWNLOAD,
        object_type="report",
        object_id=report.pk,
        municipality=municipalities[0] if len(municipalities) == 1 else None,
        criterion=kind,
    )
    return Download(file=file, filename=f"rapport-{report.pk}.{kind}", content_type=DOWNLOAD_KINDS[kind])
