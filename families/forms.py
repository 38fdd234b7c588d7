from django import forms
from django.db.models import Case, When
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from families.models import ConsentScope, ConsentText, ContactChannel, Guardian
from families.selectors import consent_overview, consent_texts_current
from families.services import ConsentAnswer
from hjemmepaed.formkeys import FormKeyForm
from hjemmepaed.ui.dates import DateField


def _text_label(text: ConsentText) -> str:
    """The scope, and under it the words the parent consents to, with their version."""
    return format_html(
        '{}<span class="form-hint">{}</span><span class="form-hint small-text">{}</span>',
        text.get_scope_display(),
        text.text,
        _("Consent text version %(version)s") % {"version": text.version},
    )


def _channel_field(*, initial=ContactChannel.LETTER) -> forms.ChoiceField:
    """How the parent wants the questionnaire's invitation and reminders; nothing chosen is a letter."""
    return forms.ChoiceField(
        label=gettext_lazy("Contact about the questionnaire by"),
        choices=ContactChannel.choices,
        initial=initial,
        required=False,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "Only for the consent to be contacted about the parent questionnaire: the invitation and up to "
            "two reminders come this way. An SMS carries the link only."
        ),
    )


class ConsentRecordForm(forms.Form):
    """One consent from one guardian. Each choice is a scope's text in force, so what is stored
    is the version the educator read out."""

    text_version = forms.ModelChoiceField(
        label=gettext_lazy("What does the parent consent to?"),
        queryset=ConsentText.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        help_text=gettext_lazy("Read the text to the parent. One consent per scope; record each scope on its own."),
    )
    given_on = DateField(label=gettext_lazy("Date the consent was given"))
    channel = _channel_field()

    def __init__(self, *args, scope: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        texts = consent_texts_current()
        field = self.fields["text_version"]
        order = Case(*[When(pk=text.pk, then=position) for position, text in enumerate(texts)])
        field.queryset = ConsentText.objects.filter(pk__in=[text.pk for text in texts]).order_by(order)
        field.label_from_instance = _text_label
        self.fields["given_on"].initial = timezone.localdate()
        chosen = next((text for text in texts if text.scope == scope), None)
        if chosen is not None:
            field.initial = chosen.pk

    def service_arguments(self) -> dict:
        text = self.cleaned_data["text_version"]
        channel = self.cleaned_data["channel"] if text.scope == ConsentScope.CONTACT_FOR_QUESTIONNAIRE else ""
        return {
            "scope": text.scope,
            "text_version": text,
            "given_on": self.cleaned_data["given_on"],
            "channel": channel,
        }


# The family's changes after the referral (courses/views_guardians.py). The services check the
# rules (a Danish phone number, a valid e-mail address, dates not in the future); the forms
# take what was typed, so a broken rule shows beside its field and keeps the rest.
YES_NO = [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]


def _yes_no(label, required_message, **kwargs) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": required_message},
        **kwargs,
    )


def _yes_no_initial(value: bool) -> str:
    return "yes" if value else "no"


class GuardianContactFields(forms.Form):
    phone = forms.CharField(
        label=gettext_lazy("Phone"),
        max_length=30,
        required=False,
        help_text=gettext_lazy("8 digits, perhaps with +45 in front."),
    )
    email = forms.CharField(label=gettext_lazy("E-mail"), max_length=254, required=False)


