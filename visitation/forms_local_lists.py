from django import forms
from django.utils.translation import gettext_lazy as _

from visitation.models import RiskFactorKind


class LocalRiskFactorForm(forms.Form):
    kind = forms.ChoiceField(label=_("About"), choices=RiskFactorKind.choices, widget=forms.RadioSelect)
    label = forms.CharField(
        label=_("New risk factor"),
        max_length=200,
        help_text=_("As the referral form lists it, e.g. “manglende overskud”."),
    )
