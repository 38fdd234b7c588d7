from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses import rules
from courses.models import DURATION_MINUTES, Agreement, EndReason, GoalStatus, Theme, VisitKind, VisitStatus
from courses.selectors_local_lists import method_choices_for
from courses.services import GoalResult
from hjemmepaed.errors import DomainError, domain_error_to_form
from hjemmepaed.formkeys import FormKeyForm
from hjemmepaed.ui.dates import DateField
from hjemmepaed.ui.fields import IntegerField


class CourseVersionForm(forms.Form):
    """A form that changes the course's own fields. It carries the course's version from when
    the form was loaded (`initial={"version": course.version}`), so the service can tell when
    someone else saved the course in between (`courses.services.course_lock`)."""

    # Not required: a post without it (a script, an older page) saves as before, unchecked.
    version = IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    conflict = False

    def domain_error_add(self, error: DomainError, *, course) -> None:
        """Show a broken rule on the form, keeping what the user typed. On a conflict the form
        takes the course's current version, so saving again after looking at the current
        details (the template shows them when `form.conflict`) goes through."""
        domain_error_to_form(self, error)
        if error.code == "course_conflict":
            course.refresh_from_db()
            data = self.data.copy()
            data[self.add_prefix("version")] = course.version
            self.data = data
            self.conflict = True


def _duration_label(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours}:{rest:02d}"


DURATION_CHOICES = [("", _("Choose duration"))] + [(m, _duration_label(m)) for m in DURATION_MINUTES]


