"""The daycare leader's statement form (visitation.services.daycare_statement_give)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DaycareStatementForm(forms.Form):
    # The service refuses an empty one too (only spaces, or a call from elsewhere), in the same words.
    text = forms.CharField(
        label=_("Statement"),
        strip=False,
        error_messages={"required": _("Write your statement.")},
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "How does the child thrive in the daycare, and what do you see of the family's situation? "
            "The coordinator reads it before the intake decision."
        ),
    )
