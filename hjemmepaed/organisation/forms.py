from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from hjemmepaed.organisation.models import MUNICIPAL_ROLES, Anchoring, Daycare, Profession
from hjemmepaed.ui.dates import DateField
from hjemmepaed.ui.fields import IntegerField


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


class RetentionYearsForm(forms.Form):
    # The range is a rule of the service (organisation/services.py), so its Danish message shows.
    retention_years = IntegerField(
        label=_("Years personal data is kept after a course ended"),
        help_text=_("From 1 to 20 years. The default is 5 years."),
        error_messages={"invalid": _("Write a whole number of years, e.g. 5.")},
    )


class ArchiveDecisionForm(forms.Form):
    decided_on = DateField(label=_("Decided on"))
    reference = forms.CharField(
        label=_("Reference or journal number"),
        max_length=100,
        help_text=_("The decision's case or journal number, e.g. 00.01.10-P20-1-26."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. which archive the records go to, or that the courses are to be destroyed."),
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
        # A recovery code (letters and digits) has its own field on the page: this one opens
        # the phone's number pad.
        help_text=_("The six digits the app shows now."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autocapitalize": "off",
                "class": "input-width-s",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )


class RecoveryCodesForm(forms.Form):
    """New recovery codes ask for a current code: the app's six digits or a recovery code."""

    code = forms.CharField(
        label=_("Code from the app or a recovery code"),
        max_length=20,
        error_messages={"required": _("Type the code from the app or one of your recovery codes to make new ones.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "class": "input-width-s",
                "spellcheck": "false",
            }
        ),
    )


def _blank_first(choices):
    return [("", _("– Choose –")), *choices]


class StaffForm(forms.Form):
    """A person's name, e-mail and roles. Which roles combine and when a profession is needed
    are the staff service's rules (organisation/services/staff.py), so their Danish messages show."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False, help_text=_("For reminders from the system."))
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=[(role.value, role.label) for role in MUNICIPAL_ROLES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("A person may hold several roles, e.g. home educator and coordinator."),
    )
    profession = forms.ChoiceField(
        label=_("Profession"),
        choices=_blank_first(Profession.choices),
        required=False,
        help_text=_("Only for home educators."),
    )
    anchoring = forms.ChoiceField(
        label=_("Anchoring"),
        choices=_blank_first(Anchoring.choices),
        required=False,
        help_text=_("Only for home educators: where the home educator is anchored organisationally."),
    )
    daycare = forms.ModelChoiceField(
        label=_("Daycare led"),
        queryset=Daycare.objects.none(),
        required=False,
        help_text=_("Only for daycare leaders: she gives her statement on referrals of the daycare's children."),
    )

    def __init__(self, *args, daycares, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["daycare"].queryset = daycares
        self.fields["daycare"].empty_label = _("– Choose –")


class StaffCreateForm(StaffForm):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("Used to log in. Letters, digits and @ . + - _ only."),
        validators=[UnicodeUsernameValidator()],
    )
    password = forms.CharField(
        label=_("First password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Give it to the person, who changes it after the first login and sets up two-step verification."),
    )

    field_order = [
        "username",
        "first_name",
        "last_name",
        "email",
        "roles",
        "profession",
        "anchoring",
        "daycare",
        "password",
    ]
