"""The settings page of the municipality's model: its manager records versions and edits the
local referral questions, its coordinators read them."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hjemmepaed.access import roles_required
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError, domain_error_to_form
from hjemmepaed.organisation.services import municipality_offline_use_set
from hjemmepaed.variants import selectors, services
from hjemmepaed.variants.access import VARIANT_CHANGERS, VARIANT_READERS, variant_may_change
from hjemmepaed.variants.forms import OfflineUseForm, PresetChoiceForm, ReferralQuestionForm, VariantForm
from hjemmepaed.variants.models import Preset
from hjemmepaed.variants.presets import PRESETS


def _variant_form(request, *, in_force, data=None):
    """The new version's form, pre-filled from the version in force or from a chosen preset."""
    municipality = request.user.municipality
    choice = PresetChoiceForm(request.GET or None, auto_id="choose_%s")
    preset = choice.cleaned_data["preset"] if choice.is_valid() else ""
    if preset:
        initial = dict(PRESETS[preset])
        team = []
    else:
        initial = {name: getattr(in_force, name) for name in services.SETTING_NAMES}
        team = list(in_force.team_members.all()) if in_force.pk else []
    initial.update(valid_from=timezone.localdate(), team_members=team)
    candidates = selectors.variant_team_candidates(municipality=municipality)
    return VariantForm(data, initial=initial, team_candidates=candidates), choice


def _page(request, *, variant_form=None, question_form=None):
    municipality = request.user.municipality
    overview = selectors.variant_overview(municipality=municipality)
    form, choice = _variant_form(request, in_force=overview["in_force"])
    audit_event_record(actor=request.user, action=Action.VIEW, object_type="variant_settings")
    context = {
        "municipality": municipality,
        **overview,
        "may_change": variant_may_change(user=request.user, municipality=municipality),
        "variant_form": variant_form or form,
        "based_on": dict(Preset.choices).get((variant_form or form)["preset"].value(), ""),
        "preset_form": choice,
        "questions": selectors.referral_questions_for(municipality=municipality, active_only=False),
        "question_form": question_form or ReferralQuestionForm(),
        "offline_form": OfflineUseForm(initial={"offline_use": municipality.offline_use}),
    }
    return render(request, "variants/settings.html", context)


@roles_required(*VARIANT_READERS)
def variant_settings(request):
    return _page(request)


@roles_required(*VARIANT_CHANGERS)
@require_POST
def variant_create(request):
    candidates = selectors.variant_team_candidates(municipality=request.user.municipality)
    form = VariantForm(request.POST, team_candidates=candidates)
    if form.is_valid():
        try:
            services.variant_record(
                acting_user=request.user, municipality=request.user.municipality, **form.cleaned_data
            )
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(request, _("The new version of the model has been recorded."))
            return redirect("variant_settings")
    return _page(request, variant_form=form)


@roles_required(*VARIANT_CHANGERS)
@require_POST
def referral_question_create(request):
    form = ReferralQuestionForm(request.POST)
    if form.is_valid():
        try:
            services.referral_question_add(
                acting_user=request.user, municipality=request.user.municipality, text=form.cleaned_data["text"]
            )
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(request, _("The question has been added."))
            return redirect("variant_settings")
    return _page(request, question_form=form)


@roles_required(*VARIANT_CHANGERS)
@require_POST
def referral_question_update(request, pk: int):
    """Reword, stop asking, or move the question one place up (the button pressed says which)."""
    question = selectors.referral_question_get_for_user_or_404(user=request.user, pk=pk)
    action = request.POST.get("action", "reword")
    try:
        if action == "deactivate":
            services.referral_question_deactivate(acting_user=request.user, question=question)
        elif action == "up":
            ids = [
                q.pk for q in selectors.referral_questions_for(municipality=question.municipality, active_only=False)
            ]
            order = services.referral_question_ids_moved_up(question_ids=ids, question_id=question.pk)
            services.referral_question_order(
                acting_user=request.user, municipality=question.municipality, question_ids=order
            )
        else:
            services.referral_question_reword(
                acting_user=request.user, question=question, text=request.POST.get("text", "")
            )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The question has been saved."))
    return redirect("variant_settings")


@roles_required(*VARIANT_CHANGERS)
@require_POST
def offline_use_set(request):
    """Switch the home educators' offline visit logging on or off (docs/security.md)."""
    form = OfflineUseForm(request.POST)
    form.is_valid()  # a checkbox: unchecked is off, never an error
    try:
        municipality_offline_use_set(
            acting_user=request.user,
            municipality=request.user.municipality,
            allowed=form.cleaned_data.get("offline_use", False),
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The setting for logging visits offline has been saved."))
    return redirect("variant_settings")
