"""The pages a home educator's phone keeps for logging visits without a connection
(hjemmepaed/offline.py, static/js/offline.js)."""

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from courses import selectors
from courses.selectors_offline import offline_course_list
from hjemmepaed.access import roles_required
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.offline import offline_allowed
from hjemmepaed.organisation.models import Role


@roles_required(Role.HOME_EDUCATOR)
def offline_courses(request):
    """Mine forløb without a connection: the running courses and their visit forms, and the
    visits waiting to be sent (drawn by offline.js)."""
    if not offline_allowed(request.user):
        raise Http404
    rows = selectors.course_rows(courses=offline_course_list(user=request.user))
    audit_event_record(actor=request.user, action=Action.VIEW, object_type="offline_course_list")
    return render(request, "courses/offline_courses.html", {"rows": rows})


@roles_required(Role.HOME_EDUCATOR)
@never_cache
def offline_pages(request):
    """The pages the service worker keeps: the offline page and each running course's visit
    form. None when the municipality has switched offline use off (the worker then empties its
    cache)."""
    if not offline_allowed(request.user):
        return JsonResponse({"pages": []})
    courses = offline_course_list(user=request.user).values_list("pk", flat=True)
    pages = [reverse("offline_courses"), *(reverse("visit_create", args=[pk]) for pk in courses)]
    return JsonResponse({"pages": pages})
