"""Phase 4's record: how the course ended, in the educator's assessment (Figur 4.1)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courses.choices import Agreement
from courses.models import Course


class Closure(models.Model):
    """Phase 4: how the course ended, in the educator's assessment (Figur 4.1)."""

    course = models.OneToOneField(Course, on_delete=models.CASCADE, related_name="closure")
    # Empty only on a course imported from a registration sheet without the educator's
    # assessment ("ikke besvaret"): the close service requires both answers.
    goals_reached_answer = models.CharField(
        _("How much do you agree that the goals set for the family have been reached?"),
        max_length=20,
        choices=Agreement.choices,
        blank=True,
    )
    child_developed_answer = models.CharField(
        _("How much do you agree that the child has developed positively?"),
        max_length=20,
        choices=Agreement.choices,
        blank=True,
    )
    handover_meeting_on = models.DateField(_("network meeting with the daycare at handover"), null=True, blank=True)
    reflection_sheet_given = models.BooleanField(_("reflection sheet given to the parents"), default=False)
    booster_planned_on = models.DateField(_("booster visit planned on"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(goals_reached_answer__in=[*Agreement.values, ""])
                & Q(child_developed_answer__in=[*Agreement.values, ""]),
                name="closure_answers_known",
            ),
        ]
