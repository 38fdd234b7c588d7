"""An uploaded sheet, kept between the dry run and the confirmation.

The table keeps the name it had when the sheets were part of reporting (`reporting_sheetupload`):
the model moved apps, its rows did not (migrations `reporting/0005` and `sheets/0001`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SheetKind(models.TextChoices):
    COURSES = "courses", _("Courses (registration sheet)")
    ANSWERS = "answers", _("Answers to the national questionnaire")


class SheetUpload(models.Model):
    """An uploaded sheet kept between the dry run and the confirmation, so exactly the file that
    was checked is imported. Deleted when imported, or after `SHEET_UPLOAD_HOURS` by the next
    upload. The sheets hold no names; the original file name is not kept."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=SheetKind.choices)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    # The dry run's result (`sheets.rows.ImportResult.as_json`), made once and shown on every
    # visit of the review page: checking a sheet again on each GET is the costly part.
    result = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "reporting_sheetupload"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["courses", "answers"]), name="sheet_upload_kind_known"),
        ]
