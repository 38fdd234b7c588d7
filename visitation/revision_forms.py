"""The form of a revision of the referral's complexity and § 52 (visitation.services.referral_revise)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hjemmepaed.ui.dates import DateField
from visitation.models import Complexity


class RevisionForm(forms.Form):
    on = DateField(label=_("Date of the new assessment"), initial=timezone.localdate)
    complexity = forms.ChoiceField(
        label=_("Complexity"),
        choices=Complexity.choices,
        widget=forms.RadioSelect,
        help_text=_("The model is for challenges of low complexity."),
    )
    section_52_decided = forms.TypedChoiceField(
        label=_("Are measures under section 52 of the Social Services Act decided?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    justification = forms.CharField(
        label=_("Why is the assessment revised?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. what the course has shown, or the family department's decision and its date."),
    )

    def __init__(self, *args, complexity: str, section_52_decided: bool, **kwargs):
        kwargs.setdefault(
            "initial", {"complexity": complexity, "section_52_decided": "yes" if section_52_decided else "no"}
        )
        super().__init__(*args, **kwargs)
