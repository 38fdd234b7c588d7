"""The family's changes on the course page: add or remove a parent, change custody, a parent's
contact details, the language and household (`families.services.guardians`).

Each page stands under the course and its gate; a parent who left the family is history and has
no pages (404). Opening a page that shows a recorded parent or the family writes a view event,
as does showing it again after a refused save; a save writes the service's event instead.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from courses.selectors import course_get_for_user_or_404
from families import services as family_services
from families.access import CONSENT_WRITERS
from families.forms import (
    FamilyHouseholdForm,
    GuardianAddForm,
    GuardianContactFields,
    GuardianCustodyForm,
    GuardianRemoveForm,
)
from families.selectors import guardians_current
from hjemmepaed.access import roles_required
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError, domain_error_to_form
from hjemmepaed.formkeys import form_key_repeated

TEMPLATE = "courses/family_change_form.html"


def _family_on_course(course) -> str:
    return reverse("course_detail", args=[course.pk]) + "#familie"


def _guardian(request, pk: int, guardian_pk: int):
    course = course_get_for_user_or_404(user=request.user, pk=pk)
    return course, get_object_or_404(guardians_current(family=course.family), pk=guardian_pk)


def _audit_view(request, course, *, object_type: str, subject) -> None:
    audit_event_record(
        actor=request.user,
        action=Action.VIEW,
        object_type=object_type,
        object_id=subject.pk,
        subject=subject,
        municipality=course.municipality,
    )


def _save(request, form, course, service, success: str, **arguments):
    """Validate, call the service, and redirect with `success`; or None: the form shows again."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = service(acting_user=request.user, course=course, **arguments, **form.cleaned_data)
    except DomainError as error:
        domain_error_to_form(form, error)
        return None
    messages.success(request, _("It was already saved.") if form_key_repeated(result) else success)
    return redirect(_family_on_course(course))


def _page(request, course, form, *, title: str, guardian=None, intro: str = ""):
    context = {"course": course, "form": form, "title": title, "guardian": guardian, "intro": intro}
    return render(request, TEMPLATE, context)


@roles_required(*CONSENT_WRITERS)
def guardian_add(request, pk: int):
    """An empty form (no event on opening); the service's event names the new parent."""
    course = course_get_for_user_or_404(user=request.user, pk=pk)
    form = GuardianAddForm(request.POST or None)
    saved = _save(request, form, course, family_services.guardian_add, _("The parent has been added."))
    intro = _("A parent with custody must consent before information is shared again.")
    return saved or _page(request, course, form, title=_("Add a parent"), intro=intro)


@roles_required(*CONSENT_WRITERS)
def guardian_contact(request, pk: int, guardian_pk: int):
    course, guardian = _guardian(request, pk, guardian_pk)
    initial = {"phone": guardian.phone, "email": guardian.email}
    form = GuardianContactFields(request.POST or None, initial=initial)
    service = family_services.guardian_contact_update
    saved = _save(request, form, course, service, _("The contact details have been saved."), guardian=guardian)
    if saved:
        return saved
    _audit_view(request, course, object_type="guardian", subject=guardian)
    return _page(request, course, form, title=_("Contact details"), guardian=guardian)


@roles_required(*CONSENT_WRITERS)
def guardian_custody(request, pk: int, guardian_pk: int):
    course, guardian = _guardian(request, pk, guardian_pk)
    form = GuardianCustodyForm(request.POST or None)
    service = family_services.guardian_custody_change
    saved = _save(request, form, course, service, _("The custody has been changed."), guardian=guardian)
    if saved:
        return saved
    _audit_view(request, course, object_type="guardian", subject=guardian)
    intro = _(
        "Gaining custody: the parent must consent before information is shared again. Losing custody: the "
        "parent's consents end on the date and are kept as history."
    )
    return _page(request, course, form, title=_("Change custody"), guardian=guardian, intro=intro)


@roles_required(*CONSENT_WRITERS)
def guardian_remove(request, pk: int, guardian_pk: int):
    course, guardian = _guardian(request, pk, guardian_pk)
    form = GuardianRemoveForm(request.POST or None)
    service = family_services.guardian_remove
    saved = _save(request, form, course, service, _("The parent has been removed from the family."), guardian=guardian)
    if saved:
        return saved
    _audit_view(request, course, object_type="guardian", subject=guardian)
    intro = _(
        "The parent is kept as history, marked as having left the family. Their consents end on the date, "
        "and they receive no questionnaire."
    )
    return _page(request, course, form, title=_("Remove a parent"), guardian=guardian, intro=intro)


@roles_required(*CONSENT_WRITERS)
def family_household(request, pk: int):
    course = course_get_for_user_or_404(user=request.user, pk=pk)
    form = FamilyHouseholdForm(request.POST or None, initial=FamilyHouseholdForm.initial_for(course.family))
    service = family_services.family_household_update
    saved = _save(request, form, course, service, _("The language and household have been saved."))
    if saved:
        return saved
    _audit_view(request, course, object_type="family", subject=course.family)
    return _page(request, course, form, title=_("Language and household"))
