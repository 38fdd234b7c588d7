from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.forms import CourseVersionForm
from families.models import ChildSex, Guardian
from families.services import phone_normalise
from hjemmepaed.errors import DomainError
from hjemmepaed.formkeys import FormKeyForm
from hjemmepaed.ui.dates import DateField
from hjemmepaed.ui.fields import IntegerField
from hjemmepaed.variants.models import Visitation
from visitation.models import Complexity, RecruitedBy
from visitation.selectors_local_lists import risk_factor_choices_for

RISK_FACTOR_NOT_IN_USE = _("A chosen risk factor is not on the municipality's list of risk factors in use.")

QUESTION_PREFIX = "question_"


class Decision:
    APPROVE = "approve"
    WAITLIST = "waitlist"
    REJECT = "reject"
    WITHDRAW = "withdraw"
    CHOICES = [
        (APPROVE, _("Approve and assign home educator")),
        (WAITLIST, _("Approve and place on the waiting list")),
        (REJECT, _("Reject")),
        (WITHDRAW, _("The referral is withdrawn")),
    ]


class DecisionForm(CourseVersionForm):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.CHOICES, widget=forms.RadioSelect)
    decided_on = DateField(label=_("Decision date"), help_text=_("The visitation date."))
    primary_educator = forms.ModelChoiceField(
        label=_("Primary home educator"),
        queryset=None,
        required=False,
        help_text=_("Required when you approve."),
    )
    second_educator = forms.ModelChoiceField(
        label=_("Second home educator"),
        queryset=None,
        required=False,
        help_text=_("E.g. a health visitor working in a pair."),
    )
    position = IntegerField(label=_("Position on the waiting list"), min_value=1, required=False)
    justification = forms.CharField(
        label=_("Justification for approving outside the target group"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required when the family has § 52 measures or a complexity that is not low."),
    )
    reason = forms.CharField(
        label=_("Reason for rejection or withdrawal"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required when you reject or the referral is withdrawn."),
    )

    team_members = forms.ModelMultipleChoiceField(
        label=_("Members of the visitation team who took part"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Required when you approve: at least one of the team's named members."),
    )
    daycare_leader_name = forms.CharField(
        label=_("The daycare leader's name"),
        max_length=150,
        required=False,
        help_text=_("The daycare leader takes part in the visitation."),
    )
    daycare_leader_statement = forms.CharField(
        label=_("The daycare leader's statement"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required when you approve. Recorded with the decision."),
    )

    def __init__(self, *args, educators, variant, daycare_statements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()
        for name in ("primary_educator", "second_educator"):
            self.fields[name].queryset = educators
            self.fields[name].empty_label = _("Choose home educator")
        # Only what the municipality's model asks of the decision is asked (`intake_rules`).
        if variant.visitation == Visitation.TEAM and variant.pk:
            self.fields["team_members"].queryset = variant.team_members.order_by("first_name", "last_name", "pk")
        else:
            del self.fields["team_members"]
        # A statement the daycare leader gave herself is recorded with the decision; only without
        # one does the coordinator type the leader's name and statement.
        if variant.visitation != Visitation.DAYCARE_LEADER or daycare_statements:
            del self.fields["daycare_leader_name"]
            del self.fields["daycare_leader_statement"]

    def participation(self) -> dict:
        """The visitation's participants as the services take them (empty where not asked)."""
        data = self.cleaned_data
        return {
            "team_members": list(data.get("team_members") or []),
            "daycare_leader_name": data.get("daycare_leader_name", ""),
            "daycare_leader_statement": data.get("daycare_leader_statement", ""),
        }

    def clean(self):
        data = super().clean()
        if data.get("decision") == Decision.APPROVE and not data.get("primary_educator"):
            self.add_error("primary_educator", _("Choose the primary home educator."))
        if data.get("decision") == Decision.WAITLIST and not data.get("position"):
            self.add_error("position", _("Give the family's position on the waiting list."))
        return data


class ReferralForm(FormKeyForm):
    """Phase 1: the referral, with the family's situation and the model's checklists."""

    received_on = DateField(label=_("Date received"))
    recruited_by = forms.ChoiceField(
        label=_("Who recruited the family"),
        choices=[("", _("Choose who recruited the family")), *RecruitedBy.choices],
        error_messages={"required": _("Choose who recruited the family.")},
    )
    recruited_by_other = forms.CharField(
        label=_("Recruited by, other"), max_length=150, required=False, help_text=_("When “Other” is chosen.")
    )
    referring_professional = forms.CharField(
        label=_("Referring professional"),
        max_length=150,
        required=False,
        help_text=_("Name and role, e.g. “Hanne Holm, sundhedsplejerske”."),
    )
    concern = forms.CharField(
        label=_("The concern"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In your own words: what is the concern?"),
    )
    parent_risk_factors = forms.MultipleChoiceField(
        label=_("Risk factors: parents who …"),
        required=False,
        error_messages={"invalid_choice": RISK_FACTOR_NOT_IN_USE},
        widget=forms.CheckboxSelectMultiple,
    )
    child_risk_factors = forms.MultipleChoiceField(
        label=_("Risk factors: the child …"),
        required=False,
        error_messages={"invalid_choice": RISK_FACTOR_NOT_IN_USE},
        widget=forms.CheckboxSelectMultiple,
    )
    complexity = forms.ChoiceField(
        label=_("Complexity"),
        choices=Complexity.choices,
        widget=forms.RadioSelect,
        help_text=_("The model is for challenges of low complexity."),
    )
    section_52_decided = forms.BooleanField(
        label=_("Measures under section 52 of the Social Services Act are decided"), required=False
    )
    single_parent = forms.BooleanField(label=_("A parent lives alone with the children"), required=False)
    language = forms.CharField(label=_("Language spoken at home"), max_length=60, initial="dansk")
    interpreter_needed = forms.BooleanField(label=_("Interpreter needed"), required=False)
    consent_given_on = DateField(
        label=_("The parents' consent given on"),
        required=False,
        help_text=_("Participation is voluntary: record when the parents said yes."),
    )
    consent_given_by = forms.CharField(label=_("Consent given by"), max_length=150, required=False)
    # Offered only when a child's CPR number is already recorded in the municipality.
    on_existing_family = forms.BooleanField(
        label=_("Register the new referral on the existing family"),
        required=False,
        help_text=_(
            "The family's parents and children as recorded are kept; parents and children you typed that are "
            "not recorded yet are added."
        ),
    )

    def __init__(self, *args, municipality_id: int | None = None, questions=(), variant=None, educators=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate()
        # The national factors and the municipality's own in use.
        choices = risk_factor_choices_for(municipality_id=municipality_id)
        self.fields["parent_risk_factors"].choices = choices["parent"]
        self.fields["child_risk_factors"].choices = choices["child"]
        # The municipality's own referral questions, each answered in its own words.
        for question in questions:
            self.fields[f"{QUESTION_PREFIX}{question.pk}"] = forms.CharField(
                label=question.text, widget=forms.Textarea(attrs={"rows": 2}), required=False
            )
        # Without a visitation (Ishøj) the course is approved at registration: it needs its
        # educator now; the course grows out of the daycare's, so the daycare recruited it.
        if variant is not None and not variant.visitation_required:
            self.fields["recruited_by"].initial = RecruitedBy.DAYCARE
            self.fields["primary_educator"] = forms.ModelChoiceField(
                label=_("Primary home educator"),
                queryset=educators,
                required=False,
                empty_label=_("Yourself, when you are a home educator"),
                help_text=_(
                    "%(municipality)s's model requires no prior visitation: the course is approved when the "
                    "referral is registered."
                )
                % {"municipality": variant.municipality.name},
            )

    @property
    def question_fields(self) -> list:
        return [field for field in self if field.name.startswith(QUESTION_PREFIX)]

    @property
    def referral_fields(self) -> list:
        return [
            field for field in self if not field.name.startswith(QUESTION_PREFIX) and field.name != "on_existing_family"
        ]

    def register_kwargs(self) -> dict:
        """The cleaned data as `referral_register` takes it: the answers by question id."""
        data = {name: value for name, value in self.cleaned_data.items() if not name.startswith(QUESTION_PREFIX)}
        data["referral_answers"] = {
            int(name.removeprefix(QUESTION_PREFIX)): value
            for name, value in self.cleaned_data.items()
            if name.startswith(QUESTION_PREFIX)
        }
        return data


class PersonForm(forms.Form):
    """One parent or child of the referral. The error summary names the person ("Forælder 1: …",
    `summary_label`, set by the formset) and, for fields whose message does not, the field."""

    summary_label = ""
    summary_named_fields: frozenset[str] = frozenset()


class GuardianForm(PersonForm):
    summary_named_fields = frozenset({"name", "relation", "has_custody"})

    name = forms.CharField(label=_("Name"), max_length=150, error_messages={"required": _("Write the parent's name.")})
    # No preselected relation or custody: each is chosen for each parent (they feed the
    # evaluation's figures and who must consent).
    relation = forms.ChoiceField(
        label=_("Relation to the child"),
        choices=Guardian.Relation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the parent's relation to the child.")},
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    has_custody = forms.TypedChoiceField(
        label=_("Has custody"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the parent has custody.")},
    )

    def clean(self):
        cleaned = super().clean()
        # Once the relation is chosen, the missing name is "mors navn" or "fars navn".
        missing_name = "name" in self.errors and self.has_error("name", code="required")
        by_relation = {
            Guardian.Relation.MOTHER: _("Write the mother's name."),
            Guardian.Relation.FATHER: _("Write the father's name."),
        }
        if missing_name and cleaned.get("relation") in by_relation:
            self.errors["name"] = self.error_class([by_relation[cleaned["relation"]]])
        return cleaned

    def clean_phone(self) -> str:
        """The guardian pages' rule (`families.services.phone_normalise`), shown beside this parent's field."""
        try:
            return phone_normalise(self.cleaned_data["phone"])
        except DomainError as error:
            raise forms.ValidationError(error.message) from None


class ChildForm(PersonForm):
    summary_named_fields = frozenset({"name"})

    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        help_text=_("Write “Ufødt barn” if the child is not yet born."),
        error_messages={"required": _("Write the child's name, or “Ufødt barn”.")},
    )
    birth_date = DateField(label=_("Birth date"), required=False)
    expected_due_date = DateField(
        label=_("Expected due date"),
        required=False,
        help_text=_("When the referral comes during pregnancy."),
    )
    cpr = forms.CharField(
        label=_("CPR number"),
        max_length=11,
        required=False,
        help_text=_("10 digits. Stored encrypted and shown as DDMMÅÅ-XXXX."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    daycare = forms.ModelChoiceField(label=_("Daycare"), queryset=None, required=False)
    attends_daycare = forms.BooleanField(label=_("Attends the daycare"), required=False)
    sex = forms.ChoiceField(
        label=_("Sex"),
        choices=ChildSex.choices,
        required=False,  # a list, not radio buttons: the referral form ticks nothing for the user
        help_text=_("Optional. Sex-specific SDQ norms apply when it is stated."),
    )

    def __init__(self, *args, daycares, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["daycare"].queryset = daycares
        self.fields["daycare"].empty_label = _("No daycare")


class BasePersonFormSet(forms.BaseFormSet):
    person_label = ""  # "Parent %(n)s", as the form's heading on the page

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.summary_label = self.person_label % {"n": i + 1}
        return form


class BaseGuardianFormSet(BasePersonFormSet):
    default_error_messages = {
        "too_few_forms": _("Add at least one parent or guardian."),
        "too_many_forms": _("A referral has at most %(num)d parents or guardians."),
    }
    person_label = _("Parent %(n)s")


class BaseChildFormSet(BasePersonFormSet):
    default_error_messages = {
        "too_few_forms": _("Add at least one child in the target group."),
        "too_many_forms": _("A referral has at most %(num)d children."),
    }
    person_label = _("Child %(n)s")


# absolute_max: a posted form count beyond it is refused, and no more forms are built. Django's
# default (max_num + 1000) let "guardians-TOTAL_FORMS=2147483648" build and render 1,004 forms,
# a minute of the server's time for one request.
GuardianFormSet = forms.formset_factory(
    GuardianForm, formset=BaseGuardianFormSet, extra=1, max_num=4, absolute_max=4, min_num=1, validate_min=True
)
ChildFormSet = forms.formset_factory(
    ChildForm, formset=BaseChildFormSet, extra=0, max_num=6, absolute_max=6, min_num=1, validate_min=True
)
