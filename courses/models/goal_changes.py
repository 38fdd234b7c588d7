"""The history of a course's goals in phase 3: a goal added, reworded or ended along the way.

A goal agreed at the start-up meeting has no "added" row; one added later has. A rewording keeps
the wording it replaced (the goal row holds the current one), and never touches the start weight.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class GoalChangeKind(models.TextChoices):
    ADDED = "added", _("Goal added")
    REWORDED = "reworded", _("Goal reworded")
    ENDED = "ended", _("Goal ended")


class GoalChange(models.Model):
    course = models.ForeignKey("courses.Course", on_delete=models.CASCADE, related_name="goal_changes")
    goal = models.ForeignKey("courses.Goal", on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("change"), max_length=10, choices=GoalChangeKind.choices)
    on = models.DateField(_("date"))
    # A rewording: the wording before it.
    previous_description = models.TextField(_("wording before"), blank=True)
    previous_focus_points = models.TextField(_("sub-goals before"), blank=True)
    reason = models.TextField(_("reason"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    # The one-time form key of the post that added the goal (hjemmepaed.formkeys).
    form_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = _("change of a goal")
        verbose_name_plural = _("changes of goals")
        constraints = [
            models.UniqueConstraint(fields=["form_key"], name="goal_change_form_key_unique"),
            models.CheckConstraint(condition=Q(kind__in=GoalChangeKind.values), name="goal_change_kind_known"),
            models.CheckConstraint(condition=~Q(kind="ended") | ~Q(reason=""), name="goal_change_ended_has_reason"),
            models.UniqueConstraint(fields=["goal"], condition=Q(kind="added"), name="goal_change_added_once"),
            models.UniqueConstraint(fields=["goal"], condition=Q(kind="ended"), name="goal_change_ended_once"),
        ]
