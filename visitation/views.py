from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.selectors import course_get_for_user_or_404, course_list_visible_to
from families.selectors import guardians_current
from hjemmepaed.access import roles_required
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError, domain_error_to_form
from hjemmepaed.formkeys import form_key_repeated
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.selectors import daycare_list_visible_to, educator_list_for_municipality
from hjemmepaed.ui.pagination import page_of
from visitation import selectors, services
from visitation.access import REFERRAL_REGISTRARS, daycare_statement_asked
from visitation.forms import ChildFormSet, Decision, DecisionForm, GuardianFormSet, ReferralForm
from visitation.selectors import referral_questions_asked
from visitation.selectors_statements import daycare_statements_for_course
from visitation.services import ChildData, GuardianData
from visitation.services.intake_rules import intake_variant

DECISIONS = {
    Decision.APPROVE: lambda d, **kw: services.referral_approve(
        decided_on=d["decided_on"],
        primary_educator=d["primary_educator"],
        second_educator=d["second_educator"],
        justification=d["justification"],
        version=d["version"],
        **kw,
    ),
    Decision.WAITLIST: lambda d, **kw: services.referral_waitlist(
        placed_on=d["decided_on"], position=d["position"], justification=d["justification"], version=d["version"], **kw
    ),
    Decision.REJECT: lambda d, **kw: services.referral_reject(
        decided_on=d["decided_on"], reason=d["reason"], version=d["version"], **kw
    ),
    Decision.WITHDRAW: lambda d, **kw: services.referral_withdraw(reason=d["reason"], version=d["version"], **kw),
}


# The decisions the visitation takes part in (an approval, to the course or the waiting list).
PARTICIPATING = (Decision.APPROVE, Decision.WAITLIST)

INTAKE_PER_PAGE = 50


@roles_required(Role.COORDINATOR)
def intake_queue(request):
    referred = page_of(request, selectors.intake_referred(user=request.user), per_page=INTAKE_PER_PAGE)
    waiting = page_of(
        request, selectors.intake_waiting(user=request.user), per_page=INTAKE_PER_PAGE, parameter="venteliste_side"
    )
    audit_event_record(actor=request.user, action=Action.VIEW, object_type="intake_queue")
    referred_rows, waiting_rows = selectors.intake_rows(referred.object_list, waiting.object_list)
    context = {"referred": referred_rows, "referred_page": referred, "waiting": waiting_rows, "waiting_page": waiting}
    return render(request, "visitation/intake_queue.html", context)


@roles_required(Role.COORDINATOR)
def referral_decide(request, pk: int):
    course = course_get_for_user_or_404(user=request.user, pk=pk)
    variant = intake_variant(municipality=course.municipality)
    statements = daycare_statements_for_course(course=course)
    form = DecisionForm(
        request.POST or None,
        educators=educator_list_for_municipality(user=request.user),
        variant=variant,
        daycare_statements=statements,
        initial={"version": course.version},
    )
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        participation = form.participation() if decision in PARTICIPATING else {}
        try:
            DECISIONS[decision](form.cleaned_data, acting_user=request.user, course=course, **participation)
        except DomainError as error:
            form.domain_error_add(error, course=course)
        else:
            messages.success(request, _("The decision has been saved."))
            return redirect("intake_queue")
    audit_event_record(
        actor=request.user,
        action=Action.VIEW,
        object_type="referral",
        object_id=course.pk,
        subject=course.family,
        municipality=course.municipality,
    )
    warnings = selectors.referral_third_birthday_warnings(course=course, expected_start=timezone.localdate())
    context = {
        "form": form,
        "course": course,
        "referral": course.referral,
        "third_birthday_warnings": warnings,
        "statement_asked": daycare_statement_asked(variant=variant),
        "daycare_statements": statements,
        "guardians": guardians_current(family=course.family),  # a parent who left is history
    }
    return render(request, "visitation/decide.html", context)


def _registered_redirect(request, course, *, repeated: bool):
    """To the course when the user may open it (a coordinator); a home educator not (yet) assigned
    lands on her own list with the course number, for the coordinator decides the intake. The same
    form sent again lands on the same page and says so."""
    if course_list_visible_to(user=request.user).filter(pk=course.pk).exists():
        messages.success(
            request, _("The referral was already registered.") if repeated else _("The referral has been registered.")
        )
        return redirect("course_detail", pk=course.pk)
    if repeated:
        messages.success(request, _("The referral was already registered."))
    else:
        messages.success(
            request,
            _("The referral has been registered as course no. %(number)s. The coordinator decides the intake.")
            % {"number": course.pk},
        )
    return redirect("my_courses")


def _courses_of(user, family) -> list | None:
    """The courses of a family found by its child's CPR number that the user may open (a
    coordinator all of them); None when no family was found."""
    if family is None:
        return None
    return list(course_list_visible_to(user=user).filter(family=family).order_by("pk"))


@roles_required(*REFERRAL_REGISTRARS)
def referral_create(request):
    data = request.POST or None
    daycares = daycare_list_visible_to(user=request.user).filter(is_active=True)
    form = ReferralForm(
        data,
        municipality_id=request.user.municipality_id,
        questions=referral_questions_asked(municipality=request.user.municipality),
        variant=intake_variant(municipality=request.user.municipality),
        educators=educator_list_for_municipality(user=request.user),
    )
    guardians = GuardianFormSet(data, prefix="guardians")
    children = ChildFormSet(data, prefix="children", form_kwargs={"daycares": daycares})
    existing = None
    if request.method == "POST" and all([form.is_valid(), guardians.is_valid(), children.is_valid()]):
        try:
            course = services.referral_register(
                acting_user=request.user,
                guardians=[GuardianData(**f.cleaned_data) for f in guardians if f.cleaned_data],
                children=[ChildData(**f.cleaned_data) for f in children if f.cleaned_data],
                **form.register_kwargs(),
            )
        except DomainError as error:
            domain_error_to_form(form, error)
            existing = getattr(error, "family", None)
        else:
            return _registered_redirect(request, course, repeated=form_key_repeated(course))
    context = {
        "existing_family_courses": _courses_of(request.user, existing),
        "form": form,
        "guardians": guardians,
        "children": children,
        "all_forms": [form, guardians, children],
        "formset_errors": [*guardians.non_form_errors(), *children.non_form_errors()],
    }
    return render(request, "visitation/referral_form.html", context)
