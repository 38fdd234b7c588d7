from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from courses.models import Agreement
from hjemmepaed.ui.fields import IntegerField
from surveys.interface import Interface
from surveys.languages import SOURCE
from surveys.models import QuestionKind

# The sheet import's yes/no; the parent's page takes its words from the interface texts.
YES_NO = [("yes", _("Yes")), ("no", _("No"))]
FREE_TEXT_MAX = 4000
AGREEMENT_TEXTS = {
    Agreement.STRONGLY_AGREE: "strongly_agree",
    Agreement.AGREE: "agree",
    Agreement.NEUTRAL: "neutral",
    Agreement.DISAGREE: "disagree",
    Agreement.STRONGLY_DISAGREE: "strongly_disagree",
    Agreement.DONT_KNOW: "dont_know",
}


def _choices(question, ui: Interface) -> list[tuple[str, str]]:
    if question.kind == QuestionKind.AGREEMENT:
        return [(value, ui.text(AGREEMENT_TEXTS[value])) for value in Agreement.values]
    if question.kind == QuestionKind.YES_NO:
        return [("yes", ui.text("yes")), ("no", ui.text("no"))]
    if question.kind == QuestionKind.SCALE:
        return [(str(value), str(value)) for value in range(question.scale_min, question.scale_max + 1)]
    return [(choice["value"], choice["label"]) for choice in question.choices]


def _field(item, ui: Interface) -> forms.Field:
    question = item.question
    required = question.required
    if question.kind == QuestionKind.FREE_TEXT:
        return forms.CharField(
            required=required,
            max_length=FREE_TEXT_MAX,
            widget=forms.Textarea(attrs={"rows": 5}),
            error_messages={"required": ui.text("write_answer"), "max_length": ui.text("too_long")},
        )
    if question.kind == QuestionKind.NUMBER:
        return IntegerField(
            required=required,
            min_value=question.scale_min,
            max_value=question.scale_max,
            error_messages={
                "required": ui.text("write_number"),
                "invalid": ui.text("whole_number"),
                "min_value": ui.text("number_min"),
                "max_value": ui.text("number_max"),
            },
        )
    message = ui.text("choose_answer_for", child=item.child_label) if item.child_label else ui.text("choose_answer")
    return forms.ChoiceField(
        required=required,
        choices=_choices(question, ui),
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )


class PageForm(forms.Form):
    """The questions of one page; field names come from the engine (`q5_b2`: question 5, child 2).
    Its labels and messages are the interface texts `ui` (the parent's language)."""

    def __init__(self, *args, items, ui: Interface | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        self.ui = ui = ui or Interface(translation.get_language() or SOURCE)
        for item in items:
            self.fields[item.field] = _field(item, ui)
            label = f"{item.question.number}. {item.question.text}"
            self.fields[item.field].label = f"{label} ({item.child_label})" if item.child_label else label
            if item.question.other_choice:
                self.fields[item.other_field] = forms.CharField(
                    required=False,
                    max_length=200,
                    label=ui.text("describe"),
                    error_messages={"max_length": ui.text("too_long")},
                )

    def clean(self):
        cleaned = super().clean()
        for item in self.items:
            question = item.question
            if question.other_choice and cleaned.get(item.field) == question.other_choice:
                if not (cleaned.get(item.other_field) or "").strip():
                    self.add_error(item.other_field, self.ui.text("describe_relation"))
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
