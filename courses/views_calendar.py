"""The educator's calendar link: her page to make, see and stop it, and the feed it opens."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from courses import calendar, services
from courses.forms_planning import CalendarFeedCreateForm, CalendarFeedRevokeForm
from hjemmepaed.access import public, roles_required
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError, domain_error_to_form
from hjemmepaed.formkeys import form_key_repeated
from hjemmepaed.organisation.models import Role
from hjemmepaed.ratelimits import calendar_feed_limited, too_many_attempts

_NEW_TOKEN = "calendar_feed_new_token"


def _create(request, form) -> str | None:
    """The new feed's token, or None when the form or the service refused."""
    if not form.is_valid():
        return None
    try:
        feed = services.calendar_feed_create(acting_user=request.user, **form.cleaned_data)
    except DomainError as error:
        domain_error_to_form(form, error)
        return None
    if form_key_repeated(feed):
        messages.info(request, _("The calendar link was already made. Make a new one to see its address again."))
        return None
    return feed.token


@roles_required(Role.HOME_EDUCATOR)
def calendar_feed_settings(request):
    create_form, revoke_form = CalendarFeedCreateForm(), CalendarFeedRevokeForm()
    if request.method == "POST" and request.POST.get("action") == "revoke":
        revoke_form = CalendarFeedRevokeForm(request.POST)
        try:
            services.calendar_feed_revoke(acting_user=request.user)
        except DomainError as error:
            domain_error_to_form(revoke_form, error)
        else:
            messages.success(request, _("The calendar link has been stopped. It shows nothing any more."))
            return redirect("calendar_feed_settings")
    elif request.method == "POST":
        create_form = CalendarFeedCreateForm(request.POST)
        if (token := _create(request, create_form)) is not None:
            request.session[_NEW_TOKEN] = token  # shown once, on the page this redirects to
            return redirect("calendar_feed_settings")
    token = request.session.pop(_NEW_TOKEN, None)
    context = {
        "feed": calendar.calendar_feed_active_for(user=request.user),
        "feed_url": request.build_absolute_uri(reverse("calendar_feed", args=[token])) if token else None,
        "create_form": create_form,
        "revoke_form": revoke_form,
    }
    response = render(request, "courses/calendar_feed_settings.html", context)
    patch_cache_control(response, no_store=True, private=True)
    return response


@public
def calendar_feed(request, token: str):
    """The feed itself, opened by a calendar program: the token is the key (unknown or revoked: 404)."""
    if calendar_feed_limited(request):
        return too_many_attempts(request)
    feed = calendar.calendar_feed_for_token(token=token)
    if feed is None:
        raise Http404
    audit_event_record(actor=feed.user, action=Action.VIEW, object_type="calendar_feed", object_id=feed.pk)
    response = HttpResponse(calendar.calendar_for(user=feed.user), content_type="text/calendar; charset=utf-8")
    patch_cache_control(response, no_store=True, private=True)
    return response
