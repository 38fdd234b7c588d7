"""The form renderer's select boxes are exactly Django's, only faster."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from hjemmepaed.ui.renderers import FormRenderer


class Choices(forms.Form):
    plain = forms.ChoiceField(choices=[("", "Alle"), ("a", "Æble & <pære>"), ("b", 'Citat "b"')], required=False)
    grouped = forms.ChoiceField(
        choices=[("Frugt", [("1", "Æble"), ("2", "Pære")]), ("Grønt", [("3", "Gulerod")]), ("4", "Andet")]
    )
    many = forms.MultipleChoiceField(choices=[(1, "En"), (2, "To"), (3, "Tre")], required=False)
    disabled = forms.ChoiceField(
        choices=[("x", "X")], disabled=True, widget=forms.Select(attrs={"class": "form-select"})
    )


@pytest.mark.parametrize(
    "data", [None, {"plain": "a", "grouped": "3", "many": ["1", "3"], "disabled": "x"}, {"plain": "zzz", "grouped": ""}]
)
@pytest.mark.parametrize("name", ["plain", "grouped", "many", "disabled"])
def test_a_select_is_the_same_html_as_djangos(data, name):
    ours = Choices(data, renderer=FormRenderer())[name]
    django = Choices(data, renderer=DjangoTemplates())[name]
    attrs = {"aria-describedby": "x-hint", "aria-invalid": "true", "data-flag": True, "data-off": False}
    assert ours.as_widget(attrs=attrs) == django.as_widget(attrs=attrs)
    assert str(ours) == str(django)


def test_the_options_are_escaped():
    html = str(Choices(renderer=FormRenderer())["plain"])
    assert "Æble &amp; &lt;pære&gt;" in html and "Citat &quot;b&quot;" in html and "<pære>" not in html


def test_other_widgets_are_left_to_django():
    class Text(forms.Form):
        name = forms.CharField()
        kind = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)

    assert str(Text(renderer=FormRenderer())["name"]) == str(Text(renderer=DjangoTemplates())["name"])
    assert str(Text(renderer=FormRenderer())["kind"]) == str(Text(renderer=DjangoTemplates())["kind"])


def test_a_select_is_written_without_its_templates(monkeypatch):
    loaded = []
    original = DjangoTemplates.get_template
    monkeypatch.setattr(DjangoTemplates, "get_template", lambda self, name: loaded.append(name) or original(self, name))
    str(Choices({"plain": "a", "grouped": "1"}, renderer=FormRenderer())["grouped"])
    assert loaded == []
    str(Choices(renderer=DjangoTemplates())["grouped"])
    assert "django/forms/widgets/select.html" in loaded
