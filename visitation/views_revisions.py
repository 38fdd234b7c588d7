"""The coordinator's revision of a course's complexity and § 52 (visitation.services.referral_revise)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from courses.selectors import course_get_for_user_or_404
from hjemmepaed.access import roles_required
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError, domain_error_to_form
from hjemmepaed.organisation.models import Role
from visitation import services
from visitation.revision_forms import RevisionForm
from visitation.selectors import referral_current_assessment, referral_for_course


@roles_required(Role.COORDINATOR)
def referral_revise(request, pk: int):
    course = course_get_for_user_or_404(user=request.user, pk=pk)
    referral = referral_for_course(course=course)
    if referral is None:  # an imported course has no referral
        raise Http404
    complexity, section_52 = referral_current_assessment(referral=referral)
    form = RevisionForm(request.POST or None, complexity=complexity, section_52_decided=section_52)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_revise(acting_user=request.user, course=course, **form.cleaned_data)
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(request, _("The revision has been saved."))
            return redirect("course_detail", pk=course.pk)
    audit_event_record(  # the page shows the family's complexity and § 52
        actor=request.user,
        action=Action.VIEW,
        object_type="referral",
        object_id=referral.pk,
        subject=course.family,
        municipality=course.municipality,
    )
    context = {"form": form, "course": course, "referral": referral}
    return render(request, "visitation/revise.html", context)
