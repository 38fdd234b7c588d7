"""Render Django form widgets the way DKFDS expects them.

DKFDS wants the control as a direct child of `.form-group`, its own class per kind of control
(`form-input`, `form-select`, `form-checkbox`, `form-radio`), `aria-describedby` pointing at
the hint and the error, and `aria-invalid` on an invalid control. The crispy-forms pack in
`templates/dkfds/` calls these tags.
"""

from django import forms, template

register = template.Library()

CHOICE_LIST_WIDGETS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


def _kind(field) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, (forms.Select, forms.SelectMultiple)):
        return "select"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "input"


@register.filter
def dkfds_kind(field) -> str:
    return _kind(field)


def _described_by(field) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


@register.filter
def dkfds_describedby(field) -> str:
    return _described_by(field)


def _attrs(field, css_class: str) -> dict:
    attrs = {}
    existing = field.field.widget.attrs.get("class", "")
    attrs["class"] = f"{css_class} {existing}".strip()
    described_by = _described_by(field)
    if described_by:
        attrs["aria-describedby"] = described_by
    if field.errors:
        attrs["aria-invalid"] = "true"
    return attrs


@register.simple_tag
def dkfds_widget(field):
    """The control of a text, number, date, textarea, select or single-checkbox field."""
    kind = _kind(field)
    css_class = {
        "checkbox": "form-checkbox",
        "select": "form-select",
        "file": "form-file-input",
        "hidden": "",
    }.get(kind, "form-input")
    return field.as_widget(attrs=_attrs(field, css_class))


@register.simple_tag
def dkfds_options(field):
    """The options of a radio or checkbox list, each input just before its label."""
    css_class = "form-radio" if _kind(field) == "radios" else "form-checkbox"
    options = []
    for option in field.subwidgets:
        option.data["attrs"] = {**option.data["attrs"], "class": css_class}
        options.append(option)
    return options


@register.filter
def dkfds_anchor(field) -> str:
    """Where the error summary's link for a field points: its control, or a group's first option."""
    if _kind(field) in ("radios", "checkboxes"):
        return f"{field.auto_id}_0"
    return field.id_for_label or field.auto_id


@register.filter
def dkfds_forms_with_errors(forms_and_formsets) -> list:
    """The forms with errors among forms and formsets, for one error summary over them all."""
    if hasattr(forms_and_formsets, "fields"):  # a single form
        forms_and_formsets = [forms_and_formsets]
    found = []
    for item in forms_and_formsets or []:
        members = list(item) if hasattr(item, "management_form") else [item]
        found.extend(form for form in members if form.errors)
    return found
