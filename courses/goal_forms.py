"""The forms of the goals' changes in phase 3 (courses.services.goals)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.forms import WEIGHT_CHOICES, CourseActionForm, GoalForm
from hjemmepaed.formkeys import FormKeyForm
from hjemmepaed.ui.dates import DateField


def _on_field(label=_("Date")):
    return DateField(label=label, initial=timezone.localdate)


class GoalAddForm(CourseActionForm, FormKeyForm):
    on = _on_field(_("Date the goal was agreed"))
    theme = GoalForm.base_fields["theme"]
    description = GoalForm.base_fields["description"]
    focus_points = GoalForm.base_fields["focus_points"]
    weight_at_start = forms.TypedChoiceField(
        label=_("How much does the topic fill daily life now?"),
        choices=WEIGHT_CHOICES,
        coerce=int,
        empty_value=None,
        help_text=_("The goal's start weight: its result at closure is measured against it."),
    )


class GoalRewordForm(CourseActionForm):
    on = _on_field()
    description = forms.CharField(
        label=_("The goal in new words"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Concrete, in the parents' words. The wording before is kept in the history."),
    )
    focus_points = GoalForm.base_fields["focus_points"]
    reason = forms.CharField(
        label=_("Why is the goal reworded?"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, goal, **kwargs):
        kwargs.setdefault("initial", {"description": goal.description, "focus_points": goal.focus_points})
        super().__init__(*args, **kwargs)


class GoalEndForm(CourseActionForm):
    on = _on_field(_("Date the goal ends"))
    reason = forms.CharField(
        label=_("Why does the goal end?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. reached early, or no longer what the family works on."),
    )

    def __init__(self, *args, goal, **kwargs):
        super().__init__(*args, **kwargs)
