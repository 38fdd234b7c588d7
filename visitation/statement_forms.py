"""The daycare leader's statement form (visitation.services.daycare_statement_give)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DaycareStatementForm(forms.Form):
    # Not required here: the service refuses an empty statement with its Danish message.
    text = forms.CharField(
        label=_("Your statement"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "How does the child thrive in the daycare, and what do you see of the family's situation? "
            "The coordinator reads it before the intake decision."
        ),
    )
