from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from hjemmepaed.organisation.models import Daycare


class LoginForm(AuthenticationForm):
    """Django's login form; its one message for unknown user and wrong password is kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class DaycareForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind"), choices=Daycare.Kind.choices)


class DaycareUpdateForm(DaycareForm):
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("Inactive daycares are kept for history but cannot be chosen."),
    )


class SecondFactorEnrolForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=20,
        help_text=_("The six digits the app shows now."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "input-width-xs",
                "spellcheck": "false",
            }
        ),
    )


class SecondFactorVerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_(
            "The six digits your authenticator app shows now, or one of your recovery codes."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "class": "input-width-s",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )
