from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import EndReason
from sheets.columns import MAX_ROWS, MAX_UPLOAD_BYTES

ALLOWED_EXTENSIONS = (".xlsx", ".csv")


class SheetUploadForm(forms.Form):
    file = forms.FileField(
        label=_("The sheet (xlsx or csv)"),
        widget=forms.FileInput(attrs={"accept": ",".join(ALLOWED_EXTENSIONS)}),
        error_messages={"required": _("Choose the file to upload."), "empty": _("The file is empty.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "At most %(size)s MB and %(rows)s rows. Use the template's columns; the first row holds the headings."
        ) % {"size": MAX_UPLOAD_BYTES // (1024 * 1024), "rows": f"{MAX_ROWS:,}".replace(",", ".")}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(ALLOWED_EXTENSIONS):
            raise forms.ValidationError(_("Upload an xlsx or csv file."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload


class SheetConfirmForm(forms.Form):
    """Confirming the import of the checked file; the file itself is kept on the server."""


class EndReasonAliasForm(forms.Form):
    text = forms.CharField(
        label=_("The words in the sheet"),
        help_text=_("As the sheet writes them; upper and lower case and extra spaces do not matter."),
        max_length=100,
        error_messages={"required": _("Write the words the sheet uses.")},
    )
    end_reason = forms.ChoiceField(
        label=_("The end reason they mean"),
        choices=EndReason.choices,
        error_messages={
            "required": _("Choose the end reason the words mean."),
            "invalid_choice": _("Choose the end reason the words mean."),
        },
    )