class GuardianAddForm(FormKeyForm, GuardianContactFields):
    """A new parent. No preselected relation or custody: each is chosen (they decide who must consent)."""

    name = forms.CharField(label=gettext_lazy("Name"), max_length=150)
    relation = forms.ChoiceField(
        label=gettext_lazy("Relation to the child"),
        choices=Guardian.Relation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose the parent's relation to the child.")},
    )
    has_custody = _yes_no(gettext_lazy("Has custody"), gettext_lazy("Choose whether the parent has custody."))
    on = DateField(
        label=gettext_lazy("Part of the family since"),
        help_text=gettext_lazy("With custody, the parent must consent from this day before information is shared."),
    )
    field_order = ["name", "relation", "has_custody", "on", "phone", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


class GuardianRemoveForm(forms.Form):
    left_on = DateField(label=gettext_lazy("Left the family on"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["left_on"].initial = timezone.localdate()


class GuardianCustodyForm(forms.Form):
    has_custody = _yes_no(
        gettext_lazy("Has custody from the date"), gettext_lazy("Choose whether the parent has custody.")
    )
    on = DateField(label=gettext_lazy("Date of the change"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


class FamilyHouseholdForm(forms.Form):
    language = forms.CharField(
        label=gettext_lazy("Language spoken at home"),
        max_length=60,
        error_messages={"required": gettext_lazy("Write the language spoken at home, e.g. dansk.")},
    )
    interpreter_needed = _yes_no(
        gettext_lazy("Interpreter needed"), gettext_lazy("Choose whether an interpreter is needed.")
    )
    single_parent = _yes_no(
        gettext_lazy("A parent lives alone with the children"),
        gettext_lazy("Choose whether a parent lives alone with the children."),
    )

    @classmethod
    def initial_for(cls, family) -> dict:
        return {
            "language": family.language,
            "interpreter_needed": _yes_no_initial(family.interpreter_needed),
            "single_parent": _yes_no_initial(family.single_parent),
        }


GIVEN, DECLINED = "given", "declined"


class ConsentAnswersForm(forms.Form):
    """The start-up meeting asks every parent with custody for every consent not already given:
    one required choice per parent and scope, "given" or "declined", nothing preselected. Each
    choice carries the text version shown, so what is stored is the wording read out; a version
    replaced in between is not a valid choice (and says so)."""

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        texts = {text.scope: text for text in consent_texts_current()}
        self.texts = texts
        # (guardian, [(scope status, field name or None, channel field name or None)]) for the template
        self.groups = []
        for row in consent_overview(family=family):
            fields = []
            for status in row.scopes:
                text = texts.get(status.scope)
                if status.active is not None or text is None:
                    fields.append((status, None, None))
                    continue
                name = f"consent_{row.guardian.pk}_{status.scope}"
                self.fields[name] = forms.ChoiceField(
                    label=status.label,
                    choices=[
                        (f"{GIVEN}:{text.pk}", _("Yes, gives consent")),
                        (f"{DECLINED}:{text.pk}", _("No, declines")),
                    ],
                    widget=forms.RadioSelect,
                    help_text=format_html(
                        '{} <span class="small-text">({})</span>',
                        text.text,
                        _("consent text version %(version)s") % {"version": text.version},
                    ),
                    error_messages={
                        "required": _("Answer whether %(name)s consents to “%(scope)s”: given or declined.")
                        % {"name": row.guardian.name, "scope": status.label},
                        "invalid_choice": _(
                            "The consent text for “%(scope)s” has been replaced by a new version. Read the new text "
                            "to the parent and record the consent again."
                        )
                        % {"scope": status.label},
                    },
                )
                channel = None
                if status.scope == ConsentScope.CONTACT_FOR_QUESTIONNAIRE:
                    channel = f"channel_{row.guardian.pk}"
                    self.fields[channel] = _channel_field(initial=None)  # the start form preselects nothing
                fields.append((status, name, channel))
            self.groups.append((row.guardian, fields))

    def grouped(self):
        """Per guardian with custody: each scope's status, its bound field (None when given) and,
        for the consent to be contacted, the field choosing how."""
        return [
            (
                guardian,
                [
                    (status, self[name] if name else None, self[channel] if channel else None)
                    for status, name, channel in fields
                ],
            )
            for guardian, fields in self.groups
        ]

    def answers(self) -> list[ConsentAnswer]:
        by_pk = {text.pk: text for text in self.texts.values()}
        guardians = {guardian.pk: guardian for guardian, _fields in self.groups}
        answers = []
        for name, value in self.cleaned_data.items():
            if not name.startswith("consent_"):
                continue
            _prefix, guardian_pk, scope = name.split("_", 2)
            answer, text_pk = value.split(":")
            answers.append(
                ConsentAnswer(
                    guardian=guardians[int(guardian_pk)],
                    scope=scope,
                    text_version=by_pk[int(text_pk)],
                    given=answer == GIVEN,
                    channel=self.cleaned_data.get(f"channel_{guardian_pk}", "")
                    if scope == ConsentScope.CONTACT_FOR_QUESTIONNAIRE
                    else "",
                )
            )
        return answers
