"""Dates as a Danish user types them, in one field class every date field of the app uses.

Accepted (`date_parse`): day, month and year separated by a dot, a hyphen, a slash or a space
(24.12.2026, 24-12-2026, 24/12/2026, 24 12 2026, 2.1.2026, and DKFDS' own "DD/MM-YYYY"
pattern 24/12-2026), and ISO 2026-12-24 (what a native date input, a script or an older page
sends). A two-digit year is this century's (2.1.26 is 2 January 2026): every date the app
records (referrals, courses, visits, children aged 0–36 months, consents) lies in 2000–2099, and
DKFDS' date picker reads two digits the same way. A year must otherwise have four digits,
between 1900 and 2100, so a slip like 2.1.0226 is refused instead of stored.

The control (`DateInput`) is the text input of DKFDS' date pattern (DD.MM.ÅÅÅÅ), without the
date picker's calendar script. The script empties the submitted value when the typed text is
not a date, so a mistyped date would vanish on the failed submit; and on a phone a text field
(one tap, the keyboard's digits and the dot) is quicker than the calendar's small day buttons.
A valid date is shown as dd.mm.åååå; an invalid one comes back exactly as typed, with a Danish
message.
"""

import re
from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DISPLAY_FORMAT = "%d.%m.%Y"
YEAR_MIN, YEAR_MAX = 1900, 2100

_DANISH = re.compile(r"^(\d{1,2})\s*[.\-/ ]\s*(\d{1,2})\s*[.\-/ ]\s*(\d{4}|\d{2})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def date_parse(text: str) -> date | None:
    """The date in `text`, or None when it is not one (31.02.2026, 24.12, 2026/12/24, words)."""
    text = " ".join(str(text).split())
    if match := _ISO.match(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DANISH.match(text):
        day, month = int(match.group(1)), int(match.group(2))
        year = int(match.group(3))
        if len(match.group(3)) == 2:
            year += 2000
    else:
        return None
    if not YEAR_MIN <= year <= YEAR_MAX:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


class DateInput(forms.TextInput):
    """The DKFDS date pattern: one text field, shown as dd.mm.åååå."""

    def __init__(self, attrs=None):
        defaults = {"class": "input-char-11", "autocomplete": "off", "spellcheck": "false"}
        super().__init__(attrs={**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, date):
            return value.strftime(DISPLAY_FORMAT)
        return super().format_value(value)


class DateField(forms.DateField):
    """A date as a Danish user types it (see the module); the one date field of every form."""

    widget = DateInput
    default_error_messages = {
        "invalid": _("“%(value)s” is not a date. Write the date as dd.mm.yyyy, for example 24.12.2026."),
    }

    def prepare_value(self, value):
        """A valid typed date comes back as dd.mm.åååå (2.1.26 as 02.01.2026, so the user sees
        which date was understood); anything else exactly as typed."""
        if isinstance(value, str) and (parsed := date_parse(value.strip())) is not None:
            return parsed.strftime(DISPLAY_FORMAT)
        return super().prepare_value(value)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = str(value).strip()
        if not text:
            return None
        parsed = date_parse(text)
        if parsed is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid", params={"value": text})
        return parsed
