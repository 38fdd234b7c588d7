from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from courses.selectors import course_get_for_user_or_404
from hjemmepaed.access import roles_required
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError, domain_error_to_form
from hjemmepaed.organisation.models import Role
from sdq import selectors, services
from sdq.access import COURSE_STAFF, NORM_SET_LOADERS
from sdq.forms import MeasurementForm, NormSetChoiceForm, NormSetImportForm, initial_for
from sdq.norm_csv import COLUMNS


def _save(request, form, call) -> bool:
    """Validate, call the one service, turn a broken rule into a form error."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        call(acting_user=request.user, **form.service_arguments())
    except DomainError as error:
        domain_error_to_form(form, error)
        return False
    messages.success(request, _("The SDQ measurement has been saved."))
    return True


def _audit_view(request, *, course, object_type: str, object_id, subject) -> None:
    """The form shows the family's children and, when editing, a child's answers: on opening it
    and when it is shown again after a refused post."""
    audit_event_record(
        actor=request.user,
        action=Action.VIEW,
        object_type=object_type,
        object_id=object_id,
        subject=subject,
        municipality=course.municipality,
    )


@roles_required(*COURSE_STAFF)
def measurement_create(request, pk: int):
    course = course_get_for_user_or_404(user=request.user, pk=pk)
    form = MeasurementForm(request.POST or None, course=course)
    if _save(request, form, lambda **kwargs: services.measurement_record(course=course, **kwargs)):
        return redirect("course_detail", pk=course.pk)
    _audit_view(request, course=course, object_type="course", object_id=course.pk, subject=course.family)
    return render(request, "sdq/measurement_form.html", {"form": form, "course": course})


@roles_required(*COURSE_STAFF)
def measurement_update(request, pk: int, measurement_pk: int):
    measurement = selectors.measurement_get_for_user_or_404(user=request.user, course_pk=pk, pk=measurement_pk)
    course = measurement.course
    form = MeasurementForm(request.POST or None, course=course, initial=initial_for(measurement))
    if _save(request, form, lambda **kwargs: services.measurement_update(measurement=measurement, **kwargs)):
        return redirect("course_detail", pk=course.pk)
    _audit_view(
        request, course=course, object_type="sdq_measurement", object_id=measurement.pk, subject=measurement.child
    )
    return render(request, "sdq/measurement_form.html", {"form": form, "course": course, "measurement": measurement})


@roles_required(Role.COORDINATOR)
def norm_set_choose(request):
    current = selectors.norm_set_for_municipality(municipality_id=request.user.municipality_id)
    norm_sets = selectors.norm_set_list_visible_to(user=request.user)
    form = NormSetChoiceForm(request.POST or None, initial={"norm_set": current}, norm_sets=norm_sets)
    if request.method == "POST" and form.is_valid():
        try:
            services.municipality_norm_set_choose(acting_user=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The municipality's norm set has been saved."))
            return redirect("sdq_norm_set_choose")
    context = {"form": form, "current": current, "norm_sets": norm_sets}
    return render(request, "sdq/norm_set_form.html", context)


@roles_required(*NORM_SET_LOADERS)
def norm_set_import(request):
    form = NormSetImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            norm_set = services.norm_set_import(acting_user=request.user, **form.service_arguments())
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(request, _("The norm set “%(name)s” is loaded.") % {"name": norm_set.name})
            return redirect("sdq_norm_set_choose" if request.user.is_coordinator else "sdq_norm_set_import")
    context = {"form": form, "columns": COLUMNS, "norm_sets": selectors.norm_set_list_visible_to(user=request.user)}
    return render(request, "sdq/norm_set_import.html", context)
