"""Planned visits in series, and the educator's calendar feed of her planned visits."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A series plans a visit every 1 to 28 days (courses/services/planning.py).
SERIES_INTERVAL_MIN_DAYS = 1
SERIES_INTERVAL_MAX_DAYS = 28


class VisitSeries(models.Model):
    """One post of "Planlæg en række besøg": the planned visits it made point back to it."""

    course = models.ForeignKey("courses.Course", on_delete=models.CASCADE, related_name="visit_series")
    interval_days = models.PositiveSmallIntegerField(_("every how many days"))
    time_of_day = models.TimeField(_("time of day"))
    first_date = models.DateField(_("first visit"))
    until_date = models.DateField(_("last possible date"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # The one-time form key of the post that created it (hjemmepaed.formkeys).
    form_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(interval_days__gte=SERIES_INTERVAL_MIN_DAYS, interval_days__lte=SERIES_INTERVAL_MAX_DAYS),
                name="visit_series_interval_1_to_28_days",
            ),
            models.CheckConstraint(
                condition=Q(first_date__lte=F("until_date")), name="visit_series_first_not_after_until"
            ),
            models.UniqueConstraint(fields=["form_key"], name="visit_series_form_key_unique"),
        ]


class CalendarFeed(models.Model):
    """An educator's secret calendar address. Only the SHA-256 of its random token is stored, so
    the address is shown once, when it is made; revoking it (or making a new one) ends it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The one-time form key of the post that created it (hjemmepaed.formkeys).
    form_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(revoked_at__isnull=True), name="calendar_feed_one_active_per_user"
            ),
            models.UniqueConstraint(fields=["form_key"], name="calendar_feed_form_key_unique"),
        ]
