from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hjemmepaed.ui.dates import DateField
from sdq import scoring
from sdq.models import PARENT_ONLY_IMPACT_FIELDS, Informant, Timing
from sdq.norm_csv import MAX_BYTES
from sdq.services import NORM_SET_SOURCE_MAX, Answers

# Items by the box ticked on the paper form, left to right; the scoring reverses the
# reverse-keyed items, so the form never asks anyone to do it.
ITEM_CHOICES = [("", "–"), (0, "0"), (1, "1"), (2, "2")]
BOX_CHOICES = [("", _("Not answered")), (0, _("Box 1")), (1, _("Box 2")), (2, _("Box 3")), (3, _("Box 4"))]
DIFFICULTIES_CHOICES = [
    ("", _("Not answered")),
    (0, _("Box 1 (no)")),
    (1, _("Box 2")),
    (2, _("Box 3")),
    (3, _("Box 4")),
]

IMPACT_LABELS = {
    "impact_difficulties": _("Difficulties overall"),
    "impact_duration": _("Duration"),
    "impact_distress": _("Distress"),
    "impact_home_life": _("Interference: home life"),
    "impact_friendships": _("Interference: friendships / peer relationships"),
    "impact_learning": _("Interference: learning"),
    "impact_leisure": _("Interference: leisure activities"),
    "impact_burden": _("Burden on others"),
}


def _item_field(number: int):
    return forms.TypedChoiceField(
        label=str(number),
        choices=ITEM_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


class MeasurementForm(forms.Form):
    """One paper SDQ typed in: who, when, the 25 boxes and the impact supplement."""

    child = forms.ModelChoiceField(label=_("Child"), queryset=None, empty_label=None)
    timing = forms.ChoiceField(label=_("When"), choices=Timing.choices, widget=forms.RadioSelect)
    informant = forms.ChoiceField(label=_("Filled in by"), choices=Informant.choices, widget=forms.RadioSelect)
    measured_on = DateField(
        label=_("Date the form was filled in"),
        help_text=_("The version (2–4 or 4–17 years) follows from the child's age on this date."),
    )

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = course.family.children.filter(birth_date__isnull=False)
        self.fields["measured_on"].initial = timezone.localdate()
        for number in scoring.ITEMS:
            self.fields[f"item_{number}"] = _item_field(number)
        for name, label in IMPACT_LABELS.items():
            choices = DIFFICULTIES_CHOICES if name == "impact_difficulties" else BOX_CHOICES
            self.fields[name] = forms.TypedChoiceField(
                label=label,
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                help_text=_("Parents' form only.") if name in PARENT_ONLY_IMPACT_FIELDS else "",
            )

    def item_fields(self):
        """The 25 item fields in rows of five, as the paper form numbers them."""
        fields = [self[f"item_{number}"] for number in scoring.ITEMS]
        return [fields[start : start + 5] for start in range(0, len(fields), 5)]

    def impact_fields(self):
        return [self[name] for name in IMPACT_LABELS]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "child": data["child"],
            "timing": data["timing"],
            "informant": data["informant"],
            "measured_on": data["measured_on"],
            "answers": Answers(
                items={number: data[f"item_{number}"] for number in scoring.ITEMS},
                impact={name: data[name] for name in IMPACT_LABELS},
            ),
        }


def initial_for(measurement) -> dict:
    """The edit form's starting values: what was typed last time."""
    names = ["timing", "informant", "measured_on", *[f"item_{n}" for n in scoring.ITEMS], *IMPACT_LABELS]
    return {"child": measurement.child_id, **{name: getattr(measurement, name) for name in names}}


class NormSetChoiceForm(forms.Form):
    norm_set = forms.ModelChoiceField(
        label=_("Norm set for the municipality's SDQ bands"),
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, norm_sets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["norm_set"].queryset = norm_sets


class NormSetImportForm(forms.Form):
    """A norm set from a CSV file; the file is bounded here before the service reads it."""

    name = forms.CharField(label=_("Name of the norm set"), max_length=150)
    source = forms.CharField(
        label=_("Source"),
        max_length=NORM_SET_SOURCE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Where the norms are published, e.g. the article, its table and the licence."),
    )
    file = forms.FileField(
        label=_("The norm set (CSV)"),
        help_text=_("At most 256 KB, UTF-8, separated by semicolons or commas."),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={"required": _("Choose the file to upload."), "empty": _("The file is empty.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than %(kb)s KB.") % {"kb": MAX_BYTES // 1024})
        return upload

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {"name": data["name"], "source": data["source"], "content": data["file"].read(MAX_BYTES + 1)}
