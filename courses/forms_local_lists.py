from django import forms
from django.utils.translation import gettext_lazy as _


class LocalMethodForm(forms.Form):
    label = forms.CharField(label=_("New method"), max_length=100, help_text=_("E.g. “Marte Meo” or “Video feedback”."))
