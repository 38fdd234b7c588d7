"""An uploaded sheet, kept between the dry run and the confirmation.

The table keeps the name it had when the sheets were part of reporting (`reporting_sheetupload`):
the model moved apps, its rows did not (migrations `reporting/0005` and `sheets/0001`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import EndReason


class SheetKind(models.TextChoices):
    COURSES = "courses", _("Courses (registration sheet)")
    ANSWERS = "answers", _("Answers to the national questionnaire")
    ISHOEJ_ANSWERS = "ishoej", _("Answers to the Ishøj questionnaire")
    SDQ = "sdq", _("SDQ measurements")


class UploadStatus(models.TextChoices):
    CHECKING = "checking", _("Being checked")
    CHECKED = "checked", _("Checked")
    IMPORTING = "importing", _("Being imported")
    IMPORTED = "imported", _("Imported")
    FAILED = "failed", _("Failed")


class SheetUpload(models.Model):
    """An uploaded sheet kept between the dry run and the confirmation, so exactly the file that
    was checked is imported. Its content is emptied when imported (the row keeps the result for
    the page); the row is deleted after `SHEET_UPLOAD_HOURS` by the next upload. The sheets hold
    no names; the original file name is not kept."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=SheetKind.choices)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    # The dry run's result (`sheets.rows.ImportResult.as_json`), made once and shown on every
    # visit of the review page: checking a sheet again on each GET is the costly part.
    result = models.JSONField(null=True, blank=True)
    # The rows the dry run checked, for the import to write without reading the file again
    # (`sheets.rows.checked_rows_dump`: packed JSON); emptied with the content once imported.
    checked_rows = models.BinaryField(default=b"", blank=True)
    # A Celery task checks the file, and another imports it (`sheets.tasks`); the page follows.
    status = models.CharField(max_length=10, choices=UploadStatus.choices, default=UploadStatus.CHECKING)
    # The task's progress: rows checked of the sheet's rows, then rows imported of those to import.
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    rows_done = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "reporting_sheetupload"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["courses", "answers", "ishoej", "sdq"]), name="sheet_upload_kind_known"
            ),
            models.CheckConstraint(condition=Q(status__in=UploadStatus.values), name="sheet_upload_status_known"),
            models.CheckConstraint(
                condition=~Q(status__in=["checked", "importing", "imported"]) | Q(result__isnull=False),
                name="sheet_upload_checked_has_result",
            ),
        ]

    @property
    def is_running(self) -> bool:
        return self.status in (UploadStatus.CHECKING, UploadStatus.IMPORTING)


class EndReasonAlias(models.Model):
    """A municipality's own words for an end reason in its registration sheets, added by a
    coordinator; the import reads them besides the app's labels and `columns.END_REASON_ALIASES`."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.CASCADE, related_name="+")
    text = models.CharField(_("words in the sheet"), max_length=100)  # normalised: one space, casefolded
    end_reason = models.CharField(_("end reason"), max_length=20, choices=EndReason.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["text"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "text"], name="sheet_end_reason_alias_unique"),
            models.CheckConstraint(condition=Q(end_reason__in=EndReason.values), name="sheet_end_reason_alias_known"),
            models.CheckConstraint(condition=~Q(text=""), name="sheet_end_reason_alias_not_empty"),
        ]
