"""A password alone opens nothing: a logged-in staff member must pass the second factor first.

Runs after django-otp's `OTPMiddleware`, which tells whether the session was verified with one
of the user's devices (`request.user.is_verified()`). Until it was, every view answers with a
redirect to the second-factor step: the code from the authenticator app, or setting the app up
when the user has none. Open are only the public views (logout, the language switch, the health
check, the login page itself and a parent's questionnaire, which need no login at all) and the
second-factor steps (views marked with `second_factor_step`). The Django admin's own check
(`hjemmepaed.admin`) asks for a verified session too.

A session that had passed the second factor and lost it (a coordinator reset the user's app:
the device is gone) is logged out, so a stolen session cannot set up an app of its own.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from hjemmepaed.access import PUBLIC
from hjemmepaed.organisation.selectors import second_factor_confirmed

# Set by single sign-on's callback (`views_sso`): the origin of the provider's logout.
LOGOUT_ORIGIN_KEY = "hjemmepaed_sso_logout_origin"
# Set in the session when it passes the second factor (see `views._mark_verified`).
PASSED_KEY = "hjemmepaed_second_factor_passed"


def second_factor_step(view):
    """Marks a view a logged-in user may open before passing the second factor."""
    view.second_factor_step = True
    return view


def _is_verified(user) -> bool:
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


class SecondFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or _is_verified(user):
            return None
        if request.session.get(PASSED_KEY):
            logout(request)
            messages.info(request, _("Your two-step verification has been reset. Please log in again."))
            return redirect(settings.LOGIN_URL)
        if getattr(view_func, "access", None) == PUBLIC:
            return None
        if getattr(view_func, "second_factor_step", False):
            return None
        step = "second_factor_verify" if second_factor_confirmed(user=user) else "second_factor_enrol"
        url = reverse(step)
        # Only a page can be opened again afterwards; a form post or a background request
        # (autosave, progress polling) is not repeated, so it gets the step without a way back.
        if request.method in ("GET", "HEAD"):
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)


class SingleSignOnLogoutMiddleware:
    """A session logged in through a municipality's identity provider: each page lets its
    logout form go on to the provider's logout. A browser checks a form's redirects against the
    Content Security Policy of the page the form is on (form-action), so the logout's own
    response cannot allow it. Listed after django-csp's middleware, whose response step runs
    after this one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        origin = session.get(LOGOUT_ORIGIN_KEY) if session is not None and session.session_key else None
        if origin:
            update = dict(getattr(response, "_csp_update", None) or {})
            update["form-action"] = [*update.get("form-action", []), origin]
            response._csp_update = update
        return response
