"""The parents' consents on the course page (record one, withdraw one in a single step), and a
family's data for a request of access."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.selectors import course_get_for_user_or_404
from families import selectors, services
from families.forms import ConsentRecordForm
from families.models import Consent
from hjemmepaed.access import roles_required
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError, domain_error_to_form
from hjemmepaed.organisation.models import Role
from hjemmepaed.pdf import PdfRenderTimeout

CONSENT_WRITERS = (Role.HOME_EDUCATOR, Role.COORDINATOR)


def _consents_on_course(course) -> str:
    return reverse("course_detail", args=[course.pk]) + "#samtykker"


@roles_required(*CONSENT_WRITERS)
def consent_record(request, pk: int, guardian_pk: int):
    course = course_get_for_user_or_404(user=request.user, pk=pk)
    guardian = get_object_or_404(course.family.guardians.all(), pk=guardian_pk)
    form = ConsentRecordForm(request.POST or None, scope=request.GET.get("omfang", ""))
    if request.method != "POST":
        audit_event_record(
            actor=request.user,
            action=Action.VIEW,
            object_type="consent_form",
            object_id=guardian.pk,
            subject=guardian,
            municipality=course.municipality,
        )
    elif form.is_valid():
        try:
            services.consent_record(
                acting_user=request.user, course=course, guardian=guardian, **form.service_arguments()
            )
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(request, _("The consent has been recorded."))
            return redirect(_consents_on_course(course))
    return render(request, "families/consent_form.html", {"form": form, "course": course, "guardian": guardian})


@roles_required(*CONSENT_WRITERS)
@require_POST
def consent_withdraw(request, pk: int, consent_pk: int):
    course = course_get_for_user_or_404(user=request.user, pk=pk)
    consent = get_object_or_404(
        Consent.objects.select_related("guardian").filter(guardian__family_id=course.family_id), pk=consent_pk
    )
    try:
        services.consent_withdraw(acting_user=request.user, course=course, consent=consent)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s's consent to “%(scope)s” has been withdrawn.")
            % {"name": consent.guardian.name, "scope": consent.get_scope_display()},
        )
    return redirect(_consents_on_course(course))


@roles_required(Role.COORDINATOR)
def family_export(request, pk: int, kind: str):
    """Download everything held about a family (request of access); coordinators only."""
    family = selectors.family_get_for_user_or_404(user=request.user, pk=pk)
    try:
        export = services.family_access_export(acting_user=request.user, family=family, kind=kind)
    except PdfRenderTimeout:
        messages.error(request, _("The PDF could not be made in time. Try again in a moment."))
        return redirect("home")
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["Cache-Control"] = "no-store"
    return response
