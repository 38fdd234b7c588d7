"""An ordered evaluation report: its cohort, who ordered it, its progress and its result.

The computed tables are stored once as JSON (`result`); the PDF, the xlsx and the JSON download
are all drawn from that one result, so the three always show the same numbers.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CohortKind(models.TextChoices):
    CLOSED_IN_YEAR = "closed_in_year", _("Courses closed in a calendar year")
    STARTED_IN_PERIOD = "started_in_period", _("Courses started in a period")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    COMPUTING = "computing", _("Computing")
    RENDERING = "rendering", _("Rendering the PDF")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


def report_pdf_path(report, filename: str) -> str:
    # Nothing personal in file names: the report's number only.
    return f"reports/rapport-{report.pk}.pdf"


class Report(models.Model):
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reports", verbose_name=_("ordered by")
    )
    ordered_at = models.DateTimeField(_("ordered"), default=timezone.now)
    municipalities = models.ManyToManyField(
        "organisation.Municipality", related_name="reports", verbose_name=_("municipalities")
    )
    cohort_kind = models.CharField(_("cohort"), max_length=20, choices=CohortKind.choices)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    # Numbers based on fewer than 5 are shown as "<5": fixed when ordered (several
    # municipalities, or the national analyst).
    suppress_small_cells = models.BooleanField(_("small numbers shown as <5"))
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    result = models.JSONField(null=True, blank=True, editable=False)
    pdf = models.FileField(upload_to=report_pdf_path, blank=True, editable=False)
    # The one-time form key of the order (hjemmepaed.formkeys).
    form_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-ordered_at", "-pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[status.value for status in ReportStatus]), name="report_status_known"
            ),
            models.CheckConstraint(
                condition=Q(cohort_kind__in=[kind.value for kind in CohortKind]), name="report_cohort_kind_known"
            ),
            models.CheckConstraint(condition=Q(period_start__lte=F("period_end")), name="report_period_in_order"),
            models.CheckConstraint(
                condition=~Q(status="ready") | (Q(result__isnull=False) & ~Q(pdf="")),
                name="report_ready_has_result_and_pdf",
            ),
            models.UniqueConstraint(fields=["form_key"], name="report_form_key_unique"),
        ]

    def __str__(self) -> str:
        return f"Rapport #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (ReportStatus.READY, ReportStatus.FAILED)


class CourseVisitTotals(models.Model):
    """Visits and visit minutes per course, as a database view (migration 0003).

    An app course counts its held visits; an imported course carries the registration sheet's
    totals (which may be unknown). One join gives every report the same per-course figures,
    without a correlated subquery per aggregate.
    """

    course = models.OneToOneField(
        "courses.Course",
        primary_key=True,
        on_delete=models.DO_NOTHING,
        related_name="visit_totals",
        db_column="course_id",
    )
    visits = models.IntegerField(null=True)
    minutes = models.IntegerField(null=True)
    # Minutes once per home educator present: a visit by two counts twice (migration 0007).
    person_minutes = models.IntegerField(null=True)
    paired_visits = models.IntegerField(null=True)

    class Meta:
        managed = False
        db_table = "reporting_course_visit_totals"


class StoredFile(models.Model):
    """A generated file kept in the database (`reporting.storage.DatabaseStorage`), so every app
    server and worker reads what any of them wrote. Only the storage backend writes these rows."""

    name = models.CharField(max_length=255, unique=True)
    content = models.BinaryField()
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")
        constraints = [models.CheckConstraint(condition=~Q(name=""), name="stored_file_name_not_empty")]

    def __str__(self) -> str:
        return self.name
