"""The parts the criteria's table is made of: a pattern, and helpers that read a stored code
as Danish. Models are found through the app registry by label ("courses.Course"), so the core
imports no domain app."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Pattern:
    """One way a criterion is written. `object_types` empty: for any kind of object."""

    regex: re.Pattern
    render: Callable[[re.Match], str]
    object_types: frozenset[str] = frozenset()

    def sentence(self, *, object_type: str, criterion: str) -> str | None:
        if self.object_types and object_type not in self.object_types:
            return None
        match = self.regex.fullmatch(criterion)
        return self.render(match) if match else None


def pattern(regex: str, *object_types: str) -> Callable[[Callable[[re.Match], str]], Pattern]:
    """A decorator: the function renders the criterion that `regex` matches in full."""

    def wrap(render: Callable[[re.Match], str]) -> Pattern:
        return Pattern(regex=re.compile(regex, re.DOTALL), render=render, object_types=frozenset(object_types))

    return wrap


def literal(text: str, sentence: Callable[[], str], *object_types: str) -> Pattern:
    """A criterion that is always the same words (gettext is called when shown, not imported)."""
    return Pattern(
        regex=re.compile(re.escape(text)), render=lambda match: sentence(), object_types=frozenset(object_types)
    )


def _model(label: str):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def field_label(model_label: str, name: str, extra: dict | None = None) -> str:
    """A field's Danish name, lower case as in a sentence; an unknown name stays as stored."""
    if extra and name in extra:
        return str(extra[name])
    model = _model(model_label)
    try:
        return str(model._meta.get_field(name).verbose_name) if model else name
    except FieldDoesNotExist:
        return name


def field_list(model_label: str, names: str, *, separator: str = ",", extra: dict | None = None) -> str:
    """ "first_name, email" as "fornavn og e-mail-adresse"."""
    labels = [field_label(model_label, name.strip(), extra) for name in names.split(separator) if name.strip()]
    return get_text_list(labels, _("and"))


def choice_label(model_label: str, field: str, value: str) -> str:
    """A choice's label ("Henvist" for the phase "referred"); an unknown value stays as stored."""
    model = _model(model_label)
    try:
        choices = dict(model._meta.get_field(field).flatchoices) if model else {}
    except FieldDoesNotExist:
        choices = {}
    return str(choices.get(value, value))


def day(iso: str) -> str:
    """A stored ISO date as Danish text ("4. december 2026")."""
    try:
        return date_format(date.fromisoformat(iso), "DATE_FORMAT")
    except ValueError:
        return iso
