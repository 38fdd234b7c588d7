"""The forms of planned visits: a series, and the educator's calendar link."""

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.forms import DURATION_CHOICES
from courses.models.planning import SERIES_INTERVAL_MAX_DAYS, SERIES_INTERVAL_MIN_DAYS
from hjemmepaed.formkeys import FormKeyForm
from hjemmepaed.ui.dates import DateField
from hjemmepaed.ui.fields import IntegerField


class VisitSeriesForm(FormKeyForm):
    """A series of planned home visits, sent once; starts from `courses.services.series_suggestion`."""

    first_date = DateField(
        label=_("First visit"),
        help_text=_("Often within 14 days of the start-up meeting."),
    )
    interval_days = IntegerField(
        label=_("Every how many days"),
        min_value=SERIES_INTERVAL_MIN_DAYS,
        max_value=SERIES_INTERVAL_MAX_DAYS,
        help_text=_("1 to 28 days; 14 is every other week."),
        error_messages={
            "min_value": _("Plan a visit every 1 to 28 days."),
            "max_value": _("Plan a visit every 1 to 28 days."),
        },
    )
    time_of_day = forms.TimeField(
        label=_("Time of day"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    duration_minutes = forms.TypedChoiceField(
        label=_("Planned duration (hours:minutes)"),
        choices=DURATION_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    until_date = DateField(
        label=_("Last possible date"),
        help_text=_("No later than the course's planned end. At most 40 visits in one series."),
    )

    def __init__(self, *args, suggestion, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_date"].initial = suggestion.first_date
        self.fields["interval_days"].initial = suggestion.interval_days
        self.fields["time_of_day"].initial = suggestion.time_of_day
        self.fields["duration_minutes"].initial = suggestion.duration_minutes
        self.fields["until_date"].initial = suggestion.until_date


class CalendarFeedCreateForm(FormKeyForm):
    """Make a new calendar link (a present one stops working)."""


class CalendarFeedRevokeForm(forms.Form):
    """Stop the calendar link."""
