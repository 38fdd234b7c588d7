"""The crispy-forms DKFDS pack renders every kind of field the way DKFDS prescribes."""

import re

from django import forms
from django.template import Context, Template

from hjemmepaed.ui.dates import DateField


class EveryKindForm(forms.Form):
    name = forms.CharField(label="Navn", help_text="Fornavn og efternavn")
    note = forms.CharField(label="Note", widget=forms.Textarea, required=False)
    kind = forms.ChoiceField(label="Type", choices=[("a", "A"), ("b", "B")])
    phase = forms.ChoiceField(label="Fase", choices=[("x", "X"), ("y", "Y")], widget=forms.RadioSelect)
    methods = forms.MultipleChoiceField(
        label="Metoder", choices=[("m", "M"), ("n", "N")], widget=forms.CheckboxSelectMultiple
    )
    consent = forms.BooleanField(label="Samtykke", required=False, help_text="Kan trækkes tilbage")
    started = DateField(label="Startdato")


def _render(form) -> str:
    return Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(Context({"form": form}))


def test_valid_form_has_labels_hints_and_optional_marks_without_errors():
    html = _render(EveryKindForm())
    assert 'class="form-label" for="id_name">Navn</label>' in html
    assert '<span class="form-hint" id="id_name-hint">Fornavn og efternavn</span>' in html
    assert 'aria-describedby="id_name-hint"' in html
    assert 'Note<span class="weight-normal"> (frivilligt)</span>' in html
    assert 'class="form-select"' in html
    assert 'id="id_started"' in html and 'type="text"' in html
    assert "form-error" not in html
    assert 'data-module="error-summary"' not in html


def _input_then_label(html: str, input_id: str, css_class: str, label: str) -> bool:
    """The input with this id has the class and is followed directly by its label."""
    match = re.search(
        rf'<input [^>]*id="{input_id}"[^>]*>\s*<label class="form-label" for="{input_id}">{label}</label>', html
    )
    return bool(match) and f'class="{css_class}"' in match.group(0)


def test_radios_and_checkboxes_are_fieldsets_with_input_before_label():
    html = _render(EveryKindForm())
    assert '<legend class="form-label">Fase</legend>' in html
    assert _input_then_label(html, "id_phase_0", "form-radio", "X")
    assert _input_then_label(html, "id_methods_0", "form-checkbox", "M")
    assert _input_then_label(html, "id_consent", "form-checkbox", "Samtykke")


def test_errors_are_linked_summarised_and_input_kept():
    form = EveryKindForm(data={"name": "Mette", "kind": "z", "started": "31.02.2026"})
    html = _render(form)
    assert 'data-module="error-summary"' in html
    assert '<a href="#id_kind">Type: ' in html
    assert 'class="form-group form-error"' in html
    assert '<span class="form-error-message" id="id_kind-error"><span class="sr-only">Fejl: </span>' in html
    assert re.search(r'<select[^>]*aria-describedby="id_kind-error"[^>]*aria-invalid="true"', html) or re.search(
        r'<select[^>]*aria-invalid="true"[^>]*aria-describedby="id_kind-error"', html
    )
    assert 'aria-describedby="id_name-hint"' in html and 'value="Mette"' in html
    assert "Dette felt er påkrævet." in html  # phase and methods are missing
    assert '<a href="#id_phase_0">Fase: ' in html  # a radio group links to its first option


def test_date_field_shows_a_date_the_danish_way():
    from datetime import date

    html = _render(EveryKindForm(initial={"started": date(2026, 11, 23)}))
    assert 'value="23.11.2026"' in html
