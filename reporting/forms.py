from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hjemmepaed.formkeys import FormKeyForm
from hjemmepaed.ui.dates import DateField
from hjemmepaed.ui.fields import IntegerField
from reporting.models import CohortKind


class ReportOrderForm(FormKeyForm):
    cohort_kind = forms.ChoiceField(
        label=_("Which courses"),
        choices=CohortKind.choices,
        widget=forms.RadioSelect,
        initial=CohortKind.CLOSED_IN_YEAR,
    )
    year = IntegerField(
        label=_("Year the courses closed"),
        min_value=2000,
        max_value=2100,
        required=False,
        error_messages={"invalid": _("Write the year as four digits, e.g. 2025.")},
    )
    period_start = DateField(label=_("Started from"), required=False)
    period_end = DateField(label=_("Started up to and including"), required=False)
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one municipality.")},
    )

    def __init__(self, *args, municipalities, latest: dict | None = None, **kwargs):
        """`latest`: the last years with data ({"closed": year, "started": year}) the form proposes."""
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].queryset = municipalities
        latest = latest or {}
        last_year = timezone.localdate().year - 1
        self.fields["year"].initial = latest.get("closed") or last_year
        started = latest.get("started") or last_year
        self.fields["period_start"].initial = date(started, 1, 1)
        self.fields["period_end"].initial = date(started, 12, 31)
        if municipalities.count() == 1:
            self.fields["municipalities"].initial = list(municipalities)
            self.fields["municipalities"].widget = forms.MultipleHiddenInput()


class HourlyRateForm(forms.Form):
    visit_hourly_rate = forms.DecimalField(
        label=_("Hourly rate of visit time (kr.)"),
        max_digits=8,
        decimal_places=2,
        required=False,
        localize=True,
        help_text=_("Used for the cost per course in the reports. Leave empty if not decided."),
        error_messages={"invalid": _("Write the rate as a number, e.g. 450 or 452,50.")},
    )
