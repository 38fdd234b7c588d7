"""The parents' consents on the course page: record one, withdraw one in a single step.

The consents are the families app's; their pages sit under the course, so they live here, above
both the course gate and the families services they call.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.selectors import course_get_for_user_or_404
from families import services as family_services
from families.access import CONSENT_WRITERS
from families.forms import ConsentRecordForm
from families.models import Consent
from hjemmepaed.access import roles_required
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError, domain_error_to_form


def _consents_on_course(course) -> str:
    return reverse("course_detail", args=[course.pk]) + "#samtykker"


def _back_to(request, course) -> str:
    """The close page sends its parents here with `tilbage=afslut` and gets them back; a fixed
    word, never a URL, so nothing typed decides where the user lands."""
    if request.GET.get("tilbage") == "afslut":
        return reverse("course_close", args=[course.pk]) + "#spoergeskema"
    return _consents_on_course(course)


@roles_required(*CONSENT_WRITERS)
def consent_record(request, pk: int, guardian_pk: int):
    course = course_get_for_user_or_404(user=request.user, pk=pk)
    guardian = get_object_or_404(course.family.guardians.all(), pk=guardian_pk)
    form = ConsentRecordForm(request.POST or None, scope=request.GET.get("omfang", ""))
    if request.method == "POST" and form.is_valid():
        try:
            family_services.consent_record(
                acting_user=request.user, course=course, guardian=guardian, **form.service_arguments()
            )
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(request, _("The consent has been recorded."))
            return redirect(_back_to(request, course))
    # The form names the parent: opened, or shown again after a refused post.
    audit_event_record(
        actor=request.user,
        action=Action.VIEW,
        object_type="consent_form",
        object_id=guardian.pk,
        subject=guardian,
        municipality=course.municipality,
    )
    context = {"form": form, "course": course, "guardian": guardian, "back": _back_to(request, course)}
    return render(request, "families/consent_form.html", context)


@roles_required(*CONSENT_WRITERS)
@require_POST
def consent_withdraw(request, pk: int, consent_pk: int):
    course = course_get_for_user_or_404(user=request.user, pk=pk)
    consent = get_object_or_404(
        Consent.objects.select_related("guardian").filter(guardian__family_id=course.family_id), pk=consent_pk
    )
    try:
        family_services.consent_withdraw(acting_user=request.user, course=course, consent=consent)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s's consent to “%(scope)s” has been withdrawn.")
            % {"name": consent.guardian.name, "scope": consent.get_scope_display()},
        )
    return redirect(_consents_on_course(course))
