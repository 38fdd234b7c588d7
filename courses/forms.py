from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import DURATION_MINUTES, Method, VisitKind, VisitStatus
from hjemmepaed.ui.widgets import DateInput


def _duration_label(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours}:{rest:02d}"


DURATION_CHOICES = [("", _("Choose duration"))] + [(m, _duration_label(m)) for m in DURATION_MINUTES]


class VisitForm(forms.Form):
    """Logging a visit on a phone: today, held, home visit and the course's goals are one tap away."""

    date = forms.DateField(label=_("Date"), widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), choices=VisitStatus.choices, initial=VisitStatus.HELD)
    duration_minutes = forms.TypedChoiceField(
        label=_("Duration (hours:minutes)"),
        choices=DURATION_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Required for a held visit."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=VisitKind.choices, initial=VisitKind.HOME)
    goals = forms.ModelMultipleChoiceField(
        label=_("Goals worked on"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    methods = forms.MultipleChoiceField(
        label=_("Methods used"), choices=Method.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    methods_other = forms.CharField(label=_("Other methods"), max_length=300, required=False)
    participants = forms.CharField(label=_("Participants"), max_length=300, required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    next_steps = forms.CharField(label=_("Next steps"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    is_booster = forms.BooleanField(label=_("Booster visit after the course"), required=False)

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        self.fields["goals"].queryset = course.goals.all()
        self.fields["goals"].label_from_instance = lambda goal: f"{goal.get_theme_display()}: {goal.description}"
        if course.phase != "closed":
            del self.fields["is_booster"]
