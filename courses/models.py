"""One family's course, from referral to closure, and the history of its phases.

The allowed moves between phases are a table in `courses/workflow.py`; the database refuses an
unknown phase and dates in the wrong order.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    REFERRED = "referred", _("Referred")
    DECIDED = "decided", _("Approved")
    WAITING = "waiting", _("On the waiting list")
    STARTED = "started", _("Started")
    CLOSED = "closed", _("Closed")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class EndReason(models.TextChoices):
    GOALS_REACHED = "goals_reached", _("Goals reached")
    OTHER_SERVICE = "other_service", _("Moved on to another service")
    MOVED = "moved", _("The family moved")
    NO_INTEREST = "no_interest", _("Lack of interest / consent withdrawn")
    NO_TIME = "no_time", _("Lack of time or resources")
    CHILD_TURNED_3 = "child_turned_3", _("The child turned 3")
    OTHER = "other", _("Other")


class Course(models.Model):
    municipality = models.ForeignKey(
        "organisation.Municipality",
        on_delete=models.PROTECT,
        related_name="courses",
        verbose_name=_("municipality"),
    )
    family = models.ForeignKey(
        "families.Family", on_delete=models.PROTECT, related_name="courses", verbose_name=_("family")
    )
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices, default=Phase.REFERRED)
    primary_educator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="primary_courses",
        verbose_name=_("primary home educator"),
    )
    second_educator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="second_courses",
        verbose_name=_("second home educator"),
    )
    visitation_date = models.DateField(_("intake decision date"), null=True, blank=True)
    decision_justification = models.TextField(_("justification of the decision"), blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    waiting_since = models.DateField(_("on the waiting list since"), null=True, blank=True)
    waiting_position = models.PositiveIntegerField(_("position on the waiting list"), null=True, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    planned_end_date = models.DateField(_("planned end date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_reason = models.CharField(_("end reason"), max_length=20, choices=EndReason.choices, blank=True)
    end_reason_detail = models.CharField(_("end reason, details"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints = [
            models.CheckConstraint(
                condition=Q(phase__in=[phase.value for phase in Phase]), name="course_phase_known"
            ),
            models.CheckConstraint(
                condition=Q(end_reason="") | Q(end_reason__in=[reason.value for reason in EndReason]),
                name="course_end_reason_known",
            ),
            models.CheckConstraint(
                condition=Q(second_educator__isnull=True) | ~Q(second_educator=F("primary_educator")),
                name="course_two_different_educators",
            ),
            models.CheckConstraint(
                condition=Q(visitation_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(visitation_date__lte=F("start_date")),
                name="course_visitation_not_after_start",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(start_date__lte=F("end_date")),
                name="course_start_not_after_end",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(planned_end_date__isnull=True)
                | Q(start_date__lt=F("planned_end_date")),
                name="course_planned_end_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(phase__in=["decided", "waiting", "started", "closed"])
                | Q(visitation_date__isnull=False),
                name="course_decided_has_visitation_date",
            ),
            models.CheckConstraint(
                condition=~Q(phase__in=["started", "closed"])
                | (Q(start_date__isnull=False) & Q(planned_end_date__isnull=False)),
                name="course_started_has_dates",
            ),
            models.CheckConstraint(
                condition=~Q(phase="closed") | (Q(end_date__isnull=False) & ~Q(end_reason="")),
                name="course_closed_has_end",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "phase"], name="course_municipality_phase_idx"),
        ]

    def __str__(self) -> str:
        return f"Forløb #{self.pk}"


class PhaseChange(models.Model):
    """One move of a course from one phase to another: who, when and why."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="phase_changes")
    from_phase = models.CharField(_("from phase"), max_length=10, choices=Phase.choices, blank=True)
    to_phase = models.CharField(_("to phase"), max_length=10, choices=Phase.choices)
    at = models.DateTimeField(_("time"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")
        constraints = [
            models.CheckConstraint(
                condition=Q(to_phase__in=[phase.value for phase in Phase]),
                name="phase_change_to_phase_known",
            ),
        ]
