from django import forms
from django.utils.translation import gettext_lazy as _

from hjemmepaed.ui.fields import IntegerField

SAMPLE_SIZE_DEFAULT = 20
SAMPLE_SIZE_MAX = 200


class SampleForm(forms.Form):
    size = IntegerField(
        label=_("Number of events in the sample"),
        min_value=1,
        max_value=SAMPLE_SIZE_MAX,
        initial=SAMPLE_SIZE_DEFAULT,
        help_text=_("From 1 to 200. Drawn at random from the events the search finds."),
        error_messages={
            "min_value": _("Draw at least 1 event."),
            "max_value": _("Draw at most 200 events."),
            "required": _("Write how many events to draw."),
            "invalid": _("Write a whole number from 1 to 200."),
        },
    )
