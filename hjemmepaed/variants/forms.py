from django import forms
from django.utils.translation import gettext_lazy as _

from hjemmepaed.ui.dates import DateField
from hjemmepaed.ui.fields import IntegerField
from hjemmepaed.variants.models import Preset, Visitation

NUMBER = {"invalid": _("Write a whole number.")}


class PresetChoiceForm(forms.Form):
    """Which settings the new version's form starts from (GET)."""

    preset = forms.ChoiceField(
        label=_("Start from a shipped preset"),
        choices=[("", _("The version in force")), *Preset.choices],
        required=False,
    )


class VariantForm(forms.Form):
    """Every setting of a version. The rules (dates, widening, the team) are the service's."""

    valid_from = DateField(
        label=_("In force from"),
        help_text=_("Today or later. Courses that have started keep the version they started under."),
    )
    preset = forms.ChoiceField(label=_("Based on"), choices=Preset.choices, widget=forms.HiddenInput)
    offer_name = forms.CharField(
        label=_("The offer's local name"),
        max_length=100,
        help_text=_("What the municipality calls the course, e.g. Familiepædagogisk Tilbud."),
    )
    visitation = forms.ChoiceField(
        label=_("Visitation"),
        choices=Visitation.choices,
        widget=forms.RadioSelect,
        help_text=_("Who takes part in the decision on a referral, or whether none is needed."),
    )
    team_members = forms.ModelMultipleChoiceField(
        label=_("Members of the visitation team"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only when a visitation team decides. Staff of the municipality."),
    )
    min_age_months = IntegerField(
        label=_("Youngest age at start (months)"),
        help_text=_("The national model: from 0 months."),
        error_messages=NUMBER,
    )
    max_age_months = IntegerField(
        label=_("Oldest age at start (months)"),
        help_text=_("The national model: up to 36 months. Going beyond needs a reason."),
        error_messages=NUMBER,
    )
    max_weeks = IntegerField(
        label=_("Longest course (weeks)"),
        help_text=_("The national model: at most 40 weeks. Going beyond needs a reason."),
        error_messages=NUMBER,
    )
    deviation_reason = forms.CharField(
        label=_("Reason for deviating from the national model"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only when the age range or the length goes beyond the national model. Shown in the reports."),
    )
    visit_cap = IntegerField(
        label=_("Most visits per course"),
        required=False,
        help_text=_("Leave empty for no limit. Ishøj: up to ten visits."),
        error_messages=NUMBER,
    )
    first_visit_is_startup = forms.BooleanField(
        label=_("The first visit is the start-up meeting"),
        required=False,
    )
    booster_window_months = IntegerField(
        label=_("Booster visit within (months after the end)"),
        help_text=_("From 0 to 12 months. 0: no booster visit after the end."),
        error_messages=NUMBER,
    )
    planning_rhythm_days = IntegerField(
        label=_("Days between planned visits"),
        required=False,
        help_text=_("Leave empty to plan freely. Helsingør: every 14 days."),
        error_messages=NUMBER,
    )
    first_visit_deadline_days = IntegerField(
        label=_("First visit within (days after the decision)"),
        required=False,
        help_text=_("Leave empty for no deadline. Svendborg: within 14 days."),
        error_messages=NUMBER,
    )
    coordinator_may_approve_own = forms.BooleanField(
        label=_("A coordinator may approve a course where she is the primary educator"),
        required=False,
        help_text=_("The decision then records it."),
    )
    note = forms.CharField(
        label=_("Note on the change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, team_candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team_members"].queryset = team_candidates


class ReferralQuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Question"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write the question.")},
    )