class VisitForm(forms.Form):
    """Logging a visit on a phone: today, held, home visit and the course's goals are one tap away."""

    date = DateField(label=_("Date"))
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
        label=_("Methods used"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("A chosen method is not on the municipality's list of methods in use.")},
    )
    methods_other = forms.CharField(label=_("Other methods"), max_length=300, required=False)
    participants = forms.CharField(label=_("Participants"), max_length=300, required=False)
    second_educator_present = forms.BooleanField(
        label=_("The second home educator took part"),
        required=False,
        help_text=_("The visit's hours then count once per educator in the cost."),
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    next_steps = forms.CharField(label=_("Next steps"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    is_booster = forms.BooleanField(label=_("Booster visit after the course"), required=False)

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        # A goal ended during the course is offered no more, unless the visit already has it.
        chosen = [goal.pk for goal in (kwargs.get("initial") or {}).get("goals", [])]
        self.fields["goals"].queryset = course.goals.filter(Q(ended_on__isnull=True) | Q(pk__in=chosen))
        self.fields["goals"].label_from_instance = lambda goal: f"{goal.get_theme_display()}: {goal.description}"
        if course.phase != "closed":
            del self.fields["is_booster"]
        # The course's municipality's methods in use, and those the visit already has.
        self.fields["methods"].choices = method_choices_for(
            municipality_id=course.municipality_id, keep=(kwargs.get("initial") or {}).get("methods", [])
        )
        if course.second_educator_id is None and not (kwargs.get("initial") or {}).get("second_educator_present"):
            del self.fields["second_educator_present"]
        elif not kwargs.get("initial"):
            self.fields["second_educator_present"].initial = True
        # Required for a held visit only: shown without "(frivilligt)", the hint says when.
        self.fields["duration_minutes"].conditionally_required = True


class VisitLogForm(VisitForm, FormKeyForm):
    """A new visit: sent once (hjemmepaed.formkeys)."""


WEIGHT_CHOICES = [("", _("Choose 1–10"))] + [
    (n, {1: _("1 – not at all"), 10: _("10 – overshadows daily life completely")}.get(n, str(n))) for n in range(1, 11)
]


class StartForm(CourseVersionForm):
    start_date = DateField(label=_("Date of the start-up meeting"), help_text=_("This is the course's start date."))
    planned_end_date = DateField(
        label=_("Planned end"),
        required=False,
        help_text=_("Leave empty for start + 40 weeks, the longest a course lasts."),
    )
    participants = forms.CharField(label=_("Participants"), widget=forms.Textarea(attrs={"rows": 2}))
    other_professionals_present = forms.BooleanField(
        label=_("Other professionals took part (with the parents' consent)"), required=False
    )
    third_birthday_reason = forms.CharField(
        label=_("Special reason to continue past the third birthday"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Only when a child turns 3 before the planned end."),
    )

    def __init__(self, *args, variant=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_date"].initial = timezone.localdate()
        if variant is not None and variant.max_weeks != rules.MAX_WEEKS:  # the model in force today
            self.fields["planned_end_date"].help_text = _(
                "Leave empty for start + %(weeks)d weeks, the longest a course lasts."
            ) % {"weeks": variant.max_weeks}


class GoalForm(forms.Form):
    theme = forms.ChoiceField(label=_("Theme"), choices=[("", _("Choose theme"))] + Theme.choices)
    description = forms.CharField(
        label=_("Goal"), widget=forms.Textarea(attrs={"rows": 2}), help_text=_("Concrete, in the parents' words.")
    )
    focus_points = forms.CharField(
        label=_("Sub-goals (focus points)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("One per line."),
    )
    weight_at_start = forms.TypedChoiceField(
        label=_("How much does the topic fill daily life now?"), choices=WEIGHT_CHOICES, coerce=int, empty_value=None
    )


class BaseGoalFormSet(forms.BaseFormSet):
    default_error_messages = {
        "too_few_forms": _("Agree at least one goal with the parents."),
        "too_many_forms": _("A course has at most %(num)d goals at its start."),
    }


# absolute_max: a posted form count beyond it is refused, and no more forms are built (Django's
# default, max_num + 1000, let one request build a thousand forms).
GoalFormSet = forms.formset_factory(
    GoalForm, formset=BaseGoalFormSet, extra=2, max_num=9, absolute_max=9, min_num=1, validate_min=True
)


class CloseForm(CourseVersionForm):
    end_date = DateField(label=_("End date"))
    end_reason = forms.ChoiceField(
        label=_("Why does the course end?"), choices=EndReason.choices, widget=forms.RadioSelect
    )
    end_reason_detail = forms.CharField(
        label=_("Which other service, or what other reason"), max_length=300, required=False
    )
    goals_reached_answer = forms.ChoiceField(
        label=_("How much do you agree that the goals set for the family have been reached?"),
        choices=Agreement.choices,
        widget=forms.RadioSelect,
    )
    child_developed_answer = forms.ChoiceField(
        label=_("How much do you agree that the child has developed positively?"),
        choices=Agreement.choices,
        widget=forms.RadioSelect,
    )
    handover_meeting_on = DateField(label=_("Network meeting with the daycare at handover"), required=False)
    reflection_sheet_given = forms.BooleanField(label=_("Reflection sheet given to the parents"), required=False)
    booster_planned_on = DateField(
        label=_("Booster visit planned on"),
        required=False,
        help_text=_("At most 3 months after the end date."),
    )

    def __init__(self, *args, goals, variant=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end_date"].initial = timezone.localdate()
        if variant is not None and variant.booster_window_months != rules.BOOSTER_WINDOW_MONTHS:
            self.fields["booster_planned_on"].help_text = _("At most %(months)d months after the end date.") % {
                "months": variant.booster_window_months
            }
        self.goals = list(goals)
        for goal in self.goals:
            self.fields[f"goal_{goal.pk}_status"] = forms.ChoiceField(
                label=_("Status: %(goal)s") % {"goal": goal.description},
                choices=[("", _("Choose status"))] + GoalStatus.choices,
            )
            self.fields[f"goal_{goal.pk}_weight"] = forms.TypedChoiceField(
                label=_("How much does “%(goal)s” fill daily life now?") % {"goal": goal.description},
                choices=WEIGHT_CHOICES,
                coerce=int,
                empty_value=None,
                help_text=_("At the start: %(weight)s") % {"weight": goal.weight_at_start},
            )

    def service_arguments(self) -> dict:
        """The cleaned data as `course_close` takes it."""
        data = dict(self.cleaned_data)
        data["goal_results"] = [
            GoalResult(
                goal=goal, status=data.pop(f"goal_{goal.pk}_status"), weight_at_end=data.pop(f"goal_{goal.pk}_weight")
            )
            for goal in self.goals
        ]
        return data


class CourseActionForm(forms.Form):
    """A form whose cleaned data are the keyword arguments of one course service."""

    not_for_service: tuple[str, ...] = ()

    def service_arguments(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in self.not_for_service}


def _today_field(label):
    return DateField(label=label, initial=timezone.localdate)


class TransferForm(CourseVersionForm, CourseActionForm):
    to_educator = forms.ModelChoiceField(label=_("New primary home educator"), queryset=None)
    on = _today_field(_("Date"))
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), help_text=_("E.g. the child changes daycare.")
    )

    def __init__(self, *args, educators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_educator"].queryset = educators


class ExtendForm(CourseVersionForm, CourseActionForm):
    new_planned_end = DateField(label=_("New planned end"))
    reason = forms.CharField(label=_("Why is the course extended?"), widget=forms.Textarea(attrs={"rows": 3}))
    other_service_needed = forms.BooleanField(label=_("The family needs another service"), required=False)
    other_service_assessment = forms.CharField(
        label=_("Assessment of whether another service is needed"), widget=forms.Textarea(attrs={"rows": 3})
    )
    third_birthday_reason = forms.CharField(
        label=_("Special reason to continue past the third birthday"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Only when a child turns 3 before the new planned end."),
    )


class AdjustmentForm(CourseActionForm, FormKeyForm):
    on = _today_field(_("Date"))
    description = forms.CharField(label=_("What was adjusted?"), widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(label=_("Why?"), widget=forms.Textarea(attrs={"rows": 3}))


class ConcernNotificationForm(CourseActionForm, FormKeyForm):
    on = _today_field(_("Date of the notification of concern"))
    recipient = forms.CharField(label=_("Recipient"), max_length=200, initial=_("The family department"))


class ConsentWithdrawForm(CourseVersionForm, CourseActionForm):
    not_for_service = ("confirm",)

    on = _today_field(_("Date the consent was withdrawn"))
    confirm = forms.BooleanField(
        label=_("The parents have withdrawn their consent. End the course."),
        help_text=_("Participation is voluntary. A started course is closed with this reason."),
    )


class CorrectionForm(CourseVersionForm, CourseActionForm):
    end_date = DateField(label=_("End date"))
    end_reason = forms.ChoiceField(label=_("End reason"), choices=EndReason.choices)
    end_reason_detail = forms.CharField(label=_("End reason, details"), max_length=300, required=False)
    reason = forms.CharField(
        label=_("Why is the closed course corrected?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The correction and its reason are recorded in the audit log."),
    )


class CprRevealForm(forms.Form):
    purpose = forms.CharField(
        label=_("Why do you need the full CPR number?"),
        max_length=300,
        help_text=_("Your reason is recorded in the audit log with your name."),
    )
