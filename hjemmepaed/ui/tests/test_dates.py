"""Dates as a Danish user types them (hjemmepaed.ui.dates), and that every date field uses them."""

import importlib
import inspect
from datetime import date
from pathlib import Path

import pytest
from django import forms
from django.conf import settings

from hjemmepaed.ui.dates import DateField, DateInput, date_parse


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("24.12.2026", date(2026, 12, 24)),
        ("24-12-2026", date(2026, 12, 24)),
        ("24/12/2026", date(2026, 12, 24)),
        ("24 12 2026", date(2026, 12, 24)),
        ("24/12-2026", date(2026, 12, 24)),  # DKFDS' "DD/MM-YYYY" pattern
        ("2.1.2026", date(2026, 1, 2)),
        ("02.01.2026", date(2026, 1, 2)),
        (" 2. 1. 2026 ", date(2026, 1, 2)),
        ("2026-12-24", date(2026, 12, 24)),  # ISO, what a native date input sends
        ("2026-1-2", date(2026, 1, 2)),
        ("29.02.2028", date(2028, 2, 29)),  # a leap year
        ("2.1.26", date(2026, 1, 2)),  # two digits: this century, as DKFDS' date picker reads them
        ("31.12.99", date(2099, 12, 31)),
    ],
)
def test_what_a_danish_user_types_is_a_date(typed, expected):
    assert date_parse(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "31.02.2026",  # no such day
        "29.02.2027",  # not a leap year
        "00.01.2026",
        "12.13.2026",
        "24.12",  # no year
        "24.12.202",  # three-digit year
        "2.1.0226",  # a slip: year 226
        "24.12.20266",
        "2026/12/24",
        "24122026",
        "i morgen",
        "24,12,2026",
        "",
    ],
)
def test_what_is_not_a_date_is_refused(typed):
    assert date_parse(typed) is None


class _Form(forms.Form):
    day = DateField(label="Dato")


def test_an_invalid_date_has_a_danish_message_and_stays_as_typed():
    form = _Form(data={"day": "31.02.2026"})
    assert not form.is_valid()
    assert form.errors["day"] == ["“31.02.2026” er ikke en dato. Skriv datoen som dd.mm.åååå, for eksempel 24.12.2026."]
    assert 'value="31.02.2026"' in str(form["day"])


def test_a_valid_date_is_shown_as_dd_mm_yyyy():
    form = _Form(data={"day": "2026-1-2"})
    assert form.is_valid() and form.cleaned_data["day"] == date(2026, 1, 2)
    assert 'value="02.01.2026"' in str(_Form(initial={"day": date(2026, 1, 2)})["day"])
    assert 'type="text"' in str(form["day"])
    assert 'value="02.01.2026"' in str(form["day"])  # shown again (say, after another field's error) the Danish way


def _project_modules():
    root = Path(settings.BASE_DIR)
    for path in sorted(root.glob("*/forms.py")) + sorted(root.glob("*/*/forms.py")) + sorted(root.glob("*/filters.py")):
        if ".venv" in path.parts or "node_modules" in path.parts:
            continue
        yield importlib.import_module(".".join(path.relative_to(root).with_suffix("").parts))


def test_every_date_field_of_every_form_is_the_danish_one():
    seen = 0
    for module in _project_modules():
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            fields = getattr(cls, "base_fields", None)
            if fields is None and hasattr(cls, "base_filters"):
                fields = {name: f.field for name, f in cls.base_filters.items()}
            for name, field in (fields or {}).items():
                if isinstance(field, forms.DateField):
                    seen += 1
                    assert isinstance(field, DateField), f"{cls.__module__}.{cls.__name__}.{name}"
                    assert isinstance(field.widget, DateInput), f"{cls.__module__}.{cls.__name__}.{name}"
    assert seen >= 15  # the forms' date fields were found at all
