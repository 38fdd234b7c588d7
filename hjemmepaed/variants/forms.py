from django import forms
from django.utils.translation import gettext_lazy as _

from hjemmepaed.ui.dates import DateField
from hjemmepaed.ui.fields import IntegerField
from hjemmepaed.variants.models import Preset, Visitation

NUMBER = {"invalid": _("Write a whole number.")}


def _number(label, help_text, *, required: bool = True) -> IntegerField:
    """A whole-number setting; an optional one left empty means no limit (the model's rules)."""
    return IntegerField(label=label, help_text=help_text, required=required, error_messages=NUMBER)


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
    min_age_months = _number(_("Youngest age at start (months)"), _("The national model: from 0 months."))
    max_age_months = _number(
        _("Oldest age at start (months)"), _("The national model: up to 36 months. Going beyond needs a reason.")
    )
    max_weeks = _number(
        _("Longest course (weeks)"), _("The national model: at most 40 weeks. Going beyond needs a reason.")
    )
    deviation_reason = forms.CharField(
        label=_("Reason for deviating from the national model"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only when the age range or the length goes beyond the national model. Shown in the reports."),
    )
    visit_cap = _number(
        _("Most visits per course"), _("Leave empty for no limit. Ishøj: up to ten visits."), required=False
    )
    first_visit_is_startup = forms.BooleanField(
        label=_("The first visit is the start-up meeting"),
        required=False,
    )
    booster_window_months = _number(
        _("Booster visit within (months after the end)"), _("From 0 to 12 months. 0: no booster visit after the end.")
    )
    planning_rhythm_days = _number(
        _("Days between planned visits"), _("Leave empty to plan freely. Helsingør: every 14 days."), required=False
    )
    first_visit_deadline_days = _number(
        _("First visit within (days after the decision)"),
        _("Leave empty for no deadline. Svendborg: within 14 days."),
        required=False,
    )
    survey_reminder_days = IntegerField(
        label=_("Questionnaire reminder after (days without an answer)"),
        help_text=_(
            "From 1 to 60 days. A parent who has not answered gets a reminder, and a second one as many days "
            "later; never more than two."
        ),
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


class OfflineUseForm(forms.Form):
    offline_use = forms.BooleanField(
        label=_("Home educators may log visits without a connection"),
        required=False,
        help_text=_(
            "Their phones then keep the visit form of their running courses and the visits typed until they "
            "are sent. Switched off, the phones delete both the next time a page is opened."
        ),
    )
