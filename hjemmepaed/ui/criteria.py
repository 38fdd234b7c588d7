"""A list's filters as the Danish sentence its audit event records ("Forløb filtreret på fase
“I gang” og hjemmepædagog “Mette Hansen”."), so the audit log reads as text and not as a query
string. Who reads the log is a coordinator or a data protection officer, years later."""

from datetime import date

from django import forms
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _


def _shown(field: forms.Field, value) -> str:
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(field, forms.ModelChoiceField):
        return str(value)
    choices = getattr(field, "choices", None)
    if choices:
        return str(dict(choices).get(value, value))
    return str(value)


def filter_criterion(form: forms.Form, *, subject: str, replace: dict[str, str] | None = None) -> str:
    """`subject` is what was listed ("Forløb"); `replace` gives a field's value the words to use
    instead of the value itself (a person picked by id is named by kind and number, not by name)."""
    if not form.is_bound:
        return _("%(subject)s without filters.") % {"subject": subject}
    if not form.is_valid():
        return _("%(subject)s with filters that could not be read; nothing is shown.") % {"subject": subject}
    parts = []
    for name, value in form.cleaned_data.items():
        if value in (None, "", False, [], ()):
            continue
        field = form.fields[name]
        label = str(field.label)
        label = label[:1].lower() + label[1:]
        if value is True:
            parts.append(label)
        elif replace and name in replace:
            parts.append(f"{label} {replace[name]}")
        elif "…" in label:
            parts.append(label.replace("…", _shown(field, value)))
        else:
            parts.append(f"{label} “{_shown(field, value)}”")
    if not parts:
        return _("%(subject)s without filters.") % {"subject": subject}
    return _("%(subject)s filtered by %(filters)s.") % {
        "subject": subject,
        "filters": get_text_list(parts, _("and")),
    }
