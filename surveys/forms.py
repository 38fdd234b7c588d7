from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import Agreement
from hjemmepaed.ui.fields import IntegerField
from surveys.models import QuestionKind

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
FREE_TEXT_MAX = 4000


def _choices(question) -> list[tuple[str, str]]:
    if question.kind == QuestionKind.AGREEMENT:
        return list(Agreement.choices)
    if question.kind == QuestionKind.YES_NO:
        return YES_NO
    if question.kind == QuestionKind.SCALE:
        return [(str(value), str(value)) for value in range(question.scale_min, question.scale_max + 1)]
    return [(choice["value"], choice["label"]) for choice in question.choices]


def _field(item) -> forms.Field:
    question = item.question
    required = question.required
    if question.kind == QuestionKind.FREE_TEXT:
        return forms.CharField(
            required=required,
            max_length=FREE_TEXT_MAX,
            widget=forms.Textarea(attrs={"rows": 5}),
            error_messages={
                "required": _("Write an answer."),
                "max_length": _("Write at most %(limit_value)d characters (you wrote %(show_value)d)."),
            },
        )
    if question.kind == QuestionKind.NUMBER:
        return IntegerField(
            required=required,
            min_value=question.scale_min,
            max_value=question.scale_max,
            error_messages={
                "required": _("Write a number."),
                "invalid": _("Write a whole number."),
                "min_value": _("Write a number of at least %(limit_value)s."),
                "max_value": _("Write a number of at most %(limit_value)s."),
            },
        )
    message = (
        _("Choose an answer for %(child)s.") % {"child": item.child_label}
        if item.child_label
        else _("Choose an answer.")
    )
    return forms.ChoiceField(
        required=required,
        choices=_choices(question),
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )


class PageForm(forms.Form):
    """The questions of one page; field names come from the engine (`q5_b2`: question 5, child 2)."""

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[item.field] = _field(item)
            label = f"{item.question.number}. {item.question.text}"
            self.fields[item.field].label = f"{label} ({item.child_label})" if item.child_label else label
            if item.question.other_choice:
                self.fields[item.other_field] = forms.CharField(
                    required=False,
                    max_length=200,
                    label=_("Describe"),
                    error_messages={
                        "max_length": _("Write at most %(limit_value)d characters (you wrote %(show_value)d).")
                    },
                )

    def clean(self):
        cleaned = super().clean()
        for item in self.items:
            question = item.question
            if question.other_choice and cleaned.get(item.field) == question.other_choice:
                if not (cleaned.get(item.other_field) or "").strip():
                    self.add_error(item.other_field, _("Describe your relation to the child."))
        return cleaned


class LowRatingConfirmForm(forms.Form):
    confirm_low_rating = forms.BooleanField(required=False)


class QuestionnaireChoiceForm(forms.Form):
    questionnaires = forms.ModelMultipleChoiceField(
        label=_("Questionnaires the municipality's parents are asked to answer"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one questionnaire.")},
    )

    def __init__(self, *args, available, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questionnaires"].queryset = available


class InvitationEmailForm(forms.Form):
    email = forms.EmailField(
        label=_("The parent's e-mail address"),
        error_messages={
            "required": _("Write the e-mail address."),
            "invalid": _("Write a valid e-mail address, e.g. navn@eksempel.dk."),
        },
    )


class TranslationUploadForm(forms.Form):
    questionnaire = forms.ModelChoiceField(
        label=_("Questionnaire"),
        queryset=None,
        empty_label=_("Choose a questionnaire"),
        error_messages={"required": _("Choose the questionnaire.")},
    )
    language = forms.ChoiceField(
        label=_("Language of the translation"),
        error_messages={"required": _("Choose the language of the translation.")},
    )
    translator = forms.CharField(
        label=_("Translated by"),
        max_length=200,
        help_text=_("The translator's or the agency's name."),
        error_messages={"required": _("Write who translated the texts.")},
    )
    reviewed = forms.BooleanField(label=_("The translation has been read through by a second person"), required=False)
    file = forms.FileField(
        label=_("Translation file"),
        help_text=_("The source file with the translation filled in: CSV or XLIFF 1.2, at most 1 MB."),
        error_messages={"required": _("Choose the translation file."), "empty": _("The file is empty.")},
    )

    def __init__(self, *args, available, languages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].queryset = available
        self.fields["language"].choices = [("", _("Choose a language")), *languages]
