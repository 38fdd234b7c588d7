"""A list's filters written as the sentence its audit event records."""

from datetime import date

from django import forms

from hjemmepaed.ui.criteria import filter_criterion
from hjemmepaed.ui.dates import DateField


class Filters(forms.Form):
    phase = forms.ChoiceField(label="Fase", choices=[("", "Alle"), ("started", "I gang")], required=False)
    since = DateField(label="Fra", required=False)
    week = forms.IntegerField(label="I uge … eller senere", required=False)
    warnings = forms.BooleanField(label="Kun forløb med advarsler", required=False)
    person = forms.CharField(label="Om barn", required=False)


def test_no_filters_is_said_in_words():
    assert filter_criterion(Filters(), subject="Forløb") == "Forløb uden filtre."
    assert filter_criterion(Filters({"phase": ""}), subject="Forløb") == "Forløb uden filtre."


def test_each_filter_is_named_with_its_shown_value():
    form = Filters({"phase": "started", "since": "1.12.2026", "week": "12", "warnings": "on"})
    assert filter_criterion(form, subject="Forløb") == (
        "Forløb filtreret på fase “I gang”, fra “01.12.2026”, i uge 12 eller senere og kun forløb med advarsler."
    )
    assert date(2026, 12, 1) == form.cleaned_data["since"]


def test_a_value_can_be_replaced_by_words_that_name_no_one():
    form = Filters({"person": "child-12"})
    criterion = filter_criterion(form, subject="Logningen", replace={"person": "“barn nr. 12”"})
    assert criterion == "Logningen filtreret på om barn “barn nr. 12”."


def test_filters_that_cannot_be_read_say_so():
    assert filter_criterion(Filters({"week": "tolv"}), subject="Forløb") == (
        "Forløb med filtre, der ikke kunne læses; intet vist."
    )
