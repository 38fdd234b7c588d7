"""The forms of a child's changes over time on the course page (`courses/views_family.py`)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from families.models import ChildSex
from hjemmepaed.formkeys import FormKeyForm
from hjemmepaed.ui.dates import DateField


class BirthForm(forms.Form):
    birth_date = DateField(label=_("Birth date"))
    name = forms.CharField(label=_("The child's name"), max_length=150)
    cpr = forms.CharField(
        label=_("CPR number"),
        max_length=11,
        required=False,
        help_text=_("10 digits, e.g. 010203-1234. Can be added when the child has one."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )

    def __init__(self, *args, child, **kwargs):
        super().__init__(*args, **kwargs)
        if child.name.strip().casefold() != "ufødt barn":
            self.fields["name"].initial = child.name


class DaycareChangeForm(FormKeyForm):
    on = DateField(label=_("Date of the change"), initial=timezone.localdate)
    daycare = forms.ModelChoiceField(label=_("New daycare"), queryset=None, required=False)
    attends_daycare = forms.BooleanField(label=_("Attends the daycare"), required=False)

    def __init__(self, *args, daycares, child, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["daycare"].queryset = daycares
        self.fields["daycare"].empty_label = _("No daycare")
        self.fields["daycare"].help_text = _("Choose “No daycare” when the child stops attending one.")
        self.fields["daycare"].error_messages["invalid_choice"] = _("Choose one of the municipality's daycares.")
        self.fields["attends_daycare"].initial = True
        self.fields["attends_daycare"].help_text = _("Leave it unticked if the child is enrolled but has not begun.")

    def clean(self):
        data = super().clean()
        if data.get("daycare") is None:  # no daycare: attending none
            data["attends_daycare"] = False
        return data


class ChildSexForm(forms.Form):
    sex = forms.ChoiceField(
        label=_("Sex"),
        choices=ChildSex.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Optional. Sex-specific SDQ norms apply when it is stated."),
    )
