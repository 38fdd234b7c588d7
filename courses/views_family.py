"""The course page's changes to a child over time: the birth of an expected child, a dated
change of daycare and the child's sex. The writes are families' (`families.services.changes`); these views only
find the child through the course's gate."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from courses import selectors
from courses.access import COURSE_STAFF
from courses.forms_family import BirthForm, ChildSexForm, DaycareChangeForm
from families import services as family_services
from families.selectors import children_with_daycare_history
from hjemmepaed.access import roles_required
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError, domain_error_to_form
from hjemmepaed.formkeys import form_key_repeated
from hjemmepaed.organisation.selectors import daycare_list_visible_to


def _course_and_child(request, pk: int, child_pk: int):
    course = selectors.course_get_for_user_or_404(user=request.user, pk=pk)
    return course, get_object_or_404(course.family.children.select_related("daycare"), pk=child_pk)


def _audit_child_view(request, course, child) -> None:
    """The form names the child (and shows her daycares): a view of her data."""
    audit_event_record(
        actor=request.user,
        action=Action.VIEW,
        object_type="child",
        object_id=child.pk,
        subject=child,
        municipality=course.municipality,
    )


@roles_required(*COURSE_STAFF)
def child_birth_record(request, pk: int, child_pk: int):
    course, child = _course_and_child(request, pk, child_pk)
    form = BirthForm(request.POST or None, child=child)
    if request.method == "POST" and form.is_valid():
        try:
            child = family_services.child_birth_record(
                acting_user=request.user, course=course, child=child, **form.cleaned_data
            )
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            repeated = form_key_repeated(child)
            messages.success(request, _("The birth was already recorded.") if repeated else _("The birth is recorded."))
            return redirect("course_detail", pk=course.pk)
    _audit_child_view(request, course, child)
    return render(request, "courses/child_birth_form.html", {"form": form, "course": course, "child": child})


@roles_required(*COURSE_STAFF)
def child_daycare_change(request, pk: int, child_pk: int):
    course, child = _course_and_child(request, pk, child_pk)
    daycares = daycare_list_visible_to(user=request.user).filter(is_active=True)
    form = DaycareChangeForm(request.POST or None, daycares=daycares, child=child)
    if request.method == "POST" and form.is_valid():
        try:
            period = family_services.child_daycare_change(
                acting_user=request.user, course=course, child=child, **form.cleaned_data
            )
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            repeated = form_key_repeated(period)
            messages.success(
                request,
                _("The change of daycare was already recorded.")
                if repeated
                else _("The change of daycare is recorded."),
            )
            return redirect("course_detail", pk=course.pk)
    _audit_child_view(request, course, child)
    history = next(row for row in children_with_daycare_history(family=course.family) if row.pk == child.pk)
    context = {
        "form": form,
        "course": course,
        "child": child,
        "history": history.daycare_history,
        "daycare_since": history.daycare_since,
    }
    return render(request, "courses/child_daycare_form.html", context)


@roles_required(*COURSE_STAFF)
def child_sex_set(request, pk: int, child_pk: int):
    course, child = _course_and_child(request, pk, child_pk)
    form = ChildSexForm(request.POST or None, initial={"sex": child.sex})
    if request.method == "POST" and form.is_valid():
        try:
            family_services.child_sex_set(acting_user=request.user, course=course, child=child, **form.cleaned_data)
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(request, _("The child's sex is saved."))
            return redirect("course_detail", pk=course.pk)
    _audit_child_view(request, course, child)
    return render(request, "courses/child_sex_form.html", {"form": form, "course": course, "child": child})
