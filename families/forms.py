from django import forms
from django.db.models import Case, When
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from families.models import ConsentText
from families.selectors import consent_texts_current
from hjemmepaed.ui.dates import DateField


def _text_label(text: ConsentText) -> str:
    """The scope, and under it the words the parent consents to, with their version."""
    return format_html(
        '{}<span class="form-hint">{}</span><span class="form-hint small-text">{}</span>',
        text.get_scope_display(),
        text.text,
        _("Consent text version %(version)s") % {"version": text.version},
    )


class ConsentRecordForm(forms.Form):
    """One consent from one guardian. Each choice is a scope's text in force, so what is stored
    is the version the educator read out."""

    text_version = forms.ModelChoiceField(
        label=gettext_lazy("What does the parent consent to?"),
        queryset=ConsentText.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        help_text=gettext_lazy("Read the text to the parent. One consent per scope; record each scope on its own."),
    )
    given_on = DateField(label=gettext_lazy("Date the consent was given"))

    def __init__(self, *args, scope: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        texts = consent_texts_current()
        field = self.fields["text_version"]
        order = Case(*[When(pk=text.pk, then=position) for position, text in enumerate(texts)])
        field.queryset = ConsentText.objects.filter(pk__in=[text.pk for text in texts]).order_by(order)
        field.label_from_instance = _text_label
        self.fields["given_on"].initial = timezone.localdate()
        chosen = next((text for text in texts if text.scope == scope), None)
        if chosen is not None:
            field.initial = chosen.pk

    def service_arguments(self) -> dict:
        text = self.cleaned_data["text_version"]
        return {"scope": text.scope, "text_version": text, "given_on": self.cleaned_data["given_on"]}
