"""The records kept along a course: adjustments of the intervention, notifications of concern,
transfers between educators and the staff's reminders."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses import rules
from courses.choices import ReminderKind
from courses.variants import course_variant


class Adjustment(models.Model):
    """An adjustment of the intervention along the way (core element 5)."""

    course = models.ForeignKey("courses.Course", on_delete=models.CASCADE, related_name="adjustments")
    on = models.DateField(_("date"))
    description = models.TextField(_("what was adjusted"))
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    # The one-time form key of the post that created it (hjemmepaed.formkeys).
    form_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["on", "pk"]
        constraints = [models.UniqueConstraint(fields=["form_key"], name="adjustment_form_key_unique")]


class ConcernNotification(models.Model):
    """A notification of concern (underretning) that the educator made."""

    course = models.ForeignKey("courses.Course", on_delete=models.CASCADE, related_name="concern_notifications")
    on = models.DateField(_("date"))
    recipient = models.CharField(_("recipient"), max_length=200)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    # The one-time form key of the post that created it (hjemmepaed.formkeys).
    form_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["on", "pk"]
        constraints = [models.UniqueConstraint(fields=["form_key"], name="concern_notification_form_key_unique")]


class Transfer(models.Model):
    """The course handed from one primary educator to another; the history is kept."""

    course = models.ForeignKey("courses.Course", on_delete=models.CASCADE, related_name="transfers")
    from_educator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    to_educator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    on = models.DateField(_("date"))
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["on", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(from_educator=F("to_educator")), name="transfer_to_another_educator"),
        ]


class Reminder(models.Model):
    """A reminder to one staff member about one course; made once by the daily job."""

    Kind = ReminderKind

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    course = models.ForeignKey("courses.Course", on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    created_on = models.DateField(_("date"))
    read_at = models.DateTimeField(null=True, blank=True)
    # The course's week the reminder is about (week_32, week_40: 8 weeks before the limit and the
    # limit itself, which an extension moves, "uge 44 af 52"); 0 for the other kinds. Part of
    # the uniqueness, so an extended course is reminded again before its new limit.
    week = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "course", "kind", "week"], name="reminder_once"),
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "week_32",
                        "week_40",
                        "turns_3",
                        "referral_waiting",
                        "not_started",
                        "no_visit_planned",
                        "first_visit_late",
                    ]
                ),
                name="reminder_kind_known",
            ),
        ]

    @property
    def label(self) -> str:
        """What the reminder says: the week kinds with the course's weeks ("uge 44 af 52")."""
        if self.kind == ReminderKind.WEEK_32 and self.week:
            limit = self.week + rules.WARNING_WEEKS_BEFORE_LIMIT
            return _("The course has reached week %(week)d of %(limit)d") % {"week": self.week, "limit": limit}
        if self.kind == ReminderKind.WEEK_40 and self.week:
            return _("The course has reached week %(week)d of %(limit)d") % {"week": self.week, "limit": self.week}
        if self.kind == ReminderKind.TURNS_3:
            months = course_variant(self.course).max_age_months
            if months == rules.MAX_AGE_MONTHS:
                return _("A child turns 3 within 8 weeks")
            return _("A child turns %(months)d months within 8 weeks") % {"months": months}
        return self.get_kind_display()
